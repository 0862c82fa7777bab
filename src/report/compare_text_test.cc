// The compare text report's side-by-side view: the rows of an aligned pair of sentences start on
// the same line on both sides, runs of changed words are marked once, synonym swaps have a mark
// of their own, paragraph breaks stay, and no line is wider than asked.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "align/edit_script.h"
#include "textrace/compare.h"
#include "textrace/engine.h"
#include "textrace/report.h"

namespace textrace {
namespace {

constexpr int kWidth = 80;
constexpr size_t kColumn = (kWidth - 3) / 2;  // 38: "left | right"

class CompareTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Create(Options{}, nullptr);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = *engine;
    auto analyzer = engine_->NewAnalyzer();
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
    analyzer_ = std::move(*analyzer);
  }

  // A and B as one passage pair over both whole texts, with their word-level edit script.
  CompareResult WholePassage(const std::string& a, const std::string& b) {
    CompareResult r;
    r.a = analyzer_->Analyze("a.txt", a).value();
    r.b = analyzer_->Analyze("b.txt", b).value();
    PassagePair p;
    auto span = [](const AnalyzedDocument& d) {
      TextSpan s;
      s.end_token = static_cast<uint32_t>(d.tokens.size());
      s.begin_byte = d.tokens.front().begin_byte;
      s.end_byte = d.tokens.back().end_byte;
      s.begin_char = d.tokens.front().begin_char;
      s.end_char = d.tokens.back().end_char;
      return s;
    };
    p.a = span(r.a);
    p.b = span(r.b);
    uint32_t kept = 0;
    p.edits = EditScript(r.a, 0, p.a.end_token, r.b, 0, p.b.end_token, nullptr, &kept);
    p.kept = 2.0 * kept / (p.a.end_token + p.b.end_token);
    p.score = 0.5;
    p.kind = PassageKind::kParaphrase;
    r.comparison.relation = Relation::kRewrite;
    r.comparison.passages.push_back(std::move(p));
    return r;
  }

  std::shared_ptr<const Engine> engine_;
  std::unique_ptr<Analyzer> analyzer_;
};

std::string Text(const CompareResult& r, int width = kWidth, bool color = false) {
  TextReportOptions o;
  o.width = width;
  o.color = color;
  return FormatComparisonText(r, o);
}

// The side-by-side lines of the first passage (after its "#1 ..." line), split into columns
// (ASCII texts: a column is as many bytes as it is wide).
struct Row {
  std::string left, right;
};
std::vector<Row> Columns(const std::string& text) {
  std::vector<Row> rows;
  size_t at = text.find("\n#1 ");
  EXPECT_NE(at, std::string::npos) << text;
  at = text.find('\n', at + 1);
  while (at != std::string::npos && at + 1 < text.size()) {
    const size_t end = text.find('\n', at + 1);
    const std::string line = text.substr(at + 1, end - at - 1);
    if (line.rfind("#", 0) == 0) break;
    EXPECT_GE(line.size(), kColumn + 2) << line;
    EXPECT_EQ(line.substr(kColumn, 2), " |") << "column separator misplaced: " << line;
    Row r;
    r.left = line.substr(0, kColumn);
    while (!r.left.empty() && r.left.back() == ' ') r.left.pop_back();
    if (line.size() > kColumn + 3) r.right = line.substr(kColumn + 3);
    rows.push_back(r);
    at = end;
  }
  return rows;
}

// The line on which `left` starts the left column, or -1.
int LineStartingLeft(const std::vector<Row>& rows, const std::string& left) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].left.rfind(left, 0) == 0) return static_cast<int>(i);
  }
  return -1;
}
int LineStartingRight(const std::vector<Row>& rows, const std::string& right) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].right.rfind(right, 0) == 0) return static_cast<int>(i);
  }
  return -1;
}

TEST_F(CompareTextTest, AlignedSentencesStartOnTheSameLine) {
  // A's first sentence takes several lines, B's one line; an inserted sentence of B has no
  // partner; the sentences after each start on the same line on both sides. (The texts share no
  // words across sentences, so that the word-level edit script pairs them as meant.)
  const std::string a =
      "The council met on Tuesday evening, argued for many hours about money, costs, loans and "
      "taxes, and voted late. "
      "The harbour wall will be rebuilt before the winter storms arrive. "
      "Fishermen welcomed the decision at once.";
  const std::string b =
      "The council met on Tuesday. "
      "The harbour wall will be rebuilt before the winter storms come. "
      "A brass band played outside while the chess club held its annual tournament nearby. "
      "Fishermen welcomed the decision at once.";
  const std::string text = Text(WholePassage(a, b));
  const std::vector<Row> rows = Columns(text);
  const int wall_a = LineStartingLeft(rows, "The harbour wall");
  const int wall_b = LineStartingRight(rows, "The harbour wall");
  ASSERT_GE(wall_a, 3) << "A's first sentence wraps over several lines\n" << text;
  EXPECT_EQ(wall_a, wall_b) << "the second sentence starts both columns on the same line";
  EXPECT_EQ(LineStartingRight(rows, "The council met"), 0);
  EXPECT_EQ(LineStartingLeft(rows, "The council met"), 0);
  // The inserted sentence is a row of its own: A is empty beside it.
  const int band = LineStartingRight(rows, "{+A brass band");
  ASSERT_GT(band, wall_b);
  EXPECT_EQ(rows[band].left, "");
  const int fish_a = LineStartingLeft(rows, "Fishermen welcomed");
  EXPECT_GT(fish_a, band);
  EXPECT_EQ(fish_a, LineStartingRight(rows, "Fishermen welcomed"));
}

