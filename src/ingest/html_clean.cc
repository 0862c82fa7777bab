// The cleaner (html_clean.h): the pass over the page before gumbo.
#include "ingest/html_clean.h"

#include <gumbo.h>

#include <array>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "ingest/html_markup.h"

namespace textrace {
namespace html_internal {
namespace {

constexpr int kMaxNestingDepth = 256;

enum class Raw { kNone, kDrop, kKeep, kPlaintext, kForeign };

Raw RawKind(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_TEXTAREA:
      return Raw::kDrop;
    case GUMBO_TAG_TITLE:
      return Raw::kKeep;
    case GUMBO_TAG_PLAINTEXT:
      return Raw::kPlaintext;
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
      return Raw::kForeign;
    default:
      return Raw::kNone;
  }
}

// Void elements without text: removed.
bool DroppedVoid(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_KEYGEN:
      return true;
    default:
      return false;
  }
}

// Elements that cannot nest in the parsed tree (they close themselves or each other, or are
// void): not counted for the depth limit.
bool NotCounted(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_P:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_RB:
    case GUMBO_TAG_RT:
    case GUMBO_TAG_RP:
    case GUMBO_TAG_RTC:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_MENUITEM:
    case GUMBO_TAG_ISINDEX:
      return true;
    default:
      return DroppedVoid(tag);
  }
}

// A start tag of these closes an open element of the same name (adoption agency, nested
// buttons): "<a>1<a>2" does not nest. Only the innermost element is taken as closed: with
// other elements in between, the adoption agency algorithm nests ("<a><div><a><div>...").
bool ClosesSame(GumboTag tag) {
  return tag == GUMBO_TAG_A || tag == GUMBO_TAG_NOBR || tag == GUMBO_TAG_BUTTON;
}

