// The scan's stages for a collection split over several processes or machines (the Python
// module's textrace.dask.scan runs them on a Dask cluster; docs/distributed.md). Every
// intermediate result is bytes, so it can travel between machines, and the stages are the
// Scanner's own (src/scan/stages.h, src/candidates/): run over any split of the collection into
// partitions, and with any split of the keys into ranges, they give the Scanner's result.
//
//   workers, per partition:  Partition::Analyze          (texts -> analyses, sketches, keys)
//   client:                  Assembler::Add              (the documents numbered: Numbers)
//                            DocumentFrequencyParts      -> by key range
//                            LineEntryParts              -> by line range
//                            Sketches                    -> client
//   workers, per key range:  MergeCounts, CommonKeys     (document frequency, broadcast)
//                            RecurringLines              -> client
//   client:                  Coordinator: boilerplate lines, exact and MinHash candidates
//   workers, per partition:  AnchorPostings              -> by key range (anchors, rare words)
//   workers, per key range:  LinkContributions           -> by pair range
//   workers, per pair range: AnchorLinks, RareLinks      -> strong pairs; offers by document range
//                            (anchor counts: from every partition's AnchorPostings)
//   workers, per doc range:  BestAnchorPartners, BestRarePartners -> client
//   client:                  Coordinator::Candidates
//   workers, per partition pair: Verify                  -> client
//   client:                  Assembler: documents, relations, families: the ScanResult
#ifndef TEXTRACE_DISTRIBUTED_H_
#define TEXTRACE_DISTRIBUTED_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "textrace/engine.h"
#include "textrace/ingest.h"
#include "textrace/options.h"
#include "textrace/scan.h"
#include "textrace/status.h"

namespace textrace {
namespace distributed {

// Where each document of a partition goes in the collection: its number (input order, among the
// documents kept), or -1 for one that is not kept (skipped, or a repeated id). Set by the client
// from the partitions' Info (Assembler::Add).
using Numbers = std::vector<int64_t>;

// One partition of the collection, analyzed: each document's text, analysis, sketch, sentence
// keys and short lines. Immutable once made.
class Partition {
 public:
  struct Info {
    int64_t bytes = 0, chars = 0, words = 0;
    std::string skip_reason;  // why it is skipped ("no words"), or empty
    std::string language;     // detected (AnalyzedDocument::language), or empty
  };
  // Analyzes the documents (their text, url and id; the rest stays with the caller).
  static StatusOr<std::shared_ptr<const Partition>> Analyze(const Engine& engine,
                                                            const std::vector<InputDocument>& docs);
  static StatusOr<std::shared_ptr<const Partition>> Decode(std::string_view bytes);
  std::string Encode() const;
  // What Verify and the texts need of it (texts and analyses): what a verification task moves
  // when it fetches the partition (about two thirds of it).
  std::shared_ptr<const Partition> ForVerification() const;

  size_t size() const;
  const std::vector<Info>& info() const;
  // The text of document `i` of the partition.
  const std::string& text(size_t i) const;
  // Memory held, about.
  uint64_t memory_bytes() const;

  struct Data;
  explicit Partition(std::unique_ptr<Data> data);
  ~Partition();
  const Data& data() const { return *data_; }

