#include "index/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "index/store_testing.h"

namespace textrace {
namespace {

using store_testing::BigEndian32;
using store_testing::Child;
using store_testing::kDocs;
using store_testing::kMeta;
using store_testing::kPostings;
using store_testing::TempStoreDir;
using store_testing::TestOptions;
using ::testing::HasSubstr;

constexpr char kChild[] = TEXTRACE_STORE_CHILD;

std::unique_ptr<Store> OpenOrDie(const std::string& dir, const StoreOptions& options) {
  auto store = Store::Open(dir, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

Status PutAll(Store& store, Table table, const std::map<std::string, std::string>& entries) {
  ASSIGN_OR_RETURN(auto txn, store.Write());
  for (const auto& [key, value] : entries) RETURN_IF_ERROR(txn->Put(table, key, value));
  return txn->Commit();
}

// The value of `key`, or "(missing)".
std::string Lookup(ReadTransaction& txn, Table table, std::string_view key) {
  std::string_view value;
  StatusOr<bool> found = txn.Get(table, key, &value);
  EXPECT_TRUE(found.ok()) << found.status().ToString();
  return found.ok() && *found ? std::string(value) : "(missing)";
}

std::string Lookup(Store& store, Table table, std::string_view key) {
  auto txn = store.Read();
  EXPECT_TRUE(txn.ok()) << txn.status().ToString();
  return txn.ok() ? Lookup(**txn, table, key) : "(error)";
}

std::vector<std::string> KeysWithPrefix(ReadTransaction& txn, Table table,
                                        std::string_view prefix) {
  std::vector<std::string> keys;
  const Status st = txn.ScanPrefix(table, prefix, [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return keys;
}

class StoreTest : public ::testing::TestWithParam<StoreEngine> {
 protected:
  StoreOptions Options(bool read_only = false) const { return TestOptions(GetParam(), read_only); }
  TempStoreDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, ::testing::ValuesIn(store_testing::BuiltEngines()),
                         [](const auto& info) { return std::string(StoreEngineName(info.param)); });

TEST_P(StoreTest, PutGetDeleteAndScanInByteOrder) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->engine(), GetParam());
  const std::string binary("\x00\xff\x01", 3);
  ASSERT_TRUE(
      PutAll(*store, kDocs,
             {{"b", "2"}, {"a", "1"}, {"ab", ""}, {"c", "3"}, {binary, "bin"}, {"\xff", "last"}})
          .ok());
  {
    auto txn = store->Read();
    ASSERT_TRUE(txn.ok());
    EXPECT_EQ(Lookup(**txn, kDocs, "a"), "1");
    EXPECT_EQ(Lookup(**txn, kDocs, "ab"), "");  // an empty value is a value
    EXPECT_EQ(Lookup(**txn, kDocs, binary), "bin");
    EXPECT_EQ(Lookup(**txn, kDocs, "zz"), "(missing)");
    EXPECT_EQ(Lookup(**txn, kMeta, "a"), "(missing)");  // tables are apart
    // Byte order: 0x00 first, 0xff last, a prefix before its extensions.
    EXPECT_EQ(KeysWithPrefix(**txn, kDocs, ""),
              (std::vector<std::string>{binary, "a", "ab", "b", "c", "\xff"}));
    EXPECT_EQ(KeysWithPrefix(**txn, kDocs, "a"), (std::vector<std::string>{"a", "ab"}));
    EXPECT_EQ(KeysWithPrefix(**txn, kDocs, "\xff"), (std::vector<std::string>{"\xff"}));
    std::vector<std::string> range;
    ASSERT_TRUE((*txn)
                    ->ScanRange(kDocs, "ab", "c",
                                [&](std::string_view k, std::string_view) {
                                  range.emplace_back(k);
                                  return true;
                                })
                    .ok());
    EXPECT_EQ(range, (std::vector<std::string>{"ab", "b"}));
    // A visitor stops the scan by returning false.
    int visited = 0;
    ASSERT_TRUE((*txn)
                    ->ScanPrefix(kDocs, "",
                                 [&](std::string_view, std::string_view) { return ++visited < 2; })
                    .ok());
    EXPECT_EQ(visited, 2);
    auto cursor = (*txn)->NewCursor(kDocs);
    ASSERT_TRUE(cursor.ok());
    ASSERT_TRUE((*cursor)->Seek("aa").ok());
    ASSERT_TRUE((*cursor)->Valid());
    EXPECT_EQ((*cursor)->key(), "ab");
    ASSERT_TRUE((*cursor)->Seek("d").ok());
    EXPECT_EQ((*cursor)->key(), "\xff");
    ASSERT_TRUE((*cursor)->Next().ok());
    EXPECT_FALSE((*cursor)->Valid());
  }
  {
    auto txn = store->Write();
    ASSERT_TRUE(txn.ok());
    EXPECT_TRUE((*txn)->Delete(kDocs, "a").ok());
    EXPECT_TRUE((*txn)->Delete(kDocs, "never there").ok());
    EXPECT_TRUE((*txn)->Put(kDocs, "b", "two").ok());  // replaces
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store->Read();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ(Lookup(**txn, kDocs, "a"), "(missing)");
  EXPECT_EQ(Lookup(**txn, kDocs, "b"), "two");
}

TEST_P(StoreTest, BadKeysAndTablesAreRefusedWithoutHarm) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  auto txn = store->Write();
  ASSERT_TRUE(txn.ok());
  const Status empty = (*txn)->Put(kDocs, "", "v");
  EXPECT_EQ(empty.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(empty.message(), HasSubstr(dir_.path()));
  EXPECT_EQ((*txn)->Put(kDocs, std::string(kMaxKeySize + 1, 'k'), "v").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ((*txn)->Put(7, "k", "v").code(), StatusCode::kInvalidArgument);
  std::string_view value;
  EXPECT_FALSE((*txn)->Get(-1, "k", &value).ok());
  // The transaction goes on: a refused argument writes nothing and breaks nothing.
  ASSERT_TRUE((*txn)->Put(kDocs, std::string(kMaxKeySize, 'k'), "longest").ok());
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(Lookup(*store, kDocs, std::string(kMaxKeySize, 'k')), "longest");
}

// Postings as the index keeps them: a 16-byte key, then the document's number in 4 big-endian
// bytes, empty value. A prefix scan gives a key's documents in number order.
TEST_P(StoreTest, PostingPrefixScanGivesEachKeysDocumentsInNumberOrder) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  const std::string key_a(16, 'a');
  std::string key_b(16, 'a');
  key_b[15] = 'b';
  const std::vector<uint32_t> docs = {70000, 1, 256, 255, 65536, 2};
  {
    auto txn = store->Write();
    ASSERT_TRUE(txn.ok());
    for (uint32_t doc : docs)
      ASSERT_TRUE((*txn)->Put(kPostings, key_a + BigEndian32(doc), "").ok());
    ASSERT_TRUE((*txn)->Put(kPostings, key_b + BigEndian32(3), "").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store->Read();
  ASSERT_TRUE(txn.ok());
  std::vector<uint32_t> found;
  ASSERT_TRUE((*txn)
                  ->ScanPrefix(kPostings, key_a,
                               [&](std::string_view k, std::string_view v) {
                                 EXPECT_EQ(k.size(), 20u);
                                 EXPECT_TRUE(v.empty());
                                 found.push_back(store_testing::ReadBigEndian32(k.substr(16)));
                                 return true;
                               })
                  .ok());
  EXPECT_EQ(found, (std::vector<uint32_t>{1, 2, 255, 256, 65536, 70000}));
  EXPECT_EQ(KeysWithPrefix(**txn, kPostings, key_b).size(), 1u);
  EXPECT_TRUE(KeysWithPrefix(**txn, kPostings, std::string(16, 'c')).empty());
}

// Documents numbered as they arrive are appended: the keys read back in order, with their values;
// with LMDB, a key that does not come last is refused.
TEST_P(StoreTest, AppendKeepsKeysInOrderAndRefusesOneOutOfOrder) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  {
    auto txn = store->Write();
    ASSERT_TRUE(txn.ok());
    for (uint32_t doc = 1; doc <= 300; ++doc) {
      ASSERT_TRUE((*txn)->Append(kDocs, BigEndian32(doc), std::string(doc, 'x')).ok());
    }
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  {
    auto txn = store->Write();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Append(kDocs, BigEndian32(301), "y").ok());
    const Status out_of_order = (*txn)->Append(kDocs, BigEndian32(5), "z");
    if (GetParam() == StoreEngine::kLmdb) {
      EXPECT_EQ(out_of_order.code(), StatusCode::kInvalidArgument);
      EXPECT_NE(out_of_order.message().find("last key"), std::string::npos);
      EXPECT_FALSE((*txn)->Commit().ok());  // the transaction is dead: 301 is not there
    } else {
      ASSERT_TRUE((*txn)->Commit().ok());
    }
  }
  EXPECT_EQ(Lookup(*store, kDocs, BigEndian32(300)), std::string(300, 'x'));
  auto txn = store->Read();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ(KeysWithPrefix(**txn, kDocs, "").size(),
            GetParam() == StoreEngine::kLmdb ? 300u : 301u);
}

TEST_P(StoreTest, WriteSeesItsOwnWritesAndNoOneElseDoesBeforeCommit) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutAll(*store, kDocs, {{"old", "1"}, {"gone", "2"}}).ok());
  auto txn = store->Write();
  ASSERT_TRUE(txn.ok());
  auto cursor = (*txn)->NewCursor(kDocs);
  ASSERT_TRUE(cursor.ok());
  ASSERT_TRUE((*cursor)->Seek("").ok());
  ASSERT_TRUE((*txn)->Put(kDocs, "new", "3").ok());
  ASSERT_TRUE((*txn)->Delete(kDocs, "gone").ok());
  // A cursor from before the writes must Seek again, and then sees them.
  EXPECT_EQ((*cursor)->Next().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Lookup(**txn, kDocs, "new"), "3");
  EXPECT_EQ(Lookup(**txn, kDocs, "gone"), "(missing)");
  EXPECT_EQ(KeysWithPrefix(**txn, kDocs, ""), (std::vector<std::string>{"new", "old"}));
  ASSERT_TRUE((*cursor)->Seek("").ok());
  EXPECT_EQ((*cursor)->key(), "new");
  // Puts after reads are seen too.
  ASSERT_TRUE((*txn)->Put(kDocs, "newer", "4").ok());
  EXPECT_EQ(KeysWithPrefix(**txn, kDocs, "new"), (std::vector<std::string>{"new", "newer"}));
  EXPECT_EQ(Lookup(*store, kDocs, "new"), "(missing)");
  EXPECT_EQ(Lookup(*store, kDocs, "gone"), "2");
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(Lookup(*store, kDocs, "new"), "3");
  EXPECT_EQ(Lookup(*store, kDocs, "gone"), "(missing)");
  // A committed transaction is over.
  EXPECT_FALSE((*txn)->Put(kDocs, "late", "5").ok());
  EXPECT_FALSE((*txn)->Commit().ok());
  EXPECT_FALSE((*cursor)->Seek("").ok());
}

TEST_P(StoreTest, ReaderKeepsTheSnapshotItBeganWith) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutAll(*store, kDocs, {{"doc", "v1"}}).ok());
  auto before = store->Read();
  ASSERT_TRUE(before.ok());
  std::string_view held;  // a view from before the commit stays valid and unchanged
  ASSERT_TRUE((*before)->Get(kDocs, "doc", &held).ok());
  ASSERT_TRUE(PutAll(*store, kDocs, {{"doc", "v2"}, {"doc2", "x"}}).ok());
  auto after = store->Read();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(Lookup(**before, kDocs, "doc"), "v1");
  EXPECT_EQ(Lookup(**before, kDocs, "doc2"), "(missing)");
  EXPECT_EQ(KeysWithPrefix(**before, kDocs, "doc"), (std::vector<std::string>{"doc"}));
  EXPECT_EQ(held, "v1");
  EXPECT_EQ(Lookup(**after, kDocs, "doc"), "v2");
  EXPECT_EQ(Lookup(**after, kDocs, "doc2"), "x");
}

TEST_P(StoreTest, DroppedOrFailedWriteLeavesNothing) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutAll(*store, kDocs, {{"kept", "1"}}).ok());
  {
    auto txn = store->Write();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Put(kDocs, "dropped", "x").ok());
    ASSERT_TRUE((*txn)->Delete(kDocs, "kept").ok());
    ASSERT_TRUE((*txn)->Put(kPostings, std::string(20, 'p'), "").ok());
  }  // destroyed without Commit
  EXPECT_EQ(Lookup(*store, kDocs, "dropped"), "(missing)");
  EXPECT_EQ(Lookup(*store, kDocs, "kept"), "1");
  EXPECT_EQ(Lookup(*store, kPostings, std::string(20, 'p')), "(missing)");
  // The next write transaction starts from the last commit.
  ASSERT_TRUE(PutAll(*store, kDocs, {{"next", "2"}}).ok());
  EXPECT_EQ(Lookup(*store, kDocs, "dropped"), "(missing)");
  EXPECT_EQ(Lookup(*store, kDocs, "next"), "2");
}

