// See json_line.h. The rules are nlohmann's (JSON as RFC 8259, strings as well-formed UTF-8 per
// RFC 3629): whitespace is space, tab, LF and CR; escapes are \" \\ \/ \b \f \n \r \t and \uXXXX
// (either case), a high surrogate only with a low one after it; no control byte below 0x20 in a
// string.
#include "ingest/json_line.h"

#include <locale.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "util/ascii.h"
#include "util/json_bytes.h"
#include "util/utf8.h"

namespace textrace {
namespace {

// Byte classes inside a string: 0 plain, 1 quote, 2 backslash, 3 control (< 0x20), 4 non-ASCII.
constexpr std::array<uint8_t, 256> kClass = [] {
  std::array<uint8_t, 256> c{};
  for (int b = 0; b < 0x20; ++b) c[b] = 3;
  c['"'] = 1;
  c['\\'] = 2;
  for (int b = 0x80; b < 0x100; ++b) c[b] = 4;
  return c;
}();

// The four hex digits at s[i..i+4) as a number, or -1.
int32_t Hex4(std::string_view s, size_t i) {
  if (i + 4 > s.size()) return -1;
  int32_t v = 0;
  for (size_t k = i; k < i + 4; ++k) {
    const int d = HexDigitValue(s[k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// The string whose opening quote is s[*i], decoded into `out`; *i ends past the closing quote.
bool ParseString(std::string_view s, size_t* i, std::string* out) {
  out->clear();
  size_t p = *i + 1;
  // Room for the raw bytes up to the closing quote (the decoded string is no longer), so that a
  // text is allocated once, at its size: grown by appends it would hold up to twice its size
  // for as long as the scan keeps it.
  // A string of plain ASCII bytes (no escape, no UTF-8 to check) is copied then and there.
  size_t end = p;
  bool plain = true;
  while (true) {
    end = SkipPlainJsonBytes(s, end);
    if (end >= s.size()) break;
    const uint8_t k = kClass[static_cast<unsigned char>(s[end])];
    if (k == 1) break;
    if (k != 0) plain = false;
    end += k == 2 ? 2 : 1;
  }
  if (end >= s.size()) return false;  // no closing quote
  if (plain) {
    out->assign(s.data() + p, end - p);
    *i = end + 1;
    return true;
  }
  out->reserve(end - p);
  size_t run = p;  // start of the plain bytes not yet copied
  while (true) {
    p = SkipPlainJsonBytes(s, p);
    while (p < s.size() && kClass[static_cast<unsigned char>(s[p])] == 0) ++p;
    if (p >= s.size()) return false;
    switch (kClass[static_cast<unsigned char>(s[p])]) {
      case 1:
        out->append(s.data() + run, p - run);
        *i = p + 1;
        return true;
      case 3:
        return false;
      case 4: {
        const Utf8Sequence d = DecodeUtf8(s, p);
        if (!d.valid) return false;
        p += d.len;
        continue;
      }
      default:
        break;
    }
    // A backslash.
    out->append(s.data() + run, p - run);
    if (p + 1 >= s.size()) return false;
    size_t used = 2;
    switch (s[p + 1]) {
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      case '/':
        out->push_back('/');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        const int32_t cp = Hex4(s, p + 2);
        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
        used = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (p + 7 >= s.size() || s[p + 6] != '\\' || s[p + 7] != 'u') return false;
          const int32_t low = Hex4(s, p + 8);
          if (low < 0xDC00 || low > 0xDFFF) return false;
          AppendUtf8(0x10000 + ((static_cast<uint32_t>(cp) - 0xD800) << 10) +
                         (static_cast<uint32_t>(low) - 0xDC00),
                     out);
          used = 12;
        } else {
          AppendUtf8(static_cast<uint32_t>(cp), out);
        }
        break;
      }
      default:
        return false;
    }
    p += used;
    run = p;
  }
}

void SkipSpace(std::string_view s, size_t* i) {
  while (*i < s.size() && IsJsonSpace(s[*i])) ++*i;
}

// A number at s[*i] by JSON's grammar (nlohmann's): -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
// Declined as well when it does not fit a double (nlohmann reports an overflow).
bool SkipNumber(std::string_view s, size_t* i) {
  const size_t begin = *i;
  size_t p = begin;
  auto digits = [&] {
    const size_t from = p;
    while (p < s.size() && IsAsciiDigit(s[p])) ++p;
    return p - from;
  };
  if (p < s.size() && s[p] == '-') ++p;
  if (p < s.size() && s[p] == '0') {
    ++p;
  } else if (p >= s.size() || s[p] < '1' || s[p] > '9' || digits() == 0) {
    return false;
  }
  bool whole = p - begin <= 18;  // fits a 64-bit integer
  if (p < s.size() && s[p] == '.') {
    ++p;
    if (digits() == 0) return false;
    whole = false;
  }
  if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
    ++p;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) ++p;
    if (digits() == 0) return false;
    whole = false;
  }
  if (!whole) {
    // nlohmann reads the number with strtod after putting the locale's decimal point in; strtod
    // in the C locale gives the same value whatever the program's locale.
    static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
    const std::string token(s.substr(begin, p - begin));
    if (!std::isfinite(strtod_l(token.c_str(), nullptr, c_locale))) return false;
  }
  *i = p;
  return true;
}

// Any JSON value at s[*i] (past white space), inside `depth` open arrays and objects, checked
// and skipped; strings are decoded into `scratch` to be checked. An array or object that would
// make more than 64 open at once is declined.
bool SkipValue(std::string_view s, size_t* i, int depth, std::string* scratch) {
  if (*i >= s.size()) return false;
  const char c = s[*i];
  if (c == '"') return ParseString(s, i, scratch);
  for (std::string_view literal : {"true", "false", "null"}) {
    if (c == literal[0]) {
      if (s.substr(*i, literal.size()) != literal) return false;
      *i += literal.size();
      return true;
    }
  }
  if (c == '-' || IsAsciiDigit(c)) return SkipNumber(s, i);
  if ((c != '{' && c != '[') || depth >= 64) return false;
  const char close = c == '{' ? '}' : ']';
  ++*i;
  SkipSpace(s, i);
  if (*i < s.size() && s[*i] == close) {
    ++*i;
    return true;
  }
  while (true) {
    if (c == '{') {
      if (*i >= s.size() || s[*i] != '"' || !ParseString(s, i, scratch)) return false;
      SkipSpace(s, i);
      if (*i >= s.size() || s[*i] != ':') return false;
      ++*i;
      SkipSpace(s, i);
    }
    if (!SkipValue(s, i, depth + 1, scratch)) return false;
    SkipSpace(s, i);
    if (*i < s.size() && s[*i] == ',') {
      ++*i;
      SkipSpace(s, i);
      continue;
    }
    if (*i < s.size() && s[*i] == close) {
      ++*i;
      return true;
    }
    return false;
  }
}

}  // namespace

bool ParseFlatJsonLine(std::string_view s, std::vector<JsonLineField>* fields) {
  constexpr size_t kMaxFields = 32;
  size_t i = 0;
  SkipSpace(s, &i);
  if (i >= s.size() || s[i] != '{') return false;
  ++i;
  SkipSpace(s, &i);
  size_t n = 0;  // fields filled; the vector's strings are reused from line to line
  std::string scratch;  // strings inside values that are skipped
  while (true) {
    if (i >= s.size() || s[i] != '"') return false;  // also declines "{}"
    if (n == kMaxFields) return false;  // keeps the repeated-key check below cheap
    if (n == fields->size()) fields->emplace_back();
    JsonLineField& f = (*fields)[n];
    if (!ParseString(s, &i, &f.key)) return false;
    for (size_t k = 0; k < n; ++k) {
      if ((*fields)[k].key == f.key) return false;  // nlohmann keeps the last; left to it
    }
    SkipSpace(s, &i);
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    SkipSpace(s, &i);
    if (i < s.size() && s[i] == '"') {
      if (!ParseString(s, &i, &f.value)) return false;
      f.kind = JsonLineField::Kind::kString;
      f.raw = {};
    } else {
      const size_t at = i;
      if (!SkipValue(s, &i, 1, &scratch)) return false;
      f.value.clear();
      f.raw = s.substr(at, i - at);
      f.kind = f.raw == "null" ? JsonLineField::Kind::kNull : JsonLineField::Kind::kOther;
    }
    ++n;
    SkipSpace(s, &i);
    if (i < s.size() && s[i] == ',') {
      ++i;
      SkipSpace(s, &i);
      continue;
    }
    if (i < s.size() && s[i] == '}') {
      ++i;
      break;
    }
    return false;
  }
  SkipSpace(s, &i);
  if (i != s.size()) return false;
  fields->resize(n);
  return true;
}

}  // namespace textrace
