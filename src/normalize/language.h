// Which language a document is written in (CLD2, Debian's libcld2), for `--language auto`: the
// analyzer stems each document with its own language's Snowball stemmer, and reports record it.
#ifndef TEXTRACE_NORMALIZE_LANGUAGE_H_
#define TEXTRACE_NORMALIZE_LANGUAGE_H_

#include <string>
#include <string_view>

namespace textrace {

// How much of a document's start the detector reads (UTF-16 units): enough for a reliable guess
// on running text, and a bounded cost per document (CLD2 reads about 20-40 MB/s).
inline constexpr size_t kLanguageSampleUnits = 512;

// The ISO 639 code of the language `text` is written in ("en", "ur", "es", "zh-Hant" ...), from
// its first kLanguageSampleUnits units; empty when the detector is not reliably sure (short
// texts, lists of names and numbers) or no language holds 70% of the sample (mixed languages).
std::string DetectLanguage(std::u16string_view text);

}  // namespace textrace

#endif  // TEXTRACE_NORMALIZE_LANGUAGE_H_
