#include "ingest/html.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace textrace {
namespace {

// ---- Fixtures -------------------------------------------------------------------------------

// Windows-1251 for Russian text (ASCII, А..я, Ё, ё), written here so that the tests do not
// depend on the decoder under test.
std::string Cp1251(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c >= 0x410 && c <= 0x44F) {
      out.push_back(static_cast<char>(0xC0 + (c - 0x410)));
    } else if (c == 0x401) {
      out.push_back('\xA8');
    } else if (c == 0x451) {
      out.push_back('\xB8');
    } else {
      ADD_FAILURE() << "no windows-1251 byte for U+" << std::hex << static_cast<uint32_t>(c);
    }
  }
  return out;
}

std::string Utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

const char* const kParagraphs[] = {
    "The city council voted on Tuesday evening to approve a plan that will turn the old rail "
    "yard on the east side into a public park with playgrounds, gardens and a small lake.",
    "Council members debated the proposal for more than three hours before the final vote, "
    "which passed by seven votes to two after a series of amendments about parking.",
    "According to the full report published by the planning office, the park will cost about "
    "twelve million dollars and should open to visitors in the spring of next year.",
    "Residents who spoke at the meeting were mostly in favour, although several shop owners "
    "asked the council to keep delivery access to the street that borders the site.",
    "The mayor said that the park would be the largest green space built in the city for "
    "forty years and thanked the volunteers who collected signatures for the petition.",
    "Construction is expected to begin in June, once the remaining tracks and the old "
    "warehouse have been removed and the soil has been tested for pollution.",
};

const char kQuote[] =
    "A city without parks is a city without a future, and this vote shows that we have "
    "listened to the people who live here.";

// A news page in the shape of a typical CMS theme: skip link, header with navigation,
// breadcrumbs, the article (title, byline, paragraphs, a quote, an inline link, a share bar and
// a related-posts list), a comment form, a sidebar, a footer, scripts and styles.
std::string NewsPage() {
  std::string p;
  p += R"(<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>City Council Approves
  New Park Plan &ndash; The Daily Example</title>
<link rel="stylesheet" href="/wp-content/themes/example/style.css?ver=6.4" media="all">
<style>body{font-family:Georgia,serif}.main-navigation a{color:#333}</style>
<script>window.dataLayer = window.dataLayer || []; var tpl = "<p>not text from a script</p>";</script>
</head>
<body class="post-template-default single single-post postid-42">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<div id="page" class="site">
<header id="masthead" class="site-header" role="banner">
  <div class="site-branding">
    <p class="site-title"><a href="/" rel="home">The Daily Example</a></p>
    <p class="site-description">News from the city and beyond, every day of the week since 1901</p>
  </div>
  <nav id="site-navigation" class="main-navigation">
    <ul id="primary-menu" class="menu">
      <li class="menu-item"><a href="/">Home</a></li>
      <li class="menu-item"><a href="/politics/">Politics</a></li>
      <li class="menu-item"><a href="/business/">Business</a></li>
      <li class="menu-item"><a href="/sports/">Sports</a></li>
      <li class="menu-item"><a href="/culture/">Culture and entertainment in the city</a></li>
    </ul>
  </nav>
</header>
<div class="breadcrumbs"><a href="/">Home</a> &raquo; <a href="/local/">Local news</a> &raquo; <span>City Council Approves New Park Plan</span></div>
<div id="content" class="site-content">
<div class="content-sidebar-wrap">
<main id="main" class="site-main">
<article id="post-42" class="post-42 post type-post status-publish hentry">
  <header class="entry-header">
    <h1 class="entry-title">City Council Approves New Park Plan</h1>
    <div class="entry-meta">By <a href="/author/jdoe/">Jane Doe</a> &middot; March 3, 2024 &middot; 4 min read</div>
  </header>
  <div class="entry-content">
)";
  for (int i = 0; i < 6; ++i) {
    std::string para = kParagraphs[i];
    if (i == 2) {
      const size_t at = para.find("the full report");
      para.replace(at, 15, "<a href=\"https://example.org/report.pdf\">the full report</a>");
    }
    p += "    <p>" + para + "</p>\n";
    if (i == 3) p += std::string("    <blockquote><p>") + kQuote + "</p></blockquote>\n";
  }
  p += R"(
    <div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">
      <h3 class="sd-title">Share this:</h3>
      <ul><li><a href="https://twitter.com/share" class="share-twitter">Twitter</a></li>
      <li><a href="https://facebook.com/sharer" class="share-facebook">Facebook</a></li></ul>
    </div></div>
    <h3>Related posts</h3>
    <ul>
      <li><a href="/2024/02/new-bridge/">Work on the new bridge over the river starts next month</a></li>
      <li><a href="/2024/01/budget/">Council publishes the budget for the coming year</a></li>
      <li><a href="/2023/12/lake/">Volunteers clean the shores of the lake before winter</a></li>
    </ul>
  </div>
  <footer class="entry-footer"><span class="cat-links">Posted in <a href="/local/">Local</a></span></footer>
</article>
<div id="comments" class="comments-area">
  <div id="respond" class="comment-respond">
    <h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
    <form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
      <p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked *</p>
      <p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p>
      <p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p>
    </form>
  </div>
</div>
</main>
<aside id="secondary" class="widget-area">
  <section id="recent-posts-2" class="widget widget_recent_entries">
    <h2 class="widget-title">Recent Posts</h2>
    <ul><li><a href="/a/">Local team wins the regional championship after a dramatic final</a></li>
    <li><a href="/b/">The museum opens a new wing dedicated to the history of the harbour</a></li></ul>
  </section>
</aside>
</div>
</div>
<footer id="colophon" class="site-footer">
  <div class="site-info">Copyright &copy; 2024 The Daily Example. All rights reserved. Proudly powered by a content management system.</div>
</footer>
</div>
<script src="/wp-includes/js/app.min.js?ver=6.4"></script>
<script>document.querySelectorAll("p").forEach(function (p) { p.dataset.seen = "1"; });</script>
</body>
</html>
)";
  return p;
}