 private:
  std::unique_ptr<Data> data_;
};

// Document frequency: each kept document's distinct content-word keys, counted, in `ranges`
// parts by key range.
std::vector<std::string> DocumentFrequencyParts(const Partition& p, const Numbers& numbers,
                                                int ranges);
// Sums counts of one range (from every partition).
std::string MergeCounts(const std::vector<std::string>& parts);
// The keys held by two documents or more, from the merged counts of every range: what the
// anchor and rare-word stages need of the document frequency (broadcast to every partition).
std::string CommonKeys(const std::vector<std::string>& merged);

// The partition's short lines (boilerplate candidates) as (line, document, site), by line range.
std::vector<std::string> LineEntryParts(const Partition& p, const Numbers& numbers,
                                        const Options& options, int ranges);
// Of one line range: the entries of the lines held by enough documents to be boilerplate.
std::string RecurringLines(const std::vector<std::string>& parts, const Options& options);

// The kept documents' sketches (normalized-text hash and MinHash signature).
std::string Sketches(const Partition& p, const Numbers& numbers);

// The client's part of the candidate stages, over every document's sketch.
class Coordinator {
 public:
  Coordinator(const Options& options, uint32_t documents);
  ~Coordinator();
  Status AddSketches(std::string_view sketches);
  // The boilerplate lines, from every range's RecurringLines (a broadcast for Verify).
  StatusOr<std::string> BoilerplateLines(const std::vector<std::string>& recurring);
  int64_t boilerplate_lines() const;
  // Exact duplicates and MinHash-LSH; then which documents go on to the anchor stages (one byte
  // per document: the first of each group of exact duplicates and every other document).
  std::string ProposeByHashes();
  // Pairs proposed by the anchor (CandidateStage::kAnchors) or rare-word stage, in stage order.
  Status AddProposed(std::string_view pairs, CandidateStage stage);
  // The candidates, sorted by (a, b), each with the first stage that proposed it.
  struct Candidate {
    uint32_t a, b;
    CandidateStage stage;
  };
  std::vector<Candidate> Candidates();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Each kept, active document's anchors and rare words (needing the common keys), by key range,
// and its anchor count.
struct KeyPostingParts {
  std::vector<std::string> anchors, rare_words;
  std::string anchor_counts;
};
KeyPostingParts AnchorPostings(const Partition& p, const Numbers& numbers, std::string_view active,
                               std::string_view common_keys, const Options& options, int ranges);
// Of one key range (the postings of every partition): for each pair of documents sharing a
// key held by 2 to `max_postings` documents, the key's weight, by pair range. `max_postings`:
// CandidateOptions::max_anchor_postings, or rare_word_max_documents.
std::vector<std::string> LinkContributions(const std::vector<std::string>& postings,
                                           int max_postings, int pair_ranges);
// Of one pair range (the contributions of every key range, in key-range order): the pairs'
// shared counts and rarities, as the scan sums them. Anchors (`anchor_counts`: every partition's
// KeyPostingParts::anchor_counts, joined): the strong pairs, and each side's offer of a weak
// partner, by document range.
struct AnchorLinkParts {
  std::string strong;
  std::vector<std::string> offers;
};
AnchorLinkParts AnchorLinks(const std::vector<std::string>& contributions,
                            std::string_view anchor_counts, const Options& options, int doc_ranges);
std::vector<std::string> RareLinks(const std::vector<std::string>& contributions,
                                   const Options& options, int doc_ranges);
// Of one document range (every pair range's offers): each document's best partners, as pairs.
std::string BestAnchorPartners(const std::vector<std::string>& offers, const Options& options);
std::string BestRarePartners(const std::vector<std::string>& offers, const Options& options);

// Aligns candidate pairs (a, b: numbers) whose documents are in `partitions` (each with its
// numbers), after marking the boilerplate lines; each document is prepared once. One encoded
// comparison per pair, in order.
StatusOr<std::vector<std::string>> Verify(const Engine& engine,
                                          const std::vector<const Partition*>& partitions,
                                          const std::vector<const Numbers*>& numbers,
                                          const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                          std::string_view boilerplate_lines);

// The client's record of the documents, and the result.
class Assembler {
 public:
  static StatusOr<std::unique_ptr<Assembler>> Create(const Options& options);
  ~Assembler();
  // A document, in input order, with its partition's Info: its number, or -1 when it is not
  // kept (a repeated id, or the Info's skip reason). `d.text` may be empty (its size is `info`'s).
  int64_t Add(InputDocument d, const Partition::Info& info);
  uint32_t documents() const;
  // The result, from the candidates and their encoded comparisons (Verify), in candidate order.
  Status Finish(const std::vector<Coordinator::Candidate>& candidates,
                const std::vector<std::string>& comparisons, int64_t boilerplate_lines);
  // Documents whose texts the report needs (in pairs), once finished; their texts are given.
  std::vector<uint32_t> DocumentsInPairs() const;
  void SetText(uint32_t document, std::string text);
  // The result (call once, after Finish and the texts).
  ScanResult TakeResult();

 private:
  Assembler() = default;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace distributed
}  // namespace textrace

#endif  // TEXTRACE_DISTRIBUTED_H_
