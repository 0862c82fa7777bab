// The cleaner (html_clean.h): what it removes before gumbo, and the text runs it hands over as
// markers.
#include "ingest/html_clean.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace textrace {
namespace html_internal {
namespace {

// The cleaned page with each marker replaced by its text run again, in brackets.
std::string CleanWithRuns(std::string_view html) {
  std::vector<TextRun> runs;
  const std::string cleaned = CleanHtml(html, &runs);
  std::string out;
  size_t p = 0;
  for (size_t m; (m = cleaned.find(kMarkOpen, p)) != std::string::npos;) {
    out.append(cleaned, p, m - p);
    const size_t close = cleaned.find(kMarkClose, m);
    EXPECT_NE(close, std::string::npos);
    const size_t index = std::stoul(cleaned.substr(m + kMarkOpen.size()));
    EXPECT_LT(index, runs.size());
    out += "[" + std::string(html.substr(runs[index].begin, runs[index].end - runs[index].begin)) +
           "]";
    p = close + kMarkClose.size();
  }
  out.append(cleaned, p);
  return out;
}

TEST(HtmlClean, ScriptsStylesCommentsAndVoidElementsAreRemoved) {
  std::vector<TextRun> runs;
  EXPECT_EQ(CleanHtml("<p>a<script>var x = '<p>';</script>b<!-- c -->d<img src=x.png>e"
                      "<style>p{}</style></p>",
                      &runs),
            "<p>abde</p>");
  EXPECT_TRUE(runs.empty());  // runs of fewer than 12 characters stay as they are
}

TEST(HtmlClean, OnlyTheAttributesTheExtractorReadsStay) {
  std::vector<TextRun> runs;
  EXPECT_EQ(CleanHtml("<div id=main class='a b' data-x=1 onclick=\"f()\">x</div>", &runs),
            "<div id=main class='a b'>x</div>");
  EXPECT_EQ(CleanHtml("<a href=\"https://example.com/\" title=t>x</a>", &runs), "<a href>x</a>");
  EXPECT_EQ(CleanHtml("<div style=\"DISPLAY: none\">x</div>", &runs), "<div hidden>x</div>");
  EXPECT_EQ(CleanHtml("<div style=\"color: red\">x</div>", &runs), "<div>x</div>");
}

TEST(HtmlClean, LongTextRunsBecomeMarkers) {
  EXPECT_EQ(CleanWithRuns("<p>  A run of text long enough.  </p><p>Short one</p>"),
            "<p>  [A run of text long enough.]  </p><p>Short one</p>");
  // Character references stay for gumbo to decode, and whitespace at the edges of a run.
  EXPECT_EQ(CleanWithRuns("<p>Fish &amp; chips, and nothing else at all</p>"),
            "<p>Fish &amp; [chips, and nothing else at all]</p>");
}

TEST(HtmlClean, NoMarkersWhenThePageHoldsTheMarkerCharacters) {
  const std::string page = "<p>A page that holds \xEE\x80\x80 itself, so no markers.</p>";
  std::vector<TextRun> runs;
  EXPECT_EQ(CleanHtml(page, &runs), page);
  EXPECT_TRUE(runs.empty());
}

TEST(HtmlClean, NestingDeeperThanTheLimitIsDropped) {
  std::string page;
  for (int i = 0; i < 300; ++i) page += "<div>";
  page += "x";
  for (int i = 0; i < 300; ++i) page += "</div>";
  std::vector<TextRun> runs;
  const std::string cleaned = CleanHtml(page, &runs);
  std::string expected;
  for (int i = 0; i < 256; ++i) expected += "<div>";
  expected += "x";
  for (int i = 0; i < 256; ++i) expected += "</div>";
  EXPECT_EQ(cleaned, expected);
}

}  // namespace
}  // namespace html_internal
}  // namespace textrace