// The block texts, checking that the ranges are exact and cover `text` with "\n\n" between.
std::vector<std::string> BlockTexts(const HtmlText& t) {
  std::vector<std::string> out;
  size_t expect = 0;
  for (const HtmlBlock& b : t.blocks) {
    EXPECT_EQ(b.begin, expect);
    EXPECT_LE(b.begin, b.end);
    EXPECT_LE(b.end, t.text.size());
    out.push_back(t.text.substr(b.begin, b.end - b.begin));
    EXPECT_FALSE(out.back().empty());
    EXPECT_NE(out.back().front(), ' ');
    EXPECT_NE(out.back().back(), ' ');
    if (b.end < t.text.size()) EXPECT_EQ(t.text.substr(b.end, 2), "\n\n");
    expect = b.end + 2;
  }
  if (!t.blocks.empty()) EXPECT_EQ(t.blocks.back().end, t.text.size());
  if (t.blocks.empty()) EXPECT_TRUE(t.text.empty());
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// ---- Tests ----------------------------------------------------------------------------------

TEST(Html, NewsPageKeepsArticleAndDropsFurniture) {
  const HtmlText t = ExtractHtml(NewsPage());
  const std::vector<std::string> blocks = BlockTexts(t);
  EXPECT_EQ(t.title, "City Council Approves New Park Plan – The Daily Example");
  EXPECT_EQ(t.charset.encoding, "utf-8");

  // The title, the six paragraphs and the quote, in order.
  ASSERT_FALSE(blocks.empty());
  EXPECT_EQ(blocks.front(), "City Council Approves New Park Plan");
  EXPECT_EQ(t.blocks.front().tag, "h1");
  std::vector<std::string> expected(std::begin(kParagraphs), std::end(kParagraphs));
  expected.insert(expected.begin() + 4, kQuote);
  size_t at = 0;
  for (const std::string& e : expected) {
    auto it = std::find(blocks.begin() + static_cast<ptrdiff_t>(at), blocks.end(), e);
    ASSERT_NE(it, blocks.end()) << "missing or out of order: " << e << "\n---\n" << t.text;
    at = static_cast<size_t>(it - blocks.begin()) + 1;
    if (e == kQuote) EXPECT_EQ(t.blocks[at - 1].tag, "blockquote");
  }
  // The inline link's text is part of its paragraph (checked above, with single spaces).
  EXPECT_TRUE(Contains(t.text, "published by the planning office"));

  // None of the furniture.
  for (const char* furniture : {"Skip to content",
                                "The Daily Example",
                                "News from the city",
                                "Politics",
                                "Business",
                                "Local news",
                                "Share this",
                                "Twitter",
                                "Facebook",
                                "Related posts",
                                "new bridge over the river",
                                "Leave a Reply",
                                "Your email address",
                                "Required fields",
                                "Post Comment",
                                "Posted in",
                                "Recent Posts",
                                "regional championship",
                                "Copyright",
                                "All rights reserved",
                                "not text from a script",
                                "font-family",
                                "dataset"}) {
    EXPECT_FALSE(Contains(t.text, furniture)) << furniture << "\n---\n" << t.text;
  }
  EXPECT_GT(t.blocks_dropped, 5);
}

TEST(Html, TitleIsExtractedAndCollapsed) {
  EXPECT_EQ(ExtractHtml("<title>\n  A   &amp; B\t</title><p>x</p>").title, "A & B");
  EXPECT_EQ(ExtractHtml("<html><body><p>no title</p></body></html>").title, "");
  // The <title> of an inline SVG is not the page's title.
  EXPECT_EQ(ExtractHtml("<svg><title>icon</title></svg><title>Page</title>").title, "Page");
}

// The date a page states for itself, and where it was found: the first of the best kind in the
// order article:published_time, og:published_time, JSON-LD datePublished, itemprop
// datePublished, <meta name="date">, <time datetime> inside <article>.
TEST(Html, PageDateIsFoundWithWhereItCameFrom) {
  const std::string body =
      "<article><p>This paragraph is the main text of the page, long enough to be kept.</p>"
      "<time datetime=\"2021-03-04\">4 March</time></article>";
  auto date = [&](const std::string& head, const std::string& in_body = "") {
    const HtmlText h = ExtractHtml("<html><head>" + head + "</head><body>" + in_body + body +
                                   "</body></html>");
    EXPECT_FALSE(h.text.empty());
    return h.date + " | " + h.date_from;
  };
  const std::string article =
      "<meta property=\"article:published_time\" content=\" 2021-03-01T08:00:00+00:00 \">";
  const std::string og = "<meta property=\"og:published_time\" content=\"2021-03-02\">";
  const std::string ld =
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"WebSite\",\"name\":\"x\"},{\"@type\":\"NewsArticle\","
      "\"datePublished\":\"2021-03-03T09:00:00Z\"}]}</script>";
  const std::string itemprop = "<meta itemprop=\"datePublished\" content=\"2021-03-05\">";
  const std::string name = "<META NAME=\"date\" CONTENT=\"2021-03-06\">";
  EXPECT_EQ(date(name + itemprop + ld + og + article),
            "2021-03-01T08:00:00+00:00 | article:published_time");
  EXPECT_EQ(date(name + itemprop + ld + og), "2021-03-02 | og:published_time");
  EXPECT_EQ(date(name + itemprop + ld), "2021-03-03T09:00:00Z | json-ld datePublished");
  EXPECT_EQ(date(name + itemprop), "2021-03-05 | itemprop datePublished");
  EXPECT_EQ(date(name), "2021-03-06 | meta date");
  EXPECT_EQ(date(""), "2021-03-04 | time datetime");
  // JSON-LD at the top level, and itemprop on a <time> in the body.
  EXPECT_EQ(date("<script type=\"application/ld+json\">{\"datePublished\":\"2020-01-01\"}</script>"),
            "2020-01-01 | json-ld datePublished");
  EXPECT_EQ(date("", "<p><time itemprop=\"datePublished\" datetime=\"2019-12-31\">x</time></p>"),
            "2019-12-31 | itemprop datePublished");
  // A <time> outside the article, a broken JSON-LD, other meta: no date.
  const HtmlText none = ExtractHtml(
      "<html><head><script type=\"application/ld+json\">{\"datePublished\": </script>"
      "<meta property=\"article:modified_time\" content=\"2021-01-01\"></head><body><p><time "
      "datetime=\"2021-01-02\">2 Jan</time> This paragraph is the main text of the page, long "
      "enough to be kept.</p></body></html>");
  EXPECT_FALSE(none.text.empty());
  EXPECT_EQ(none.date, "");
  EXPECT_EQ(none.date_from, "");
}

TEST(Html, MetaCharsetWindows1251PageIsDecoded) {
  const std::u32string para =
      U"Москва — столица России, крупнейший по численности населения город страны. "
      U"Жители любят гулять в парках, особенно весной, когда цветут яблони и сирень.";
  std::u32string clean = para;
  std::erase(clean, U'—');
  const std::string page = "<html><head><meta charset=windows-1251><title>" + Cp1251(U"Новости") +
                           "</title></head><body><p>" + Cp1251(clean) + "</p></body></html>";
  const HtmlText t = ExtractHtml(page);
  EXPECT_EQ(t.charset.encoding, "windows-1251");
  EXPECT_EQ(t.charset.source, "declared");
  EXPECT_EQ(t.title, Utf8(U"Новости"));
  std::u32string collapsed = clean;
  // "Москва  столица": the removed dash leaves two spaces, collapsed to one.
  const size_t dd = collapsed.find(U"  ");
  if (dd != std::u32string::npos) collapsed.erase(dd, 1);
  EXPECT_EQ(t.text, Utf8(collapsed));
}

TEST(Html, HttpCharsetWinsOverMeta) {
  const std::u32string para =
      U"Жители любят гулять в парках, особенно весной, когда цветут яблони, сирень и вишня.";
  const std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" "
      "content=\"text/html; charset=iso-8859-1\"></head><body><p>" +
      Cp1251(para) + "</p></body></html>";
  // The label alone, or the whole Content-Type value.
  for (std::string_view http : {"windows-1251", "text/html; charset=\"Windows-1251\""}) {
    const HtmlText t = ExtractHtml(page, http);
    EXPECT_EQ(t.charset.encoding, "windows-1251");
    EXPECT_EQ(t.text, Utf8(para));
  }
  // Without it, the <meta> decides (wrongly here, as a browser would).
  EXPECT_EQ(ExtractHtml(page).charset.encoding, "windows-1252");
  // An unknown HTTP label is ignored.
  EXPECT_EQ(ExtractHtml(page, "x-unknown").charset.encoding, "windows-1252");
}

TEST(Html, BomWinsOverHttpAndMeta) {
  const std::string body =
      "<p>" + Utf8(U"Жители любят гулять в парках, особенно весной, когда цветут яблони.") + "</p>";
  const std::string page =
      "\xEF\xBB\xBF<html><head><meta charset=windows-1251></head><body>" + body + "</body></html>";
  HtmlText t = ExtractHtml(page, "iso-8859-1");
  EXPECT_EQ(t.charset.encoding, "utf-8");
  EXPECT_EQ(t.charset.source, "bom");
  EXPECT_EQ(t.text, body.substr(3, body.size() - 7));
  // UTF-16LE with a mark.
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<html><body><p>Twelve plain ASCII words make this paragraph long "
                            "enough to count as text.</p></body></html>")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  t = ExtractHtml(utf16, "windows-1252");
  EXPECT_EQ(t.charset.encoding, "utf-16le");
  EXPECT_EQ(t.text, "Twelve plain ASCII words make this paragraph long enough to count as text.");
}

