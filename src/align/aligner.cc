#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <span>

#include "align/edit_script.h"
#include "textrace/align.h"
#include "textrace/relate.h"

namespace textrace {
namespace {

// log(numerator / k) for whole k, each small k's value computed once: a pair's weights take one
// log per word of both vocabularies, and most words share a handful of small counts. The values
// are std::log's own, so the weights are the same bits as without the cache.
class LogOf {
 public:
  explicit LogOf(double numerator) : numerator_(numerator) {}
  double operator()(uint32_t k) {
    if (k >= kCached) return std::log(numerator_ / static_cast<double>(k));
    if (!known_[k]) {
      value_[k] = std::log(numerator_ / static_cast<double>(k));
      known_[k] = true;
    }
    return value_[k];
  }

 private:
  static constexpr uint32_t kCached = 64;
  double numerator_;
  double value_[kCached];
  bool known_[kCached] = {};
};

struct TermWeight {
  uint64_t key;
  float w;
};

// A sentence as a tf-isf vector over its content words, sorted by key.
struct SentenceVector {
  std::span<const TermWeight> terms;
  double norm = 0;
};

// Sorts `v` by key and merges entries of equal key, adding their weights.
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

// Cosine of two term vectors sorted by key with distinct keys (SumByKey).
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

// A summary candidate whose short side a one-to-one passage covers to this share is that passage.
constexpr double kCopyCoversSummary = 0.9;
// A passage this similar is a copy: the seeds a summary chain shares with it are not its own.
constexpr double kCopyCosine = 0.7;

struct Seed {
  uint32_t a;  // sentence of A
  uint32_t b;  // sentence of B
  float cosine;
  bool weak = false;  // a weak pair (below the seed thresholds), not a seed
  // What the dominance rule compares: the higher of the cosine and, for a sentence contained in a
  // longer one (a sentence split in two on one side), its containment, which the cosine
  // understates.
  float strength = 0;
};

// A candidate passage pair in sentence indices, inclusive ranges.
struct Cluster {
  uint32_t a_first, a_last, b_first, b_last;
  double cosine;
  bool summary;
  uint32_t seeds;
  bool chain = false;  // a summary chain (SummaryChains)
};

// Per-document-pair state: sentence vectors of both documents and the similarity helpers.
class PairAligner {
 public:
  PairAligner(const AlignOptions& o, const Thesaurus* th, const PreparedDocument& a,
              const PreparedDocument& b)
      : o_(o), th_(th), a_(*a.doc), b_(*b.doc), pa_(a), pb_(b) {
    weak_min_cosine_ = o_.weak_seed_min_cosine;
    if (o_.summary_chain_min_sentences > 0 && o_.summary_chain_min_seed_cosine > 0 &&
        (weak_min_cosine_ <= 0 || o_.summary_chain_min_seed_cosine < weak_min_cosine_)) {
      weak_min_cosine_ = o_.summary_chain_min_seed_cosine;
    }
  }

  std::vector<PassagePair> Run() {
    if (a_.sentences.empty() || b_.sentences.empty()) return {};
    BuildVectors();
    std::vector<PassagePair> out = SentencePassages();
    if (out.empty() && o_.word_cluster_min_words > 0) out = WordClusters();
    return out;
  }

