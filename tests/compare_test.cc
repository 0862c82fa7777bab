// Compare: each side read as scan reads a document, and the pair aligned as scan aligns it, so
// compare and scan say the same of a pair whatever form its documents come in: HTML, a WARC
// record, UTF-16, Windows-1251 or -1252, gzip, standard input, or memory.
#include "textrace/compare.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unicode/ucnv.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ingest/input_testing.h"
#include "sample_testing.h"
#include "temp_dir_testing.h"
#include "textrace/engine.h"
#include "textrace/report.h"
#include "textrace/scan.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

// UTF-8 text in another encoding, by ICU.
std::string Encode(const std::string& utf8, const char* encoding) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(n);
  return out;
}

// Paragraphs as the main text of a page with navigation around it.
std::string Page(const std::string& text) {
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Wrenmouth harbour</title>"
      "</head><body><nav><a href=\"/\">Home</a> | <a href=\"/news\">News</a></nav><article>";
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find("\n\n", begin);
    if (end == std::string::npos) end = text.size();
    html += "<p>" + text.substr(begin, end - begin) + "</p>\n";
    begin = end + 2;
  }
  return html + "</article><footer>Copyright Wrenmouth Gazette</footer></body></html>";
}

// A Russian report and a lightly edited copy of it, for Windows-1251.
constexpr char kRussian[] =
    "Городской совет Ренмута проголосовал за восстановление портовой стены, разрушенной "
    "ноябрьским штормом. Работы обойдутся в четыре миллиона фунтов и займут два года.\n\n"
    "По словам инженеров, новая стена будет на метр выше старой и выдержит волны, которые "
    "случаются раз в столетие. Жители прибрежных улиц просили об этом с прошлой зимы.\n\n"
    "Противники проекта считают, что деньги лучше потратить на дома, пострадавшие от "
    "наводнения, и требуют провести общественные слушания до начала строительства.";
constexpr char kRussianCopy[] =
    "Городской совет Ренмута проголосовал за восстановление портовой стены, разрушенной "
    "ноябрьским штормом. Работы обойдутся в четыре миллиона фунтов и продлятся два года.\n\n"
    "По словам инженеров, новая стена будет на метр выше прежней и выдержит волны, которые "
    "случаются раз в столетие. Жители прибрежных улиц просили об этом с прошлой зимы.\n\n"
    "Противники проекта считают, что деньги лучше потратить на дома, пострадавшие от "
    "наводнения, и требуют провести общественные слушания до начала строительства.";

// A French report, for Windows-1252.
constexpr char kFrench[] =
    "Le conseil municipal de Wrenmouth a voté la reconstruction de la digue du port, détruite "
    "par la tempête de novembre. Les travaux coûteront quatre millions de livres et dureront "
    "deux ans.\n\nSelon les ingénieurs, la nouvelle digue sera plus haute d'un mètre et "
    "résistera aux vagues centennales. Les riverains réclamaient ces travaux depuis l'hiver "
    "dernier, après que l'eau a envahi les caves de la rue du Quai.\n\nLes opposants au projet "
    "préféreraient que l'argent aille aux maisons inondées et demandent une réunion publique "
    "avant le début du chantier, prévu à l'été.";

class CompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // No thesaurus: the test is about reading, and loading one takes a while.
    auto engine = Engine::Create(Options{}, nullptr);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = *engine;
    // The scan reports every aligned pair, so that the two are compared on all of them.
    Options every = engine_->options();
    every.evidence.min_evidence_score = 0;
    every.evidence.min_evidence_kept = 0;
    auto scan_engine = Engine::Create(every, nullptr);
    ASSERT_TRUE(scan_engine.ok());
    scan_engine_ = *scan_engine;
  }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return (dir_ / name).string();
  }

  // Compare and a scan of the two files relate them the same way, with the same passages; the
  // second document was read as `text_from` says. Returns the comparison.
  CompareResult ExpectCompareEqualsScan(const std::string& a, const std::string& b,
                                        const std::string& text_from) {
    auto c = Compare(*engine_, CompareInput::File(a), CompareInput::File(b));
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return {};
    EXPECT_EQ(c->b_input.text_from, text_from);
    EXPECT_NE(c->comparison.relation, Relation::kNone);
    auto s = Scan({a, b}, scan_engine_, ResourceOptions{});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) return *c;
    EXPECT_TRUE(s->skipped.empty()) << s->skipped[0].origin << ": " << s->skipped[0].reason;
    EXPECT_EQ(s->documents[1].text_from, text_from);
    EXPECT_EQ(s->pairs.size(), 1u);
    if (s->pairs.size() != 1) return *c;
    const Comparison& x = c->comparison;
    const Comparison& y = s->pairs[0].comparison;
    EXPECT_EQ(RelationName(x.relation), RelationName(y.relation));
    EXPECT_DOUBLE_EQ(x.coverage_a, y.coverage_a);
    EXPECT_DOUBLE_EQ(x.coverage_b, y.coverage_b);
    EXPECT_EQ(x.passages.size(), y.passages.size());
    for (size_t i = 0; i < std::min(x.passages.size(), y.passages.size()); ++i) {
      const PassagePair& p = x.passages[i];
      const PassagePair& q = y.passages[i];
      EXPECT_EQ(p.a.begin_byte, q.a.begin_byte);
      EXPECT_EQ(p.a.end_byte, q.a.end_byte);
      EXPECT_EQ(p.b.begin_byte, q.b.begin_byte);
      EXPECT_EQ(p.b.end_byte, q.b.end_byte);
      EXPECT_EQ(p.b.begin_char, q.b.begin_char);
      EXPECT_EQ(p.b.end_char, q.b.end_char);
      EXPECT_EQ(p.kind, q.kind);
      EXPECT_DOUBLE_EQ(p.score, q.score);
      EXPECT_EQ(p.edits.size(), q.edits.size());
    }
    return *c;
  }

  TempDir dir_{"compare"};
  std::shared_ptr<const Engine> engine_, scan_engine_;
};

TEST_F(CompareTest, PlainTextEqualsScan) {
  const std::string a = Write("original.txt", ReadSample("original_harbor.txt"));
  const CompareResult c =
      ExpectCompareEqualsScan(a, Write("spun.txt", ReadSample("spun_harbor.txt")), "");
  EXPECT_EQ(c.comparison.relation, Relation::kRewrite);
  EXPECT_TRUE(c.strong_evidence) << "a scan reports it";
  const auto j = nlohmann::json::parse(FormatComparisonJson(c, engine_->options()));
  EXPECT_EQ(j["evidence"], "strong");
  EXPECT_EQ(j["options"]["evidence"]["min_evidence_score"], 0.5);
}

TEST_F(CompareTest, HtmlPageIsComparedByItsMainText) {
  const std::string a = Write("original.txt", ReadSample("original_harbor.txt"));
  const CompareResult c = ExpectCompareEqualsScan(
      a, Write("spun.html", Page(ReadSample("spun_harbor.txt"))), "html (utf-8)");
  EXPECT_EQ(c.comparison.relation, Relation::kRewrite);
  // The markup is not words: the text compared is the article's.
  EXPECT_EQ(c.b.bytes.find("<p>"), std::string::npos);
  EXPECT_EQ(c.b.bytes.find("Copyright"), std::string::npos);
  // The same page without an .html name is recognised by its content.
  ExpectCompareEqualsScan(a, Write("spun-page", Page(ReadSample("spun_harbor.txt"))),
                          "html (utf-8)");
}

