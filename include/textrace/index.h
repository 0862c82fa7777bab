// A persistent index: documents added as they arrive, each compared with every document already
// there through the scan's candidate stages and aligner, the relations kept; and any text asked
// about (not added) in milliseconds. `textrace index create|add|remove|export|stats|check` and
// `textrace query` are thin edges over it.
//
// An index is a folder holding one store (docs/index-store.md: LMDB). Its Options are fixed when
// it is created and kept in it, with the thesaurus it was made with, so every later add and query
// reads and aligns as the first did. Each add commits whole or not at all, in batches: a process
// killed at any moment leaves every committed batch there and nothing of the others. Any number
// of readers (queries, exports) may use an index while one writer adds to it; they see its last
// commit.
#ifndef TEXTRACE_INDEX_H_
#define TEXTRACE_INDEX_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/compare.h"
#include "textrace/engine.h"
#include "textrace/ingest.h"
#include "textrace/options.h"
#include "textrace/scan.h"
#include "textrace/status.h"

namespace textrace {

// The format an index is written in; an index of another format opens with an error that says
// what to do. 3: document records carry the document's language (version 2 records). An index
// of format 2 (records of version 1, no language) is read, and made format 3 in one transaction
// when it is opened to be written, so that an older textrace refuses it clearly instead of
// finding records it cannot read.
inline constexpr std::string_view kIndexFormat = "textrace-index/3";
inline constexpr std::string_view kPreviousIndexFormat = "textrace-index/2";

struct IndexStats {
  std::string format;
  int64_t documents = 0;
  int64_t text_bytes = 0;  // of the documents' texts, as read
  int64_t pairs = 0;       // related pairs kept
  int64_t batches = 0;     // commits of `add` so far
  uint64_t disk_bytes = 0;  // the folder's files
  std::string created;      // when, ISO 8601 UTC
};

// What one Add did: the batches it committed, the documents they brought and skipped.
struct AddResult {
  int64_t documents = 0;  // added
  int64_t replaced = 0;   // of which replaced a document of the same id (AddOptions::replace)
  int64_t pairs = 0;      // related pairs found
  std::vector<SkipRecord> skipped;
  std::vector<uint32_t> batches;  // the batch numbers committed
  ScanStats stats;                // summed over the batches
};

// One indexed document, as List gives it.
struct IndexedDocument {
  uint32_t document = 0;  // its number in the index (numbers grow in the order of adding)
  uint32_t batch = 0;     // the add batch that committed it (IndexStats::batches counts them)
  std::string id;
};

struct AddOptions {
  // A document whose id is indexed already replaces it (its old relations go); without, such a
  // document is skipped with the reason.
  bool replace = false;
  // Documents are committed in batches of this much text (bytes): each batch is scanned on its
  // own (every pair within it, as `scan` finds them) and looked up in the index (every pair with
  // a document already there). An add that fits one batch into an empty index gives what a scan
  // of the same documents gives.
  uint64_t batch_bytes = uint64_t{64} << 20;
  // Called after each batch commits, from the calling thread.
  std::function<void(uint32_t batch, int64_t documents)> committed;
};

// One indexed document a queried text relates to.
struct IndexMatch {
  uint32_t document = 0;  // in the index
  ScanDocument info;      // what the index holds of it
  Comparison comparison;  // A = the queried text, B = the indexed document
  Direction direction = Direction::kUnknown;  // kAToB: the indexed document derives from it
  std::string direction_reason;
  bool strong_evidence = false;  // a scan would report the pair (EvidenceOptions)
  CandidateStage found_by = CandidateStage::kExact;
  std::string text;  // the indexed document's text, for showing the passages
};

struct QueryResult {
  InputDocument input;             // the text as read (its text moved into `analyzed`)
  AnalyzedDocument analyzed;
  // Related documents, best first: strong evidence first, then the largest share of the queried
  // text covered, then the highest PairScore.
  std::vector<IndexMatch> matches;
  int64_t candidates = 0;           // indexed documents the stages proposed
  double elapsed_ms = 0;            // reading, looking up, aligning
};

class Index {
 public:
  // Makes an index in `dir` (absent or empty) with `options`, fixed from then on. The thesaurus
  // the options name is loaded and kept in the index.
  static Status Create(const std::string& dir, const Options& options);
  // Opens an index. A writable one takes the writer's lock (another writer: an error saying who
  // holds it); a read-only one never waits. An index of another format, or a folder that is no
  // index, is an error that says so.
  static StatusOr<std::unique_ptr<Index>> Open(const std::string& dir, bool writable,
                                               const ResourceOptions& resources = {});
  virtual ~Index() = default;

  // The engine of the index's stored options and thesaurus.
  virtual const Engine& engine() const = 0;

  // Adds the documents of the inputs (read as scan reads them, with the index's IngestOptions),
  // or documents from memory, in batches; see AddOptions. Documents that cannot be read or hold
  // no words are skipped with the reason, as in a scan. A failure (a full disk, an unwritable
  // folder) leaves the index as its last committed batch left it.
  virtual StatusOr<AddResult> AddInputs(const std::vector<std::string>& inputs,
                                        const AddOptions& options = {}) = 0;
  virtual StatusOr<AddResult> Add(std::vector<InputDocument> documents,
                                  const AddOptions& options = {}) = 0;

  // The indexed documents a text (not added) relates to, with passages, best first; `top` of
  // them (0: all). Thread-safe; never waits for a writer.
  virtual StatusOr<QueryResult> Query(const CompareInput& input, size_t top = 0) = 0;
  // The same for a document already read (DocumentReader gives those of any input scan reads:
  // every document of a JSONL file, a WARC, a folder).
  virtual StatusOr<QueryResult> Query(InputDocument document, size_t top = 0) = 0;

  // Removes documents by id, with their relations. Unknown ids are an error naming them (nothing
  // is removed then).
  virtual Status Remove(const std::vector<std::string>& ids) = 0;

  // The index's documents and relations as a scan's result (indirect pairs, families, links
  // worked out), for WriteScanReport. With `since` (a date ParseDate reads), only the pairs
  // with a document added at or after it. Its `texts` read from the index's store in one read
  // transaction, and keep the store open while they live, after the Index too (a writable
  // index's writer lock included: drop the result to let another writer in).
  virtual StatusOr<ScanResult> Export(std::string_view since = {}) = 0;

  virtual StatusOr<IndexStats> Stats() = 0;

  // Every indexed document, in number order, as of the last commit (one snapshot).
  virtual StatusOr<std::vector<IndexedDocument>> List() = 0;

  // Reads every structure and checks it against the others: records decode, ids and documents
  // agree both ways, texts decompress to their recorded size and fit their analyses, every
  // posting and pair names a document, document frequencies equal a recount. DataLoss naming
  // the first damage.
  virtual Status Check() = 0;
};

}  // namespace textrace

#endif  // TEXTRACE_INDEX_H_