 private:
  std::vector<PassagePair> SentencePassages() {
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
    // less dependent on which document is A (the scan puts the shorter one first).
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

  // Summaries: a stretch of one side whose seeds are spread over a much longer stretch of the
  // other replaces the fragments the one-to-one extension found inside its short side.
  // A summary candidate is a copy with stray seeds, not a summary, when one passage of the
  // one-to-one extension holds most of its seeds (weak pairs of a chain do not count), or covers
  // nearly all of its short side (the candidate adds nothing there, only stray matches on the
  // long side): then that passage stays.
  std::vector<PassagePair> Assemble(std::vector<Cluster> found,
                                    std::vector<std::pair<Cluster, std::vector<Seed>>> candidates) {
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

  // Sentence vectors with isf over the sentences of both documents: a word's weight is its
  // frequency in the sentence times log((n + 1) / df), df counting the sentences of both
  // documents that hold it. The prepared vocabularies are merged, so no pair-level sort or hash.
  void BuildVectors() {
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

  // Seeds: sentence pairs similar enough in cosine and Dice. Candidates come from B's prepared
  // postings; synonyms are counted for candidates that share at least one word.
  std::vector<Seed> FindSeeds(std::vector<Seed>* weak) const {
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

  // A sentence that has a much better partner than this one (a copy, say) is not reused twice:
  // drop seeds far below the best seed of their A sentence or of their B sentence. Without this,
  // a copied sentence also seeds with every same-topic sentence nearby, and passages overgrow.
  std::vector<Seed> DropDominated(std::vector<Seed> seeds) const {
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

  bool Passes(const SentenceVector& sa, const SentenceVector& sb, double dot, double shared) const {
    if (sa.norm == 0 || sb.norm == 0) return false;
    const double cosine = dot / (sa.norm * sb.norm);
    const double dice = 2 * shared / static_cast<double>(sa.terms.size() + sb.terms.size());
    return cosine >= o_.seed_min_cosine && dice >= o_.seed_min_dice;
  }

  // A sentence that one side split in two (or that a line break cut) is a short sentence whose
  // words nearly all recur in a longer one: its cosine with the whole is low, its containment
  // high. Returns the containment (weighted share of the shorter sentence's words that the longer
  // holds, synonyms counted as in seeding) when it reaches seed_min_containment with
  // containment_min_words words shared exactly, else 0.
  double Containment(const SentenceVector& sa, const SentenceVector& sb, double dot, double shared,
                     uint32_t exact) const {
    if (o_.seed_min_containment <= 0 || exact < static_cast<uint32_t>(o_.containment_min_words)) {
      return 0;
    }
    const SentenceVector& small = sa.terms.size() <= sb.terms.size() ? sa : sb;
    if (small.norm == 0 || shared < o_.seed_min_containment * small.terms.size()) return 0;
    const double c = std::min(1.0, dot / (small.norm * small.norm));
    return c >= o_.seed_min_containment ? c : 0;
  }

  // Synonyms refine near misses; they do not make a seed out of one shared word. Only pairs with
  // at least two shared words and half the seed cosine are looked at, and only when, even with
  // every unmatched word matched, they could pass.
  bool CouldPassWithSynonyms(const SentenceVector& sa, const SentenceVector& sb, double dot,
                             double shared) const {
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

  // Counts each unmatched word of A that has an unmatched synonym in B as a (weaker) match.
  void AddSynonyms(const SentenceVector& sa, const SentenceVector& sb, double* dot,
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

  // A passage pair grows by the weak seeds next to it (within weak_seed_max_gap sentences on both
  // sides) whose sentences no seed holds, while the whole-passage cosine stays at
  // passage_min_cosine; each one absorbed counts as a seed.
  void AbsorbWeakSeeds(const std::vector<Seed>& seeds, std::vector<Seed> weak,
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

  // Clusters seeds into passage pairs: split wherever consecutive seeds are more than `gap`
  // sentences apart in A or in B, until stable; then validate each by the cosine of its whole
  // passages, re-clustering with a smaller gap when it fails.
  std::vector<Cluster> Extend(std::vector<Seed> seeds, int gap_a, int gap_b) const {
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

  // Seeding misses sentences at a passage's edges that were split, merged or reworded more than
  // the rest. Add a neighbouring sentence on either side (A, B or both) while that does not lower
  // the similarity of the whole passages.
  void Grow(Cluster* c) const {
    for (int step = 0; step < 4; ++step) {
      Cluster best = *c;
      auto consider = [&](int da0, int da1, int db0, int db1) {
        Cluster t = *c;
        if (static_cast<int64_t>(t.a_first) - da0 < 0 ||
            static_cast<int64_t>(t.b_first) - db0 < 0 || t.a_last + da1 >= va_.size() ||
            t.b_last + db1 >= vb_.size()) {
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

  // Summary candidates: seeds clustered on the short side as usual but joined across any gap on
  // the long side (up to summary_max_gap sentences). A cluster whose long side is
  // summary_length_ratio times longer than its short side, with at least two seeds, is one side
  // summarising the other. Both directions are tried, so the result does not depend on which
  // document is A. The seeds are the dominance-filtered ones, so a one-to-one copy stays on its
  // diagonal and never looks like a summary.
  std::vector<std::pair<Cluster, std::vector<Seed>>> SummaryPassages(const std::vector<Seed>& seeds,
                                                                     bool a_summarises) const {
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

  // Summary chains (see AlignOptions::summary_chain_min_sentences): the longest chains of seeds
  // in the same order on both sides, one seed per sentence of the short side, at most max_gap
  // sentences apart there and summary_max_gap on the long side.
  std::vector<std::pair<Cluster, std::vector<Seed>>> SummaryChains(std::vector<Seed> seeds,
                                                                   bool a_summarises) const {
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

  static std::vector<std::vector<Seed>> Split(std::vector<Seed> seeds, int gap_a, int gap_b) {
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

  static Cluster Bounds(const std::vector<Seed>& g, bool summary) {
    Cluster c{g[0].a, g[0].a, g[0].b, g[0].b, 0, summary, static_cast<uint32_t>(g.size())};
    for (const Seed& s : g) {
      c.a_first = std::min(c.a_first, s.a);
      c.a_last = std::max(c.a_last, s.a);
      c.b_first = std::min(c.b_first, s.b);
      c.b_last = std::max(c.b_last, s.b);
    }
    return c;
  }

  // Cosine of the summed vectors of the two passages.
  double PassageCosine(const Cluster& c) const {
    auto sum = [](const std::vector<SentenceVector>& v, uint32_t first, uint32_t last) {
      std::vector<TermWeight> all;
      for (uint32_t s = first; s <= last; ++s)
        all.insert(all.end(), v[s].terms.begin(), v[s].terms.end());
      SumByKey(&all);
      return all;
    };
    return Cosine(sum(va_, c.a_first, c.a_last), sum(vb_, c.b_first, c.b_last));
  }

  static int64_t CharLen(const AnalyzedDocument& d, uint32_t first, uint32_t last) {
    return static_cast<int64_t>(d.tokens[d.sentences[last].end_token - 1].end_char) -
           d.tokens[d.sentences[first].first_token].begin_char;
  }

  // Overlapping passages in A: keep the more similar one. Then drop fragments.
  std::vector<Cluster> Filter(std::vector<Cluster> cs) const {
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
          CharLen(a_, c.a_first, c.a_last) < o_.min_passage_chars ||
          CharLen(b_, c.b_first, c.b_last) < o_.min_passage_chars) {
        continue;
      }
      kept.push_back(c);
    }
    std::sort(kept.begin(), kept.end(), [](const Cluster& x, const Cluster& y) {
      return std::tie(x.a_first, x.b_first) < std::tie(y.a_first, y.b_first);
    });
    return kept;
  }

  // The passage of whole sentences [first, last].
  static TextSpan Span(const AnalyzedDocument& d, uint32_t first, uint32_t last) {
    return TokenSpan(d, d.sentences[first].first_token, d.sentences[last].end_token);
  }

  // The closing punctuation right after a passage's last word belongs to it ("housing." and
  // "said.”", not "housing"), up to the next space or word.
  static void IncludeClosingPunctuation(const AnalyzedDocument& d, TextSpan* s) {
    const uint32_t limit = s->end_token < d.tokens.size() ? d.tokens[s->end_token].begin_byte
                                                          : static_cast<uint32_t>(d.bytes.size());
    uint32_t b = s->end_byte, c = s->end_char;
    while (b < limit) {
      const auto x = static_cast<unsigned char>(d.bytes[b]);
      if (x != 0 && std::strchr(".,;:!?)]\"'", x) != nullptr) {
        ++b;
        ++c;
      } else if (x == 0xE2 && b + 2 < limit && static_cast<unsigned char>(d.bytes[b + 1]) == 0x80 &&
                 (static_cast<unsigned char>(d.bytes[b + 2]) == 0x9D ||
                  static_cast<unsigned char>(d.bytes[b + 2]) == 0x99)) {  // ” or ’
        b += 3;
        ++c;
      } else {
        break;
      }
    }
    s->end_byte = b;
    s->end_char = c;
  }

  static TextSpan TokenSpan(const AnalyzedDocument& d, uint32_t first, uint32_t end) {
    const Token& t0 = d.tokens[first];
    const Token& t1 = d.tokens[end - 1];
    return {t0.begin_char, t1.end_char, t0.begin_byte, t1.end_byte, first, end};
  }

  // Passages are found at sentence granularity; their true edges are where the shared words start
  // and end. Cut both sides to the first and last kept word (the words before and after are not
  // evidence of reuse), and the edit script with them.
  void TrimToKept(PassagePair* p, std::vector<EditOp>* edits) const {
    auto first = std::find_if(edits->begin(), edits->end(),
                              [](const EditOp& e) { return e.kind == EditKind::kKeep; });
    if (first == edits->end()) return;
    auto last = std::find_if(edits->rbegin(), edits->rend(),
                             [](const EditOp& e) { return e.kind == EditKind::kKeep; });
    // A word or two changed at a sentence edge ("The storm" -> "That storm") is part of the
    // passage: only a longer unmatched stretch is cut.
    constexpr uint32_t kKeepEdgeWords = 2;
    const bool cut_start = first->a_begin - p->a.first_token > kKeepEdgeWords ||
                           first->b_begin - p->b.first_token > kKeepEdgeWords;
    const bool cut_end = p->a.end_token - last->a_end > kKeepEdgeWords ||
                         p->b.end_token - last->b_end > kKeepEdgeWords;
    const uint32_t a0 = cut_start ? first->a_begin : p->a.first_token;
    const uint32_t b0 = cut_start ? first->b_begin : p->b.first_token;
    const uint32_t a1 = cut_end ? last->a_end : p->a.end_token;
    const uint32_t b1 = cut_end ? last->b_end : p->b.end_token;
    if (cut_end) edits->erase(last.base(), edits->end());
    if (cut_start) edits->erase(edits->begin(), first);
    p->a = TokenSpan(a_, a0, a1);
    p->b = TokenSpan(b_, b0, b1);
  }

  std::vector<PassagePair> ToPassages(const std::vector<Cluster>& cs) const {
    std::vector<PassagePair> out;
    for (const Cluster& c : cs) {
      PassagePair p;
      p.a = Span(a_, c.a_first, c.a_last);
      p.b = Span(b_, c.b_first, c.b_last);
      p.score = c.cosine;
      uint32_t kept = 0;
      std::vector<EditOp> edits = EditScript(a_, p.a.first_token, p.a.end_token, b_,
                                             p.b.first_token, p.b.end_token, th_, &kept);
      const double words0 = (p.a.end_token - p.a.first_token) + (p.b.end_token - p.b.first_token);
      if (!c.summary && words0 > 0 && 2.0 * kept / words0 >= o_.trim_min_kept) {
        TrimToKept(&p, &edits);
      }
      Finish(&p, std::move(edits), kept, c.summary, /*by_length=*/true);
      out.push_back(std::move(p));
    }
    return out;
  }

  // The passage pair's kept share, edit script (with byte offsets) and kind, from the words of its
  // spans that the edit script `edits` keeps (`kept`). A passage is a summary when `summary`, or
  // when `by_length` and one side is summary_length_ratio times longer than the other.
  void Finish(PassagePair* pp, std::vector<EditOp> edits, uint32_t kept, bool summary,
              bool by_length) const {
    PassagePair& p = *pp;
    IncludeClosingPunctuation(a_, &p.a);
    IncludeClosingPunctuation(b_, &p.b);
    const double words = (p.a.end_token - p.a.first_token) + (p.b.end_token - p.b.first_token);
    p.kept = words > 0 ? std::min(1.0, 2.0 * kept / words) : 0;
    if (o_.edit_scripts) {
      for (EditOp& e : edits) {
        if (e.a_end > e.a_begin) {
          e.a_begin_byte = a_.tokens[e.a_begin].begin_byte;
          e.a_end_byte = a_.tokens[e.a_end - 1].end_byte;
        }
        if (e.b_end > e.b_begin) {
          e.b_begin_byte = b_.tokens[e.b_begin].begin_byte;
          e.b_end_byte = b_.tokens[e.b_end - 1].end_byte;
        }
      }
      p.edits = std::move(edits);
    }
    const double ratio = static_cast<double>(p.a.end_char - p.a.begin_char) /
                         std::max<uint32_t>(1, p.b.end_char - p.b.begin_char);
    if (p.kept >= 0.97) {
      p.kind = PassageKind::kVerbatim;
    } else if (p.kept >= 0.8) {
      p.kind = PassageKind::kNearVerbatim;
    } else if (summary || (by_length && (ratio * o_.summary_length_ratio <= 1 ||
                                         ratio >= o_.summary_length_ratio))) {
      p.kind = PassageKind::kSummary;
    } else {
      p.kind = PassageKind::kParaphrase;
    }
  }

  // Word clusters (AlignOptions::word_cluster_min_words): passages found from the positions of
  // shared words alone, whatever the sentences.
  struct WordMatch {
    uint32_t i, j;  // content positions in A and in B
    uint32_t word;  // A's word id
  };
  struct WordCluster {
    uint32_t i_first, i_last, j_first, j_last;
    double cosine;
  };
  // Per word id of A and of B: log((n + 1) / occurrences in both documents), n the content words
  // of both.
  struct WordWeights {
    std::vector<double> a, b;
  };

  std::vector<PassagePair> WordClusters() const {
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
      return (a_id == ~0u ? 0 : occurrences(pa_, a_id)) +
             (b_id == ~0u ? 0 : occurrences(pb_, b_id));
    };
    WordWeights weights{std::vector<double>(pa_.vocab.size()),
                        std::vector<double>(pb_.vocab.size())};
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
      std::vector<EditOp> edits = EditScript(a_, p.a.first_token, p.a.end_token, b_,
                                             p.b.first_token, p.b.end_token, th_, &kept_words);
      // Not a summary by length: a cluster is words kept, not a retelling.
      Finish(&p, std::move(edits), kept_words, /*summary=*/false, /*by_length=*/false);
      out.push_back(std::move(p));
    }
    return out;
  }

  // Matches within `gap` content positions of each other in both documents join (single
  // linkage); a cluster that fails its whole-passage cosine is clustered again with half the gap.
  void ClusterWords(std::vector<WordMatch> m, int gap, const WordWeights& weights,
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
      if (std::max(len_a, len_b) < o_.min_passage_chars ||
          3 * std::min(len_a, len_b) < o_.min_passage_chars) {
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

  // A word shared by chance next to a passage links to it as well as any: a match at either
  // end of the cluster, in either document, that is more than `gap` content positions from the
  // next one inwards is dropped, until none is.
  static void TrimEdges(int gap, std::vector<WordMatch>* group) {
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

  // Whether a token starts with an upper-case letter in the original text.
  static bool Capitalized(const AnalyzedDocument& d, uint32_t t) {
    const std::string_view text = d.Text(d.tokens[t]);
    int32_t i = 0;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
    return c > 0 && u_isupper(c);
  }

  // Cosine of the content words of the cluster's two spans.
  double WordSpanCosine(const WordCluster& c, const WordWeights& weights) const {
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

  const AlignOptions& o_;
  const Thesaurus* th_;
  const AnalyzedDocument& a_;
  const AnalyzedDocument& b_;
  const PreparedDocument& pa_;
  const PreparedDocument& pb_;
  std::vector<TermWeight> wa_, wb_;      // weighted terms, parallel to the prepared terms
  std::vector<SentenceVector> va_, vb_;  // per sentence, spans of wa_ / wb_
  std::vector<uint32_t> a_to_b_;         // A's word ids -> B's, or ~0u
  double weak_min_cosine_ = 0;           // weak seeds are gathered from this cosine up
};

}  // namespace

const char* EditKindName(EditKind k) {
  switch (k) {
    case EditKind::kKeep:
      return "keep";
    case EditKind::kReplace:
      return "replace";
    case EditKind::kInsert:
      return "insert";
    case EditKind::kDelete:
      return "delete";
  }
  return "?";
}

const char* PassageKindName(PassageKind k) {
  switch (k) {
    case PassageKind::kVerbatim:
      return "verbatim";
    case PassageKind::kNearVerbatim:
      return "near_verbatim";
    case PassageKind::kParaphrase:
      return "paraphrase";
    case PassageKind::kSummary:
      return "summary";
  }
  return "?";
}

const char* RelationName(Relation r) {
  switch (r) {
    case Relation::kNone:
      return "none";
    case Relation::kDuplicate:
      return "duplicate";
    case Relation::kNearDuplicate:
      return "near_duplicate";
    case Relation::kRewrite:
      return "rewrite";
    case Relation::kPartial:
      return "partial";
    case Relation::kSummary:
      return "summary";
  }
  return "?";
}

void SwapSides(PassagePair* p) {
  std::swap(p->a, p->b);
  for (EditOp& e : p->edits) {
    std::swap(e.a_begin, e.b_begin);
    std::swap(e.a_end, e.b_end);
    std::swap(e.a_begin_byte, e.b_begin_byte);
    std::swap(e.a_end_byte, e.b_end_byte);
    if (e.kind == EditKind::kInsert) {
      e.kind = EditKind::kDelete;
    } else if (e.kind == EditKind::kDelete) {
      e.kind = EditKind::kInsert;
    }
  }
}

Aligner::Aligner(AlignOptions options, std::shared_ptr<const Thesaurus> thesaurus)
    : options_(std::move(options)), thesaurus_(std::move(thesaurus)) {}

namespace {

// Sorts (key, sentence) pairs whose keys are hashes: a counting pass into about one bucket per
// element by the keys' top bits, then each bucket (a word's occurrences, and the odd other word)
// sorted on its own. Linear where std::sort took a third of the preparation.
void SortByKey(std::vector<std::pair<uint64_t, uint32_t>>* v) {
  const size_t m = v->size();
  if (m < 64) {
    std::sort(v->begin(), v->end());
    return;
  }
  int bits = 1;
  while ((size_t{1} << bits) < m) ++bits;
  const size_t buckets = size_t{1} << bits;
  auto bucket = [bits](uint64_t key) { return static_cast<size_t>(key >> (64 - bits)); };
  std::vector<uint32_t> begin(buckets + 1, 0);
  for (const auto& w : *v) ++begin[bucket(w.first) + 1];
  for (size_t b = 0; b < buckets; ++b) begin[b + 1] += begin[b];
  std::vector<std::pair<uint64_t, uint32_t>> out(m);
  std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
  for (const auto& w : *v) out[next[bucket(w.first)]++] = w;
  for (size_t b = 0; b < buckets; ++b) {
    if (begin[b + 1] - begin[b] > 1) std::sort(out.begin() + begin[b], out.begin() + begin[b + 1]);
  }
  v->swap(out);
}

}  // namespace

PreparedDocument::PreparedDocument(const AnalyzedDocument& d) : doc(&d) {
  // The content words as (key, content position), sorted once: one pass over them gives the
  // vocabulary (word ids are ranks of the keys), the sentence frequencies, each sentence's terms,
  // the postings (by word id, then sentence) and the word positions. No hash map and no second
  // sort, where these were most of a scan's verification time.
  const auto sentences = static_cast<uint32_t>(d.sentences.size());
  std::vector<std::pair<uint64_t, uint32_t>> words;
  std::vector<uint32_t> content_sentence;  // per content position (read in key order below)
  words.reserve(d.tokens.size());
  content_token.reserve(d.tokens.size());
  content_sentence.reserve(d.tokens.size());
  for (uint32_t s = 0; s < sentences; ++s) {
    for (uint32_t i = d.sentences[s].first_token; i < d.sentences[s].end_token; ++i) {
      if (!d.tokens[i].stopword && !d.tokens[i].boilerplate) {
        words.emplace_back(d.tokens[i].key, static_cast<uint32_t>(content_token.size()));
        content_token.push_back(i);
        content_sentence.push_back(d.tokens[i].sentence);
      }
    }
  }
  SortByKey(&words);
  content_word.resize(content_token.size());
  positions.resize(content_token.size());
  // At most one word id per content word: reserved once instead of grown.
  vocab.reserve(words.size());
  sentence_freq.reserve(words.size());
  position_begin.reserve(words.size() + 1);
  auto sentence_of = [&](size_t w) { return content_sentence[words[w].second]; };
  // (word id, sentence, occurrences), by id then sentence: the postings' order.
  struct Use {
    uint32_t id, sentence, tf;
  };
  std::vector<Use> uses;
  uses.reserve(words.size());
  sentence_begin.assign(sentences + 1, 0);
  for (size_t i = 0; i < words.size();) {
    const uint64_t key = words[i].first;
    const auto id = static_cast<uint32_t>(vocab.size());
    vocab.push_back(key);
    uint32_t sentence_count = 0;
    position_begin.push_back(static_cast<uint32_t>(i));
    while (i < words.size() && words[i].first == key) {
      const uint32_t s = sentence_of(i);
      size_t j = i;
      for (; j < words.size() && words[j].first == key && sentence_of(j) == s; ++j) {
        content_word[words[j].second] = id;
        positions[j] = words[j].second;
      }
      uses.push_back({id, s, static_cast<uint32_t>(j - i)});
      ++sentence_begin[s + 1];
      ++sentence_count;
      i = j;
    }
    sentence_freq.push_back(sentence_count);
  }
  position_begin.push_back(static_cast<uint32_t>(words.size()));
  for (uint32_t s = 0; s < sentences; ++s) sentence_begin[s + 1] += sentence_begin[s];
  // Terms per sentence, ascending id (ids are visited in ascending order); postings by id.
  terms.resize(uses.size());
  postings.resize(uses.size());
  posting_begin.assign(vocab.size() + 1, 0);
  std::vector<uint32_t> next(sentence_begin.begin(), sentence_begin.end() - 1);
  for (size_t u = 0; u < uses.size(); ++u) {
    const Use& use = uses[u];
    const uint32_t k = next[use.sentence]++;
    terms[k] = {use.id, use.tf};
    postings[u] = {use.sentence, k};
    ++posting_begin[use.id + 1];
  }
  for (size_t i = 1; i < posting_begin.size(); ++i) posting_begin[i] += posting_begin[i - 1];
}

std::vector<PassagePair> Aligner::Align(const AnalyzedDocument& a,
                                        const AnalyzedDocument& b) const {
  return Align(PreparedDocument(a), PreparedDocument(b));
}

std::vector<PassagePair> Aligner::Align(const PreparedDocument& a,
                                        const PreparedDocument& b) const {
  return PairAligner(options_, thesaurus_.get(), a, b).Run();
}

Comparison Relate(const AnalyzedDocument& a, const AnalyzedDocument& b,
                  std::vector<PassagePair> passages) {
  Comparison c;
  c.passages = std::move(passages);
  if (c.passages.empty() || a.tokens.empty() || b.tokens.empty()) return c;
  // Coverage counts each word once, however many passages hold it (B-side passages may overlap
  // when A repeats text, and scan passages may overlap on either side).
  std::vector<bool> in_a(a.tokens.size(), false), in_b(b.tokens.size(), false);
  double words = 0, kept = 0;
  bool in_order = true;
  for (size_t i = 0; i < c.passages.size(); ++i) {
    const PassagePair& p = c.passages[i];
    for (uint32_t t = p.a.first_token; t < p.a.end_token; ++t) in_a[t] = true;
    for (uint32_t t = p.b.first_token; t < p.b.end_token; ++t) in_b[t] = true;
    const double w = (p.a.end_token - p.a.first_token) + (p.b.end_token - p.b.first_token);
    words += w;
    kept += p.kept * w;
    if (i > 0 && p.b.first_token < c.passages[i - 1].b.end_token) in_order = false;
  }
  // Boilerplate lines (Token::boilerplate) count on neither side of the ratio.
  auto covered = [](const std::vector<bool>& in, const AnalyzedDocument& d, double* total) {
    double n = 0, all = 0;
    for (size_t t = 0; t < in.size(); ++t) {
      if (d.tokens[t].boilerplate) continue;
      ++all;
      n += in[t];
    }
    *total = all;
    return n;
  };
  double total_a = 0, total_b = 0;
  const double ta = covered(in_a, a, &total_a);
  const double tb = covered(in_b, b, &total_b);
  if (ta == 0 || tb == 0) {
    c.passages.clear();
    return c;
  }
  c.coverage_a = ta / total_a;
  c.coverage_b = tb / total_b;
  const double kept_share = words > 0 ? kept / words : 0;
  const double lo = std::min(c.coverage_a, c.coverage_b);
  if (lo >= 0.95 && kept_share >= 0.97) {
    c.relation = Relation::kDuplicate;
  } else if (lo >= 0.8 && kept_share >= 0.8) {
    c.relation = Relation::kNearDuplicate;
  } else if ((c.coverage_a >= 0.5 && ta * 2 <= tb) || (c.coverage_b >= 0.5 && tb * 2 <= ta)) {
    // Most of one document maps onto a stretch of the other at least twice as long: a summary
    // (a rewrite keeps about the length it rewrites).
    c.relation = Relation::kSummary;
  } else if (lo >= 0.5 && in_order) {
    c.relation = Relation::kRewrite;
  } else {
    c.relation = Relation::kPartial;
  }
  return c;
}

}  // namespace textrace
