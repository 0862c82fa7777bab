// The persistent index's storage: an ordered key-value store of named tables, with snapshot reads
// and one writer, each commit durable and all or nothing. The engine behind it is LMDB, or RocksDB
// where the build has TEXTRACE_ROCKSDB; the index above sees only this interface.
// docs/index-store.md says which engine and why, and the table conventions the index follows.
//
// Keys are byte strings of 1 to kMaxKeySize bytes, kept in byte order (memcmp, shorter first);
// values are byte strings of any size, empty included.
//
// Concurrency.
//  - Readers: any number, in this and other processes. Read() returns a snapshot: the state of the
//    last commit before it began, for as long as it lives, whatever commits meanwhile. A reader
//    never waits for the writer and never fails because one is writing. (RocksDB: a read-only
//    Store is the store as its Open found it, and Read() sees no later commit; LMDB's read-only
//    Store sees each commit from the next Read() on.)
//  - One writer per store. A writable Open takes the folder's writer lock: a second writable Open
//    of the store, in this or another process, FAILS at once (kResourceExhausted, the message names
//    the folder and the process that holds it), unless StoreOptions::wait_for_writer is set, in
//    which case it WAITS for the lock. A writer killed at any moment releases the lock with its
//    death. Within the writable Store, Write() hands out one transaction at a time: a Write() from
//    a second thread waits until the first transaction ends; a second Write() from the thread that
//    holds one fails instead of deadlocking.
//  - A process opens a store once: a second Open of the same folder in the same process fails
//    (LMDB's locks are per process and break when a store is opened twice); share the Store.
//  - Store is thread-safe. A transaction and its cursors belong to one thread at a time; a write
//    transaction to the thread that began it. Transactions end before their Store is destroyed.
//
// Durability. Commit() returns once the data is on disk (fsync). A process killed at any moment
// leaves every committed transaction whole and nothing of one that did not commit; the next Open
// recovers without a step of its own.
//
// Errors name the folder and what failed:
//  - kResourceExhausted: the disk or file system is full, a file would pass the process's file
//    size limit, LMDB's map is full (StoreOptions::lmdb_map_size), or another writer holds the
//    store. The write fails and the store keeps its last committed state.
//  - kIoError: permission denied, a read-only file system, other system errors.
//  - kInvalidArgument: the folder holds something that is not a store (other files, a store of an
//    engine this build lacks), a bad table name or key, a write on a read-only store.
//  - kNotFound: a read-only Open of a folder without a store, or without one of the tables.
//  - kDataLoss: the store's files are damaged or of an unknown format.
// After a failed Put, Delete or Commit the write transaction is dead: each later call returns the
// same error, and destroying it leaves the store as the last commit left it.
#ifndef TEXTRACE_INDEX_STORE_H_
#define TEXTRACE_INDEX_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/status.h"

namespace textrace {

enum class StoreEngine { kLmdb, kRocksDb };

// "lmdb" or "rocksdb".
std::string_view StoreEngineName(StoreEngine engine);
// Whether this build has the engine (LMDB always; RocksDB with -DTEXTRACE_ROCKSDB=ON).
bool StoreEngineBuilt(StoreEngine engine);

// A table: the position of its name in StoreOptions::tables. An enum of the caller's, in the same
// order, reads well: `enum IndexTable : int { kMeta, kDocuments, kPostings };`.
using Table = int;

inline constexpr size_t kMaxKeySize = 511;  // LMDB's limit, kept for every engine

struct StoreOptions {
  // The tables, by name: 1 to 32 of them, each [a-z][a-z0-9_]* (at most 64 characters), no two
  // alike, "default" reserved. A writable Open creates those the store lacks; tables the store
  // has and the list omits are kept and not reachable.
  std::vector<std::string> tables;
  // Read-only: never writes to the folder's data; Write() fails. The folder must hold a store with
  // every table listed. (LMDB still registers the reader in its lock file, so the folder must be
  // writable unless it lies on a read-only file system.)
  bool read_only = false;
  // The engine of a new store. An existing store opens with the engine that wrote it, found from
  // its files; one of an engine this build lacks fails with kInvalidArgument.
  StoreEngine engine = StoreEngine::kLmdb;
  // A writable Open when another process (or Store) writes: false fails at once, true waits.
  bool wait_for_writer = false;
  // LMDB: the most the data file may grow to, in bytes (0: 1 TiB). Address space only: the file
  // takes what it holds. A writable Open may raise or lower it (not below what is in use); a
  // read-only Open uses the writer's. Past it, writes fail with kResourceExhausted ("map full").
  uint64_t lmdb_map_size = 0;
};

// What Stats() reports.
struct StoreStats {
  StoreEngine engine = StoreEngine::kLmdb;
  uint64_t disk_bytes = 0;  // the sizes of the folder's files
  // Entries per table, in StoreOptions::tables order: exact with LMDB; with RocksDB an estimate
  // that counts overwritten and deleted keys until compaction drops them.
  std::vector<uint64_t> entries;
};

// A position in one table of a transaction, in key order. Its key and value are views valid until
// the cursor moves or is destroyed, or its transaction ends or writes. After its transaction's
// Put or Delete, a cursor must Seek before it reads or moves again (Next fails until then).
class StoreCursor {
 public:
  virtual ~StoreCursor() = default;
  // Moves to the first entry whose key is >= `key` (Valid() is false when there is none).
  virtual Status Seek(std::string_view key) = 0;
  // Moves to the next entry. Only on a valid cursor.
  virtual Status Next() = 0;
  virtual bool Valid() const = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
};

// Called for each entry of a scan, in key order; returns false to stop the scan there. The views
// are valid during the call only.
using ScanVisitor = std::function<bool(std::string_view key, std::string_view value)>;

// A snapshot of the store: the state of its last commit before Read() (or, for a write
// transaction, that state plus the transaction's own writes). Destroying it ends it.
class ReadTransaction {
 public:
  virtual ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