TEST_F(CompareTest, WarcRecordIsComparedByItsPage) {
  const std::string a = Write("original.txt", ReadSample("original_harbor.txt"));
  const std::string warc =
      testing::Record("request", "1", "GET / HTTP/1.1\r\n\r\n") +
      testing::Record("response", "2", testing::Http(Page(ReadSample("spun_harbor.txt"))), -1,
                      "https://gazette.example/harbour");
  const CompareResult c = ExpectCompareEqualsScan(a, Write("crawl.warc", warc), "html (utf-8)");
  EXPECT_EQ(c.b_input.url, "https://gazette.example/harbour");
  // And gzip-compressed, as crawls are kept.
  ExpectCompareEqualsScan(a, Write("crawl.warc.gz", testing::Gzip(warc)), "html (utf-8)");
}

TEST_F(CompareTest, Utf16IsDecoded) {
  const std::string a = Write("original.txt", ReadSample("original_harbor.txt"));
  // With a byte-order mark, and without (recognised by its zero bytes).
  const std::string with_bom = "\xFF\xFE" + Encode(ReadSample("spun_harbor.txt"), "UTF-16LE");
  const CompareResult c = ExpectCompareEqualsScan(a, Write("spun16.txt", with_bom), "utf-16le");
  EXPECT_EQ(c.comparison.relation, Relation::kRewrite);
  ExpectCompareEqualsScan(
      a, Write("spun16be.txt", Encode(ReadSample("spun_harbor.txt"), "UTF-16BE")), "utf-16be");
}

TEST_F(CompareTest, LegacyEncodingsAreDecoded) {
  const std::string a = Write("original.txt", ReadSample("original_harbor.txt"));
  (void)a;
  // Windows-1252: a French report and its copy.
  const std::string fr = Write("fr.txt", kFrench);
  const CompareResult f = ExpectCompareEqualsScan(
      fr, Write("fr1252.txt", Encode(kFrench, "windows-1252")), "windows-1252");
  EXPECT_EQ(f.comparison.relation, Relation::kDuplicate);
  EXPECT_EQ(f.b.bytes, kFrench) << "decoded to the same UTF-8";
  // Windows-1251: a Russian report and its lightly edited copy.
  const std::string ru = Write("ru.txt", kRussian);
  const CompareResult c = ExpectCompareEqualsScan(
      ru, Write("ru1251.txt", Encode(kRussianCopy, "windows-1251")), "windows-1251");
  EXPECT_EQ(c.comparison.relation, Relation::kDuplicate) << "two words changed of 60";
  EXPECT_EQ(c.b.bytes, kRussianCopy) << "decoded to the same UTF-8";
}

TEST_F(CompareTest, GzipFileIsDecompressed) {
  const std::string a = Write("original.txt", ReadSample("original_harbor.txt"));
  const CompareResult c = ExpectCompareEqualsScan(
      a, Write("spun.txt.gz", testing::Gzip(ReadSample("spun_harbor.txt"))), "");
  EXPECT_EQ(c.b.bytes, ReadSample("spun_harbor.txt"));
}

TEST_F(CompareTest, MemoryInputIsReadAsAFileWouldBe) {
  const std::string page = Page(ReadSample("spun_harbor.txt"));
  auto from_memory = Compare(*engine_, CompareInput::Memory("a", ReadSample("original_harbor.txt")),
                             CompareInput::Memory("page.html", page));
  auto from_files =
      Compare(*engine_, CompareInput::File(Write("a", ReadSample("original_harbor.txt"))),
              CompareInput::File(Write("page.html", page)));
  ASSERT_TRUE(from_memory.ok() && from_files.ok());
  EXPECT_EQ(from_memory->b_input.text_from, "html (utf-8)");
  EXPECT_EQ(from_memory->b.bytes, from_files->b.bytes);
  ASSERT_EQ(from_memory->comparison.passages.size(), from_files->comparison.passages.size());
  EXPECT_EQ(from_memory->comparison.passages[0].b.end_byte,
            from_files->comparison.passages[0].b.end_byte);
  // Bytes that no scan would read are refused with the reason, naming the input.
  auto binary = Compare(*engine_, CompareInput::Memory("blob.bin", std::string(100, '\0')),
                        CompareInput::Memory("a", "Some words here."));
  ASSERT_FALSE(binary.ok());
  EXPECT_EQ(binary.status().message().rfind("blob.bin: not text", 0), 0u)
      << binary.status().message();
}

