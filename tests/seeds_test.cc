// The seed set (../shared/seeds, see its LABELS.md): four web copies of one news story, read
// through the library exactly as the CLI reads them (default analyzer, the default thesaurus
// when installed, default AlignOptions). These are the targets textrace must meet first.
//
// The seed files are third-party text: they are read from the shared folder, never copied here.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/relate.h"
#include "textrace/thesaurus.h"

namespace textrace {
namespace {

const std::string kSeedDir = TEXTRACE_SOURCE_DIR "/../shared/seeds";

class SeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::is_directory(kSeedDir)) return;
    auto an = Analyzer::Create(AnalyzerOptions{});
    ASSERT_TRUE(an.ok()) << an.status().ToString();
    analyzer_ = std::move(an).value().release();
    for (const auto& entry : std::filesystem::directory_iterator(kSeedDir)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".txt" || name.size() < 4 || name[3] != '_') continue;
      auto bytes = ReadFileBytes(entry.path().string());
      ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
      auto doc = analyzer_->Analyze(name, std::move(bytes).value());
      ASSERT_TRUE(doc.ok()) << doc.status().ToString();
      (*docs_)[name.substr(0, 3)] = std::move(doc).value();
    }
    std::shared_ptr<const Thesaurus> thesaurus;
    const std::string path = Thesaurus::DefaultPath();
    if (std::filesystem::exists(path)) {
      auto t = Thesaurus::LoadMyThes(path, analyzer_);
      ASSERT_TRUE(t.ok()) << t.status().ToString();
      thesaurus = std::move(t).value();
    }
    has_thesaurus_ = thesaurus != nullptr;
    aligner_ = new Aligner(AlignOptions{}, thesaurus);
  }

  static void TearDownTestSuite() {
    delete aligner_;
    aligner_ = nullptr;
    delete analyzer_;
    analyzer_ = nullptr;
    docs_->clear();
  }

  void SetUp() override {
    if (!std::filesystem::is_directory(kSeedDir)) {
      GTEST_SKIP() << "seed set not found at " << kSeedDir
                   << " (the shared folder next to the project root)";
    }
    for (const char* id : {"000", "001", "002", "003"}) {
      if (docs_->count(id) == 0) GTEST_SKIP() << "seed " << id << "_*.txt missing in " << kSeedDir;
    }
    if (!has_thesaurus_) {
      std::printf("[ note ] no thesaurus at %s: seeds aligned without synonyms\n",
                  Thesaurus::DefaultPath().c_str());
    }
  }

  static const AnalyzedDocument& Seed(const std::string& id) { return docs_->at(id); }

  // Byte range of the sentence holding `marker` in `d`: from the line start or the end of the
  // previous sentence, to the next full stop.
  static std::pair<size_t, size_t> SentenceAround(const AnalyzedDocument& d,
                                                  const std::string& marker) {
    const size_t at = d.bytes.find(marker);
    EXPECT_NE(at, std::string::npos) << marker << " not in " << d.name;
    if (at == std::string::npos) return {0, 0};
    const size_t nl = d.bytes.rfind('\n', at);
    const size_t stop = d.bytes.rfind(". ", at);
    size_t begin = nl == std::string::npos ? 0 : nl + 1;
    if (stop != std::string::npos && stop + 2 > begin) begin = stop + 2;
    const size_t end = d.bytes.find('.', at + marker.size());
    return {begin, end == std::string::npos ? d.bytes.size() : end + 1};
  }

  static std::string Describe(const AnalyzedDocument& a, const AnalyzedDocument& b,
                              const std::vector<PassagePair>& ps) {
    std::string out;
    for (const PassagePair& p : ps) {
      out += "\n  A[" + std::to_string(p.a.begin_byte) + "," + std::to_string(p.a.end_byte) + ") " +
             std::string(a.Slice(p.a.begin_byte, p.a.end_byte).substr(0, 80)) + "...\n  B[" +
             std::to_string(p.b.begin_byte) + "," + std::to_string(p.b.end_byte) + ") " +
             std::string(b.Slice(p.b.begin_byte, p.b.end_byte).substr(0, 80)) + "...";
    }
    return out;
  }

  static Analyzer* analyzer_;
  static Aligner* aligner_;
  static bool has_thesaurus_;
  static std::map<std::string, AnalyzedDocument>* docs_;
};

Analyzer* SeedsTest::analyzer_ = nullptr;
Aligner* SeedsTest::aligner_ = nullptr;
bool SeedsTest::has_thesaurus_ = false;
std::map<std::string, AnalyzedDocument>* SeedsTest::docs_ =
    new std::map<std::string, AnalyzedDocument>();

