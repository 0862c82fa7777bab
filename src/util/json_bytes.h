// Word-at-a-time tests shared by the JSON reader's fast path and the JSON writers.
#ifndef TEXTRACE_UTIL_JSON_BYTES_H_
#define TEXTRACE_UTIL_JSON_BYTES_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace textrace {

// True when one of the 8 bytes of `w` is one a JSON string cannot hold as it is, or that needs a
// closer look: a quote, a backslash, a control byte below 0x20, or a byte above 0x7F (UTF-8).
inline bool HasJsonSpecialByte(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  return (w & kHigh) != 0 || ((w - kOnes * 0x20) & ~w & kHigh) != 0 ||
         has_zero(w ^ (kOnes * '"')) || has_zero(w ^ (kOnes * '\\'));
}

// True when one of the 8 bytes of `w` is `b`.
inline bool HasByte(uint64_t w, unsigned char b) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const uint64_t x = w ^ (kOnes * b);
  return ((x - kOnes) & ~x & kHigh) != 0;
}

// The first position from `i` on where 8 bytes of `s` starting there hold a special byte (or
// fewer than 8 are left): the bytes before it need no escaping and no UTF-8 check. With
// `and_lt`, a '<' counts as special too.
inline size_t SkipPlainJsonBytes(std::string_view s, size_t i, bool and_lt = false) {
  while (i + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (HasJsonSpecialByte(w) || (and_lt && HasByte(w, '<'))) break;
    i += 8;
  }
  return i;
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_JSON_BYTES_H_
