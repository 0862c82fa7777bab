// The analyzer (decoding, mojibake repair, segmentation, normalization) on any bytes.
#include <unicode/unistr.h>

#include <memory>
#include <string>

#include "fuzz_util.h"
#include "normalize/decode.h"
#include "normalize/icu_words_testing.h"
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
  static textrace::IcuWordBreaker icu_words;
  Check(icu_words.ok(), "ICU word break iterator");
  const textrace::DecodedText dec =
      textrace::DecodeText(std::string_view(reinterpret_cast<const char*>(data), size));
  size_t t = 0;
  for (const textrace::IcuWord& w : icu_words.Words(dec.text)) {
    std::string word;
    icu::UnicodeString(false, dec.text.data() + w.begin, w.end - w.begin).toUTF8String(word);
    if (!w.number && analyzer->Normalize(word).empty()) continue;  // folds to nothing
    Check(t < doc->tokens.size(), "every ICU word is a token");
    const textrace::Token& tok = doc->tokens[t++];
    Check(tok.begin_char == dec.unit_char[w.begin] && tok.end_char == dec.unit_char[w.end],
          "tokens are ICU's words");
    Check(tok.number == w.number, "numbers are ICU's");
  }
  Check(t == doc->tokens.size(), "no token that is not an ICU word");
  return 0;
}
