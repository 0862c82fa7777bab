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

// Errors shared by every engine's transactions.
Status EndedError(const std::string& dir);
Status CheckKey(const std::string& dir, std::string_view key);
Status CheckTable(const std::string& dir, Table table, size_t table_count);
Status ReadOnlyError(const std::string& dir);
Status CursorMovedError(const std::string& dir);

// The transactions of every engine, around the engine's own transaction `Txn`, which has
//   StatusOr<bool> Get(Table, std::string_view key, std::string_view* value);
//   StatusOr<std::unique_ptr<StoreCursor>> NewCursor(Table);  (these two check the table)
//   Status Put(Table, std::string_view key, std::string_view value, bool append);
//       (a checked table and key; `append`: the key comes after every key of the table)
//   Status Delete(Table, std::string_view key);                        (a checked table and key)
//   Status Commit();  void Abort();  (each ends it; Abort again does nothing)
//   const std::string& dir() const;  size_t table_count() const;
template <typename Txn>
class EngineReadTransaction final : public ReadTransaction {
 public:
  template <typename... Args>
  explicit EngineReadTransaction(Args&&... args) : txn_(std::forward<Args>(args)...) {}
  StatusOr<bool> Get(Table table, std::string_view key, std::string_view* value) override {
    return txn_.Get(table, key, value);
  }
  StatusOr<std::unique_ptr<StoreCursor>> NewCursor(Table table) override {
    return txn_.NewCursor(table);
  }

 private:
  Txn txn_;
};

// The write transaction: refuses bad tables and keys, answers every call after a failure with
// that failure, and leaves the writer gate when it ends.
template <typename Txn>
class EngineWriteTransaction final : public WriteTransaction {
 public:
  template <typename... Args>
  explicit EngineWriteTransaction(WriterGate* gate, Args&&... args)
      : gate_(gate), txn_(std::forward<Args>(args)...) {}
  ~EngineWriteTransaction() override {
    txn_.Abort();
    gate_->Leave();
  }

  StatusOr<bool> Get(Table table, std::string_view key, std::string_view* value) override {
    if (!failed_.ok()) return failed_;
    return txn_.Get(table, key, value);
  }
  StatusOr<std::unique_ptr<StoreCursor>> NewCursor(Table table) override {
    if (!failed_.ok()) return failed_;
    return txn_.NewCursor(table);
  }
  Status Put(Table table, std::string_view key, std::string_view value) override {
    RETURN_IF_ERROR(Usable(table));
    RETURN_IF_ERROR(CheckKey(txn_.dir(), key));
    return Failed(txn_.Put(table, key, value, /*append=*/false));
  }
  Status Append(Table table, std::string_view key, std::string_view value) override {
    RETURN_IF_ERROR(Usable(table));
    RETURN_IF_ERROR(CheckKey(txn_.dir(), key));
    return Failed(txn_.Put(table, key, value, /*append=*/true));
  }
  Status Delete(Table table, std::string_view key) override {
    RETURN_IF_ERROR(Usable(table));
    if (key.empty() || key.size() > kMaxKeySize) return Status::Ok();  // cannot be there
    return Failed(txn_.Delete(table, key));
  }
  Status Commit() override {
    if (!failed_.ok()) return failed_;
    RETURN_IF_ERROR(Failed(txn_.Commit()));
    failed_ = EndedError(txn_.dir());
    return Status::Ok();
  }

 private:
  Status Usable(Table table) {
    if (!failed_.ok()) return failed_;
    return CheckTable(txn_.dir(), table, txn_.table_count());
  }
  // A transaction whose write failed is of no more use (LMDB's cannot go on): end it.
  Status Failed(Status status) {
    if (!status.ok()) {
      txn_.Abort();
      failed_ = status;
    }
    return status;
  }

  WriterGate* gate_;
  Txn txn_;
  Status failed_;  // not OK once the transaction has ended
};

inline Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}

// "DIR: WHAT failed: STRERROR", with the code and a hint by errno: a full disk or a file size limit
// (kResourceExhausted), permissions or a read-only file system (kIoError with a hint).
Status ErrnoError(const std::string& dir, std::string_view what, int err);
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
