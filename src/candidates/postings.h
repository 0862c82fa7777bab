// Keyed postings (key, document) and what the anchor and rare-word stages make of them: the
// posting sort, the lists of keys that several documents share, the pairs of documents sharing
// keys, and each document's best partners. Private to src/candidates/.
#ifndef TEXTRACE_CANDIDATES_POSTINGS_H_
#define TEXTRACE_CANDIDATES_POSTINGS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <tuple>
#include <utility>
#include <vector>

#include "textrace/status.h"

namespace textrace {
namespace candidates_internal {

// Keyed postings (key, document): anchors, or rare words.
struct Posting {
  uint32_t key_hi, key_lo, doc;
  bool operator<(const Posting& o) const {
    return std::tie(key_hi, key_lo, doc) < std::tie(o.key_hi, o.key_lo, o.doc);
  }
  bool SameKey(const Posting& o) const { return key_hi == o.key_hi && key_lo == o.key_lo; }
};

// An allocator that leaves new elements uninitialized (resize does not zero them): postings are
// written in parallel right after, so the pages are first touched there, not in a serial memset.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  explicit UninitializedAllocator(const UninitializedAllocator<U>&) {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using Postings = std::vector<Posting, UninitializedAllocator<Posting>>;

// Sorts postings by (key, document), in place: one pass puts each posting in the bucket of its
// key's top 8 bits (keys are hashes, so the buckets are even; 256 of them keep the pass
// cache-friendly, where 65,536 made it four times slower than std::sort), then the buckets are
// sorted on their own (RadixSortPostings), in parallel. The result is std::sort's, whatever the
// thread count.
// `shared_top_bits`: the top bits of every key are the same (a part of the postings); the buckets
// are then by the 8 bits below them.
void SortPostings(Postings* v, int threads, int shared_top_bits = 0);

// Sorts first[0, n) by (key, document) as std::sort does, by stable passes of one byte each,
// least significant first, skipping the bytes that all the postings share (the high bytes of
// the document numbers, the key bits of a bucket); `scratch` holds n postings meanwhile.
void RadixSortPostings(Posting* first, size_t n, Postings* scratch);

// Told, after each block of documents a pass has gone over, how many it has done (progress).
using BlockDone = std::function<void(uint32_t documents_done)>;

// Two documents sharing keys: how many, and their rarity, which sums 1 / (documents holding the
// key - 1): a key only the two hold counts 1.
struct Link {
  uint32_t i, j, shared;
  double rarity;
};

// The posting lists of keys that 2 to `max_postings` documents hold, by document: for each
// document the lists it is in. Built from sorted postings.
class SharedKeys {
 public:
  SharedKeys(const Postings& sorted, uint32_t n, int max_postings);
  // Built in parts: AddSorted for each part of the postings, sorted, every key of a part after
  // those of the parts before (the lists come out as from the whole), then Finish.
  SharedKeys(uint32_t n, int max_postings);
  void AddSorted(const Postings& sorted);
  void Finish();

  // Every pair (i < j) sharing a key that `keep` accepts, handed to `take` in order of i, then
  // of first sharing. Counted in blocks of documents in parallel, each worker with its own
  // counters; the order does not depend on the thread count. A document's partners are counted
  // in a small hash table that stays in the core's cache (most documents share keys with a few
  // hundred others), and only a document with very many in counters indexed by document, whose
  // random access at a quarter of a million documents was most of the time.
  // `done` (may be empty) is told after each block.
  Status ForEachLink(int threads, const std::function<bool(const Link&)>& keep,
                     const std::function<void(const Link&)>& take,
                     const BlockDone& done = {}) const;

 private:
  // Calls f(j, weight) for every document j after i in each of i's lists, list by list; weight
  // is the list's 1 / (documents in it - 1).
  template <typename F>
  void ForEachLaterPartner(uint32_t i, F&& f) const;

  uint32_t n_ = 0;
  int max_postings_ = 0;
  std::vector<uint32_t> group_begin_, group_docs_;  // lists: documents [begin[g], begin[g+1])
  std::vector<uint32_t> doc_begin_, doc_groups_;    // per document: the lists it is not last in
};

// Each document's best partners by some order, k at most, best first.
template <typename T>
class BestPartners {
 public:
  BestPartners(uint32_t n, size_t k) : k_(k), best_(k > 0 ? n : 0) {}
  void Offer(uint32_t doc, const T& t) {
    if (k_ == 0) return;
    std::vector<T>& best = best_[doc];
    if (best.size() == k_ && !t.Beats(best.back())) return;
    auto at = std::find_if(best.begin(), best.end(), [&](const T& b) { return t.Beats(b); });
    best.insert(at, t);
    if (best.size() > k_) best.pop_back();
  }
  const std::vector<std::vector<T>>& best() const { return best_; }

 private:
  size_t k_;
  std::vector<std::vector<T>> best_;
};

}  // namespace candidates_internal
}  // namespace textrace

#endif  // TEXTRACE_CANDIDATES_POSTINGS_H_
