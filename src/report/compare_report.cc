#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "report/display_text.h"
#include "report/json_util.h"
#include "textrace/eval.h"
#include "textrace/relate.h"
#include "textrace/report.h"
#include "util/utf8.h"

namespace textrace {

using nlohmann::json;

namespace {

// ---- The text report's side-by-side view ------------------------------------------------------

// How a word of a passage is shown: as it is, as a synonym swap, or as changed.
enum class Mark : uint8_t { kNone, kSynonym, kChanged };

// A whitespace-delimited piece of a passage's shown text.
struct Piece {
  std::string text;
  size_t width = 0;  // code points, as a rough display width
  Mark mark = Mark::kNone;
  bool paragraph = false;             // a paragraph break comes before it
  uint32_t first_token = UINT32_MAX;  // the first token it holds (UINT32_MAX: none, e.g. "-")
};

bool IsSpace(char16_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Where the text view starts a paragraph. A document that parts its paragraphs by blank lines
// has a single line break as a wrapped line; in one that does not (one paragraph per line, as
// text taken from web pages is), every line break ends a paragraph.
class ParagraphRule {
 public:
  explicit ParagraphRule(std::string_view text) : by_blank_lines_(HasBlankLine(text)) {}
  // Whether the text `gap` between two words parts two paragraphs.
  bool Parts(std::string_view gap) const {
    return by_blank_lines_ ? HasBlankLine(gap) : gap.find_first_of("\n\r") != gap.npos;
  }

 private:
  // A line break ("\n", "\r\n" or "\r"), white space, and another line break.
  static bool HasBlankLine(std::string_view text) {
    for (size_t i = text.find_first_of("\n\r"); i != text.npos;
         i = text.find_first_of("\n\r", i + 1)) {
      size_t j = i + (text.compare(i, 2, "\r\n") == 0 ? 2 : 1);
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
      if (j < text.size() && (text[j] == '\n' || text[j] == '\r')) return true;
    }
    return false;
  }

  bool by_blank_lines_;
};

// The pieces of passage `s` of `d` as shown (`shown`: d's DisplayText), each marked by the
// strongest mark of its tokens (`marks`: per token of the passage).
std::vector<Piece> Pieces(const AnalyzedDocument& d, const DisplayText& shown, const TextSpan& s,
                          const ParagraphRule& paragraphs, const std::vector<Mark>& marks) {
  const std::u16string& u = shown.units();
  std::vector<Piece> out;
  uint32_t i = shown.Unit(s.begin_byte);
  const uint32_t end = shown.Unit(s.end_byte);
  uint32_t tok = s.first_token;
  while (i < end) {
    const uint32_t gap = i;
    while (i < end && IsSpace(u[i])) ++i;
    if (i == end) break;
    uint32_t j = i;
    while (j < end && !IsSpace(u[j])) ++j;
    Piece p;
    p.text = shown.Utf8(i, j);
    for (uint32_t k = i; k < j; ++k) p.width += u[k] < 0xDC00 || u[k] > 0xDFFF;
    const uint32_t b = shown.OriginalByte(i), e = shown.OriginalByte(j);
    p.paragraph = !out.empty() && paragraphs.Parts(d.Slice(shown.OriginalByte(gap), b));
    // Tokens hold no white space, so each is in one piece.
    while (tok < s.end_token && d.tokens[tok].end_byte <= b) ++tok;
    for (; tok < s.end_token && d.tokens[tok].begin_byte < e; ++tok) {
      if (p.first_token == UINT32_MAX) p.first_token = tok;
      p.mark = std::max(p.mark, marks[tok - s.first_token]);
    }
    out.push_back(std::move(p));
    i = j;
  }
  return out;
}

// Whether the text between two words ends a sentence: ".", "!" or "?" with white space after
// it (". ", ".\u201d ", "?\n"). An abbreviation ("Mr. Smith") passes too: a segment cut
// there stays in one row with the next, unless the other side cuts there as well.
bool EndsSentence(std::string_view gap) {
  const size_t p = gap.find_first_of(".!?");
  return p != gap.npos && gap.find_first_of(" \t\n\r", p) != gap.npos;
}

// A passage's side cut into segments, the units that rows pair: its sentences, cut again where
// a paragraph or a sentence ends inside one (the analyzer joins a short sentence, fewer than
// AnalyzerOptions::min_sentence_words content words, to the next; and a heading line with the
// sentence after it).
struct Segments {
  uint32_t first_token = 0, end_token = 0;  // the passage's
  std::vector<uint32_t> start;              // the first token of each segment, ascending
  std::vector<uint32_t> of;                 // the segment of each token of the passage
  uint32_t Of(uint32_t t) const { return of[t - first_token]; }
  // Whether a segment starts at token t (the passage's end included).
  bool StartsAt(uint32_t t) const {
    return t == first_token || t == end_token || Of(t) != Of(t - 1);
  }
};
Segments Segment(const AnalyzedDocument& d, const TextSpan& s, const ParagraphRule& paragraphs) {
  Segments out;
  out.first_token = s.first_token;
  out.end_token = s.end_token;
  for (uint32_t t = s.first_token; t < s.end_token; ++t) {
    const std::string_view gap =
        t == s.first_token ? "" : d.Slice(d.tokens[t - 1].end_byte, d.tokens[t].begin_byte);
    if (t == s.first_token || d.tokens[t].sentence != d.tokens[t - 1].sentence ||
        EndsSentence(gap) || paragraphs.Parts(gap)) {
      out.start.push_back(t);
    }
    out.of.push_back(static_cast<uint32_t>(out.start.size() - 1));
  }
  return out;
}

// Whether the edit lies inside the passage pair (as the aligner makes them; a hand-made pair
// might not), so that its tokens index the passage's.
bool Inside(const EditOp& e, const PassagePair& p) {
  return e.a_begin >= p.a.first_token && e.a_end <= p.a.end_token && e.a_begin <= e.a_end &&
         e.b_begin >= p.b.first_token && e.b_end <= p.b.end_token && e.b_begin <= e.b_end;
}

// A row of the view: the tokens where it starts on each side (it ends where the next row starts,
// the last at the passage's end). A side may be empty in a row (start equal to the next row's).
struct RowStart {
  uint32_t a, b;
};

// The rows of a passage pair: its segments paired so that each row of the view starts both
// sides together. A kept word ties its segment of A to its segment of B. A replaced run ties
// segments only where it replaces whole segments, as many on each side: the first to the first,
// and so on. (Elsewhere the kept words around it tie its segments; tying its edges would tie
// "non-negotiable." to the last of the three sentences that replace it, and the two inserted
// between to it.) The edit script runs forward on both sides, so the ties do too, and segments
// joined by ties form a row. Segments that no word ties (text inserted, deleted or replaced
// whole) form a row of their own between the rows around them, A's beside B's.
std::vector<RowStart> AlignRows(const PassagePair& p, const Segments& sa, const Segments& sb) {
  if (sa.start.empty() || sb.start.empty()) return {{p.a.first_token, p.b.first_token}};
  // Groups of tied segments, [lo, hi] on each side, in order.
  struct Group {
    uint32_t a_lo, a_hi, b_lo, b_hi;
  };
  std::vector<Group> groups;
  auto tie = [&](uint32_t i, uint32_t j) {  // segments
    if (groups.empty() || (i > groups.back().a_hi && j > groups.back().b_hi)) {
      groups.push_back({i, i, j, j});
    } else {
      groups.back().a_hi = std::max(groups.back().a_hi, i);
      groups.back().b_hi = std::max(groups.back().b_hi, j);
    }
  };
  for (const EditOp& e : p.edits) {
    if (!Inside(e, p)) continue;
    if (e.kind == EditKind::kKeep) {
      for (uint32_t k = 0; k < e.a_end - e.a_begin; ++k) {
        tie(sa.Of(e.a_begin + k), sb.Of(e.b_begin + k));
      }
    } else if (e.kind == EditKind::kReplace && sa.StartsAt(e.a_begin) && sa.StartsAt(e.a_end) &&
               sb.StartsAt(e.b_begin) && sb.StartsAt(e.b_end)) {
      const uint32_t i = sa.Of(e.a_begin), j = sb.Of(e.b_begin);
      const uint32_t n = sa.Of(e.a_end - 1) + 1 - i;
      if (sb.Of(e.b_end - 1) + 1 - j == n) {
        for (uint32_t k = 0; k < n; ++k) tie(i + k, j + k);
      }
    }
  }
  // Rows as segment ranges [lo, hi) per side: the groups, with the untied segments between
  // them (and before the first, after the last) as rows of their own.
  std::vector<RowStart> rows;
  uint32_t next_a = 0, next_b = 0;
  auto row = [&](uint32_t a_lo, uint32_t b_lo) {
    rows.push_back({a_lo < sa.start.size() ? sa.start[a_lo] : p.a.end_token,
                    b_lo < sb.start.size() ? sb.start[b_lo] : p.b.end_token});
  };
  for (const Group& g : groups) {
    if (g.a_lo > next_a || g.b_lo > next_b) row(next_a, next_b);
    row(g.a_lo, g.b_lo);
    next_a = g.a_hi + 1;
    next_b = g.b_hi + 1;
  }
  const auto na = static_cast<uint32_t>(sa.start.size());
  const auto nb = static_cast<uint32_t>(sb.start.size());
  if (na > next_a || nb > next_b) row(next_a, next_b);
  return rows;
}

// The pieces of each row of one side: a piece goes to the row its first token is in, a piece
// without tokens to the row of the piece before it.
std::vector<std::vector<Piece>> SplitIntoRows(std::vector<Piece> pieces,
                                              const std::vector<uint32_t>& starts) {
  std::vector<std::vector<Piece>> rows(starts.size());
  size_t r = 0;
  for (Piece& p : pieces) {
    while (p.first_token != UINT32_MAX && r + 1 < starts.size() && p.first_token >= starts[r + 1]) {
      ++r;
    }
    rows[r].push_back(std::move(p));
  }
  return rows;
}

// How marked pieces are drawn: each run of pieces with the same mark on a line is enclosed once.
struct Marker {
  const char* open;
  const char* close;
};
struct MarkStyle {
  Marker changed, synonym;
  size_t width;  // of an open and a close marker together (escapes take none)
  const Marker& Of(Mark m) const { return m == Mark::kSynonym ? synonym : changed; }
};
MarkStyle Style(bool left, bool color) {
  if (color) {
    return {{left ? "\x1b[31m" : "\x1b[32m", "\x1b[0m"}, {"\x1b[33m", "\x1b[0m"}, 0};
  }
  return {{left ? "[-" : "{+", left ? "-]" : "+}"}, {"{~", "~}"}, 4};
}

// Pieces too wide for a line (a long URL), cut into pieces that fit.
std::vector<Piece> FitPieces(std::vector<Piece> pieces, size_t width, const MarkStyle& style) {
  std::vector<Piece> out;
  for (Piece& p : pieces) {
    const size_t room = width - (p.mark == Mark::kNone ? 0 : style.width);
    if (p.width <= room || room == 0) {
      out.push_back(std::move(p));
      continue;
    }
    size_t begin = 0, chars = 0;
    for (size_t i = 0; i <= p.text.size(); ++i) {
      const bool boundary =
          i == p.text.size() || (static_cast<unsigned char>(p.text[i]) & 0xC0) != 0x80;
      if (!boundary) continue;
      if (chars == room || i == p.text.size()) {
        Piece q = p;
        q.text = p.text.substr(begin, i - begin);
        q.width = chars;
        q.paragraph = p.paragraph && begin == 0;
        out.push_back(std::move(q));
        begin = i;
        chars = 0;
      }
      ++chars;
    }
  }
  return out;
}

struct Line {
  std::string text;
  size_t width = 0;
};

// Lays one cell's pieces out in lines of at most `width` columns, a paragraph break as an empty
// line, runs of equally marked pieces enclosed once per line.
std::vector<Line> Wrap(const std::vector<Piece>& pieces, size_t width, const MarkStyle& style) {
  std::vector<Line> lines;
  Line cur;
  Mark open = Mark::kNone;  // the mark of the run the line ends in
  auto close = [&] {
    if (open != Mark::kNone) cur.text += style.Of(open).close;
    open = Mark::kNone;
  };
  auto flush = [&] {
    close();
    lines.push_back(std::move(cur));
    cur = Line();
  };
  for (const Piece& p : pieces) {
    if (p.paragraph) {
      if (cur.width > 0) flush();
      lines.emplace_back();
    }
    const bool joins = cur.width > 0 && p.mark != Mark::kNone && p.mark == open;
    const size_t needs =
        p.width + (cur.width > 0 ? 1 : 0) + (p.mark != Mark::kNone && !joins ? style.width : 0);
    if (cur.width > 0 && cur.width + needs > width) {
      flush();
      cur.width = p.width + (p.mark != Mark::kNone ? style.width : 0);
    } else {
      cur.width += needs;
    }
    if (!joins) close();
    if (!cur.text.empty()) cur.text += ' ';
    if (p.mark != Mark::kNone && open == Mark::kNone) {
      cur.text += style.Of(p.mark).open;
      open = p.mark;
    }
    cur.text += p.text;
  }
  if (cur.width > 0) flush();
  return lines;
}

// One passage pair side by side: A's rows on the left, B's on the right, each row starting on
// both sides on the same line, a paragraph break as a blank row.
void AppendSideBySide(const CompareResult& r, const DisplayText& shown_a,
                      const DisplayText& shown_b, const PassagePair& p, size_t col, bool color,
                      std::string* out) {
  std::vector<Mark> marks_a(p.a.end_token - p.a.first_token, Mark::kNone);
  std::vector<Mark> marks_b(p.b.end_token - p.b.first_token, Mark::kNone);
  for (const EditOp& e : p.edits) {
    if (e.kind == EditKind::kKeep || !Inside(e, p)) continue;
    const Mark m = e.synonym ? Mark::kSynonym : Mark::kChanged;
    for (uint32_t t = e.a_begin; t < e.a_end; ++t) marks_a[t - p.a.first_token] = m;
    for (uint32_t t = e.b_begin; t < e.b_end; ++t) marks_b[t - p.b.first_token] = m;
  }
  const ParagraphRule para_a(r.a.bytes), para_b(r.b.bytes);
  const std::vector<RowStart> rows =
      AlignRows(p, Segment(r.a, p.a, para_a), Segment(r.b, p.b, para_b));
  std::vector<uint32_t> starts_a, starts_b;
  for (const RowStart& s : rows) {
    starts_a.push_back(s.a);
    starts_b.push_back(s.b);
  }
  const MarkStyle style_a = Style(true, color), style_b = Style(false, color);
  auto left =
      SplitIntoRows(FitPieces(Pieces(r.a, shown_a, p.a, para_a, marks_a), col, style_a), starts_a);
  auto right =
      SplitIntoRows(FitPieces(Pieces(r.b, shown_b, p.b, para_b, marks_b), col, style_b), starts_b);
  auto emit = [&](const Line* l, const Line* rl) {
    const size_t lw = l != nullptr ? l->width : 0;
    if (l != nullptr) *out += l->text;
    out->append(col > lw ? col - lw : 0, ' ');
    *out += " |";
    if (rl != nullptr && !rl->text.empty()) *out += " " + rl->text;
    *out += '\n';
  };
  for (size_t k = 0; k < rows.size(); ++k) {
    std::vector<Piece>& pl = left[k];
    std::vector<Piece>& pr = right[k];
    if (pl.empty() && pr.empty()) continue;
    const bool paragraph = (!pl.empty() && pl[0].paragraph) || (!pr.empty() && pr[0].paragraph);
    if (paragraph) {
      if (!pl.empty()) pl[0].paragraph = false;
      if (!pr.empty()) pr[0].paragraph = false;
      emit(nullptr, nullptr);
    }
    const std::vector<Line> ll = Wrap(pl, col, style_a), rr = Wrap(pr, col, style_b);
    for (size_t i = 0; i < std::max(ll.size(), rr.size()); ++i) {
      emit(i < ll.size() ? &ll[i] : nullptr, i < rr.size() ? &rr[i] : nullptr);
    }
  }
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
    if (!d.language.empty()) j["language"] = d.language;
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
  if (!c.passages.empty()) {
    const MarkStyle sa = Style(true, o.color), sb = Style(false, o.color);
    out += fmt::format("changed words: {}in A{} {}in B{}   synonym swaps: {}in A{} {}in B{}\n",
                       sa.changed.open, sa.changed.close, sb.changed.open, sb.changed.close,
                       sa.synonym.open, sa.synonym.close, sb.synonym.open, sb.synonym.close);
  }
  const size_t col = static_cast<size_t>(std::max(20, (o.width - 3) / 2));
  // The texts as analysed: invalid UTF-8 as U+FFFD, mojibake repaired, controls as spaces.
  const DisplayText shown_a(a.bytes, a.mojibake_repairs > 0);
  const DisplayText shown_b(b.bytes, b.mojibake_repairs > 0);
  for (size_t i = 0; i < c.passages.size(); ++i) {
    const PassagePair& p = c.passages[i];
    out += fmt::format("\n{}#{} {}{}  score {:.2f}  kept {:.0f}%   A chars {}-{}   B chars {}-{}\n",
                       bold, i + 1, PassageKindName(p.kind), reset, p.score, 100 * p.kept,
                       p.a.begin_char, p.a.end_char, p.b.begin_char, p.b.end_char);
    AppendSideBySide(r, shown_a, shown_b, p, col, o.color, &out);
  }
  return out;
}

std::string FormatComparisonPan(const CompareResult& r) {
  return FormatPanXml(r.a.name, r.b.name, ToPanCases(r.comparison.passages));
}

}  // namespace textrace
