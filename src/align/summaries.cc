// PairAligner's summaries (pair_aligner.h): summary candidates (seeds spread over a much
// longer stretch of the other side), summary chains, and the assembling of the one-to-one
// passages with the summaries that beat them.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <tuple>
#include <utility>

#include "align/pair_aligner.h"

namespace textrace {
namespace align_internal {

std::vector<std::pair<Cluster, std::vector<Seed>>> PairAligner::SummaryPassages(
    const std::vector<Seed>& seeds, bool a_summarises) const {
  std::vector<std::pair<Cluster, std::vector<Seed>>> out;
  const int gap_a = a_summarises ? o_.max_gap : o_.summary_max_gap;
  const int gap_b = a_summarises ? o_.summary_max_gap : o_.max_gap;
  for (auto& g : Split(seeds, gap_a, gap_b)) {
    if (g.size() < 2) continue;
    Cluster c = Bounds(g, true);
    const double len_a = CharLen(a_, c.a_first, c.a_last);
    const double len_b = CharLen(b_, c.b_first, c.b_last);
    if (len_a <= 0 || len_b <= 0) continue;
    const double ratio = a_summarises ? len_b / len_a : len_a / len_b;
    if (ratio < o_.summary_length_ratio || ratio > o_.summary_max_length_ratio) continue;
    c.cosine = PassageCosine(c);
    if (c.cosine >= o_.summary_min_cosine) out.emplace_back(c, std::move(g));
  }
  return out;
}

std::vector<std::pair<Cluster, std::vector<Seed>>> PairAligner::SummaryChains(
    std::vector<Seed> seeds, bool a_summarises) const {
  std::vector<std::pair<Cluster, std::vector<Seed>>> out;
  const auto min_len = static_cast<size_t>(std::max(0, o_.summary_chain_min_sentences));
  constexpr size_t kMaxChainSeeds = 4096;  // the chain search is quadratic in the seeds
  if (min_len == 0 || seeds.size() < min_len || seeds.size() > kMaxChainSeeds) return out;
  auto short_of = [a_summarises](const Seed& s) { return a_summarises ? s.a : s.b; };
  auto long_of = [a_summarises](const Seed& s) { return a_summarises ? s.b : s.a; };
  std::sort(seeds.begin(), seeds.end(), [&](const Seed& x, const Seed& y) {
    return std::make_tuple(short_of(x), long_of(x), y.cosine) <
           std::make_tuple(short_of(y), long_of(y), x.cosine);
  });
  const int64_t gap_short = o_.max_gap, gap_long = o_.summary_max_gap;
  std::vector<bool> used(seeds.size(), false);
  while (true) {
    // best[i]: the heaviest chain ending at seed i (weights: cosines).
    std::vector<double> best(seeds.size(), 0);
    std::vector<int32_t> prev(seeds.size(), -1);
    int32_t top = -1;
    size_t window = 0;  // seeds before it are too far back on the short side
    for (size_t i = 0; i < seeds.size(); ++i) {
      while (static_cast<int64_t>(short_of(seeds[window])) + gap_short + 1 <
             static_cast<int64_t>(short_of(seeds[i]))) {
        ++window;
      }
      if (used[i]) continue;
      best[i] = seeds[i].cosine;
      for (size_t j = window; j < i; ++j) {
        if (used[j]) continue;
        const int64_t ds = static_cast<int64_t>(short_of(seeds[i])) - short_of(seeds[j]);
        const int64_t dl = static_cast<int64_t>(long_of(seeds[i])) - long_of(seeds[j]);
        if (ds < 1 || ds - 1 > gap_short || dl < 1 || dl - 1 > gap_long) continue;
        if (best[j] + seeds[i].cosine > best[i]) {
          best[i] = best[j] + seeds[i].cosine;
          prev[i] = static_cast<int32_t>(j);
        }
      }
      if (top < 0 || best[i] > best[top]) top = static_cast<int32_t>(i);
    }
    if (top < 0) break;
    std::vector<Seed> chain;
    for (int32_t i = top; i >= 0; i = prev[i]) {
      chain.push_back(seeds[i]);
      used[i] = true;
    }
    if (chain.size() < min_len) break;
    Cluster c = Bounds(chain, true);
    c.chain = true;
    const uint32_t short_first = a_summarises ? c.a_first : c.b_first;
    const uint32_t short_last = a_summarises ? c.a_last : c.b_last;
    const double density =
        static_cast<double>(chain.size()) / static_cast<double>(short_last - short_first + 1);
    const double len_a = CharLen(a_, c.a_first, c.a_last);
    const double len_b = CharLen(b_, c.b_first, c.b_last);
    // (Assemble also discounts the seeds inside copied passages; this cheaper count comes
    // first, before the whole-passage cosine.)
    const auto strong =
        std::count_if(chain.begin(), chain.end(), [](const Seed& x) { return !x.weak; });
    if (density < o_.summary_chain_min_density || len_a <= 0 || len_b <= 0) continue;
    if (strong < o_.summary_chain_min_seeds) continue;
    const double ratio = a_summarises ? len_b / len_a : len_a / len_b;
    if (ratio < o_.summary_chain_min_ratio || ratio > o_.summary_max_length_ratio) continue;
    c.cosine = PassageCosine(c);
    if (c.cosine >= o_.summary_chain_min_cosine) out.emplace_back(c, std::move(chain));
  }
  return out;
}

std::vector<PassagePair> PairAligner::Assemble(
    std::vector<Cluster> found, std::vector<std::pair<Cluster, std::vector<Seed>>> candidates) {
  std::vector<Cluster> summaries;
  for (auto& [sc, group] : candidates) {
    size_t strong = 0;
    for (const Seed& sd : group) strong += !sd.weak;
    const bool a_short = CharLen(a_, sc.a_first, sc.a_last) < CharLen(b_, sc.b_first, sc.b_last);
    const AnalyzedDocument& short_doc = a_short ? a_ : b_;
    const uint32_t short_first = a_short ? sc.a_first : sc.b_first;
    const uint32_t short_last = a_short ? sc.a_last : sc.b_last;
    const double short_len = static_cast<double>(CharLen(short_doc, short_first, short_last));
    bool beaten = false;
    // A chain needs seeds of its own: copied passages linked by weak pairs are no summary.
    auto strong_outside = static_cast<int64_t>(strong);
    for (const Cluster& c : found) {
      size_t inside = 0;
      for (const Seed& sd : group) {
        inside += !sd.weak && sd.a >= c.a_first && sd.a <= c.a_last && sd.b >= c.b_first &&
                  sd.b <= c.b_last;
      }
      beaten |= strong > 0 && inside * 5 >= strong * 4;
      if (c.cosine >= kCopyCosine) strong_outside -= inside;
      const uint32_t first = std::max(short_first, a_short ? c.a_first : c.b_first);
      const uint32_t last = std::min(short_last, a_short ? c.a_last : c.b_last);
      beaten |= first <= last && static_cast<double>(CharLen(short_doc, first, last)) >=
                                     kCopyCoversSummary * short_len;
    }
    if (sc.chain && strong_outside < o_.summary_chain_min_seeds) beaten = true;
    if (!beaten) summaries.push_back(sc);
  }
  if (!summaries.empty()) {
    for (const Cluster& c : found) {
      bool overlaps = false;
      for (const Cluster& sc : summaries) {
        const bool a_summarises =
            CharLen(a_, sc.a_first, sc.a_last) < CharLen(b_, sc.b_first, sc.b_last);
        overlaps |= a_summarises ? c.a_first <= sc.a_last && sc.a_first <= c.a_last
                                 : c.b_first <= sc.b_last && sc.b_first <= c.b_last;
      }
      if (!overlaps) summaries.push_back(c);
    }
    found = Filter(std::move(summaries));
  }
  if (o_.grow_edges) {
    for (Cluster& c : found) {
      if (!c.summary) Grow(&c);
    }
    found = Filter(std::move(found));
  }
  return ToPassages(found);
}

}  // namespace align_internal
}  // namespace textrace
