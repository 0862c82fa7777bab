// `scan`: every reuse relation in a collection, without comparing all pairs. Candidates come
// from exact hashes, MinHash-LSH over word shingles and an inverted index of each sentence's
// rarest words; every candidate is verified by the aligner; related documents form families.
#ifndef TEXTRACE_SCAN_H_
#define TEXTRACE_SCAN_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/align.h"
#include "textrace/date.h"
#include "textrace/document.h"
#include "textrace/engine.h"
#include "textrace/ingest.h"
#include "textrace/options.h"
#include "textrace/output.h"
#include "textrace/relate.h"
#include "textrace/status.h"

namespace textrace {

// Where a scan is, for a progress display.
struct ScanProgress {
  enum class Stage { kReading, kCandidates, kVerifying, kDone } stage = Stage::kReading;
  int64_t documents = 0;     // read so far
  int64_t bytes = 0;         // uncompressed input bytes read so far
  int64_t input_bytes = -1;  // reading: total size of the inputs when known (uncompressed files)
  int64_t pairs_done = 0;    // verifying: candidate pairs verified so far
  int64_t pairs_total = 0;   // verifying: candidate pairs to verify
  // candidates: the stage goes over the documents in `passes` passes (anchor postings, anchor
  // pairs, rare-word pairs); the current one (from 1; 0 before the first) has done `pass_done`
  // of `pass_total` documents.
  int pass = 0, passes = 0;
  int64_t pass_done = 0, pass_total = 0;
  double seconds = 0;        // since the scan began
  double stage_seconds = 0;  // since the current stage began
};
const char* ScanStageName(ScanProgress::Stage s);  // "reading", "candidates", "verifying", "done"

// The collection's texts as read, kept on disk while a result lives (for reports and dedup).
// Thread-safe.
class TextStore {
 public:
  virtual ~TextStore() = default;
  virtual StatusOr<std::string> Text(uint32_t document) const = 0;
  // InputDocument::record of the document: its JSON line, or empty.
  virtual StatusOr<std::string> Record(uint32_t document) const = 0;
};

// A document of the collection, as the report names it.
struct ScanDocument {
  std::string id, date, url, origin;
  int64_t bytes = 0, chars = 0, words = 0;
  std::string text_from;  // InputDocument::text_from: how the text was decoded or extracted
  std::string fields;     // InputDocument::fields: other fields, carried through
  std::string date_from;  // InputDocument::date_from: where the date came from
  // `date` read as an instant (ParseDate); nullopt without a date or when it cannot be read
  // (ScanResult::unparseable_dates lists those).
  std::optional<Date> when;
  std::string language;  // AnalyzedDocument::language: detected, or empty
};

// The candidate stages, each proposing pairs for the aligner to verify (src/candidates/).
enum class CandidateStage { kExact, kMinHash, kAnchors, kRareWords };
const char* CandidateStageName(CandidateStage s);  // "exact", "minhash", "anchors", "rare_words"

struct ScanPair {
  uint32_t a = 0, b = 0;  // indices into ScanResult::documents, a < b
  Comparison comparison;  // relation, coverage and passages (A = document a)
  // From the dates: kAToB when b derives from a; why, when unknown.
  Direction direction = Direction::kUnknown;
  std::string direction_reason;
  CandidateStage found_by = CandidateStage::kExact;  // the first stage that proposed the pair
  // Indirect: the text the two share is explained by a third document both share it with (each
  // side's passages lie inside its passages with that document, and it is dated no later than
  // either): they took it from there rather than one from the other. The index of that document.
  std::optional<uint32_t> via;
};

// Versions of one text: documents joined by direct whole-document relations (duplicate,
// near_duplicate, rewrite, summary). Partial reuse links documents without making them one
// family; indirect pairs join none.
struct Family {
  std::vector<uint32_t> members;  // sorted
  // The member every other member derives from by the dates: dated strictly earlier than all of
  // them. None when the dates do not say so; `source_reason` says why.
  std::optional<uint32_t> source;
  std::string source_reason;
};

// Who a document derives from, and who derives from it, by direct relations whose direction the
// dates tell; and its direct relations whose direction they do not.
struct DocumentLinks {
  uint32_t document = 0;
  struct Link {
    uint32_t document;
    uint32_t pair;         // index into ScanResult::pairs
    uint32_t depth = 1;    // derivatives: 1 direct, 2 through one more document, ...
    uint32_t through = 0;  // derivatives at depth > 1: the document it derives from
  };
  std::vector<Link> sources;       // documents it derives from directly
  std::vector<Link> derivatives;   // documents deriving from it, chains included (by depth)
  std::vector<Link> undirected;    // direct relations without a known direction
  std::optional<uint32_t> family;  // index into ScanResult::families
};

struct ScanStats {
  int64_t documents_read = 0;
  int64_t documents_skipped = 0;
  int64_t warc_records_not_documents = 0;  // request, metadata, warcinfo ...: counted only
  int64_t files_excluded = 0;  // files of directory inputs left out by include/exclude globs
  int64_t bytes = 0;
  int64_t candidates = 0;        // pairs verified by the aligner
  int64_t candidates_exact = 0;  // of which proposed by each stage
  int64_t candidates_minhash = 0;
  int64_t candidates_anchors = 0;
  int64_t candidates_rare_words = 0;
  int64_t weak_pairs = 0;         // aligned, but on weak evidence only (EvidenceOptions)
  int64_t indirect_pairs = 0;     // related pairs whose shared text a third document explains
  int64_t dates_from_file = 0;    // documents dated by IngestOptions::dates_file
  int64_t dates_unmatched = 0;    // ids of that file that named no document
  int64_t verify_chunks = 0;      // chunks the verification ran in (memory budget)
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
  // Documents whose date could not be read (origin, and the date in the reason): scanned, their
  // pairs' direction unknown.
  std::vector<SkipRecord> unparseable_dates;
  std::vector<ScanPair> pairs;   // related pairs only, ordered by (a, b)
  std::vector<Family> families;  // families of two or more, ordered by their first member
  // Every document in a related pair, in input order: its sources, derivatives, the rest.
  std::vector<DocumentLinks> links;
  // With ScanOptions::report_weak_pairs: the pairs withheld for weak evidence, ordered by (a, b);
  // their comparison says what was aligned. Empty otherwise.
  std::vector<ScanPair> weak_pairs;
  ScanStats stats;
};

// A scan, one document at a time: documents are added from memory or read from inputs, in any
// mix and order (their order is the report's), and Finish() finds every related pair. Under the
// memory budget (ResourceOptions) documents are analyzed in batches as they come and wait on disk
// (in ResourceOptions::tmp_dir); the result does not depend on the resources. Not thread-safe:
// one caller adds and finishes (the work itself runs on ResourceOptions::threads).
class Scanner {
 public:
  virtual ~Scanner() = default;
  // Fails on resource options out of range, or when the temporary files cannot be made.
  static StatusOr<std::unique_ptr<Scanner>> Create(std::shared_ptr<const Engine> engine,
                                                   const ResourceOptions& resources = {});

