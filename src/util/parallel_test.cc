// ResolveThreads: never more threads than the machine has.
#include "util/parallel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace textrace {
namespace {

TEST(ResolveThreadsTest, IsCappedToTheHardwareThreads) {
  const int hardware = HardwareThreads();
  EXPECT_GE(hardware, 1);
  EXPECT_EQ(hardware, std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(ResolveThreads(0), hardware);
  EXPECT_EQ(ResolveThreads(1), 1);
  EXPECT_EQ(ResolveThreads(hardware), hardware);
  EXPECT_EQ(ResolveThreads(hardware + 1), hardware);
  EXPECT_EQ(ResolveThreads(100000), hardware);
}

}  // namespace
}  // namespace textrace
