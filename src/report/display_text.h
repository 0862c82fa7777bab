// A document's text as the analyzer read it, for a person to see: each invalid UTF-8 sequence one
// U+FFFD, Windows-1252 mojibake repaired ("âIf" -> "\"If"), control characters as spaces
// (DecodeText, normalize/decode.h). Reports count their offsets in the original bytes; this
// maps them onto the shown text, so a view can show the repaired text and still mark exactly the
// words the offsets name. Used by the HTML report (whose viewer indexes UTF-16 units) and the
// compare text report.
#ifndef TEXTRACE_REPORT_DISPLAY_TEXT_H_
#define TEXTRACE_REPORT_DISPLAY_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "normalize/decode.h"

namespace textrace {

class DisplayText {
 public:
  // `repair_mojibake` as the analyzer had it (AnalyzerOptions::repair_mojibake); a document's
  // mojibake_repairs > 0 says it was on, and with none to repair the two read alike.
  DisplayText(std::string_view original, bool repair_mojibake);

  // The shown text in UTF-16 units.
  const std::u16string& units() const { return decoded_.text; }
  size_t size() const { return decoded_.text.size(); }
  // The unit where byte `byte` of the original begins to show: the first unit that comes from
  // that byte or a later one (size() at or past the end). A half-open byte range [b, e) of the
  // original shows as the units [Unit(b), Unit(e)).
  uint32_t Unit(uint32_t byte) const;
  // The original byte the unit comes from (the original's size for size()).
  uint32_t OriginalByte(uint32_t unit) const { return decoded_.unit_byte[unit]; }
  // Units [begin, end) in UTF-8 (a surrogate pair is one code point); all of them by default.
  std::string Utf8(uint32_t begin = 0, uint32_t end = UINT32_MAX) const;

 private:
  DecodedText decoded_;
};

}  // namespace textrace

#endif  // TEXTRACE_REPORT_DISPLAY_TEXT_H_
