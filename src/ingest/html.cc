// HTML pages to main text (see html.h).
//
// Decisions worth knowing:
// - Encoding: a byte-order mark, then the HTTP charset, then <meta> in the first 4 KB, then
//   detection (normalize/charset.h). As in browsers, a <meta> that says UTF-16 means UTF-8 (the
//   <meta> could be read as ASCII, so the bytes are not UTF-16); an HTTP label that says UTF-16
//   is ignored when the bytes do not have UTF-16's zero-byte pattern.
// - Before gumbo, one linear pass (Cleaner) rewrites the page into a smaller one that parses to
//   the same tree for our purposes: the contents of script, style, iframe, noembed, noframes and
//   xmp, comments, inline <svg>/<math> (when closed) and void elements without text (img, meta,
//   link, input ...) are removed, and attributes other than id, class, role, hidden, aria-hidden
//   and href are dropped (style="display:none" becomes hidden). Gumbo tokenizes character by
//   character, so this makes parsing several times faster on typical pages, where scripts,
//   styles and attributes are most of the bytes. Runs of text (between tags, without '&' or
//   NUL, whitespace at their edges left in place) go to gumbo as short markers (U+E000, an index,
//   U+E001) and are read back from the input by the walk: gumbo builds the same tree from them,
//   without tokenizing every character (not done when the page itself holds those characters).
// - The same pass bounds the nesting depth: elements that can nest (div, span, b, font, table,
//   custom elements ...; not p, li, td and the like, which close themselves) deeper than 256
//   levels are removed, with their end tags; their text stays. Gumbo's scope checks walk the
//   stack of open elements, so 100,000 nested divs would otherwise take minutes; and the depth of
//   gumbo's (recursive) tree destruction stays small. Browsers limit depth too (Chromium: 512).
// - The tree is walked iteratively. Text is cut into pieces at block elements (p, h1..h6, li,
//   blockquote, pre, td, th, dd, dt, figcaption, div, section ...), at two <br> in a row, and at
//   the edges of boilerplate candidates; pieces of one block element form one block. A single
//   <br> becomes a line break inside the block. Whitespace is collapsed (ASCII whitespace, NBSP
//   and the other Unicode spaces become one space), except inside <pre>.
// - Never text: script, style, noscript, template, svg, math, iframe, object, embed, canvas,
//   video, audio, button, select, textarea, option, datalist, map, head (the <title> is read
//   from it).
// - Boilerplate candidates: nav, aside, menu, form; header and footer unless inside article,
//   main, section, aside or nav (the ARIA landmark rule: an article's header holds its title);
//   hidden elements (hidden, aria-hidden="true", display:none); role navigation, banner,
//   contentinfo, complementary, menu, menubar, search, dialog, alertdialog; and elements whose id
//   or a class name names boilerplate in its first or last word ("main-nav", "site-footer",
//   "comment-respond", "sharedaddy", "related-posts", "widget_recent", "ad-slot" ...). Only the
//   first or last word counts, so that "content-sidebar-wrap" and Elementor's
//   "elementor-widget-container" (which hold articles) are not candidates.
//   A candidate is removed unless the good text directly inside it (text of blocks with
//   >= min_block_words words and low link density, not inside a deeper candidate) is at least
//   half of the page's good text: a page whose article sits in a <form> (ASP.NET) or a div
//   named "sidebar-layout" keeps it, while a comment section whose many comments are each their
//   own candidate does not. The ancestors of a kept candidate are kept too.
// - Blocks (jusText-like): link density (characters inside <a href> / characters) above
//   max_link_density is bad; >= min_block_words words is good; else short. A short block is
//   kept when the nearest non-short blocks on both sides are good, or on one side and it has at
//   least half of min_block_words; a heading is kept when the next non-short block (skipping at
//   most 3 short ones) is good. With no good block at all, the short blocks are kept when they
//   hold at least 2 * min_block_words words together (a poem), else the page has no main text.
//   No phrase lists: "Leave a Reply", "Share this:", copyright lines go with their containers.
#include "ingest/html.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace textrace {
namespace {

// ---- Small helpers --------------------------------------------------------------------------

constexpr size_t kMetaScanBytes = 4096;
constexpr size_t kSniffBytes = 1024;
constexpr int kMaxNestingDepth = 256;

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// `s` starts with `lower_prefix`, ignoring ASCII case.
bool StartsWithNoCase(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    if (Lower(s[i]) != lower_prefix[i]) return false;
  }
  return true;
}

// `s` starts with the tag `lower_tag` ("<html"), followed by a delimiter or the end.
bool StartsWithTag(std::string_view s, std::string_view lower_tag) {
  if (!StartsWithNoCase(s, lower_tag)) return false;
  if (s.size() == lower_tag.size()) return true;
  const char c = s[lower_tag.size()];
  return IsSpace(c) || c == '>' || c == '/';
}

bool EqualsNoCase(std::string_view a, std::string_view lower_b) {
  return a.size() == lower_b.size() && StartsWithNoCase(a, lower_b);
}

// ---- Attribute tokenizer (shared by the <meta> prescan and the cleaner) ----------------------

struct Attr {
  std::string_view name, value, raw;  // raw: from the name to the end of the value
};

