// Word-at-a-time test shared by the JSON reader's fast path and the JSON writer.
#ifndef TEXTRACE_UTIL_JSON_BYTES_H_
#define TEXTRACE_UTIL_JSON_BYTES_H_

#include <cstdint>

namespace textrace {

// True when one of the 8 bytes of `w` is one a JSON string cannot hold as it is, or that needs a
// closer look: a quote, a backslash, a control byte below 0x20, or a byte above 0x7F (UTF-8).
inline bool HasJsonSpecialByte(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  return (w & kHigh) != 0 || ((w - kOnes * 0x20) & ~w & kHigh) != 0 ||
         has_zero(w ^ (kOnes * '"')) || has_zero(w ^ (kOnes * '\\'));
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_JSON_BYTES_H_
