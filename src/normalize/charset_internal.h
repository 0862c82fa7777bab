// What the parts of charset.cc share (private to src/normalize/): label lookup
// (charset_labels.cc), ICU converters and decoding (charset_convert.cc), and statistical
// detection (charset_detect.cc).
#ifndef TEXTRACE_NORMALIZE_CHARSET_INTERNAL_H_
#define TEXTRACE_NORMALIZE_CHARSET_INTERNAL_H_

#include <unicode/ucnv.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "normalize/charset.h"

namespace textrace {
namespace charset_internal {

// ---- Labels (charset_labels.cc) ----

// The canonical name of a lower-case label by the label tables (exact, then by its letters and
// digits only), or "".
std::string_view LookUp(const std::string& lower);

// ---- ICU converters (charset_convert.cc) ----

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// A converter for a canonical name, or null.
ConverterPtr OpenConverter(std::string_view canonical);

// Makes `cnv` turn each undecodable sequence into U+FFFD and count it in *counter.
bool SetCounting(UConverter* cnv, int64_t* counter);

// Decodes `bytes` from `canonical` to UTF-8; undecodable sequences become U+FFFD and are counted.
std::string Convert(std::string_view bytes, std::string_view canonical, int64_t* invalid);

// ---- Detection (charset_detect.cc) ----

// The statistical detection of charset.cc's file comment, on bytes that are neither (nearly
// valid) UTF-8 nor UTF-16: the best-scoring candidate, or windows-1252 as the fallback.
// `first_non_ascii` is the offset of the first byte >= 0x80 (npos if none).
CharsetDecision Detect(std::string_view bytes, size_t first_non_ascii, size_t max_probe);

}  // namespace charset_internal
}  // namespace textrace

#endif  // TEXTRACE_NORMALIZE_CHARSET_INTERNAL_H_