TEST_P(StoreTest, ReopenKeepsEverythingReadOnlyOrNot) {
  std::map<std::string, std::string> entries;
  uint64_t random = 1;
  for (int i = 0; i < 2000; ++i) {
    std::string value(i % 300, '\0');
    for (char& c : value) c = static_cast<char>((random = random * 6364136223846793005u + 1) >> 56);
    entries[BigEndian32(i)] = value;  // incompressible: the size on disk is the data's at least
  }
  {
    auto store = OpenOrDie(dir_.path(), Options());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(PutAll(*store, kDocs, entries).ok());
    ASSERT_TRUE(PutAll(*store, kMeta, {{"format", "1"}}).ok());
  }
  for (bool read_only : {true, false}) {
    auto store = OpenOrDie(dir_.path(), Options(read_only));
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->engine(), GetParam());
    auto txn = store->Read();
    ASSERT_TRUE(txn.ok());
    std::map<std::string, std::string> found;
    ASSERT_TRUE((*txn)
                    ->ScanPrefix(kDocs, "",
                                 [&](std::string_view k, std::string_view v) {
                                   found.emplace(k, v);
                                   return true;
                                 })
                    .ok());
    EXPECT_EQ(found, entries);
    EXPECT_EQ(Lookup(**txn, kMeta, "format"), "1");
    auto stats = store->Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->engine, GetParam());
    EXPECT_GT(stats->disk_bytes, 2000u * 149);
    ASSERT_EQ(stats->entries.size(), 3u);
    if (GetParam() == StoreEngine::kLmdb) {  // RocksDB's counts are estimates
      EXPECT_EQ(stats->entries, (std::vector<uint64_t>{1, 2000, 0}));
    }
  }
}

