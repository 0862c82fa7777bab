// The UTF-8 decoder and encoder (utf8.h), on valid, overlong, surrogate, truncated and
// out-of-range sequences, and against ICU's decoder over all lead and second bytes.
#include "util/utf8.h"

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <string>
#include <string_view>

namespace textrace {
namespace {

// DecodeUtf8 at the start of `bytes`.
Utf8Sequence At0(std::string_view bytes) { return DecodeUtf8(bytes, 0); }

void ExpectValid(std::string_view bytes, char32_t cp) {
  const Utf8Sequence d = At0(bytes);
  EXPECT_TRUE(d.valid) << std::hex << static_cast<uint32_t>(cp);
  EXPECT_EQ(d.cp, cp);
  EXPECT_EQ(d.len, bytes.size());
}

// An invalid sequence at the start of `bytes` whose maximal valid prefix is `len` bytes.
void ExpectInvalid(std::string_view bytes, uint32_t len) {
  const Utf8Sequence d = At0(bytes);
  EXPECT_FALSE(d.valid);
  EXPECT_EQ(d.cp, kReplacementCharacter);
  EXPECT_EQ(d.len, len);
}

TEST(Utf8, ValidSequencesAtEveryLengthBoundary) {
  ExpectValid(std::string_view("\0", 1), 0);
  ExpectValid("\x7F", 0x7F);
  ExpectValid("\xC2\x80", 0x80);
  ExpectValid("\xDF\xBF", 0x7FF);
  ExpectValid("\xE0\xA0\x80", 0x800);
  ExpectValid("\xED\x9F\xBF", 0xD7FF);  // just below the surrogates
  ExpectValid("\xEE\x80\x80", 0xE000);  // just above them
  ExpectValid("\xEF\xBF\xBD", 0xFFFD);  // a U+FFFD in the text is valid
  ExpectValid("\xEF\xBF\xBF", 0xFFFF);
  ExpectValid("\xF0\x90\x80\x80", 0x10000);
  ExpectValid("\xF0\x9F\x98\x80", 0x1F600);
  ExpectValid("\xF4\x8F\xBF\xBF", 0x10FFFF);
}

TEST(Utf8, OverlongFormsAreInvalid) {
  ExpectInvalid("\xC0\xAF", 1);  // C0 and C1 never start a sequence
  ExpectInvalid("\xC1\xBF", 1);
  ExpectInvalid("\xE0\x80\xAF", 1);  // E0 needs A0..BF next
  ExpectInvalid("\xE0\x9F\xBF", 1);
  ExpectInvalid("\xF0\x80\x80\xAF", 1);  // F0 needs 90..BF next
  ExpectInvalid("\xF0\x8F\xBF\xBF", 1);
}

TEST(Utf8, SurrogatesAreInvalid) {
  ExpectInvalid("\xED\xA0\x80", 1);              // U+D800
  ExpectInvalid("\xED\xBF\xBF", 1);              // U+DFFF
  ExpectInvalid("\xED\xA0\x80\xED\xB0\x80", 1);  // a CESU-8 pair
}

TEST(Utf8, TruncatedSequencesAreTheirValidPrefix) {
  ExpectInvalid("\xC3", 1);
  ExpectInvalid("\xE2\x82", 2);
  ExpectInvalid("\xE2\x82x", 2);
  ExpectInvalid("\xF0\x9F\x98", 3);
  ExpectInvalid("\xF0\x9F\x98 ", 3);
  ExpectInvalid("\xF0\x9F", 2);
  ExpectInvalid("\xE2\x82\xE2\x82\xAC", 2);  // then a valid euro sign
  EXPECT_TRUE(DecodeUtf8("\xE2\x82\xE2\x82\xAC", 2).valid);
  EXPECT_EQ(DecodeUtf8("\xE2\x82\xE2\x82\xAC", 2).cp, 0x20ACu);
}

TEST(Utf8, OutOfRangeAndStrayBytesAreInvalid) {
  ExpectInvalid("\xF4\x90\x80\x80", 1);  // above U+10FFFF
  ExpectInvalid("\xF5\x80\x80\x80", 1);
  ExpectInvalid("\xF8\x88\x80\x80\x80", 1);  // old 5-byte form
  ExpectInvalid("\xFE", 1);
  ExpectInvalid("\xFF", 1);
  ExpectInvalid("\x80", 1);  // a stray continuation byte
  ExpectInvalid("\xBF\xBF", 1);
}

TEST(Utf8, SequenceAtReportsLengthAndValidity) {
  bool valid = false;
  EXPECT_EQ(Utf8SequenceAt("a\xE2\x82\xAC", 1, &valid), 3u);
  EXPECT_TRUE(valid);
  EXPECT_EQ(Utf8SequenceAt("a\xE2\x82", 1, &valid), 2u);
  EXPECT_FALSE(valid);
}

// The slow reference: ICU's U8_NEXT, which also takes an invalid sequence's maximal valid prefix
// (since ICU 60). All lead and second bytes, with third and fourth bytes at the edges of the
// ranges that matter.
TEST(Utf8, AgreesWithIcu) {
  const unsigned char kEdges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                  0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xFF};
  std::string s(4, '\0');
  for (int b0 = 0; b0 < 256; ++b0) {
    for (int b1 = 0; b1 < 256; ++b1) {
      for (unsigned char b2 : kEdges) {
        for (unsigned char b3 : kEdges) {
          s[0] = static_cast<char>(b0);
          s[1] = static_cast<char>(b1);
          s[2] = static_cast<char>(b2);
          s[3] = static_cast<char>(b3);
          for (size_t n = 1; n <= 4; ++n) {
            const std::string_view v(s.data(), n);
            int32_t i = 0;
            UChar32 c = 0;
            U8_NEXT(v.data(), i, static_cast<int32_t>(n), c);
            const Utf8Sequence d = DecodeUtf8(v, 0);
            ASSERT_EQ(d.valid, c >= 0) << b0 << " " << b1 << " " << int{b2} << " n " << n;
            ASSERT_EQ(d.len, static_cast<uint32_t>(i)) << b0 << " " << b1 << " n " << n;
            if (d.valid) ASSERT_EQ(d.cp, static_cast<char32_t>(c));
          }
        }
      }
    }
  }
}

TEST(Utf8, AppendUtf8RoundTrips) {
  for (char32_t cp : {0x0u, 0x41u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xD7FFu, 0xE000u, 0xFFFDu, 0xFFFFu,
                      0x10000u, 0x1F600u, 0x10FFFFu}) {
    std::string out = "x";
    AppendUtf8(cp, &out);
    const Utf8Sequence d = DecodeUtf8(out, 1);
    EXPECT_TRUE(d.valid) << std::hex << static_cast<uint32_t>(cp);
    EXPECT_EQ(d.cp, cp);
    EXPECT_EQ(d.len + 1, out.size());
  }
}

}  // namespace
}  // namespace textrace
