// Encoding labels (charset_labels.cc): CharsetFromContentType and CanonicalEncoding.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "normalize/charset.h"

namespace textrace {
namespace {

TEST(CharsetLabels, CharsetFromContentType) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=\"Windows-1251\""), "windows-1251");
  EXPECT_EQ(CharsetFromContentType("text/html;charset=UTF-8"), "utf-8");
  EXPECT_EQ(CharsetFromContentType("text/html ; Charset = 'ISO-8859-1' ; q=1"), "iso-8859-1");
  EXPECT_EQ(CharsetFromContentType("text/plain; format=flowed; CHARSET=koi8-r"), "koi8-r");
  EXPECT_EQ(CharsetFromContentType("text/html; charset=utf-8, text/html"), "utf-8");
  EXPECT_EQ(CharsetFromContentType("text/html; name=\"a;charset=x\"; charset=gbk"), "gbk");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
  EXPECT_EQ(CharsetFromContentType("text/html; charset="), "");
  EXPECT_EQ(CharsetFromContentType(""), "");
  EXPECT_EQ(CharsetFromContentType("charset=utf-8"), "");  // not a parameter
}

TEST(CharsetLabels, CanonicalEncodingAliases) {
  const std::pair<const char*, const char*> cases[] = {
      {"utf8", "utf-8"},
      {"UTF-8", "utf-8"},
      {" unicode-1-1-utf-8 ", "utf-8"},
      {"latin1", "windows-1252"},
      {"ISO-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"},
      {"ISO_8859-1:1987", "windows-1252"},
      {"l1", "windows-1252"},
      {"ascii", "windows-1252"},
      {"US-ASCII", "windows-1252"},
      {"cp1252", "windows-1252"},
      {"x-cp1252", "windows-1252"},
      {"cp1251", "windows-1251"},
      {"Windows-1251", "windows-1251"},
      {"win-1251", "windows-1251"},
      {"KOI8-R", "koi8-r"},
      {"koi8-u", "koi8-u"},
      {"iso-8859-2", "iso-8859-2"},
      {"ISO_8859-5", "iso-8859-5"},
      {"iso-8859-9", "windows-1254"},
      {"iso-8859-15", "iso-8859-15"},
      {"Shift_JIS", "shift_jis"},
      {"sjis", "shift_jis"},
      {"x-sjis", "shift_jis"},
      {"EUC-JP", "euc-jp"},
      {"euc-kr", "euc-kr"},
      {"ks_c_5601-1987", "euc-kr"},
      {"GB2312", "gbk"},
      {"gbk", "gbk"},
      {"GB18030", "gb18030"},
      {"Big5", "big5"},
      {"utf-16", "utf-16le"},
      {"UTF-16LE", "utf-16le"},
      {"utf-16be", "utf-16be"},
      {"ibm-5347", "windows-1251"},  // through ICU's alias table
  };
  for (const auto& [label, name] : cases) {
    EXPECT_EQ(CanonicalEncoding(label), name) << label;
  }
}

TEST(CharsetLabels, CanonicalEncodingUnknownLabel) {
  EXPECT_EQ(CanonicalEncoding(""), "");
  EXPECT_EQ(CanonicalEncoding("   "), "");
  EXPECT_EQ(CanonicalEncoding("no-such-charset"), "");
  EXPECT_EQ(CanonicalEncoding("utf-7"), "");  // not a web encoding
  EXPECT_EQ(CanonicalEncoding(std::string(1000, 'a')), "");
}

}  // namespace
}  // namespace textrace
