// ResolveThreads and ParallelFor: as many workers as asked, each item once, the first error back.
#include "util/parallel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace textrace {
namespace {

TEST(ResolveThreadsTest, ZeroIsEveryCoreAndOtherCountsAreKept) {
  const int hardware = HardwareThreads();
  EXPECT_GE(hardware, 1);
  EXPECT_EQ(hardware, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  EXPECT_EQ(ResolveThreads(0), hardware);
  EXPECT_EQ(ResolveThreads(1), 1);
  // More workers than cores are allowed: the CLI caps them (with a note), tests use them to show
  // that a result does not depend on the count.
  EXPECT_EQ(ResolveThreads(hardware + 3), hardware + 3);
}

TEST(ParallelForTest, MoreWorkersThanCoresDoEachItemOnce) {
  std::vector<std::atomic<int>> done(1000);
  std::atomic<int> top_worker{0};
  const int threads = HardwareThreads() + 3;
  ASSERT_TRUE(ParallelFor(done.size(), threads, [&](size_t i, int worker) {
                done[i]++;
                int seen = top_worker.load();
                while (worker > seen && !top_worker.compare_exchange_weak(seen, worker)) {
                }
                return Status::Ok();
              }).ok());
  for (const auto& d : done) EXPECT_EQ(d.load(), 1);
  EXPECT_LT(top_worker.load(), threads);
  const Status st = ParallelFor(10, threads, [](size_t i, int) {
    return i == 7 ? IoError("item 7") : Status::Ok();
  });
  EXPECT_EQ(st.message(), "item 7");
}

}  // namespace
}  // namespace textrace