TEST(Html, Cp1252PageWithoutCharsetIsDetected) {
  const std::string para =
      "L\x92\xE9t\xE9 dernier, nous avons visit\xE9 le mus\xE9"
      "e \x93"
      "d\x92Orsay\x94 "
      "\xE0 Paris, et la fa\xE7"
      "ade du b\xE2timent \xE9tait tr\xE8s \xE9l\xE9gante.";
  const HtmlText t = ExtractHtml(
      "<html><head><title>Mus\xE9"
      "e</title></head><body><p>" +
      para + "</p></body></html>");
  EXPECT_EQ(t.charset.encoding, "windows-1252");
  EXPECT_EQ(t.charset.source, "detected");
  EXPECT_EQ(t.title, "Musée");
  EXPECT_EQ(t.text,
            "L’été dernier, nous avons visité le musée “d’Orsay” à Paris, et la façade du "
            "bâtiment était très élégante.");
}

TEST(Html, EntitiesAreDecoded) {
  const HtmlText t = ExtractHtml(
      "<p>Fish &amp; chips, caf&eacute; au lait, &#8220;quoted&#8221; and &#x2014; a dash, "
      "&lt;not a tag&gt;, AT&T without a semicolon&nbsp;here &copy; 2024.</p>");
  EXPECT_EQ(t.text,
            "Fish & chips, café au lait, “quoted” and — a dash, <not a tag>, AT&T without a "
            "semicolon here © 2024.");
}

