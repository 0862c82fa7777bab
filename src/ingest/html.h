// HTML pages to text: decode by the declared or detected charset, parse with gumbo (an HTML5
// parser, so any tag soup gives a tree), and keep the page's main text: headings, paragraphs, list
// items, quotes and preformatted text, without navigation, menus, headers and footers, comment
// forms, share bars and link lists.
#ifndef TEXTRACE_INGEST_HTML_H_
#define TEXTRACE_INGEST_HTML_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/charset.h"

namespace textrace {

// One kept block of the extracted text.
struct HtmlBlock {
  uint32_t begin = 0, end = 0;  // byte range in HtmlText::text
  std::string tag;              // "h1".."h6", "p", "li", "blockquote", "pre", "td", "div", ...
};

struct HtmlText {
  // The main text, UTF-8: one block per heading or paragraph, blocks separated by "\n\n",
  // whitespace inside a block collapsed to single spaces (kept as is inside <pre>), a <br> a
  // single "\n" inside its block (two <br> in a row end the block), entities decoded. Empty when
  // the page has no main text.
  std::string text;
  std::string title;  // the <title>, whitespace collapsed
  // The date the page states for itself (its publication), as written, and where it was found:
  // "article:published_time", "og:published_time", "json-ld datePublished", "itemprop
  // datePublished", "meta date" or "time datetime" (inside <article>), the first of the first
  // kind found in that order. Both empty when the page states none.
  std::string date, date_from;
  std::vector<HtmlBlock> blocks;
  CharsetDecision charset;  // how the bytes were decoded
  int blocks_dropped = 0;   // candidate blocks removed as boilerplate (link lists, menus ...)
};

struct HtmlOptions {
  // A block whose text is more than this share link text is navigation and is dropped.
  double max_link_density = 0.5;
  // Blocks shorter than this (in words) are kept only next to kept main-text blocks (headings
  // always count as main text when followed by kept text).
  int min_block_words = 10;
};

// True when `prefix` (the first bytes of a file) looks like HTML: after an optional BOM,
// whitespace and comments, "<!doctype html", "<html", "<head" or "<body" (case-insensitive),
// or, in the first 1 KB, one of those or "<meta", "<title", "<div", "<p>", "<p ".
bool LooksLikeHtml(std::string_view prefix);

// The charset a page declares in its first 4 KB of bytes: <meta charset=...> or <meta
// http-equiv="Content-Type" content="...; charset=...">, canonical as CanonicalEncoding; "" if
// none or unknown.
std::string MetaCharset(std::string_view html_bytes);

// Extracts the main text. `http_charset` is the charset of the HTTP Content-Type header, if any
// (it wins over <meta>, as in browsers; a BOM wins over both). Never fails; memory is a small
// multiple of the page size. Thread-safe (no shared state).
HtmlText ExtractHtml(std::string_view html_bytes, std::string_view http_charset = {},
                     const HtmlOptions& options = {});

}  // namespace textrace

#endif  // TEXTRACE_INGEST_HTML_H_
