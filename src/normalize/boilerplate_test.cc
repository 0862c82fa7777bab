#include "normalize/boilerplate.h"

#include <gtest/gtest.h>

namespace textrace {
namespace {

TEST(BoilerplateLinesTest, SiteIsTheUrlHost) {
  EXPECT_EQ(SiteOf("https://WWW.Example.com:8080/a?b#c"), SiteOf("http://example.com"));
  EXPECT_EQ(SiteOf("https://user@example.com/x"), SiteOf("https://example.com/y"));
  EXPECT_NE(SiteOf("https://example.com/"), SiteOf("https://example.org/"));
  EXPECT_EQ(SiteOf(""), 0u);
  EXPECT_EQ(SiteOf("not a url"), 0u);
}

// Line 7 in documents with the given sites; documents in `copies` are copies of each other.
std::unordered_set<uint64_t> Find(const std::vector<uint64_t>& sites, bool copies) {
  BoilerplateFinder f(BoilerplateOptions{});
  for (uint32_t d = 0; d < sites.size(); ++d) f.Add(d, sites[d], {{7, 0, 3}, {100 + d, 3, 9}});
  return f.Finish([copies](uint32_t, uint32_t) { return copies ? 0.9 : 0.05; });
}

TEST(BoilerplateLinesTest, ManyUnrelatedDocumentsOrOneSitesTemplate) {
  // Five unrelated documents anywhere, or three of one site: boilerplate. Lines of one document
  // never are.
  EXPECT_EQ(Find({0, 0, 0, 0, 0}, false), (std::unordered_set<uint64_t>{7}));
  EXPECT_EQ(Find({1, 2, 3, 4}, false).size(), 0u);
  EXPECT_EQ(Find({5, 5, 5}, false), (std::unordered_set<uint64_t>{7}));
  EXPECT_EQ(Find({5, 5, 6}, false).size(), 0u);
  EXPECT_EQ(Find({0, 0, 0}, false).size(), 0u);  // no URLs: no site rule
  // Copies of one story share their lines: not boilerplate, however many.
  EXPECT_EQ(Find({0, 0, 0, 0, 0, 0, 0}, true).size(), 0u);
  EXPECT_EQ(Find({5, 5, 5, 5}, true).size(), 0u);
}

TEST(BoilerplateLinesTest, OnlyShortLinesAndTheirTokensAreMarked) {
  AnalyzedDocument d;
  d.bytes = "one two\nthree four five\nsix";
  uint32_t b = 0;
  for (const char* w : {"one", "two", "three", "four", "five", "six"}) {
    const uint32_t at = static_cast<uint32_t>(d.bytes.find(w, b));
    Token t;
    t.begin_byte = at;
    t.end_byte = at + static_cast<uint32_t>(std::string_view(w).size());
    t.key = std::hash<std::string_view>()(w);
    d.tokens.push_back(t);
    b = t.end_byte;
  }
  const std::vector<DocumentLine> lines = ShortLines(d, 2);
  ASSERT_EQ(lines.size(), 2u);  // "three four five" is longer than 2 words
  EXPECT_EQ(lines[0].first_token, 0u);
  EXPECT_EQ(lines[0].end_token, 2u);
  EXPECT_EQ(lines[1].first_token, 5u);
  EXPECT_EQ(MarkBoilerplate({lines[0].hash}, 2, &d), 2);
  EXPECT_TRUE(d.tokens[0].boilerplate && d.tokens[1].boilerplate);
  EXPECT_FALSE(d.tokens[2].boilerplate || d.tokens[5].boilerplate);
}

}  // namespace
}  // namespace textrace
