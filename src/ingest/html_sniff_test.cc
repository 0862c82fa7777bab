// LooksLikeHtml and MetaCharset (html_sniff.cc): what a page says before it is parsed.
#include <gtest/gtest.h>

#include <string>

#include "ingest/html.h"

namespace textrace {
namespace {

TEST(HtmlSniff, LooksLikeHtml) {
  EXPECT_TRUE(LooksLikeHtml("<!DOCTYPE html><html><head>"));
  EXPECT_TRUE(LooksLikeHtml("\xEF\xBB\xBF  <!doctype HTML>\n<html>"));
  EXPECT_TRUE(LooksLikeHtml("<!-- generated -->\n<html lang=en>"));
  EXPECT_TRUE(
      LooksLikeHtml("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"));
  EXPECT_TRUE(LooksLikeHtml("<HEAD><TITLE>x</TITLE>"));
  EXPECT_TRUE(LooksLikeHtml("<body>"));
  EXPECT_TRUE(LooksLikeHtml("<meta charset=utf-8><title>Fragment</title><div>hi</div>"));
  EXPECT_TRUE(LooksLikeHtml("Warning: something failed in /var/www/index.php\n<!DOCTYPE html>"));
  EXPECT_TRUE(LooksLikeHtml("\n\n<p>Just paragraphs</p>\n<p>of a fragment</p>"));
  EXPECT_TRUE(LooksLikeHtml(std::string("\xFF\xFE<\0h\0t\0m\0l\0>\0", 14)));

  EXPECT_FALSE(LooksLikeHtml(""));
  EXPECT_FALSE(LooksLikeHtml("Plain text that mentions <html> in the middle of a sentence."));
  EXPECT_FALSE(LooksLikeHtml("To write a page, start with <html> and <body> tags; see below."));
  EXPECT_FALSE(LooksLikeHtml("<htmlx>"));
  EXPECT_FALSE(LooksLikeHtml("<header-like thing>"));
  EXPECT_FALSE(LooksLikeHtml("{\"html\": \"<html>\"}"));
  EXPECT_FALSE(LooksLikeHtml(std::string(2000, 'x') + "\n<html>"));  // beyond the first 1 KB
  // A text whose first line starts with a stray tag that nothing closes (a news text in COUNTER).
  EXPECT_FALSE(LooksLikeHtml("<title> Headline of the story\n\nThe story itself, as plain text."));
  EXPECT_TRUE(LooksLikeHtml("<title>Headline</title>\n<p>The story"));
  // A fragment whose first element closes late, or not in view: two tags at line starts do.
  EXPECT_TRUE(
      LooksLikeHtml("<div class=\"story\">\n<div class=\"" + std::string(1500, 'x') + "\">"));
  EXPECT_TRUE(LooksLikeHtml("<p>" + std::string(2000, 'y') + "</p>"));
}

TEST(HtmlSniff, MetaCharsetForms) {
  EXPECT_EQ(MetaCharset("<meta charset=\"UTF-8\">"), "utf-8");
  EXPECT_EQ(MetaCharset("<head><META CHARSET=windows-1251 /></head>"), "windows-1251");
  EXPECT_EQ(MetaCharset("<meta http-equiv=\"Content-Type\" content=\"text/html; "
                        "charset=ISO-8859-1\">"),
            "windows-1252");
  EXPECT_EQ(MetaCharset("<meta content='text/html;charset=koi8-r' http-equiv='content-type'>"),
            "koi8-r");
  EXPECT_EQ(MetaCharset("<meta content=\"text/html; charset='shift_jis'\" "
                        "http-equiv=Content-Type>"),
            "shift_jis");
  // UTF-16 in a <meta> means UTF-8 (the <meta> was readable as ASCII).
  EXPECT_EQ(MetaCharset("<meta charset=utf-16>"), "utf-8");
  // Not a declaration: no http-equiv, a comment, an unknown label, beyond 4 KB, other tags.
  EXPECT_EQ(MetaCharset("<meta content=\"text/html; charset=koi8-r\">"), "");
  EXPECT_EQ(MetaCharset("<!-- <meta charset=koi8-r> --><meta charset=utf-8>"), "utf-8");
  EXPECT_EQ(MetaCharset("<meta charset=bogus-charset>"), "");
  EXPECT_EQ(MetaCharset(std::string(5000, ' ') + "<meta charset=koi8-r>"), "");
  EXPECT_EQ(MetaCharset("<div data-x=\"<meta charset=koi8-r>\"></div>"), "");
  EXPECT_EQ(MetaCharset(""), "");
  EXPECT_EQ(MetaCharset("<meta charset=\"utf-8"), "");
}

}  // namespace
}  // namespace textrace
