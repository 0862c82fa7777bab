// CommonSubsequence against a plain O(nm) LCS, and EditScript on analyzed sentences.

#include "align/edit_script.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "textrace/document.h"
#include "textrace/thesaurus.h"

namespace textrace {
namespace {

using Matches = std::vector<std::pair<uint32_t, uint32_t>>;

// Length of a longest common subsequence, by the textbook dynamic programme (two rows).
size_t ReferenceLcs(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::vector<size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// A valid common subsequence: indices in range, strictly increasing on both sides, equal keys.
::testing::AssertionResult IsCommonSubsequence(const Matches& m, const std::vector<uint64_t>& a,
                                               const std::vector<uint64_t>& b) {
  for (size_t k = 0; k < m.size(); ++k) {
    const auto [i, j] = m[k];
    if (i >= a.size() || j >= b.size()) {
      return ::testing::AssertionFailure()
             << "match " << k << " (" << i << "," << j << ") out of range";
    }
    if (a[i] != b[j]) {
      return ::testing::AssertionFailure() << "match " << k << " pairs unequal keys";
    }
    if (k > 0 && (i <= m[k - 1].first || j <= m[k - 1].second)) {
      return ::testing::AssertionFailure() << "match " << k << " not increasing";
    }
  }
  return ::testing::AssertionSuccess();
}

std::vector<uint64_t> RandomSequence(std::mt19937& rng, size_t len, uint64_t alphabet) {
  std::vector<uint64_t> v(len);
  for (auto& x : v) x = 1 + rng() % alphabet;
  return v;
}

// `a` with about `rate` of its elements replaced, deleted or followed by an insertion.
std::vector<uint64_t> Mutate(std::mt19937& rng, const std::vector<uint64_t>& a, double rate,
                             uint64_t alphabet) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<uint64_t> b;
  for (uint64_t x : a) {
    const double r = u(rng);
    if (r < rate / 3) {
      b.push_back(1 + rng() % alphabet);  // replace
    } else if (r < 2 * rate / 3) {
      // delete
    } else if (r < rate) {
      b.push_back(x);
      b.push_back(1 + rng() % alphabet);  // insert
    } else {
      b.push_back(x);
    }
  }
  return b;
}

TEST(CommonSubsequenceTest, ExactOnSmallRandomInputs) {
  std::mt19937 rng(20240601);
  for (int trial = 0; trial < 3000; ++trial) {
    const size_t n = rng() % 25, m = rng() % 25;
    const uint64_t alphabet = 1 + rng() % 6;  // small alphabets: many repeated keys
    const auto a = RandomSequence(rng, n, alphabet);
    const auto b = RandomSequence(rng, m, alphabet);
    const Matches got = CommonSubsequence(a, b);
    ASSERT_TRUE(IsCommonSubsequence(got, a, b)) << "trial " << trial;
    ASSERT_EQ(got.size(), ReferenceLcs(a, b)) << "trial " << trial << " n=" << n << " m=" << m;
  }
}

TEST(CommonSubsequenceTest, ExactWhenProductEqualsBudget) {
  // |a| * |b| <= exact_cells must give a longest common subsequence, even for a tight budget.
  std::mt19937 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    const size_t n = 1 + rng() % 30, m = 1 + rng() % 30;
    const uint64_t alphabet = 2 + rng() % 10;
    const auto a = RandomSequence(rng, n, alphabet);
    const auto b = RandomSequence(rng, m, alphabet);
    const Matches got = CommonSubsequence(a, b, static_cast<int64_t>(n * m));
    ASSERT_TRUE(IsCommonSubsequence(got, a, b)) << "trial " << trial;
    ASSERT_EQ(got.size(), ReferenceLcs(a, b)) << "trial " << trial;
  }
}

TEST(CommonSubsequenceTest, EmptyAndIdenticalInputs) {
  const std::vector<uint64_t> empty, a = {5, 6, 7, 5, 6};
  EXPECT_TRUE(CommonSubsequence(empty, empty).empty());
  EXPECT_TRUE(CommonSubsequence(a, empty).empty());
  EXPECT_TRUE(CommonSubsequence(empty, a).empty());
  const Matches same = CommonSubsequence(a, a);
  ASSERT_EQ(same.size(), a.size());
  for (uint32_t k = 0; k < a.size(); ++k) EXPECT_EQ(same[k], std::make_pair(k, k));
  const std::vector<uint64_t> disjoint = {1, 2, 3};
  EXPECT_TRUE(CommonSubsequence(a, disjoint).empty());
}

TEST(CommonSubsequenceTest, ValidWithTinyBudgetOnSmallInputs) {
  // Over budget, the result may be shorter than optimal but must still be a common subsequence.
  std::mt19937 rng(99);
  for (int trial = 0; trial < 2000; ++trial) {
    const auto a = RandomSequence(rng, rng() % 40, 1 + rng() % 8);
    const auto b = RandomSequence(rng, rng() % 40, 1 + rng() % 8);
    for (int64_t cells : {1, 4, 16}) {
      const Matches got = CommonSubsequence(a, b, cells);
      ASSERT_TRUE(IsCommonSubsequence(got, a, b)) << "trial " << trial << " cells " << cells;
      ASSERT_LE(got.size(), ReferenceLcs(a, b));
    }
  }
}

TEST(CommonSubsequenceTest, NearOptimalOnLargeEditedInputs) {
  // Word-like sequences (a large vocabulary, so many words are unique and anchor the patience
  // diff), edited at 10%: the approximate result must be valid and close to the true LCS.
  std::mt19937 rng(4242);
  for (int trial = 0; trial < 4; ++trial) {
    const auto a = RandomSequence(rng, 3000, 5000);
    const auto b = Mutate(rng, a, 0.10, 5000);
    const size_t ref = ReferenceLcs(a, b);
    for (int64_t cells : {64, 1024}) {
      const Matches got = CommonSubsequence(a, b, cells);
      ASSERT_TRUE(IsCommonSubsequence(got, a, b)) << "trial " << trial;
      EXPECT_GE(got.size(), 0.9 * ref)
          << "trial " << trial << " cells " << cells << ": " << got.size() << " of " << ref;
    }
  }
}

// Text with few distinct words (refrains, tables, generated text) leaves stretches without any
// word unique on both sides, so no patience anchor. The fallback cuts A into blocks matched
// against windows of B; at the default budget it must stay near-optimal, and even at a tiny
// budget it must keep a good share (it once raced through B and kept 5-8%).
TEST(CommonSubsequenceTest, NearOptimalWithSharedRunsAndRepeatedWords) {
  std::mt19937 rng(31337);
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<uint64_t> a, b;
    for (int block = 0; block < 20; ++block) {
      const auto shared = RandomSequence(rng, 80 + rng() % 80, 300);
      a.insert(a.end(), shared.begin(), shared.end());
      b.insert(b.end(), shared.begin(), shared.end());
      const auto own_a = RandomSequence(rng, rng() % 20, 300);
      const auto own_b = RandomSequence(rng, rng() % 20, 300);
      a.insert(a.end(), own_a.begin(), own_a.end());
      b.insert(b.end(), own_b.begin(), own_b.end());
    }
    const size_t ref = ReferenceLcs(a, b);
    const Matches got = CommonSubsequence(a, b);
    ASSERT_TRUE(IsCommonSubsequence(got, a, b)) << "trial " << trial;
    EXPECT_GE(got.size(), 0.9 * ref) << "trial " << trial << ": " << got.size() << " of " << ref;
    const Matches tiny = CommonSubsequence(a, b, 256);
    ASSERT_TRUE(IsCommonSubsequence(tiny, a, b)) << "trial " << trial;
    EXPECT_GE(tiny.size(), 0.5 * ref) << "trial " << trial << ": " << tiny.size() << " of " << ref;
  }
}