TEST_F(SeedsTest, SpunRewrite000Of001IsAlignedNearlyWhole) {
  const AnalyzedDocument& a = Seed("000");
  const AnalyzedDocument& b = Seed("001");
  // 000 ends with site furniture ("Source link", "Leave a Reply", ...) that is not in 001: the
  // article is everything before the "Source link" line.
  const size_t article_end = a.bytes.find("\nSource link");
  ASSERT_NE(article_end, std::string::npos) << "furniture marker not found in " << a.name;
  ASSERT_GT(article_end, a.bytes.size() / 2);

  const auto ps = aligner_->Align(a, b);
  ASSERT_FALSE(ps.empty());
  // Same paragraphs in the same order: passages increase in both documents.
  for (size_t i = 1; i < ps.size(); ++i) {
    EXPECT_LE(ps[i - 1].a.end_byte, ps[i].a.begin_byte) << Describe(a, b, ps);
    EXPECT_LE(ps[i - 1].b.end_byte, ps[i].b.begin_byte) << Describe(a, b, ps);
  }
  // At least 80% of the article's words lie in passages.
  size_t article_tokens = 0, covered = 0;
  for (uint32_t t = 0; t < a.tokens.size(); ++t) {
    if (a.tokens[t].end_byte > article_end) break;
    ++article_tokens;
    for (const PassagePair& p : ps) {
      if (t >= p.a.first_token && t < p.a.end_token) {
        ++covered;
        break;
      }
    }
  }
  ASSERT_GT(article_tokens, 500u);
  EXPECT_GE(covered, 0.8 * article_tokens)
      << covered << " of " << article_tokens << " article words covered" << Describe(a, b, ps);
  const Comparison c = Relate(a, b, ps);
  EXPECT_EQ(c.relation, Relation::kRewrite) << RelationName(c.relation);
}

TEST_F(SeedsTest, SameStoryWithoutReuseHasNoPassage) {
  // 002 reports on the same people a week later: shared names, no shared passages.
  for (const char* other : {"000", "001", "003"}) {
    for (bool swap : {false, true}) {
      const AnalyzedDocument& a = swap ? Seed("002") : Seed(other);
      const AnalyzedDocument& b = swap ? Seed(other) : Seed("002");
      const auto ps = aligner_->Align(a, b);
      EXPECT_TRUE(ps.empty()) << a.name << " vs " << b.name << Describe(a, b, ps);
      EXPECT_EQ(Relate(a, b, ps).relation, Relation::kNone);
    }
  }
}

TEST_F(SeedsTest, Original001And003ShareTheDushanbeSentence) {
  const AnalyzedDocument& a = Seed("001");
  const AnalyzedDocument& b = Seed("003");
  const auto [s_begin, s_end] = SentenceAround(a, "were all protected in Dushanbe");
  ASSERT_LT(s_begin, s_end);
  ASSERT_NE(a.Slice(s_begin, s_end).find("Ahmad Massoud"), std::string_view::npos)
      << "unexpected sentence: " << a.Slice(s_begin, s_end);
  const auto ps = aligner_->Align(a, b);
  bool found = false;
  for (const PassagePair& p : ps) {
    const bool overlaps = p.a.begin_byte < s_end && s_begin < p.a.end_byte;
    const bool dushanbe =
        a.Slice(p.a.begin_byte, p.a.end_byte).find("Dushanbe") != std::string_view::npos;
    // 003 paraphrases the list of leaders: its side names them too.
    const bool leaders =
        b.Slice(p.b.begin_byte, p.b.end_byte).find("Pedram") != std::string_view::npos;
    found |= overlaps && dushanbe && leaders;
  }
  EXPECT_TRUE(found) << Describe(a, b, ps);
  const Comparison c = Relate(a, b, ps);
  EXPECT_EQ(c.relation, Relation::kPartial) << RelationName(c.relation);
}

TEST_F(SeedsTest, Rewrite000And003ShareTheLeadersSentence) {
  // Through 000's spun copy of the same sentence ("... have all been protected. Dushanbe, ...").
  const AnalyzedDocument& a = Seed("000");
  const AnalyzedDocument& b = Seed("003");
  const auto [s_begin, s_end] = SentenceAround(a, "have all been protected");
  ASSERT_LT(s_begin, s_end);
  const auto ps = aligner_->Align(a, b);
  bool found = false;
  for (const PassagePair& p : ps) {
    const bool overlaps = p.a.begin_byte < s_end && s_begin < p.a.end_byte;
    const bool leaders =
        b.Slice(p.b.begin_byte, p.b.end_byte).find("Pedram") != std::string_view::npos;
    found |= overlaps && leaders;
  }
  EXPECT_TRUE(found) << Describe(a, b, ps);
  EXPECT_EQ(Relate(a, b, ps).relation, Relation::kPartial);
}

TEST_F(SeedsTest, MojibakeIn001IsRepaired) {
  // 001's curly quotes are mojibake ("âIf we leave"): the words must come out clean.
  const AnalyzedDocument& d = Seed("001");
  EXPECT_GT(d.mojibake_repairs, 0);
  const size_t at = d.bytes.find("If we leave");
  ASSERT_NE(at, std::string::npos);
  bool found = false;
  for (const Token& t : d.tokens) {
    if (t.begin_byte == at) found = d.Text(t) == "If";
  }
  EXPECT_TRUE(found) << "no token 'If' at byte " << at;
}

}  // namespace
}  // namespace textrace
