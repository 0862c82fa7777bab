// Segmented posting lists: what is written is found again, one list at a time or many in key
// order, the same before and after segments merge; removed documents are never reported and
// merges drop them; lists longer than a chunk and limits read as an index needs them.
#include "index/postings.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "index/store_testing.h"
#include "util/bytes.h"

namespace textrace::index {
namespace {

using store_testing::TempStoreDir;

enum : int { kPostingsTable, kSegmentsTable, kRemovedTable };
constexpr PostingTables kTables{kPostingsTable, kSegmentsTable, kRemovedTable};

class SegmentedPostingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o;
    o.tables = {"postings", "segments", "removed"};
    auto s = Store::Open(dir_.path(), o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  // Adds a batch of documents [first, first + count), each holding `per_doc` random lists out
  // of `lists`, plus list (kExact, 7) for every document: one segment.
  void AddBatch(uint32_t first, uint32_t count, int per_doc, uint64_t lists) {
    std::vector<Posting> batch;
    for (uint32_t d = first; d < first + count; ++d) {
      batch.push_back({PostingKind::kExact, 7, d});
      for (int i = 0; i < per_doc; ++i) {
        const auto kind = static_cast<PostingKind>(1 + rng_() % 3);
        const uint64_t key = rng_() % lists;
        batch.push_back({kind, key, d});
        truth_[{kind, key}].insert(d);
      }
      truth_[{PostingKind::kExact, 7}].insert(d);
    }
    auto txn = store_->Write();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(WriteSegment(txn->get(), kTables, std::move(batch)).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }

  void Remove(uint32_t doc) {
    auto txn = store_->Write();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(MarkRemoved(txn->get(), kTables, doc).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
    for (auto& [name, docs] : truth_) docs.erase(doc);
  }

  // Every list, read with Find and with FindSorted, equals the truth (under `limit`).
  void ExpectAllFound(size_t limit) {
    auto txn = store_->Read();
    ASSERT_TRUE(txn.ok());
    auto postings = SegmentedPostings::Open(txn->get(), kTables);
    ASSERT_TRUE(postings.ok());
    std::vector<PostingName> names;
    for (const auto& [name, docs] : truth_) names.push_back(name);
    names.push_back({PostingKind::kAnchor, 1ULL << 40});  // a list nobody holds
    std::map<size_t, std::vector<uint32_t>> sorted_found;
    ASSERT_TRUE(postings
                    ->FindSorted(
                        names, [&](PostingKind) { return limit; },
                        [&](size_t n, uint32_t doc) { sorted_found[n].push_back(doc); })
                    .ok());
    for (size_t n = 0; n < names.size(); ++n) {
      const std::set<uint32_t>& want_all = truth_[names[n]];
      std::vector<uint32_t> want(want_all.begin(), want_all.end());
      if (want.size() > limit + 1) want.resize(limit + 1);
      std::vector<uint32_t> found;
      ASSERT_TRUE(postings->Find(names[n].first, names[n].second, limit, &found).ok());
      EXPECT_EQ(found, want) << "list " << names[n].second;
      // FindSorted gives up to limit + 1 per segment, ascending within each: the first limit + 1
      // of them in order are the list's first.
      std::vector<uint32_t>& got = sorted_found[n];
      std::sort(got.begin(), got.end());
      if (got.size() > limit + 1) got.resize(limit + 1);
      EXPECT_EQ(got, want) << "list " << names[n].second;
    }
  }

  size_t Segments() {
    auto txn = store_->Read();
    auto postings = SegmentedPostings::Open(txn->get(), kTables);
    return postings.ok() ? postings->segments().size() : 0;
  }

  TempStoreDir dir_;
  std::unique_ptr<Store> store_;
  std::mt19937_64 rng_{42};
  std::map<PostingName, std::set<uint32_t>> truth_;
};

TEST_F(SegmentedPostingsTest, WhatIsWrittenIsFoundInEverySegment) {
  AddBatch(0, 300, 40, 500);
  AddBatch(300, 200, 40, 500);
  AddBatch(500, 10, 5, 500);
  EXPECT_EQ(Segments(), 3u);
  ExpectAllFound(SIZE_MAX - 1);
  ExpectAllFound(3);  // limits: the first 4 documents of each list
}

TEST_F(SegmentedPostingsTest, AListLongerThanAChunkRunsOnAcrossChunks) {
  // List (kExact, 7) holds every document: several chunks of one segment.
  AddBatch(0, 3 * static_cast<uint32_t>(kChunkPostings) + 5, 1, 50);
  ExpectAllFound(SIZE_MAX - 1);
  ExpectAllFound(kChunkPostings + 1);
}

TEST_F(SegmentedPostingsTest, MergedSegmentsAnswerTheSameAndStayFew) {
  for (uint32_t b = 0; b < 9; ++b) AddBatch(b * 100, 100, 30, 400);
  EXPECT_EQ(Segments(), 9u);
  int merges = 0;
  ASSERT_TRUE(MergeSegments(store_.get(), kTables, &merges).ok());
  EXPECT_GE(merges, 1);
  EXPECT_LE(Segments(), 3u);
  ExpectAllFound(SIZE_MAX - 1);
  ExpectAllFound(2);
  // More batches keep the count logarithmic.
  for (uint32_t b = 9; b < 40; ++b) {
    AddBatch(b * 100, 100, 30, 400);
    ASSERT_TRUE(MergeSegments(store_.get(), kTables, &merges).ok());
    EXPECT_LE(Segments(), 10u) << "after batch " << b;
  }
  ExpectAllFound(SIZE_MAX - 1);
}

TEST_F(SegmentedPostingsTest, RemovedDocumentsAreNotReportedAndMergesDropThem) {
  for (uint32_t b = 0; b < 4; ++b) AddBatch(b * 50, 50, 20, 100);
  Remove(3);
  Remove(120);
  ExpectAllFound(SIZE_MAX - 1);
  int merges = 0;
  ASSERT_TRUE(MergeSegments(store_.get(), kTables, &merges).ok());
  EXPECT_EQ(merges, 1);
  ExpectAllFound(SIZE_MAX - 1);
  auto txn = store_->Read();
  auto postings = SegmentedPostings::Open(txn->get(), kTables);
  ASSERT_TRUE(postings.ok());
  uint64_t total = 0;
  bool saw_removed = false;
  ASSERT_TRUE(postings
                  ->ForEach([&](uint32_t, const Posting& p) {
                    ++total;
                    saw_removed |= p.doc == 3 || p.doc == 120;
                    return true;
                  })
                  .ok());
  EXPECT_FALSE(saw_removed);
  ASSERT_EQ(postings->segments().size(), 1u);
  EXPECT_EQ(postings->segments()[0].postings, total);
  auto held = postings->Contains({PostingKind::kExact, 7, 4});
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(*held);
  held = postings->Contains({PostingKind::kExact, 7, 3});
  ASSERT_TRUE(held.ok());
  EXPECT_FALSE(*held);
}

TEST_F(SegmentedPostingsTest, ADamagedChunkIsReportedNotRead) {
  AddBatch(0, 20, 5, 50);
  {
    auto txn = store_->Write();
    ASSERT_TRUE(txn.ok());
    // A chunk whose size is not a whole number of postings.
    ASSERT_TRUE(
        (*txn)->Put(kPostingsTable, U32Key(1) + std::string(kPostingBytes, '\xff'), "bad").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store_->Read();
  auto postings = SegmentedPostings::Open(txn->get(), kTables);
  ASSERT_TRUE(postings.ok());
  const Status walked = postings->ForEach([](uint32_t, const Posting&) { return true; });
  EXPECT_EQ(walked.code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace textrace::index
