// Deduplication: one document kept per group of duplicates and near-duplicates.
#include "cluster/cluster.h"

namespace textrace {

DedupResult Dedup(const ScanResult& r) {
  DisjointSets sets(r.documents.size());
  // The strongest duplicate relation seen of each document (kNone: none).
  std::vector<Relation> relation(r.documents.size(), Relation::kNone);
  for (const ScanPair& p : r.pairs) {
    const Relation rel = p.comparison.relation;
    if (rel != Relation::kDuplicate && rel != Relation::kNearDuplicate) continue;
    sets.Union(p.a, p.b);
    for (uint32_t d : {p.a, p.b}) {
      if (relation[d] != Relation::kDuplicate) relation[d] = rel;
    }
  }
  std::vector<uint32_t> best(r.documents.size());
  std::iota(best.begin(), best.end(), 0);
  for (uint32_t i = 0; i < r.documents.size(); ++i) {
    uint32_t& b = best[sets.Find(i)];
    if (BetterRepresentative(r.documents[i], r.documents[b])) b = i;
  }
  DedupResult out;
  for (uint32_t i = 0; i < r.documents.size(); ++i) {
    const uint32_t keep = best[sets.Find(i)];
    if (keep == i) {
      out.kept.push_back(i);
    } else {
      out.removed.push_back({i, keep, relation[i]});
    }
  }
  return out;
}

}  // namespace textrace
