// Page furniture known by its words (furniture.h): what is furniture, where, and what is not.
#include "normalize/furniture.h"

#include <gtest/gtest.h>

#include <string>

#include "textrace/document.h"

namespace textrace {
namespace {

TEST(FurnitureTest, BannersNoticesAndWarningsAtTheEdge) {
  for (const char* line : {
           "We use cookies to improve your experience. By continuing to browse you accept them.",
           "Wir verwenden Cookies. Mit der Nutzung stimmen Sie der Datenschutzerkl\xC3\xA4rung zu.",
           "Nous utilisons des cookies pour am\xC3\xA9liorer votre exp\xC3\xA9rience.",
           "Utilizamos cookies propias y de terceros. Si contin\xC3\xBA"
           "a navegando, acepta su uso.",
           "This page has affiliate links: we may earn a commission on what you buy.",
           "Comments are moderated; please read our comment policy before posting.",
           "Subscribe now for unlimited access, or log in if you are already a subscriber.",
           "Sign up for our newsletter and get the best stories in your inbox.",
           "Copyright \xC2\xA9 2023 Example Media Ltd.",
           "\xC2\xA9"
           "2021 Example Media Ltd",
           "All rights reserved.",
       }) {
    EXPECT_TRUE(IsFurnitureLine(line, /*at_edge=*/true)) << line;
    EXPECT_FALSE(IsFurnitureLine(line, /*at_edge=*/false)) << "in the body: " << line;
  }
}

TEST(FurnitureTest, PhrasesAndServerWarningsAnywhere) {
  for (const char* line : {
           "Your email address will not be published. Required fields are marked *",
           "You must be logged in to post a comment.",
           "As an Amazon Associate I earn from qualifying purchases.",
           "Warning: Undefined variable $x in /var/www/html/wp-content/themes/a/header.php on "
           "line 42",
           "Deprecated: Function create_function() is deprecated in /srv/site/index.php on line 7",
       }) {
    EXPECT_TRUE(IsFurnitureLine(line, /*at_edge=*/false)) << line;
  }
}

TEST(FurnitureTest, ProseOnTheSameSubjectsIsNot) {
  for (const char* line : {
           // News about these subjects: no banner's cue, or a subject without its cue.
           "The council will publish its comments on the harbour plan next week.",
           "Registration for the marathon opens on Monday and costs 40 pounds.",
           "The bakery's oatmeal cookies sold out by noon on the first day.",
           "Warning: the storm could bring winds of 90 miles an hour, forecasters said.",
           "The company declined to comment on the affiliate's results.",
           // Words that hold a cue inside them, or a subject in another sense.
           "The finance minister commented on Tuesday that the new tax policy would be approved.",
           "The kitchen design includes a pantry, already approved and paid from the account.",
           "The company registered a new account with the regulator last year.",
           "Quarterly earnings of the affiliate rose, and its catalog in print grew.",
           "Court rules on copyright case in 2021",
           "",
       }) {
    EXPECT_FALSE(IsFurnitureLine(line, /*at_edge=*/true)) << line;
  }
  // Long lines are paragraphs, not furniture, whatever they say.
  std::string paragraph = "We use cookies and you accept them";
  for (int i = 0; i < 20; ++i) paragraph += " and the council met again to talk";
  EXPECT_FALSE(IsFurnitureLine(paragraph, /*at_edge=*/true));
}

// A short text (a post, a JSON text on one line) has no edges: it is all body, so a sentence on
// cookies in it is kept, while a comment form's phrase is furniture wherever it is.
TEST(FurnitureTest, AShortTextIsAllBody) {
  AnalyzerOptions o;
  o.language = "english";
  auto an = Analyzer::Create(o);
  ASSERT_TRUE(an.ok());
  auto post =
      (*an)->Analyze("post", "We use cookies in the bakery and you will accept them gladly.");
  ASSERT_TRUE(post.ok());
  for (const Token& t : post->tokens) EXPECT_FALSE(t.boilerplate);
  auto form = (*an)->Analyze("form", "Your email address will not be published.");
  ASSERT_TRUE(form.ok());
  for (const Token& t : form->tokens) EXPECT_TRUE(t.boilerplate);
}

// Through the analyzer: the tokens of a banner at the top are boilerplate, those of an
// article's sentence on cookie law in its body are not, and the text stays whole.
TEST(FurnitureTest, TheAnalyzerMarksFurnitureLinesOnly) {
  const std::string banner =
      "We use cookies to give you the best experience. By continuing you accept our policy.";
  const std::string law =
      "Regulators said sites must let visitors accept or refuse cookies before any tracking.";
  std::string text = banner + "\n";
  for (int i = 0; i < 6; ++i) {
    text += "The harbour wall was rebuilt over the winter by crews working in shifts " +
            std::to_string(i) + ".\n";
    if (i == 2) text += law + "\n";
  }
  for (const bool furniture : {true, false}) {
    AnalyzerOptions o;
    o.language = "english";
    o.furniture = furniture;
    auto an = Analyzer::Create(o);
    ASSERT_TRUE(an.ok());
    auto d = (*an)->Analyze("page", text);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->bytes, text);
    int banner_marked = 0, law_marked = 0, other_marked = 0;
    const size_t law_at = text.find(law);
    for (const Token& t : d->tokens) {
      if (!t.boilerplate) continue;
      if (t.end_byte <= banner.size()) {
        ++banner_marked;
      } else if (t.begin_byte >= law_at && t.end_byte <= law_at + law.size()) {
        ++law_marked;
      } else {
        ++other_marked;
      }
    }
    EXPECT_EQ(banner_marked, furniture ? 15 : 0);
    EXPECT_EQ(law_marked, 0);
    EXPECT_EQ(other_marked, 0);
  }
}

}  // namespace
}  // namespace textrace
