// `scan`: every reuse relation in a collection, without comparing all pairs. Candidates come
// from exact hashes, MinHash-LSH over word shingles and an inverted index of each sentence's
// rarest words; every candidate is verified by the aligner; related documents form families.
#ifndef TEXTRACE_SCAN_H_
#define TEXTRACE_SCAN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/ingest.h"
#include "textrace/status.h"
#include "textrace/thesaurus.h"

namespace textrace {

struct ScanOptions {
  // MinHash-LSH (near-duplicates): word shingles of this many words, bands x rows hash values.
  // A pair becomes a candidate when it collides in a band and its estimated Jaccard similarity
  // reaches minhash_min_jaccard.
  int shingle_words = 5;
  int minhash_bands = 20;
  int minhash_rows = 5;
  double minhash_min_jaccard = 0.3;
  // Rewrite prefilter: each sentence's `anchors_per_sentence` rarest content words (collection
  // document frequency >= 2) give its anchors, one per pair of those words. Two documents sharing
  // at least `min_shared_anchors` anchors, and at least `min_anchor_overlap` of the smaller
  // document's anchors, are a candidate. Anchors in more than `max_anchor_postings` documents
  // are skipped, so common words cost nothing.
  int anchors_per_sentence = 5;
  int min_shared_anchors = 2;
  double min_anchor_overlap = 0.0;
  int max_anchor_postings = 200;
  // Worker threads; 0 = all hardware threads. The output does not depend on it.
  int threads = 0;
  AnalyzerOptions analyzer;
  AlignOptions align;
};

// A document of the collection, as the report names it.
struct ScanDocument {
  std::string id, date, url, origin;
  int64_t bytes = 0, chars = 0, words = 0;
};

struct ScanPair {
  uint32_t a = 0, b = 0;  // indices into ScanResult::documents, a < b
  Comparison comparison;  // relation, coverage and passages (A = document a)
  // "a_to_b" (b derives from a), "b_to_a", or "unknown"; why, when unknown.
  std::string direction = "unknown";
  std::string direction_reason;
  std::string found_by;  // "exact", "minhash", "anchors" (the first that proposed the pair)
};

struct Family {
  uint32_t representative = 0;    // earliest date, else longest, else smallest id
  std::vector<uint32_t> members;  // sorted
};

struct ScanStats {
  int64_t documents_read = 0;
  int64_t documents_skipped = 0;
  int64_t bytes = 0;
  int64_t candidates = 0;        // pairs verified by the aligner
  int64_t candidates_exact = 0;  // of which proposed by each stage
  int64_t candidates_minhash = 0;
  int64_t candidates_anchors = 0;
  double read_seconds = 0, analyze_seconds = 0, candidate_seconds = 0, align_seconds = 0;
};

struct ScanResult {
  std::vector<ScanDocument> documents;  // in input order
  // The analyzed documents, parallel to `documents`, kept for the report's passages and edit
  // scripts. (A later increment streams them through disk under a memory budget.)
  std::vector<AnalyzedDocument> analyzed;
  std::vector<SkipRecord> skipped;
  std::vector<ScanPair> pairs;   // related pairs only, ordered by (a, b)
  std::vector<Family> families;  // families of two or more, ordered by representative
  ScanStats stats;
};

// Reads the inputs and finds every related pair. `thesaurus` may be null.
StatusOr<ScanResult> Scan(const std::vector<std::string>& inputs, const IngestOptions& ingest,
                          const ScanOptions& options, std::shared_ptr<const Thesaurus> thesaurus);

// Deduplication: of each group of documents joined by `duplicate` or `near_duplicate` relations,
// the group's representative (earliest date, else longest, else smallest id) is kept.
struct DedupResult {
  std::vector<uint32_t> kept;  // document indices, in input order
  // For each removed document: (removed, kept representative it duplicates, relation of the
  // removed document to its closest partner in the group: "duplicate" or "near_duplicate").
  struct Removed {
    uint32_t document;
    uint32_t duplicate_of;
    std::string relation;
  };
  std::vector<Removed> removed;  // in input order
};
DedupResult Dedup(const ScanResult& result);

// `kept` as JSON Lines ({"id", "text", "date"?, "url"?}, text as read) and the map of removed
// documents ({"id", "duplicate_of", "relation"}).
std::string FormatKeptJsonl(const ScanResult& result, const DedupResult& dedup);
std::string FormatDedupMap(const ScanResult& result, const DedupResult& dedup);

// The report: one JSON line for the run (options, counts, skipped documents), one per related
// pair (with passages and edit scripts), one per family. Documented in docs/report-format.md.
std::string FormatScanReport(const ScanResult& result, const ScanOptions& options);

}  // namespace textrace

#endif  // TEXTRACE_SCAN_H_
