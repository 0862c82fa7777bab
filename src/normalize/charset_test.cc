#include "normalize/charset.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace textrace {
namespace {

// ---- Fixtures: encoders written here, so the tests do not depend on the code under test ----

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string Utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(c, &out);
  return out;
}

// Windows-1251 for Russian text: ASCII, А..я, Ё/ё, the dashes, quotes and guillemets.
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
    } else if (c == 0x2014) {
      out.push_back('\x97');
    } else if (c == 0xAB) {
      out.push_back('\xAB');
    } else if (c == 0xBB) {
      out.push_back('\xBB');
    } else {
      ADD_FAILURE() << "no windows-1251 byte for U+" << std::hex << static_cast<uint32_t>(c);
    }
  }
  return out;
}

// Windows-1252: ASCII, Latin-1 letters, curly quotes and dashes.
std::string Cp1252(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
      out.push_back(static_cast<char>(c));
    } else if (c == 0x201C) {
      out.push_back('\x93');
    } else if (c == 0x201D) {
      out.push_back('\x94');
    } else if (c == 0x2019) {
      out.push_back('\x92');
    } else if (c == 0x2013) {
      out.push_back('\x96');
    } else if (c == 0x20AC) {
      out.push_back('\x80');
    } else if (c == 0x201E) {
      out.push_back('\x84');
    } else if (c == 0x0153) {
      out.push_back('\x9C');
    } else if (c == 0x2014) {
      out.push_back('\x97');
    } else {
      ADD_FAILURE() << "no windows-1252 byte for U+" << std::hex << static_cast<uint32_t>(c);
    }
  }
  return out;
}