TEST_F(CompareTest, AnInputOfSeveralDocumentsNeedsAnId) {
  nlohmann::json lines[] = {{{"id", "original"}, {"text", ReadSample("original_harbor.txt")}},
                            {{"id", "spun"}, {"text", ReadSample("spun_harbor.txt")}},
                            {{"id", "chess"}, {"text", ReadSample("unrelated_chess.txt")}},
                            {{"id", "bakery"}, {"text", ReadSample("unrelated_bakery.txt")}}};
  std::string jsonl;
  for (const auto& l : lines) jsonl += l.dump() + "\n";
  const std::string corpus = Write("corpus.jsonl", jsonl);
  auto none = Compare(*engine_, CompareInput::File(corpus), CompareInput::File(corpus));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("holds 4 documents (original, spun, chess, ...)"),
            std::string::npos)
      << none.status().message();
  auto picked =
      Compare(*engine_, CompareInput::File(corpus, "original"), CompareInput::File(corpus, "spun"));
  ASSERT_TRUE(picked.ok()) << picked.status().ToString();
  EXPECT_EQ(picked->comparison.relation, Relation::kRewrite);
  EXPECT_EQ(picked->a.name, "original");
  auto missing =
      Compare(*engine_, CompareInput::File(corpus, "nope"), CompareInput::File(corpus, "spun"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("no document with id 'nope'"), std::string::npos);
}

TEST_F(CompareTest, AutoOrderIsTheSameEitherWayRoundAndGivenOrderIsRecorded) {
  const std::string summary = Write("summary.txt", ReadSample("summary_harbor.txt"));
  const std::string original = Write("original.txt", ReadSample("original_harbor.txt"));
  auto ab = Compare(*engine_, CompareInput::File(summary), CompareInput::File(original));
  auto ba = Compare(*engine_, CompareInput::File(original), CompareInput::File(summary));
  ASSERT_TRUE(ab.ok() && ba.ok());
  EXPECT_EQ(ab->comparison.relation, ba->comparison.relation);
  ASSERT_EQ(ab->comparison.passages.size(), ba->comparison.passages.size());
  for (size_t i = 0; i < ab->comparison.passages.size(); ++i) {
    EXPECT_EQ(ab->comparison.passages[i].a.begin_byte, ba->comparison.passages[i].b.begin_byte);
    EXPECT_EQ(ab->comparison.passages[i].b.end_byte, ba->comparison.passages[i].a.end_byte);
  }
  auto given = Compare(*engine_, CompareInput::File(summary), CompareInput::File(original),
                       PairOrder::kGiven);
  ASSERT_TRUE(given.ok());
  const auto auto_json = nlohmann::json::parse(FormatComparisonJson(*ab, engine_->options()));
  const auto given_json = nlohmann::json::parse(FormatComparisonJson(*given, engine_->options()));
  EXPECT_EQ(auto_json["options"]["order"], "auto");
  EXPECT_EQ(given_json["options"]["order"], "given");
  EXPECT_EQ(auto_json["options"]["align"]["summary_copy_coverage"], 0.65);
  EXPECT_EQ(auto_json["direction"], "unknown");
  EXPECT_EQ(auto_json["direction_reason"], "no dates");
}

