// What the <meta> prescan (html_sniff.cc) and the cleaner (html_clean.cc) share of HTML's
// tokenizer: tag names and attributes. Private to src/ingest/.
#ifndef TEXTRACE_INGEST_HTML_MARKUP_H_
#define TEXTRACE_INGEST_HTML_MARKUP_H_

#include <cstddef>
#include <string_view>

#include "util/ascii.h"

namespace textrace {
namespace html_internal {

// `s` starts with the tag `lower_tag` ("<html"), followed by a delimiter or the end.
inline bool StartsWithTag(std::string_view s, std::string_view lower_tag) {
  if (!StartsWithNoCase(s, lower_tag)) return false;
  if (s.size() == lower_tag.size()) return true;
  const char c = s[lower_tag.size()];
  return IsHtmlSpace(c) || c == '>' || c == '/';
}

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
    while (p < n && IsHtmlSpace(s[p])) ++p;
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
    while (p < n && !IsHtmlSpace(s[p]) && s[p] != '/' && s[p] != '>' && s[p] != '=') ++p;
    const size_t name_end = p;
    size_t q = p;
    while (q < n && IsHtmlSpace(s[q])) ++q;
    Attr a;
    a.name = s.substr(name_start, name_end - name_start);
    if (q < n && s[q] == '=') {
      ++q;
      while (q < n && IsHtmlSpace(s[q])) ++q;
      if (q >= n) return std::string_view::npos;
      if (s[q] == '"' || s[q] == '\'') {
        const size_t close = s.find(s[q], q + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        a.value = s.substr(q + 1, close - q - 1);
        p = close + 1;
      } else {
        const size_t v = q;
        while (q < n && !IsHtmlSpace(s[q]) && s[q] != '>') ++q;
        a.value = s.substr(v, q - v);
        p = q;
      }
    }
    a.raw = s.substr(name_start, p - name_start);
    on_attr(a);
  }
}

// The tag name at `p` (a letter): up to whitespace, '/' or '>'.
inline std::string_view TagNameAt(std::string_view s, size_t p) {
  size_t e = p;
  while (e < s.size() && !IsHtmlSpace(s[e]) && s[e] != '/' && s[e] != '>') ++e;
  return s.substr(p, e - p);
}

// Position of the end tag "</name" (followed by whitespace, '/', '>' or the end) at or after
// `p`, or npos.
inline size_t FindEndTag(std::string_view s, size_t p, std::string_view lower_name) {
  while ((p = s.find("</", p)) != std::string_view::npos) {
    const std::string_view rest = s.substr(p + 2);
    if (StartsWithNoCase(rest, lower_name)) {
      if (rest.size() == lower_name.size()) return p;
      const char c = rest[lower_name.size()];
      if (IsHtmlSpace(c) || c == '/' || c == '>') return p;
    }
    p += 2;
  }
  return std::string_view::npos;
}

}  // namespace html_internal
}  // namespace textrace

#endif  // TEXTRACE_INGEST_HTML_MARKUP_H_
