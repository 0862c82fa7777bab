// Small ASCII helpers shared by the parsers.
#ifndef TEXTRACE_UTIL_ASCII_H_
#define TEXTRACE_UTIL_ASCII_H_

namespace textrace {

// The value of a hexadecimal digit (either case), or -1.
inline int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_ASCII_H_
