// What a persistent index keeps of each document to find its partners later, and how a new
// document finds its candidate partners among the indexed ones: the scan's four stages (exact
// hash, MinHash-LSH, sentence anchors, rare words), one document against posting lists.
//
// The collection's document frequencies grow as documents arrive. A document's anchors and rare
// words are chosen by its words' rarity in the index: to look partners up, among the words the
// index holds (what the scan's "held by two documents" means for a pair); to be kept for later,
// both those and the ones ranked with every word, so that the words no other document holds yet
// (the ones a later copy will share) are among them.
#ifndef TEXTRACE_INDEX_FEATURES_H_
#define TEXTRACE_INDEX_FEATURES_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "candidates/candidates.h"
#include "textrace/options.h"
#include "textrace/scan.h"
#include "textrace/status.h"

namespace textrace::index {

struct Features {
  uint64_t exact_hash = 0;
  std::vector<uint32_t> minhash;     // the sketch (candidates/candidates.h)
  std::vector<uint64_t> band_keys;   // one per MinHash-LSH band
  std::vector<uint64_t> anchors;     // distinct, ascending
  std::vector<uint64_t> rare_words;  // distinct, ascending
};

// Documents holding a content-word key: of the index, for LookupFeatures; of the index with the
// document itself, for StoredFeatures.
using DfLookup = std::function<uint32_t(uint64_t key)>;

// The LSH band keys of a sketch (as the scan bands it).
std::vector<uint64_t> BandKeys(const std::vector<uint32_t>& minhash, const CandidateOptions& o);

// The features a new document looks its partners up with: anchors of each sentence's rarest
// words among those the index holds, rare words the index holds in 1 to
// rare_word_max_documents - 1 documents.
Features LookupFeatures(const Sketch& sketch, const SentenceKeys& keys, const DfLookup& df,
                        const CandidateOptions& o);
// The features the index keeps of a document it adds (`df` counts the document itself): those of
// LookupFeatures (what it shares with the documents there now), and the same with every word,
// where the words no other document holds yet rank rarest (what a later copy of it will share).
Features StoredFeatures(const Sketch& sketch, const SentenceKeys& keys, const DfLookup& df,
                        const CandidateOptions& o);

// The posting lists of the indexed documents.
enum class PostingKind { kExact, kBand, kAnchor, kRareWord };
class PostingSource {
 public:
  virtual ~PostingSource() = default;
  // The documents holding `key`, ascending; at most `limit` + 1 of them, so that a caller can
  // tell a list over its limit.
  virtual Status Postings(PostingKind kind, uint64_t key, size_t limit,
                          std::vector<uint32_t>* documents) const = 0;
  // The stored sketch of a document.
  virtual Status Minhash(uint32_t document, std::vector<uint32_t>* minhash) const = 0;
};

// How many documents of a list of `kind` FindIndexCandidates reads (it reads limit + 1, to tell
// a list over its limit).
size_t PostingLimit(PostingKind kind, const CandidateOptions& o);

struct IndexCandidate {
  uint32_t document;
  CandidateStage stage;  // the first stage that proposed it
};

// The indexed documents a new document with features `f` is a candidate pair with, by the scan's
// rules seen from the new document: the same exact hash; a band collision with an estimated
// Jaccard of minhash_min_jaccard; strong_shared_anchors shared anchors, or min_shared_anchors
// for its weak_anchor_partners best such partners, each weighing min_anchor_rarity (an anchor
// n indexed documents hold weighs 1/n; anchors over max_anchor_postings are skipped); its
// rare_word_partners best partners by rare words. Ascending by document.
StatusOr<std::vector<IndexCandidate>> FindIndexCandidates(const Features& f,
                                                          const PostingSource& postings,
                                                          const CandidateOptions& o);

}  // namespace textrace::index

#endif  // TEXTRACE_INDEX_FEATURES_H_
