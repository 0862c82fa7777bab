// The store on LMDB: the folder holds data.mdb (a copy-on-write B+tree per table, memory-mapped)
// and lock.mdb (the reader table and the writer's mutex). A commit writes the new pages, syncs,
// then writes and syncs the meta page that points at them: a process killed at any moment leaves
// the old meta page or the new one, never a mix. Readers pin the pages of their snapshot; the
// writer reuses only pages no reader can see.
#include <fmt/format.h>
#include <lmdb.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "index/store_internal.h"

namespace textrace {
namespace store_internal {
namespace {

constexpr uint64_t kDefaultMapSize = uint64_t{1} << 40;  // 1 TiB of address space
constexpr unsigned kMaxTables = 64;                      // room for tables a later version adds
constexpr unsigned kMaxReaders = 510;                    // reader slots in lock.mdb

Status LmdbError(const std::string& dir, std::string_view what, int rc, size_t map_size = 0) {
  switch (rc) {
    case MDB_MAP_FULL:
      return ResourceExhaustedError(fmt::format(
          "{}: the store is full: LMDB's map of {} bytes is used up ({}); the store keeps its "
          "last commit: open it with a larger map size (StoreOptions::lmdb_map_size)",
          dir, map_size, what));
    case MDB_TXN_FULL:
      return ResourceExhaustedError(fmt::format(
          "{}: the transaction is too large for LMDB ({}): commit in smaller batches", dir, what));
    case MDB_READERS_FULL:
      return ResourceExhaustedError(
          fmt::format("{}: all {} reader slots are taken ({}): too many readers at once", dir,
                      kMaxReaders, what));
    case MDB_MAP_RESIZED:
      return ResourceExhaustedError(fmt::format(
          "{}: another process grew the store past this process's map ({}): open the store again",
          dir, what));
    case MDB_INVALID:
      return DataLossError(fmt::format("{}: data.mdb is not an LMDB store, or is damaged ({}: {})",
                                       dir, what, mdb_strerror(rc)));
    case MDB_VERSION_MISMATCH:
      return DataLossError(
          fmt::format("{}: the store was written by an LMDB of another format version ({}: {})",
                      dir, what, mdb_strerror(rc)));
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_PANIC:
    case MDB_BAD_TXN:
      return DataLossError(
          fmt::format("{}: the store is damaged ({}: {})", dir, what, mdb_strerror(rc)));
    case MDB_BAD_VALSIZE:
      return InvalidArgumentError(
          fmt::format("{}: a key or value of a bad size ({}: {})", dir, what, mdb_strerror(rc)));
    default:
      if (rc > 0) return ErrnoError(dir, what, rc);
      return IoError(fmt::format("{}: {} failed ({})", dir, what, mdb_strerror(rc)));
  }
}

// LMDB turns a short write into EIO, and a write that reaches a full disk or the file size limit
// is often short: tell the two apart by looking.
int WhyWriteFailed(const std::string& dir, int rc) {
  if (rc != EIO) return rc;
  struct statvfs fs;
  if (statvfs(dir.c_str(), &fs) == 0 &&
      static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < (uint64_t{1} << 20)) {
    return ENOSPC;
  }
  rlimit limit;
  struct stat st;
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      stat((dir + "/data.mdb").c_str(), &st) == 0 &&
      static_cast<uint64_t>(st.st_size) >= limit.rlim_cur) {
    return EFBIG;
  }
  return rc;
}

MDB_val Val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
std::string_view View(const MDB_val& v) {
  return std::string_view(static_cast<const char*>(v.mv_data), v.mv_size);
}

class LmdbStore;

// A transaction, read or write: `txn_` is null once it has ended.
// The `Txn` of EngineReadTransaction and EngineWriteTransaction (store_internal.h).
class LmdbTxn {
 public:
  LmdbTxn(LmdbStore* store, MDB_txn* txn) : store_(store), txn_(txn) {}
  ~LmdbTxn() { End(/*commit=*/false); }

  StatusOr<bool> Get(Table table, std::string_view key, std::string_view* value);
  StatusOr<std::unique_ptr<StoreCursor>> NewCursor(Table table);
  Status Put(Table table, std::string_view key, std::string_view value, bool append);
  Status Delete(Table table, std::string_view key);
  Status Commit();
  void Abort() { End(/*commit=*/false); }

  const std::string& dir() const;
  size_t table_count() const;
  LmdbStore* store() const { return store_; }
  CursorList& cursors() { return cursors_; }

 private:
  // Ends the transaction: commits or aborts; its cursors are closed first.
  int End(bool commit);

  LmdbStore* store_;
  MDB_txn* txn_;
  CursorList cursors_;
};

class LmdbStore final : public Store {
 public:
  LmdbStore(const std::string& dir, bool read_only, std::unique_ptr<FolderClaim> claim)
      : Store(dir, StoreEngine::kLmdb, read_only), claim_(std::move(claim)) {}
  ~LmdbStore() override {
    if (env_ != nullptr) mdb_env_close(env_);
  }

  Status Init(const StoreOptions& options);
  StatusOr<std::unique_ptr<ReadTransaction>> Read() override;
  StatusOr<std::unique_ptr<WriteTransaction>> Write() override;
  StatusOr<StoreStats> Stats() override;

