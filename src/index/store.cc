// Store::Open (which engine, the folder's checks and claim) and what every engine shares.
#include "index/store.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>

#include "index/store_internal.h"

namespace textrace {

std::string_view StoreEngineName(StoreEngine engine) {
  return engine == StoreEngine::kLmdb ? "lmdb" : "rocksdb";
}

bool StoreEngineBuilt(StoreEngine engine) {
#ifdef TEXTRACE_HAVE_ROCKSDB
  constexpr bool kRocksDbBuilt = true;
#else
  constexpr bool kRocksDbBuilt = false;
#endif
  return engine == StoreEngine::kLmdb || kRocksDbBuilt;
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

ReadTransaction::~ReadTransaction() = default;

Status ReadTransaction::ScanRange(Table table, std::string_view begin, std::string_view end,
                                  const ScanVisitor& visit) {
  const bool cached = table >= 0 && static_cast<size_t>(table) < scan_cursors_.size();
  StoreCursor* cursor = cached ? scan_cursors_[table].get() : nullptr;
  if (cursor == nullptr) {
    ASSIGN_OR_RETURN(std::unique_ptr<StoreCursor> made, NewCursor(table));  // checks `table`
    if (static_cast<size_t>(table) >= scan_cursors_.size()) scan_cursors_.resize(table + 1);
    cursor = made.get();
    scan_cursors_[table] = std::move(made);
  }
  RETURN_IF_ERROR(cursor->Seek(begin));
  while (cursor->Valid()) {
    const std::string_view key = cursor->key();
    if (!end.empty() && key >= end) break;
    if (!visit(key, cursor->value())) break;
    RETURN_IF_ERROR(cursor->Next());
  }
  return Status::Ok();
}

Status ReadTransaction::ScanPrefix(Table table, std::string_view prefix, const ScanVisitor& visit) {
  const std::string end = PrefixEnd(prefix);
  if (end.empty() && !prefix.empty()) {
    // All 0xff: every key from the prefix on that still starts with it.
    return ScanRange(table, prefix, "", [&](std::string_view key, std::string_view value) {
      return key.substr(0, prefix.size()) == prefix && visit(key, value);
    });
  }
  return ScanRange(table, prefix, end, visit);
}

namespace store_internal {
namespace {

// The stores this process has open, by the folder's device and inode, with the pid that opened
// them (a child after fork() has its parent's table, not its stores).
std::mutex open_folders_mu;
std::map<std::pair<dev_t, ino_t>, pid_t>& OpenFolders() {
  static auto* folders = new std::map<std::pair<dev_t, ino_t>, pid_t>();
  return *folders;
}

std::string ReadSmallFile(int fd) {
  char buf[64];
  const ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
  if (n <= 0) return "";
  std::string s(buf, n);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

StatusOr<std::unique_ptr<FolderClaim>> FolderClaim::Take(const std::string& dir, bool writable,
                                                         bool wait) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) return ErrnoError(dir, "reading the folder", errno);
  const std::pair<dev_t, ino_t> id(st.st_dev, st.st_ino);
  {
    std::lock_guard<std::mutex> lock(open_folders_mu);
    auto [it, inserted] = OpenFolders().emplace(id, getpid());
    if (!inserted) {
      if (it->second == getpid()) {
        return InvalidArgumentError(fmt::format(
            "{}: the store is open in this process already (share that Store: a process opens a "
            "store once)",
            dir));
      }
      it->second = getpid();
    }
  }
  auto release = [&] {
    std::lock_guard<std::mutex> lock(open_folders_mu);
    OpenFolders().erase(id);
  };
  int fd = -1;
  if (writable) {
    const std::string path = dir + "/" + kWriterLockFile;
    fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      const int err = errno;
      release();
      return ErrnoError(dir, "creating the writer lock " + path, err);
    }
    int rc;
    while ((rc = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR) {
    }
    if (rc != 0) {
      const int err = errno;
      const std::string holder = ReadSmallFile(fd);
      close(fd);
      release();
      if (err == EWOULDBLOCK) {
        return ResourceExhaustedError(fmt::format(
            "{}: another writer has the store open ({}); wait for it to finish, one writer at a "
            "time",
            dir, holder.empty() ? "a process" : "process " + holder));
      }
      return ErrnoError(dir, "locking " + path, err);
    }
    // Who holds it, for the message of the next writer to try (best effort: the lock is the flock).
    const std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
      // A full disk can refuse even this; the lock holds all the same.
    }
  }
  return std::unique_ptr<FolderClaim>(new FolderClaim(st.st_dev, st.st_ino, fd));
}

FolderClaim::~FolderClaim() {
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
  std::lock_guard<std::mutex> lock(open_folders_mu);
  OpenFolders().erase({dev_, ino_});
}

Status WriterGate::Enter(const std::string& dir) {
  std::unique_lock<std::mutex> lock(mu_);
  if (held_ && holder_ == std::this_thread::get_id()) {
    return InvalidArgumentError(fmt::format(
        "{}: this thread has a write transaction already (one at a time: commit or drop it)", dir));
  }
  free_.wait(lock, [&] { return !held_; });
  held_ = true;
  holder_ = std::this_thread::get_id();
  return Status::Ok();
}

void WriterGate::Leave() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = false;
    holder_ = std::thread::id();
  }
  free_.notify_one();
}