// Parses attributes from `p` (just after a tag name) to the end of the tag, as the HTML
// tokenizer does. Calls on_attr(attr) for each; returns the position after '>' or npos when the
// input ends inside the tag. *self_closing: the tag ended with "/>".
template <typename F>
size_t ParseAttributes(std::string_view s, size_t p, bool* self_closing, F&& on_attr) {
  const size_t n = s.size();
  *self_closing = false;
  while (true) {
    while (p < n && IsSpace(s[p])) ++p;
    if (p >= n) return std::string_view::npos;
    if (s[p] == '>') return p + 1;
    if (s[p] == '/') {
      ++p;
      if (p < n && s[p] == '>') {
        *self_closing = true;
        return p + 1;
      }
      continue;
    }
    const size_t name_start = p++;
    while (p < n && !IsSpace(s[p]) && s[p] != '/' && s[p] != '>' && s[p] != '=') ++p;
    const size_t name_end = p;
    size_t q = p;
    while (q < n && IsSpace(s[q])) ++q;
    Attr a;
    a.name = s.substr(name_start, name_end - name_start);
    if (q < n && s[q] == '=') {
      ++q;
      while (q < n && IsSpace(s[q])) ++q;
      if (q >= n) return std::string_view::npos;
      if (s[q] == '"' || s[q] == '\'') {
        const size_t close = s.find(s[q], q + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        a.value = s.substr(q + 1, close - q - 1);
        p = close + 1;
      } else {
        const size_t v = q;
        while (q < n && !IsSpace(s[q]) && s[q] != '>') ++q;
        a.value = s.substr(v, q - v);
        p = q;
      }
    }
    a.raw = s.substr(name_start, p - name_start);
    on_attr(a);
  }
}

// The tag name at `p` (a letter): up to whitespace, '/' or '>'.
std::string_view TagNameAt(std::string_view s, size_t p) {
  size_t e = p;
  while (e < s.size() && !IsSpace(s[e]) && s[e] != '/' && s[e] != '>') ++e;
  return s.substr(p, e - p);
}

// Position of the end tag "</name" (followed by whitespace, '/', '>' or the end) at or after
// `p`, or npos.
size_t FindEndTag(std::string_view s, size_t p, std::string_view lower_name) {
  while ((p = s.find("</", p)) != std::string_view::npos) {
    const std::string_view rest = s.substr(p + 2);
    if (StartsWithNoCase(rest, lower_name)) {
      if (rest.size() == lower_name.size()) return p;
      const char c = rest[lower_name.size()];
      if (IsSpace(c) || c == '/' || c == '>') return p;
    }
    p += 2;
  }
  return std::string_view::npos;
}

// ---- The cleaner (see the file comment) -----------------------------------------------------

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
    if (!IsSpace(c)) s.push_back(Lower(c));
  }
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

// Text runs handed to gumbo as markers: U+E000, the run's index in decimal, U+E001.
constexpr std::string_view kMarkOpen = "\xEE\x80\x80", kMarkClose = "\xEE\x80\x81";
constexpr size_t kMinMarkedRun = 12;  // shorter text is not worth a marker

struct TextRun {
  size_t begin, end;  // in the cleaner's input
};

