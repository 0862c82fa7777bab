// The ASCII helpers (ascii.h) against <cctype> in the "C" locale on every byte, and the
// case-insensitive comparisons.
#include "util/ascii.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace textrace {
namespace {

TEST(Ascii, ClassesAreCctypesInTheCLocaleOnEveryByte) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    SCOPED_TRACE(b);
    // <cctype> in the "C" locale (the tests never set another): bytes >= 0x80 are in no class.
    EXPECT_EQ(IsAsciiUpper(c), std::isupper(b) != 0);
    EXPECT_EQ(IsAsciiLower(c), std::islower(b) != 0);
    EXPECT_EQ(IsAsciiAlpha(c), std::isalpha(b) != 0);
    EXPECT_EQ(IsAsciiDigit(c), std::isdigit(b) != 0);
    EXPECT_EQ(IsAsciiAlnum(c), std::isalnum(b) != 0);
    EXPECT_EQ(IsCSpace(c), std::isspace(b) != 0);
    EXPECT_EQ(AsciiLower(c), static_cast<char>(std::tolower(b)));
    EXPECT_EQ(HexDigitValue(c) >= 0, std::isxdigit(b) != 0);
    // The format-defined sets are subsets of isspace.
    if (IsHtmlSpace(c) || IsJsonSpace(c)) EXPECT_TRUE(IsCSpace(c));
  }
}

TEST(Ascii, WhiteSpaceSets) {
  EXPECT_TRUE(IsHtmlSpace('\f'));
  EXPECT_FALSE(IsHtmlSpace('\v'));
  EXPECT_FALSE(IsJsonSpace('\f'));
  EXPECT_TRUE(IsJsonSpace('\r'));
  EXPECT_TRUE(IsCSpace('\v'));
  // Wider units are tested as they are, not truncated to a byte.
  EXPECT_FALSE(IsCSpace(u'\u0120'));
  EXPECT_FALSE(IsHtmlSpace(U'\u2009'));
  EXPECT_FALSE(IsAsciiAlpha(U'\u0141'));
}

TEST(Ascii, HexDigits) {
  EXPECT_EQ(HexDigitValue('0'), 0);
  EXPECT_EQ(HexDigitValue('9'), 9);
  EXPECT_EQ(HexDigitValue('a'), 10);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
}

TEST(Ascii, CaseInsensitiveComparisons) {
  EXPECT_EQ(AsciiToLower("Content-Type: TEXT/Html \xC3\x89"), "content-type: text/html \xC3\x89");
  EXPECT_TRUE(EqualsNoCase("WARC-Type", "warc-type"));
  EXPECT_TRUE(EqualsNoCase("warc-type", "WARC-TYPE"));
  EXPECT_FALSE(EqualsNoCase("WARC-Type", "WARC-Typ"));
  EXPECT_FALSE(EqualsNoCase("\xC3\x89", "\xC3\xA9"));  // only ASCII folds
  EXPECT_TRUE(StartsWithNoCase("<!DOCTYPE html>", "<!doctype"));
  EXPECT_FALSE(StartsWithNoCase("<!DOC", "<!doctype"));
  EXPECT_TRUE(EndsWithNoCase("page.HTML", ".html"));
  EXPECT_FALSE(EndsWithNoCase("html", ".html"));
  EXPECT_TRUE(EndsWithNoCase("", ""));
}

}  // namespace
}  // namespace textrace