  // Looks `key` up in `table`: true with *value set when found, false when not. *value is a view
  // valid until the transaction ends or, in a write transaction, until its next Put or Delete
  // (with LMDB it points into the mapped file: no copy; with RocksDB it is a copy the transaction
  // keeps until it ends, so read many values with a cursor).
  virtual StatusOr<bool> Get(Table table, std::string_view key, std::string_view* value) = 0;
  // A cursor over `table`, not yet positioned (Seek first).
  virtual StatusOr<std::unique_ptr<StoreCursor>> NewCursor(Table table) = 0;

  // Visits each entry of `table` whose key is in [begin, end), in key order; an empty `end` means
  // to the table's end. Scans of one table reuse one cursor: a few microseconds each.
  Status ScanRange(Table table, std::string_view begin, std::string_view end,
                   const ScanVisitor& visit);
  // Visits each entry of `table` whose key starts with `prefix` (empty: the whole table).
  Status ScanPrefix(Table table, std::string_view prefix, const ScanVisitor& visit);

 protected:
  ReadTransaction() = default;

 private:
  std::vector<std::unique_ptr<StoreCursor>> scan_cursors_;  // by table, made on first use
};

// The store's one write transaction. Nothing it writes is seen by other transactions before
// Commit() returns; destroyed without a Commit(), it leaves nothing.
class WriteTransaction : public ReadTransaction {
 public:
  // Sets `key` to `value`, replacing what was there.
  virtual Status Put(Table table, std::string_view key, std::string_view value) = 0;
  // Puts `key`, which must come after every key of `table`: for keys that grow, such as document
  // numbers. With LMDB much faster than Put, and its pages are filled whole; LMDB refuses a key
  // that does not come last (kInvalidArgument, and the transaction is dead).
  virtual Status Append(Table table, std::string_view key, std::string_view value) = 0;
  // Removes `key`; a key that is not there is no error.
  virtual Status Delete(Table table, std::string_view key) = 0;
  // Makes every write of the transaction durable and visible to transactions that begin later,
  // all at once; on failure, none of them. The transaction ends either way: later calls fail.
  virtual Status Commit() = 0;
};

class Store {
 public:
  // Opens the store in `dir`, creating the folder and the store when writable and absent. The
  // folder is the store's alone: a writable Open of a folder that holds other files fails.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& dir, const StoreOptions& options);
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // A snapshot of the last commit. Never waits.
  virtual StatusOr<std::unique_ptr<ReadTransaction>> Read() = 0;
  // The write transaction (see "Concurrency" above); fails on a read-only store.
  virtual StatusOr<std::unique_ptr<WriteTransaction>> Write() = 0;
  // The folder's size on disk and the tables' entry counts (a snapshot of the last commit).
  virtual StatusOr<StoreStats> Stats() = 0;

  StoreEngine engine() const { return engine_; }
  const std::string& dir() const { return dir_; }
  bool read_only() const { return read_only_; }

 protected:
  Store(std::string dir, StoreEngine engine, bool read_only)
      : dir_(std::move(dir)), engine_(engine), read_only_(read_only) {}

 private:
  std::string dir_;
  StoreEngine engine_;
  bool read_only_;
};

// The first key after every key that starts with `prefix`: the end of ScanPrefix's range. Empty
// when there is none (`prefix` is empty or all 0xff bytes).
std::string PrefixEnd(std::string_view prefix);

}  // namespace textrace

#endif  // TEXTRACE_INDEX_STORE_H_
