// `scan`: every reuse relation in a collection, without comparing all pairs. Candidates come
// from exact hashes, MinHash-LSH over word shingles and an inverted index of each sentence's
// rarest words; every candidate is verified by the aligner; related documents form families.
#ifndef TEXTRACE_SCAN_H_
#define TEXTRACE_SCAN_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/ingest.h"
#include "textrace/status.h"
#include "textrace/thesaurus.h"

namespace textrace {

// Where a scan is, for a progress display.
struct ScanProgress {
  enum class Stage { kReading, kCandidates, kVerifying, kDone } stage = Stage::kReading;
  int64_t documents = 0;     // read so far
  int64_t bytes = 0;         // uncompressed input bytes read so far
  int64_t input_bytes = -1;  // reading: total size of the inputs when known (uncompressed files)
  int64_t pairs_done = 0;    // verifying: candidate pairs verified so far
  int64_t pairs_total = 0;   // verifying: candidate pairs to verify
  double seconds = 0;        // since the scan began
  double stage_seconds = 0;  // since the current stage began
};

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
  // at least `strong_shared_anchors` anchors are a candidate. Sharing fewer (but at least
  // `min_shared_anchors`) is weak evidence, which chance matches of rare words also give, and
  // more often the larger the collection: such a pair is a candidate only when one of the two
  // documents has it among its `weak_anchor_partners` best weak partners (most shared anchors,
  // then the rarest). So weak candidates grow with the collection, not with its square. Pairs
  // must also share `min_anchor_overlap` of the smaller document's anchors. Anchors in more than
  // `max_anchor_postings` documents are skipped, so common words cost nothing.
  // Every anchor pair, strong or weak, also needs `min_anchor_rarity`: its shared anchors weigh
  // 1 / (documents holding the anchor - 1) each, so an anchor only the two hold counts 1 and one
  // that 9 documents hold counts 1/8. Shared anchors that many documents hold are what a topic,
  // not a copy, gives, and they are what grows with the square of the collection: on a 250 MB
  // generated collection 13,350 strong pairs weighed under 1, and 9 of them were related.
  int anchors_per_sentence = 5;
  int min_shared_anchors = 2;
  int strong_shared_anchors = 4;
  int weak_anchor_partners = 2;
  double min_anchor_rarity = 0.5;
  double min_anchor_overlap = 0.0;
  int max_anchor_postings = 200;
  // Rare words (summaries and heavy rewording, whose anchors break): each document's
  // `rare_words_per_document` rarest content words held by 2 to `rare_word_max_documents`
  // documents. Two documents sharing at least `rare_word_min_shared` of them, weighing at least
  // `rare_word_min_rarity` (each 1 / (documents holding it - 1)), are partners; each document
  // proposes its `rare_word_partners` best (0: no rare-word stage).
  int rare_words_per_document = 128;
  int rare_word_max_documents = 50;
  int rare_word_min_shared = 5;
  double rare_word_min_rarity = 1.0;
  int rare_word_partners = 3;
  // Evidence a pair needs in a collection: at least one passage that is a summary, or whose
  // similarity (PassagePair::score) reaches min_evidence_score, or that keeps min_evidence_kept
  // of its words unchanged. Two texts on one topic or one news event share sentences that
  // align loosely (score 0.35-0.5 with most words changed); a pair compared on its own (compare,
  // eval) is suspect already, but in a collection most pairs with such passages only are not
  // reuse. A pair whose passages all fall short is not reported (ScanStats::weak_pairs counts
  // them). 0 and 0: report every aligned pair.
  double min_evidence_score = 0.5;
  double min_evidence_kept = 0.25;
  // A passage found by word positions alone (PassagePair::by_words) is evidence only with both:
  // a similarity of min_evidence_score and this share of its words kept in order. Texts on one
  // news event share its names, figures and key words closely enough to cluster, in other
  // sentences; a shuffled or cut copy keeps runs of its words.
  double min_word_cluster_kept = 0.4;
  // How each candidate pair is aligned: AlignPair (textrace/align.h), the longer document first,
  // the shorter too where that gives passages but no summary; this is its summary_copy_coverage
  // (0: the longer document first only).
  double summary_copy_coverage = kDefaultSummaryCopyCoverage;
  // Boilerplate across the collection (short lines in many unrelated documents): kept in the
  // text, left out of alignment and relations. See src/normalize/boilerplate.h.
  struct Boilerplate {
    int min_docs = 5;              // a line in at least this many documents; 0 = off
    int min_site_docs = 3;         // or in this many of one site (URL host): its template
    int max_line_words = 40;       // longer lines are never boilerplate
    double related_jaccard = 0.5;  // documents this similar are copies: their lines are not
  } boilerplate;
  // Whether the JSONL report carries the passages' and edits' texts. Without them a pair keeps
  // every offset (texts can be cut from the input), the report is several times smaller and no
  // document text is read back to write it.
  bool report_texts = true;
  // Whether the pairs withheld for weak evidence (see min_evidence_score) are kept too, in
  // ScanResult::weak_pairs and as "weak_pair" lines of the report: what a reader checks when a
  // pair they expected is missing. They join no family and make no relation.
  bool report_weak_pairs = false;
  // Worker threads; 0 = all hardware threads. The output does not depend on it.
  int threads = 0;
  // Memory: documents are analyzed in batches and verified in chunks sized to this budget (in
  // bytes; the output does not depend on it). What stays for the whole run is small per
  // document: a sketch of a few hundred bytes, the anchor postings, the word frequencies.
  uint64_t memory_budget = uint64_t{3} << 30;
  // Where the texts and the per-sentence word keys wait between the stages (unlinked files);
  // empty: $TMPDIR, else /tmp.
  std::string tmp_dir;
  // Called now and then from the scanning thread, e.g. to draw a progress bar. May be empty.
  std::function<void(const ScanProgress&)> progress;
  AnalyzerOptions analyzer;
  AlignOptions align;
};

