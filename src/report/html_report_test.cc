// The HTML report: what goes into the file (the overview data, one text block per document in a
// pair, one passage block per pair), that texts cannot break out of their blocks, that the
// viewer's UTF-16 offsets land exactly on the passages whatever the text holds, and that the
// page needs no network.
#include "textrace/html_report.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "textrace/align.h"
#include "textrace/compare.h"
#include "textrace/document.h"
#include "textrace/engine.h"
#include "textrace/relate.h"
#include "textrace/scan.h"

namespace textrace {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class VectorTexts : public TextStore {
 public:
  explicit VectorTexts(std::vector<std::string> texts) : texts_(std::move(texts)) {}
  StatusOr<std::string> Text(uint32_t d) const override { return texts_.at(d); }
  StatusOr<std::string> Record(uint32_t) const override { return std::string(); }

 private:
  std::vector<std::string> texts_;
};

// A passage pair over the first occurrence of `pa` in `a` and of `pb` in `b`.
PassagePair Passage(const std::string& a, const std::string& pa, const std::string& b,
                    const std::string& pb) {
  PassagePair p;
  const size_t ia = a.find(pa), ib = b.find(pb);
  EXPECT_NE(ia, std::string::npos) << pa;
  EXPECT_NE(ib, std::string::npos) << pb;
  p.a.begin_byte = static_cast<uint32_t>(ia);
  p.a.end_byte = static_cast<uint32_t>(ia + pa.size());
  p.b.begin_byte = static_cast<uint32_t>(ib);
  p.b.end_byte = static_cast<uint32_t>(ib + pb.size());
  p.a.end_token = 10;
  p.b.end_token = 10;
  p.score = 0.8;
  p.kept = 0.7;
  p.kind = PassageKind::kNearVerbatim;
  return p;
}

// An edit replacing word `wa` of A (searched from byte `from_a`) by `wb` of B.
EditOp Edit(EditKind kind, const std::string& a, const std::string& wa, const std::string& b,
            const std::string& wb, size_t from_a = 0, size_t from_b = 0) {
  EditOp e;
  e.kind = kind;
  if (!wa.empty()) {
    const size_t i = a.find(wa, from_a);
    EXPECT_NE(i, std::string::npos) << wa;
    e.a_begin = 1;
    e.a_end = 2;
    e.a_begin_byte = static_cast<uint32_t>(i);
    e.a_end_byte = static_cast<uint32_t>(i + wa.size());
  }
  if (!wb.empty()) {
    const size_t i = b.find(wb, from_b);
    EXPECT_NE(i, std::string::npos) << wb;
    e.b_begin = 1;
    e.b_end = 2;
    e.b_begin_byte = static_cast<uint32_t>(i);
    e.b_end_byte = static_cast<uint32_t>(i + wb.size());
  }
  return e;
}

ScanDocument Doc(const std::string& id, const std::string& text) {
  ScanDocument d;
  d.id = id;
  d.bytes = static_cast<int64_t>(text.size());
  d.words = 20;
  return d;
}

// Three documents, the first and the last related by one spun passage; the middle one unrelated.
ScanResult SmallScan(const std::string& text_a, const std::string& text_b,
                     const std::string& passage_a, const std::string& passage_b) {
  ScanResult r;
  const std::string unrelated = "A recipe for bread: flour, water, salt and patience.";
  r.documents = {Doc("alpha.txt", text_a), Doc("unrelated.txt", unrelated),
                 Doc("beta.txt", text_b)};
  r.texts = std::make_shared<VectorTexts>(std::vector<std::string>{text_a, unrelated, text_b});
  ScanPair p;
  p.a = 0;
  p.b = 2;
  p.comparison.relation = Relation::kRewrite;
  p.comparison.coverage_a = 0.61;
  p.comparison.coverage_b = 0.73;
  p.comparison.passages.push_back(Passage(text_a, passage_a, text_b, passage_b));
  p.found_by = CandidateStage::kAnchors;
  p.direction = Direction::kUnknown;
  p.direction_reason = "no dates";
  r.pairs.push_back(std::move(p));
  r.families.push_back(Family{{0, 2}, std::nullopt, "2 of 2 members without a readable date"});
  r.stats.documents_read = 3;
  r.stats.candidates = 2;
  r.stats.total_seconds = 1.25;
  return r;
}

std::string ScanHtml(const ScanResult& r, const Options& o = Options{}) {
  std::string out;
  const Status st = WriteScanHtml(r, o, [&](std::string_view piece) {
    out += piece;
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t i = haystack.find(needle); i != std::string::npos; i = haystack.find(needle, i + 1)) {
    ++n;
  }
  return n;
}

// The raw content of <script type="application/json" id="ID">, or nullopt.
std::optional<std::string> Block(const std::string& html, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  const size_t b = html.find(open);
  if (b == std::string::npos) return std::nullopt;
  const size_t start = b + open.size();
  // Where an HTML parser ends a script block: the first "</script" (any case) after its start.
  std::string lower = html.substr(start);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t e = lower.find("</script");
  if (e == std::string::npos) return std::nullopt;
  return html.substr(start, e);
}

json BlockJson(const std::string& html, const std::string& id) {
  const auto b = Block(html, id);
  if (!b) {
    ADD_FAILURE() << "no block " << id;
    return json();
  }
  return json::parse(*b);
}

// UTF-8 (valid) to UTF-16, written here independently of the library.
std::u16string Utf16(const std::string& s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    size_t n;
    if (c < 0x80) {
      cp = c, n = 1;
    } else if (c < 0xE0) {
      cp = c & 0x1F, n = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F, n = 3;
    } else {
      cp = c & 0x07, n = 4;
    }
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += n;
  }
  return out;
}

// The text of document `doc` of the page, as the viewer's JSON.parse gives it, in UTF-16.
std::u16string PageText(const std::string& html, int doc) {
  const json j = BlockJson(html, "doc-" + std::to_string(doc));
  EXPECT_TRUE(j.is_string());
  return j.is_string() ? Utf16(j.get<std::string>()) : std::u16string();
}

// Row `i` of the overview's `table` ("pairs" or "documents") as an object, by data["fields"].
json Row(const json& data, const std::string& table, size_t i) {
  json o = json::object();
  const json& fields = data["fields"][table];
  for (size_t f = 0; f < fields.size(); ++f) o[fields[f].get<std::string>()] = data[table][i][f];
  return o;
}

std::u16string Slice(const std::u16string& s, const json& range) {
  const size_t b = range[0].get<size_t>(), e = range[1].get<size_t>();
  EXPECT_LE(b, e);
  EXPECT_LE(e, s.size());
  return s.substr(b, e - b);
}

const std::string kTextA =
    "Harbour news. The storm closed the old harbour for three days, and the fishing boats "
    "stayed at their moorings while the wind tore at the roofs of the market.";
const std::string kTextB =
    "Local report. The tempest shut the old harbour for three days, and the fishing vessels "
    "remained at their moorings while the gale ripped at the roofs of the market.";
const std::string kPassageA =
    "The storm closed the old harbour for three days, and the fishing boats stayed at their "
    "moorings while the wind tore at the roofs of the market.";
const std::string kPassageB =
    "The tempest shut the old harbour for three days, and the fishing vessels remained at their "
    "moorings while the gale ripped at the roofs of the market.";

TEST(HtmlReportScanTest, DataBlockAndOneTextBlockPerDocumentInAPair) {
  const ScanResult r = SmallScan(kTextA, kTextB, kPassageA, kPassageB);
  const std::string html = ScanHtml(r);
  const json data = BlockJson(html, "textrace-data");
  EXPECT_EQ(data["mode"], "scan");
  ASSERT_EQ(data["documents"].size(), 2u) << "only documents in a pair are listed";
  EXPECT_EQ(Row(data, "documents", 0)["id"], "alpha.txt");
  EXPECT_EQ(Row(data, "documents", 1)["id"], "beta.txt");
  ASSERT_EQ(data["pairs"].size(), 1u);
  EXPECT_EQ(Row(data, "pairs", 0)["a"], 0);
  EXPECT_EQ(Row(data, "pairs", 0)["b"], 1);
  EXPECT_EQ(Row(data, "pairs", 0)["relation"], "rewrite");
  EXPECT_EQ(Row(data, "pairs", 0)["found_by"], "anchors");
  EXPECT_DOUBLE_EQ(Row(data, "pairs", 0)["coverage_b"].get<double>(), 0.73);
  ASSERT_EQ(data["families"].size(), 1u);
  EXPECT_EQ(data["families"][0]["members"], json::array({0, 1}));
  // One text block per listed document, none for the unrelated one, whose text stays out.
  EXPECT_TRUE(Block(html, "doc-0"));
  EXPECT_TRUE(Block(html, "doc-1"));
  EXPECT_FALSE(Block(html, "doc-2"));
  EXPECT_EQ(html.find("recipe for bread"), std::string::npos);
  EXPECT_EQ(PageText(html, 0), Utf16(kTextA));
  EXPECT_EQ(PageText(html, 1), Utf16(kTextB));
  EXPECT_TRUE(Block(html, "pair-0"));
  EXPECT_FALSE(Block(html, "pair-1"));
  // A page: charset, title, the viewer and its print styles inline.
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<title>textrace scan: 3 documents, 1 related pairs</title>"),
            std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("block('textrace-data')"), std::string::npos);
  EXPECT_EQ(html.rfind("</html>\n"), html.size() - 8);
}