class Cleaner {
 public:
  // `runs`: receives the text runs replaced by markers (none when the page itself holds the
  // marker characters, which it would then be impossible to tell apart).
  Cleaner(std::string_view in, std::vector<TextRun>* runs) : in_(in), runs_(runs) {
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
      while (w < e && IsSpace(in_[w])) ++w;
      out_.append(in_.substr(i, w - i));
      i = w;
      if (i >= e) break;
      size_t seg = i;
      while (seg < e && in_[seg] != '&' && in_[seg] != '\0') ++seg;
      size_t t = seg;
      while (t > i && IsSpace(in_[t - 1])) --t;
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
          while (k < e && k - i < 40 &&
                 (IsAlpha(in_[k]) || (in_[k] >= '0' && in_[k] <= '9') || in_[k] == '#')) {
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
      if (lt + 2 < n && IsAlpha(in_[lt + 2])) return EndTag(lt);
      if (lt + 2 < n && in_[lt + 2] == '>') return lt + 3;  // "</>" is ignored
      const size_t gt = in_.find('>', lt + 2);              // a bogus comment
      return gt == std::string_view::npos ? n : gt + 1;
    }
    if (IsAlpha(c)) return StartTag(lt);
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
    const size_t end = ParseAttributes(in_, lt + 1 + name.size(), &self_closing,
                                       [&](const Attr& a) { KeepAttribute(a); });
    if (end == std::string_view::npos) return in_.size();  // EOF in a tag: dropped
    if (DroppedVoid(tag)) return end;
    const Raw raw = RawKind(tag);
    if (raw == Raw::kDrop) {
      const size_t close = FindEndTag(in_, end, gumbo_normalized_tagname(tag));
      if (close == std::string_view::npos) return in_.size();
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
  bool use_markers_ = false;
  bool foreign_unclosed_ = false;
  std::string out_;
  std::string attrs_;
  std::vector<GumboTag> stack_;
  std::array<int, GUMBO_TAG_LAST + 1> open_{}, dropped_{};
};

// ---- Text blocks ----------------------------------------------------------------------------

enum class Kind { kInline, kBlock, kDrop };

Kind KindOf(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_IMG:
      return Kind::kDrop;
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_UL:
      return Kind::kBlock;
    default:
      return Kind::kInline;
  }
}

bool IsHeading(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6; }

// ---- Boilerplate names ----------------------------------------------------------------------

// Whole names (lower case) that always mean boilerplate or text for screen readers only.
constexpr std::string_view kWholeNames[] = {
    "screen-reader-text", "sr-only",   "visually-hidden", "visuallyhidden", "respond",
    "disqus_thread",      "skip-link", "skiplink",        "masthead",
};
// Whole class names that hide an element, unless a responsive class shows it again on some
// screens ("hidden md:block", "d-none d-lg-flex").
constexpr std::string_view kHidingNames[] = {"hidden", "d-none", "hide", "invisible"};
// A first or last word starting with one of these.
constexpr std::string_view kPrefixes[] = {
    "nav",    "menu",    "breadcrumb",  "footer",  "sidebar", "comment", "share",      "sharing",
    "social", "related", "newsletter",  "subscri", "cookie",  "consent", "gdpr",       "banner",
    "advert", "adsense", "adsbygoogle", "promo",   "popup",   "modal",   "outbrain",   "taboola",
    "disqus", "signup",  "toolbar",     "sponsor", "paginat", "login",   "searchform",
};
// A first or last word equal to one of these.
constexpr std::string_view kWords[] = {"ad", "ads", "adv", "pager", "search", "skip", "tags"};

bool NameIsBoilerplate(std::string_view name) {
  if (name.empty() || name.size() > 80) return false;
  char buf[80];
  for (size_t i = 0; i < name.size(); ++i) buf[i] = Lower(name[i]);
  const std::string_view lower(buf, name.size());
  for (std::string_view w : kWholeNames) {
    if (lower == w) return true;
  }
  // Words: split at '-', '_', ':', '.', and ignore words that are all digits.
  std::string_view first, last;
  size_t p = 0;
  while (p < lower.size()) {
    while (p < lower.size() &&
           (lower[p] == '-' || lower[p] == '_' || lower[p] == ':' || lower[p] == '.')) {
      ++p;
    }
    const size_t s = p;
    bool digits = true;
    while (p < lower.size() && lower[p] != '-' && lower[p] != '_' && lower[p] != ':' &&
           lower[p] != '.') {
      digits &= lower[p] >= '0' && lower[p] <= '9';
      ++p;
    }
    if (p > s && !digits) {
      if (first.empty()) first = lower.substr(s, p - s);
      last = lower.substr(s, p - s);
    }
  }
  if (first.empty()) return false;
  for (std::string_view w : {first, last}) {
    for (std::string_view k : kPrefixes) {
      if (w.substr(0, k.size()) == k) return true;
    }
    for (std::string_view k : kWords) {
      if (w == k) return true;
    }
  }
  // "widget" only as the first word: WordPress sidebars ("widget", "widget_text",
  // "widget-area"), not page builders' content widgets ("elementor-widget").
  return first.substr(0, 6) == "widget";
}

bool ShowsOnSomeScreens(std::string_view name) {
  for (std::string_view d : {":block", ":flex", ":grid", ":inline", ":table", ":contents"}) {
    if (name.find(d) != std::string_view::npos) return true;
  }
  for (std::string_view p : {"d-sm-", "d-md-", "d-lg-", "d-xl-", "d-xxl-"}) {
    if (StartsWithNoCase(name, p)) return true;
  }
  return false;
}

bool ClassIsBoilerplate(std::string_view classes) {
  bool hiding = false, showing = false;
  size_t p = 0;
  while (p < classes.size()) {
    while (p < classes.size() && IsSpace(classes[p])) ++p;
    const size_t s = p;
    while (p < classes.size() && !IsSpace(classes[p])) ++p;
    if (p == s) continue;
    const std::string_view name = classes.substr(s, p - s);
    if (NameIsBoilerplate(name)) return true;
    for (std::string_view h : kHidingNames) hiding |= EqualsNoCase(name, h);
    showing |= ShowsOnSomeScreens(name);
  }
  return hiding && !showing;
}

bool RoleIsBoilerplate(std::string_view role) {
  for (std::string_view r : {"navigation", "banner", "contentinfo", "complementary", "menu",
                             "menubar", "search", "dialog", "alertdialog"}) {
    if (EqualsNoCase(role, r)) return true;
  }
  return false;
}

// ---- Extraction -----------------------------------------------------------------------------

struct Piece {
  uint32_t begin, end;  // in Extractor::buf_
  uint32_t words, chars, link_chars;
  int cand;       // innermost boilerplate candidate, -1 if none
  uint32_t para;  // pieces of one block element share it
  GumboTag tag;
  bool space_before;  // whitespace separated it from the previous piece
};

struct Candidate {
  int parent;
  uint64_t own_good = 0;
  bool keep = false;
};

// The UTF-8 sequence at `i`: its length, and the code point (U+FFFD when invalid; an invalid
// sequence is its maximal valid prefix, at least one byte).
uint32_t Utf8Decode(const unsigned char* s, size_t n, size_t i, char32_t* cp) {
  const unsigned char b0 = s[i];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  int need;
  char32_t c;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    c = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    c = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    c = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    *cp = 0xFFFD;
    return 1;
  }
  uint32_t len = 1;
  for (int k = 0; k < need; ++k) {
    if (i + len >= n || s[i + len] < lo || s[i + len] > hi) {
      *cp = 0xFFFD;
      return len;
    }
    lo = 0x80;
    hi = 0xBF;
    c = (c << 6) | (s[i + len] & 0x3F);
    ++len;
  }
  *cp = c;
  return len;
}

