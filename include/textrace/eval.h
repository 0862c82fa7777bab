// `eval pan`: align every pair of a PAN text-alignment corpus and score it with plagdet.
// `eval pairs`: labelled pairs of a collection (reuse graded by annotators, e.g. COUNTER's wholly
// derived / partially derived / non-derived), each compared alone and the collection scanned.
#ifndef TEXTRACE_EVAL_H_
#define TEXTRACE_EVAL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <string>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/engine.h"
#include "textrace/pan.h"
#include "textrace/relate.h"
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

// ---- Labelled pairs ----

struct PairsEvalOptions {
  // The documents (any input scan takes: JSON Lines, folders, WARC ...), each with a distinct id.
  std::vector<std::string> inputs;
  // Tab-separated: source id, derived id, label; a first line `source_id ...` is a header; blank
  // lines and lines starting with '#' are skipped.
  std::string pairs_tsv;
  // The labels from no reuse up (e.g. {"ND", "PD", "WD"}): a pair's grade is its label's place.
  // At least two; a label not listed is an error naming the line.
  std::vector<std::string> labels;
  // Whether to scan the whole collection too (the scan figures); the pairwise ones need only the
  // listed documents.
  bool scan = true;
};

struct LabelledPair {
  std::string source, derived, label;
  int grade = 0;  // the label's place in PairsEvalOptions::labels
  // Compared alone (textrace compare source derived): the relation, the share of the derived
  // document's words in passages, whether a scan would accept the evidence.
  Relation relation = Relation::kNone;
  double coverage = 0;
  bool strong_evidence = false;
  // A naive reference: the share of the derived document's word 3-grams (the analyzer's words)
  // that the source holds.
  double trigram_containment = 0;
  bool reported = false;  // by the scan of the collection (either order)
};

// Agreement of a score with the grades: Spearman's rank correlation (ties ranked by their mean),
// and the area under the ROC curve for telling grades >= 1 from grade 0 and the top grade from
// the rest (ties count a half). NaN where a side is empty or all ranks tie.
struct ScoreAgreement {
  double spearman = 0, auc_reuse = 0, auc_top = 0;
};
ScoreAgreement ScoreGrades(const std::vector<double>& scores, const std::vector<int>& grades,
                           int top_grade);

struct PairsEvalResult {
  std::vector<std::string> labels;
  std::vector<LabelledPair> pairs;  // in the file's order
  ScoreAgreement coverage, trigram_containment;
  // Of the scan (when run): the share of each label's pairs reported, in `labels` order; every
  // related pair reported; those of them not listed (source id, derived id as the scan orders
  // them: a, b).
  std::vector<double> reported_share;
  int64_t documents = 0;
  int64_t scan_pairs = 0;
  std::vector<std::pair<std::string, std::string>> unlisted;
};

// Reads the documents and the pairs, compares each pair and (with options.scan) scans the
// collection. Errors name the file and line: a pair naming an id the inputs do not hold, a
// malformed line, an unknown label; a repeated document id is an error too.
StatusOr<PairsEvalResult> EvaluatePairs(std::shared_ptr<const Engine> engine,
                                        const PairsEvalOptions& options,
                                        const ResourceOptions& resources = {});

}  // namespace textrace

#endif  // TEXTRACE_EVAL_H_