TEST(Html, WhitespaceIsCollapsedExceptInPre) {
  HtmlText t = ExtractHtml(
      "<div>  Several \n\t words   <b>in</b><i> bold</i>\r\n and   italics   spread over "
      "lines, with\u00a0a no-break space .  </div>");
  EXPECT_EQ(t.text, "Several words in bold and italics spread over lines, with a no-break space .");
  t = ExtractHtml(
      "<p>A paragraph of ordinary text that introduces the code below, long enough.</p>"
      "<pre>int main() {\n  return  0;\n}\n</pre>"
      "<p>Another paragraph of ordinary text that follows the code, long enough too.</p>");
  const std::vector<std::string> blocks = BlockTexts(t);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1], "int main() {\n  return  0;\n}");
  EXPECT_EQ(t.blocks[1].tag, "pre");
  // <br> is a line break inside the block; two of them end the block.
  t = ExtractHtml(
      "<div>Roses are red, violets are blue,<br>sugar is sweet, and so are you.<br><br>"
      "The second stanza of this little poem goes on, with more than ten words.</div>");
  const std::vector<std::string> lines = BlockTexts(t);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "Roses are red, violets are blue,\nsugar is sweet, and so are you.");
}

TEST(Html, InlineBoilerplateLeavesItsParagraph) {
  const HtmlText t = ExtractHtml(
      "<p>The report was published on Monday <span class=\"screen-reader-text\">(opens in a new "
      "tab)</span> and describes the state of every bridge in the region in some detail.</p>");
  EXPECT_EQ(t.text,
            "The report was published on Monday and describes the state of every bridge in the "
            "region in some detail.");
}