TEST_P(StoreTest, ReaderInAnotherProcessWhileAWriteCommits) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutAll(*store, kDocs, {{"doc", "v1"}}).ok());
  // The reader has a transaction open while the writer commits twice.
  Child reader({kChild, "hold", dir_.path(), std::to_string(kDocs), "doc"});
  ASSERT_TRUE(reader.started());
  ASSERT_EQ(reader.ReadLine(), "before v1");
  ASSERT_TRUE(PutAll(*store, kDocs, {{"doc", "v2"}}).ok());
  ASSERT_TRUE(PutAll(*store, kDocs, {{"doc", "v3"}}).ok());
  reader.WriteLine("go");
  EXPECT_EQ(reader.ReadLine(), "same v1");
  // LMDB's reader sees each commit in its next transaction; RocksDB's read-only store is the
  // store as it was when it opened (a query process opens it anew).
  EXPECT_EQ(reader.ReadLine(), GetParam() == StoreEngine::kLmdb ? "after v3" : "after v1");
  EXPECT_EQ(reader.Wait(), 0);
  // A process that starts after the commit sees it.
  Child later({kChild, "get", dir_.path(), std::to_string(kDocs), "doc"});
  EXPECT_EQ(later.ReadAll(), "found v3\n");
  EXPECT_EQ(later.Wait(), 0);
}

