// The store on RocksDB (built with -DTEXTRACE_ROCKSDB=ON): a table is a column family; a commit is
// one WriteBatch written to the write-ahead log with sync, so it is whole or absent after a crash
// (recovery replays the log up to its last whole record). A read-only Open is a frozen view of
// the store as it was at Open (DB::OpenForReadOnly); the writable Store's Read() takes a snapshot.
#include <fmt/format.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/write_batch_with_index.h>
#include <rocksdb/write_batch.h>

#include <chrono>
#include <cstdarg>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "index/store_internal.h"

namespace textrace {
namespace store_internal {
namespace {

constexpr size_t kBlockCacheBytes = size_t{64} << 20;
// A read-only Open can meet the writer between two of its file changes (a flush that removes a
// log file the reader listed): it tries again.
constexpr int kReadOnlyOpenTries = 5;

Status RocksError(const std::string& dir, std::string_view what, const rocksdb::Status& s) {
  const std::string text = s.ToString();
  const std::string doing = fmt::format("{} ({})", what, text);
  auto has = [&](const char* part) { return text.find(part) != std::string::npos; };
  if (s.IsNoSpace() || has("No space left")) return ErrnoError(dir, doing, ENOSPC);
  if (has("File too large")) return ErrnoError(dir, doing, EFBIG);
  if (has("Permission denied")) return ErrnoError(dir, doing, EACCES);
  if (has("Read-only file system")) return ErrnoError(dir, doing, EROFS);
  if (s.IsCorruption()) {
    return DataLossError(fmt::format("{}: the store is damaged: {}", dir, doing));
  }
  if (s.IsIOError() && has("lock")) {
    return ResourceExhaustedError(
        fmt::format("{}: another process holds the store's RocksDB lock: {}", dir, doing));
  }
  return IoError(fmt::format("{}: {} failed", dir, doing));
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view View(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

// A read-only Open writes nothing, its log included.
class NullLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

rocksdb::Options MakeOptions(bool read_only) {
  rocksdb::Options options;
  options.create_if_missing = !read_only;
  options.create_missing_column_families = !read_only;
  options.max_background_jobs = 2;
  options.bytes_per_sync = 1 << 20;
  options.keep_log_file_num = 2;
  // Table files open when first read, not all at Open: a query process starts faster.
  options.max_open_files = 1000;
  options.skip_stats_update_on_db_open = true;
  options.skip_checking_sst_file_sizes_on_db_open = true;
  options.level_compaction_dynamic_level_bytes = true;
  // A read-only Open replays the log: a table that is seldom written (meta) would otherwise keep
  // every log file alive until the total reached 4 write buffers a table.
  options.max_total_wal_size = 64 << 20;
  options.compression = rocksdb::kLZ4Compression;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(kBlockCacheBytes);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.format_version = 5;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (read_only) options.info_log = std::make_shared<NullLogger>();
  return options;
}

class RocksStore;

// What a transaction of either kind holds: its snapshot, cursors, the values Get returned and,
// for the write transaction, its writes. The writes go to a plain WriteBatch until the
// transaction reads after writing; from then on to an indexed one that reads see.
// The `Txn` of EngineReadTransaction and EngineWriteTransaction (store_internal.h).
class RocksTxn {
 public:
  RocksTxn(RocksStore* store, bool write);
  ~RocksTxn() { Abort(); }

  StatusOr<bool> Get(Table table, std::string_view key, std::string_view* value);
  StatusOr<std::unique_ptr<StoreCursor>> NewCursor(Table table);
  // `append` is a hint LMDB needs; RocksDB's writes are appends already.
  Status Put(Table table, std::string_view key, std::string_view value, bool append);
  Status Delete(Table table, std::string_view key);
  Status Commit();
  void Abort();

  const std::string& dir() const;
  size_t table_count() const;
  // An iterator over the table that sees this transaction's writes.
  rocksdb::Iterator* NewIterator(Table table);
  RocksStore* store() const { return store_; }
  CursorList& cursors() { return cursors_; }

 private:
  void IndexWrites();
  rocksdb::WriteBatch* batch() { return indexed_ ? indexed_->GetWriteBatch() : &plain_; }

  RocksStore* store_;
  bool write_;
  bool ended_ = false;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  rocksdb::ReadOptions read_options_;
  CursorList cursors_;
  std::deque<std::string> values_;  // what Get returned, kept until the transaction ends
  rocksdb::WriteBatch plain_;
  std::unique_ptr<rocksdb::WriteBatchWithIndex> indexed_;
};

class RocksStore final : public Store {
 public:
  RocksStore(const std::string& dir, bool read_only, std::unique_ptr<FolderClaim> claim)
      : Store(dir, StoreEngine::kRocksDb, read_only), claim_(std::move(claim)) {}
  ~RocksStore() override;

  Status Init(const StoreOptions& options, bool created);
  StatusOr<std::unique_ptr<ReadTransaction>> Read() override;
  StatusOr<std::unique_ptr<WriteTransaction>> Write() override;
  StatusOr<StoreStats> Stats() override;

  rocksdb::DB* db() const { return db_; }
  rocksdb::ColumnFamilyHandle* table(Table t) const { return tables_[t]; }
  size_t table_count() const { return tables_.size(); }
  // A commit failed: RocksDB stops writing until Resume() (a full disk, say).
  void set_needs_resume() { needs_resume_ = true; }

 private:
  std::unique_ptr<FolderClaim> claim_;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // every family opened
  std::vector<rocksdb::ColumnFamilyHandle*> tables_;   // by Table
  WriterGate gate_;
  bool needs_resume_ = false;  // guarded by the gate
};

class RocksCursor final : public DetachableCursor {
 public:
  RocksCursor(RocksTxn* owner, Table table)
      : owner_(owner),
        table_(table),
        writes_(owner->cursors().writes()),
        it_(owner->NewIterator(table)),
        dir_(owner->store()->dir()) {
    owner_->cursors().Add(this);
  }
  ~RocksCursor() override {
    if (owner_ != nullptr) owner_->cursors().Remove(this);
  }
  void Detach() override {
    it_.reset();
    owner_ = nullptr;
  }

  Status Seek(std::string_view key) override {
    if (owner_ == nullptr) return EndedError(dir_);
    if (writes_ != owner_->cursors().writes()) {
      it_.reset(owner_->NewIterator(table_));  // to see the writes
      writes_ = owner_->cursors().writes();
    }
    it_->Seek(ToSlice(key));
    return Checked();
  }
  Status Next() override {
    if (owner_ == nullptr) return EndedError(dir_);
    if (writes_ != owner_->cursors().writes()) return CursorMovedError(dir_);
    if (!it_->Valid())
      return InvalidArgumentError(dir_ + ": Next() on a cursor past its last entry");
    it_->Next();
    return Checked();
  }
  bool Valid() const override { return it_ != nullptr && it_->Valid(); }
  std::string_view key() const override { return View(it_->key()); }
  std::string_view value() const override { return View(it_->value()); }

 private:
  Status Checked() {
    if (!it_->Valid() && !it_->status().ok()) {
      return RocksError(dir_, "moving a cursor", it_->status());
    }
    return Status::Ok();
  }

  RocksTxn* owner_;
  Table table_;
  uint64_t writes_;
  std::unique_ptr<rocksdb::Iterator> it_;
  std::string dir_;
};

RocksTxn::RocksTxn(RocksStore* store, bool write) : store_(store), write_(write) {
  // A read-only store never changes: no snapshot needed. The writer reads the latest state.
  if (!write && !store->read_only()) {
    snapshot_ = store->db()->GetSnapshot();
    read_options_.snapshot = snapshot_;
  }
}

void RocksTxn::Abort() {
  if (ended_) return;
  ended_ = true;
  cursors_.DetachAll();
  if (snapshot_ != nullptr) store_->db()->ReleaseSnapshot(snapshot_);
  snapshot_ = nullptr;
  values_.clear();
  plain_.Clear();
  indexed_.reset();
}

void RocksTxn::IndexWrites() {
  if (indexed_ != nullptr || plain_.Count() == 0) return;
  indexed_ = std::make_unique<rocksdb::WriteBatchWithIndex>(rocksdb::BytewiseComparator(), 0,
                                                            /*overwrite_key=*/true);
  // Replays the plain batch into the indexed one, family by family id.
  class Replay : public rocksdb::WriteBatch::Handler {
   public:
    Replay(RocksStore* store, rocksdb::WriteBatchWithIndex* out) : store_(store), out_(out) {}
    rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
      return out_->Put(Family(id), key, value);
    }
    rocksdb::Status DeleteCF(uint32_t id, const rocksdb::Slice& key) override {
      return out_->Delete(Family(id), key);
    }

   private:
    rocksdb::ColumnFamilyHandle* Family(uint32_t id) const {
      for (size_t t = 0; t < store_->table_count(); ++t) {
        if (store_->table(t)->GetID() == id) return store_->table(t);
      }
      return nullptr;  // not reached: the batch holds only the tables' writes
    }
    RocksStore* store_;
    rocksdb::WriteBatchWithIndex* out_;
  };
  Replay replay(store_, indexed_.get());
  plain_.Iterate(&replay);
  plain_.Clear();
}

StatusOr<bool> RocksTxn::Get(Table table, std::string_view key, std::string_view* value) {
  if (ended_) return EndedError(store_->dir());
  RETURN_IF_ERROR(CheckTable(store_->dir(), table, store_->table_count()));
  std::string found;
  rocksdb::Status s;
  if (write_) {
    IndexWrites();
    s = indexed_ != nullptr
            ? indexed_->GetFromBatchAndDB(store_->db(), read_options_, store_->table(table),
                                          ToSlice(key), &found)
            : store_->db()->Get(read_options_, store_->table(table), ToSlice(key), &found);
  } else {
    s = store_->db()->Get(read_options_, store_->table(table), ToSlice(key), &found);
  }
  if (s.IsNotFound()) return false;
  if (!s.ok()) return RocksError(store_->dir(), "reading a key", s);
  values_.push_back(std::move(found));
  *value = values_.back();
  return true;
}

StatusOr<std::unique_ptr<StoreCursor>> RocksTxn::NewCursor(Table table) {
  if (ended_) return EndedError(store_->dir());
  RETURN_IF_ERROR(CheckTable(store_->dir(), table, store_->table_count()));
  return std::unique_ptr<StoreCursor>(new RocksCursor(this, table));
}

rocksdb::Iterator* RocksTxn::NewIterator(Table table) {
  rocksdb::Iterator* base = store_->db()->NewIterator(read_options_, store_->table(table));
  if (!write_) return base;
  IndexWrites();
  if (indexed_ == nullptr) return base;
  return indexed_->NewIteratorWithBase(store_->table(table), base, &read_options_);
}

Status RocksTxn::Put(Table table, std::string_view key, std::string_view value,
                     bool /*append*/) {
  cursors_.Wrote();
  values_.clear();  // Get's views last until the next write
  const rocksdb::Status s = indexed_ != nullptr
                                ? indexed_->Put(store_->table(table), ToSlice(key), ToSlice(value))
                                : plain_.Put(store_->table(table), ToSlice(key), ToSlice(value));
  return s.ok() ? Status::Ok() : RocksError(store_->dir(), "writing a key", s);
}

Status RocksTxn::Delete(Table table, std::string_view key) {
  cursors_.Wrote();
  values_.clear();
  const rocksdb::Status s = indexed_ != nullptr
                                ? indexed_->Delete(store_->table(table), ToSlice(key))
                                : plain_.Delete(store_->table(table), ToSlice(key));
  return s.ok() ? Status::Ok() : RocksError(store_->dir(), "deleting a key", s);
}

Status RocksTxn::Commit() {
  if (ended_) return EndedError(dir());
  rocksdb::Status s;
  if (batch()->Count() > 0) {
    rocksdb::WriteOptions options;
    options.sync = true;
    s = store_->db()->Write(options, batch());
  }
  Abort();  // ends it
  if (!s.ok()) {
    store_->set_needs_resume();
    return RocksError(dir(), "committing", s);
  }
  return Status::Ok();
}

const std::string& RocksTxn::dir() const { return store_->dir(); }
size_t RocksTxn::table_count() const { return store_->table_count(); }

RocksStore::~RocksStore() {
  if (db_ == nullptr) return;
  // Readers that open after this writer replay no log.
  if (!read_only()) db_->Flush(rocksdb::FlushOptions(), handles_).PermitUncheckedError();
  for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  db_->Close().PermitUncheckedError();
  delete db_;
}

Status RocksStore::Init(const StoreOptions& options, bool created) {
  const rocksdb::Options db_options = MakeOptions(read_only());
  std::vector<std::string> existing = {rocksdb::kDefaultColumnFamilyName};
  if (!created) {
    existing.clear();
    const rocksdb::Status s = rocksdb::DB::ListColumnFamilies(db_options, dir(), &existing);
    if (!s.ok()) return RocksError(dir(), "listing the tables", s);
  }
  auto has = [&](const std::string& name) {
    for (const std::string& e : existing) {
      if (e == name) return true;
    }
    return false;
  };
  // The default family (RocksDB needs it), the tables, and (writable: RocksDB needs every family
  // opened) the families the store has and the caller did not list.
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, db_options}};
  for (const std::string& name : options.tables) {
    if (read_only() && !has(name)) {
      return NotFoundError(
          fmt::format("{}: the store has no table '{}' (written by another version of textrace?)",
                      dir(), name));
    }
    families.emplace_back(name, db_options);
  }
  if (!read_only()) {
    for (const std::string& name : existing) {
      bool listed = name == rocksdb::kDefaultColumnFamilyName;
      for (const std::string& t : options.tables) listed = listed || t == name;
      if (!listed) families.emplace_back(name, db_options);
    }
  }
  rocksdb::Status s;
  if (read_only()) {
    for (int attempt = 0; attempt < kReadOnlyOpenTries; ++attempt) {
      handles_.clear();
      s = rocksdb::DB::OpenForReadOnly(db_options, dir(), families, &handles_, &db_);
      if (s.ok() || s.IsInvalidArgument()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  } else {
    s = rocksdb::DB::Open(db_options, dir(), families, &handles_, &db_);
  }
  if (!s.ok()) {
    db_ = nullptr;
    return RocksError(dir(), "opening the RocksDB store", s);
  }
  tables_.assign(handles_.begin() + 1, handles_.begin() + 1 + options.tables.size());
  return Status::Ok();
}

StatusOr<std::unique_ptr<ReadTransaction>> RocksStore::Read() {
  return std::unique_ptr<ReadTransaction>(new EngineReadTransaction<RocksTxn>(this, false));
}

StatusOr<std::unique_ptr<WriteTransaction>> RocksStore::Write() {
  if (read_only()) return ReadOnlyError(dir());
  RETURN_IF_ERROR(gate_.Enter(dir()));
  if (needs_resume_) {
    const rocksdb::Status s = db_->Resume();
    if (!s.ok()) {
      gate_.Leave();
      return RocksError(dir(), "resuming after a failed commit", s);
    }
    needs_resume_ = false;
  }
  return std::unique_ptr<WriteTransaction>(
      new EngineWriteTransaction<RocksTxn>(&gate_, this, /*write=*/true));
}

StatusOr<StoreStats> RocksStore::Stats() {
  StoreStats stats;
  stats.engine = StoreEngine::kRocksDb;
  ASSIGN_OR_RETURN(stats.disk_bytes, FolderBytes(dir()));
  for (rocksdb::ColumnFamilyHandle* handle : tables_) {
    uint64_t keys = 0;
    db_->GetIntProperty(handle, "rocksdb.estimate-num-keys", &keys);
    stats.entries.push_back(keys);
  }
  return stats;
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(const std::string& dir,
                                                  const StoreOptions& options,
                                                  std::unique_ptr<FolderClaim> claim,
                                                  bool created) {
  auto store = std::make_unique<RocksStore>(dir, options.read_only, std::move(claim));
  RETURN_IF_ERROR(store->Init(options, created));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace store_internal
}  // namespace textrace
