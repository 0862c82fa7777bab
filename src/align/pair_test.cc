// AlignPair: a document pair aligned the same way in either order, as scan and compare align it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/relate.h"
#include "textrace/report.h"
#include "textrace/thesaurus.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

AnalyzedDocument Read(Analyzer* analyzer, const fs::path& path) {
  auto bytes = ReadFileBytes(path.string());
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto doc = analyzer->Analyze(path.filename().string(), bytes.ok() ? *bytes : std::string());
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? std::move(doc).value() : AnalyzedDocument{};
}

std::shared_ptr<const Thesaurus> LoadThesaurus(Analyzer* analyzer) {
  if (!fs::exists(Thesaurus::DefaultPath())) return nullptr;
  auto th = Thesaurus::LoadMyThes(Thesaurus::DefaultPath(), analyzer);
  return th.ok() ? *th : nullptr;
}

// The passages of AlignPair(a, b) and of AlignPair(b, a) with its sides swapped back.
void ExpectSameEitherWayRound(const Aligner& aligner, const AnalyzedDocument& a,
                              const AnalyzedDocument& b) {
  const std::vector<PassagePair> ab = AlignPair(aligner, a, b);
  std::vector<PassagePair> ba = AlignPair(aligner, b, a);
  for (PassagePair& p : ba) SwapSides(&p);
  std::sort(ba.begin(), ba.end(), [](const PassagePair& x, const PassagePair& y) {
    return x.a.begin_char < y.a.begin_char;
  });
  ASSERT_EQ(ab.size(), ba.size()) << a.name << " / " << b.name;
  for (size_t i = 0; i < ab.size(); ++i) {
    EXPECT_EQ(ab[i].kind, ba[i].kind) << i;
    EXPECT_EQ(ab[i].a.begin_char, ba[i].a.begin_char) << i;
    EXPECT_EQ(ab[i].a.end_char, ba[i].a.end_char) << i;
    EXPECT_EQ(ab[i].b.begin_char, ba[i].b.begin_char) << i;
    EXPECT_EQ(ab[i].b.end_char, ba[i].b.end_char) << i;
    EXPECT_EQ(ab[i].score, ba[i].score) << i;
  }
}

TEST(AlignPairTest, SampleRelationsAreTheSameEitherWayRound) {
  const fs::path sample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
  auto analyzer = Analyzer::Create(AnalyzerOptions{});
  ASSERT_TRUE(analyzer.ok());
  const Aligner aligner(AlignOptions{}, LoadThesaurus(analyzer->get()));
  const AnalyzedDocument original = Read(analyzer->get(), sample / "original_harbor.txt");
  for (const char* other : {"spun_harbor.txt", "partial_harbor.txt", "summary_harbor.txt"}) {
    SCOPED_TRACE(other);
    const AnalyzedDocument d = Read(analyzer->get(), sample / other);
    ExpectSameEitherWayRound(aligner, original, d);
  }
  // The summary is found with either document given first (the shorter one summarises).
  const AnalyzedDocument summary = Read(analyzer->get(), sample / "summary_harbor.txt");
  for (const bool summary_first : {true, false}) {
    const std::vector<PassagePair> ps = summary_first ? AlignPair(aligner, summary, original)
                                                      : AlignPair(aligner, original, summary);
    ASSERT_FALSE(ps.empty()) << summary_first;
    EXPECT_EQ(
        Relate(summary_first ? summary : original, summary_first ? original : summary, ps).relation,
        Relation::kSummary)
        << summary_first;
  }
}

TEST(AlignPairTest, CopiedParagraphOfAShortSourceIsACopyEitherWayRound) {
  // PAN 2013: source-document01023 (2,352 bytes) has a paragraph, [378, 861), copied verbatim to
  // [4419, 4902) of suspicious-document00044 (12,164 bytes). With the source as the aligner's
  // first document it reads as one summary over 950-7148 of the other.
  const fs::path corpus = fs::path(TEXTRACE_SOURCE_DIR) / ".." / "shared" / "data" / "pan13-train";
  if (!fs::exists(corpus))
    GTEST_SKIP() << "no PAN corpus at " << corpus << " (../shared is absent)";
  auto analyzer = Analyzer::Create(AnalyzerOptions{});
  ASSERT_TRUE(analyzer.ok());
  const Aligner aligner(AlignOptions{}, LoadThesaurus(analyzer->get()));
  const AnalyzedDocument src = Read(analyzer->get(), corpus / "src" / "source-document01023.txt");
  const AnalyzedDocument susp =
      Read(analyzer->get(), corpus / "susp" / "suspicious-document00044.txt");
  ExpectSameEitherWayRound(aligner, src, susp);
  bool copy = false;
  for (const PassagePair& p : AlignPair(aligner, src, susp)) {
    EXPECT_NE(p.kind, PassageKind::kSummary);
    copy |= p.kind == PassageKind::kVerbatim && p.a.begin_char <= 378 + 20 &&
            p.a.end_char + 20 >= 861 && p.b.begin_char <= 4419 + 20 && p.b.end_char + 20 >= 4902;
  }
  EXPECT_TRUE(copy);
  bool summary = false;  // what the aligner alone says with the source first
  for (const PassagePair& p : aligner.Align(src, susp)) summary |= p.kind == PassageKind::kSummary;
  EXPECT_TRUE(summary);
}

}  // namespace
}  // namespace textrace
