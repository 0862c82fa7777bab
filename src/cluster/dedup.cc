// Deduplication: one document kept per group of duplicates (and near-duplicates), from the full
// scan's pairs (Dedup) or the near-duplicate tier's (FastDedup, fast_dedup.cc).
#include <algorithm>

#include "cluster/cluster.h"

namespace textrace {

DedupResult DedupGroups(const std::vector<ScanDocument>& documents,
                        const std::vector<DedupEdge>& edges, const DedupOptions& o) {
  const size_t n = documents.size();
  DisjointSets sets(n);
  // Each document's edges, (partner, edge index), in the edges' order.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> partners(n);
  for (uint32_t k = 0; k < edges.size(); ++k) {
    const DedupEdge& e = edges[k];
    sets.Union(e.a, e.b);
    partners[e.a].emplace_back(e.b, k);
    partners[e.b].emplace_back(e.a, k);
  }
  // Whether x is kept before y.
  auto better = [&](uint32_t x, uint32_t y) {
    const ScanDocument& dx = documents[x];
    const ScanDocument& dy = documents[y];
    if (o.keep == "earliest") {
      if (dx.when.has_value() != dy.when.has_value()) return dx.when.has_value();
      if (dx.when.has_value() && CompareDates(*dx.when, *dy.when) != 0) {
        return CompareDates(*dx.when, *dy.when) < 0;
      }
    } else if (o.keep == "longest" && dx.words != dy.words) {
      return dx.words > dy.words;
    }
    return x < y;
  };
  std::vector<uint32_t> best(n);
  for (uint32_t i = 0; i < n; ++i) best[i] = i;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t& b = best[sets.Find(i)];
    if (better(i, b)) b = i;
  }
  DedupResult out;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t keep = best[sets.Find(i)];
    if (keep == i) {
      out.kept.push_back(i);
      continue;
    }
    // The edge with the kept document, else the most similar partner (the first of equals).
    const std::pair<uint32_t, uint32_t>* chosen = nullptr;
    double chosen_similarity = -1;
    for (const auto& partner : partners[i]) {
      const double similarity = edges[partner.second].similarity;
      if (partner.first == keep) {
        chosen = &partner;
        break;
      }
      if (similarity > chosen_similarity) {
        chosen = &partner;
        chosen_similarity = similarity;
      }
    }
    const DedupEdge& e = edges[chosen->second];
    out.removed.push_back({i, keep, chosen->first, e.relation, e.similarity});
  }
  return out;
}

DedupResult Dedup(const ScanResult& r, const DedupOptions& o) {
  std::vector<DedupEdge> edges;
  for (const ScanPair& p : r.pairs) {
    const Relation rel = p.comparison.relation;
    if (rel == Relation::kDuplicate || (o.near_duplicates && rel == Relation::kNearDuplicate)) {
      edges.push_back({p.a, p.b, rel, PairKept(p.comparison)});
    }
  }
  return DedupGroups(r.documents, edges, o);
}

}  // namespace textrace