TEST_P(StoreTest, SecondWriterFailsClearlyOrWaits) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  // In this process: one Open per store.
  auto again = Store::Open(dir_.path(), Options(/*read_only=*/true));
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.status().message(), HasSubstr("open in this process already"));
  // In another: fails at once, naming this process...
  {
    Child writer({kChild, "open-write", dir_.path(), "now"});
    const std::string out = writer.ReadAll();
    EXPECT_THAT(out, HasSubstr("another writer has the store open (process " +
                               std::to_string(getpid()) + ")"));
    EXPECT_THAT(out, HasSubstr(dir_.path()));
    EXPECT_EQ(writer.Wait(), 2);
  }
  // ...or, asked to, waits until this writer closes, then writes.
  Child writer({kChild, "open-write", dir_.path(), "wait"});
  EXPECT_EQ(writer.ReadLine(), "waiting");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(PutAll(*store, kDocs, {{"mine", "1"}}).ok());
  store.reset();
  EXPECT_EQ(writer.ReadAll(), "opened\ncommitted\n");
  EXPECT_EQ(writer.Wait(), 0);
  store = OpenOrDie(dir_.path(), Options(/*read_only=*/true));
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Lookup(*store, kMeta, "child"), "was here");
  EXPECT_EQ(Lookup(*store, kDocs, "mine"), "1");
}

