#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "report/json_util.h"
#include "textrace/eval.h"
#include "textrace/relate.h"
#include "textrace/report.h"
#include "util/utf8.h"

namespace textrace {

using nlohmann::json;

namespace {

// Counts code points, as a rough display width.
size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

struct Word {
  std::string text;  // with markers
  size_t width;      // visible width
};

// The words of passage `s` of `d`, changed ones marked. `changed` holds token ranges.
std::vector<Word> MarkedWords(const AnalyzedDocument& d, const TextSpan& s,
                              const std::vector<std::pair<uint32_t, uint32_t>>& changed, bool left,
                              bool color) {
  std::vector<bool> is_changed(s.end_token - s.first_token, false);
  for (auto [b, e] : changed) {
    for (uint32_t t = b; t < e; ++t) is_changed[t - s.first_token] = true;
  }
  // Split the passage at whitespace; a piece is changed when any token in it is.
  std::vector<Word> out;
  const std::string_view text = d.Slice(s.begin_byte, s.end_byte);
  uint32_t tok = s.first_token;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j == i) break;
    const uint32_t piece_begin = s.begin_byte + static_cast<uint32_t>(i);
    const uint32_t piece_end = s.begin_byte + static_cast<uint32_t>(j);
    bool ch = false;
    while (tok < s.end_token && d.tokens[tok].begin_byte < piece_end) {
      if (d.tokens[tok].end_byte > piece_begin) ch |= is_changed[tok - s.first_token];
      ++tok;
    }
    if (tok > s.first_token && d.tokens[tok - 1].end_byte > piece_end) --tok;  // token spans on
    std::string w(text.substr(i, j - i));
    const size_t width = Width(w);
    if (ch) {
      if (color) {
        out.push_back({(left ? "\x1b[31m" : "\x1b[32m") + w + "\x1b[0m", width});
      } else {
        out.push_back({(left ? "[-" : "{+") + w + (left ? "-]" : "+}"), width + 4});
      }
    } else {
      out.push_back({std::move(w), width});
    }
    i = j;
  }
  return out;
}

std::vector<std::pair<std::string, size_t>> Wrap(const std::vector<Word>& words, size_t width) {
  std::vector<std::pair<std::string, size_t>> lines;
  std::string cur;
  size_t cur_w = 0;
  for (const Word& w : words) {
    if (cur_w > 0 && cur_w + 1 + w.width > width) {
      lines.emplace_back(std::move(cur), cur_w);
      cur.clear();
      cur_w = 0;
    }
    if (cur_w > 0) {
      cur += ' ';
      ++cur_w;
    }
    cur += w.text;
    cur_w += w.width;
  }
  if (cur_w > 0) lines.emplace_back(std::move(cur), cur_w);
  return lines;
}

}  // namespace

std::string Utf8Safe(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    bool valid = false;
    const uint32_t len = Utf8SequenceAt(s, i, &valid);
    if (valid) {
      out.append(s, i, len);
    } else {
      out += "\xEF\xBF\xBD";  // one U+FFFD per invalid sequence, as the decoder counts them
    }
    i += len;
  }
  return out;
}

void WritePassagesJson(std::string_view a, std::string_view b, const std::vector<PassagePair>& ps,
                       bool with_text, JsonWriter* w) {
  // Keys in ascending order, as nlohmann orders them (json_writer.h).
  auto span = [&](std::string_view text, const TextSpan& s) {
    w->BeginObject();
    w->IntField("byte_begin", s.begin_byte);
    w->IntField("byte_end", s.end_byte);
    w->IntField("char_begin", s.begin_char);
    w->IntField("char_end", s.end_char);
    if (with_text) w->Field("text", text.substr(s.begin_byte, s.end_byte - s.begin_byte));
    w->IntField("words", s.end_token - s.first_token);
    w->EndObject();
  };
  auto bytes = [&](std::string_view key, uint32_t begin, uint32_t end) {
    w->Key(key);
    w->BeginArray();
    w->Int(begin);
    w->Int(end);
    w->EndArray();
  };
  w->BeginArray();
  for (const PassagePair& p : ps) {
    w->BeginObject();
    w->Key("a");
    span(a, p.a);
    w->Field("aligned_by", p.by_words ? "words" : "sentences");
    w->Key("b");
    span(b, p.b);
    w->Key("edits");
    w->BeginArray();
    for (const EditOp& e : p.edits) {
      w->BeginObject();
      if (e.a_end > e.a_begin) {
        if (with_text) w->Field("a", a.substr(e.a_begin_byte, e.a_end_byte - e.a_begin_byte));
        bytes("a_bytes", e.a_begin_byte, e.a_end_byte);
      }
      if (e.b_end > e.b_begin) {
        if (with_text) w->Field("b", b.substr(e.b_begin_byte, e.b_end_byte - e.b_begin_byte));
        bytes("b_bytes", e.b_begin_byte, e.b_end_byte);
      }
      w->Field("op", EditKindName(e.kind));
      if (e.synonym) {
        w->Key("synonym");
        w->Bool(true);
      }
      w->EndObject();
    }
    w->EndArray();
    w->DoubleField("kept", std::round(p.kept * 1e4) / 1e4);
    w->Field("kind", PassageKindName(p.kind));
    w->DoubleField("score", std::round(p.score * 1e4) / 1e4);
    w->EndObject();
  }
  w->EndArray();
}

