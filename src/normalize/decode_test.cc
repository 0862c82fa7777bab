// DecodeText: bytes -> cleaned UTF-16 with a map back to original byte and code point offsets.
// Every later offset (tokens, passages, PAN XML) is read through these maps, so they are checked
// unit by unit on small hand-built inputs.

#include "normalize/decode.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace textrace {
namespace {

// The maps must always have one entry per UTF-16 unit plus the end sentinel, be non-decreasing,
// and end at the input's size and code point count.
void ExpectWellFormed(const DecodedText& d, size_t input_bytes) {
  ASSERT_EQ(d.unit_byte.size(), d.text.size() + 1);
  ASSERT_EQ(d.unit_char.size(), d.text.size() + 1);
  EXPECT_EQ(d.unit_byte.back(), input_bytes);
  EXPECT_EQ(static_cast<int64_t>(d.unit_char.back()), d.char_length);
  for (size_t i = 1; i < d.unit_byte.size(); ++i) {
    EXPECT_LE(d.unit_byte[i - 1], d.unit_byte[i]) << "unit " << i;
    EXPECT_LE(d.unit_char[i - 1], d.unit_char[i]) << "unit " << i;
  }
}

TEST(DecodeTest, AsciiMapsOneToOne) {
  const std::string in = "Hello, world.\nSecond line.";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  ASSERT_EQ(d.text.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(d.text[i], static_cast<char16_t>(in[i])) << "unit " << i;
    EXPECT_EQ(d.unit_byte[i], i);
    EXPECT_EQ(d.unit_char[i], i);
  }
  EXPECT_EQ(d.char_length, static_cast<int64_t>(in.size()));
  EXPECT_EQ(d.invalid_sequences, 0);
  EXPECT_EQ(d.mojibake_repairs, 0);
}

TEST(DecodeTest, EmptyInput) {
  const DecodedText d = DecodeText("");
  ExpectWellFormed(d, 0);
  EXPECT_TRUE(d.text.empty());
  EXPECT_EQ(d.char_length, 0);
}

TEST(DecodeTest, MultiByteCharactersGiveByteAndCharOffsets) {
  // a (1 byte), é (2 bytes), € (3 bytes), 😀 (4 bytes, outside the BMP), b (1 byte).
  const std::string in =
      "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
      "b";
  ASSERT_EQ(in.size(), 11u);
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  // 😀 takes two UTF-16 units (a surrogate pair), everything else one.
  const std::u16string expected = u"a\u00E9\u20AC\U0001F600b";
  ASSERT_EQ(expected.size(), 6u);
  EXPECT_EQ(d.text, expected);
  EXPECT_EQ(d.unit_byte, (std::vector<uint32_t>{0, 1, 3, 6, 6, 10, 11}));
  EXPECT_EQ(d.unit_char, (std::vector<uint32_t>{0, 1, 2, 3, 3, 4, 5}));
  // 'b' is the 5th code point (offset 4) and starts at byte 10.
  EXPECT_EQ(d.text[5], u'b');
  EXPECT_EQ(d.unit_char[5], 4u);
  EXPECT_EQ(d.unit_byte[5], 10u);
  EXPECT_EQ(d.char_length, 5);
  EXPECT_EQ(d.invalid_sequences, 0);
  EXPECT_EQ(d.mojibake_repairs, 0);
}

TEST(DecodeTest, LoneInvalidByteBecomesReplacementCharacter) {
  const std::string in = "x\xFFy";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"x\uFFFDy");
  EXPECT_EQ(d.invalid_sequences, 1);
  EXPECT_EQ(d.unit_byte, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(d.unit_char, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(d.char_length, 3);
}

TEST(DecodeTest, TruncatedSequenceIsOneReplacementCharacter) {
  // E2 82 is the start of "€" (E2 82 AC) with its last byte missing: one invalid sequence of two
  // bytes, one U+FFFD, one code point; 'y' keeps its true byte offset 3.
  const std::string in = "x\xE2\x82y";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"x\uFFFDy");
  EXPECT_EQ(d.invalid_sequences, 1);
  EXPECT_EQ(d.unit_byte, (std::vector<uint32_t>{0, 1, 3, 4}));
  EXPECT_EQ(d.unit_char, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(d.char_length, 3);
}

TEST(DecodeTest, TruncatedSequenceAtEndOfInput) {
  const std::string in = "ab\xE2\x82";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"ab\uFFFD");
  EXPECT_EQ(d.invalid_sequences, 1);
  EXPECT_EQ(d.char_length, 3);
}

TEST(DecodeTest, SeveralInvalidSequencesAreCountedAndOffsetsStayRight) {
  // Stray continuation byte, a lone 0xFF, an overlong encoding of '/' (C0 AF: C0 is never valid,
  // AF then is a stray continuation byte), then "é" that must still be found at its byte offset.
  const std::string in =
      "\x80"
      "a\xFF"
      "b\xC0\xAF"
      "c\xC3\xA9";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"\uFFFDa\uFFFDb\uFFFD\uFFFDc\u00E9");
  EXPECT_EQ(d.invalid_sequences, 4);
  ASSERT_EQ(d.text.size(), 8u);
  EXPECT_EQ(d.unit_byte[7], 7u);  // é starts at byte 7...
  EXPECT_EQ(d.unit_char[7], 7u);  // ...and is the 8th code point (each invalid byte counts one)
  EXPECT_EQ(d.char_length, 8);
}

