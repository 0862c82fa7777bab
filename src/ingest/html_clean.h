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

// The cleaned page. `runs` receives the text runs replaced by markers, in order (none when the
// page itself holds the marker characters, which it would then be impossible to tell apart).
std::string CleanHtml(std::string_view html, std::vector<TextRun>* runs);

}  // namespace html_internal
}  // namespace textrace

#endif  // TEXTRACE_INGEST_HTML_CLEAN_H_