std::string Utf16(std::u32string_view s, bool little) {
  std::string out;
  auto unit = [&](uint32_t u) {
    const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    out.push_back(little ? lo : hi);
    out.push_back(little ? hi : lo);
  };
  for (char32_t c : s) {
    if (c >= 0x10000) {
      unit(0xD800 + ((c - 0x10000) >> 10));
      unit(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      unit(c);
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    int need;
    if (b < 0x80) {
      need = 0;
    } else if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
    } else {
      return false;
    }
    if (need > 0 && i + need >= s.size()) return false;
    for (int k = 1; k <= need; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (c < 0x80 || c > 0xBF) return false;
    }
    i += need + 1;
  }
  return true;
}

std::string Decoded(std::string_view bytes, std::string_view declared = {}) {
  Utf8Text t = ToUtf8(bytes, declared);
  return t.unchanged ? std::string(bytes) : t.text;
}

const std::u32string kRussian =
    U"Москва — столица России, крупнейший по численности населения город страны. "
    U"В городе расположены органы государственной власти, множество музеев, театров и "
    U"университетов. Ещё в девятнадцатом веке здесь строили широкие улицы и площади, а "
    U"сегодня по ним ходят «быстрые» трамваи и автобусы. Жители любят гулять в парках, "
    U"особенно весной, когда цветут яблони и сирень.";

const std::u32string kEnglish =
    U"The committee met on Tuesday to discuss the new budget. Members agreed that the "
    U"library should stay open on weekends, and that the park needs new benches before the "
    U"summer festival begins.";

const std::u32string kFrench =
    U"L’été dernier, nous avons visité le musée d’Orsay à Paris. Les œuvres étaient "
    U"magnifiques et la façade du bâtiment, très élégante. Le guide nous a dit : « C’est "
    U"le plus beau musée du monde », et nous étions d’accord. Après la visite, nous avons "
    U"mangé une crêpe près de la Seine.";

const std::u32string kGerman =
    U"Die Straße vor unserem Haus wird im nächsten Frühjahr erneuert. Der Bürgermeister "
    U"erklärte, dass die Arbeiten etwa drei Monate dauern würden. „Wir bitten um Geduld“, "
    U"sagte er. Für die Anwohner gibt es während dieser Zeit eine Umleitung über die "
    U"Schulstraße und den großen Platz.";

TEST(Charset, Utf8IsUnchanged) {
  const std::string text = Utf8(kRussian + U" " + kFrench);
  Utf8Text t = ToUtf8(text);
  EXPECT_TRUE(t.unchanged);
  EXPECT_TRUE(t.text.empty());
  EXPECT_EQ(t.charset.encoding, "utf-8");
  EXPECT_EQ(t.charset.source, "utf-8");
  EXPECT_EQ(t.invalid, 0);
  // Pure ASCII is UTF-8 too.
  EXPECT_EQ(DecideCharset("plain ascii text\n").encoding, "utf-8");
  EXPECT_TRUE(ToUtf8("plain ascii text\n").unchanged);
}

TEST(Charset, NearlyValidUtf8StaysUtf8) {
  std::string text = Utf8(kRussian);
  // Damage two sequences: cut one character in half, and drop a stray Windows-1252 quote in.
  const size_t cyr = text.find("\xD0\xBC");  // "м"
  ASSERT_NE(cyr, std::string::npos);
  text.erase(cyr + 1, 1);
  text += " \x93quoted\x94 ";
  Utf8Text t = ToUtf8(text);
  EXPECT_TRUE(t.unchanged) << t.charset.encoding << " " << t.charset.source;
  EXPECT_EQ(t.charset.encoding, "utf-8");
  EXPECT_EQ(t.invalid, 3);
}

TEST(Charset, MostlyInvalidUtf8IsNotUtf8) {
  // Legacy text with one accidental valid sequence ("Ã©" is C3 A9) is not UTF-8.
  const std::string text = Cp1252(kFrench) + " " + Cp1252(U"Ã©");
  EXPECT_NE(DecideCharset(text).encoding, "utf-8");
}

TEST(Charset, Utf8BomIsRemoved) {
  const std::string body = Utf8(U"Привет, мир. ") + "Hello";
  Utf8Text t = ToUtf8("\xEF\xBB\xBF" + body);
  EXPECT_FALSE(t.unchanged);
  EXPECT_EQ(t.text, body);
  EXPECT_EQ(t.charset.encoding, "utf-8");
  EXPECT_EQ(t.charset.source, "bom");
  EXPECT_EQ(t.charset.bom_bytes, 3u);
}

TEST(Charset, Utf16WithBom) {
  const std::u32string text = kEnglish + U" " + kRussian + U" 😀";
  for (bool little : {true, false}) {
    const std::string bytes = (little ? "\xFF\xFE" : "\xFE\xFF") + Utf16(text, little);
    Utf8Text t = ToUtf8(bytes);
    EXPECT_EQ(t.charset.encoding, little ? "utf-16le" : "utf-16be");
    EXPECT_EQ(t.charset.source, "bom");
    EXPECT_EQ(t.charset.bom_bytes, 2u);
    EXPECT_EQ(t.text, Utf8(text));  // the mark is not in the text
    EXPECT_EQ(t.invalid, 0);
  }
}

TEST(Charset, Utf16WithoutBom) {
  const std::u32string mixed = kEnglish + U"\n\n" + kRussian;
  for (bool little : {true, false}) {
    for (const std::u32string& text : {kEnglish, kRussian, mixed}) {
      const std::string bytes = Utf16(text, little);
      Utf8Text t = ToUtf8(bytes);
      EXPECT_EQ(t.charset.encoding, little ? "utf-16le" : "utf-16be");
      EXPECT_EQ(t.charset.source, "utf-16-pattern");
      EXPECT_EQ(t.text, Utf8(text));
    }
  }
}

TEST(Charset, Windows1251RussianIsDetected) {
  const std::string bytes = Cp1251(kRussian);
  CharsetDecision d = DecideCharset(bytes);
  EXPECT_EQ(d.encoding, "windows-1251");
  EXPECT_EQ(d.source, "detected");
  EXPECT_GT(d.confidence, 0);
  Utf8Text t = ToUtf8(bytes);
  EXPECT_EQ(t.text, Utf8(kRussian));
  EXPECT_EQ(t.invalid, 0);
  // A short text too: two sentences.
  const std::u32string short_text = U"Я живу в Москве. Здесь очень красиво и много людей.";
  EXPECT_EQ(DecideCharset(Cp1251(short_text)).encoding, "windows-1251");
  // And inside an English-looking preamble of markup.
  const std::string page = "<html><head><title>x</title></head><body><p>" + std::string(2000, ' ') +
                           Cp1251(kRussian) + "</p></body></html>";
  EXPECT_EQ(DecideCharset(page).encoding, "windows-1251");
  // After a long ASCII head: the probe starts near the first non-ASCII byte.
  const std::string late = std::string(200'000, 'a') + " " + Cp1251(kRussian);
  EXPECT_EQ(DecideCharset(late).encoding, "windows-1251");
}

TEST(Charset, Windows1252WesternIsDetected) {
  for (const std::u32string& text : {kFrench, kGerman}) {
    const std::string bytes = Cp1252(text);
    CharsetDecision d = DecideCharset(bytes);
    EXPECT_EQ(d.encoding, "windows-1252");
    EXPECT_EQ(d.source, "detected");
    Utf8Text t = ToUtf8(bytes);
    EXPECT_EQ(t.text, Utf8(text));
  }
  // A short one with the typical bytes: é, ü, ß and curly quotes 0x93 0x94.
  const std::u32string s = U"Das “Café” in der Straße ist süß und schön.";
  EXPECT_EQ(DecideCharset(Cp1252(s)).encoding, "windows-1252");
  EXPECT_EQ(Decoded(Cp1252(s)), Utf8(s));
}

TEST(Charset, DeclaredLabelIsHonoured) {
  // ISO-8859-1 is decoded as windows-1252 (WHATWG): 0x93 is a left double quote.
  Utf8Text t = ToUtf8("\x93Hi\x94 caf\xE9", "ISO-8859-1");
  EXPECT_EQ(t.charset.encoding, "windows-1252");
  EXPECT_EQ(t.charset.source, "declared");
  EXPECT_EQ(t.text, Utf8(U"“Hi” café"));
  // A declared label wins over detection: Russian bytes read as KOI8-R when told so.
  const std::string bytes = Cp1251(kRussian);
  EXPECT_EQ(DecideCharset(bytes, "koi8-r").encoding, "koi8-r");
  // Unknown labels are ignored.
  EXPECT_EQ(DecideCharset(bytes, "no-such-charset").encoding, "windows-1251");
  // Declared UTF-8 on damaged bytes stays UTF-8 and unchanged.
  Utf8Text u = ToUtf8(Cp1252(kFrench), "utf-8");
  EXPECT_TRUE(u.unchanged);
  EXPECT_GT(u.invalid, 0);
}

TEST(Charset, Utf16PatternOverrulesDeclared8BitLabel) {
  const std::string bytes = Utf16(kEnglish, true);
  CharsetDecision d = DecideCharset(bytes, "iso-8859-1");
  EXPECT_EQ(d.encoding, "utf-16le");
  EXPECT_EQ(d.source, "utf-16-pattern");
  // The wrong byte order in a label is corrected too.
  EXPECT_EQ(DecideCharset(Utf16(kEnglish, false), "utf-16le").encoding, "utf-16be");
  // A byte-order mark wins over everything.
  EXPECT_EQ(DecideCharset("\xEF\xBB\xBFplain", "windows-1251").encoding, "utf-8");
}

TEST(Charset, Iso2022JpIsRecognised) {
  // "あい" in ISO-2022-JP: ESC $ B, JIS X 0208 rows, ESC ( B.
  const std::string bytes = "x \x1b$B$\"$$\x1b(B y";
  Utf8Text t = ToUtf8(bytes);
  EXPECT_EQ(t.charset.encoding, "iso-2022-jp");
  EXPECT_EQ(t.text, Utf8(U"x あい y"));
}

TEST(Charset, LargeInputIsDecodedInChunks) {
  // UTF-16LE with surrogate pairs that straddle the converter's chunk boundaries.
  std::u32string text = U"A";
  for (int i = 0; i < 100000; ++i) text += U"Ж😀 ";
  Utf8Text t = ToUtf8("\xFF\xFE" + Utf16(text, true));
  EXPECT_EQ(t.invalid, 0);
  EXPECT_TRUE(t.text == Utf8(text));
  // A single-byte encoding, declared.
  std::u32string ru;
  while (ru.size() < 3'000'000) ru += kRussian + U"\n";
  Utf8Text r = ToUtf8(Cp1251(ru), "cp1251");
  EXPECT_TRUE(r.text == Utf8(ru));
}

TEST(Charset, DecodesConcurrently) {
  const std::string ru = Cp1251(kRussian), fr = Cp1252(kFrench), le = Utf16(kEnglish, true);
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < 50; ++i) {
        ok[k] += ToUtf8(ru).text == Utf8(kRussian) && ToUtf8(fr).text == Utf8(kFrench) &&
                 ToUtf8(le).text == Utf8(kEnglish);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int k = 0; k < 8; ++k) EXPECT_EQ(ok[k], 50);
}

TEST(Charset, AnyBytesDecodeWithoutCrashing) {
  std::mt19937 rng(42);
  const size_t sizes[] = {0, 1, 2, 3, 15, 16, 17, 255, 4096, 70001};
  for (size_t size : sizes) {
    for (int round = 0; round < 4; ++round) {
      std::string bytes(size, '\0');
      for (char& c : bytes) {
        const uint32_t r = rng();
        c = round == 1 ? static_cast<char>(r & 1 ? 0 : (r >> 8) & 0xFF)  // many NULs
                       : static_cast<char>(r & 0xFF);
      }
      if (round == 2 && size >= 2) bytes[0] = '\xFF', bytes[1] = '\xFE';  // odd UTF-16 maybe
      if (round == 3 && size >= 2) bytes[0] = '\xFE', bytes[1] = '\xFF';
      for (std::string_view declared : {"", "utf-16le", "shift_jis", "gb18030", "bogus"}) {
        Utf8Text t = ToUtf8(bytes, declared);
        if (!t.unchanged) {
          EXPECT_TRUE(IsValidUtf8(t.text) || t.charset.encoding == "utf-8")
              << size << " " << t.charset.encoding;
        }
        EXPECT_GE(t.invalid, 0);
      }
    }
  }
  // Odd-length UTF-16: the last byte becomes one U+FFFD.
  Utf8Text odd =
      ToUtf8(std::string("\xFF\xFE"
                         "a\0b\0c",
                         7));
  EXPECT_EQ(odd.charset.encoding, "utf-16le");
  EXPECT_EQ(odd.text, "ab\xEF\xBF\xBD");
  EXPECT_EQ(odd.invalid, 1);
}

}  // namespace
}  // namespace textrace