// The collection's texts as read, kept on disk while a result lives (for reports and dedup).
// Thread-safe.
class TextStore {
 public:
  virtual ~TextStore() = default;
  virtual StatusOr<std::string> Text(uint32_t document) const = 0;
};

// A document of the collection, as the report names it.
struct ScanDocument {
  std::string id, date, url, origin;
  int64_t bytes = 0, chars = 0, words = 0;
  std::string text_from;  // InputDocument::text_from: how the text was decoded or extracted
};

struct ScanPair {
  uint32_t a = 0, b = 0;  // indices into ScanResult::documents, a < b
  Comparison comparison;  // relation, coverage and passages (A = document a)
  // "a_to_b" (b derives from a), "b_to_a", or "unknown"; why, when unknown.
  std::string direction = "unknown";
  std::string direction_reason;
  // "exact", "minhash", "anchors", "rare_words" (the first that proposed the pair)
  std::string found_by;
};

struct Family {
  uint32_t representative = 0;    // earliest date, else longest, else smallest id
  std::vector<uint32_t> members;  // sorted
};

struct ScanStats {
  int64_t documents_read = 0;
  int64_t documents_skipped = 0;
  int64_t warc_records_not_documents = 0;  // request, metadata, warcinfo ...: counted only
  int64_t bytes = 0;
  int64_t candidates = 0;        // pairs verified by the aligner
  int64_t candidates_exact = 0;  // of which proposed by each stage
  int64_t candidates_minhash = 0;
  int64_t candidates_anchors = 0;
  int64_t candidates_rare_words = 0;
  int64_t weak_pairs = 0;     // aligned, but on weak evidence only (ScanOptions::min_evidence_*)
  int64_t verify_chunks = 0;  // chunks the verification ran in (memory budget)
  int64_t boilerplate_lines = 0;  // distinct lines found to be boilerplate
  int64_t spill_bytes = 0;        // written to the temporary files (texts, keys, parked analyses)
  // Reading overlaps analysis, so the stage times may add up to more than the total.
  double read_seconds = 0, analyze_seconds = 0, candidate_seconds = 0, align_seconds = 0;
  double boilerplate_seconds = 0;
  double total_seconds = 0;
};

struct ScanResult {
  std::vector<ScanDocument> documents;     // in input order
  std::shared_ptr<const TextStore> texts;  // the text of each of `documents`
  std::vector<SkipRecord> skipped;
  std::vector<ScanPair> pairs;   // related pairs only, ordered by (a, b)
  std::vector<Family> families;  // families of two or more, ordered by representative
  // With ScanOptions::report_weak_pairs: the pairs withheld for weak evidence, ordered by (a, b);
  // their comparison says what was aligned. Empty otherwise.
  std::vector<ScanPair> weak_pairs;
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

// Receives output a piece at a time (a file writer, a string builder).
using Emit = std::function<Status(std::string_view)>;

// `kept` as JSON Lines ({"id", "text", "date"?, "url"?}, text as read) and the map of removed
// documents ({"id", "duplicate_of", "relation"}).
Status WriteKeptJsonl(const ScanResult& result, const DedupResult& dedup, const Emit& emit);
std::string FormatDedupMap(const ScanResult& result, const DedupResult& dedup);

// The report: one JSON line for the run (options, counts, skipped documents), one per related
// pair (with passages and edit scripts), one per family. Documented in docs/report-format.md.
Status WriteScanReport(const ScanResult& result, const ScanOptions& options, const Emit& emit);
// The same into a string (small collections, tests).
StatusOr<std::string> FormatScanReport(const ScanResult& result, const ScanOptions& options);

}  // namespace textrace

#endif  // TEXTRACE_SCAN_H_
