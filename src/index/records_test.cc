// Index records read back exactly as written; damaged bytes are refused.
#include "index/records.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "textrace/compare.h"
#include "textrace/engine.h"

namespace textrace::index {
namespace {

namespace fs = std::filesystem;

std::string Sample(const char* name) {
  std::ifstream in(fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample" / name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(IndexRecordsTest, ADocumentReadsBackAsWritten) {
  DocumentRecord r;
  r.document = {"doc-7",
                "Jan 5, 2024",
                "https://example.org/7",
                "corpus.jsonl:7",
                2633,
                2593,
                458,
                "html (utf-8)",
                R"({"source":"wire"})",
                "jsonl field 'date'",
                ParseDate("Jan 5, 2024"),
                "es"};
  r.anchors = 1234;
  r.batch = 3;
  const std::string bytes = EncodeDocument(r);
  DocumentRecord back;
  ASSERT_TRUE(DecodeDocument(bytes, &back));
  EXPECT_EQ(back.document.id, "doc-7");
  EXPECT_EQ(back.document.origin, "corpus.jsonl:7");
  EXPECT_EQ(back.document.fields, R"({"source":"wire"})");
  EXPECT_EQ(back.document.date_from, "jsonl field 'date'");
  EXPECT_EQ(back.document.words, 458);
  EXPECT_EQ(back.document.language, "es");
  ASSERT_TRUE(back.document.when.has_value());
  EXPECT_EQ(FormatDate(*back.document.when), "2024-01-05");
  EXPECT_EQ(back.anchors, 1234u);
  EXPECT_EQ(back.batch, 3u);
  EXPECT_EQ(EncodeDocument(back), bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(DecodeDocument(bytes.substr(0, cut), &back)) << "cut at " << cut;
  }
}

TEST(IndexRecordsTest, ADocumentOfTheFirstFormatReadsWithoutALanguage) {
  // Indexes made before the language was recorded (document records of version 1) stay readable.
  DocumentRecord r;
  r.document.id = "old";
  r.document.words = 12;
  r.batch = 1;
  const std::string v2 = EncodeDocument(r);  // version 2, an empty language last (one byte)
  ASSERT_EQ(v2[0], '\x02');
  ASSERT_EQ(v2.back(), '\0');
  const std::string v1 = "\x01" + v2.substr(1, v2.size() - 2);
  DocumentRecord back;
  back.document.language = "xx";
  ASSERT_TRUE(DecodeDocument(v1, &back));
  EXPECT_EQ(back.document.id, "old");
  EXPECT_EQ(back.document.words, 12);
  EXPECT_EQ(back.document.language, "");
  EXPECT_FALSE(DecodeDocument("\x03" + v2.substr(1), &back)) << "a later version is refused";
}

TEST(IndexRecordsTest, APairReadsBackWithItsPassagesAndEdits) {
  auto engine = Engine::Create(Options{});
  ASSERT_TRUE(engine.ok());
  auto c = Compare(**engine, CompareInput::Memory("a", Sample("original_harbor.txt")),
                   CompareInput::Memory("b", Sample("spun_harbor.txt")));
  ASSERT_TRUE(c.ok());
  ScanPair p;
  p.a = 3;
  p.b = 9;
  p.comparison = c->comparison;
  p.direction = Direction::kUnknown;
  p.direction_reason = "no dates";
  p.found_by = CandidateStage::kAnchors;
  const std::string bytes = EncodePair(p);
  ScanPair back;
  ASSERT_TRUE(DecodePair(bytes, 3, 9, &back));
  EXPECT_EQ(EncodePair(back), bytes);
  EXPECT_EQ(back.comparison.relation, Relation::kRewrite);
  ASSERT_EQ(back.comparison.passages.size(), p.comparison.passages.size());
  const PassagePair& x = back.comparison.passages[0];
  const PassagePair& y = p.comparison.passages[0];
  EXPECT_EQ(x.a.end_byte, y.a.end_byte);
  EXPECT_EQ(x.b.end_char, y.b.end_char);
  EXPECT_EQ(x.score, y.score);
  ASSERT_EQ(x.edits.size(), y.edits.size());
  bool synonym = false;
  for (size_t i = 0; i < x.edits.size(); ++i) {
    EXPECT_EQ(x.edits[i].kind, y.edits[i].kind);
    EXPECT_EQ(x.edits[i].b_end_byte, y.edits[i].b_end_byte);
    EXPECT_EQ(x.edits[i].synonym, y.edits[i].synonym);
    synonym |= x.edits[i].synonym;
  }
  EXPECT_TRUE(synonym) << "the spun pair has synonym swaps";
  EXPECT_EQ(back.direction_reason, "no dates");
  EXPECT_EQ(back.found_by, CandidateStage::kAnchors);
  EXPECT_FALSE(DecodePair(bytes.substr(0, bytes.size() - 1), 3, 9, &back));
  EXPECT_FALSE(DecodePair("\x02" + bytes.substr(1), 3, 9, &back)) << "another version";
}

}  // namespace
}  // namespace textrace::index
