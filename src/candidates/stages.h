// The stages of FindCandidates (candidates.cc joins them, in this order): exact duplicates
// (exact.cc), MinHash-LSH (minhash.cc), anchors (anchors.cc), which also gathers the rare words,
// and rare words (rare_words.cc). Private to src/candidates/.
#ifndef TEXTRACE_CANDIDATES_STAGES_H_
#define TEXTRACE_CANDIDATES_STAGES_H_

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "candidates/candidates.h"
#include "candidates/postings.h"
#include "scan/spill.h"
#include "util/hash.h"

namespace textrace {
namespace candidates_internal {

inline uint64_t PairKey(uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; }

// The candidate pairs proposed so far, each once, credited to the first stage that proposed it.
class ProposedPairs {
 public:
  void Propose(uint32_t a, uint32_t b, CandidateSource s) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    found_.try_emplace(PairKey(a, b), s);
  }
  const std::unordered_map<uint64_t, CandidateSource>& found() const { return found_; }

 private:
  std::unordered_map<uint64_t, CandidateSource> found_;  // PairKey -> first source
};

// ---- 1. Exact duplicates (exact.cc) ----

// Groups of documents with the same normalized-text hash.
struct ExactGroups {
  std::vector<bool> active;  // the first member of each group (and every other document)
  std::unordered_map<uint32_t, std::vector<uint32_t>> duplicates_of;  // first member -> others
};
// Groups the documents by normalized-text hash and proposes the pairs within each group; the
// first member stands for the group in the later stages.
ExactGroups ProposeExactDuplicates(const std::vector<Sketch>& sketches, ProposedPairs* pairs);
// What the first member of a duplicate group was found to share, its duplicates share too:
// proposes every pair found so far (but exact ones) for every member of the groups.
void ProposeForDuplicates(const ExactGroups& groups, ProposedPairs* pairs);

// What the later stages found for the first members of the groups spread to their duplicates,
// and every pair once, sorted by (a, b).
std::vector<Candidate> FinishCandidates(const ExactGroups& groups, ProposedPairs* pairs);

// ---- 2. MinHash-LSH (minhash.cc) ----

// Proposes the active documents colliding in any band with enough estimated Jaccard similarity.
void ProposeMinHashPairs(const std::vector<Sketch>& sketches, const std::vector<bool>& active,
                         const CandidateOptions& o, ProposedPairs* pairs);

// ---- 3. Anchors (anchors.cc) ----

// What the pass over the documents' sentence keys leaves: the anchor postings (anchors that two
// documents or more hold) with each document's anchor count, and the rare-word postings.
// Anchor postings over CandidateMemory::postings_bytes wait in a scratch file, in 2^part_bits
// parts by the top bits of their key (part p: the keys whose top bits are p, so the parts in
// order are the keys in order), each part a list of chunks (offset, postings).
struct SpilledPostings {
  std::unique_ptr<SpillFile> file;
  int part_bits = 0;
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> chunks;
};
struct KeyPostings {
  std::vector<uint32_t> anchor_count;
  Postings anchors, rare_words;
  SpilledPostings spilled;  // the anchors, when they wait on disk (spilled.file set)
};
// Reads each active document's sentence keys once and gathers its anchors and, when the
// rare-word stage runs, its rare words.
Status CollectPostings(const std::vector<bool>& active, const DocumentFrequency& df,
                       const SentenceKeysSource& keys, const CandidateOptions& o, int threads,
                       KeyPostings* out, const BlockDone& done = {},
                       const CandidateMemory& memory = {});
// A document's anchors (each sentence's pairs of rarest words), each once. `freq` is
// KeyFrequencies().
std::vector<uint64_t> DocumentAnchors(const SentenceKeys& k, const std::vector<uint32_t>& freq,
                                      const CandidateOptions& o);
// Whether two documents sharing anchors (with `count_i` and `count_j` anchors) are partners.
inline bool AnchorLinkKept(const Link& l, uint32_t count_i, uint32_t count_j,
                           const CandidateOptions& o) {
  const double smaller = static_cast<double>(std::min(count_i, count_j));
  return static_cast<int>(l.shared) >= o.min_shared_anchors &&
         l.shared >= o.min_anchor_overlap * smaller && l.rarity >= o.min_anchor_rarity;
}
// Partners with strong_shared_anchors or more are proposed; the others are weak, and each
// document proposes its best weak partners: most shared, then the rarest.
struct WeakAnchor {
  uint32_t shared;
  double rarity;
  uint32_t partner;
  bool Beats(const WeakAnchor& o) const {
    if (shared != o.shared) return shared > o.shared;
    if (rarity != o.rarity) return rarity > o.rarity;
    return partner < o.partner;
  }
};
// Proposes the pairs sharing anchors; the anchor postings are used up.
Status ProposeAnchorPairs(KeyPostings* postings, const CandidateOptions& o, int threads,
                          ProposedPairs* pairs, const BlockDone& done = {});

// ---- 4. Rare words (rare_words.cc) ----

// Whether the rare-word stage runs.
inline bool RareWordStage(const CandidateOptions& o) {
  return o.rare_word_partners > 0 && o.rare_words_per_document > 0;
}
// A document's rarest distinct content words: held by 2 to rare_word_max_documents documents,
// rarest first (ties by key), at most rare_words_per_document of them. `freq` is
// KeyFrequencies().
std::vector<uint64_t> RareWords(const SentenceKeys& k, const std::vector<uint32_t>& freq,
                                const CandidateOptions& o);
// Whether two documents sharing rare words are partners.
inline bool RareLinkKept(const Link& l, const CandidateOptions& o) {
  return static_cast<int>(l.shared) >= o.rare_word_min_shared && l.rarity >= o.rare_word_min_rarity;
}
// Each document proposes its best partners by rare words: rarest, then most shared.
struct RarePartner {
  double rarity;
  uint32_t shared, partner;
  bool Beats(const RarePartner& o) const {
    if (rarity != o.rarity) return rarity > o.rarity;
    if (shared != o.shared) return shared > o.shared;
    return partner < o.partner;
  }
};
// Proposes each document's best partners by shared rare words; the rare-word postings are used
// up.
Status ProposeRareWordPairs(KeyPostings* postings, const CandidateOptions& o, int threads,
                            ProposedPairs* pairs, const BlockDone& done = {});

// ---- Sentence keys (sentence_keys.cc) ----

// The document frequency of each of a document's sentence keys (0: not counted), looked up once
// for the anchors and the rare words both.
void KeyFrequencies(const SentenceKeys& k, const DocumentFrequency& df, std::vector<uint32_t>* out);

}  // namespace candidates_internal
}  // namespace textrace

#endif  // TEXTRACE_CANDIDATES_STAGES_H_