TEST_P(StoreTest, OneWriteTransactionAtATime) {
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  auto first = store->Write();
  ASSERT_TRUE(first.ok());
  // The same thread again: an error, not a deadlock.
  auto same_thread = store->Write();
  ASSERT_FALSE(same_thread.ok());
  EXPECT_THAT(same_thread.status().message(), HasSubstr("already"));
  // Another thread waits for the first to end, then sees its commit.
  std::atomic<bool> began{false};
  std::string seen;
  std::thread other([&] {
    auto second = store->Write();
    began = true;
    if (second.ok()) seen = Lookup(**second, kDocs, "first");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(began);
  ASSERT_TRUE((*first)->Put(kDocs, "first", "done").ok());
  ASSERT_TRUE((*first)->Commit().ok());
  first->reset();
  other.join();
  EXPECT_TRUE(began);
  EXPECT_EQ(seen, "done");
}

TEST_P(StoreTest, ReadOnlyStoreRefusesWritesAndNeedsEveryTable) {
  {
    auto store = OpenOrDie(dir_.path(), Options());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(PutAll(*store, kDocs, {{"k", "v"}}).ok());
  }
  auto store = OpenOrDie(dir_.path(), Options(/*read_only=*/true));
  ASSERT_NE(store, nullptr);
  auto txn = store->Write();
  ASSERT_FALSE(txn.ok());
  EXPECT_THAT(txn.status().message(), HasSubstr("read-only"));
  store.reset();
  StoreOptions more = Options(/*read_only=*/true);
  more.tables.push_back("sentences");  // a table a later textrace adds
  auto newer = Store::Open(dir_.path(), more);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(newer.status().message(), HasSubstr("no table 'sentences'"));
  // A writable Open adds it, and keeps what was there.
  more.read_only = false;
  store = OpenOrDie(dir_.path(), more);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Lookup(*store, kDocs, "k"), "v");
  EXPECT_TRUE(PutAll(*store, 3, {{"s", "1"}}).ok());
}

TEST_P(StoreTest, MissingStoreIsNotFoundForReadersAndMadeForWriters) {
  auto reader = Store::Open(dir_.path(), Options(/*read_only=*/true));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(reader.status().message(), HasSubstr(dir_.path()));
  struct stat st;
  EXPECT_NE(stat(dir_.path().c_str(), &st), 0);  // a reader makes nothing
  auto writer = Store::Open(dir_.path() + "/deeper", Options());
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
}

// Permissions apply to root only after it drops them: the child runs as nobody.
TEST_P(StoreTest, UnwritableFolderFailsClearlyAndTheStoreStaysReadable) {
  {
    auto store = OpenOrDie(dir_.path(), Options());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(PutAll(*store, kDocs, {{"k", "v"}}).ok());
  }
  ASSERT_EQ(chmod(dir_.parent().c_str(), 0755), 0);
  ASSERT_EQ(chmod(dir_.path().c_str(), 0555), 0);
  Child writer({kChild, "--as-nobody", "open-write", dir_.path(), "now"});
  const std::string out = writer.ReadAll();
  EXPECT_EQ(writer.Wait(), 2);
  if (out == "error cannot drop root\n") GTEST_SKIP() << "root cannot become nobody here";
  EXPECT_THAT(out, HasSubstr("error " + dir_.path() + ": permission denied"));
  ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Lookup(*store, kDocs, "k"), "v");
  EXPECT_TRUE(PutAll(*store, kDocs, {{"k2", "v2"}}).ok());
}