bool IsUnicodeSpace(char32_t c) {
  return c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0x1680 || c == 0x2028 || c == 0x2029 || c == 0x85;
}

// Ideographs and kana: written without spaces, counted as half a word each.
bool IsCjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x3FFFF);
}

class Extractor {
 public:
  Extractor(const HtmlOptions& options, std::string_view source, const std::vector<TextRun>& runs,
            HtmlText* out)
      : options_(options), source_(source), runs_(runs), out_(out) {}

  // Cuts the tree's text into pieces. The tree is not used after this.
  void Read(const GumboNode* root) {
    if (root == nullptr || root->type != GUMBO_NODE_ELEMENT) return;
    Walk(root);
    HardFlush();
  }

  // Chooses the blocks and writes HtmlText::text, blocks and blocks_dropped.
  void Select();

 private:
  struct Frame {
    const GumboVector* children;
    unsigned next;
    // State to restore when the element ends.
    GumboTag block_tag;
    int cand;
    int link_depth;
    int pre_depth;
    int sectioning;
    bool block;
    bool candidate;
  };

  void Walk(const GumboNode* root) {
    std::vector<Frame> stack;
    Enter(root, &stack);
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next >= f.children->length) {
        Leave(f);
        stack.pop_back();
        continue;
      }
      const auto* child = static_cast<const GumboNode*>(f.children->data[f.next++]);
      switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
          NodeText(child->v.text.text);
          break;
        case GUMBO_NODE_ELEMENT:
          Enter(child, &stack);  // may reallocate `stack`: `f` is not used after this
          break;
        default:
          break;  // comments, templates
      }
    }
  }

  void Enter(const GumboNode* node, std::vector<Frame>* stack) {
    const GumboElement& el = node->v.element;
    if (el.tag_namespace != GUMBO_NAMESPACE_HTML) return;  // stray foreign content
    const GumboTag tag = el.tag;
    if (tag == GUMBO_TAG_HEAD) {
      FindTitle(node);
      return;
    }
    if (tag == GUMBO_TAG_TITLE) {
      if (out_->title.empty()) ReadTitle(node);
      return;
    }
    if (tag == GUMBO_TAG_BR) {
      LineBreak();
      return;
    }
    const Kind kind = KindOf(tag);
    if (kind == Kind::kDrop) return;
    Frame f;
    f.children = &el.children;
    f.next = 0;
    f.block_tag = block_tag_;
    f.cand = cand_;
    f.link_depth = link_depth_;
    f.pre_depth = pre_depth_;
    f.sectioning = sectioning_;
    f.block = kind == Kind::kBlock;
    f.candidate = IsCandidate(el);
    if (f.block) {
      HardFlush();
      const bool keep_outer = (block_tag_ == GUMBO_TAG_BLOCKQUOTE || block_tag_ == GUMBO_TAG_PRE) &&
                              (tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV);
      if (!keep_outer) block_tag_ = tag;
    }
    if (f.candidate) {
      if (!f.block) SoftFlush();
      cands_.push_back({cand_, 0, false});
      cand_ = static_cast<int>(cands_.size()) - 1;
    }
    if (tag == GUMBO_TAG_A && gumbo_get_attribute(&el.attributes, "href") != nullptr) {
      ++link_depth_;
    }
    if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_PLAINTEXT) {
      ++pre_depth_;
    }
    if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_SECTION ||
        tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_NAV) {
      ++sectioning_;
    }
    stack->push_back(f);
  }

  void Leave(const Frame& f) {
    if (f.block) {
      HardFlush();
    } else if (f.candidate) {
      SoftFlush();
    }
    block_tag_ = f.block_tag;
    cand_ = f.cand;
    link_depth_ = f.link_depth;
    pre_depth_ = f.pre_depth;
    sectioning_ = f.sectioning;
  }

  bool IsCandidate(const GumboElement& el) const {
    switch (el.tag) {
      case GUMBO_TAG_NAV:
      case GUMBO_TAG_ASIDE:
      case GUMBO_TAG_MENU:
      case GUMBO_TAG_FORM:
        return true;
      case GUMBO_TAG_HEADER:
      case GUMBO_TAG_FOOTER:
        if (sectioning_ == 0) return true;
        break;
      default:
        break;
    }
    for (unsigned i = 0; i < el.attributes.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(el.attributes.data[i]);
      const std::string_view name = a->name;
      const std::string_view value = a->value;
      if (name == "class") {
        if (ClassIsBoilerplate(value)) return true;
      } else if (name == "id") {
        if (NameIsBoilerplate(value)) return true;
      } else if (name == "role") {
        if (RoleIsBoilerplate(value)) return true;
      } else if (name == "hidden") {
        return true;
      } else if (name == "aria-hidden") {
        if (EqualsNoCase(value, "true")) return true;
      }
    }
    return false;
  }

  void FindTitle(const GumboNode* head) {
    const GumboVector& kids = head->v.element.children;
    for (unsigned i = 0; i < kids.length && out_->title.empty(); ++i) {
      const auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_TITLE &&
          k->v.element.tag_namespace == GUMBO_NAMESPACE_HTML) {
        ReadTitle(k);
      }
    }
  }

  void ReadTitle(const GumboNode* title) {
    std::string t;
    bool space = false;
    const GumboVector& kids = title->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      const auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type != GUMBO_NODE_TEXT && k->type != GUMBO_NODE_WHITESPACE) continue;
      const std::string_view s = k->v.text.text;
      const auto* u = reinterpret_cast<const unsigned char*>(s.data());
      for (size_t j = 0; j < s.size();) {
        char32_t cp = u[j];
        const uint32_t len = u[j] < 0x80 ? 1 : Utf8Decode(u, s.size(), j, &cp);
        if ((cp < 0x80 && IsSpace(static_cast<char>(cp))) || IsUnicodeSpace(cp)) {
          space = !t.empty();
        } else {
          if (space) t.push_back(' ');
          space = false;
          t.append(s.substr(j, len));
        }
        j += len;
      }
    }
    out_->title = std::move(t);
  }

  // ---- Pieces ----

  void Begin() {
    piece_open_ = true;
    piece_begin_ = buf_.size();
    space_before_ = pending_space_ || pending_newline_;
    pending_space_ = pending_newline_ = false;
  }

  void Separator() {
    if (pending_newline_) {
      buf_.push_back('\n');
    } else if (pending_space_) {
      buf_.push_back(' ');
    }
    pending_space_ = pending_newline_ = false;
  }

  // A text node's text, with the markers of text runs replaced by the runs.
  void NodeText(std::string_view s) {
    size_t p = 0;
    while (!runs_.empty()) {
      const size_t m = s.find(kMarkOpen, p);
      if (m == std::string_view::npos) break;
      Text(s.substr(p, m - p));
      size_t q = m + kMarkOpen.size();
      size_t index = 0;
      while (q < s.size() && s[q] >= '0' && s[q] <= '9' && index < runs_.size()) {
        index = index * 10 + static_cast<size_t>(s[q++] - '0');
      }
      if (index < runs_.size() && s.compare(q, kMarkClose.size(), kMarkClose) == 0) {
        const TextRun& r = runs_[index];
        Text(source_.substr(r.begin, r.end - r.begin));
        p = q + kMarkClose.size();
      } else {
        Text(s.substr(m, kMarkOpen.size()));
        p = m + kMarkOpen.size();
      }
    }
    Text(s.substr(p));
  }

  // Appends text to the current piece: whitespace collapsed (kept in <pre>), CR LF and CR as LF,
  // invalid UTF-8 as U+FFFD.
  void Text(std::string_view s) {
    if (s.empty()) return;
    const auto* u = reinterpret_cast<const unsigned char*>(s.data());
    const bool pre = pre_depth_ > 0;
    const bool link = link_depth_ > 0;
    for (size_t i = 0; i < s.size();) {
      const unsigned char b = u[i];
      char32_t cp = b;
      uint32_t len = 1;
      if (b >= 0x80) len = Utf8Decode(u, s.size(), i, &cp);
      const bool space = b < 0x80 ? IsSpace(static_cast<char>(b)) : IsUnicodeSpace(cp);
      if (space) {
        in_word_ = false;
        if (pre) {
          if (!piece_open_) Begin();
          Separator();
          if (b == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
            // CR LF: the LF follows
          } else {
            buf_.push_back(b == '\r' ? '\n' : (b < 0x80 ? static_cast<char>(b) : ' '));
          }
        } else if (piece_open_) {
          pending_space_ = true;
        }
        i += len;
        continue;
      }
      if (b == 0) {  // NUL: dropped, as gumbo does in body text
        ++i;
        continue;
      }
      if (!piece_open_) {
        Begin();
      } else {
        Separator();
      }
      if (cp == 0xFFFD && b >= 0x80) {
        buf_.append("\xEF\xBF\xBD");
      } else {
        buf_.append(s.substr(i, len));
      }
      ++chars_;
      if (link) ++link_chars_;
      if (IsCjk(cp)) {
        ++cjk_;
        in_word_ = true;
      } else if (!in_word_) {
        in_word_ = true;
        ++words_;
      }
      i += len;
    }
  }

  void LineBreak() {
    in_word_ = false;
    if (pre_depth_ > 0) {
      if (!piece_open_) Begin();
      Separator();
      buf_.push_back('\n');
      return;
    }
    if (!piece_open_) return;
    if (pending_newline_) {  // two <br> in a row: a new block
      HardFlush();
      return;
    }
    pending_newline_ = true;
  }

  void Close(bool hard) {
    if (piece_open_) {
      size_t end = buf_.size();
      while (end > piece_begin_ && IsSpace(buf_[end - 1])) --end;  // <pre> trailing blanks
      size_t begin = piece_begin_;
      while (begin < end && (buf_[begin] == '\n' || buf_[begin] == '\r')) ++begin;
      if (end > begin && chars_ > 0) {
        Piece p;
        p.begin = static_cast<uint32_t>(begin);
        p.end = static_cast<uint32_t>(end);
        p.words = words_ + (cjk_ + 1) / 2;
        p.chars = chars_;
        p.link_chars = link_chars_;
        p.cand = cand_;
        p.para = para_;
        p.tag = block_tag_;
        p.space_before = space_before_;
        pieces_.push_back(p);
      } else {
        buf_.resize(piece_begin_);
      }
    }
    piece_open_ = false;
    words_ = chars_ = link_chars_ = cjk_ = 0;
    in_word_ = false;
    pending_newline_ = false;
    if (hard) {
      pending_space_ = false;
      ++para_;
    }
  }
  void HardFlush() { Close(true); }
  void SoftFlush() {
    const bool space = pending_space_ || pending_newline_;
    Close(false);
    pending_space_ = space;
  }

  // ---- Selection ----

  struct Block {
    uint32_t first, last;  // pieces [first, last)
    uint32_t words = 0, chars = 0, link_chars = 0;
    GumboTag tag;
    int cls = 0;  // kBad, kShort, kGood
    bool kept = false;
  };
  enum { kBad = 0, kShort = 1, kGood = 2 };

  int Classify(uint32_t words, uint32_t chars, uint32_t link_chars) const {
    if (chars == 0) return kBad;
    if (static_cast<double>(link_chars) > options_.max_link_density * static_cast<double>(chars)) {
      return kBad;
    }
    return static_cast<int>(words) >= options_.min_block_words ? kGood : kShort;
  }

  void SelectBlocks() {
    // 1. Good text per candidate, measured on whole paragraphs before any removal.
    uint64_t total_good = 0;
    for (size_t i = 0; i < pieces_.size();) {
      size_t j = i;
      uint32_t words = 0, chars = 0, links = 0;
      while (j < pieces_.size() && pieces_[j].para == pieces_[i].para) {
        words += pieces_[j].words;
        chars += pieces_[j].chars;
        links += pieces_[j].link_chars;
        ++j;
      }
      if (Classify(words, chars, links) == kGood) {
        for (size_t k = i; k < j; ++k) {
          total_good += pieces_[k].chars;
          if (pieces_[k].cand >= 0) cands_[pieces_[k].cand].own_good += pieces_[k].chars;
        }
      }
      i = j;
    }
    // 2. Candidates holding half of it are kept, with their ancestors (parents come first).
    for (int c = static_cast<int>(cands_.size()) - 1; c >= 0; --c) {
      Candidate& cand = cands_[c];
      if (total_good > 0 && cand.own_good * 2 >= total_good) cand.keep = true;
      if (cand.keep && cand.parent >= 0) cands_[cand.parent].keep = true;
    }
    // 3. Blocks: the pieces of one paragraph outside removed candidates.
    std::vector<Block> blocks;
    int removed = 0;
    for (size_t i = 0; i < pieces_.size();) {
      size_t j = i;
      while (j < pieces_.size() && pieces_[j].para == pieces_[i].para) ++j;
      Block b;
      b.first = static_cast<uint32_t>(i);
      b.last = static_cast<uint32_t>(j);
      b.tag = pieces_[i].tag;
      bool any = false, any_removed = false;
      for (size_t k = i; k < j; ++k) {
        const Piece& p = pieces_[k];
        if (p.cand >= 0 && !cands_[p.cand].keep) {
          any_removed = true;
          continue;
        }
        any = true;
        b.words += p.words;
        b.chars += p.chars;
        b.link_chars += p.link_chars;
      }
      if (any) {
        b.cls = Classify(b.words, b.chars, b.link_chars);
        blocks.push_back(b);
      } else if (any_removed) {
        ++removed;
      }
      i = j;
    }
    // 4. Context: short blocks and headings.
    const bool any_good =
        std::any_of(blocks.begin(), blocks.end(), [](const Block& b) { return b.cls == kGood; });
    // Without a good block, the short ones are the text only when there is enough of them (a
    // poem, a list of short lines); "Page not found. Back to the home page." is not.
    uint64_t short_words = 0;
    for (const Block& b : blocks) {
      if (b.cls == kShort) short_words += b.words;
    }
    const int near_good = (options_.min_block_words + 1) / 2;
    const int n = static_cast<int>(blocks.size());
    std::vector<int> prev(n), next(n), next_dist(n);
    int last = kBad;
    for (int i = 0; i < n; ++i) {
      prev[i] = last;
      if (blocks[i].cls != kShort) last = blocks[i].cls;
    }
    last = kBad;
    int dist = 0;
    for (int i = n - 1; i >= 0; --i) {
      next[i] = last;
      next_dist[i] = dist;
      if (blocks[i].cls != kShort) {
        last = blocks[i].cls;
        dist = 0;
      } else {
        ++dist;
      }
    }
    for (int i = 0; i < n; ++i) {
      Block& b = blocks[i];
      if (b.cls == kGood) {
        b.kept = true;
      } else if (b.cls == kShort) {
        if (!any_good) {
          b.kept = short_words >= 2 * static_cast<uint64_t>(options_.min_block_words);
        } else if (IsHeading(b.tag)) {
          b.kept = next[i] == kGood && next_dist[i] <= 3;
        } else if (prev[i] == kGood && next[i] == kGood) {
          b.kept = true;
        } else if (prev[i] == kGood || next[i] == kGood) {
          b.kept = static_cast<int>(b.words) >= near_good;
        }
      }
      if (!b.kept) ++removed;
    }
    out_->blocks_dropped = removed;
    // 5. The text.
    std::string& text = out_->text;
    size_t size = 0;
    for (const Block& b : blocks) {
      if (b.kept) size += pieces_[b.last - 1].end - pieces_[b.first].begin + 2;
    }
    text.reserve(size);
    for (const Block& b : blocks) {
      if (!b.kept) continue;
      if (!text.empty()) text.append("\n\n");
      HtmlBlock hb;
      hb.begin = static_cast<uint32_t>(text.size());
      bool first = true, skipped = false;
      for (uint32_t k = b.first; k < b.last; ++k) {
        const Piece& p = pieces_[k];
        if (p.cand >= 0 && !cands_[p.cand].keep) {
          skipped = true;
          continue;
        }
        if (!first && (p.space_before || skipped)) text.push_back(' ');
        text.append(buf_, p.begin, p.end - p.begin);
        first = false;
        skipped = false;
      }
      hb.end = static_cast<uint32_t>(text.size());
      hb.tag = gumbo_normalized_tagname(b.tag);
      out_->blocks.push_back(std::move(hb));
    }
  }

  void ReleaseBuffers() {
    std::string().swap(buf_);
    std::vector<Piece>().swap(pieces_);
  }

  const HtmlOptions& options_;
  std::string_view source_;
  const std::vector<TextRun>& runs_;
  HtmlText* out_;

  std::string buf_;
  std::vector<Piece> pieces_;
  std::vector<Candidate> cands_;

  GumboTag block_tag_ = GUMBO_TAG_BODY;
  int cand_ = -1;
  int link_depth_ = 0;
  int pre_depth_ = 0;
  int sectioning_ = 0;

  bool piece_open_ = false;
  size_t piece_begin_ = 0;
  bool space_before_ = false;
  bool pending_space_ = false;
  bool pending_newline_ = false;
  bool in_word_ = false;
  uint32_t words_ = 0, chars_ = 0, link_chars_ = 0, cjk_ = 0;
  uint32_t para_ = 0;
};

