// The store killed at random: a child commits numbered batches (store_testing.h) and prints each
// number once its Commit returned; this test kills it with SIGKILL at a random moment (starting
// up, opening and recovering, writing, committing), 100 times in a row, and after each kill
// opens the store and checks it: every batch the child reported is there whole, no batch is there
// in part, and the next child writes on from the last batch.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "index/store.h"
#include "index/store_testing.h"

namespace textrace {
namespace {

using store_testing::BatchItemValue;
using store_testing::BigEndian32;
using store_testing::Child;
using store_testing::kBatchItems;
using store_testing::kDocs;
using store_testing::kPostings;
using store_testing::ReadBigEndian32;
using store_testing::TempStoreDir;
using store_testing::TestOptions;

constexpr int kKills = 100;

// What a check of the store found.
struct Found {
  uint32_t last = 0;     // meta["last"]
  uint32_t batches = 0;  // markers
  std::string problem;   // empty when every batch is whole and none is there in part
};

Found CheckBatches(const std::string& dir, StoreEngine engine) {
  Found found;
  auto store = Store::Open(dir, TestOptions(engine, /*read_only=*/true));
  if (!store.ok()) {
    // A child killed before it made the store leaves no store.
    if (store.status().code() != StatusCode::kNotFound) found.problem = store.status().ToString();
    return found;
  }
  auto txn = (*store)->Read();
  if (!txn.ok()) {
    found.problem = txn.status().ToString();
    return found;
  }
  auto last = store_testing::LastBatch(**txn);
  if (!last.ok()) {
    found.problem = last.status().ToString();
    return found;
  }
  found.last = *last;
  std::ostringstream problem;
  // Markers: exactly batches 1..last.
  Status st = (*txn)->ScanPrefix(kDocs, "", [&](std::string_view key, std::string_view value) {
    const uint32_t batch = ReadBigEndian32(key);
    if (batch != found.batches + 1 || ReadBigEndian32(value) != kBatchItems) {
      problem << "marker of batch " << batch << " after " << found.batches << "; ";
      return false;
    }
    ++found.batches;
    return true;
  });
  if (found.batches != found.last) {
    problem << found.batches << " markers, last batch " << found.last << "; ";
  }
  // Items: kBatchItems of each batch, with their values, and none of another batch.
  uint32_t batch = 0;
  uint32_t items = 0;
  auto close_batch = [&] {
    if (batch != 0 && items != kBatchItems) {
      problem << "batch " << batch << " has " << items << " items; ";
    }
  };
  if (st.ok()) {
    st = (*txn)->ScanPrefix(kPostings, "", [&](std::string_view key, std::string_view value) {
      const uint32_t b = ReadBigEndian32(key);
      if (b != batch) {
        close_batch();
        batch = b;
        items = 0;
      }
      if (b == 0 || b > found.last || value != BatchItemValue(b, ReadBigEndian32(key.substr(4)))) {
        problem << "stray or wrong item of batch " << b << "; ";
        return false;
      }
      ++items;
      return true;
    });
  }
  close_batch();
  if (found.last > 0 && batch != found.last) problem << "no items of batch " << found.last;
  if (!st.ok()) problem << st.ToString();
  found.problem = problem.str();
  return found;
}

class StoreCrashTest : public ::testing::TestWithParam<StoreEngine> {};

INSTANTIATE_TEST_SUITE_P(Engines, StoreCrashTest,
                         ::testing::ValuesIn(store_testing::BuiltEngines()),
                         [](const auto& info) { return std::string(StoreEngineName(info.param)); });

TEST_P(StoreCrashTest, EveryReportedBatchSurvivesKillNineAndNoneIsHalfThere) {
  TempStoreDir dir;
  const std::vector<std::string> args = {TEXTRACE_STORE_CHILD, "write-batches", dir.path(),
                                         std::string(StoreEngineName(GetParam()))};
  // How long a child takes to start, open the store and commit its first batch: the kills fall
  // in three times that, so that some come before the store is open, most while it writes.
  std::chrono::microseconds first_commit;
  {
    const auto t0 = std::chrono::steady_clock::now();
    Child child(args);
    ASSERT_EQ(child.ReadLine(), "1");
    first_commit = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - t0);
  }
  // (Bounded, so that the test stays short on a slow or busy machine.)
  const int64_t longest_us = std::clamp<int64_t>(3 * first_commit.count(), 20000, 150000);
  std::mt19937 random(20261206);
  std::uniform_int_distribution<int64_t> delay_us(0, longest_us);
  uint32_t reported_total = 0;
  uint32_t last = CheckBatches(dir.path(), GetParam()).last;  // 1 or 2, from the timing run
  for (int round = 0; round < kKills; ++round) {
    Child child(args);
    ASSERT_TRUE(child.started());
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    child.Kill();
    const std::string out = child.ReadAll();
    ASSERT_EQ(child.Wait(), 128 + SIGKILL) << "the child ended before the kill: " << out;
    // What the child reported committed: numbers after the last one, one a line.
    uint32_t reported = last;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
      // The kill can cut the last line short: a whole number is followed by its newline.
      if (!lines.eof()) {
        const uint32_t n = static_cast<uint32_t>(std::strtoul(line.c_str(), nullptr, 10));
        ASSERT_EQ(n, reported + 1) << "round " << round << ": the child said: " << out;
        reported = n;
        ++reported_total;
      }
    }
    const Found found = CheckBatches(dir.path(), GetParam());
    ASSERT_EQ(found.problem, "") << "round " << round;
    ASSERT_GE(found.last, reported) << "round " << round << ": a reported batch is missing";
    // At most one batch more than reported: committed, killed before it could say so.
    ASSERT_LE(found.last, reported + 1) << "round " << round;
    ASSERT_GE(found.last, last) << "round " << round << ": committed batches were lost";
    last = found.last;
  }
  // The kills left the child time to write, and the store went on after each one.
  EXPECT_GT(last, 10u);
  EXPECT_GT(reported_total, 0u);
  std::cout << "[ store ] " << StoreEngineName(GetParam()) << ": first commit after "
            << first_commit.count() / 1000 << " ms, " << kKills << " kills within "
            << longest_us / 1000 << " ms of the start, " << last << " batches committed, "
            << reported_total << " reported\n";
}

}  // namespace
}  // namespace textrace
