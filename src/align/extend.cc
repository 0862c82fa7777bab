// PairAligner's extension and filtering (pair_aligner.h): seeds clustered into passage pairs
// validated by their whole-passage cosine, weak seeds absorbed, edges grown, and overlapping or
// fragmentary passages dropped.
#include <algorithm>
#include <cstdint>
#include <tuple>
#include <utility>

#include "align/pair_aligner.h"

namespace textrace {
namespace align_internal {

void PairAligner::AbsorbWeakSeeds(const std::vector<Seed>& seeds, std::vector<Seed> weak,
                                  std::vector<Cluster>* clusters) const {
  std::vector<bool> held_a(va_.size(), false), held_b(vb_.size(), false);
  for (const Seed& s : seeds) held_a[s.a] = held_b[s.b] = true;
  std::erase_if(weak, [&](const Seed& w) {
    return held_a[w.a] || held_b[w.b] || w.cosine < o_.weak_seed_min_cosine;
  });
  std::sort(weak.begin(), weak.end(),
            [](const Seed& x, const Seed& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  const auto reach = static_cast<int64_t>(std::max(0, o_.weak_seed_max_gap)) + 1;
  auto near = [reach](uint32_t x, uint32_t first, uint32_t last) {
    return static_cast<int64_t>(x) >= static_cast<int64_t>(first) - reach &&
           static_cast<int64_t>(x) <= static_cast<int64_t>(last) + reach;
  };
  for (Cluster& c : *clusters) {
    for (bool changed = true; changed;) {
      changed = false;
      const auto lo =
          static_cast<uint32_t>(std::max<int64_t>(0, static_cast<int64_t>(c.a_first) - reach));
      auto it = std::lower_bound(weak.begin(), weak.end(), lo,
                                 [](const Seed& w, uint32_t a) { return w.a < a; });
      for (; it != weak.end() && near(it->a, c.a_first, c.a_last); ++it) {
        const Seed& w = *it;
        if (held_a[w.a] || held_b[w.b] || !near(w.b, c.b_first, c.b_last)) continue;
        Cluster t = c;
        t.a_first = std::min(t.a_first, w.a);
        t.a_last = std::max(t.a_last, w.a);
        t.b_first = std::min(t.b_first, w.b);
        t.b_last = std::max(t.b_last, w.b);
        const bool grows = t.a_first != c.a_first || t.a_last != c.a_last ||
                           t.b_first != c.b_first || t.b_last != c.b_last;
        if (grows) {
          t.cosine = PassageCosine(t);
          if (t.cosine < o_.passage_min_cosine) continue;
        }
        ++t.seeds;
        held_a[w.a] = held_b[w.b] = true;
        c = t;
        if (grows) {
          changed = true;
          break;  // the bounds moved: look again from the new start
        }
      }
    }
  }
}

std::vector<Cluster> PairAligner::Extend(std::vector<Seed> seeds, int gap_a, int gap_b) const {
  std::vector<Cluster> out;
  std::vector<std::vector<Seed>> groups = Split(std::move(seeds), gap_a, gap_b);
  for (auto& g : groups) {
    Cluster c = Bounds(g, false);
    c.cosine = PassageCosine(c);
    if (c.cosine >= o_.passage_min_cosine) {
      out.push_back(c);
    } else if (gap_a > 0 || gap_b > 0) {
      auto sub = Extend(std::move(g), std::max(0, gap_a - 1), std::max(0, gap_b - 1));
      out.insert(out.end(), sub.begin(), sub.end());
    }
  }
  return out;
}

void PairAligner::Grow(Cluster* c) const {
  for (int step = 0; step < 4; ++step) {
    Cluster best = *c;
    auto consider = [&](int da0, int da1, int db0, int db1) {
      Cluster t = *c;
      if (static_cast<int64_t>(t.a_first) - da0 < 0 || static_cast<int64_t>(t.b_first) - db0 < 0 ||
          t.a_last + da1 >= va_.size() || t.b_last + db1 >= vb_.size()) {
        return;
      }
      t.a_first -= da0;
      t.a_last += da1;
      t.b_first -= db0;
      t.b_last += db1;
      t.cosine = PassageCosine(t);
      if (t.cosine > best.cosine) best = t;
    };
    consider(1, 0, 1, 0);
    consider(1, 0, 0, 0);
    consider(0, 0, 1, 0);
    consider(0, 1, 0, 1);
    consider(0, 1, 0, 0);
    consider(0, 0, 0, 1);
    if (best.cosine <= c->cosine) return;
    *c = best;
  }
}

std::vector<std::vector<Seed>> PairAligner::Split(std::vector<Seed> seeds, int gap_a, int gap_b) {
  std::vector<std::vector<Seed>> todo{std::move(seeds)}, done;
  bool by_a = true;
  int stable_rounds = 0;
  while (stable_rounds < 2) {
    std::vector<std::vector<Seed>> next;
    bool split_any = false;
    for (auto& g : todo) {
      const int gap = by_a ? gap_a : gap_b;
      std::sort(g.begin(), g.end(), [by_a](const Seed& x, const Seed& y) {
        return by_a ? std::tie(x.a, x.b) < std::tie(y.a, y.b)
                    : std::tie(x.b, x.a) < std::tie(y.b, y.a);
      });
      std::vector<Seed> cur;
      for (const Seed& s : g) {
        if (!cur.empty()) {
          const uint32_t prev = by_a ? cur.back().a : cur.back().b;
          const uint32_t now = by_a ? s.a : s.b;
          if (static_cast<int64_t>(now) - prev - 1 > gap) {
            next.push_back(std::move(cur));
            cur.clear();
            split_any = true;
          }
        }
        cur.push_back(s);
      }
      if (!cur.empty()) next.push_back(std::move(cur));
    }
    todo = std::move(next);
    stable_rounds = split_any ? 0 : stable_rounds + 1;
    by_a = !by_a;
  }
  return todo;
}

Cluster PairAligner::Bounds(const std::vector<Seed>& g, bool summary) {
  Cluster c{g[0].a, g[0].a, g[0].b, g[0].b, 0, summary, static_cast<uint32_t>(g.size())};
  for (const Seed& s : g) {
    c.a_first = std::min(c.a_first, s.a);
    c.a_last = std::max(c.a_last, s.a);
    c.b_first = std::min(c.b_first, s.b);
    c.b_last = std::max(c.b_last, s.b);
  }
  return c;
}

double PairAligner::PassageCosine(const Cluster& c) const {
  auto sum = [](const std::vector<SentenceVector>& v, uint32_t first, uint32_t last) {
    std::vector<TermWeight> all;
    for (uint32_t s = first; s <= last; ++s)
      all.insert(all.end(), v[s].terms.begin(), v[s].terms.end());
    SumByKey(&all);
    return all;
  };
  return Cosine(sum(va_, c.a_first, c.a_last), sum(vb_, c.b_first, c.b_last));
}

std::vector<Cluster> PairAligner::Filter(std::vector<Cluster> cs) const {
  std::sort(cs.begin(), cs.end(), [](const Cluster& x, const Cluster& y) {
    if (x.cosine != y.cosine) return x.cosine > y.cosine;
    return std::tie(x.a_first, x.b_first) < std::tie(y.a_first, y.b_first);
  });
  std::vector<Cluster> kept;
  for (const Cluster& c : cs) {
    bool overlaps = false;
    for (const Cluster& k : kept) {
      if (c.a_first <= k.a_last && k.a_first <= c.a_last) {
        overlaps = true;
        break;
      }
    }
    if (overlaps) continue;
    if ((c.seeds == 1 && !c.summary && c.cosine < o_.single_seed_min_cosine) ||
        CharLen(a_, c.a_first, c.a_last) < min_passage_chars_ ||
        CharLen(b_, c.b_first, c.b_last) < min_passage_chars_) {
      continue;
    }
    kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(), [](const Cluster& x, const Cluster& y) {
    return std::tie(x.a_first, x.b_first) < std::tie(y.a_first, y.b_first);
  });
  return kept;
}

}  // namespace align_internal
}  // namespace textrace