// Decoded text of which more than 5% of the characters are controls (C0 other than whitespace,
// C1) or U+FFFD is not a page but an image, a PDF, compressed data ...: judged on the first 4 KB.
bool LooksBinary(std::string_view utf8) {
  const std::string_view s = utf8.substr(0, 4096);
  size_t bad = 0, chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    ++chars;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
      ++bad;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      ++bad;  // C1 control
    } else if (c == 0xEF && s.substr(i, 3) == "\xEF\xBF\xBD") {
      ++bad;
    }
  }
  return bad * 20 > chars;
}

void Extractor::Select() {
  SelectBlocks();
  ReleaseBuffers();
}

bool HasBom(std::string_view b) {
  return b.substr(0, 3) == "\xEF\xBB\xBF" || b.substr(0, 2) == "\xFF\xFE" ||
         b.substr(0, 2) == "\xFE\xFF";
}

}  // namespace

bool LooksLikeHtml(std::string_view prefix) {
  std::string ascii;
  if (prefix.substr(0, 2) == "\xFF\xFE" || prefix.substr(0, 2) == "\xFE\xFF") {
    // UTF-16: the ASCII characters of the first 2 KB.
    const bool le = prefix[0] == '\xFF';
    for (size_t i = 2; i + 1 < prefix.size() && i < 2 * kSniffBytes + 2; i += 2) {
      const char lo = le ? prefix[i] : prefix[i + 1], hi = le ? prefix[i + 1] : prefix[i];
      ascii.push_back(hi == 0 ? lo : '\x80');
    }
    prefix = ascii;
  } else if (prefix.substr(0, 3) == "\xEF\xBB\xBF") {
    prefix.remove_prefix(3);
  }
  // Whitespace, comments and an XML declaration may come first.
  size_t p = 0;
  while (true) {
    while (p < prefix.size() && IsSpace(prefix[p])) ++p;
    const std::string_view rest = prefix.substr(p);
    if (rest.substr(0, 4) == "<!--") {
      const size_t e = prefix.find("-->", p + 4);
      if (e == std::string_view::npos) break;
      p = e + 3;
    } else if (rest.substr(0, 2) == "<?") {
      const size_t e = prefix.find('>', p + 2);
      if (e == std::string_view::npos) break;
      p = e + 1;
    } else {
      break;
    }
  }
  const std::string_view rest = prefix.substr(std::min(p, prefix.size()));
  if (StartsWithTag(rest, "<!doctype html") || StartsWithTag(rest, "<html") ||
      StartsWithTag(rest, "<head") || StartsWithTag(rest, "<body")) {
    return true;
  }
  // In the first 1 KB, one of the tags at the start of a line (or right after another tag):
  // prose that mentions "<html>" in a sentence is not HTML.
  const std::string_view window = prefix.substr(0, kSniffBytes);
  for (size_t q = window.find('<'); q != std::string_view::npos; q = window.find('<', q + 1)) {
    size_t b = q;
    while (b > 0 && (window[b - 1] == ' ' || window[b - 1] == '\t')) --b;
    if (b > 0 && window[b - 1] != '\n' && window[b - 1] != '\r' && window[b - 1] != '>') continue;
    const std::string_view s = window.substr(q);
    for (std::string_view tag :
         {"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div"}) {
      if (StartsWithTag(s, tag)) return true;
    }
    if (StartsWithNoCase(s, "<p>") || StartsWithNoCase(s, "<p ")) return true;
  }
  return false;
}

