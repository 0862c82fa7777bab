// Keyed postings (postings.h): the posting sort, the shared-key lists and the pairs of documents
// sharing keys.
#include "candidates/postings.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "util/parallel.h"
#include "util/radix_sort.h"

namespace textrace {
namespace candidates_internal {

void RadixSortPostings(Posting* first, size_t n, Postings* scratch) {
  // A posting's bytes, least significant first: the document's, the key's low half's, its high
  // half's.
  scratch->resize(n);
  StableByteSort(first, n, scratch->data(), 12, [](const Posting& p, int d) -> uint32_t {
    const uint32_t word = d < 4 ? p.doc : d < 8 ? p.key_lo : p.key_hi;
    return (word >> (8 * (d % 4))) & 0xFF;
  });
}

void SortPostings(Postings* v, int threads, int shared_top_bits) {
  constexpr int kBits = 8;
  constexpr size_t kBuckets = size_t{1} << kBits;
  auto bucket = [shared_top_bits](const Posting& p) {
    return (p.key_hi << shared_top_bits) >> (32 - kBits);
  };
  std::vector<size_t> begin(kBuckets + 1, 0);
  for (const Posting& p : *v) ++begin[bucket(p) + 1];
  for (size_t b = 0; b < kBuckets; ++b) begin[b + 1] += begin[b];
  std::vector<size_t> next(begin.begin(), begin.end() - 1);
  for (size_t b = 0; b < kBuckets; ++b) {  // cycles of swaps, each posting moved once
    while (next[b] < begin[b + 1]) {
      Posting& p = (*v)[next[b]];
      const uint32_t home = bucket(p);
      if (home == b) {
        ++next[b];
      } else {
        std::swap(p, (*v)[next[home]++]);
      }
    }
  }
  // The sorts cannot fail, so neither can the loop.
  std::vector<Postings> scratch(static_cast<size_t>(std::max(1, threads)));
  static_cast<void>(ParallelFor(kBuckets, threads, [&](size_t b, int worker) {
    RadixSortPostings(v->data() + begin[b], begin[b + 1] - begin[b], &scratch[worker]);
    return Status::Ok();
  }));
}

SharedKeys::SharedKeys(const Postings& sorted, uint32_t n, int max_postings)
    : SharedKeys(n, max_postings) {
  group_docs_.reserve(sorted.size());  // an upper bound; growth would copy it, serially
  AddSorted(sorted);
  Finish();
}

SharedKeys::SharedKeys(uint32_t n, int max_postings) : n_(n), max_postings_(max_postings) {}

void SharedKeys::AddSorted(const Postings& sorted) {
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j < sorted.size() && sorted[j].SameKey(sorted[i])) ++j;
    if (j - i >= 2 && static_cast<int>(j - i) <= max_postings_) {
      group_begin_.push_back(static_cast<uint32_t>(group_docs_.size()));
      for (size_t p = i; p < j; ++p) group_docs_.push_back(sorted[p].doc);
    }
    i = j;
  }
}

void SharedKeys::Finish() {
  group_begin_.push_back(static_cast<uint32_t>(group_docs_.size()));
  const auto groups = static_cast<uint32_t>(group_begin_.size() - 1);
  // A document's lists, but for those it comes last in: it has no later partner there (a list's
  // documents ascend), and each list visited is a fetch from anywhere in memory.
  doc_begin_.assign(n_ + 1, 0);
  doc_groups_.resize(group_docs_.size() - groups);
  for (uint32_t g = 0; g < groups; ++g) {
    for (uint32_t p = group_begin_[g]; p + 1 < group_begin_[g + 1]; ++p) {
      ++doc_begin_[group_docs_[p] + 1];
    }
  }
  for (uint32_t i = 0; i < n_; ++i) doc_begin_[i + 1] += doc_begin_[i];
  std::vector<uint32_t> next(doc_begin_.begin(), doc_begin_.end() - 1);
  for (uint32_t g = 0; g < groups; ++g) {
    for (uint32_t p = group_begin_[g]; p + 1 < group_begin_[g + 1]; ++p) {
      doc_groups_[next[group_docs_[p]]++] = g;
    }
  }
}