  // Called now and then from the scanning thread, e.g. to draw a progress bar.
  virtual void SetProgress(std::function<void(const ScanProgress&)> progress) = 0;

  // A document from memory: id (empty: "document N", N counting from 1 in the order added),
  // UTF-8 text, optional date and url, `origin` for messages (empty: the id), other fields in
  // `fields`. A document without words, or whose id was added before, is skipped with the
  // reason (ScanResult::skipped), as the reader skips one.
  virtual Status Add(InputDocument document) = 0;
  // Reads the inputs as DocumentReader does (textrace/ingest.h), with the engine's
  // IngestOptions. Fails on an input that does not exist, or, with `strict`, on a malformed one.
  virtual Status AddInputs(const std::vector<std::string>& inputs) = 0;

  // Candidates, verification, families: the result. Call once; the scanner is spent after.
  virtual StatusOr<ScanResult> Finish() = 0;
};

// Reads the inputs and finds every related pair: Scanner::Create, AddInputs, Finish.
StatusOr<ScanResult> Scan(const std::vector<std::string>& inputs,
                          std::shared_ptr<const Engine> engine,
                          const ResourceOptions& resources = {},
                          std::function<void(const ScanProgress&)> progress = {});

// Deduplication: of each group of documents joined by `duplicate` relations (and
// `near_duplicate`, with DedupOptions::near_duplicates), one is kept, by DedupOptions::keep.
struct DedupResult {
  std::vector<uint32_t> kept;  // document indices, in input order
  struct Removed {
    uint32_t document;
    uint32_t duplicate_of;  // the kept document of its group
    // Its closest member of the group (the kept one when the two are a pair) and their pair's
    // relation and similarity: the share of words kept unchanged (PairKept); in the
    // near-duplicate tier (FastDedup), the estimated word 3-gram Jaccard similarity.
    uint32_t closest;
    Relation relation;
    double similarity;
  };
  std::vector<Removed> removed;  // in input order
};
DedupResult Dedup(const ScanResult& result, const DedupOptions& options = {});

// The grouping both tiers share: documents joined by `edges` (each a duplicate or near-duplicate
// pair with its similarity), one kept per group by DedupOptions::keep; a removed document's
// closest member is its partner by an edge with the kept one, else by its most similar edge.
struct DedupEdge {
  uint32_t a = 0, b = 0;
  Relation relation = Relation::kDuplicate;
  double similarity = 0;
};
DedupResult DedupGroups(const std::vector<ScanDocument>& documents,
                        const std::vector<DedupEdge>& edges, const DedupOptions& options);

// The near-duplicate tier (`dedup --fast`, DedupOptions::fast): exact duplicates and
// near-duplicates only, at the speed of reading. Each document's words by a byte loop (ASCII
// letters and digits lowered, other UTF-8 letters as they are; no ICU, no stemming, no
// stopwords), its word 3-grams (shingles), a one-permutation MinHash sketch of 256 bins;
// documents whose word sequences are the same are duplicates (similarity 1); the others are
// candidates when two bins in a row agree in any of 128 bands (LSH), and near-duplicates when
// their sketches estimate a shingle Jaccard similarity of DedupOptions::fast_threshold or more
// (the map's `similarity`). It cannot find rewrites, partial copies or summaries, which share
// few 3-grams. `result` holds the documents (texts in memory) and no pairs; the same output at
// any thread count; its stats.candidates counts the band collisions checked (a pair colliding in
// several bands counts in each).
struct FastDedupOutput {
  ScanResult result;
  DedupResult dedup;
};
// The near-duplicate tier one document at a time, as Scanner: documents added from memory or
// read from inputs, in any mix and order (their order is the output's: DedupOptions::keep
// "first"), and Finish() groups them. The same checks as Scanner: a document whose id was added
// before, or without words, is skipped with the reason. Not thread-safe.
class FastDeduper {
 public:
  virtual ~FastDeduper() = default;
  // Fails on options or resources out of range, or a dates file that cannot be read.
  static StatusOr<std::unique_ptr<FastDeduper>> Create(const Options& options,
                                                       const ResourceOptions& resources = {});
  virtual Status Add(InputDocument document) = 0;
  virtual Status AddInputs(const std::vector<std::string>& inputs) = 0;
  // Call once; the deduper is spent after.
  virtual StatusOr<FastDedupOutput> Finish() = 0;
};

// Reads the inputs and groups them: FastDeduper::Create, AddInputs, Finish.
StatusOr<FastDedupOutput> FastDedup(const std::vector<std::string>& inputs, const Options& options,
                                    const ResourceOptions& resources);

// The kept documents as JSON Lines: a document read from a JSON line is written as that line,
// byte for byte (every field kept); others as {"id", "text", "date"?, "url"?} with the text as
// read (HTML and WARC: the main text) and their other fields. The map of removed documents:
// {"id", "duplicate_of", "closest", "relation", "similarity"}, one a line, in input order.
Status WriteKeptJsonl(const ScanResult& result, const DedupResult& dedup, const Emit& emit);
std::string FormatDedupMap(const ScanResult& result, const DedupResult& dedup);

// The report: one JSON line for the run (options, counts, skipped documents), one per related
// pair (with passages and edit scripts), one per family. Documented in docs/report-format.md.
// `options`: those the scan ran with (the engine's), recorded in the run line, and its
// ReportOptions say what the lines carry. `threads` only renders lines in parallel.
Status WriteScanReport(const ScanResult& result, const Options& options, const Emit& emit,
                       int threads = 0);
// The same into a string (small collections, tests).
StatusOr<std::string> FormatScanReport(const ScanResult& result, const Options& options);

// The run's summary for a person, one paragraph: documents and bytes, candidates by stage,
// related pairs by relation, families, the time per stage; the pairs withheld for weak evidence
// and the boilerplate, when there are any. Skipped documents: FormatSkipped.
// Each line begins with `prefix` ("textrace scan: ").
std::string FormatScanSummary(const ScanResult& result, const Options& options,
                              std::string_view prefix);
// Skipped documents, one line each, each prefixed with `prefix` ("textrace scan: "); past 20, the
// first 10 and a count per kind of reason.
std::string FormatSkipped(const std::vector<SkipRecord>& skipped, std::string_view prefix);
// The related pairs and families as aligned columns for a terminal (colour: ANSI escapes).
std::string FormatScanText(const ScanResult& result, bool color);

}  // namespace textrace

#endif  // TEXTRACE_SCAN_H_