  MDB_dbi dbi(Table table) const { return dbis_[table]; }
  size_t table_count() const { return dbis_.size(); }
  size_t map_size() const { return map_size_; }

 private:
  std::unique_ptr<FolderClaim> claim_;
  MDB_env* env_ = nullptr;
  std::vector<MDB_dbi> dbis_;
  size_t map_size_ = 0;
  WriterGate gate_;
};

class LmdbCursor final : public DetachableCursor {
 public:
  LmdbCursor(LmdbTxn* owner, MDB_cursor* cursor)
      : owner_(owner), cursor_(cursor), writes_(owner->cursors().writes()) {
    owner_->cursors().Add(this);
  }
  ~LmdbCursor() override {
    if (owner_ != nullptr) {
      owner_->cursors().Remove(this);
      mdb_cursor_close(cursor_);
    }
  }
  void Detach() override {
    mdb_cursor_close(cursor_);
    owner_ = nullptr;
    cursor_ = nullptr;
    valid_ = false;
  }

  Status Seek(std::string_view key) override {
    if (owner_ == nullptr) return EndedError(dir_);
    writes_ = owner_->cursors().writes();
    // LMDB seeks only to keys it could hold: an empty key is the first; a longer one is sought
    // by its first kMaxKeySize bytes, then passed.
    const std::string_view sought = key.substr(0, kMaxKeySize);
    MDB_val k = Val(sought);
    int rc = sought.empty() ? mdb_cursor_get(cursor_, &k, &value_, MDB_FIRST)
                            : mdb_cursor_get(cursor_, &k, &value_, MDB_SET_RANGE);
    RETURN_IF_ERROR(Moved(rc, k));
    while (valid_ && key.size() > kMaxKeySize && key_ < key) RETURN_IF_ERROR(Next());
    return Status::Ok();
  }
  Status Next() override {
    if (owner_ == nullptr) return EndedError(dir_);
    if (writes_ != owner_->cursors().writes()) return CursorMovedError(dir_);
    if (!valid_) return InvalidArgumentError(dir_ + ": Next() on a cursor past its last entry");
    MDB_val k;
    return Moved(mdb_cursor_get(cursor_, &k, &value_, MDB_NEXT), k);
  }
  bool Valid() const override { return valid_; }
  std::string_view key() const override { return key_; }
  std::string_view value() const override { return View(value_); }

 private:
  Status Moved(int rc, const MDB_val& k) {
    valid_ = rc == 0;
    if (rc == MDB_NOTFOUND) return Status::Ok();
    if (rc != 0) return LmdbError(dir_, "moving a cursor", rc);
    key_ = View(k);
    return Status::Ok();
  }

