// UTF-8 decoding and encoding: the one decoder of the code base. Every reader of UTF-8 bytes
// (the text decoder, the HTML extractor, the JSON reader, the charset decision, the aligner, the
// report writers) steps through sequences with DecodeUtf8, so that all of them agree on where a
// sequence ends and on what an invalid one is.
#ifndef TEXTRACE_UTIL_UTF8_H_
#define TEXTRACE_UTIL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace textrace {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// One UTF-8 sequence: its code point (U+FFFD when invalid), its length in bytes, its validity.
struct Utf8Sequence {
  char32_t cp;
  uint32_t len;
  bool valid;
};

// The UTF-8 sequence at byte `p` of `s` (p < s.size()). A valid sequence is well-formed as the
// Unicode standard defines it: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF. An invalid sequence is its maximal valid prefix, at least one byte (the "maximal
// subpart" that the standard recommends replacing by one U+FFFD): a stray continuation byte or
// a byte that never starts a sequence (C0, C1, F5..FF) is one byte; "E2 82" before a non-
// continuation byte or the end is two. Inline: it is on the hot path of every decoder.
inline Utf8Sequence DecodeUtf8(std::string_view s, size_t p) {
  const auto b0 = static_cast<unsigned char>(s[p]);
  if (b0 < 0x80) return {b0, 1, true};
  int need;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // no overlong forms
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return {kReplacementCharacter, 1, false};
  }
  uint32_t len = 1;
  for (int i = 0; i < need; ++i) {
    if (p + len >= s.size()) return {kReplacementCharacter, len, false};
    const auto b = static_cast<unsigned char>(s[p + len]);
    if (b < lo || b > hi) return {kReplacementCharacter, len, false};
    lo = 0x80;
    hi = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    ++len;
  }
  return {cp, len, true};
}

// The length of the UTF-8 sequence at byte `p` of `s` and, in *valid, whether it is valid: as
// DecodeUtf8, for callers that step through sequences without their code points (an invalid
// one counts as one code point, one U+FFFD, in DecodeText's offsets).
inline uint32_t Utf8SequenceAt(std::string_view s, size_t p, bool* valid) {
  const Utf8Sequence d = DecodeUtf8(s, p);
  *valid = d.valid;
  return d.len;
}

// Appends the UTF-8 encoding of `cp` (at most U+10FFFF; a surrogate is encoded as it is, which
// callers that must write valid UTF-8 do not pass).
inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_UTF8_H_
