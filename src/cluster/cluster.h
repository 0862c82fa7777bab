// Families and deduplication over a scan's related pairs (textrace/scan.h): union-find and the
// choice of each group's representative.
#ifndef TEXTRACE_CLUSTER_CLUSTER_H_
#define TEXTRACE_CLUSTER_CLUSTER_H_

#include <cstdint>
#include <numeric>
#include <vector>

#include "textrace/scan.h"

namespace textrace {

// Union-find over document indices; the smaller index becomes the root.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<uint32_t> parent_;
};

// Whether x is a better representative of a group than y: earliest date (dated before
// undated), else longest, else smallest id.
bool BetterRepresentative(const ScanDocument& x, const ScanDocument& y);

// Documents joined by any related pair (connected components) of two or more, ordered by their
// first member, each with its representative.
std::vector<Family> FindFamilies(const std::vector<ScanDocument>& documents,
                                 const std::vector<ScanPair>& pairs);

}  // namespace textrace

#endif  // TEXTRACE_CLUSTER_CLUSTER_H_
