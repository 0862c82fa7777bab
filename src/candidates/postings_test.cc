// Tests of the posting machinery behind the anchor and rare-word stages (postings.h).
#include "candidates/postings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

namespace textrace {
namespace candidates_internal {
namespace {

Postings RandomPostings(size_t n, uint32_t keys, uint32_t docs, uint32_t seed) {
  std::mt19937 rng(seed);
  Postings v(n);
  for (Posting& p : v) {
    const uint32_t key = rng() % keys;
    // Keys are hashes: spread them over the top bits, which the sort buckets by.
    p = {key * 0x9e3779b1U, key, static_cast<uint32_t>(rng() % docs)};
  }
  return v;
}

// Every link of `lists`, as ForEachLink hands them over on `threads` threads.
std::vector<Link> AllLinks(const SharedKeys& lists, int threads) {
  std::vector<Link> links;
  const Status st = lists.ForEachLink(
      threads, [](const Link&) { return true; }, [&](const Link& l) { links.push_back(l); });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return links;
}

TEST(PostingsTest, SortIsStdSortWhateverTheThreads) {
  for (const size_t n : {size_t{0}, size_t{1}, size_t{1000}, size_t{50000}}) {
    Postings expected = RandomPostings(n, 700, 300, 7);
    Postings got = expected;
    std::sort(expected.begin(), expected.end());
    for (const int threads : {1, 2, 5}) {
      Postings v = got;
      SortPostings(&v, threads);
      ASSERT_EQ(v.size(), expected.size());
      for (size_t i = 0; i < v.size(); ++i) {
        ASSERT_FALSE(v[i] < expected[i] || expected[i] < v[i]) << "n " << n << " at " << i;
      }
    }
  }
}

// The radix sort of one bucket orders by every byte of the key and the document, including
// documents past 2^24 and keys that differ only in their low bytes, and keeps repeated postings.
TEST(PostingsTest, RadixSortIsStdSortOnAnyBytes) {
  std::mt19937 rng(11);
  for (const size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{777}, size_t{20000}}) {
    Postings v(n);
    for (Posting& p : v) {
      const auto r = static_cast<uint32_t>(rng());
      // Few distinct high words, many low ones; documents from small to 2^32 - 1.
      const auto lo = static_cast<uint32_t>(rng() >> (r % 24));
      const auto doc = static_cast<uint32_t>(rng() >> (r % 32));
      p = {0xAB000000U | (r % 3), lo, doc};
    }
    if (n > 2) v[n - 1] = v[0];  // a repeated posting
    Postings expected = v;
    std::sort(expected.begin(), expected.end());
    Postings scratch;
    RadixSortPostings(v.data(), v.size(), &scratch);
    for (size_t i = 0; i < n; ++i) {
      ASSERT_FALSE(v[i] < expected[i] || expected[i] < v[i]) << "n " << n << " at " << i;
    }
  }
}

// The links of each document come in the order of first sharing, walking its lists in key
// order and each list whole, with each count and rarity summed in that order: the definition,
// written plainly, here with repeated postings (a document twice in a list) kept.
TEST(PostingsTest, LinksComeInTheOrderOfFirstSharingAsAPlainWalkGivesThem) {
  constexpr uint32_t kDocs = 200;
  for (const int max_postings : {2, 3, 7}) {
    Postings v = RandomPostings(2500, 700, kDocs, 17 + max_postings);
    SortPostings(&v, 1);
    std::vector<std::vector<uint32_t>> lists;  // in key order, as the postings
    for (size_t a = 0; a < v.size();) {
      size_t b = a;
      while (b < v.size() && v[b].SameKey(v[a])) ++b;
      if (b - a >= 2 && static_cast<int>(b - a) <= max_postings) {
        lists.emplace_back();
        for (size_t p = a; p < b; ++p) lists.back().push_back(v[p].doc);
      }
      a = b;
    }
    std::vector<Link> expected;
    for (uint32_t i = 0; i < kDocs; ++i) {
      std::vector<uint32_t> order;  // partners in order of first sharing
      std::map<uint32_t, std::pair<uint32_t, double>> count;
      for (const std::vector<uint32_t>& list : lists) {
        for (const uint32_t member : list) {
          if (member != i) continue;  // each time i is in the list
          for (const uint32_t j : list) {
            if (j <= i) continue;
            auto [it, first] = count.try_emplace(j, 0, 0.0);
            if (first) order.push_back(j);
            ++it->second.first;
            it->second.second += 1.0 / static_cast<double>(list.size() - 1);
          }
        }
      }
      for (const uint32_t j : order) expected.push_back({i, j, count[j].first, count[j].second});
    }
    ASSERT_GT(expected.size(), 100u) << "the fixture must make links";
    const SharedKeys shared(v, kDocs, max_postings);
    for (const int threads : {1, 2}) {
      const std::vector<Link> links = AllLinks(shared, threads);
      ASSERT_EQ(links.size(), expected.size()) << max_postings;
      for (size_t k = 0; k < links.size(); ++k) {
        ASSERT_EQ(links[k].i, expected[k].i) << k;
        ASSERT_EQ(links[k].j, expected[k].j) << k;
        EXPECT_EQ(links[k].shared, expected[k].shared) << k;
        EXPECT_EQ(links[k].rarity, expected[k].rarity) << k;  // summed in the same order
      }
    }
  }
}

// Every pair sharing keys, with its count and rarity, the same and in the same order on any
// number of threads; keys held by one document or more than `max_postings` do not count.
TEST(PostingsTest, LinksAreEveryPairSharingKeysInOrder) {
  constexpr uint32_t kDocs = 300;
  constexpr int kMaxPostings = 6;
  Postings v = RandomPostings(3000, 900, kDocs, 11);
  SortPostings(&v, 1);
  v.erase(std::unique(
              v.begin(), v.end(),
              [](const Posting& x, const Posting& y) { return x.SameKey(y) && x.doc == y.doc; }),
          v.end());
  // Brute force: the documents of each key.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>> docs_of;
  for (const Posting& p : v) docs_of[{p.key_hi, p.key_lo}].push_back(p.doc);
  std::map<std::pair<uint32_t, uint32_t>, std::pair<uint32_t, double>> expected;
  for (const auto& [key, docs] : docs_of) {
    if (docs.size() < 2 || docs.size() > kMaxPostings) continue;
    for (uint32_t x : docs) {
      for (uint32_t y : docs) {
        if (x >= y) continue;
        auto& e = expected[{x, y}];
        ++e.first;
        e.second += 1.0 / static_cast<double>(docs.size() - 1);
      }
    }
  }
  const SharedKeys lists(v, kDocs, kMaxPostings);
  std::vector<Link> first;
  for (const int threads : {1, 3}) {
    const std::vector<Link> links = AllLinks(lists, threads);
    ASSERT_EQ(links.size(), expected.size());
    for (size_t k = 0; k < links.size(); ++k) {
      const Link& l = links[k];
      if (k > 0) EXPECT_LE(links[k - 1].i, l.i);
      const auto it = expected.find({l.i, l.j});
      ASSERT_NE(it, expected.end()) << l.i << " " << l.j;
      EXPECT_EQ(l.shared, it->second.first);
      EXPECT_NEAR(l.rarity, it->second.second, 1e-9);
    }
    if (first.empty()) {
      first = links;
    } else {
      for (size_t k = 0; k < links.size(); ++k) {
        EXPECT_EQ(std::tie(first[k].i, first[k].j, first[k].shared),
                  std::tie(links[k].i, links[k].j, links[k].shared));
      }
    }
  }
}

TEST(PostingsTest, BestPartnersKeepsTheBestFirst) {
  struct Score {
    int value;
    bool Beats(const Score& o) const { return value > o.value; }
  };
  BestPartners<Score> best(2, 3);
  for (const int v : {4, 9, 1, 7, 3, 8}) best.Offer(1, {v});
  ASSERT_EQ(best.best()[1].size(), 3u);
  EXPECT_EQ(best.best()[1][0].value, 9);
  EXPECT_EQ(best.best()[1][1].value, 8);
  EXPECT_EQ(best.best()[1][2].value, 7);
  EXPECT_TRUE(best.best()[0].empty());
  BestPartners<Score> none(2, 0);
  none.Offer(1, {5});
  EXPECT_TRUE(none.best().empty());
}

}  // namespace
}  // namespace candidates_internal
}  // namespace textrace
