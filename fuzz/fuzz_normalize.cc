// The analyzer (decoding, mojibake repair, segmentation, normalization) on any bytes.
#include <memory>
#include <string>

#include "fuzz_util.h"
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
  return 0;
}
