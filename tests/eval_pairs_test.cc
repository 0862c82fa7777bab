// `eval pairs`: labelled pairs compared alone and found by a scan, on the project's own sample
// (examples/sample: a harbor story, its spun copy, a partial copy, unrelated texts); the score
// statistics on hand-computed values; bad pair files named with their line; and COUNTER's
// development half when ../shared is there.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "textrace/eval.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
const fs::path kCounter = fs::path(TEXTRACE_SOURCE_DIR) / ".." / "shared" / "data" / "counter-dev";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class EvalPairsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("textrace_eval_pairs_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream docs(dir_ / "docs.jsonl");
    for (const auto& [id, file] : {std::pair{"original", "original_harbor.txt"},
                                   {"spun", "spun_harbor.txt"},
                                   {"partial", "partial_harbor.txt"},
                                   {"bakery", "unrelated_bakery.txt"},
                                   {"chess", "unrelated_chess.txt"}}) {
      docs << nlohmann::json{{"id", id}, {"text", ReadFile(kSample / file)}}.dump() << "\n";
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string WritePairs(const std::string& text) {
    const fs::path p = dir_ / "pairs.tsv";
    std::ofstream(p) << text;
    return p.string();
  }
  PairsEvalOptions Options(const std::string& pairs) {
    PairsEvalOptions o;
    o.inputs = {(dir_ / "docs.jsonl").string()};
    o.pairs_tsv = pairs;
    o.labels = {"ND", "PD", "WD"};
    return o;
  }
  std::shared_ptr<const Engine> engine_ = *Engine::Create(textrace::Options{});
  fs::path dir_;
};

TEST(ScoreGradesTest, SeparatedTiedAndReversedScores) {
  // Scores that order the grades perfectly.
  ScoreAgreement a = ScoreGrades({0.1, 0.2, 0.5, 0.6, 0.9}, {0, 0, 1, 1, 2}, 2);
  EXPECT_DOUBLE_EQ(a.auc_reuse, 1.0);
  EXPECT_DOUBLE_EQ(a.auc_top, 1.0);
  EXPECT_GT(a.spearman, 0.9);
  // Reversed.
  a = ScoreGrades({0.9, 0.6, 0.5, 0.2, 0.1}, {0, 0, 1, 1, 2}, 2);
  EXPECT_DOUBLE_EQ(a.auc_reuse, 0.0);
  EXPECT_DOUBLE_EQ(a.auc_top, 0.0);
  EXPECT_LT(a.spearman, -0.9);
  // All scores tied: chance, and no rank correlation at all.
  a = ScoreGrades({0, 0, 0, 0}, {0, 1, 1, 2}, 2);
  EXPECT_DOUBLE_EQ(a.auc_reuse, 0.5);
  EXPECT_TRUE(std::isnan(a.spearman));
  // By hand: positives {0.4, 0.8} against negatives {0.4, 0.6}: 0.8 beats both, 0.4 ties one.
  a = ScoreGrades({0.4, 0.6, 0.4, 0.8}, {0, 0, 1, 1}, 1);
  EXPECT_DOUBLE_EQ(a.auc_reuse, (2 + 0.5) / 4);
}

TEST_F(EvalPairsTest, CopiesScoreAboveUnrelatedTextsAndTheScanReportsOnlyThem) {
  auto r = EvaluatePairs(engine_, Options(WritePairs("source_id\tderived_id\tlabel\n"
                                                     "original\tspun\tWD\n"
                                                     "original\tpartial\tPD\n"
                                                     "# a comment\n"
                                                     "\n"
                                                     "original\tbakery\tND\n"
                                                     "chess\toriginal\tND\n")));
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->pairs.size(), 4u);
  EXPECT_EQ(r->documents, 5);
  EXPECT_EQ(r->pairs[0].grade, 2);
  EXPECT_EQ(r->pairs[3].grade, 0);
  // The spun copy is mostly covered; the unrelated texts not at all.
  EXPECT_GT(r->pairs[0].coverage, 0.6);
  EXPECT_GT(r->pairs[1].coverage, 0.1);
  EXPECT_EQ(r->pairs[2].coverage, 0);
  EXPECT_EQ(r->pairs[2].relation, Relation::kNone);
  // The spun copy shares few exact 3-grams: the naive score ranks it below its coverage.
  EXPECT_LT(r->pairs[0].trigram_containment, r->pairs[0].coverage);
  EXPECT_DOUBLE_EQ(r->coverage.auc_reuse, 1.0);
  EXPECT_DOUBLE_EQ(r->coverage.auc_top, 1.0);
  // The scan: both copies reported, neither unrelated text; the spun and partial copies of the
  // same original are related to each other too (a pair that is not listed).
  ASSERT_EQ(r->reported_share.size(), 3u);
  EXPECT_DOUBLE_EQ(r->reported_share[0], 0.0);
  EXPECT_DOUBLE_EQ(r->reported_share[1], 1.0);
  EXPECT_DOUBLE_EQ(r->reported_share[2], 1.0);
  EXPECT_TRUE(r->pairs[0].reported);
  EXPECT_FALSE(r->pairs[3].reported);
  EXPECT_EQ(r->scan_pairs, 2 + static_cast<int64_t>(r->unlisted.size()));
  for (const auto& [a, b] : r->unlisted) {
    EXPECT_TRUE(a != "bakery" && b != "bakery" && a != "chess" && b != "chess") << a << " " << b;
  }
}

TEST_F(EvalPairsTest, BadPairFilesAreNamedWithTheirLine) {
  auto r = EvaluatePairs(engine_, Options(WritePairs("original\tspun\tWD\noriginal\tchess\tXX\n")));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("pairs.tsv:2: label 'XX'"), std::string::npos)
      << r.status().message();
  r = EvaluatePairs(engine_, Options(WritePairs("original spun WD\n")));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("pairs.tsv:1: expected source id"), std::string::npos);
  r = EvaluatePairs(engine_, Options(WritePairs("original\tnobody\tND\n")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("'nobody'"), std::string::npos);
  PairsEvalOptions one_label = Options(WritePairs("original\tspun\tWD\n"));
  one_label.labels = {"WD"};
  EXPECT_FALSE(EvaluatePairs(engine_, one_label).ok());
}

TEST_F(EvalPairsTest, CounterDevelopmentHalf) {
  if (!fs::exists(kCounter / "pairs.tsv")) {
    GTEST_SKIP() << "COUNTER not found at " << kCounter << " (../shared/data/counter-dev)";
  }
  PairsEvalOptions o;
  o.inputs = {(kCounter / "documents.jsonl").string()};
  o.pairs_tsv = (kCounter / "pairs.tsv").string();
  o.labels = {"ND", "PD", "WD"};
  auto r = EvaluatePairs(engine_, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->pairs.size(), 300u);
  EXPECT_EQ(r->documents, 600);
  // Floors under today's figures (0.745, 0.856; issue 32 aims at 0.90 and 0.95): a change that
  // makes textrace worse at telling derived Urdu news from the same story told apart fails here.
  EXPECT_GE(r->coverage.auc_reuse, 0.72);
  EXPECT_GE(r->coverage.auc_top, 0.83);
  // Wholly derived stories are reported more often than non-derived ones.
  EXPECT_GT(r->reported_share[2], r->reported_share[0] + 0.5);
}

}  // namespace
}  // namespace textrace
