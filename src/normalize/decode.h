// Byte decoding with a map back to the original: UTF-8 with U+FFFD for invalid sequences, repair
// of UTF-8 text that was decoded as Windows-1252 ("mojibake"), and removal of control characters.
#ifndef TEXTRACE_NORMALIZE_DECODE_H_
#define TEXTRACE_NORMALIZE_DECODE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace textrace {

struct DecodedText {
  // The cleaned text, UTF-16 (what ICU works on).
  std::u16string text;
  // For every UTF-16 unit of `text`, plus one sentinel at the end: where it came from in the
  // original, as a byte offset and as a code point offset. Code points of the original are counted
  // as decoded: each invalid byte sequence counts as one code point (it became one U+FFFD).
  std::vector<uint32_t> unit_byte;
  std::vector<uint32_t> unit_char;
  int64_t invalid_sequences = 0;  // invalid UTF-8 sequences replaced by U+FFFD
  int64_t mojibake_repairs = 0;   // Windows-1252 mojibake sequences repaired
  int64_t char_length = 0;        // code points in the original
};

struct DecodeOptions {
  // Repair UTF-8 that was decoded as Windows-1252/Latin-1 and re-encoded ("â€œ" -> "“"), and
  // the lone "â" that such text keeps where the other bytes of a quote were lost.
  bool repair_mojibake = true;
};

// Decodes `bytes` (any size below 4 GiB; larger input must be split by the caller). Never fails:
// every byte ends up accounted for in the output maps. UTF-8 sequences are delimited as
// DecodeUtf8 (util/utf8.h) delimits them, each invalid one counted as one code point (one
// U+FFFD): report writers step through texts with it to stay in step with the offsets.
DecodedText DecodeText(std::string_view bytes, const DecodeOptions& options = {});

}  // namespace textrace

#endif  // TEXTRACE_NORMALIZE_DECODE_H_
