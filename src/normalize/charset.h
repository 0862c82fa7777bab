// Character encodings of web and legacy text: which one a byte string is in (byte-order mark,
// declared label, UTF-8 validity, UTF-16 without a mark, statistical detection), and decoding to
// UTF-8. textrace works on UTF-8; bytes already in UTF-8 are never copied or changed.
#ifndef TEXTRACE_NORMALIZE_CHARSET_H_
#define TEXTRACE_NORMALIZE_CHARSET_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace textrace {

struct CharsetDecision {
  // Canonical lower-case name: "utf-8", "utf-16le", "utf-16be", "windows-1251", "windows-1252",
  // "iso-8859-2", "koi8-r", "shift_jis", ... (the WHATWG name where there is one).
  std::string encoding;
  // Why: "bom", "declared" (the caller's label, e.g. from an HTTP header or <meta>), "utf-8"
  // (the bytes are valid UTF-8, or nearly: a few damaged sequences), "utf-16-pattern" (UTF-16
  // without a mark, recognised by its zero bytes), "detected" (statistical detection), or
  // "fallback" (nothing else decided: windows-1252).
  std::string source;
  int confidence = 0;    // 0..100 for "detected"; 100 otherwise
  size_t bom_bytes = 0;  // length of the byte-order mark at the start (0 if none)
};

// The charset parameter of a Content-Type value: "text/html; charset=\"Windows-1251\"" gives
// "windows-1251" (lower case, quotes and spaces removed); "" when absent.
std::string CharsetFromContentType(std::string_view content_type);

// The canonical name of an encoding label ("latin1", "cp1251", "UTF8", "x-sjis" ...) as in
// CharsetDecision::encoding, or "" when the label is unknown. Labels that WHATWG maps to another
// encoding are mapped the same way ("iso-8859-1" and "us-ascii" are decoded as windows-1252).
std::string CanonicalEncoding(std::string_view label);

// Decides the encoding of `bytes`: a byte-order mark wins; then `declared` when it is a known
// label (but a declared label on bytes that are UTF-16 by their zero-byte pattern is overruled
// when it says anything else); then UTF-16 by that pattern (checked before UTF-8, because UTF-16
// text of Latin or Cyrillic script is also valid UTF-8: its zero bytes are ASCII NULs); then
// UTF-8, valid or nearly (at most 1 invalid sequence in 20 non-ASCII sequences, over the whole
// input; pure ASCII is UTF-8); then detection among the common single-byte and multi-byte legacy
// encodings; then windows-1252. Looks at no more than `max_probe` bytes for the UTF-16 pattern
// and for detection (starting shortly before the first non-ASCII byte). Thread-safe.
CharsetDecision DecideCharset(std::string_view bytes, std::string_view declared = {},
                              size_t max_probe = 64 * 1024);

struct Utf8Text {
  std::string text;        // UTF-8; empty when `unchanged`
  bool unchanged = false;  // the input was already UTF-8 (without BOM): use it as it is
  CharsetDecision charset;
  int64_t invalid = 0;  // bytes or sequences that could not be decoded (U+FFFD; see ToUtf8)
};

// Decodes `bytes` to UTF-8 by DecideCharset(bytes, declared). A UTF-8 input without a BOM is not
// copied (`unchanged`); a UTF-8 BOM is dropped. Never fails: in other encodings, undecodable
// bytes become U+FFFD; in (nearly valid) UTF-8, invalid sequences are counted in `invalid` but
// left as they are, for the analyzer to replace (so that offsets stay those of the input).
// Memory: the input plus about the output. Thread-safe.
Utf8Text ToUtf8(std::string_view bytes, std::string_view declared = {});

}  // namespace textrace

#endif  // TEXTRACE_NORMALIZE_CHARSET_H_
