// The HTML report: a small page skeleton, the viewer (src/report/viewer/, embedded at build
// time) and the data in <script type="application/json"> blocks, which the browser does not
// execute and the viewer parses only when it needs them:
//   #textrace-data  the overview: summary, options, skipped, documents, families, pairs
//   #pair-N         passage pairs of pair N with their edits, offsets in UTF-16 code units
//   #doc-N          the text of document N (an index into the overview's documents), a JSON
//                   string: the text as the analyzer read it (report/display_text.h: each
//                   invalid UTF-8 sequence one U+FFFD, mojibake repaired, controls as spaces)
// The viewer's offsets count UTF-16 code units of those texts, what JavaScript strings index.
// The report's offsets count bytes of the texts as read; they are mapped onto the texts as shown
// here, so the viewer needs no map of its own: repairing "âIf" to "\"If" shortens the text, and
// every offset after it moves with it.
// Each #pair-N is followed by the #doc-N blocks that no earlier pair needed, so that the first
// pairs of a large file open before the whole file is read.
#include "textrace/html_report.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/display_text.h"
#include "report/json_util.h"
#include "report/viewer_assets.h"  // generated: kViewerJs, kViewerCss
#include "util/parallel.h"

namespace textrace {

using nlohmann::json;

namespace {

double Round4(double x) { return std::round(x * 1e4) / 1e4; }
double Round3(double x) { return std::round(x * 1e3) / 1e3; }

// Appends `s` as a JSON string literal that is valid UTF-8 and safe inside a <script> block.
void AppendJsonString(std::string_view s, std::string* out) {
  out->reserve(out->size() + s.size() + s.size() / 32 + 2);
  out->push_back('"');
  AppendJsonEscaped(s, true, out);
  out->push_back('"');
}

// JSON (as nlohmann writes it: "<" only inside strings) made safe inside a <script> block.
std::string ScriptSafeJson(const json& j) {
  const std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && s.compare(i, 2, "</") == 0) {
      out.append("<\\/");
      ++i;
    } else if (s[i] == '<' && s.compare(i, 4, "<!--") == 0) {
      out.append("<\\u0021--");
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

const char* EditCode(EditKind k) {
  switch (k) {
    case EditKind::kReplace:
      return "r";
    case EditKind::kInsert:
      return "i";
    case EditKind::kDelete:
      return "d";
    case EditKind::kKeep:
      break;
  }
  return "k";
}

// The #pair-N block: each passage pair's spans and its edits (keeps left out) as
// [op, a_begin, a_end, b_begin, b_end, synonym], offsets in UTF-16 units of the texts as shown
// (`a`, `b`: DisplayText), -1 for a side without words.
json PairDetailJson(const DisplayText& a, const DisplayText& b,
                    const std::vector<PassagePair>& ps) {
  auto ua = [&](uint32_t byte) { return a.Unit(byte); };
  auto ub = [&](uint32_t byte) { return b.Unit(byte); };
  json passages = json::array();
  for (const PassagePair& p : ps) {
    json edits = json::array();
    for (const EditOp& e : p.edits) {
      if (e.kind == EditKind::kKeep) continue;
      const bool has_a = e.a_end > e.a_begin, has_b = e.b_end > e.b_begin;
      edits.push_back(json::array({EditCode(e.kind), has_a ? int64_t{ua(e.a_begin_byte)} : -1,
                                   has_a ? int64_t{ua(e.a_end_byte)} : -1,
                                   has_b ? int64_t{ub(e.b_begin_byte)} : -1,
                                   has_b ? int64_t{ub(e.b_end_byte)} : -1, e.synonym ? 1 : 0}));
    }
    passages.push_back({{"a", {ua(p.a.begin_byte), ua(p.a.end_byte)}},
                        {"b", {ub(p.b.begin_byte), ub(p.b.end_byte)}},
                        {"a_words", p.a.end_token - p.a.first_token},
                        {"b_words", p.b.end_token - p.b.first_token},
                        {"kind", PassageKindName(p.kind)},
                        {"aligned_by", p.by_words ? "words" : "sentences"},
                        {"score", Round4(p.score)},
                        {"kept", Round4(p.kept)},
                        {"edits", std::move(edits)}});
  }
  return json{{"passages", std::move(passages)}};
}

// The overview lists pairs and documents as rows of values (a 10,000-pair report stays a few
// MB and parses fast); the data's "fields" names the columns.
json Fields() {
  return json{{"pairs",
               {"a", "b", "relation", "coverage_a", "coverage_b", "score", "passages", "direction",
                "direction_reason", "found_by"}},
              {"documents",
               {"id", "words", "bytes", "chars", "family", "date", "url", "text_from",
                "invalid_utf8_sequences"}}};
}

json PairRow(uint32_t a, uint32_t b, const Comparison& c, const std::string& direction,
             const std::string& direction_reason, const std::string& found_by) {
  return json::array({a, b, RelationName(c.relation), Round4(c.coverage_a), Round4(c.coverage_b),
                      Round4(PairScore(c)), c.passages.size(), direction, direction_reason,
                      found_by});
}

json DocumentRow(const std::string& id, int64_t words, int64_t bytes, int64_t chars, int64_t family,
                 const std::string& date, const std::string& url, const std::string& text_from,
                 int64_t invalid_utf8_sequences) {
  return json::array({Utf8Safe(id), words, bytes, chars, family, Utf8Safe(date), Utf8Safe(url),
                      Utf8Safe(text_from), invalid_utf8_sequences});
}

// What the page is made of; the blocks are produced on demand, the pair blocks in parallel.
struct HtmlSource {
  std::string title;
  json data;
  size_t pairs = 0;
  std::function<StatusOr<json>(size_t pair)> pair_detail;
  size_t docs = 0;
  std::function<StatusOr<std::string>(size_t doc)> doc_text;
  // The two documents (indices into the page's documents) that pair i shows.
  std::function<std::pair<size_t, size_t>(size_t pair)> pair_docs;
  int threads = 1;
};

Status WriteHtml(const HtmlSource& src, const Emit& emit) {
  std::string head =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"generator\" content=\"textrace\">\n<title>";
  head += HtmlEscape(src.title);
  head += "</title>\n<style>\n";
  head += kViewerCss;
  head +=
      "</style>\n</head>\n<body>\n<noscript><p>This report is shown by JavaScript, which is "
      "disabled. Its data is in the JSON blocks of this file.</p></noscript>\n"
      "<div id=\"app\"></div>\n<script type=\"application/json\" id=\"textrace-data\">";
  RETURN_IF_ERROR(emit(head));
  RETURN_IF_ERROR(emit(ScriptSafeJson(src.data)));
  // The viewer runs as soon as the overview data is in: it draws the overview while the rest of
  // the file (pair and document blocks) is still being read.
  RETURN_IF_ERROR(emit("</script>\n<script>\n"));
  RETURN_IF_ERROR(emit(kViewerJs));
  RETURN_IF_ERROR(emit("</script>\n"));

  // Each pair's block is followed by the texts it needs that came with no earlier pair, so while
  // a large file is still loading, the pairs read so far can already be opened (the viewer checks
  // that their blocks are complete); the table lists pairs in this order at first.
  std::vector<bool> written(src.docs, false);
  std::string block;
  auto write_doc = [&](size_t d) -> Status {
    if (d >= src.docs || written[d]) return Status::Ok();
    written[d] = true;
    ASSIGN_OR_RETURN(const std::string text, src.doc_text(d));
    block = "<script type=\"application/json\" id=\"doc-" + std::to_string(d) + "\">";
    AppendJsonString(text, &block);
    block += "</script>\n";
    return emit(block);
  };
  constexpr size_t kBlock = 256;
  std::vector<std::string> blocks;
  for (size_t begin = 0; begin < src.pairs; begin += kBlock) {
    blocks.assign(std::min(kBlock, src.pairs - begin), std::string());
    RETURN_IF_ERROR(ParallelFor(blocks.size(), src.threads, [&](size_t i, int) -> Status {
      ASSIGN_OR_RETURN(const json detail, src.pair_detail(begin + i));
      blocks[i] = "<script type=\"application/json\" id=\"pair-" + std::to_string(begin + i) +
                  "\">" + ScriptSafeJson(detail) + "</script>\n";
      return Status::Ok();
    }));
    for (size_t i = 0; i < blocks.size(); ++i) {
      RETURN_IF_ERROR(emit(blocks[i]));
      const auto [a, b] = src.pair_docs(begin + i);
      RETURN_IF_ERROR(write_doc(a));
      RETURN_IF_ERROR(write_doc(b));
    }
  }
  for (size_t d = 0; d < src.docs; ++d) RETURN_IF_ERROR(write_doc(d));
  return emit("</body>\n</html>\n");
}

}  // namespace

Status WriteScanHtml(const ScanResult& r, const Options& o, const Emit& emit, int threads) {
  // Only documents in a related pair are shown (they are the families' members); `slot` maps a
  // document to its place in the page's list, -1 for the others.
  std::vector<int64_t> slot(r.documents.size(), -1);
  for (const ScanPair& p : r.pairs) slot[p.a] = slot[p.b] = 0;
  std::vector<uint32_t> shown;
  for (uint32_t d = 0; d < r.documents.size(); ++d) {
    if (slot[d] < 0) continue;
    slot[d] = static_cast<int64_t>(shown.size());
    shown.push_back(d);
  }
  std::vector<int64_t> family_of(r.documents.size(), -1);
  json families = json::array();
  for (size_t f = 0; f < r.families.size(); ++f) {
    json members = json::array();
    for (uint32_t m : r.families[f].members) {
      family_of[m] = static_cast<int64_t>(f);
      if (slot[m] >= 0) members.push_back(slot[m]);
    }
    const Family& fam = r.families[f];
    families.push_back({{"source", fam.source.has_value() ? slot[*fam.source] : -1},
                        {"source_reason", fam.source_reason},
                        {"members", std::move(members)}});
  }
  json documents = json::array();
  for (uint32_t d : shown) {
    const ScanDocument& doc = r.documents[d];
    documents.push_back(DocumentRow(doc.id, doc.words, doc.bytes, doc.chars, family_of[d], doc.date,
                                    doc.url, doc.text_from, 0));
  }
  json pairs = json::array();
  for (const ScanPair& p : r.pairs) {
    pairs.push_back(PairRow(static_cast<uint32_t>(slot[p.a]), static_cast<uint32_t>(slot[p.b]),
                            p.comparison, DirectionName(p.direction), p.direction_reason,
                            CandidateStageName(p.found_by)));
  }
  json skipped = json::array();
  for (const SkipRecord& k : r.skipped) {
    skipped.push_back({{"origin", Utf8Safe(k.origin)}, {"reason", Utf8Safe(k.reason)}});
  }
  const ScanStats& s = r.stats;
  json summary = RunSummaryJson(r);
  summary["verify_chunks"] = s.verify_chunks;
  summary["spill_bytes"] = s.spill_bytes;
  summary["seconds"] = {{"read", Round3(s.read_seconds)},
                        {"analyze", Round3(s.analyze_seconds)},
                        {"boilerplate", Round3(s.boilerplate_seconds)},
                        {"candidates", Round3(s.candidate_seconds)},
                        {"verify", Round3(s.align_seconds)},
                        {"total", Round3(s.total_seconds)}};
  json options = ScanOptionsJson(o);
  const bool repair = o.analyzer.repair_mojibake;
  HtmlSource src;
  src.title = "textrace scan: " + std::to_string(r.documents.size()) + " documents, " +
              std::to_string(r.pairs.size()) + " related pairs";
  src.data = json{{"format", "textrace-html/1"},
                  {"mode", "scan"},
                  {"fields", Fields()},
                  {"summary", std::move(summary)},
                  {"skipped", std::move(skipped)},
                  {"options", std::move(options)},
                  {"documents", std::move(documents)},
                  {"families", std::move(families)},
                  {"pairs", std::move(pairs)}};
  src.pairs = r.pairs.size();
  src.pair_detail = [&](size_t i) -> StatusOr<json> {
    const ScanPair& p = r.pairs[i];
    ASSIGN_OR_RETURN(const std::string a, r.texts->Text(p.a));
    ASSIGN_OR_RETURN(const std::string b, r.texts->Text(p.b));
    return PairDetailJson(DisplayText(a, repair), DisplayText(b, repair), p.comparison.passages);
  };
  src.docs = shown.size();
  src.doc_text = [&](size_t i) -> StatusOr<std::string> {
    ASSIGN_OR_RETURN(const std::string text, r.texts->Text(shown[i]));
    return DisplayText(text, repair).Utf8();
  };
  src.pair_docs = [&](size_t i) {
    return std::pair<size_t, size_t>(slot[r.pairs[i].a], slot[r.pairs[i].b]);
  };
  src.threads = ResolveThreads(threads);
  return WriteHtml(src, emit);
}

std::string FormatComparisonHtml(const CompareResult& r, const Options& o) {
  const AnalyzedDocument& a = r.a;
  const AnalyzedDocument& b = r.b;
  const Comparison& c = r.comparison;
  auto doc_row = [](const AnalyzedDocument& d, const InputDocument& in) {
    return DocumentRow(d.name, static_cast<int64_t>(d.tokens.size()),
                       static_cast<int64_t>(d.bytes.size()), d.char_length, -1, in.date, in.url,
                       in.text_from, d.invalid_utf8_sequences);
  };
  json options = CompareOptionsJson(o);
  options["order"] = PairOrderName(r.order);
  const DirectionFinding direction = DirectionFromDates(r.a_input.date, r.b_input.date);
  HtmlSource src;
  src.title = "textrace compare: " + Utf8Safe(a.name) + " | " + Utf8Safe(b.name);
  src.data = json{{"format", "textrace-html/1"},
                  {"mode", "compare"},
                  {"fields", Fields()},
                  {"summary", {{"documents", 2}, {"passages", c.passages.size()}}},
                  {"skipped", json::array()},
                  {"options", options},
                  {"documents", json::array({doc_row(a, r.a_input), doc_row(b, r.b_input)})},
                  {"families", json::array()},
                  {"pairs", json::array({PairRow(0, 1, c, DirectionName(direction.direction),
                                                 direction.reason, "")})}};
  src.pairs = 1;
  // The texts as the analyzer read them (with no mojibake repaired, repairing reads alike).
  const DisplayText shown_a(a.bytes, a.mojibake_repairs > 0);
  const DisplayText shown_b(b.bytes, b.mojibake_repairs > 0);
  src.pair_detail = [&](size_t) -> StatusOr<json> {
    return PairDetailJson(shown_a, shown_b, c.passages);
  };
  src.docs = 2;
  src.doc_text = [&](size_t i) -> StatusOr<std::string> {
    return (i == 0 ? shown_a : shown_b).Utf8();
  };
  src.pair_docs = [](size_t) { return std::pair<size_t, size_t>(0, 1); };
  std::string out;
  const Status st = WriteHtml(src, [&](std::string_view piece) {
    out += piece;
    return Status::Ok();
  });
  (void)st;  // writing into a string cannot fail
  return out;
}

}  // namespace textrace