template <typename F>
void SharedKeys::ForEachLaterPartner(uint32_t i, F&& f) const {
  for (uint32_t q = doc_begin_[i]; q < doc_begin_[i + 1]; ++q) {
    const uint32_t g = doc_groups_[q];
    const double weight = 1.0 / (group_begin_[g + 1] - group_begin_[g] - 1);
    // A list's documents ascend (the postings were sorted by key, then document): the later
    // partners are the list's end past i.
    const uint32_t* last = group_docs_.data() + group_begin_[g + 1];
    for (const uint32_t* p = std::upper_bound(group_docs_.data() + group_begin_[g], last, i);
         p < last; ++p) {
      f(*p, weight);
    }
  }
}

Status SharedKeys::ForEachLink(int threads, const std::function<bool(const Link&)>& keep,
                               const std::function<void(const Link&)>& take,
                               const BlockDone& done) const {
  const auto n = static_cast<uint32_t>(doc_begin_.size() - 1);
  constexpr uint32_t kBlock = 4096;
  constexpr uint32_t kMaxTableBits = 14;  // 16,384 slots of 16 bytes
  constexpr uint32_t kFree = std::numeric_limits<uint32_t>::max();
  struct Counter {
    uint32_t partner, shared;
    double rarity;
  };
  std::vector<std::vector<uint32_t>> shared(threads);  // allocated when first needed
  std::vector<std::vector<double>> rarity(threads);
  std::vector<std::vector<Counter>> tables(threads,
                                           std::vector<Counter>(size_t{1} << kMaxTableBits));
  std::vector<std::vector<Link>> links(kBlock);
  for (uint32_t block = 0; block < n; block += kBlock) {
    const uint32_t count = std::min(kBlock, n - block);
    RETURN_IF_ERROR(ParallelFor(count, threads, [&](size_t x, int w) -> Status {
      const auto i = static_cast<uint32_t>(block + x);
      links[x].clear();
      size_t bound = 0;  // partners at most (those before i included)
      for (uint32_t q = doc_begin_[i]; q < doc_begin_[i + 1]; ++q) {
        bound += group_begin_[doc_groups_[q] + 1] - group_begin_[doc_groups_[q]];
      }
      if (bound == 0) return Status::Ok();
      uint32_t bits = 4;
      while (bits < kMaxTableBits && (size_t{1} << bits) < bound + bound / 2) ++bits;
      if ((size_t{1} << bits) >= bound + bound / 2) {  // at most two-thirds full
        Counter* table = tables[w].data();
        const uint32_t mask = (uint32_t{1} << bits) - 1;
        for (uint32_t s = 0; s <= mask; ++s) table[s].partner = kFree;
        std::vector<uint32_t> touched;  // slots, in order of first sharing
        ForEachLaterPartner(i, [&](uint32_t j, double weight) {
          uint32_t slot = (j * 0x9e3779b1U) >> (32 - bits);
          while (table[slot].partner != j && table[slot].partner != kFree) {
            slot = (slot + 1) & mask;
          }
          Counter& c = table[slot];
          if (c.partner == kFree) {
            c = {j, 0, 0};
            touched.push_back(slot);
          }
          ++c.shared;
          c.rarity += weight;
        });
        for (uint32_t slot : touched) {
          const Link l{i, table[slot].partner, table[slot].shared, table[slot].rarity};
          if (keep(l)) links[x].push_back(l);
        }
        return Status::Ok();
      }
      std::vector<uint32_t>& sh = shared[w];
      std::vector<double>& ra = rarity[w];
      if (sh.empty()) {
        sh.assign(n, 0);
        ra.assign(n, 0);
      }
      std::vector<uint32_t> touched;
      ForEachLaterPartner(i, [&](uint32_t j, double weight) {
        if (sh[j]++ == 0) touched.push_back(j);
        ra[j] += weight;
      });
      for (uint32_t j : touched) {
        const Link l{i, j, sh[j], ra[j]};
        if (keep(l)) links[x].push_back(l);
        sh[j] = 0;
        ra[j] = 0;
      }
      return Status::Ok();
    }));
    for (uint32_t x = 0; x < count; ++x) {
      for (const Link& l : links[x]) take(l);
    }
    if (done) done(block + count);
  }
  return Status::Ok();
}

}  // namespace candidates_internal
}  // namespace textrace