std::string MetaCharset(std::string_view html_bytes) {
  const std::string_view s = html_bytes.substr(0, kMetaScanBytes);
  size_t p = 0;
  while ((p = s.find('<', p)) != std::string_view::npos) {
    if (s.compare(p, 4, "<!--") == 0) {
      const size_t e = s.find("-->", p + 2);
      if (e == std::string_view::npos) return "";
      p = e + 3;
      continue;
    }
    const bool end_tag = p + 1 < s.size() && s[p + 1] == '/';
    const size_t name_at = p + (end_tag ? 2 : 1);
    if (name_at < s.size() && IsAlpha(s[name_at])) {
      const std::string_view name = TagNameAt(s, name_at);
      const bool meta = !end_tag && EqualsNoCase(name, "meta");
      std::string charset, content;
      bool pragma = false;
      bool self_closing;
      const size_t end =
          ParseAttributes(s, name_at + name.size(), &self_closing, [&](const Attr& a) {
            if (!meta) return;
            if (EqualsNoCase(a.name, "charset")) {
              if (charset.empty()) charset = std::string(a.value);
            } else if (EqualsNoCase(a.name, "http-equiv")) {
              pragma |= EqualsNoCase(a.value, "content-type");
            } else if (EqualsNoCase(a.name, "content")) {
              if (content.empty()) content = std::string(a.value);
            }
          });
      if (end == std::string_view::npos) return "";
      if (meta) {
        std::string label = charset;
        if (label.empty() && pragma && !content.empty()) {
          // "text/html; charset=..." (the parameter may also stand alone).
          std::string_view c = content;
          size_t k = 0;
          while ((k = c.find_first_of("cC", k)) != std::string_view::npos) {
            if (!StartsWithNoCase(c.substr(k), "charset")) {
              ++k;
              continue;
            }
            size_t v = k + 7;
            while (v < c.size() && IsSpace(c[v])) ++v;
            if (v >= c.size() || c[v] != '=') {
              k += 7;
              continue;
            }
            ++v;
            while (v < c.size() && IsSpace(c[v])) ++v;
            if (v < c.size() && (c[v] == '"' || c[v] == '\'')) {
              const size_t close = c.find(c[v], v + 1);
              if (close != std::string_view::npos)
                label = std::string(c.substr(v + 1, close - v - 1));
            } else {
              size_t e = v;
              while (e < c.size() && !IsSpace(c[e]) && c[e] != ';') ++e;
              label = std::string(c.substr(v, e - v));
            }
            break;
          }
        }
        if (!label.empty()) {
          std::string canonical = CanonicalEncoding(label);
          if (canonical == "utf-16le" || canonical == "utf-16be") canonical = "utf-8";
          if (!canonical.empty()) return canonical;
        }
      }
      p = end;
      continue;
    }
    if (p + 1 < s.size() && (s[p + 1] == '!' || s[p + 1] == '/' || s[p + 1] == '?')) {
      const size_t e = s.find('>', p + 1);
      if (e == std::string_view::npos) return "";
      p = e + 1;
      continue;
    }
    ++p;
  }
  return "";
}

