#include "align/edit_script.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "util/flat_map.h"

namespace textrace {
namespace {

using Match = std::pair<uint32_t, uint32_t>;

// Exact LCS by dynamic programming over a[alo, ahi) x b[blo, bhi); appends matches in order.
void LcsDp(std::span<const uint64_t> a, uint32_t alo, uint32_t ahi, std::span<const uint64_t> b,
           uint32_t blo, uint32_t bhi, std::vector<Match>* out) {
  const uint32_t n = ahi - alo, m = bhi - blo;
  // len[i][j] = LCS of a[alo+i..ahi) and b[blo+j..bhi), so the walk forward is greedy.
  std::vector<uint32_t> len(static_cast<size_t>(n + 1) * (m + 1), 0);
  auto at = [&](uint32_t i, uint32_t j) -> uint32_t& {
    return len[static_cast<size_t>(i) * (m + 1) + j];
  };
  for (uint32_t i = n; i-- > 0;) {
    for (uint32_t j = m; j-- > 0;) {
      at(i, j) =
          a[alo + i] == b[blo + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  uint32_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[alo + i] == b[blo + j]) {
      out->emplace_back(alo + i, blo + j);
      ++i;
      ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
}

void Solve(std::span<const uint64_t> a, uint32_t alo, uint32_t ahi, std::span<const uint64_t> b,
           uint32_t blo, uint32_t bhi, int64_t exact_cells, std::vector<Match>* out) {
  // Common prefix and suffix are matches in any LCS.
  while (alo < ahi && blo < bhi && a[alo] == b[blo]) out->emplace_back(alo++, blo++);
  std::vector<Match> suffix;
  while (alo < ahi && blo < bhi && a[ahi - 1] == b[bhi - 1]) suffix.emplace_back(--ahi, --bhi);
  if (alo < ahi && blo < bhi) {
    if (static_cast<int64_t>(ahi - alo) * (bhi - blo) <= exact_cells) {
      LcsDp(a, alo, ahi, b, blo, bhi, out);
    } else {
      // Patience: words occurring once on each side, in increasing order on both, are anchors.
      FlatMap64<std::pair<int, uint32_t>> ca(ahi - alo), cb(bhi - blo);  // count, position
      for (uint32_t i = alo; i < ahi; ++i) {
        auto& e = ca[a[i]];
        ++e.first;
        e.second = i;
      }
      for (uint32_t j = blo; j < bhi; ++j) {
        auto& e = cb[b[j]];
        ++e.first;
        e.second = j;
      }
      std::vector<Match> uniq;  // in order of a
      for (uint32_t i = alo; i < ahi; ++i) {
        const std::pair<int, uint32_t>* ia = ca.Find(a[i]);
        const std::pair<int, uint32_t>* ib = cb.Find(a[i]);
        // The words compared too: the maps hold the key ~0 as ~0 - 1.
        if (ia->first == 1 && ib != nullptr && ib->first == 1 && b[ib->second] == a[i]) {
          uniq.emplace_back(i, ib->second);
        }
      }
      // Longest increasing subsequence of the b positions (patience sorting).
      std::vector<int> tails, prev(uniq.size(), -1);
      for (int k = 0; k < static_cast<int>(uniq.size()); ++k) {
        auto it = std::lower_bound(tails.begin(), tails.end(), uniq[k].second,
                                   [&](int t, uint32_t v) { return uniq[t].second < v; });
        if (it != tails.begin()) prev[k] = *(it - 1);
        if (it == tails.end()) {
          tails.push_back(k);
        } else {
          *it = k;
        }
      }
      std::vector<Match> anchors;
      for (int k = tails.empty() ? -1 : tails.back(); k >= 0; k = prev[k])
        anchors.push_back(uniq[k]);
      std::reverse(anchors.begin(), anchors.end());
      if (anchors.empty()) {
        // Nothing anchors this stretch: cut A into k blocks, each solved (recursively, where
        // words unique within the smaller pieces anchor it) against a window of B twice the
        // block's share, starting after the previous block's last match.
        const int64_t n = ahi - alo, m = bhi - blo;
        int64_t k = 2;
        while (n * m / (k * k) > exact_cells && k < std::min(n, m)) k *= 2;
        k = std::min<int64_t>(k, std::min(n, m));
        if (k < 2) {  // one side is a single word: the exact solution is linear
          LcsDp(a, alo, ahi, b, blo, bhi, out);
        } else {
          int64_t cursor = blo;
          for (int64_t i = 0; i < k && cursor < bhi; ++i) {
            const auto a0 = static_cast<uint32_t>(alo + n * i / k);
            const auto a1 = static_cast<uint32_t>(alo + n * (i + 1) / k);
            const int64_t window = i + 1 == k ? bhi - cursor : 2 * m / k + 1;
            const auto b1 = static_cast<uint32_t>(std::min<int64_t>(bhi, cursor + window));
            const size_t before = out->size();
            Solve(a, a0, a1, b, static_cast<uint32_t>(cursor), b1, exact_cells, out);
            cursor = out->size() > before ? out->back().second + 1
                                          : std::min<int64_t>(bhi, cursor + m / k);
          }
        }
      } else {
        uint32_t pa = alo, pb = blo;
        for (const Match& m : anchors) {
          Solve(a, pa, m.first, b, pb, m.second, exact_cells, out);
          out->push_back(m);
          pa = m.first + 1;
          pb = m.second + 1;
        }
        Solve(a, pa, ahi, b, pb, bhi, exact_cells, out);
      }
    }
  }
  out->insert(out->end(), suffix.rbegin(), suffix.rend());
}

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> CommonSubsequence(std::span<const uint64_t> a,
                                                             std::span<const uint64_t> b,
                                                             int64_t exact_cells) {
  std::vector<Match> out;
  Solve(a, 0, static_cast<uint32_t>(a.size()), b, 0, static_cast<uint32_t>(b.size()),
        std::max<int64_t>(exact_cells, 1), &out);
  return out;
}

std::vector<EditOp> EditScript(const AnalyzedDocument& a, uint32_t a_begin, uint32_t a_end,
                               const AnalyzedDocument& b, uint32_t b_begin, uint32_t b_end,
                               const Thesaurus* thesaurus, uint32_t* kept_tokens) {
  std::vector<uint64_t> ka, kb;
  ka.reserve(a_end - a_begin);
  kb.reserve(b_end - b_begin);
  for (uint32_t i = a_begin; i < a_end; ++i) ka.push_back(a.tokens[i].key);
  for (uint32_t j = b_begin; j < b_end; ++j) kb.push_back(b.tokens[j].key);
  const auto matches = CommonSubsequence(ka, kb);
  if (kept_tokens != nullptr) *kept_tokens = static_cast<uint32_t>(matches.size());

  std::vector<EditOp> ops;
  auto gap = [&](uint32_t ai, uint32_t aj, uint32_t bi, uint32_t bj) {
    if (ai == aj && bi == bj) return;
    EditOp op;
    op.a_begin = a_begin + ai;
    op.a_end = a_begin + aj;
    op.b_begin = b_begin + bi;
    op.b_end = b_begin + bj;
    if (ai == aj) {
      op.kind = EditKind::kInsert;
    } else if (bi == bj) {
      op.kind = EditKind::kDelete;
    } else {
      op.kind = EditKind::kReplace;
      if (thesaurus != nullptr && aj - ai == bj - bi) {
        bool all = true;
        for (uint32_t k = 0; k < aj - ai && all; ++k) {
          all = thesaurus->AreSynonyms(ka[ai + k], kb[bi + k]);
        }
        op.synonym = all;
      }
    }
    ops.push_back(op);
  };
  uint32_t pa = 0, pb = 0;
  for (size_t k = 0; k < matches.size();) {
    const auto [i, j] = matches[k];
    gap(pa, i, pb, j);
    size_t run = 1;
    while (k + run < matches.size() && matches[k + run].first == i + run &&
           matches[k + run].second == j + run) {
      ++run;
    }
    EditOp keep;
    keep.kind = EditKind::kKeep;
    keep.a_begin = a_begin + i;
    keep.a_end = a_begin + i + static_cast<uint32_t>(run);
    keep.b_begin = b_begin + j;
    keep.b_end = b_begin + j + static_cast<uint32_t>(run);
    ops.push_back(keep);
    pa = i + static_cast<uint32_t>(run);
    pb = j + static_cast<uint32_t>(run);
    k += run;
  }
  gap(pa, static_cast<uint32_t>(ka.size()), pb, static_cast<uint32_t>(kb.size()));
  return ops;
}

}  // namespace textrace