TEST(CommonSubsequenceTest, ValidWithoutAnyUniqueAnchor) {
  // A 3-letter alphabet leaves no unique words to anchor on: the banded fallback must still
  // return a valid common subsequence.
  std::mt19937 rng(5);
  const auto a = RandomSequence(rng, 2000, 3);
  const auto b = Mutate(rng, a, 0.1, 3);
  const Matches got = CommonSubsequence(a, b, 512);
  ASSERT_TRUE(IsCommonSubsequence(got, a, b));
  EXPECT_GT(got.size(), 0u);
}

class EditScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto an = Analyzer::Create(AnalyzerOptions{});
    ASSERT_TRUE(an.ok()) << an.status().ToString();
    analyzer_ = std::move(an).value();
    a_ = std::move(analyzer_->Analyze("a", "the storm hit the town")).value();
    b_ = std::move(analyzer_->Analyze("b", "the tempest hit the old town")).value();
    ASSERT_EQ(a_.tokens.size(), 5u);
    ASSERT_EQ(b_.tokens.size(), 6u);
  }

  // Ops tile both token ranges: each token of A and of B in exactly one op, in order.
  void ExpectTiles(const std::vector<EditOp>& ops, uint32_t a_begin, uint32_t a_end,
                   uint32_t b_begin, uint32_t b_end) {
    uint32_t pa = a_begin, pb = b_begin;
    for (const EditOp& op : ops) {
      EXPECT_EQ(op.a_begin, pa);
      EXPECT_EQ(op.b_begin, pb);
      EXPECT_LE(op.a_begin, op.a_end);
      EXPECT_LE(op.b_begin, op.b_end);
      switch (op.kind) {
        case EditKind::kKeep:
          EXPECT_EQ(op.a_end - op.a_begin, op.b_end - op.b_begin);
          for (uint32_t k = 0; k < op.a_end - op.a_begin; ++k) {
            EXPECT_EQ(a_.tokens[op.a_begin + k].key, b_.tokens[op.b_begin + k].key);
          }
          break;
        case EditKind::kReplace:
          EXPECT_LT(op.a_begin, op.a_end);
          EXPECT_LT(op.b_begin, op.b_end);
          break;
        case EditKind::kInsert:
          EXPECT_EQ(op.a_begin, op.a_end);
          EXPECT_LT(op.b_begin, op.b_end);
          break;
        case EditKind::kDelete:
          EXPECT_LT(op.a_begin, op.a_end);
          EXPECT_EQ(op.b_begin, op.b_end);
          break;
      }
      pa = op.a_end;
      pb = op.b_end;
    }
    EXPECT_EQ(pa, a_end);
    EXPECT_EQ(pb, b_end);
  }

  std::unique_ptr<Analyzer> analyzer_;
  AnalyzedDocument a_, b_;
};

