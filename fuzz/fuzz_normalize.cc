// The analyzer (decoding, mojibake repair, segmentation, normalization) on any bytes.
#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <memory>
#include <string>

#include "fuzz_util.h"
#include "normalize/decode.h"
#include "textrace/document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using textrace::fuzz::Check;
  textrace::Analyzer* analyzer = &textrace::fuzz::SharedAnalyzer();
  auto doc = analyzer->Analyze("fuzz", std::string(reinterpret_cast<const char*>(data), size));
  Check(doc.ok(), "analysis never fails on content");
  uint32_t last_byte = 0, last_char = 0;
  for (const textrace::Token& t : doc->tokens) {
    Check(t.begin_byte < t.end_byte && t.end_byte <= size, "token bytes inside the input");
    Check(t.begin_char < t.end_char && t.end_char <= doc->char_length, "token chars inside");
    Check(t.begin_byte >= last_byte && t.begin_char >= last_char, "tokens in order");
    Check(t.sentence < doc->sentences.size(), "token sentence exists");
    last_byte = t.end_byte;
    last_char = t.end_char;
  }
  for (const textrace::Sentence& s : doc->sentences) {
    Check(s.first_token < s.end_token && s.end_token <= doc->tokens.size(),
          "sentences hold tokens");
  }
  // The words are exactly those of ICU's word break iterator over the whole decoded text (the
  // analyzer breaks chunk by chunk, ASCII chunks by its own rules).
  static std::unique_ptr<icu::BreakIterator> words = [] {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> w(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
    Check(U_SUCCESS(err), "ICU word break iterator");
    return w;
  }();
  const textrace::DecodedText dec =
      textrace::DecodeText(std::string_view(reinterpret_cast<const char*>(data), size));
  if (dec.text.empty()) return 0;
  UErrorCode err = U_ZERO_ERROR;
  UText* ut = utext_openUChars(nullptr, dec.text.data(), dec.text.size(), &err);
  words->setText(ut, err);
  Check(U_SUCCESS(err), "ICU setText");
  size_t t = 0;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    const int32_t status = words->getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) continue;
    const bool number = status < UBRK_WORD_NUMBER_LIMIT;
    std::string word;
    icu::UnicodeString(false, dec.text.data() + start, end - start).toUTF8String(word);
    if (!number && analyzer->Normalize(word).empty()) continue;  // folds to nothing
    Check(t < doc->tokens.size(), "every ICU word is a token");
    const textrace::Token& tok = doc->tokens[t++];
    Check(tok.begin_char == dec.unit_char[start] && tok.end_char == dec.unit_char[end],
          "tokens are ICU's words");
    Check(tok.number == number, "numbers are ICU's");
  }
  utext_close(ut);
  Check(t == doc->tokens.size(), "no token that is not an ICU word");
  return 0;
}
