// PairAligner (pair_aligner.h): its construction and the stages joined: seeds, extension,
// filtering and summaries into passages, or else word clusters; and the term-vector helpers
// the stages share.
#include "align/pair_aligner.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

namespace textrace {
namespace align_internal {

void SumByKey(std::vector<TermWeight>* v) {
  std::sort(v->begin(), v->end(),
            [](const TermWeight& x, const TermWeight& y) { return x.key < y.key; });
  size_t w = 0;
  for (size_t r = 0; r < v->size(); ++r) {
    if (w > 0 && (*v)[w - 1].key == (*v)[r].key) {
      (*v)[w - 1].w += (*v)[r].w;
    } else {
      (*v)[w++] = (*v)[r];
    }
  }
  v->resize(w);
}

double Cosine(const std::vector<TermWeight>& x, const std::vector<TermWeight>& y) {
  double dot = 0, nx = 0, ny = 0;
  for (const TermWeight& t : x) nx += static_cast<double>(t.w) * t.w;
  for (const TermWeight& t : y) ny += static_cast<double>(t.w) * t.w;
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i].key < y[j].key) {
      ++i;
    } else if (y[j].key < x[i].key) {
      ++j;
    } else {
      dot += static_cast<double>(x[i++].w) * y[j++].w;
    }
  }
  return nx > 0 && ny > 0 ? dot / std::sqrt(nx * ny) : 0;
}

PairAligner::PairAligner(const AlignOptions& o, const Thesaurus* th, const PreparedDocument& a,
                         const PreparedDocument& b)
    : o_(o), th_(th), a_(*a.doc), b_(*b.doc), pa_(a), pb_(b) {
  min_passage_chars_ = o_.min_passage_chars;
  if (o_.short_passage_share > 0 && !a_.sentences.empty() && !b_.sentences.empty()) {
    // A short document is related as a whole: the floor follows the shorter one's length.
    const int64_t shorter =
        std::min(CharLen(a_, 0, static_cast<uint32_t>(a_.sentences.size() - 1)),
                 CharLen(b_, 0, static_cast<uint32_t>(b_.sentences.size() - 1)));
    const auto share = static_cast<int64_t>(std::ceil(o_.short_passage_share * shorter));
    min_passage_chars_ = std::min<int64_t>(
        min_passage_chars_, std::max<int64_t>(share, (o_.min_passage_chars + 2) / 3));
  }
  weak_min_cosine_ = o_.weak_seed_min_cosine;
  if (o_.summary_chain_min_sentences > 0 && o_.summary_chain_min_seed_cosine > 0 &&
      (weak_min_cosine_ <= 0 || o_.summary_chain_min_seed_cosine < weak_min_cosine_)) {
    weak_min_cosine_ = o_.summary_chain_min_seed_cosine;
  }
}

std::vector<PassagePair> PairAligner::Run() {
  if (a_.sentences.empty() || b_.sentences.empty()) return {};
  BuildVectors();
  std::vector<PassagePair> out = SentencePassages();
  if (out.empty() && o_.word_cluster_min_words > 0) out = WordClusters();
  return out;
}

std::vector<PassagePair> PairAligner::SentencePassages() {
  std::vector<Seed> weak;
  const std::vector<Seed> raw = FindSeeds(&weak);
  if (raw.empty()) return {};
  const std::vector<Seed> seeds = DropDominated(raw);
  std::vector<Cluster> extended = Extend(seeds, o_.max_gap, o_.max_gap);
  if (!weak.empty() && o_.weak_seed_min_cosine > 0) AbsorbWeakSeeds(seeds, weak, &extended);
  const std::vector<Cluster> found = Filter(std::move(extended));
  // A summarising B first; when that leaves no passage at all, B summarising A. Trying both
  // always would let a copied block plus stray matches far away in a long A pass for a
  // summary; tried only on an empty result, the second direction makes finding a summary much
  // less dependent on which document is A (AlignPair, in pair.cc, chooses it by length).
  std::vector<Seed> chain_seeds;
  if (o_.summary_chain_min_sentences > 0) {
    chain_seeds = raw;
    for (const Seed& w : weak) {
      if (w.cosine >= o_.summary_chain_min_seed_cosine) chain_seeds.push_back(w);
    }
    chain_seeds = DropDominated(std::move(chain_seeds));
  }
  auto summaries = [&](bool a_summarises) {
    auto out = SummaryPassages(seeds, a_summarises);
    auto chains = SummaryChains(chain_seeds, a_summarises);
    out.insert(out.end(), std::make_move_iterator(chains.begin()),
               std::make_move_iterator(chains.end()));
    return out;
  };
  std::vector<PassagePair> out = Assemble(found, summaries(true));
  if (out.empty()) {
    auto other_way = summaries(false);
    if (!other_way.empty()) out = Assemble(found, std::move(other_way));
  }
  return out;
}

}  // namespace align_internal
}  // namespace textrace
