// Relate(): the relation of a document pair from passages given directly (no aligner).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/relate.h"

namespace textrace {
namespace {

class RelateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = Analyzer::Create(AnalyzerOptions{});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    analyzer_ = std::move(a).value();
    // 40 words each.
    std::string text;
    for (int i = 0; i < 40; ++i) text += "word" + std::to_string(i) + " ";
    a_ = Doc("a", text);
    b_ = Doc("b", text);
    ASSERT_EQ(a_.tokens.size(), 40u);
  }

  AnalyzedDocument Doc(const std::string& name, const std::string& text) {
    auto d = analyzer_->Analyze(name, text);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? std::move(d).value() : AnalyzedDocument();
  }

  // A passage pair over tokens [a0, a1) of A and [b0, b1) of B keeping `kept` of its words.
  static PassagePair Passage(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1, double kept) {
    PassagePair p;
    p.a = {0, 0, 0, 0, a0, a1};
    p.b = {0, 0, 0, 0, b0, b1};
    p.kept = kept;
    return p;
  }

  std::unique_ptr<Analyzer> analyzer_;
  AnalyzedDocument a_, b_;
};

TEST_F(RelateTest, RelationsFollowCoverageAndLength) {
  // All of both, words changed, in order: a rewrite.
  EXPECT_EQ(Relate(a_, b_, {Passage(0, 40, 0, 40, 0.4)}).relation, Relation::kRewrite);
  // 12 words of A (its first 30%) map onto 32 of B: not most of A, so partial.
  EXPECT_EQ(Relate(a_, b_, {Passage(0, 12, 0, 32, 0.3)}).relation, Relation::kPartial);
  // 24 words of A (60% of it) map onto all 40 of B: not twice as long, so a rewrite.
  EXPECT_EQ(Relate(a_, b_, {Passage(0, 24, 0, 40, 0.3)}).relation, Relation::kRewrite);
  // 20 words (half of A) map onto all of B, twice as long: a summary, either way round.
  EXPECT_EQ(Relate(a_, b_, {Passage(0, 20, 0, 40, 0.3)}).relation, Relation::kSummary);
  EXPECT_EQ(Relate(a_, b_, {Passage(0, 40, 0, 20, 0.3)}).relation, Relation::kSummary);
  // Nearly all of both with words kept: duplicate, near_duplicate.
  EXPECT_EQ(Relate(a_, b_, {Passage(0, 40, 0, 40, 1.0)}).relation, Relation::kDuplicate);
  EXPECT_EQ(Relate(a_, b_, {Passage(0, 36, 0, 36, 0.9)}).relation, Relation::kNearDuplicate);
}

TEST_F(RelateTest, CoverageCountsEachWordOnce) {
  // Two passages overlapping on both sides: words 0..29 of A and of B are covered, once each.
  const Comparison c = Relate(a_, b_, {Passage(0, 20, 0, 20, 0.5), Passage(10, 30, 10, 30, 0.5)});
  EXPECT_DOUBLE_EQ(c.coverage_a, 30.0 / 40);
  EXPECT_DOUBLE_EQ(c.coverage_b, 30.0 / 40);
  EXPECT_EQ(c.passages.size(), 2u);
}

TEST_F(RelateTest, PassagesOutOfOrderInBAreNoRewrite) {
  // Halves of A in swapped order in B: most of both covered, but not in order.
  const Comparison c = Relate(a_, b_, {Passage(0, 20, 20, 40, 0.5), Passage(20, 40, 0, 20, 0.5)});
  EXPECT_EQ(c.relation, Relation::kPartial);
}

TEST_F(RelateTest, NoPassagesIsNoRelation) {
  const Comparison c = Relate(a_, b_, {});
  EXPECT_EQ(c.relation, Relation::kNone);
  EXPECT_TRUE(c.passages.empty());
  EXPECT_EQ(c.coverage_a, 0);
  const AnalyzedDocument empty = Doc("e", "");
  EXPECT_EQ(Relate(empty, b_, {Passage(0, 0, 0, 40, 1.0)}).relation, Relation::kNone);
}

TEST_F(RelateTest, BoilerplateCountsOnNeitherSide) {
  // The last 20 words of B are boilerplate: a passage over its first 20 covers all of it.
  AnalyzedDocument b = b_;
  for (uint32_t t = 20; t < 40; ++t) b.tokens[t].boilerplate = true;
  const Comparison c = Relate(a_, b, {Passage(0, 20, 0, 20, 1.0)});
  EXPECT_DOUBLE_EQ(c.coverage_b, 1.0);
  EXPECT_DOUBLE_EQ(c.coverage_a, 0.5);
  // Passages over boilerplate only cover nothing: no relation, and no passages.
  const Comparison none = Relate(a_, b, {Passage(20, 40, 20, 40, 1.0)});
  EXPECT_EQ(none.relation, Relation::kNone);
  EXPECT_TRUE(none.passages.empty());
}

}  // namespace
}  // namespace textrace
