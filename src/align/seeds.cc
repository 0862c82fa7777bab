// PairAligner's seeding (pair_aligner.h): the sentence vectors of both documents, the sentence
// pairs similar enough to seed a passage (synonyms counted for near misses, contained sentences
// too), and the dropping of dominated seeds.
#include <algorithm>
#include <cmath>

#include "align/pair_aligner.h"

namespace textrace {
namespace align_internal {

void PairAligner::BuildVectors() {
  const double n = static_cast<double>(a_.sentences.size() + b_.sentences.size());
  constexpr uint32_t kNone = ~0u;
  a_to_b_.assign(pa_.vocab.size(), kNone);
  std::vector<double> isf_a(pa_.vocab.size()), isf_b(pb_.vocab.size());
  std::vector<uint32_t> df_b(pb_.sentence_freq);
  LogOf isf(n + 1);
  for (size_t i = 0, j = 0; i < pa_.vocab.size(); ++i) {
    while (j < pb_.vocab.size() && pb_.vocab[j] < pa_.vocab[i]) ++j;
    uint32_t df = pa_.sentence_freq[i];
    if (j < pb_.vocab.size() && pb_.vocab[j] == pa_.vocab[i]) {
      a_to_b_[i] = static_cast<uint32_t>(j);
      df += pb_.sentence_freq[j];
      df_b[j] = df;
    }
    isf_a[i] = isf(df);
  }
  for (size_t j = 0; j < pb_.vocab.size(); ++j) isf_b[j] = isf(df_b[j]);
  auto weigh = [](const PreparedDocument& p, const std::vector<double>& isf,
                  std::vector<TermWeight>* flat, std::vector<SentenceVector>* out) {
    flat->resize(p.terms.size());
    for (size_t k = 0; k < p.terms.size(); ++k) {
      const PreparedDocument::Term& t = p.terms[k];
      (*flat)[k] = {p.vocab[t.id], static_cast<float>(static_cast<float>(t.tf) * isf[t.id])};
    }
    out->resize(p.sentence_begin.size() - 1);
    for (size_t s = 0; s + 1 < p.sentence_begin.size(); ++s) {
      SentenceVector& sv = (*out)[s];
      sv.terms = std::span<const TermWeight>(flat->data() + p.sentence_begin[s],
                                             p.sentence_begin[s + 1] - p.sentence_begin[s]);
      double norm2 = 0;
      for (const TermWeight& tw : sv.terms) norm2 += static_cast<double>(tw.w) * tw.w;
      sv.norm = std::sqrt(norm2);
    }
  };
  weigh(pa_, isf_a, &wa_, &va_);
  weigh(pb_, isf_b, &wb_, &vb_);
}

std::vector<Seed> PairAligner::FindSeeds(std::vector<Seed>* weak) const {
  std::vector<double> dot(vb_.size(), 0);
  std::vector<uint32_t> shared(vb_.size(), 0);
  std::vector<uint32_t> touched;
  std::vector<Seed> seeds;
  for (uint32_t s = 0; s < va_.size(); ++s) {
    const SentenceVector& sa = va_[s];
    if (sa.terms.empty()) continue;
    touched.clear();
    for (uint32_t k = pa_.sentence_begin[s]; k < pa_.sentence_begin[s + 1]; ++k) {
      const uint32_t id = a_to_b_[pa_.terms[k].id];
      if (id == ~0u) continue;
      const uint32_t lo = pb_.posting_begin[id], hi = pb_.posting_begin[id + 1];
      if (static_cast<int>(hi - lo) > o_.max_postings) continue;
      const double w = wa_[k].w;
      for (uint32_t p = lo; p < hi; ++p) {
        const uint32_t t = pb_.postings[p].sentence;
        if (shared[t] == 0) touched.push_back(t);
        dot[t] += w * wb_[pb_.postings[p].term].w;
        ++shared[t];
      }
    }
    for (uint32_t t : touched) {
      double d = dot[t];
      double sh = shared[t];
      const SentenceVector& sb = vb_[t];
      if (th_ != nullptr && !Passes(sa, sb, d, sh) && CouldPassWithSynonyms(sa, sb, d, sh)) {
        AddSynonyms(sa, sb, &d, &sh);
      }
      // A seed's strength is the higher of its cosine and its containment, so that a line of a
      // wrapped sentence that also passes as a seed does not lose to a contained sibling.
      const double contained = Containment(sa, sb, d, sh, shared[t]);
      const double cosine = sa.norm > 0 && sb.norm > 0 ? d / (sa.norm * sb.norm) : 0;
      const auto c = static_cast<float>(cosine);
      if (Passes(sa, sb, d, sh) || contained > 0) {
        seeds.push_back({s, t, c, false, std::max(c, static_cast<float>(contained))});
      } else if (weak_min_cosine_ > 0 && shared[t] >= 2 && cosine >= weak_min_cosine_ &&
                 2 * sh / static_cast<double>(sa.terms.size() + sb.terms.size()) >=
                     o_.weak_seed_min_dice) {
        weak->push_back({s, t, c, true, c});
      }
      dot[t] = 0;
      shared[t] = 0;
    }
  }
  return seeds;
}

std::vector<Seed> PairAligner::DropDominated(std::vector<Seed> seeds) const {
  if (o_.seed_dominance <= 0) return seeds;
  std::vector<float> best_a(va_.size(), 0), best_b(vb_.size(), 0);
  for (const Seed& s : seeds) {
    best_a[s.a] = std::max(best_a[s.a], s.strength);
    best_b[s.b] = std::max(best_b[s.b], s.strength);
  }
  std::vector<Seed> kept;
  for (const Seed& s : seeds) {
    if (s.strength >= o_.seed_dominance * std::max(best_a[s.a], best_b[s.b])) kept.push_back(s);
  }
  return kept;
}

bool PairAligner::Passes(const SentenceVector& sa, const SentenceVector& sb, double dot,
                         double shared) const {
  if (sa.norm == 0 || sb.norm == 0) return false;
  const double cosine = dot / (sa.norm * sb.norm);
  const double dice = 2 * shared / static_cast<double>(sa.terms.size() + sb.terms.size());
  return cosine >= o_.seed_min_cosine && dice >= o_.seed_min_dice;
}

double PairAligner::Containment(const SentenceVector& sa, const SentenceVector& sb, double dot,
                                double shared, uint32_t exact) const {
  if (o_.seed_min_containment <= 0 || exact < static_cast<uint32_t>(o_.containment_min_words)) {
    return 0;
  }
  const SentenceVector& small = sa.terms.size() <= sb.terms.size() ? sa : sb;
  if (small.norm == 0 || shared < o_.seed_min_containment * small.terms.size()) return 0;
  const double c = std::min(1.0, dot / (small.norm * small.norm));
  return c >= o_.seed_min_containment ? c : 0;
}

bool PairAligner::CouldPassWithSynonyms(const SentenceVector& sa, const SentenceVector& sb,
                                        double dot, double shared) const {
  if (shared < 2 || dot < 0.5 * o_.seed_min_cosine * sa.norm * sb.norm) return false;
  const double unmatched = std::min(sa.terms.size(), sb.terms.size()) - shared;
  if (unmatched <= 0) return false;
  const double dice_max = 2 * (shared + o_.synonym_weight * unmatched) /
                          static_cast<double>(sa.terms.size() + sb.terms.size());
  if (dice_max < o_.seed_min_dice) return false;
  // Cosine: the synonym terms add at most w * |a_rest| * |b_rest| <= w * |a| * |b|.
  const double cos_max = dot / (sa.norm * sb.norm) + o_.synonym_weight;
  return cos_max >= o_.seed_min_cosine;
}

void PairAligner::AddSynonyms(const SentenceVector& sa, const SentenceVector& sb, double* dot,
                              double* shared) const {
  std::vector<const TermWeight*> ua, ub;
  size_t i = 0, j = 0;
  while (i < sa.terms.size() || j < sb.terms.size()) {
    if (j == sb.terms.size() || (i < sa.terms.size() && sa.terms[i].key < sb.terms[j].key)) {
      ua.push_back(&sa.terms[i++]);
    } else if (i == sa.terms.size() || sb.terms[j].key < sa.terms[i].key) {
      ub.push_back(&sb.terms[j++]);
    } else {
      ++i;
      ++j;
    }
  }
  for (const TermWeight* x : ua) {
    for (auto& y : ub) {
      if (y != nullptr && th_->AreSynonyms(x->key, y->key)) {
        *dot += o_.synonym_weight * static_cast<double>(x->w) * y->w;
        *shared += o_.synonym_weight;
        y = nullptr;  // each word of B pairs once
        break;
      }
    }
  }
}

}  // namespace align_internal
}  // namespace textrace
