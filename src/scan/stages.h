// The scan's stages as functions, shared by the Scanner (scanner.cc, one process) and the
// distributed scan (distributed.cc, textrace/distributed.h: the same stages over partitions of a
// collection on several machines): what one document's analysis leaves, the boilerplate
// decision's similarity, a document's record, a candidate's verification, and the relations
// worked out from the verified pairs. Private to the library.
#ifndef TEXTRACE_SCAN_STAGES_H_
#define TEXTRACE_SCAN_STAGES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "candidates/candidates.h"
#include "normalize/boilerplate.h"
#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/ingest.h"
#include "textrace/options.h"
#include "textrace/scan.h"

namespace textrace {
namespace scan_stages {

// What the analysis of one document leaves for the later stages.
struct Analyzed {
  Status status;
  int64_t chars = 0, words = 0;
  std::string language;  // AnalyzedDocument::language
  Sketch sketch;
  std::string encoded_keys;             // the sentence keys (EncodeSentenceKeys)
  std::vector<uint64_t> distinct_keys;  // for the document frequency
  std::vector<DocumentLine> lines;      // short lines, for boilerplate
  std::unique_ptr<AnalyzedDocument> doc;
};

// Stage 1: analyzes `text` (named `id`) and derives its sketch, sentence keys, distinct keys and
// short lines. A document that fails, or has no words, leaves only its status and counts.
Analyzed AnalyzeForScan(Analyzer& analyzer, const std::string& id, const std::string& text,
                        const Options& options);

// The reason a document with this analysis is skipped ("no words", or the analysis error), or
// empty when it is kept.
std::string SkipReason(const Analyzed& a);

// The boilerplate decision's similarity of two documents: the share of equal MinHash values.
double SketchSimilarity(const Sketch& x, const Sketch& y);

// IngestOptions::dates_file read: id -> date. Lines "ID<TAB>DATE" or JSON objects with "id" and
// "date" (a string or an epoch number); blank lines and lines starting with # are skipped.
StatusOr<std::unordered_map<std::string, std::string>> ReadDatesFile(const std::string& path);

// A kept document's record in the result (`bytes`: its text's size): the dates file's date applied
// (and erased from `dates`), the date read; counts and unparseable dates into `r`.
ScanDocument MakeScanDocument(InputDocument&& d, int64_t bytes, int64_t chars, int64_t words,
                              std::unordered_map<std::string, std::string>* dates, ScanResult* r);

// Stage 3: one candidate aligned (documents prepared, boilerplate marked) and related. The
// direction is left to PairDirection.
Comparison VerifyCandidate(const Aligner& aligner, const PreparedDocument& a,
                           const PreparedDocument& b);
// The direction of a pair from the dates of its documents.
void PairDirection(const ScanDocument& a, const ScanDocument& b, ScanPair* p);

// What becomes of a verified pair: none (not related), weak (related on weak evidence only:
// counted, and reported with report_weak_pairs), or a related pair of the result.
enum class Verdict { kNone, kWeak, kRelated };
Verdict VerdictOf(const Comparison& c, const Options& options);

// Stage 4, after verification: indirect pairs, families, links and their counts.
void FinishRelations(ScanResult* r);

}  // namespace scan_stages
}  // namespace textrace

#endif  // TEXTRACE_SCAN_STAGES_H_
