// Candidate pairs for the scan, without comparing all pairs: exact duplicates by hash of the
// normalized text, near-duplicates by MinHash-LSH over word shingles, and rewrites, partial
// copies and summaries by shared "anchors" (each sentence's rarest words).
#ifndef TEXTRACE_SCAN_CANDIDATES_H_
#define TEXTRACE_SCAN_CANDIDATES_H_

#include <cstdint>
#include <vector>

#include "textrace/document.h"
#include "textrace/scan.h"

namespace textrace {

enum class CandidateSource { kExact, kMinHash, kAnchors };
const char* CandidateSourceName(CandidateSource s);  // "exact", "minhash", "anchors"

struct Candidate {
  uint32_t a, b;  // document indices, a < b
  CandidateSource source;
};

// Candidate pairs, sorted by (a, b), each pair once (credited to the first stage that found it).
// Of a group of exact duplicates only the first member goes on to the other stages (its
// duplicates are paired with it), so relations of the group are reported once, through it.
std::vector<Candidate> FindCandidates(const std::vector<AnalyzedDocument>& docs,
                                      const ScanOptions& options);

// Hash of the normalized text (the sequence of token keys): equal for documents that differ
// only in case, spacing, punctuation, Unicode form or inflection-preserving stems.
uint64_t NormalizedTextHash(const AnalyzedDocument& d);

// One-permutation MinHash with densification over shingles of `shingle_words` token keys:
// `n` values; the share of equal positions of two signatures estimates their Jaccard similarity.
// Empty for a document without tokens.
std::vector<uint64_t> MinHashSignature(const AnalyzedDocument& d, int shingle_words, int n);
double EstimatedJaccard(const std::vector<uint64_t>& x, const std::vector<uint64_t>& y);

}  // namespace textrace

#endif  // TEXTRACE_SCAN_CANDIDATES_H_
