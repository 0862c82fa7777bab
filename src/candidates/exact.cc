// Stage 1, exact duplicates: the hash of a document's normalized text, the groups of documents
// sharing it, and the spreading of the pairs found for a group's first member to the others.
#include <algorithm>
#include <utility>

#include "candidates/candidates.h"
#include "candidates/stages.h"
#include "util/hash.h"

namespace textrace {

uint64_t NormalizedTextHash(const AnalyzedDocument& d) {
  uint64_t h = 0x243f6a8885a308d3ULL;
  for (const Token& t : d.tokens) h = Mix64(h ^ t.key);
  return Mix64(h ^ d.tokens.size());
}

namespace candidates_internal {

ExactGroups ProposeExactDuplicates(const std::vector<Sketch>& sketches, ProposedPairs* pairs) {
  const auto n = static_cast<uint32_t>(sketches.size());
  ExactGroups groups;
  groups.active.assign(n, true);
  std::vector<std::pair<uint64_t, uint32_t>> by_hash;
  for (uint32_t i = 0; i < n; ++i) by_hash.emplace_back(sketches[i].exact_hash, i);
  std::sort(by_hash.begin(), by_hash.end());
  // Small groups are paired completely; in a large one (a boilerplate page copied
  // everywhere) each member is paired with the first only, so the group costs what it holds.
  constexpr size_t kAllPairsUpTo = 16;
  for (size_t i = 0; i < by_hash.size();) {
    size_t j = i + 1;
    while (j < by_hash.size() && by_hash[j].first == by_hash[i].first) {
      groups.active[by_hash[j].second] = false;
      groups.duplicates_of[by_hash[i].second].push_back(by_hash[j].second);
      ++j;
    }
    for (size_t x = i; x < j; ++x) {
      for (size_t y = x + 1; y < j && (x == i || j - i <= kAllPairsUpTo); ++y) {
        pairs->Propose(by_hash[x].second, by_hash[y].second, CandidateSource::kExact);
      }
    }
    i = j;
  }
  return groups;
}

void ProposeForDuplicates(const ExactGroups& groups, ProposedPairs* pairs) {
  // They are verified on their own, so every document's relations are reported.
  if (groups.duplicates_of.empty()) return;
  std::vector<std::pair<uint64_t, CandidateSource>> found_so_far(pairs->found().begin(),
                                                                 pairs->found().end());
  std::sort(found_so_far.begin(), found_so_far.end());
  for (const auto& [key, source] : found_so_far) {
    if (source == CandidateSource::kExact) continue;
    const auto a = static_cast<uint32_t>(key >> 32), b = static_cast<uint32_t>(key);
    auto group = [&](uint32_t x) {
      std::vector<uint32_t> g{x};
      if (auto it = groups.duplicates_of.find(x); it != groups.duplicates_of.end()) {
        g.insert(g.end(), it->second.begin(), it->second.end());
      }
      return g;
    };
    for (uint32_t x : group(a)) {
      for (uint32_t y : group(b)) pairs->Propose(x, y, source);
    }
  }
}

}  // namespace candidates_internal
}  // namespace textrace