TEST(HtmlReportScanTest, ScriptEndTagInATextCannotEndItsBlock) {
  const std::string a = "Before. " + kPassageA +
                        " Then </script><script>alert(1)</script> and <!--<script> and "
                        "</SCRIPT > and a \"quote\", a backslash \\ and a tab\there.";
  const std::string b = kTextB + " </style></head>";
  const ScanResult r = SmallScan(a, b, kPassageA, kPassageB);
  const std::string html = ScanHtml(r);
  // Every "</script" in the file closes one of the page's own five script elements (data,
  // viewer, pair, two texts), and no "<!--" can switch the tokenizer to its escaped states.
  std::string lower = html;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(Count(lower, "</script"), 5u);
  EXPECT_EQ(Count(html, "<script type=\"application/json\""), 4u);
  EXPECT_EQ(Count(lower, "<!--"), 0u);
  // And the blocks, cut where a browser cuts them, give back the texts exactly.
  EXPECT_EQ(PageText(html, 0), Utf16(a));
  EXPECT_EQ(PageText(html, 1), Utf16(b));
  EXPECT_NE(html.find("<\\/script>"), std::string::npos);
}

TEST(HtmlReportScanTest, Utf16OffsetsLandOnPassagesAfterEmojiAndInvalidBytes) {
  // Before the passages: an astral emoji (4 bytes, 2 UTF-16 units), a 2-byte letter, two
  // invalid single bytes, a truncated 3-byte sequence (one invalid sequence), a 3-byte char.
  const std::string prefix_a =
      "Intro \xF0\x9F\x98\x80 caf\xC3\xA9 \xFF\xFE bad \xE2\x82 cut \xE2\x82\xAC end. ";
  const std::string prefix_b = "\xF0\x9F\x8C\x8A\xF0\x9F\x8C\x8A waves \xC0\xAF! ";
  const std::string pa = "The storm \xF0\x9F\x8C\xA9 closed the old harbour for three days.";
  const std::string pb = "The tempest shut the old harbour for three days.";
  const std::string a = prefix_a + pa + " Tail \xF0\x9F\x98\x80.";
  const std::string b = prefix_b + pb + " More.";
  ScanResult r = SmallScan(a, b, pa, pb);
  PassagePair& p = r.pairs[0].comparison.passages[0];
  p.edits = {Edit(EditKind::kKeep, a, "The", b, "The"),
             Edit(EditKind::kReplace, a, "storm", b, "tempest"),
             Edit(EditKind::kDelete, a, "\xF0\x9F\x8C\xA9", b, ""),
             Edit(EditKind::kReplace, a, "closed", b, "shut"),
             Edit(EditKind::kInsert, a, "", b, "old", 0, prefix_b.size())};
  p.edits[1].synonym = true;
  const std::string html = ScanHtml(r);

  // Invalid sequences became one U+FFFD each, as Utf8SequenceAt delimits them.
  const std::u16string text_a = PageText(html, 0);
  const std::u16string text_b = PageText(html, 1);
  const std::u16string want_a =
      u"Intro \U0001F600 caf\u00E9 \uFFFD\uFFFD bad \uFFFD cut \u20AC end. ";
  const std::u16string want_b = u"\U0001F30A\U0001F30A waves \uFFFD\uFFFD! ";
  EXPECT_EQ(text_a.substr(0, want_a.size()), want_a);
  EXPECT_EQ(text_b.substr(0, want_b.size()), want_b);

  const json detail = BlockJson(html, "pair-0");
  ASSERT_EQ(detail["passages"].size(), 1u);
  const json& q = detail["passages"][0];
  EXPECT_EQ(Slice(text_a, q["a"]), Utf16(pa));
  EXPECT_EQ(Slice(text_b, q["b"]), Utf16(pb));
  EXPECT_EQ(q["kind"], "near_verbatim");
  // Edits (keeps left out): [op, a_begin, a_end, b_begin, b_end, synonym].
  const json& edits = q["edits"];
  ASSERT_EQ(edits.size(), 4u);
  EXPECT_EQ(edits[0][0], "r");
  EXPECT_EQ(edits[0][5], 1);
  EXPECT_EQ(Slice(text_a, {edits[0][1], edits[0][2]}), u"storm");
  EXPECT_EQ(Slice(text_b, {edits[0][3], edits[0][4]}), u"tempest");
  EXPECT_EQ(edits[1][0], "d");
  EXPECT_EQ(Slice(text_a, {edits[1][1], edits[1][2]}), u"\U0001F329");
  EXPECT_EQ(edits[1][3], -1);
  EXPECT_EQ(edits[2][0], "r");
  EXPECT_EQ(Slice(text_a, {edits[2][1], edits[2][2]}), u"closed");
  EXPECT_EQ(Slice(text_b, {edits[2][3], edits[2][4]}), u"shut");
  EXPECT_EQ(edits[3][0], "i");
  EXPECT_EQ(edits[3][1], -1);
  EXPECT_EQ(Slice(text_b, {edits[3][3], edits[3][4]}), u"old");
}