HtmlText ExtractHtml(std::string_view html_bytes, std::string_view http_charset,
                     const HtmlOptions& options) {
  HtmlText out;
  std::string declared;
  if (!HasBom(html_bytes)) {
    std::string http(http_charset);
    if (http.find_first_of(";=") != std::string::npos) http = CharsetFromContentType(http);
    declared = CanonicalEncoding(http);
    if (declared == "utf-16le" || declared == "utf-16be") {
      const std::string found = DecideCharset(html_bytes.substr(0, 4096)).encoding;
      if (found != "utf-16le" && found != "utf-16be") declared.clear();
    }
    if (declared.empty()) declared = MetaCharset(html_bytes);
  }
  Utf8Text u = ToUtf8(html_bytes, declared);
  out.charset = std::move(u.charset);
  const std::string_view html = u.unchanged ? html_bytes : std::string_view(u.text);
  if (LooksBinary(html)) return out;
  std::vector<TextRun> runs;
  std::string cleaned = Cleaner(html, &runs).Run();
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.max_errors = 0;  // errors are not used; recording them costs time and memory
  GumboOutput* parsed = gumbo_parse_with_options(&gumbo_options, cleaned.data(), cleaned.size());
  // The tree does not point into `cleaned` for anything read here (texts, tags, attributes
  // are the tree's own), so the memory goes back before the walk.
  std::string().swap(cleaned);
  if (parsed == nullptr) return out;
  Extractor extractor(options, html, runs, &out);
  extractor.Read(parsed->root);
  gumbo_destroy_output(&gumbo_options, parsed);
  std::vector<TextRun>().swap(runs);
  std::string().swap(u.text);  // `html` is not used after this
  extractor.Select();
  return out;
}

}  // namespace textrace