bool HiddenByStyle(std::string_view style) {
  std::string s;
  s.reserve(style.size());
  for (char c : style) {
    if (!IsHtmlSpace(c)) s.push_back(AsciiLower(c));
  }
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

constexpr size_t kMinMarkedRun = 12;  // shorter text is not worth a marker

// The attributes of a tag that may state the page's date.
struct DateAttributes {
  std::string_view property, name, itemprop, content, datetime, type;
};

void NoteDateAttribute(const Attr& a, DateAttributes* d) {
  if (a.name.empty()) return;
  std::string_view* slot = nullptr;
  std::string_view name;
  switch (AsciiLower(a.name[0])) {
    case 'p': slot = &d->property, name = "property"; break;
    case 'n': slot = &d->name, name = "name"; break;
    case 'i': slot = &d->itemprop, name = "itemprop"; break;
    case 'c': slot = &d->content, name = "content"; break;
    case 'd': slot = &d->datetime, name = "datetime"; break;
    case 't': slot = &d->type, name = "type"; break;
    default: return;
  }
  if (EqualsNoCase(a.name, name)) *slot = a.value;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHtmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The first datePublished string of a JSON-LD value: the object's own, else in its "@graph",
// else in the elements of an array.
std::string JsonLdDatePublished(const nlohmann::json& j, int depth = 0) {
  if (depth > 4) return "";
  if (j.is_object()) {
    auto it = j.find("datePublished");
    if (it != j.end() && it->is_string()) return it->get<std::string>();
    auto graph = j.find("@graph");
    if (graph != j.end()) return JsonLdDatePublished(*graph, depth + 1);
  } else if (j.is_array()) {
    for (const nlohmann::json& e : j) {
      std::string d = JsonLdDatePublished(e, depth + 1);
      if (!d.empty()) return d;
    }
  }
  return "";
}

class Cleaner {
 public:
  // `runs`: receives the text runs replaced by markers (none when the page itself holds the
  // marker characters, which it would then be impossible to tell apart).
  Cleaner(std::string_view in, std::vector<TextRun>* runs, PageDate* date)
      : in_(in), runs_(runs), date_(date) {
    use_markers_ = in.find(kMarkOpen) == std::string_view::npos &&
                   in.find(kMarkClose) == std::string_view::npos;
  }

  std::string Run() {
    out_.reserve(in_.size() / 2 + 64);
    const size_t n = in_.size();
    size_t p = 0;
    while (p < n) {
      const void* hit = std::memchr(in_.data() + p, '<', n - p);
      if (hit == nullptr) {
        AppendText(p, n);
        break;
      }
      const size_t lt = static_cast<size_t>(static_cast<const char*>(hit) - in_.data());
      AppendText(p, lt);
      p = Markup(lt);
    }
    return std::move(out_);
  }

 private:
  // Text between tags. Gumbo handles text one character at a time (a token each), which makes
  // text several times slower to parse than markup; so runs of text go to gumbo as short markers
  // and the extractor reads them from the input. What the tree builder looks at is kept as it
  // is: whitespace at the edges of a run (whitespace-only text is treated differently, the
  // newline after <pre> is dropped), character references (gumbo decodes them) and NULs.
  void AppendText(size_t b, size_t e) {
    if (!use_markers_ || e - b < kMinMarkedRun) {
      out_.append(in_.substr(b, e - b));
      return;
    }
    size_t i = b;
    while (i < e) {
      size_t w = i;
      while (w < e && IsHtmlSpace(in_[w])) ++w;
      out_.append(in_.substr(i, w - i));
      i = w;
      if (i >= e) break;
      size_t seg = i;
      while (seg < e && in_[seg] != '&' && in_[seg] != '\0') ++seg;
      size_t t = seg;
      while (t > i && IsHtmlSpace(in_[t - 1])) --t;
      if (t - i >= kMinMarkedRun) {
        out_.append(kMarkOpen);
        out_.append(std::to_string(runs_->size()));
        out_.append(kMarkClose);
        runs_->push_back({i, t});
      } else {
        out_.append(in_.substr(i, t - i));
      }
      out_.append(in_.substr(t, seg - t));
      i = seg;
      if (i < e) {  // '&' and what may be its reference name, or a NUL
        size_t k = i + 1;
        if (in_[i] == '&') {
          while (k < e && k - i < 40 && (IsAsciiAlnum(in_[k]) || in_[k] == '#')) {
            ++k;
          }
          if (k < e && in_[k] == ';') ++k;
        }
        out_.append(in_.substr(i, k - i));
        i = k;
      }
    }
  }

  // Handles the markup at `lt` ('<'); returns where to continue.
  size_t Markup(size_t lt) {
    const size_t n = in_.size();
    if (lt + 1 >= n) {
      out_.push_back('<');
      return n;
    }
    const char c = in_[lt + 1];
    if (c == '!') {
      if (in_.compare(lt, 4, "<!--") == 0) return SkipComment(lt + 4);
      // Doctype, CDATA or a bogus comment: kept up to '>'.
      const size_t gt = in_.find('>', lt + 2);
      const size_t end = gt == std::string_view::npos ? n : gt + 1;
      out_.append(in_.substr(lt, end - lt));
      return end;
    }
    if (c == '?') {  // a bogus comment
      const size_t gt = in_.find('>', lt + 2);
      return gt == std::string_view::npos ? n : gt + 1;
    }
    if (c == '/') {
      if (lt + 2 < n && IsAsciiAlpha(in_[lt + 2])) return EndTag(lt);
      if (lt + 2 < n && in_[lt + 2] == '>') return lt + 3;  // "</>" is ignored
      const size_t gt = in_.find('>', lt + 2);              // a bogus comment
      return gt == std::string_view::npos ? n : gt + 1;
    }
    if (IsAsciiAlpha(c)) return StartTag(lt);
    out_.push_back('<');
    return lt + 1;
  }

  size_t SkipComment(size_t p) {
    const size_t n = in_.size();
    if (p < n && in_[p] == '>') return p + 1;        // "<!-->"
    if (in_.compare(p, 2, "->") == 0) return p + 2;  // "<!--->"
    const size_t a = in_.find("-->", p);
    const size_t b = in_.find("--!>", p);
    if (a == std::string_view::npos && b == std::string_view::npos) return n;
    if (b < a) return b + 4;
    return a + 3;
  }

  size_t EndTag(size_t lt) {
    const std::string_view name = TagNameAt(in_, lt + 2);
    bool self_closing;
    const size_t end =
        ParseAttributes(in_, lt + 2 + name.size(), &self_closing, [](const Attr&) {});
    if (end == std::string_view::npos) return in_.size();  // EOF in a tag: dropped
    const GumboTag tag = gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
    if (!NotCounted(tag)) {
      if (dropped_[tag] > 0) {
        --dropped_[tag];
        return end;
      }
      if (open_[tag] > 0) PopUntil(tag);
    }
    out_.append("</");
    out_.append(name);
    out_.push_back('>');
    return end;
  }

  void PopUntil(GumboTag tag) {
    while (!stack_.empty()) {
      const GumboTag top = stack_.back();
      stack_.pop_back();
      --open_[top];
      if (top == tag) break;
    }
  }

  size_t StartTag(size_t lt) {
    const std::string_view name = TagNameAt(in_, lt + 1);
    const GumboTag tag = gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
    attrs_.clear();
    bool self_closing;
    DateAttributes dates;
    const size_t end = ParseAttributes(in_, lt + 1 + name.size(), &self_closing,
                                       [&](const Attr& a) {
                                         KeepAttribute(a);
                                         if (date_ != nullptr) NoteDateAttribute(a, &dates);
                                       });
    if (end == std::string_view::npos) return in_.size();  // EOF in a tag: dropped
    if (date_ != nullptr) PageDateOf(tag, dates);
    if (DroppedVoid(tag)) return end;
    const Raw raw = RawKind(tag);
    if (raw == Raw::kDrop) {
      const size_t close = FindEndTag(in_, end, gumbo_normalized_tagname(tag));
      if (close == std::string_view::npos) return in_.size();
      if (date_ != nullptr && tag == GUMBO_TAG_SCRIPT &&
          EqualsNoCase(TrimSpace(dates.type), "application/ld+json")) {
        const std::string_view script = in_.substr(end, close - end);
        const auto json = nlohmann::json::parse(script.begin(), script.end(), nullptr, false);
        Offer(3, "json-ld datePublished", JsonLdDatePublished(json));
      }
      return SkipTagAt(close);
    }
    if (raw == Raw::kForeign && !self_closing && !foreign_unclosed_) {
      // Removed whole when its end tag is found (counting nested ones of the same name). Once
      // one is not, the rest of the page is not searched again (that would be quadratic).
      const std::string_view lname = gumbo_normalized_tagname(tag);
      int depth = 1;
      size_t p = end;
      while (depth > 0) {
        const size_t close = FindEndTag(in_, p, lname);
        if (close == std::string_view::npos) break;
        // Nested opening tags of the same name before `close`.
        for (size_t o = in_.find('<', p); o != std::string_view::npos && o < close;
             o = in_.find('<', o + 1)) {
          if (StartsWithTag(in_.substr(o + 1), lname)) ++depth;
        }
        --depth;
        p = SkipTagAt(close);
      }
      if (depth == 0) return p;
      foreign_unclosed_ = true;  // left to the parser
    }
    // Counted whatever "/>" says: HTML elements ignore it ("<div/>" opens a div).
    if (!NotCounted(tag) && (raw == Raw::kNone || raw == Raw::kForeign)) {
      if (ClosesSame(tag) && !stack_.empty() && stack_.back() == tag) PopUntil(tag);
      if (static_cast<int>(stack_.size()) >= kMaxNestingDepth) {
        ++dropped_[tag];
        return end;
      }
      stack_.push_back(tag);
      ++open_[tag];
    }
    out_.push_back('<');
    out_.append(name);
    out_.append(attrs_);
    if (self_closing) out_.push_back('/');
    out_.push_back('>');
    if (raw == Raw::kKeep) {
      const std::string_view lname = gumbo_normalized_tagname(tag);
      const size_t close = FindEndTag(in_, end, lname);
      if (close == std::string_view::npos) {
        out_.append(in_.substr(end));
        return in_.size();
      }
      out_.append(in_.substr(end, close - end));
      out_.append("</");
      out_.append(lname);
      out_.push_back('>');
      return SkipTagAt(close);
    }
    if (raw == Raw::kPlaintext) {
      out_.append(in_.substr(end));
      return in_.size();
    }
    return end;
  }

  // The date a tag states for the page, if any (html_clean.h's PageDate says which tags).
  void PageDateOf(GumboTag tag, const DateAttributes& d) {
    if (tag == GUMBO_TAG_META) {
      const std::string_view property = TrimSpace(d.property);
      if (EqualsNoCase(property, "article:published_time")) {
        Offer(1, "article:published_time", d.content);
      } else if (EqualsNoCase(property, "og:published_time")) {
        Offer(2, "og:published_time", d.content);
      } else if (EqualsNoCase(TrimSpace(d.name), "date")) {
        Offer(5, "meta date", d.content);
      }
    }
    if (!d.itemprop.empty() && TrimSpace(d.itemprop) == "datePublished") {
      Offer(4, "itemprop datePublished", d.content.empty() ? d.datetime : d.content);
    }
    if (tag == GUMBO_TAG_TIME && open_[GUMBO_TAG_ARTICLE] > 0) {
      Offer(6, "time datetime", d.datetime);
    }
  }

  // A date of kind `rank`, kept when it is the first of the best kind found so far.
  void Offer(int rank, const char* from, std::string_view date) {
    date = TrimSpace(date);
    if (date.empty() || (date_->rank != 0 && date_->rank <= rank)) return;
    date_->date = std::string(date);
    date_->from = from;
    date_->rank = rank;
  }

  // The position after the end tag that starts at `lt` ("</name ...>").
  size_t SkipTagAt(size_t lt) {
    const std::string_view name = TagNameAt(in_, lt + 2);
    bool self_closing;
    const size_t end =
        ParseAttributes(in_, lt + 2 + name.size(), &self_closing, [](const Attr&) {});
    return end == std::string_view::npos ? in_.size() : end;
  }

  void KeepAttribute(const Attr& a) {
    if (EqualsNoCase(a.name, "id") || EqualsNoCase(a.name, "class") ||
        EqualsNoCase(a.name, "role") || EqualsNoCase(a.name, "hidden") ||
        EqualsNoCase(a.name, "aria-hidden")) {
      attrs_.push_back(' ');
      attrs_.append(a.raw);
    } else if (EqualsNoCase(a.name, "href")) {
      attrs_.append(" href");
    } else if (EqualsNoCase(a.name, "style") && HiddenByStyle(a.value)) {
      attrs_.append(" hidden");
    }
  }

  std::string_view in_;
  std::vector<TextRun>* runs_;
  PageDate* date_;
  bool use_markers_ = false;
  bool foreign_unclosed_ = false;
  std::string out_;
  std::string attrs_;
  std::vector<GumboTag> stack_;
  std::array<int, GUMBO_TAG_LAST + 1> open_{}, dropped_{};
};

}  // namespace

std::string CleanHtml(std::string_view html, std::vector<TextRun>* runs, PageDate* date) {
  return Cleaner(html, runs, date).Run();
}

}  // namespace html_internal
}  // namespace textrace
