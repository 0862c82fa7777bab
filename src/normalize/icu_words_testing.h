// Testing only: the words of ICU's word break iterator (root locale) over a whole text, the
// reference that the analyzer's chunked word breaking is held to (analyzer_test, fuzz_normalize).
#ifndef TEXTRACE_NORMALIZE_ICU_WORDS_TESTING_H_
#define TEXTRACE_NORMALIZE_ICU_WORDS_TESTING_H_

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace textrace {

struct IcuWord {
  int32_t begin, end;  // UTF-16 units of the text
  bool number;         // rule status UBRK_WORD_NUMBER
};

class IcuWordBreaker {
 public:
  IcuWordBreaker() {
    UErrorCode err = U_ZERO_ERROR;
    words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
    if (U_FAILURE(err)) words_.reset();
  }
  bool ok() const { return words_ != nullptr; }

  // The segments of `text` whose rule status is a word's (not spaces or punctuation), in order.
  // Empty when ICU fails.
  std::vector<IcuWord> Words(std::u16string_view text) {
    std::vector<IcuWord> out;
    UErrorCode err = U_ZERO_ERROR;
    UText* ut = utext_openUChars(nullptr, text.data(), static_cast<int64_t>(text.size()), &err);
    if (U_SUCCESS(err)) words_->setText(ut, err);
    if (U_SUCCESS(err)) {
      int32_t begin = words_->first();
      for (int32_t end = words_->next(); end != icu::BreakIterator::DONE;
           begin = end, end = words_->next()) {
        const int32_t status = words_->getRuleStatus();
        if (status >= UBRK_WORD_NONE_LIMIT) {
          out.push_back({begin, end, status < UBRK_WORD_NUMBER_LIMIT});
        }
      }
    }
    utext_close(ut);
    return out;
  }

 private:
  std::unique_ptr<icu::BreakIterator> words_;
};

}  // namespace textrace

#endif  // TEXTRACE_NORMALIZE_ICU_WORDS_TESTING_H_
