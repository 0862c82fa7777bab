#include "report/display_text.h"

#include <algorithm>

#include "util/utf8.h"

namespace textrace {

DisplayText::DisplayText(std::string_view original, bool repair_mojibake) {
  DecodeOptions o;
  o.repair_mojibake = repair_mojibake;
  decoded_ = DecodeText(original, o);
}

uint32_t DisplayText::Unit(uint32_t byte) const {
  // unit_byte is non-decreasing and ends with the sentinel (the original's size).
  const auto& b = decoded_.unit_byte;
  return static_cast<uint32_t>(std::lower_bound(b.begin(), b.end() - 1, byte) - b.begin());
}

std::string DisplayText::Utf8(uint32_t begin, uint32_t end) const {
  const std::u16string& t = decoded_.text;
  end = std::min<uint32_t>(end, static_cast<uint32_t>(t.size()));
  std::string out;
  out.reserve(end > begin ? end - begin : 0);
  for (uint32_t i = begin; i < end; ++i) {
    char32_t cp = t[i];
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      // DecodeText writes surrogates in pairs; a range cut between the two shows U+FFFD.
      if (cp <= 0xDBFF && i + 1 < end && t[i + 1] >= 0xDC00 && t[i + 1] <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (t[++i] - 0xDC00);
      } else {
        cp = kReplacementCharacter;
      }
    }
    AppendUtf8(cp, &out);
  }
  return out;
}

}  // namespace textrace
