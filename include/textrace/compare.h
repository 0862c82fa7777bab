// `compare`: two documents in, their comparison out (relation, coverage, passages with the words
// that changed). Each side is read exactly as `scan` reads a document (textrace/ingest.h): HTML
// pages and WARC records give their main text, UTF-16 and legacy encodings are decoded, gzip and
// zstd files are decompressed, "-" is standard input; and each pair is aligned as scan aligns it
// unless the order is given. So compare and scan give the same relation and passages for a pair.
#ifndef TEXTRACE_COMPARE_H_
#define TEXTRACE_COMPARE_H_

#include <string>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/engine.h"
#include "textrace/ingest.h"
#include "textrace/relate.h"
#include "textrace/status.h"

namespace textrace {

// One side of a comparison.
struct CompareInput {
  // A file, or "-" for standard input. An input that holds several documents (JSONL, a WARC with
  // several pages) needs `id` to say which; otherwise it must hold exactly one.
  std::string path;
  std::string id;
  // Or, with `path` empty: a document in memory, `bytes` read as the content of a file named
  // `name` would be (HTML by its name or content, any encoding decoded). `date` and `url` are
  // kept for the result (a file's come from its JSONL fields or WARC headers).
  std::string name;
  std::string bytes;
  std::string date;
  std::string url;

  static CompareInput File(std::string path, std::string id = {});
  static CompareInput Memory(std::string name, std::string bytes);
};

// Which document goes first into the aligner.
enum class PairOrder {
  // As scan aligns a pair (AlignPair): the same result either way round.
  kAuto,
  // A first (Aligner::Align), as PAN's detections are made: A the suspicious document, B the
  // source. Better where A is known to hold the summary; may differ from scan.
  kGiven,
};
const char* PairOrderName(PairOrder o);  // "auto", "given"

struct CompareResult {
  // The two documents as read and analyzed: `bytes` is the text the offsets count in (the
  // extracted or decoded text; a UTF-8 text file's own bytes).
  AnalyzedDocument a, b;
  InputDocument a_input, b_input;  // id, date, url, origin, text_from (text moved into a, b)
  Comparison comparison;
  PairOrder order = PairOrder::kAuto;
  // Whether a scan would report the pair: related, with evidence that EvidenceOptions accepts
  // (StrongEvidence). A related pair without it is "weak": same topic, or loosely reworded.
  bool strong_evidence = false;
};

// Reads both inputs, analyzes and aligns them with the engine's options. Errors name the input:
// NotFound, a document skipped as scan would skip it (binary, empty, no main text ...) with the
// reason, or an input that holds several documents and no `id`.
StatusOr<CompareResult> Compare(const Engine& engine, const CompareInput& a,
                                const CompareInput& b, PairOrder order = PairOrder::kAuto);

// The same for two documents already read (as ReadOneDocument or a DocumentReader gives them):
// analyzed and aligned exactly as Compare does.
StatusOr<CompareResult> CompareDocuments(const Engine& engine, InputDocument a, InputDocument b,
                                         PairOrder order = PairOrder::kAuto);

// Reads one document of an input as Compare does (exposed for tools that show it).
StatusOr<InputDocument> ReadOneDocument(const CompareInput& input, const IngestOptions& options);

}  // namespace textrace

#endif  // TEXTRACE_COMPARE_H_
