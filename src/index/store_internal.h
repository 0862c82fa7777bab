// What the store's engines share: the folder claim (one Open per process, the writer lock), the
// in-process writer gate, cursor bookkeeping and error messages. Only store*.cc include it.
#ifndef TEXTRACE_INDEX_STORE_INTERNAL_H_
#define TEXTRACE_INDEX_STORE_INTERNAL_H_

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "index/store.h"
#include "textrace/status.h"

namespace textrace {
namespace store_internal {

inline constexpr char kWriterLockFile[] = "writer.lock";

// The folder, held by one Store: its entry in the process's table of open stores and, for a
// writable Store, the writer lock (an flock on `writer.lock`, released by the kernel however the
// process ends).
class FolderClaim {
 public:
  // Fails when this process has the folder open already, or (writable) another writer holds it
  // and `wait` is false.
  static StatusOr<std::unique_ptr<FolderClaim>> Take(const std::string& dir, bool writable,
                                                     bool wait);
  ~FolderClaim();
  FolderClaim(const FolderClaim&) = delete;
  FolderClaim& operator=(const FolderClaim&) = delete;

 private:
  FolderClaim(dev_t dev, ino_t ino, int lock_fd) : dev_(dev), ino_(ino), lock_fd_(lock_fd) {}
  dev_t dev_;
  ino_t ino_;
  int lock_fd_;  // -1 when read-only
};

// One write transaction at a time within a Store. Enter() waits while another thread holds it and
// fails when the calling thread does.
class WriterGate {
 public:
  Status Enter(const std::string& dir);
  void Leave();

 private:
  std::mutex mu_;
  std::condition_variable free_;
  bool held_ = false;
  std::thread::id holder_;
};

// A cursor its transaction can cut loose when the transaction ends first.
class DetachableCursor : public StoreCursor {
 public:
  // The transaction ends: release the engine's cursor; from now on the cursor is not Valid and
  // Seek fails.
  virtual void Detach() = 0;
};

// The cursors a transaction has handed out, and how many times it has written (a cursor from
// before the last write must Seek again).
class CursorList {
 public:
  void Add(DetachableCursor* cursor) { live_.push_back(cursor); }
  void Remove(DetachableCursor* cursor);
  void DetachAll();
  void Wrote() { ++writes_; }
  uint64_t writes() const { return writes_; }

 private:
  std::vector<DetachableCursor*> live_;
  uint64_t writes_ = 0;
};

inline Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}

// "DIR: WHAT failed: STRERROR", with the code and a hint by errno: a full disk or a file size limit
// (kResourceExhausted), permissions or a read-only file system (kIoError with a hint).
Status ErrnoError(const std::string& dir, std::string_view what, int err);
// Errors shared by every engine's transactions.
Status EndedError(const std::string& dir);
Status CheckKey(const std::string& dir, std::string_view key);
Status CheckTable(const std::string& dir, Table table, size_t table_count);
Status ReadOnlyError(const std::string& dir);
Status CursorMovedError(const std::string& dir);

// The allocated size of the folder's files (not recursing).
StatusOr<uint64_t> FolderBytes(const std::string& dir);

// The engines. `created`: the folder held no store (the engine makes one).
StatusOr<std::unique_ptr<Store>> OpenLmdbStore(const std::string& dir, const StoreOptions& options,
                                               std::unique_ptr<FolderClaim> claim, bool created);
StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(const std::string& dir,
                                                  const StoreOptions& options,
                                                  std::unique_ptr<FolderClaim> claim, bool created);

}  // namespace store_internal
}  // namespace textrace

#endif  // TEXTRACE_INDEX_STORE_INTERNAL_H_
