#include "normalize/decode.h"

#include <string>
#include <utility>

#include "util/ascii.h"
#include "util/utf8.h"

namespace textrace {
namespace {

// Windows-1252 bytes 0x80..0x9F as Unicode (0 where the byte is undefined in Windows-1252; such
// bytes pass through Latin-1 as C1 controls).
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The Windows-1252 (or Latin-1) byte that decodes to `cp`, or -1.
int Cp1252Byte(char32_t cp) {
  if (cp >= 0x80 && cp <= 0xFF) return static_cast<int>(cp);  // Latin-1 and C1 controls
  for (int i = 0; i < 32; ++i) {
    if (kCp1252High[i] != 0 && kCp1252High[i] == cp) return 0x80 + i;
  }
  return -1;
}

class Decoder {
 public:
  // A code point of k bytes gives at most k UTF-16 units (4 bytes: 2 units), so the output has
  // at most as many units as the input has bytes: it is written into buffers of that size.
  Decoder(std::string_view bytes, const DecodeOptions& options) : s_(bytes), options_(options) {
    out_.text.resize(bytes.size());
    out_.unit_byte.resize(bytes.size() + 1);
    out_.unit_char.resize(bytes.size() + 1);
  }

  DecodedText Run() {
    size_t p = 0;
    uint32_t ch = 0;  // code point index of the original at p
    const size_t n = s_.size();
    char16_t* text = out_.text.data();
    uint32_t* unit_byte = out_.unit_byte.data();
    uint32_t* unit_char = out_.unit_char.data();
    while (p < n) {
      // Plain ASCII (printable, tab, line breaks) is copied as it is: nothing to repair or clean.
      const auto c = static_cast<unsigned char>(s_[p]);
      if ((c >= 0x20 && c < 0x80) || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        text[units_] = c;
        unit_byte[units_] = static_cast<uint32_t>(p);
        unit_char[units_] = ch;
        ++units_;
        ++p;
        ++ch;
        continue;
      }
      Utf8Sequence d = DecodeUtf8(s_, p);
      if (!d.valid) ++out_.invalid_sequences;
      if (options_.repair_mojibake && d.valid && d.cp >= 0xC2 && d.cp <= 0xF4) {
        size_t consumed_bytes = 0;
        uint32_t consumed_chars = 0;
        char32_t repaired = 0;
        if (TryRepair(p, &repaired, &consumed_bytes, &consumed_chars)) {
          Emit(repaired, p, ch);
          ++out_.mojibake_repairs;
          p += consumed_bytes;
          ch += consumed_chars;
          continue;
        }
      }
      Emit(CleanControl(d.cp), p, ch);
      p += d.len;
      ++ch;
    }
    out_.unit_byte[units_] = static_cast<uint32_t>(s_.size());
    out_.unit_char[units_] = ch;
    out_.text.resize(units_);
    out_.unit_byte.resize(units_ + 1);
    out_.unit_char.resize(units_ + 1);
    out_.char_length = ch;
    return std::move(out_);
  }

 private:
  // C0 controls other than tab and line breaks become spaces, except U+0019, which in scraped
  // text stands where U+2019 (right single quote) lost its high byte: it becomes an apostrophe so
  // that "don\x19t" stays one word.
  static char32_t CleanControl(char32_t cp) {
    if (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') return cp;
    if (cp == 0x19) return 0x2019;
    return ' ';
  }

  // At `p` starts a code point that, read as a Windows-1252 byte, is a UTF-8 lead byte. If it and
  // the following code points, read the same way, form a valid UTF-8 sequence, that sequence is
  // the repaired character. A lone "â" (0xE2, the lead of U+2018..U+201D) whose continuation bytes
  // were lost is repaired to a quote when it stands at a word edge.
  bool TryRepair(size_t p, char32_t* repaired, size_t* consumed_bytes, uint32_t* consumed_chars) {
    Utf8Sequence lead = DecodeUtf8(s_, p);
    const int b0 = Cp1252Byte(lead.cp);
    if (b0 < 0xC2 || b0 > 0xF4) return false;
    const int need = b0 <= 0xDF ? 1 : (b0 <= 0xEF ? 2 : 3);
    std::string bytes(1, static_cast<char>(b0));
    size_t q = p + lead.len;
    uint32_t chars = 1;
    for (int i = 0; i < need && q < s_.size(); ++i) {
      Utf8Sequence c = DecodeUtf8(s_, q);
      const int b = c.valid ? Cp1252Byte(c.cp) : -1;
      if (b < 0x80 || b > 0xBF) break;
      bytes.push_back(static_cast<char>(b));
      q += c.len;
      ++chars;
    }
    if (static_cast<int>(bytes.size()) == need + 1) {
      Utf8Sequence r = DecodeUtf8(bytes, 0);
      if (r.valid && r.len == bytes.size() && r.cp >= 0x80) {
        *repaired = r.cp;
        *consumed_bytes = q - p;
        *consumed_chars = chars;
        return true;
      }
      return false;
    }
    // Truncated: only the quote/dash family "â" or "â€" is recognisable without its last bytes.
    if (b0 != 0xE2 || (bytes.size() == 2 && static_cast<unsigned char>(bytes[1]) != 0x80)) {
      return false;
    }
    const char32_t next = q < s_.size() ? DecodeUtf8(s_, q).cp : U' ';
    const char32_t prev = p > 0 ? static_cast<unsigned char>(s_[p - 1]) : U' ';
    // "âge" or "château" keep their letter: a lowercase letter after it, or letters on both sides.
    const bool next_is_word_start = IsAsciiUpper(next) || !IsAsciiAlnum(next);
    if (bytes.size() == 1 && !next_is_word_start) return false;
    if (bytes.size() == 1 && IsAsciiAlnum(prev) && IsAsciiAlnum(next)) return false;
    *repaired = U'"';
    *consumed_bytes = q - p;
    *consumed_chars = chars;
    return true;
  }

  void Emit(char32_t cp, size_t byte_pos, uint32_t char_pos) {
    const auto b = static_cast<uint32_t>(byte_pos);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out_.text[units_] = static_cast<char16_t>(0xD800 + (cp >> 10));
      out_.text[units_ + 1] = static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
      out_.unit_byte[units_] = out_.unit_byte[units_ + 1] = b;
      out_.unit_char[units_] = out_.unit_char[units_ + 1] = char_pos;
      units_ += 2;
    } else {
      out_.text[units_] = static_cast<char16_t>(cp);
      out_.unit_byte[units_] = b;
      out_.unit_char[units_] = char_pos;
      ++units_;
    }
  }

  std::string_view s_;
  DecodeOptions options_;
  DecodedText out_;
  size_t units_ = 0;  // UTF-16 units written
};

}  // namespace

DecodedText DecodeText(std::string_view bytes, const DecodeOptions& options) {
  return Decoder(bytes, options).Run();
}

}  // namespace textrace
