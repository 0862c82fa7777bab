// The text pipeline every later stage stands on: bytes in, sentences and normalized word tokens
// out, each token carrying its offsets in the ORIGINAL bytes and code points.
#ifndef TEXTRACE_DOCUMENT_H_
#define TEXTRACE_DOCUMENT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/options.h"
#include "textrace/status.h"

namespace textrace {

// One word of a document.
struct Token {
  // Offsets in the original document: [begin, end) in code points and in bytes.
  uint32_t begin_char = 0;
  uint32_t end_char = 0;
  uint32_t begin_byte = 0;
  uint32_t end_byte = 0;
  // Stable hash of the normalized form (NFKC, case-folded, stemmed): two tokens with equal keys are
  // the same word for alignment. Equal on every machine.
  uint64_t key = 0;
  uint32_t sentence = 0;  // index into AnalyzedDocument::sentences
  bool stopword = false;  // a function word ("the", "of"): kept for edit scripts, not for scoring
  bool number = false;    // digits: numbers survive spinning and translation
  // Boilerplate: kept in the text, but no part of alignment or relations. Set by Analyze() on
  // page furniture known by its words (AnalyzerOptions::furniture: cookie banners, comment
  // forms ...), and by scan on a line that recurs across many unrelated documents of a
  // collection ("Leave a Reply").
  bool boilerplate = false;
};

// A sentence: the tokens [first_token, end_token).
struct Sentence {
  uint32_t first_token = 0;
  uint32_t end_token = 0;
};

// A document after analysis. Owns a copy of its original bytes, so the views it hands out stay
// valid as long as the object lives. Immutable after Analyze(), so safe to share across threads.
struct AnalyzedDocument {
  std::string name;   // file name or id, for messages and reports
  std::string bytes;  // the original bytes, unchanged
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;  // only sentences with at least one token
  int64_t char_length = 0;          // code points in the original
  int64_t invalid_utf8_sequences = 0;
  int64_t mojibake_repairs = 0;
  // The language it was read as, detected (AnalyzerOptions::language "auto"): an ISO 639 code
  // ("en", "ur", "es"), or empty when the detector was not sure or the language was given.
  std::string language;

  // The original text of a token or of a byte range.
  std::string_view Text(const Token& t) const {
    return std::string_view(bytes).substr(t.begin_byte, t.end_byte - t.begin_byte);
  }
  std::string_view Slice(uint32_t begin_byte, uint32_t end_byte) const {
    return std::string_view(bytes).substr(begin_byte, end_byte - begin_byte);
  }
};

// What parts token t (t > 0) of a document from token t - 1, judged from the bytes between them.
// Only ASCII '.', '!' and '?' count as sentence punctuation.
struct TokenGap {
  bool paragraph = false;  // a blank line: two line breaks or more
  bool wrapped = false;    // one line break and no sentence punctuation: a hard-wrapped line
};
TokenGap GapBefore(const AnalyzedDocument& d, uint32_t t);


// Turns bytes into an AnalyzedDocument. Creating one is costly (ICU break iterators, a stemmer);
// reuse it. Not thread-safe: use one Analyzer per thread.
class Analyzer {
 public:
  virtual ~Analyzer() = default;
  // Fails when the ICU data or the stemmer for `options.language` is unavailable.
  static StatusOr<std::unique_ptr<Analyzer>> Create(const AnalyzerOptions& options);

  // Never fails on content: invalid UTF-8, NULs, binary data and empty input all yield a document
  // (possibly without tokens) and counters that say what was repaired. Fails only for input of
  // 4 GiB or more, which offsets of 32 bits cannot address.
  virtual StatusOr<AnalyzedDocument> Analyze(std::string name, std::string bytes) = 0;

  // The normalized and stemmed form of one word, as used for Token::key (for tests and tools).
  virtual std::string Normalize(std::string_view word) = 0;
};

// Reads a whole file. NotFound / IoError name the path.
StatusOr<std::string> ReadFileBytes(const std::string& path);

}  // namespace textrace

#endif  // TEXTRACE_DOCUMENT_H_
