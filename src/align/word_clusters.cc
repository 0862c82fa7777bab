// PairAligner's word clusters (pair_aligner.h): passages found from the positions of shared
// words alone, whatever the sentences, for texts whose sentences were cut and merged.
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <tuple>
#include <utility>

#include "align/edit_script.h"
#include "align/pair_aligner.h"
#include "util/utf8.h"

namespace textrace {
namespace align_internal {

std::vector<PassagePair> PairAligner::WordClusters() const {
  const auto cap = static_cast<uint32_t>(std::max(1, o_.word_cluster_max_occurrences));
  auto occurrences = [](const PreparedDocument& p, uint32_t id) {
    return p.position_begin[id + 1] - p.position_begin[id];
  };
  std::vector<WordMatch> matches;
  for (uint32_t i = 0; i < pa_.content_word.size(); ++i) {
    const uint32_t x = pa_.content_word[i], y = a_to_b_[x];
    if (y == ~0u || occurrences(pa_, x) > cap || occurrences(pb_, y) > cap) continue;
    for (uint32_t p = pb_.position_begin[y]; p < pb_.position_begin[y + 1]; ++p) {
      matches.push_back({i, pb_.positions[p], x});
    }
  }
  if (matches.size() < static_cast<size_t>(o_.word_cluster_min_words)) return {};
  const double n = static_cast<double>(pa_.content_word.size() + pb_.content_word.size());
  std::vector<uint32_t> b_to_a(pb_.vocab.size(), ~0u);
  for (uint32_t x = 0; x < a_to_b_.size(); ++x) {
    if (a_to_b_[x] != ~0u) b_to_a[a_to_b_[x]] = x;
  }
  auto both = [&](uint32_t a_id, uint32_t b_id) {
    return (a_id == ~0u ? 0 : occurrences(pa_, a_id)) + (b_id == ~0u ? 0 : occurrences(pb_, b_id));
  };
  WordWeights weights{std::vector<double>(pa_.vocab.size()), std::vector<double>(pb_.vocab.size())};
  LogOf weight(n + 1);
  for (uint32_t x = 0; x < pa_.vocab.size(); ++x) weights.a[x] = weight(both(x, a_to_b_[x]));
  for (uint32_t y = 0; y < pb_.vocab.size(); ++y) weights.b[y] = weight(both(b_to_a[y], y));

  std::vector<WordCluster> found;
  ClusterWords(std::move(matches), o_.word_cluster_max_gap, weights, &found);
  // Overlapping clusters (in A or in B): the more similar one stays.
  std::sort(found.begin(), found.end(), [](const WordCluster& x, const WordCluster& y) {
    if (x.cosine != y.cosine) return x.cosine > y.cosine;
    return std::tie(x.i_first, x.j_first) < std::tie(y.i_first, y.j_first);
  });
  std::vector<WordCluster> kept;
  for (const WordCluster& c : found) {
    bool overlaps = false;
    for (const WordCluster& k : kept) {
      overlaps |= (c.i_first <= k.i_last && k.i_first <= c.i_last) ||
                  (c.j_first <= k.j_last && k.j_first <= c.j_last);
    }
    if (!overlaps) kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(),
            [](const WordCluster& x, const WordCluster& y) { return x.i_first < y.i_first; });
  std::vector<PassagePair> out;
  for (const WordCluster& c : kept) {
    PassagePair p;
    p.a = TokenSpan(a_, pa_.content_token[c.i_first], pa_.content_token[c.i_last] + 1);
    p.b = TokenSpan(b_, pb_.content_token[c.j_first], pb_.content_token[c.j_last] + 1);
    p.score = c.cosine;
    p.by_words = true;
    uint32_t kept_words = 0;
    std::vector<EditOp> edits = EditScript(a_, p.a.first_token, p.a.end_token, b_, p.b.first_token,
                                           p.b.end_token, th_, &kept_words);
    // Not a summary by length: a cluster is words kept, not a retelling.
    Finish(&p, std::move(edits), kept_words, /*summary=*/false, /*by_length=*/false);
    out.push_back(std::move(p));
  }
  return out;
}

void PairAligner::ClusterWords(std::vector<WordMatch> m, int gap, const WordWeights& weights,
                               std::vector<WordCluster>* out) const {
  std::sort(m.begin(), m.end(), [](const WordMatch& x, const WordMatch& y) {
    return std::tie(x.i, x.j) < std::tie(y.i, y.j);
  });
  std::vector<uint32_t> parent(m.size());
  for (uint32_t k = 0; k < m.size(); ++k) parent[k] = k;
  auto root = [&](uint32_t k) {
    while (parent[k] != k) k = parent[k] = parent[parent[k]];
    return k;
  };
  const auto g = static_cast<int64_t>(gap);
  for (uint32_t k = 1; k < m.size(); ++k) {
    for (uint32_t q = k; q-- > 0 && static_cast<int64_t>(m[k].i) - m[q].i <= g;) {
      if (std::abs(static_cast<int64_t>(m[k].j) - m[q].j) <= g) {
        const uint32_t x = root(k), y = root(q);
        if (x != y) parent[std::max(x, y)] = std::min(x, y);
      }
    }
  }
  std::vector<std::vector<WordMatch>> groups;
  std::vector<uint32_t> group_of(m.size(), ~0u);
  for (uint32_t k = 0; k < m.size(); ++k) {
    const uint32_t r = root(k);
    if (group_of[r] == ~0u) {
      group_of[r] = static_cast<uint32_t>(groups.size());
      groups.emplace_back();
    }
    groups[group_of[r]].push_back(m[k]);
  }
  const auto min_words = static_cast<size_t>(o_.word_cluster_min_words);
  std::vector<std::pair<uint32_t, bool>> words;  // (A's word id, capitalized there)
  for (std::vector<WordMatch>& group : groups) {
    if (group.size() < min_words) continue;
    TrimEdges(std::max(1, gap / 2), &group);
    words.clear();
    WordCluster c{group[0].i, group[0].i, group[0].j, group[0].j, 0};
    for (const WordMatch& w : group) {
      words.emplace_back(w.word, Capitalized(a_, pa_.content_token[w.i]));
      c.i_first = std::min(c.i_first, w.i);
      c.i_last = std::max(c.i_last, w.i);
      c.j_first = std::min(c.j_first, w.j);
      c.j_last = std::max(c.j_last, w.j);
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end(),
                            [](const auto& x, const auto& y) { return x.first == y.first; }),
                words.end());
    // Texts on one story share its names (people, places, organisations), and often several
    // in a row; a reused passage shares the ordinary words around them too. A cluster needs
    // as many words that are not capitalized (names, or a sentence's first word) as names.
    const auto names = static_cast<size_t>(
        std::count_if(words.begin(), words.end(), [](const auto& w) { return w.second; }));
    if (words.size() < min_words || 2 * names > words.size()) continue;
    const int64_t len_a = a_.tokens[pa_.content_token[c.i_last]].end_char -
                          a_.tokens[pa_.content_token[c.i_first]].begin_char;
    const int64_t len_b = b_.tokens[pb_.content_token[c.j_last]].end_char -
                          b_.tokens[pb_.content_token[c.j_first]].begin_char;
    // The shorter side a third of the floor; where the floor already follows a short document
    // (AlignOptions::short_passage_share), the floor itself.
    const int64_t shorter_floor = min_passage_chars_ < o_.min_passage_chars
                                      ? min_passage_chars_
                                      : (min_passage_chars_ + 2) / 3;
    if (std::max(len_a, len_b) < min_passage_chars_ || std::min(len_a, len_b) < shorter_floor) {
      continue;
    }
    c.cosine = WordSpanCosine(c, weights);
    if (c.cosine >= o_.word_cluster_min_cosine) {
      out->push_back(c);
    } else if (gap > 1) {
      ClusterWords(std::move(group), gap / 2, weights, out);
    }
  }
}

void PairAligner::TrimEdges(int gap, std::vector<WordMatch>* group) {
  std::vector<uint32_t> at;
  for (bool changed = true; changed && group->size() > 1;) {
    changed = false;
    for (const bool in_a : {true, false}) {
      at.clear();
      for (const WordMatch& w : *group) at.push_back(in_a ? w.i : w.j);
      std::sort(at.begin(), at.end());
      at.erase(std::unique(at.begin(), at.end()), at.end());
      size_t lo = 0, hi = at.size() - 1;
      while (lo < hi && at[lo + 1] - at[lo] > static_cast<uint32_t>(gap)) ++lo;
      while (hi > lo && at[hi] - at[hi - 1] > static_cast<uint32_t>(gap)) --hi;
      if (lo == 0 && hi == at.size() - 1) continue;
      std::erase_if(*group, [&](const WordMatch& w) {
        const uint32_t x = in_a ? w.i : w.j;
        return x < at[lo] || x > at[hi];
      });
      changed = true;
    }
  }
}

bool PairAligner::Capitalized(const AnalyzedDocument& d, uint32_t t) {
  const std::string_view text = d.Text(d.tokens[t]);
  if (text.empty()) return false;
  const Utf8Sequence first = DecodeUtf8(text, 0);
  return first.valid && first.cp > 0 && u_isupper(static_cast<UChar32>(first.cp));
}

double PairAligner::WordSpanCosine(const WordCluster& c, const WordWeights& weights) const {
  auto vector = [](const PreparedDocument& p, const std::vector<double>& idf, uint32_t first,
                   uint32_t last) {
    std::vector<TermWeight> v;
    for (uint32_t k = first; k <= last; ++k) {
      const uint32_t id = p.content_word[k];
      v.push_back({p.vocab[id], static_cast<float>(idf[id])});
    }
    SumByKey(&v);
    return v;
  };
  return Cosine(vector(pa_, weights.a, c.i_first, c.i_last),
                vector(pb_, weights.b, c.j_first, c.j_last));
}

}  // namespace align_internal
}  // namespace textrace
