#ifndef TEXTRACE_NORMALIZE_STOPWORDS_H_
#define TEXTRACE_NORMALIZE_STOPWORDS_H_

#include <string_view>

namespace textrace {

// True for an English function word, given in normalized (case-folded, unstemmed) form.
bool IsEnglishStopword(std::string_view folded_word);

}  // namespace textrace

#endif  // TEXTRACE_NORMALIZE_STOPWORDS_H_
