// Candidate pairs for the scan, without comparing all pairs: exact duplicates by hash of the
// normalized text, near-duplicates by MinHash-LSH over word shingles, and rewrites, partial
// copies and summaries by shared "anchors" (each sentence's rarest words).
#ifndef TEXTRACE_CANDIDATES_CANDIDATES_H_
#define TEXTRACE_CANDIDATES_CANDIDATES_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "textrace/document.h"
#include "textrace/scan.h"
#include "util/flat_map.h"

namespace textrace {

// Which stage proposed a pair (textrace/scan.h).
using CandidateSource = CandidateStage;

struct Candidate {
  uint32_t a, b;  // document indices, a < b
  CandidateSource source;
};

// What the candidate stages keep of a document once it is analyzed: a few hundred bytes,
// whatever its length.
struct Sketch {
  uint64_t exact_hash = 0;        // NormalizedTextHash
  std::vector<uint32_t> minhash;  // low 32 bits of MinHashSignature; empty without tokens
};
Sketch MakeSketch(const AnalyzedDocument& d, const CandidateOptions& options);

// The distinct content-word keys of each sentence (sentence s: keys [ends[s-1], ends[s])),
// ascending within a sentence: what the anchor stage reads of a document. After the document's
// sentences come its runs of sentences parted by single line breaks only (hard-wrapped lines),
// each as one more "sentence". Kept on disk between
// the stages, hence the byte encoding.
struct SentenceKeys {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> ends;
};
SentenceKeys MakeSentenceKeys(const AnalyzedDocument& d);
std::string EncodeSentenceKeys(const SentenceKeys& k);
bool DecodeSentenceKeys(std::string_view bytes, SentenceKeys* out);

// Supplies document `doc`'s sentence keys (from disk, in a scan). Called from several threads.
using SentenceKeysSource = std::function<Status(uint32_t doc, SentenceKeys* out)>;

// Collection document frequency of content words: documents holding each key.
using DocumentFrequency = FlatMap64<uint32_t>;
// A document's distinct keys, ascending: what it adds to the document frequency. Computed where
// the document is analyzed (in parallel); only the counting is serial.
std::vector<uint64_t> DistinctKeys(const SentenceKeys& k);
void AddDocumentFrequency(const std::vector<uint64_t>& distinct_keys, DocumentFrequency* df);

// How far FindCandidates is: pass `pass` (from 1) of `passes` over the documents has gone over
// `done` of `total`. Called at the start of each pass and after each block of documents, on the
// calling thread.
using CandidateProgress = std::function<void(int pass, int passes, uint32_t done, uint32_t total)>;

// Candidate pairs, sorted by (a, b), each pair once (credited to the first stage that found it).
// Of a group of exact duplicates only the first member goes on to the other stages (its
// duplicates are paired with it); each pair found for it is then proposed for every member.
// `sketches[i]` and `keys(i)` describe document i; `df` counts over all documents.
// `memory`: where the anchor postings wait when they would take more memory than it allows
// (CandidateMemory); it changes the time and memory taken, never the candidates.
struct CandidateMemory {
  // Estimated from the first documents; over it, parts of the postings wait in a temporary file
  // in `tmp_dir` (empty: $TMPDIR, else /tmp) and are sorted one part at a time.
  uint64_t postings_bytes = std::numeric_limits<uint64_t>::max();
  std::string tmp_dir;
  uint64_t* spilled_bytes = nullptr;  // when set, the bytes written there are added to it
};
StatusOr<std::vector<Candidate>> FindCandidates(const std::vector<Sketch>& sketches,
                                                const DocumentFrequency& df,
                                                const SentenceKeysSource& keys,
                                                const CandidateOptions& options, int threads = 0,
                                                const CandidateProgress& progress = {},
                                                const CandidateMemory& memory = {});
// The same for documents at hand.
StatusOr<std::vector<Candidate>> FindCandidates(const std::vector<AnalyzedDocument>& docs,
                                                const CandidateOptions& options, int threads,
                                                const CandidateMemory& memory);
std::vector<Candidate> FindCandidates(const std::vector<AnalyzedDocument>& docs,
                                      const CandidateOptions& options, int threads = 0);

// Hash of the normalized text (the sequence of token keys): equal for documents that differ
// only in case, spacing, punctuation, Unicode form or inflection-preserving stems.
uint64_t NormalizedTextHash(const AnalyzedDocument& d);

// One-permutation MinHash with densification over shingles of `shingle_words` token keys:
// `n` values; the share of equal positions of two signatures estimates their Jaccard similarity.
// Empty for a document without tokens.
std::vector<uint64_t> MinHashSignature(const AnalyzedDocument& d, int shingle_words, int n);
template <typename T>
double EstimatedJaccard(const std::vector<T>& x, const std::vector<T>& y) {
  if (x.empty() || x.size() != y.size()) return 0;
  size_t eq = 0;
  for (size_t i = 0; i < x.size(); ++i) eq += x[i] == y[i];
  return static_cast<double>(eq) / x.size();
}

}  // namespace textrace

#endif  // TEXTRACE_CANDIDATES_CANDIDATES_H_
