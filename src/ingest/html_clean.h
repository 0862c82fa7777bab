// The cleaner: one linear pass before gumbo that rewrites a page into a smaller one that parses
// to the same tree for the extractor's purposes (html.cc's file comment says what it removes and
// why), with runs of text handed to gumbo as short markers. Private to src/ingest/.
#ifndef TEXTRACE_INGEST_HTML_CLEAN_H_
#define TEXTRACE_INGEST_HTML_CLEAN_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace textrace {
namespace html_internal {

// Text runs handed to gumbo as markers: U+E000, the run's index in decimal, U+E001.
constexpr std::string_view kMarkOpen = "\xEE\x80\x80", kMarkClose = "\xEE\x80\x81";

struct TextRun {
  size_t begin, end;  // in the cleaner's input
};

// The date a page states for itself, as found, and where: the best of (in this order)
// <meta property="article:published_time">, <meta property="og:published_time">, JSON-LD
// datePublished (<script type="application/ld+json">, also inside "@graph"), an element with
// itemprop="datePublished" and a content or datetime attribute, <meta name="date">, and
// <time datetime> inside an <article>; the first of its kind. Both empty when none.
struct PageDate {
  std::string date;
  std::string from;  // "article:published_time", "og:published_time", "json-ld datePublished",
                     // "itemprop datePublished", "meta date", "time datetime"
  int rank = 0;      // the kind's place in the order above, from 1; 0 when none
};

// The cleaned page. `runs` receives the text runs replaced by markers, in order (none when the
// page itself holds the marker characters, which it would then be impossible to tell apart).
// `date`, when not null, receives the page's own date (the markup that states it is removed).
std::string CleanHtml(std::string_view html, std::vector<TextRun>* runs,
                      PageDate* date = nullptr);

}  // namespace html_internal
}  // namespace textrace

#endif  // TEXTRACE_INGEST_HTML_CLEAN_H_