TEST(HtmlReportScanTest, TextsAreShownRepairedAndOffsetsFollowTheRepair) {
  // Mojibake before and inside the passages: "â€œ" (a curly quote's UTF-8 read as Windows-1252:
  // three code points, seven bytes) and a lone "â" (the quote's last bytes lost) are shown as
  // the analyzer reads them, “ and ", which shortens the text; the offsets still land on the
  // passage and on its changed words. A control character shows as a space.
  const std::string prefix_a =
      "Intro \xC3\xA2\xE2\x82\xAC\xC5\x93quoted\xC3\xA2\xE2\x82\xAC\xC2\x9D "
      "and \x01 a bell. ";
  const std::string pa = "\xC3\xA2If we leave the storm closed the old harbour for three days.";
  const std::string pb = "\"If we go the tempest shut the old harbour for three days.";
  const std::string a = prefix_a + pa + " Tail.";
  const std::string b = "Before. " + pb + " More.";
  ScanResult r = SmallScan(a, b, pa, pb);
  PassagePair& p = r.pairs[0].comparison.passages[0];
  p.edits = {Edit(EditKind::kReplace, a, "leave", b, "go"),
             Edit(EditKind::kReplace, a, "storm", b, "tempest"),
             Edit(EditKind::kReplace, a, "closed", b, "shut")};
  p.edits[1].synonym = true;
  const std::string html = ScanHtml(r);
  const std::u16string text_a = PageText(html, 0);
  EXPECT_EQ(text_a.substr(0, 32), u"Intro \u201Cquoted\u201D and   a bell. \"If");
  EXPECT_EQ(text_a.find(u"\u00E2"), std::u16string::npos) << "no mojibake left";
  const json q = BlockJson(html, "pair-0")["passages"][0];
  EXPECT_EQ(Slice(text_a, q["a"]),
            u"\"If we leave the storm closed the old harbour for three days.");
  const json& edits = q["edits"];
  ASSERT_EQ(edits.size(), 3u);
  EXPECT_EQ(Slice(text_a, {edits[0][1], edits[0][2]}), u"leave");
  EXPECT_EQ(Slice(text_a, {edits[1][1], edits[1][2]}), u"storm");
  EXPECT_EQ(Slice(text_a, {edits[2][1], edits[2][2]}), u"closed");
  EXPECT_EQ(Slice(PageText(html, 1), {edits[1][3], edits[1][4]}), u"tempest");

  // With the repair off (as the analyzer then reads it), the text is shown as it is.
  Options raw;
  raw.analyzer.repair_mojibake = false;
  const std::string html_raw = ScanHtml(r, raw);
  const std::u16string text_raw = PageText(html_raw, 0);
  EXPECT_EQ(text_raw.substr(0, 10), u"Intro \u00E2\u20AC\u0153q");
  const json q_raw = BlockJson(html_raw, "pair-0")["passages"][0];
  EXPECT_EQ(Slice(text_raw, q_raw["a"]), Utf16(pa));
}

