// ASCII character classes and case: the one set of them for the parsers of markup, headers,
// labels, names and JSON. Byte-wise and locale-independent (unlike <cctype>): a byte >= 0x80 is
// never a letter, a digit or a space. The predicates take char32_t, so that bytes (a negative
// char stays outside ASCII), UTF-16 units and code points are all tested alike.
#ifndef TEXTRACE_UTIL_ASCII_H_
#define TEXTRACE_UTIL_ASCII_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace textrace {

constexpr bool IsAsciiUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsAsciiLower(char32_t c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAsciiAlpha(char32_t c) { return IsAsciiUpper(c) || IsAsciiLower(c); }
constexpr bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlnum(char32_t c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

// Three sets of white space, each the one its format defines:
// HTML's "ASCII whitespace" (WHATWG): space, tab, LF, FF, CR.
constexpr bool IsHtmlSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
// JSON's white space (RFC 8259), also XML's: space, tab, LF, CR.
constexpr bool IsJsonSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// <cctype>'s isspace in the "C" locale: space, tab, LF, VT, FF, CR.
constexpr bool IsCSpace(char32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// `c` in lower case when it is an ASCII capital, else `c`.
constexpr char AsciiLower(char c) { return IsAsciiUpper(c) ? static_cast<char>(c + 32) : c; }

// `s` with its ASCII capitals in lower case.
inline std::string AsciiToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// Comparisons that ignore ASCII case (other bytes compare as they are).
inline bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(s[i]) != AsciiLower(prefix[i])) return false;
  }
  return true;
}
inline bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && StartsWithNoCase(a, b);
}
inline bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualsNoCase(s.substr(s.size() - suffix.size()), suffix);
}

// The value of a hexadecimal digit (either case), or -1.
constexpr int HexDigitValue(char c) {
  if (IsAsciiDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_ASCII_H_
