// Families: documents joined by any relation.
#include <algorithm>
#include <unordered_map>

#include "cluster/cluster.h"

namespace textrace {

bool BetterRepresentative(const ScanDocument& x, const ScanDocument& y) {
  if (x.date.empty() != y.date.empty()) return !x.date.empty();
  if (x.date != y.date) return x.date < y.date;
  if (x.bytes != y.bytes) return x.bytes > y.bytes;
  return x.id < y.id;
}

std::vector<Family> FindFamilies(const std::vector<ScanDocument>& documents,
                                 const std::vector<ScanPair>& pairs) {
  DisjointSets sets(documents.size());
  for (const ScanPair& p : pairs) sets.Union(p.a, p.b);
  std::vector<Family> families;
  std::unordered_map<uint32_t, size_t> family_of_root;
  for (uint32_t i = 0; i < documents.size(); ++i) {
    const uint32_t root = sets.Find(i);
    auto [it, inserted] = family_of_root.try_emplace(root, families.size());
    if (inserted) families.push_back({i, {}});
    families[it->second].members.push_back(i);
  }
  std::erase_if(families, [](const Family& f) { return f.members.size() < 2; });
  for (Family& f : families) {
    f.representative =
        *std::min_element(f.members.begin(), f.members.end(), [&](uint32_t x, uint32_t y) {
          return BetterRepresentative(documents[x], documents[y]);
        });
  }
  std::sort(families.begin(), families.end(),
            [](const Family& x, const Family& y) { return x.members[0] < y.members[0]; });
  return families;
}

}  // namespace textrace