void CursorList::Remove(DetachableCursor* cursor) {
  for (size_t i = 0; i < live_.size(); ++i) {
    if (live_[i] == cursor) {
      live_[i] = live_.back();
      live_.pop_back();
      return;
    }
  }
}

void CursorList::DetachAll() {
  for (DetachableCursor* cursor : live_) cursor->Detach();
  live_.clear();
}

Status ErrnoError(const std::string& dir, std::string_view what, int err) {
  const char* text = std::strerror(err);
  switch (err) {
    case ENOSPC:
    case EDQUOT:
      return ResourceExhaustedError(
          fmt::format("{}: the disk is full: {} failed ({}); the store keeps its last commit", dir,
                      what, text));
    case EFBIG:
      return ResourceExhaustedError(fmt::format(
          "{}: a file would pass the size limit (ulimit -f or the file system's): {} failed ({}); "
          "the store keeps its last commit",
          dir, what, text));
    case EACCES:
    case EPERM:
      return IoError(fmt::format("{}: permission denied: {} failed ({})", dir, what, text));
    case EROFS:
      return IoError(fmt::format("{}: read-only file system: {} failed ({})", dir, what, text));
    case ENOMEM:
      return ResourceExhaustedError(fmt::format(
          "{}: out of memory or address space: {} failed ({}); with LMDB, a smaller map size "
          "or a larger `ulimit -v` helps",
          dir, what, text));
    default:
      return IoError(fmt::format("{}: {} failed ({})", dir, what, text));
  }
}

Status EndedError(const std::string& dir) {
  return InvalidArgumentError(
      fmt::format("{}: the transaction has ended (committed, failed or its store closed)", dir));
}

Status CheckKey(const std::string& dir, std::string_view key) {
  if (key.empty() || key.size() > kMaxKeySize) {
    return InvalidArgumentError(fmt::format("{}: a key of {} bytes (keys have 1 to {} bytes)", dir,
                                            key.size(), kMaxKeySize));
  }
  return Status::Ok();
}

Status CheckTable(const std::string& dir, Table table, size_t table_count) {
  if (table < 0 || static_cast<size_t>(table) >= table_count) {
    return InvalidArgumentError(
        fmt::format("{}: no table {} (the store was opened with {})", dir, table, table_count));
  }
  return Status::Ok();
}

Status ReadOnlyError(const std::string& dir) {
  return InvalidArgumentError(fmt::format("{}: the store is open read-only", dir));
}

Status CursorMovedError(const std::string& dir) {
  return InvalidArgumentError(fmt::format(
      "{}: the cursor's transaction wrote since the cursor's last Seek (Seek again)", dir));
}

StatusOr<uint64_t> FolderBytes(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return ErrnoError(dir, "listing the folder", errno);
  uint64_t total = 0;
  while (const dirent* entry = readdir(d)) {
    struct stat st;
    if (fstatat(dirfd(d), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<uint64_t>(st.st_blocks) * 512;
    }
  }
  closedir(d);
  return total;
}

#ifndef TEXTRACE_HAVE_ROCKSDB
StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(const std::string& dir, const StoreOptions&,
                                                  std::unique_ptr<FolderClaim>, bool) {
  return InternalError(dir + ": RocksDB is not in this build");  // Open checks first
}
#endif

}  // namespace store_internal

