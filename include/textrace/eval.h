// `eval pan`: align every pair of a PAN text-alignment corpus and score it with plagdet.
#ifndef TEXTRACE_EVAL_H_
#define TEXTRACE_EVAL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/pan.h"
#include "textrace/status.h"

namespace textrace {

struct PanEvalOptions {
  // Corpus root: holds `pairs`, `src/`, `susp/` and subset folders `NN-name/` with their own
  // `pairs` and truth XML files.
  std::string corpus_dir;
  // When set, one detection XML per pair is written here, named like the truth files.
  std::string out_dir;
  // Worker threads; 0 = all hardware threads. Results do not depend on it.
  int threads = 0;
};

struct PanSubsetResult {
  std::string name;  // folder name, e.g. "02-no-obfuscation"
  int64_t pairs = 0;
  PlagdetScores scores;
};

struct PanEvalResult {
  std::vector<PanSubsetResult> subsets;  // in folder order
  PlagdetScores entire;                  // over all pairs of the corpus
  int64_t pairs = 0;
  int64_t documents = 0;
  int64_t document_bytes = 0;
  double analyze_seconds = 0;  // reading and analyzing the documents
  double align_seconds = 0;    // aligning all pairs (and writing XML)
};

// Runs the evaluation. `analyzer_options` configure the per-thread analyzers. A missing document
// or unreadable truth file is an error naming it.
StatusOr<PanEvalResult> EvaluatePan(const PanEvalOptions& options,
                                    const AnalyzerOptions& analyzer_options,
                                    const Aligner& aligner);

// The detections of one aligned pair, in PAN's form (A = suspicious, B = source).
std::vector<PanCase> ToPanCases(const std::vector<PassagePair>& passages);

}  // namespace textrace

#endif  // TEXTRACE_EVAL_H_
