// The flat maps against std::map on the same operations: every key found with its value, absent
// keys not found, across growth, the reserved key, and the cache starting afresh when full.

#include "util/flat_map.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace textrace {
namespace {

TEST(FlatMap64Test, AgreesWithStdMapAcrossGrowth) {
  // Default-sized, sized too small, and sized for every key: the same contents.
  for (const size_t expected : {size_t{0}, size_t{100}, size_t{50000}}) {
    SCOPED_TRACE(expected);
    FlatMap64<uint32_t> flat =
        expected == 0 ? FlatMap64<uint32_t>() : FlatMap64<uint32_t>(expected);
    std::map<uint64_t, uint32_t> ref;
    std::mt19937_64 rng(7);
    for (int i = 0; i < 200000; ++i) {
      const uint64_t key = rng() % 50000;  // repeats, so counts go above 1
      ++flat[key];
      ++ref[key];
    }
    ASSERT_EQ(flat.size(), ref.size());
    for (const auto& [k, v] : ref) {
      const uint32_t* f = flat.Find(k);
      ASSERT_NE(f, nullptr) << k;
      EXPECT_EQ(*f, v) << k;
    }
    for (uint64_t k = 50000; k < 51000; ++k) EXPECT_EQ(flat.Find(k), nullptr);
    size_t seen = 0;
    flat.ForEach([&](uint64_t k, uint32_t v) {
      ++seen;
      EXPECT_EQ(ref.at(k), v);
    });
    EXPECT_EQ(seen, ref.size());
  }
}

TEST(FlatMap64Test, TheReservedKeyIsStillAKey) {
  FlatMap64<int> m;
  m[~uint64_t{0}] = 5;
  ASSERT_NE(m.Find(~uint64_t{0}), nullptr);
  EXPECT_EQ(*m.Find(~uint64_t{0}), 5);
  EXPECT_EQ(m.Find(0), nullptr);
  EXPECT_EQ(m.size(), 1u);
}

TEST(StringCacheTest, FindsWhatWasInsertedUntilFullThenStartsAfresh) {
  StringCache<int> cache(1000);
  auto hash = [](const std::string& s) { return std::hash<std::string>{}(s); };
  for (int i = 0; i < 1000; ++i) {
    const std::string w = "word" + std::to_string(i);
    ASSERT_EQ(cache.Find(w, hash(w)), nullptr);
    EXPECT_EQ(cache.Insert(w, hash(w), i), i);
  }
  for (int i = 0; i < 1000; ++i) {
    const std::string w = "word" + std::to_string(i);
    const int* v = cache.Find(w, hash(w));
    ASSERT_NE(v, nullptr) << w;
    EXPECT_EQ(*v, i);
  }
  // Same hash, other string: not a hit.
  EXPECT_EQ(cache.Find("another", hash("word1")), nullptr);
  // Full: the next insert empties the cache first.
  cache.Insert("one more", hash("one more"), -1);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.Find("word1", hash("word1")), nullptr);
  ASSERT_NE(cache.Find("one more", hash("one more")), nullptr);
}

TEST(StringCacheTest, StringsSharingAHashOrItsTagAreKeptApart) {
  StringCache<int> cache(100);
  // One hash for two strings (a collision), and hashes that differ only in the slot bits or only
  // in the tag bits: each string finds its own value, through growth of the table.
  cache.Insert("alpha", 42, 1);
  cache.Insert("beta", 42, 2);
  cache.Insert("gamma", (uint64_t{7} << 32) | 5, 3);
  cache.Insert("delta", (uint64_t{7} << 32) | 6, 4);
  cache.Insert("epsilon", (uint64_t{8} << 32) | 5, 5);
  for (int i = 0; i < 60; ++i) cache.Insert("filler" + std::to_string(i), 1000 + i, 100 + i);
  const std::pair<const char*, uint64_t> keys[] = {{"alpha", 42},
                                                   {"beta", 42},
                                                   {"gamma", (uint64_t{7} << 32) | 5},
                                                   {"delta", (uint64_t{7} << 32) | 6},
                                                   {"epsilon", (uint64_t{8} << 32) | 5}};
  for (int k = 0; k < 5; ++k) {
    const int* v = cache.Find(keys[k].first, keys[k].second);
    ASSERT_NE(v, nullptr) << keys[k].first;
    EXPECT_EQ(*v, k + 1) << keys[k].first;
  }
  EXPECT_EQ(cache.Find("gamma", (uint64_t{8} << 32) | 5), nullptr);  // right slot, other tag
  EXPECT_EQ(cache.Find("alphb", 42), nullptr);
  EXPECT_EQ(cache.size(), 65u);
}

}  // namespace
}  // namespace textrace