namespace {

using store_internal::ErrnoError;

// What the folder holds, by its files' names.
struct FolderContents {
  bool lmdb = false;     // data.mdb
  bool rocksdb = false;  // CURRENT
  std::string other;     // a file of neither (the first found), for the message
};

StatusOr<FolderContents> ListFolder(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return ErrnoError(dir, "listing the folder", errno);
  FolderContents contents;
  while (const dirent* entry = readdir(d)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == ".." || name == store_internal::kWriterLockFile) continue;
    if (name == "data.mdb") {
      contents.lmdb = true;
    } else if (name == "CURRENT") {
      contents.rocksdb = true;
    } else if (contents.other.empty() && name != "lock.mdb" && name != "lost+found") {
      contents.other = name;
    }
  }
  closedir(d);
  return contents;
}

Status CheckTableNames(const std::string& dir, const std::vector<std::string>& tables) {
  if (tables.empty() || tables.size() > 32) {
    return InvalidArgumentError(
        fmt::format("{}: a store has 1 to 32 tables, not {}", dir, tables.size()));
  }
  for (size_t i = 0; i < tables.size(); ++i) {
    const std::string& name = tables[i];
    bool good =
        !name.empty() && name.size() <= 64 && name[0] >= 'a' && name[0] <= 'z' && name != "default";
    for (char c : name) {
      good = good && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }
    if (!good) {
      return InvalidArgumentError(fmt::format(
          "{}: bad table name '{}' (lower-case letters, digits and _, a letter first, not "
          "'default')",
          dir, name));
    }
    for (size_t j = 0; j < i; ++j) {
      if (tables[j] == name) {
        return InvalidArgumentError(fmt::format("{}: table '{}' is listed twice", dir, name));
      }
    }
  }
  return Status::Ok();
}

// Which engine the folder's store has; `created` when it has none yet (writable only).
StatusOr<StoreEngine> FindEngine(const std::string& dir, const StoreOptions& options,
                                 bool* created) {
  ASSIGN_OR_RETURN(const FolderContents contents, ListFolder(dir));
  *created = false;
  if (contents.lmdb && contents.rocksdb) {
    return InvalidArgumentError(fmt::format(
        "{}: the folder holds the files of two stores (LMDB's data.mdb and RocksDB's CURRENT)",
        dir));
  }
  if (contents.lmdb) return StoreEngine::kLmdb;
  if (contents.rocksdb) return StoreEngine::kRocksDb;
  if (!contents.other.empty()) {
    return InvalidArgumentError(fmt::format(
        "{}: the folder is not a store (it holds '{}'); a store needs a folder of its own", dir,
        contents.other));
  }
  if (options.read_only) {
    return NotFoundError(fmt::format("{}: no store here (the folder is empty)", dir));
  }
  *created = true;
  return options.engine;
}

}  // namespace

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  if (dir.empty()) return InvalidArgumentError("store: no folder given");
  RETURN_IF_ERROR(CheckTableNames(dir, options.tables));
  if (!options.read_only) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return ErrnoError(dir, "creating the folder", ec.value());
  }
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return NotFoundError(fmt::format("{}: no store here (the folder does not exist)", dir));
    }
    return ErrnoError(dir, "reading the folder", errno);
  }
  if (!S_ISDIR(st.st_mode)) {
    return InvalidArgumentError(fmt::format("{}: not a folder (a store is a folder)", dir));
  }
  bool created = false;
  // Checked before the claim, so that a folder of other files gets no writer.lock; again after
  // it, since another writer may have made the store meanwhile.
  RETURN_IF_ERROR(FindEngine(dir, options, &created).status());
  ASSIGN_OR_RETURN(
      std::unique_ptr<store_internal::FolderClaim> claim,
      store_internal::FolderClaim::Take(dir, !options.read_only, options.wait_for_writer));
  ASSIGN_OR_RETURN(const StoreEngine engine, FindEngine(dir, options, &created));
  if (!StoreEngineBuilt(engine)) {
    return InvalidArgumentError(fmt::format(
        "{}: a {} store, and this textrace was built without {} (cmake -DTEXTRACE_ROCKSDB=ON)", dir,
        StoreEngineName(engine), StoreEngineName(engine)));
  }
  if (engine == StoreEngine::kLmdb) {
    return store_internal::OpenLmdbStore(dir, options, std::move(claim), created);
  }
  return store_internal::OpenRocksDbStore(dir, options, std::move(claim), created);
}

}  // namespace textrace