TEST(Html, ArticleInsideBoilerplateNamedWrapperSurvives) {
  std::string article;
  for (const char* p : kParagraphs) article += std::string("<p>") + p + "</p>";
  // A wrapper with a boilerplate name and an ASP.NET-style form around the whole page.
  for (const char* open : {"<div class=\"has-sidebar\">", "<form id=\"aspnetForm\">",
                           "<div id=\"comments-wrap\"><div class=\"sidebar-main\">"}) {
    const HtmlText t = ExtractHtml(std::string("<body>") + open +
                                   "<div class=\"widget\"><a href=\"/\">Popular</a></div>"
                                   "<article>" +
                                   article + "</article></div></body>");
    for (const char* p : kParagraphs) EXPECT_TRUE(Contains(t.text, p)) << open;
    EXPECT_FALSE(Contains(t.text, "Popular")) << open;
  }
}

TEST(Html, CommentSectionIsDroppedEvenWhenLong) {
  std::string page = "<article><h1>Short story about the weather</h1><p>";
  page += kParagraphs[0];
  page += "</p><p>";
  page += kParagraphs[1];
  page += "</p></article><section id=\"comments\"><h2>12 Comments</h2><ol class=\"comment-list\">";
  for (int i = 0; i < 8; ++i) {
    page += "<li id=\"comment-" + std::to_string(i) +
            "\" class=\"comment\"><div class=\"comment-body\"><p>I have lived here for many "
            "years and I think this is the best decision the council has made in a long time, "
            "number " +
            std::to_string(i) + ".</p></div></li>";
  }
  page += "</ol></section>";
  const HtmlText t = ExtractHtml(page);
  EXPECT_TRUE(Contains(t.text, kParagraphs[0]));
  EXPECT_TRUE(Contains(t.text, kParagraphs[1]));
  EXPECT_TRUE(Contains(t.text, "Short story about the weather"));
  EXPECT_FALSE(Contains(t.text, "I have lived here")) << t.text;
  EXPECT_FALSE(Contains(t.text, "12 Comments"));
}

TEST(Html, ShortBlocksNeedMainTextAround) {
  HtmlOptions options;
  const std::string p0 = kParagraphs[0], p1 = kParagraphs[1];
  const HtmlText t = ExtractHtml(
      "<div>Menu</div><div>Log in</div>"
      "<h2>The plan</h2><p>" +
          p0 + "</p><ul><li>Gardens</li><li>A lake</li></ul><p>" + p1 +
          "</p><div>Tags: parks, council</div><div>Back to top</div>",
      {}, options);
  EXPECT_EQ(BlockTexts(t), (std::vector<std::string>{"The plan", p0, "Gardens", "A lake", p1}));
  // A page of only short fragments has no main text.
  EXPECT_TRUE(ExtractHtml("<h1>Page not found</h1><p>Go back to the home page.</p>").text.empty());
}

