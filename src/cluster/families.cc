// Who derives from whom: indirect pairs, families (versions of one text) and each document's
// sources and derivatives.
#include <algorithm>
#include <deque>
#include <unordered_map>

#include "cluster/cluster.h"

namespace textrace {
namespace {

// A document's passages in one of its pairs, as sorted, merged byte ranges.
using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;

Ranges SideRanges(const ScanPair& p, uint32_t document) {
  Ranges r;
  for (const PassagePair& pp : p.comparison.passages) {
    const TextSpan& s = p.a == document ? pp.a : pp.b;
    if (s.end_byte > s.begin_byte) r.emplace_back(s.begin_byte, s.end_byte);
  }
  std::sort(r.begin(), r.end());
  Ranges merged;
  for (const auto& [b, e] : r) {
    if (!merged.empty() && b <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, e);
    } else {
      merged.emplace_back(b, e);
    }
  }
  return merged;
}

uint64_t Length(const Ranges& r) {
  uint64_t n = 0;
  for (const auto& [b, e] : r) n += e - b;
  return n;
}

// Bytes of `inner` that `outer` covers.
uint64_t Covered(const Ranges& inner, const Ranges& outer) {
  uint64_t n = 0;
  size_t j = 0;
  for (const auto& [b, e] : inner) {
    while (j < outer.size() && outer[j].second <= b) ++j;
    for (size_t k = j; k < outer.size() && outer[k].first < e; ++k) {
      n += std::min(e, outer[k].second) - std::max(b, outer[k].first);
    }
  }
  return n;
}

// The kept share (PairKept) of those passages of `p` whose side in `document` overlaps `where`:
// how close the pair is on that stretch of the document.
double KeptOver(const ScanPair& p, uint32_t document, const Ranges& where) {
  double sum = 0, weight = 0;
  for (const PassagePair& pp : p.comparison.passages) {
    const TextSpan& s = p.a == document ? pp.a : pp.b;
    if (Covered({{s.begin_byte, s.end_byte}}, where) == 0) continue;
    const double w = (pp.a.end_token - pp.a.first_token) + (pp.b.end_token - pp.b.first_token);
    sum += pp.kept * w;
    weight += w;
  }
  return weight > 0 ? sum / weight : 0;
}

bool WholeDocument(Relation r) {
  return r == Relation::kDuplicate || r == Relation::kNearDuplicate || r == Relation::kRewrite ||
         r == Relation::kSummary;
}

// Which document of a direct pair derives from the other: the later one; none when unknown.
std::optional<std::pair<uint32_t, uint32_t>> SourceAndDerivative(const ScanPair& p) {
  if (p.via.has_value()) return std::nullopt;
  if (p.direction == Direction::kAToB) return std::make_pair(p.a, p.b);
  if (p.direction == Direction::kBToA) return std::make_pair(p.b, p.a);
  return std::nullopt;
}

}  // namespace

bool DatedBefore(const ScanDocument& x, const ScanDocument& y) {
  return x.when.has_value() && y.when.has_value() && CompareDates(*x.when, *y.when) < 0;
}

void FindIndirectPairs(const std::vector<ScanDocument>& docs, std::vector<ScanPair>* pairs) {
  // Each document's partners, (partner, pair index), by partner.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> partners(docs.size());
  for (uint32_t k = 0; k < pairs->size(); ++k) {
    const ScanPair& p = (*pairs)[k];
    partners[p.a].emplace_back(p.b, k);
    partners[p.b].emplace_back(p.a, k);
  }
  for (auto& list : partners) std::sort(list.begin(), list.end());
  std::vector<double> kept(pairs->size());
  for (size_t k = 0; k < pairs->size(); ++k) kept[k] = PairKept((*pairs)[k].comparison);
  auto not_later = [&](uint32_t c, uint32_t x) {
    return !docs[c].when.has_value() || !docs[x].when.has_value() ||
           CompareDates(*docs[c].when, *docs[x].when) <= 0;
  };
  std::vector<std::optional<uint32_t>> via(pairs->size());
  for (uint32_t k = 0; k < pairs->size(); ++k) {
    const ScanPair& ab = (*pairs)[k];
    const Ranges ab_a = SideRanges(ab, ab.a), ab_b = SideRanges(ab, ab.b);
    const uint64_t len_a = Length(ab_a), len_b = Length(ab_b);
    if (len_a == 0 || len_b == 0) continue;
    std::optional<uint32_t> best;
    double best_closeness = 0;
    // Common partners of a and b, by a sorted merge of their lists.
    const auto& pa = partners[ab.a];
    const auto& pb = partners[ab.b];
    for (size_t i = 0, j = 0; i < pa.size() && j < pb.size();) {
      if (pa[i].first < pb[j].first) {
        ++i;
        continue;
      }
      if (pb[j].first < pa[i].first) {
        ++j;
        continue;
      }
      const uint32_t c = pa[i].first;
      const uint32_t ac = pa[i].second, bc = pb[j].second;
      ++i;
      ++j;
      if (!not_later(c, ab.a) || !not_later(c, ab.b)) continue;
      // A duplicate of a or b holds what it holds: it explains nothing the other would not.
      if ((*pairs)[ac].comparison.relation == Relation::kDuplicate ||
          (*pairs)[bc].comparison.relation == Relation::kDuplicate) {
        continue;
      }
      const Ranges ac_a = SideRanges((*pairs)[ac], ab.a);
      const Ranges bc_b = SideRanges((*pairs)[bc], ab.b);
      if (Covered(ab_a, ac_a) < 0.8 * len_a || Covered(ab_b, bc_b) < 0.8 * len_b) continue;
      // Dated before both, c is the source the dates allow. Otherwise the text must say it: a and
      // b each closer to c than to each other (edits add up along a chain). Verbatim copies of
      // one text are equally close to each other: which one the others took is unknown.
      // Compared on the stretch a and b share, not on all the pairs' passages.
      const double closeness = std::min(KeptOver((*pairs)[ac], ab.a, ab_a),
                                        KeptOver((*pairs)[bc], ab.b, ab_b));
      const bool dated_source =
          DatedBefore(docs[c], docs[ab.a]) && DatedBefore(docs[c], docs[ab.b]);
      if (!dated_source && kept[k] >= closeness - 0.05) continue;
      bool better = !best.has_value();
      if (!better) {
        const ScanDocument& x = docs[c];
        const ScanDocument& y = docs[*best];
        if (x.when.has_value() != y.when.has_value()) {
          better = x.when.has_value();
        } else if (x.when.has_value() && CompareDates(*x.when, *y.when) != 0) {
          better = CompareDates(*x.when, *y.when) < 0;
        } else {
          better = closeness > best_closeness;  // candidates come in index order: ties keep the first
        }
      }
      if (better) {
        best = c;
        best_closeness = closeness;
      }
    }
    via[k] = best;
  }
  for (size_t k = 0; k < pairs->size(); ++k) (*pairs)[k].via = via[k];
}