// A write error in the commit (here the file size limit, `ulimit -f`, in the child) fails the
// commit with the reason and leaves the last commit whole; the store goes on after it.
TEST_P(StoreTest, WriteErrorFailsTheCommitAndKeepsTheLastOne) {
  {
    auto store = OpenOrDie(dir_.path(), Options());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(PutAll(*store, kDocs, {{"k", "v"}}).ok());
  }
  Child filler({kChild, "fill", dir_.path(), std::to_string(1 << 20)});
  const std::string out = filler.ReadAll();
  EXPECT_EQ(filler.Wait(), 2);
  EXPECT_THAT(out, HasSubstr("error " + dir_.path() + ": a file would pass the size limit"));
  EXPECT_THAT(out, HasSubstr("the store keeps its last commit"));
  auto store = OpenOrDie(dir_.path(), Options());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Lookup(*store, kDocs, "k"), "v");
  EXPECT_EQ(Lookup(*store, kDocs, "big0"), "(missing)");
  ASSERT_TRUE(PutAll(*store, kDocs, {{"k2", "v2"}}).ok());
  EXPECT_EQ(Lookup(*store, kDocs, "k2"), "v2");
}

// A real full disk: a 4 MiB tmpfs, mounted by the child in a namespace of its own (root only).
TEST_P(StoreTest, FullDiskFailsTheCommitAndKeepsTheLastOne) {
  ASSERT_EQ(mkdir(dir_.path().c_str(), 0755), 0);
  Child child({kChild, "full-disk", dir_.path(), std::string(StoreEngineName(GetParam()))});
  const std::string out = child.ReadAll();
  const int code = child.Wait();
  if (code == 77) GTEST_SKIP() << out;
  EXPECT_EQ(code, 0) << out;
  if (GetParam() == StoreEngine::kRocksDb &&
      out.find("the filling process died: signal 6") != std::string::npos) {
    // Known: Debian's librocksdb 7.8.3 keeps its assertions, and one fails (abort) when the log's
    // write meets the full disk (docs/index-store.md). The store must still hold its last commit.
  } else {
    EXPECT_THAT(out,
                HasSubstr("full: RESOURCE_EXHAUSTED: " + dir_.path() + "/store: the disk is full"));
    EXPECT_THAT(out, HasSubstr("after the failure: k1=yes k2=no\n"));
  }
  EXPECT_THAT(out, HasSubstr("reopened: k1=yes k2=no\n"));
  EXPECT_THAT(out, HasSubstr("wrote on: k1=yes k2=yes\n"));
}

TEST(StoreOpenTest, FolderOfOtherFilesIsRefusedAndLeftAlone) {
  TempStoreDir dir;
  ASSERT_EQ(mkdir(dir.path().c_str(), 0755), 0);
  std::ofstream(dir.path() + "/notes.txt") << "mine";
  auto store = Store::Open(dir.path(), TestOptions(StoreEngine::kLmdb));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(store.status().message(), HasSubstr(dir.path() + ": the folder is not a store"));
  EXPECT_THAT(store.status().message(), HasSubstr("notes.txt"));
  struct stat st;
  EXPECT_NE(stat((dir.path() + "/writer.lock").c_str(), &st), 0);
  EXPECT_NE(stat((dir.path() + "/data.mdb").c_str(), &st), 0);
}