TEST(HtmlReportScanTest, SummaryOptionsAndSkippedDocumentsAreInTheData) {
  ScanResult r = SmallScan(kTextA, kTextB, kPassageA, kPassageB);
  r.skipped.push_back({"corpus.jsonl:7", "malformed JSON line"});
  r.skipped.push_back({"empty.txt", "empty document"});
  r.stats.documents_skipped = 2;
  r.stats.candidates_minhash = 1;
  r.stats.candidates_anchors = 1;
  Options o;
  o.candidates.shingle_words = 7;
  o.align.min_passage_chars = 123;
  const json data = BlockJson(ScanHtml(r, o), "textrace-data");
  EXPECT_EQ(data["summary"]["documents"], 3);
  EXPECT_EQ(data["summary"]["documents_skipped"], 2);
  EXPECT_EQ(data["summary"]["candidates"], 2);
  EXPECT_EQ(data["summary"]["candidates_by_stage"]["anchors"], 1);
  EXPECT_DOUBLE_EQ(data["summary"]["seconds"]["total"].get<double>(), 1.25);
  ASSERT_EQ(data["skipped"].size(), 2u);
  EXPECT_EQ(data["skipped"][0]["origin"], "corpus.jsonl:7");
  EXPECT_EQ(data["skipped"][1]["reason"], "empty document");
  EXPECT_EQ(data["options"]["candidates"]["shingle_words"], 7);
  EXPECT_EQ(data["options"]["align"]["min_passage_chars"], 123);
}

