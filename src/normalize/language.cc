#include "normalize/language.h"

// The header uses FILE without including <cstdio> (../shared/DEPS.md).
#include <cstdio>
// clang-format off
#include <cld2/public/compact_lang_det.h>
// clang-format on

#include <algorithm>

#include "util/utf8.h"

namespace textrace {

std::string DetectLanguage(std::u16string_view text) {
  // The sample as UTF-8, cut before a lone surrogate half (a pair split by the cut).
  size_t n = std::min(text.size(), kLanguageSampleUnits);
  if (n < text.size() && n > 0 && text[n - 1] >= 0xD800 && text[n - 1] <= 0xDBFF) --n;
  std::string utf8;
  utf8.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    char32_t c = text[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (text[++i] - 0xDC00);
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;  // a lone half (the decoder leaves none; kept safe for the detector)
    }
    AppendUtf8(c, &utf8);
  }
  // The language of most of the sample, when CLD2 calls its guess reliable and that language
  // holds kMinPercent of the text: a page of English with a quoted paragraph of Italian, or with
  // words CLD2 reads as Javanese or Sesotho, stays English (CLD2's own answer can name the second
  // language of such a mix; seen on PAN's English sources).
  constexpr int kMinPercent = 70;
  CLD2::Language top3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::ExtDetectLanguageSummary(utf8.data(), static_cast<int>(utf8.size()),
                                 /*is_plain_text=*/true, /*cld_hints=*/nullptr, /*flags=*/0, top3,
                                 percent3, scores3, /*resultchunkvector=*/nullptr, &text_bytes,
                                 &reliable);
  if (!reliable || top3[0] == CLD2::UNKNOWN_LANGUAGE || percent3[0] < kMinPercent) return "";
  return CLD2::LanguageCode(top3[0]);
}

}  // namespace textrace
