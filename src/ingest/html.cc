// HTML pages to main text (see html.h): ExtractHtml joins the steps, each in its own file:
// charset (html_sniff.cc for <meta>, normalize/charset.h for the rest), the cleaner
// (html_clean.cc), gumbo, the walk over its tree (html_walk.cc) cutting the text into pieces
// (html_text.cc), and the selection of the main text (html_select.cc, html_boilerplate.cc).
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

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/html_clean.h"
#include "ingest/html_extract.h"
#include "normalize/charset.h"

namespace textrace {
namespace {

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

bool HasBom(std::string_view b) {
  return b.substr(0, 3) == "\xEF\xBB\xBF" || b.substr(0, 2) == "\xFF\xFE" ||
         b.substr(0, 2) == "\xFE\xFF";
}

}  // namespace

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
  std::vector<html_internal::TextRun> runs;
  html_internal::PageDate date;
  std::string cleaned = html_internal::CleanHtml(html, &runs, &date);
  out.date = std::move(date.date);
  out.date_from = std::move(date.from);
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.max_errors = 0;  // errors are not used; recording them costs time and memory
  GumboOutput* parsed = gumbo_parse_with_options(&gumbo_options, cleaned.data(), cleaned.size());
  // The tree does not point into `cleaned` for anything read here (texts, tags, attributes
  // are the tree's own), so the memory goes back before the walk.
  std::string().swap(cleaned);
  if (parsed == nullptr) return out;
  html_internal::Extractor extractor(options, html, runs, &out);
  extractor.Read(parsed->root);
  gumbo_destroy_output(&gumbo_options, parsed);
  std::vector<html_internal::TextRun>().swap(runs);
  std::string().swap(u.text);  // `html` is not used after this
  extractor.Select();
  return out;
}

}  // namespace textrace