TEST(StoreOpenTest, DamagedLmdbFileIsDataLoss) {
  TempStoreDir dir;
  ASSERT_EQ(mkdir(dir.path().c_str(), 0755), 0);
  std::ofstream(dir.path() + "/data.mdb") << std::string(8192, 'x');
  auto store = Store::Open(dir.path(), TestOptions(StoreEngine::kLmdb, /*read_only=*/true));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(store.status().message(), HasSubstr("not an LMDB store"));
}

TEST(StoreOpenTest, ExistingStoreOpensWithTheEngineThatWroteIt) {
  TempStoreDir dir;
  ASSERT_EQ(mkdir(dir.path().c_str(), 0755), 0);
  if (!StoreEngineBuilt(StoreEngine::kRocksDb)) {
    std::ofstream(dir.path() + "/CURRENT") << "MANIFEST-000005\n";
    auto store = Store::Open(dir.path(), TestOptions(StoreEngine::kLmdb, /*read_only=*/true));
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(store.status().message(), HasSubstr("a rocksdb store, and this textrace was built "
                                                    "without rocksdb"));
    return;
  }
  {
    auto store = Store::Open(dir.path(), TestOptions(StoreEngine::kRocksDb));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(PutAll(**store, kDocs, {{"k", "v"}}).ok());
  }
  auto store = Store::Open(dir.path(), TestOptions(StoreEngine::kLmdb, /*read_only=*/true));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->engine(), StoreEngine::kRocksDb);
  EXPECT_EQ(Lookup(**store, kDocs, "k"), "v");
}

TEST(StoreOpenTest, LmdbMapFullFailsClearlyAndKeepsTheLastCommit) {
  TempStoreDir dir;
  StoreOptions small = TestOptions(StoreEngine::kLmdb);
  small.lmdb_map_size = 1 << 20;
  {
    auto store = OpenOrDie(dir.path(), small);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(PutAll(*store, kDocs, {{"k", "v"}}).ok());
    auto txn = store->Write();
    ASSERT_TRUE(txn.ok());
    Status st;
    for (int i = 0; st.ok() && i < 1000; ++i) {
      st = (*txn)->Put(kDocs, "big" + std::to_string(i), std::string(4096, 'x'));
    }
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), StatusCode::kResourceExhausted);
    EXPECT_THAT(st.message(), HasSubstr(dir.path() + ": the store is full: LMDB's map"));
    EXPECT_THAT(st.message(), HasSubstr("lmdb_map_size"));
    // The failed transaction answers every later call with the same error.
    EXPECT_EQ((*txn)->Commit().message(), st.message());
    txn->reset();
    EXPECT_EQ(Lookup(*store, kDocs, "k"), "v");
    EXPECT_EQ(Lookup(*store, kDocs, "big0"), "(missing)");
  }
  // A larger map lets it go on.
  small.lmdb_map_size = 64 << 20;
  auto store = OpenOrDie(dir.path(), small);
  ASSERT_NE(store, nullptr);
  auto txn = store->Write();
  ASSERT_TRUE(txn.ok());
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE((*txn)->Put(kDocs, "big" + std::to_string(i), std::string(4096, 'x')).ok());
  }
  ASSERT_TRUE((*txn)->Commit().ok());
  EXPECT_EQ(Lookup(*store, kDocs, "k"), "v");
}

TEST(StoreOpenTest, BadTableListsAreRefused) {
  TempStoreDir dir;
  for (const std::vector<std::string>& tables :
       std::vector<std::vector<std::string>>{{}, {"Docs"}, {"a", "a"}, {"default"}, {"1x"}}) {
    StoreOptions options;
    options.tables = tables;
    auto store = Store::Open(dir.path(), options);
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(StoreOpenTest, PrefixEndIsTheFirstKeyPastThePrefix) {
  EXPECT_EQ(PrefixEnd("ab"), "ac");
  EXPECT_EQ(PrefixEnd(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixEnd("\xff\xff"), "");
  EXPECT_EQ(PrefixEnd(""), "");
}

}  // namespace
}  // namespace textrace