TEST(DecodeTest, ControlCharactersBecomeSpaces) {
  // NUL, SOH and ESC become spaces; tab and line breaks are kept. Offsets are unchanged.
  const std::string in(
      "a\0b\x01"
      "c\x1B"
      "d\te\nf\r\n",
      13);
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"a b c d\te\nf\r\n");
  EXPECT_EQ(d.invalid_sequences, 0);
  for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(d.unit_byte[i], i);
}

TEST(DecodeTest, U0019BecomesRightSingleQuote) {
  // Scraped text often has U+0019 where U+2019 lost its high byte: "don\x19t" must stay one word.
  const std::string in = "don\x19t";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"don\u2019t");
}

// UTF-8 of a string, decoded as Windows-1252 and re-encoded as UTF-8 (the usual mojibake).
// “ = E2 80 9C -> â € œ -> C3A2 E282AC C593; ” = E2 80 9D -> â € U+009D -> C3A2 E282AC C29D
// (0x9D is undefined in Windows-1252, so it passes through as the C1 control U+009D).
const std::string kMojibakeOpen = "\xC3\xA2\xE2\x82\xAC\xC5\x93";
const std::string kMojibakeClose = "\xC3\xA2\xE2\x82\xAC\xC2\x9D";

TEST(DecodeTest, MojibakeQuotesAreRepaired) {
  const std::string in = kMojibakeOpen + "Hello" + kMojibakeClose;
  ASSERT_EQ(in.size(), 19u);
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"\u201CHello\u201D");
  EXPECT_EQ(d.mojibake_repairs, 2);
  EXPECT_EQ(d.invalid_sequences, 0);
  // Each repaired quote points at the start of the 3-character, 7-byte sequence it came from.
  EXPECT_EQ(d.unit_byte, (std::vector<uint32_t>{0, 7, 8, 9, 10, 11, 12, 19}));
  EXPECT_EQ(d.unit_char, (std::vector<uint32_t>{0, 3, 4, 5, 6, 7, 8, 11}));
  // The original had 11 code points: â € œ H e l l o â € U+009D.
  EXPECT_EQ(d.char_length, 11);
}

TEST(DecodeTest, MojibakeOfAccentedLetterIsRepaired) {
  // "café" with é = C3 A9 read as Windows-1252 "Ã©" and re-encoded: C3 83 C2 A9.
  const std::string in = "caf\xC3\x83\xC2\xA9 au lait";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"caf\u00E9 au lait");
  EXPECT_EQ(d.mojibake_repairs, 1);
  EXPECT_EQ(d.unit_byte[3], 3u);  // é points at the start of "Ã©"
  EXPECT_EQ(d.unit_byte[4], 7u);  // the space after it at its true byte offset
  EXPECT_EQ(d.unit_char[4], 5u);  // and code point offset (Ã and © were two code points)
}

TEST(DecodeTest, LoneCircumflexBeforeCapitalBecomesQuote) {
  // The scraper lost the last two bytes of “: only "â" (C3 A2) is left before "If".
  const std::string in = "He said \xC3\xA2If we leave,\xC3\xA2 he said.";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  const std::u16string text = d.text;
  EXPECT_EQ(text.find(u'\u00E2'), std::u16string::npos) << "no â should remain";
  const size_t if_pos = text.find(u"If we leave");
  ASSERT_NE(if_pos, std::u16string::npos);
  ASSERT_GT(if_pos, 0u);
  const char16_t quote = text[if_pos - 1];
  EXPECT_TRUE(quote == u'"' || quote == u'\u201C' || quote == u'\u201D') << int(quote);
  // The quote points at the â in the original, "If" right after its two bytes.
  EXPECT_EQ(d.unit_byte[if_pos - 1], 8u);
  EXPECT_EQ(d.unit_byte[if_pos], 10u);
  EXPECT_EQ(d.unit_char[if_pos], 9u);
  EXPECT_EQ(d.mojibake_repairs, 2);  // the one before "If" and the one after "leave,"
}

TEST(DecodeTest, FrenchCircumflexIsKept) {
  const std::string in = "Un \xC3\xA2ge d'or au ch\xC3\xA2teau. \xC3\x82me";
  const DecodedText d = DecodeText(in);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"Un \u00E2ge d'or au ch\u00E2teau. \u00C2me");
  EXPECT_EQ(d.mojibake_repairs, 0);
}

TEST(DecodeTest, RepairCanBeTurnedOff) {
  const std::string in = kMojibakeOpen + "Hello" + kMojibakeClose + " \xC3\xA2If";
  DecodeOptions o;
  o.repair_mojibake = false;
  const DecodedText d = DecodeText(in, o);
  ExpectWellFormed(d, in.size());
  EXPECT_EQ(d.text, u"\u00E2\u20AC\u0153Hello\u00E2\u20AC\u009D \u00E2If");
  EXPECT_EQ(d.mojibake_repairs, 0);
  EXPECT_EQ(d.char_length, 15);
}

}  // namespace
}  // namespace textrace