  LmdbTxn* owner_;
  MDB_cursor* cursor_;
  uint64_t writes_;
  std::string dir_ = owner_->store()->dir();
  bool valid_ = false;
  std::string_view key_;
  MDB_val value_{0, nullptr};
};

int LmdbTxn::End(bool commit) {
  if (txn_ == nullptr) return 0;
  cursors_.DetachAll();
  int rc = 0;
  if (commit) {
    rc = mdb_txn_commit(txn_);  // frees the transaction, committed or not
  } else {
    mdb_txn_abort(txn_);
  }
  txn_ = nullptr;
  return rc;
}

StatusOr<bool> LmdbTxn::Get(Table table, std::string_view key, std::string_view* value) {
  if (txn_ == nullptr) return EndedError(store_->dir());
  RETURN_IF_ERROR(CheckTable(store_->dir(), table, store_->table_count()));
  if (key.empty() || key.size() > kMaxKeySize) return false;  // no such key can be stored
  MDB_val k = Val(key);
  MDB_val v;
  const int rc = mdb_get(txn_, store_->dbi(table), &k, &v);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return LmdbError(store_->dir(), "reading a key", rc);
  *value = View(v);
  return true;
}

StatusOr<std::unique_ptr<StoreCursor>> LmdbTxn::NewCursor(Table table) {
  if (txn_ == nullptr) return EndedError(store_->dir());
  RETURN_IF_ERROR(CheckTable(store_->dir(), table, store_->table_count()));
  MDB_cursor* cursor = nullptr;
  const int rc = mdb_cursor_open(txn_, store_->dbi(table), &cursor);
  if (rc != 0) return LmdbError(store_->dir(), "opening a cursor", rc);
  return std::unique_ptr<StoreCursor>(new LmdbCursor(this, cursor));
}

Status LmdbTxn::Put(Table table, std::string_view key, std::string_view value, bool append) {
  cursors_.Wrote();
  MDB_val k = Val(key);
  MDB_val v = Val(value);
  const int rc = mdb_put(txn_, store_->dbi(table), &k, &v, append ? MDB_APPEND : 0);
  if (rc == MDB_KEYEXIST && append) {
    return Status(StatusCode::kInvalidArgument,
                  dir() + ": an appended key does not come after the table's last key");
  }
  if (rc != 0) return LmdbError(dir(), "writing a key", rc, store_->map_size());
  return Status::Ok();
}

Status LmdbTxn::Delete(Table table, std::string_view key) {
  cursors_.Wrote();
  MDB_val k = Val(key);
  const int rc = mdb_del(txn_, store_->dbi(table), &k, nullptr);
  if (rc == 0 || rc == MDB_NOTFOUND) return Status::Ok();
  return LmdbError(dir(), "deleting a key", rc, store_->map_size());
}

Status LmdbTxn::Commit() {
  if (txn_ == nullptr) return EndedError(dir());
  const int rc = End(/*commit=*/true);
  if (rc != 0) {
    return LmdbError(dir(), "committing", WhyWriteFailed(dir(), rc), store_->map_size());
  }
  return Status::Ok();
}

const std::string& LmdbTxn::dir() const { return store_->dir(); }
size_t LmdbTxn::table_count() const { return store_->table_count(); }

Status LmdbStore::Init(const StoreOptions& options) {
  int rc = mdb_env_create(&env_);
  if (rc != 0) return LmdbError(dir(), "creating the LMDB environment", rc);
  mdb_env_set_maxdbs(env_, kMaxTables);
  mdb_env_set_maxreaders(env_, kMaxReaders);
  if (!read_only()) {
    rc = mdb_env_set_mapsize(env_,
                             options.lmdb_map_size != 0 ? options.lmdb_map_size : kDefaultMapSize);
    if (rc != 0) return LmdbError(dir(), "setting the map size", rc);
  }
  // NOTLS: a read transaction is not tied to its thread's slot, so one thread may hold several.
  const unsigned flags = MDB_NOTLS | (read_only() ? MDB_RDONLY : 0);
  rc = mdb_env_open(env_, dir().c_str(), flags, 0644);
  if (rc != 0) return LmdbError(dir(), "opening the LMDB store", rc);
  MDB_envinfo info;
  mdb_env_info(env_, &info);
  map_size_ = info.me_mapsize;
  if (!read_only()) {
    int dead = 0;
    mdb_reader_check(env_, &dead);  // frees the slots of readers killed before they ended
  }

  MDB_txn* txn = nullptr;
  rc = mdb_txn_begin(env_, nullptr, read_only() ? MDB_RDONLY : 0, &txn);
  if (rc != 0) return LmdbError(dir(), "opening the tables", rc, map_size_);
  for (const std::string& name : options.tables) {
    MDB_dbi dbi;
    rc = mdb_dbi_open(txn, name.c_str(), read_only() ? 0 : MDB_CREATE, &dbi);
    if (rc != 0) {
      mdb_txn_abort(txn);
      if (rc == MDB_NOTFOUND) {
        return NotFoundError(
            fmt::format("{}: the store has no table '{}' (written by another version of textrace?)",
                        dir(), name));
      }
      return LmdbError(dir(), "opening table '" + name + "'", rc, map_size_);
    }
    dbis_.push_back(dbi);
  }
  rc = mdb_txn_commit(txn);
  if (rc != 0) return LmdbError(dir(), "creating the tables", rc, map_size_);
  return Status::Ok();
}

StatusOr<std::unique_ptr<ReadTransaction>> LmdbStore::Read() {
  MDB_txn* txn = nullptr;
  const int rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn);
  if (rc != 0) return LmdbError(dir(), "beginning a read transaction", rc);
  return std::unique_ptr<ReadTransaction>(new EngineReadTransaction<LmdbTxn>(this, txn));
}

StatusOr<std::unique_ptr<WriteTransaction>> LmdbStore::Write() {
  if (read_only()) return ReadOnlyError(dir());
  RETURN_IF_ERROR(gate_.Enter(dir()));
  int dead = 0;
  mdb_reader_check(env_, &dead);
  MDB_txn* txn = nullptr;
  const int rc = mdb_txn_begin(env_, nullptr, 0, &txn);
  if (rc != 0) {
    gate_.Leave();
    return LmdbError(dir(), "beginning the write transaction", rc, map_size_);
  }
  return std::unique_ptr<WriteTransaction>(new EngineWriteTransaction<LmdbTxn>(&gate_, this, txn));
}

StatusOr<StoreStats> LmdbStore::Stats() {
  StoreStats stats;
  stats.engine = StoreEngine::kLmdb;
  ASSIGN_OR_RETURN(stats.disk_bytes, FolderBytes(dir()));
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn);
  if (rc != 0) return LmdbError(dir(), "beginning a read transaction", rc);
  for (MDB_dbi dbi : dbis_) {
    MDB_stat st;
    rc = mdb_stat(txn, dbi, &st);
    if (rc != 0) {
      mdb_txn_abort(txn);
      return LmdbError(dir(), "counting a table's entries", rc);
    }
    stats.entries.push_back(st.ms_entries);
  }
  mdb_txn_abort(txn);
  return stats;
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenLmdbStore(const std::string& dir, const StoreOptions& options,
                                               std::unique_ptr<FolderClaim> claim, bool) {
  auto store = std::make_unique<LmdbStore>(dir, options.read_only, std::move(claim));
  RETURN_IF_ERROR(store->Init(options));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace store_internal
}  // namespace textrace