// Standard input is one document, read as a file's content would be (gzip too).
TEST_F(CompareTest, StandardInputEqualsTheFile) {
  const std::string a = Write("original.txt", ReadSample("original_harbor.txt"));
  const std::string b = Write("spun.html.gz", testing::Gzip(Page(ReadSample("spun_harbor.txt"))));
  auto run = [](const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (p == nullptr) return out;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
    EXPECT_EQ(pclose(p), 0) << command;
    return out;
  };
  const std::string cli = std::string(TEXTRACE_CLI) + " compare --no-synonyms --format json ";
  const auto from_file = nlohmann::json::parse(run(cli + "'" + a + "' '" + b + "'"));
  const auto from_stdin = nlohmann::json::parse(run(cli + "'" + a + "' - < '" + b + "'"));
  EXPECT_EQ(from_stdin["b"]["name"], "<stdin>");
  EXPECT_EQ(from_stdin["b"]["text_from"], "html (utf-8)");
  EXPECT_EQ(from_stdin["relation"], "rewrite");
  for (const char* key : {"relation", "coverage_a", "coverage_b", "passages"}) {
    EXPECT_EQ(from_stdin[key], from_file[key]) << key;
  }
  // With --input-format jsonl, standard input holds JSON lines (as every input then does).
  auto line = [](const char* id, const std::string& text) {
    return nlohmann::json{{"id", id}, {"text", text}}.dump() + "\n";
  };
  const std::string a_line =
      Write("original.line", line("original", ReadSample("original_harbor.txt")));
  const std::string b_line = Write("spun.line", line("spun", ReadSample("spun_harbor.txt")));
  const auto from_jsonl = nlohmann::json::parse(
      run(cli + "--input-format jsonl '" + a_line + "' - < '" + b_line + "'"));
  EXPECT_EQ(from_jsonl["a"]["name"], "original");
  EXPECT_EQ(from_jsonl["b"]["name"], "spun");
  EXPECT_EQ(from_jsonl["relation"], "rewrite");
}

// Short documents (a headline, a post, one sentence) are related as a whole: a passage may be
// shorter than min_passage_chars when it is most of the shorter document. Texts on other
// matters stay unrelated, and a short text copied into a long one is found in it.
TEST_F(CompareTest, ShortDocumentsAreRelatedAsAWhole) {
  const std::string headline =
      "Wrenmouth council votes to rebuild the harbour flood wall for 4.2 million pounds.";
  const std::string copy =
      "Wrenmouth council votes to rebuild harbour flood wall for £4.2 million.";
  auto c = Compare(*engine_, CompareInput::Memory("headline", headline),
                   CompareInput::Memory("copy", copy));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_NE(c->comparison.relation, Relation::kNone);
  EXPECT_TRUE(c->strong_evidence) << "a scan reports the pair";
  ASSERT_EQ(c->comparison.passages.size(), 1u);
  EXPECT_GT(c->comparison.coverage_b, 0.9);

  const std::string other =
      "The bakery on Quay Street will open an hour earlier on weekdays from next month.";
  auto unrelated = Compare(*engine_, CompareInput::Memory("headline", headline),
                           CompareInput::Memory("other", other));
  ASSERT_TRUE(unrelated.ok());
  EXPECT_EQ(unrelated->comparison.relation, Relation::kNone);

  // The council's vote, as the article's first sentence puts it, quoted as a post.
  const std::string post =
      "The town council voted 7 to 2 on Tuesday evening to rebuild the harbour flood wall.";
  auto in_article =
      Compare(*engine_, CompareInput::Memory("article", ReadSample("original_harbor.txt")),
              CompareInput::Memory("post", post));
  ASSERT_TRUE(in_article.ok());
  EXPECT_NE(in_article->comparison.relation, Relation::kNone);
  ASSERT_FALSE(in_article->comparison.passages.empty());
  // Found in the article's first sentence, where the vote is.
  EXPECT_LT(in_article->comparison.passages[0].a.end_byte,
            ReadSample("original_harbor.txt").find('\n') + 1);

  // With the floor absolute (--short-passage-share 0), as before: nothing under 150 characters.
  Options absolute = engine_->options();
  absolute.align.short_passage_share = 0;
  auto engine = Engine::Create(absolute, nullptr);
  ASSERT_TRUE(engine.ok());
  auto floor = Compare(**engine, CompareInput::Memory("headline", headline),
                       CompareInput::Memory("copy", copy));
  ASSERT_TRUE(floor.ok());
  EXPECT_EQ(floor->comparison.relation, Relation::kNone);
}

}  // namespace
}  // namespace textrace