json PassagesJson(std::string_view a, std::string_view b, const std::vector<PassagePair>& ps,
                  bool with_text) {
  std::string out;
  JsonWriter w(&out);
  WritePassagesJson(a, b, ps, with_text, &w);
  return json::parse(out);
}

std::string FormatComparisonJson(const CompareResult& r, const Options& o) {
  const AnalyzedDocument& a = r.a;
  const AnalyzedDocument& b = r.b;
  const Comparison& c = r.comparison;
  auto doc_json = [](const AnalyzedDocument& d, const InputDocument& in) {
    json j{{"name", Utf8Safe(d.name)},
           {"bytes", d.bytes.size()},
           {"chars", d.char_length},
           {"words", d.tokens.size()},
           {"invalid_utf8_sequences", d.invalid_utf8_sequences},
           {"mojibake_repairs", d.mojibake_repairs}};
    if (!in.text_from.empty()) j["text_from"] = Utf8Safe(in.text_from);
    if (!in.date.empty()) j["date"] = Utf8Safe(in.date);
    if (!in.url.empty()) j["url"] = Utf8Safe(in.url);
    return j;
  };
  json passages = PassagesJson(a.bytes, b.bytes, c.passages);
  json options = CompareOptionsJson(o);
  options["order"] = PairOrderName(r.order);
  options.update(OptionsJson(o, {OptionInfo::Group::kEvidence}));
  const DirectionFinding direction = DirectionFromDates(r.a_input.date, r.b_input.date);
  json out{{"a", doc_json(a, r.a_input)},
           {"b", doc_json(b, r.b_input)},
           {"relation", RelationName(c.relation)},
           {"evidence", c.relation == Relation::kNone ? "none"
                        : r.strong_evidence              ? "strong"
                                                         : "weak"},
           {"coverage_a", std::round(c.coverage_a * 1e4) / 1e4},
           {"coverage_b", std::round(c.coverage_b * 1e4) / 1e4},
           {"passages", passages},
           {"direction", DirectionName(direction.direction)},
           {"options", options}};
  if (!direction.reason.empty()) out["direction_reason"] = direction.reason;
  return out.dump(2) + "\n";
}

std::string FormatComparisonText(const CompareResult& r, const TextReportOptions& o) {
  const AnalyzedDocument& a = r.a;
  const AnalyzedDocument& b = r.b;
  const Comparison& c = r.comparison;
  std::string out;
  const char* bold = o.color ? "\x1b[1m" : "";
  const char* reset = o.color ? "\x1b[0m" : "";
  out += fmt::format("{}A{} {} ({} words)\n{}B{} {} ({} words)\n", bold, reset, a.name,
                     a.tokens.size(), bold, reset, b.name, b.tokens.size());
  out += fmt::format("relation: {}{}{}   coverage A {:.0f}%  B {:.0f}%   passages: {}\n", bold,
                     RelationName(c.relation), reset, 100 * c.coverage_a, 100 * c.coverage_b,
                     c.passages.size());
  if (c.relation != Relation::kNone && !r.strong_evidence) {
    out += "weak evidence: no passage is similar enough or keeps enough of its words unchanged; "
           "a scan would not report this pair\n";
  }
  if (!o.color && !c.passages.empty()) {
    out += "changed words: [-in A-] {+in B+}\n";
  }
  const size_t col = static_cast<size_t>(std::max(20, (o.width - 3) / 2));
  for (size_t i = 0; i < c.passages.size(); ++i) {
    const PassagePair& p = c.passages[i];
    out += fmt::format("\n{}#{} {}{}  score {:.2f}  kept {:.0f}%   A chars {}-{}   B chars {}-{}\n",
                       bold, i + 1, PassageKindName(p.kind), reset, p.score, 100 * p.kept,
                       p.a.begin_char, p.a.end_char, p.b.begin_char, p.b.end_char);
    std::vector<std::pair<uint32_t, uint32_t>> ca, cb;
    for (const EditOp& e : p.edits) {
      if (e.kind == EditKind::kKeep) continue;
      if (e.a_end > e.a_begin) ca.emplace_back(e.a_begin, e.a_end);
      if (e.b_end > e.b_begin) cb.emplace_back(e.b_begin, e.b_end);
    }
    auto left = Wrap(MarkedWords(a, p.a, ca, true, o.color), col);
    auto right = Wrap(MarkedWords(b, p.b, cb, false, o.color), col);
    const size_t rows = std::max(left.size(), right.size());
    for (size_t r = 0; r < rows; ++r) {
      std::string l = r < left.size() ? left[r].first : "";
      const size_t lw = r < left.size() ? left[r].second : 0;
      l.append(col > lw ? col - lw : 0, ' ');
      out += l + " | " + (r < right.size() ? right[r].first : "") + "\n";
    }
  }
  return out;
}

std::string FormatComparisonPan(const CompareResult& r) {
  return FormatPanXml(r.a.name, r.b.name, ToPanCases(r.comparison.passages));
}

}  // namespace textrace