TEST(HtmlReportScanTest, NeedsNoNetworkAndHasNoInlineHandlers) {
  const std::string html = ScanHtml(SmallScan(kTextA, kTextB, kPassageA, kPassageB));
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("//cdn"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos) << "CSP forbids any fetch";
  EXPECT_FALSE(std::regex_search(html, std::regex("<[a-z]+[^>]*\\son[a-z]+=")))
      << "no inline event handler attributes";
}

TEST(HtmlReportScanTest, AnEmitFailureStopsTheReport) {
  const ScanResult r = SmallScan(kTextA, kTextB, kPassageA, kPassageB);
  int calls = 0;
  const Status st = WriteScanHtml(r, Options{}, [&](std::string_view) {
    return ++calls == 2 ? IoError("disk full") : Status::Ok();
  });
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_EQ(calls, 2);
}

TEST(HtmlReportScanTest, NoPairsGivesAnEmptyOverview) {
  ScanResult r;
  r.documents = {Doc("lonely.txt", "Nothing to see here.")};
  r.texts = std::make_shared<VectorTexts>(std::vector<std::string>{"Nothing to see here."});
  const std::string html = ScanHtml(r);
  const json data = BlockJson(html, "textrace-data");
  EXPECT_EQ(data["pairs"].size(), 0u);
  EXPECT_EQ(data["documents"].size(), 0u);
  EXPECT_FALSE(Block(html, "doc-0"));
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(HtmlReportCompareTest, OnePairThatOpensInThePairView) {
  const fs::path dir = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
  auto engine = Engine::Create(Options{}, nullptr);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto r = Compare(**engine,
                   CompareInput::Memory("original_harbor.txt", ReadFile(dir / "original_harbor.txt")),
                   CompareInput::Memory("spun_harbor.txt", ReadFile(dir / "spun_harbor.txt")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Comparison& c = r->comparison;
  ASSERT_FALSE(c.passages.empty());
  const std::string html = FormatComparisonHtml(*r, (*engine)->options());
  const json data = BlockJson(html, "textrace-data");
  EXPECT_EQ(data["mode"], "compare") << "the viewer opens compare pages on their pair";
  ASSERT_EQ(data["pairs"].size(), 1u);
  EXPECT_EQ(Row(data, "pairs", 0)["relation"], RelationName(c.relation));
  EXPECT_EQ(Row(data, "documents", 0)["id"], "original_harbor.txt");
  EXPECT_EQ(Row(data, "documents", 1)["id"], "spun_harbor.txt");
  EXPECT_FALSE(Block(html, "pair-1"));
  EXPECT_FALSE(Block(html, "doc-2"));
  // Every passage's offsets select exactly its text in both documents.
  const std::u16string ta = PageText(html, 0), tb = PageText(html, 1);
  const json detail = BlockJson(html, "pair-0");
  ASSERT_EQ(detail["passages"].size(), c.passages.size());
  bool replaced = false;
  for (size_t i = 0; i < c.passages.size(); ++i) {
    const PassagePair& p = c.passages[i];
    const json& q = detail["passages"][i];
    EXPECT_EQ(Slice(ta, q["a"]), Utf16(std::string(r->a.Slice(p.a.begin_byte, p.a.end_byte))));
    EXPECT_EQ(Slice(tb, q["b"]), Utf16(std::string(r->b.Slice(p.b.begin_byte, p.b.end_byte))));
    for (const json& e : q["edits"]) replaced |= e[0] == "r";
  }
  EXPECT_TRUE(replaced) << "a spun pair shows replaced words";
}

// Through the CLI, as a user runs it.
class HtmlReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/textrace_html_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  int Run(const std::string& args) {
    const std::string cmd = std::string("'") + TEXTRACE_CLI + "' " + args + " >'" +
                            (dir_ / "stdout").string() + "' 2>'" + (dir_ / "stderr").string() + "'";
    return std::system(cmd.c_str());
  }
  fs::path dir_;
};

TEST_F(HtmlReportCliTest, ScanAndCompareWriteHtmlBesideTheirUsualOutput) {
  const fs::path sample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
  ASSERT_EQ(Run("scan '" + sample.string() + "' --threads 2 --no-progress -o '" +
                (dir_ / "r.jsonl").string() + "' --html '" + (dir_ / "r.html").string() + "'"),
            0)
      << ReadFile(dir_ / "stderr");
  const std::string jsonl = ReadFile(dir_ / "r.jsonl");
  const std::string html = ReadFile(dir_ / "r.html");
  const json data = BlockJson(html, "textrace-data");
  EXPECT_GT(data["pairs"].size(), 0u);
  EXPECT_EQ(data["pairs"].size(), Count(jsonl, "\"type\":\"pair\""));
  // No temporary file left beside it.
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  }

  // Without -o, only the HTML report is written.
  ASSERT_EQ(Run("scan '" + sample.string() + "' --threads 2 --no-progress --html '" +
                (dir_ / "only.html").string() + "'"),
            0);
  EXPECT_EQ(ReadFile(dir_ / "stdout"), "");
  EXPECT_EQ(BlockJson(ReadFile(dir_ / "only.html"), "textrace-data")["pairs"].size(),
            data["pairs"].size());

  ASSERT_EQ(
      Run("compare --no-color '" + (sample / "original_harbor.txt").string() + "' '" +
          (sample / "spun_harbor.txt").string() + "' --html '" + (dir_ / "c.html").string() + "'"),
      0)
      << ReadFile(dir_ / "stderr");
  EXPECT_NE(ReadFile(dir_ / "stdout").find("relation:"), std::string::npos)
      << "the text report still goes to stdout";
  const json cdata = BlockJson(ReadFile(dir_ / "c.html"), "textrace-data");
  EXPECT_EQ(cdata["mode"], "compare");
  EXPECT_EQ(cdata["pairs"].size(), 1u);
}

}  // namespace
}  // namespace textrace
