// Deduplication: one document kept per group of duplicates (and near-duplicates).
#include <algorithm>

#include "cluster/cluster.h"

namespace textrace {

DedupResult Dedup(const ScanResult& r, const DedupOptions& o) {
  const size_t n = r.documents.size();
  auto counts = [&](Relation rel) {
    return rel == Relation::kDuplicate || (o.near_duplicates && rel == Relation::kNearDuplicate);
  };
  DisjointSets sets(n);
  // Each document's duplicate pairs, (partner, pair index).
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> partners(n);
  for (uint32_t k = 0; k < r.pairs.size(); ++k) {
    const ScanPair& p = r.pairs[k];
    if (!counts(p.comparison.relation)) continue;
    sets.Union(p.a, p.b);
    partners[p.a].emplace_back(p.b, k);
    partners[p.b].emplace_back(p.a, k);
  }
  // Whether x is kept before y.
  auto better = [&](uint32_t x, uint32_t y) {
    const ScanDocument& dx = r.documents[x];
    const ScanDocument& dy = r.documents[y];
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
    // The pair with the kept document, else the closest partner.
    const std::pair<uint32_t, uint32_t>* chosen = nullptr;
    double chosen_kept = -1;
    for (const auto& partner : partners[i]) {
      const double kept = PairKept(r.pairs[partner.second].comparison);
      if (partner.first == keep) {
        chosen = &partner;
        break;
      }
      if (kept > chosen_kept) {
        chosen = &partner;
        chosen_kept = kept;
      }
    }
    const ScanPair& p = r.pairs[chosen->second];
    out.removed.push_back({i, keep, chosen->first, p.comparison.relation,
                           PairKept(p.comparison)});
  }
  return out;
}

}  // namespace textrace