TEST(Html, DeepNestingDoesNotCrash) {
  const std::string para = kParagraphs[0];
  for (const char* tag : {"div", "span", "b", "font", "table", "a name=x", "custom-element"}) {
    std::string page = "<html><body>";
    const std::string open = std::string("<") + tag + ">";
    for (int i = 0; i < 100000; ++i) page += open;
    page += "<p>" + para + "</p>";
    const HtmlText t = ExtractHtml(page);
    EXPECT_TRUE(Contains(t.text, "rail yard on the east side")) << tag;
  }
  // Closed again, and followed by more text.
  std::string page;
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "<p>" + para + "</p>";
  for (int i = 0; i < 100000; ++i) page += "</div>";
  page += "<p>" + std::string(kParagraphs[1]) + "</p>";
  const HtmlText t = ExtractHtml(page);
  EXPECT_EQ(BlockTexts(t), (std::vector<std::string>{para, kParagraphs[1]}));
}

TEST(Html, TagSoupAndTruncatedPagesGiveTheirText) {
  const HtmlText t = ExtractHtml(
      "<HTML><Body><P>The first paragraph has <B>bold and <I>both</B> italic</I> text, "
      "unclosed tags and <unknown-tag>custom elements</unknown-tag> in it.<P>The second "
      "paragraph starts without closing the first one<td>and a stray cell</td> too, fine."
      "<table><p>Foster-parented paragraph text that sits in a table without cells here.</table>"
      "<p>The third paragraph is cut off in the middle of a sentence and has no end <a href=\"x");
  EXPECT_TRUE(Contains(t.text,
                       "The first paragraph has bold and both italic text, unclosed tags and "
                       "custom elements in it."))
      << t.text;
  EXPECT_TRUE(Contains(t.text, "The second paragraph starts without closing the first one"));
  EXPECT_TRUE(Contains(t.text, "Foster-parented paragraph text"));
  EXPECT_TRUE(Contains(t.text, "The third paragraph is cut off in the middle of a sentence"));
  // An unclosed script or comment swallows the rest, as in a browser.
  const HtmlText s = ExtractHtml(std::string("<p>") + kParagraphs[0] + "</p><script>var x = 1;");
  EXPECT_EQ(s.text, kParagraphs[0]);
  const HtmlText c = ExtractHtml(std::string("<p>") + kParagraphs[0] + "</p><!-- <p>hidden");
  EXPECT_EQ(c.text, kParagraphs[0]);
}

TEST(Html, EmptyAndNonHtmlInputGiveNoText) {
  EXPECT_TRUE(ExtractHtml("").text.empty());
  EXPECT_TRUE(ExtractHtml(" \n ").text.empty());
  EXPECT_TRUE(ExtractHtml("<").text.empty());
  EXPECT_TRUE(ExtractHtml("{\"json\": true}").text.empty());
  // Binary data (an image header, NULs and random bytes).
  std::mt19937 rng(7);
  std::string binary = "\x89PNG\r\n\x1a\n";
  binary.append(16, '\0');
  for (int i = 0; i < 20000; ++i) binary.push_back(static_cast<char>(rng() & 0xFF));
  const HtmlText b = ExtractHtml(binary);
  EXPECT_TRUE(b.text.empty());
  // Random markup-ish bytes never crash.
  const std::string alphabet = "<>/=\"' abcdiv!-p&;#x\n\xC3\xA9\x80\xFF";
  for (int round = 0; round < 200; ++round) {
    std::string s;
    const size_t len = rng() % 2000;
    for (size_t i = 0; i < len; ++i) s.push_back(alphabet[rng() % alphabet.size()]);
    const HtmlText r = ExtractHtml(s);
    BlockTexts(r);
  }
}

TEST(Html, LargePageIsExtracted) {
  // About 5 MB: many articles' worth of paragraphs between scripts and link lists.
  std::string page = "<html><body>";
  for (int i = 0; page.size() < 5'000'000; ++i) {
    page += "<div class=\"row\"><script>var a" + std::to_string(i) + " = 1;</script><p>";
    page += kParagraphs[i % 6];
    page += "</p><ul class=\"links\"><li><a href=\"/x\">One link</a></li></ul></div>";
  }
  page += "</body></html>";
  const HtmlText t = ExtractHtml(page);
  EXPECT_GT(t.text.size(), 2'000'000u);
  EXPECT_EQ(t.text.substr(0, std::string_view(kParagraphs[0]).size()), kParagraphs[0]);
  EXPECT_FALSE(Contains(t.text, "One link"));
  BlockTexts(t);
}

}  // namespace
}  // namespace textrace
