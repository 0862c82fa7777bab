// What a page says before it is parsed (html.h): whether a file looks like HTML at all, and the
// charset its <meta> declares (the prescan of the first 4 KB).
#include <algorithm>
#include <string>
#include <string_view>

#include "ingest/html.h"
#include "ingest/html_markup.h"
#include "normalize/charset.h"

namespace textrace {

using html_internal::Attr;
using html_internal::ParseAttributes;
using html_internal::StartsWithTag;
using html_internal::TagNameAt;

namespace {

constexpr size_t kMetaScanBytes = 4096;
constexpr size_t kSniffBytes = 1024;

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
    while (p < prefix.size() && IsHtmlSpace(prefix[p])) ++p;
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
  // prose that mentions "<html>" in a sentence is not HTML. A fragment's tags (<meta>, <title>,
  // <div>, <p>) count where the page also closes an element in its first 4 KB, or where two of
  // them start lines: a text whose first line starts with a stray "<title>" is text (seen in
  // real news).
  const std::string_view window = prefix.substr(0, kSniffBytes);
  const std::string_view wider = prefix.substr(0, kMetaScanBytes);
  const bool closes =
      wider.find("</") != std::string_view::npos || wider.find("/>") != std::string_view::npos;
  int fragment_tags = 0;
  for (size_t q = window.find('<'); q != std::string_view::npos; q = window.find('<', q + 1)) {
    size_t b = q;
    while (b > 0 && (window[b - 1] == ' ' || window[b - 1] == '\t')) --b;
    if (b > 0 && window[b - 1] != '\n' && window[b - 1] != '\r' && window[b - 1] != '>') continue;
    const std::string_view s = window.substr(q);
    for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body"}) {
      if (StartsWithTag(s, tag)) return true;
    }
    bool fragment = StartsWithNoCase(s, "<p>") || StartsWithNoCase(s, "<p ");
    for (std::string_view tag : {"<meta", "<title", "<div"}) fragment |= StartsWithTag(s, tag);
    if (fragment && (closes || ++fragment_tags >= 2)) return true;
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
    if (name_at < s.size() && IsAsciiAlpha(s[name_at])) {
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
            while (v < c.size() && IsHtmlSpace(c[v])) ++v;
            if (v >= c.size() || c[v] != '=') {
              k += 7;
              continue;
            }
            ++v;
            while (v < c.size() && IsHtmlSpace(c[v])) ++v;
            if (v < c.size() && (c[v] == '"' || c[v] == '\'')) {
              const size_t close = c.find(c[v], v + 1);
              if (close != std::string_view::npos)
                label = std::string(c.substr(v + 1, close - v - 1));
            } else {
              size_t e = v;
              while (e < c.size() && !IsHtmlSpace(c[e]) && c[e] != ';') ++e;
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

}  // namespace textrace