TEST_F(EditScriptTest, KeepReplaceInsert) {
  uint32_t kept = 0;
  const auto ops = EditScript(a_, 0, 5, b_, 0, 6, nullptr, &kept);
  ExpectTiles(ops, 0, 5, 0, 6);
  // the | storm->tempest | hit the | +old | town
  ASSERT_EQ(ops.size(), 5u);
  EXPECT_EQ(ops[0].kind, EditKind::kKeep);
  EXPECT_EQ(ops[1].kind, EditKind::kReplace);
  EXPECT_EQ(a_.Text(a_.tokens[ops[1].a_begin]), "storm");
  EXPECT_EQ(b_.Text(b_.tokens[ops[1].b_begin]), "tempest");
  EXPECT_FALSE(ops[1].synonym);  // no thesaurus
  EXPECT_EQ(ops[2].kind, EditKind::kKeep);
  EXPECT_EQ(ops[2].a_end - ops[2].a_begin, 2u);  // "hit the"
  EXPECT_EQ(ops[3].kind, EditKind::kInsert);
  EXPECT_EQ(b_.Text(b_.tokens[ops[3].b_begin]), "old");
  EXPECT_EQ(ops[4].kind, EditKind::kKeep);
  EXPECT_EQ(kept, 4u);  // the, hit, the, town
}

TEST_F(EditScriptTest, SynonymReplaceIsMarked) {
  auto th = Thesaurus::FromPairs({{"storm", "tempest"}}, analyzer_.get());
  uint32_t kept = 0;
  const auto ops = EditScript(a_, 0, 5, b_, 0, 6, th.get(), &kept);
  ExpectTiles(ops, 0, 5, 0, 6);
  int replaces = 0;
  for (const EditOp& op : ops) {
    if (op.kind == EditKind::kReplace) {
      ++replaces;
      EXPECT_TRUE(op.synonym);
    } else {
      EXPECT_FALSE(op.synonym);
    }
  }
  EXPECT_EQ(replaces, 1);
  EXPECT_EQ(kept, 4u);  // a synonym is a replacement, not a kept word
}

TEST_F(EditScriptTest, NonSynonymReplaceIsNotMarked) {
  auto th = Thesaurus::FromPairs({{"storm", "gale"}}, analyzer_.get());
  const auto ops = EditScript(a_, 0, 5, b_, 0, 6, th.get(), nullptr);
  for (const EditOp& op : ops) EXPECT_FALSE(op.synonym);
}

TEST_F(EditScriptTest, DeleteAndSubranges) {
  // B -> A over the same tokens: "old" is now deleted. Ranges index the documents' tokens, so a
  // subrange [1, 5) of B ("tempest hit the old") against [1, 4) of A ("storm hit the") starts
  // its ops at those indices.
  const auto ops = EditScript(b_, 1, 5, a_, 1, 4, nullptr, nullptr);
  std::swap(a_, b_);  // ExpectTiles reads a_ as the first document
  ExpectTiles(ops, 1, 5, 1, 4);
  ASSERT_FALSE(ops.empty());
  EXPECT_EQ(ops.front().kind, EditKind::kReplace);
  EXPECT_EQ(ops.back().kind, EditKind::kDelete);
  EXPECT_EQ(a_.Text(a_.tokens[ops.back().a_begin]), "old");
}

TEST_F(EditScriptTest, EmptyRanges) {
  uint32_t kept = 7;
  EXPECT_TRUE(EditScript(a_, 2, 2, b_, 3, 3, nullptr, &kept).empty());
  EXPECT_EQ(kept, 0u);
  const auto ins = EditScript(a_, 2, 2, b_, 0, 6, nullptr, &kept);
  ASSERT_EQ(ins.size(), 1u);
  EXPECT_EQ(ins[0].kind, EditKind::kInsert);
  EXPECT_EQ(ins[0].b_begin, 0u);
  EXPECT_EQ(ins[0].b_end, 6u);
}

}  // namespace
}  // namespace textrace
