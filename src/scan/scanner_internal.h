// What the persistent index (src/index/) takes from a Scanner beyond its result: each document's
// analysis, sketch and sentence keys as the scanner commits it, and the boilerplate lines it
// found. Private to the library.
#ifndef TEXTRACE_SCAN_SCANNER_INTERNAL_H_
#define TEXTRACE_SCAN_SCANNER_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_set>

#include "candidates/candidates.h"
#include "textrace/ingest.h"
#include "textrace/scan.h"

namespace textrace {

struct CommittedDocument {
  uint32_t document;            // its index in the ScanResult
  const InputDocument* input;   // as read (text included)
  std::string_view analysis;    // EncodeAnalysis of its analysis, before boilerplate marking
  const Sketch* sketch;
  std::string_view sentence_keys;  // EncodeSentenceKeys
};
// Called for each document the scanner keeps, in document order, from the scanner's commit
// thread (one call at a time). An error stops the scan.
using CommitSink = std::function<Status(const CommittedDocument&)>;

// Sets the sink of a scanner made by Scanner::Create (before its first document).
void SetCommitSink(Scanner* scanner, CommitSink sink);

// The boilerplate lines a finished scanner found (hashes as normalize/boilerplate.h makes them).
const std::unordered_set<uint64_t>& BoilerplateLines(const Scanner* scanner);

}  // namespace textrace

#endif  // TEXTRACE_SCAN_SCANNER_INTERNAL_H_