std::vector<Family> FindFamilies(const std::vector<ScanDocument>& documents,
                                 const std::vector<ScanPair>& pairs) {
  DisjointSets sets(documents.size());
  for (const ScanPair& p : pairs) {
    if (!p.via.has_value() && WholeDocument(p.comparison.relation)) sets.Union(p.a, p.b);
  }
  std::vector<Family> families;
  std::unordered_map<uint32_t, size_t> family_of_root;
  for (uint32_t i = 0; i < documents.size(); ++i) {
    const uint32_t root = sets.Find(i);
    auto [it, inserted] = family_of_root.try_emplace(root, families.size());
    if (inserted) families.emplace_back();
    families[it->second].members.push_back(i);
  }
  std::erase_if(families, [](const Family& f) { return f.members.size() < 2; });
  for (Family& f : families) {
    // The source: dated strictly before every other member.
    const auto earliest = std::min_element(
        f.members.begin(), f.members.end(), [&](uint32_t x, uint32_t y) {
          const ScanDocument& dx = documents[x];
          const ScanDocument& dy = documents[y];
          if (dx.when.has_value() != dy.when.has_value()) return dx.when.has_value();
          return dx.when.has_value() && CompareDates(*dx.when, *dy.when) < 0;
        });
    size_t undated = 0, tied = 0;
    for (uint32_t m : f.members) {
      if (!documents[m].when.has_value()) {
        ++undated;
      } else if (m != *earliest && !DatedBefore(documents[*earliest], documents[m])) {
        ++tied;
      }
    }
    if (undated > 0) {
      f.source_reason = std::to_string(undated) + " of " + std::to_string(f.members.size()) +
                        " members without a readable date";
    } else if (tied > 0) {
      f.source_reason = "the earliest date is shared by " + std::to_string(tied + 1) + " members";
    } else {
      f.source = *earliest;
    }
  }
  return families;
}

std::vector<DocumentLinks> FindLinks(const std::vector<ScanDocument>& documents,
                                     const std::vector<ScanPair>& pairs,
                                     const std::vector<Family>& families) {
  std::vector<int64_t> slot(documents.size(), -1);
  std::vector<DocumentLinks> links;
  auto at = [&](uint32_t d) -> DocumentLinks& {
    if (slot[d] < 0) {
      slot[d] = static_cast<int64_t>(links.size());
      links.emplace_back();
      links.back().document = d;
    }
    return links[slot[d]];
  };
  // Slots in input order.
  std::vector<bool> in_pair(documents.size(), false);
  for (const ScanPair& p : pairs) in_pair[p.a] = in_pair[p.b] = true;
  for (uint32_t d = 0; d < documents.size(); ++d) {
    if (in_pair[d]) at(d);
  }
  // Direct derivation edges: source -> (derivative, pair).
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> derived(documents.size());
  for (uint32_t k = 0; k < pairs.size(); ++k) {
    const ScanPair& p = pairs[k];
    if (p.via.has_value()) continue;
    if (auto sd = SourceAndDerivative(p)) {
      at(sd->second).sources.push_back({sd->first, k, 1, 0});
      derived[sd->first].emplace_back(sd->second, k);
    } else {
      at(p.a).undirected.push_back({p.b, k, 1, 0});
      at(p.b).undirected.push_back({p.a, k, 1, 0});
    }
  }
  // Derivatives, chains included: breadth first, each document once at its least depth.
  for (DocumentLinks& l : links) {
    std::unordered_map<uint32_t, bool> seen{{l.document, true}};
    std::deque<DocumentLinks::Link> queue;
    for (const auto& [d, k] : derived[l.document]) queue.push_back({d, k, 1, l.document});
    while (!queue.empty()) {
      DocumentLinks::Link next = queue.front();
      queue.pop_front();
      if (!seen.emplace(next.document, true).second) continue;
      if (next.depth == 1) next.through = 0;
      l.derivatives.push_back(next);
      for (const auto& [d, k] : derived[next.document]) {
        queue.push_back({d, k, next.depth + 1, next.document});
      }
    }
  }
  for (uint32_t f = 0; f < families.size(); ++f) {
    for (uint32_t m : families[f].members) {
      if (slot[m] >= 0) links[slot[m]].family = f;
    }
  }
  return links;
}

}  // namespace textrace