TEST_F(CompareTextTest, RunsOfChangedWordsAreMarkedOnce) {
  const CompareResult r =
      WholePassage("Prices in the harbour market rose by more than ten percent last year.",
                   "Prices in the harbour market rose by in excess of ten percent last year.");
  const std::string text = Text(r);
  EXPECT_NE(text.find("[-more than-]"), std::string::npos) << text;
  EXPECT_NE(text.find("{+in excess of+}"), std::string::npos) << text;
  EXPECT_EQ(text.find("[-more-]"), std::string::npos) << text;
  EXPECT_EQ(text.find("{+in+}"), std::string::npos) << text;
  EXPECT_NE(text.find("changed words: [-in A-] {+in B+}   synonym swaps: {~in A~} {~in B~}\n"),
            std::string::npos)
      << text;
  // In colour, one escape per run.
  const std::string color = Text(r, kWidth, true);
  EXPECT_NE(color.find("\x1b[31mmore than\x1b[0m"), std::string::npos) << color;
  EXPECT_NE(color.find("\x1b[32min excess of\x1b[0m"), std::string::npos) << color;
}

TEST_F(CompareTextTest, SynonymSwapsHaveAMarkOfTheirOwn) {
  CompareResult r = WholePassage("The storm closed the big harbour for three days.",
                                 "The storm closed the large harbour for three days.");
  bool marked = false;
  for (EditOp& e : r.comparison.passages[0].edits) {
    if (e.kind == EditKind::kReplace) e.synonym = marked = true;  // as the thesaurus would
  }
  ASSERT_TRUE(marked);
  const std::string text = Text(r);
  EXPECT_NE(text.find("{~big~}"), std::string::npos) << text;
  EXPECT_NE(text.find("{~large~}"), std::string::npos) << text;
  EXPECT_EQ(text.find("[-big-]"), std::string::npos) << text;
  const std::string color = Text(r, kWidth, true);
  EXPECT_NE(color.find("\x1b[33mbig\x1b[0m"), std::string::npos) << color;
  EXPECT_NE(color.find("\x1b[33mlarge\x1b[0m"), std::string::npos) << color;
}

TEST_F(CompareTextTest, ParagraphBreaksAreBlankRows) {
  // Paragraphs parted by blank lines; a single line break inside one is a wrapped line.
  const std::string a =
      "The storm closed the harbour\nfor three days last week.\n\n"
      "The fishing boats stayed at their moorings.";
  // One paragraph per line: each line break ends one.
  const std::string b =
      "The storm shut the harbour for three days last week.\n"
      "The fishing boats stayed at their moorings.";
  const std::string text = Text(WholePassage(a, b));
  const std::vector<Row> rows = Columns(text);
  const int boats = LineStartingLeft(rows, "The fishing boats");
  ASSERT_GE(boats, 2) << text;
  EXPECT_EQ(LineStartingRight(rows, "The fishing boats"), boats);
  EXPECT_EQ(rows[boats - 1].left, "");
  EXPECT_EQ(rows[boats - 1].right, "");
  EXPECT_EQ(LineStartingLeft(rows, "for three days"), -1) << "a wrapped line is joined";
}

TEST_F(CompareTextTest, NoLineIsWiderThanAskedAndTheTextIsShownRepaired) {
  // A long URL is cut to fit its column; "âIf" (a quote's UTF-8 read as Windows-1252, its last
  // bytes lost) is shown repaired, as the analyzer read it.
  const std::string a =
      "See https://example.com/a/very/long/path/that/does/not/fit/in/one/column/at/all.html "
      "for the plan. \xC3\xA2If we wait, the wall will fall, he said.";
  const std::string b =
      "See https://example.com/a/very/long/path/that/does/not/fit/in/one/column/at/all.html "
      "for the scheme. \"If we wait, the wall will fall,\" he said.";
  const CompareResult r = WholePassage(a, b);
  ASSERT_GT(r.a.mojibake_repairs, 0);
  for (int width : {60, 80, 120}) {
    const std::string text = Text(r, width);
    size_t begin = text.find("\n#1 ");
    begin = text.find('\n', begin + 1) + 1;
    for (size_t end; begin < text.size(); begin = end + 1) {
      end = text.find('\n', begin);
      const std::string line = text.substr(begin, end - begin);
      EXPECT_LE(line.size(), static_cast<size_t>(width)) << line;
    }
    EXPECT_EQ(text.find("\xC3\xA2"), std::string::npos) << text;
    EXPECT_NE(text.find("\"If we"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace textrace
