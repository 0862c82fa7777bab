// The aligner's per-pair machinery (private to src/align/): the sentence vectors, seeds and
// clusters it works on, and the class PairAligner, whose stages are defined by section in
// pair_aligner.cc (the stages joined), seeds.cc, extend.cc, summaries.cc, passages.cc and
// word_clusters.cc. Aligner::Align (aligner.cc) runs one per document pair.
#ifndef TEXTRACE_ALIGN_PAIR_ALIGNER_H_
#define TEXTRACE_ALIGN_PAIR_ALIGNER_H_

#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/thesaurus.h"

namespace textrace {
namespace align_internal {

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
void SumByKey(std::vector<TermWeight>* v);

// Cosine of two term vectors sorted by key with distinct keys (SumByKey).
double Cosine(const std::vector<TermWeight>& x, const std::vector<TermWeight>& y);

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

// Per-document-pair state: sentence vectors of both documents and the similarity helpers. One
// PairAligner aligns one pair (Aligner::Align); its stages are defined in the files named below.
class PairAligner {
 public:
  PairAligner(const AlignOptions& o, const Thesaurus* th, const PreparedDocument& a,
              const PreparedDocument& b);

  // The passage pairs: from sentence seeds, or else (AlignOptions::word_cluster_min_words) from
  // clusters of shared words.
  std::vector<PassagePair> Run();

 private:
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

  // ---- The stages joined (pair_aligner.cc) ----

  // Seeds, extension, filtering and summaries: the passages at sentence granularity.
  std::vector<PassagePair> SentencePassages();

  // ---- Seeding (seeds.cc) ----

  // Sentence vectors with isf over the sentences of both documents: a word's weight is its
  // frequency in the sentence times log((n + 1) / df), df counting the sentences of both
  // documents that hold it. The prepared vocabularies are merged, so no pair-level sort or hash.
  void BuildVectors();

  // Seeds: sentence pairs similar enough in cosine and Dice. Candidates come from B's prepared
  // postings; synonyms are counted for candidates that share at least one word.
  std::vector<Seed> FindSeeds(std::vector<Seed>* weak) const;

  // A sentence that has a much better partner than this one (a copy, say) is not reused twice:
  // drop seeds far below the best seed of their A sentence or of their B sentence. Without this,
  // a copied sentence also seeds with every same-topic sentence nearby, and passages overgrow.
  std::vector<Seed> DropDominated(std::vector<Seed> seeds) const;

  // Whether a sentence pair with this dot product and these shared words passes as a seed.
  bool Passes(const SentenceVector& sa, const SentenceVector& sb, double dot, double shared) const;

  // A sentence that one side split in two (or that a line break cut) is a short sentence whose
  // words nearly all recur in a longer one: its cosine with the whole is low, its containment
  // high. Returns the containment (weighted share of the shorter sentence's words that the longer
  // holds, synonyms counted as in seeding) when it reaches seed_min_containment with
  // containment_min_words words shared exactly, else 0.
  double Containment(const SentenceVector& sa, const SentenceVector& sb, double dot, double shared,
                     uint32_t exact) const;

  // Synonyms refine near misses; they do not make a seed out of one shared word. Only pairs with
  // at least two shared words and half the seed cosine are looked at, and only when, even with
  // every unmatched word matched, they could pass.
  bool CouldPassWithSynonyms(const SentenceVector& sa, const SentenceVector& sb, double dot,
                             double shared) const;

  // Counts each unmatched word of A that has an unmatched synonym in B as a (weaker) match.
  void AddSynonyms(const SentenceVector& sa, const SentenceVector& sb, double* dot,
                   double* shared) const;

  // ---- Extension and filtering (extend.cc) ----

  // A passage pair grows by the weak seeds next to it (within weak_seed_max_gap sentences on both
  // sides) whose sentences no seed holds, while the whole-passage cosine stays at
  // passage_min_cosine; each one absorbed counts as a seed.
  void AbsorbWeakSeeds(const std::vector<Seed>& seeds, std::vector<Seed> weak,
                       std::vector<Cluster>* clusters) const;

  // Clusters seeds into passage pairs: split wherever consecutive seeds are more than `gap`
  // sentences apart in A or in B, until stable; then validate each by the cosine of its whole
  // passages, re-clustering with a smaller gap when it fails.
  std::vector<Cluster> Extend(std::vector<Seed> seeds, int gap_a, int gap_b) const;

  // Seeding misses sentences at a passage's edges that were split, merged or reworded more than
  // the rest. Add a neighbouring sentence on either side (A, B or both) while that does not lower
  // the similarity of the whole passages.
  void Grow(Cluster* c) const;

  // Splits `seeds` wherever consecutive ones are more than `gap_a` sentences apart in A or
  // `gap_b` in B, alternately, until two rounds split nothing.
  static std::vector<std::vector<Seed>> Split(std::vector<Seed> seeds, int gap_a, int gap_b);

  // The cluster spanning the seeds `g` (not empty): their sentence ranges and count, cosine 0.
  static Cluster Bounds(const std::vector<Seed>& g, bool summary);

  // Cosine of the summed vectors of the two passages.
  double PassageCosine(const Cluster& c) const;

  // Overlapping passages in A: keep the more similar one. Then drop fragments.
  std::vector<Cluster> Filter(std::vector<Cluster> cs) const;

  // The shortest passage kept (AlignOptions::min_passage_chars and short_passage_share).
  int64_t min_passage_chars_ = 0;

  // The length in characters of sentences [first, last] of `d`.
  static int64_t CharLen(const AnalyzedDocument& d, uint32_t first, uint32_t last) {
    return static_cast<int64_t>(d.tokens[d.sentences[last].end_token - 1].end_char) -
           d.tokens[d.sentences[first].first_token].begin_char;
  }

  // ---- Summaries (summaries.cc) ----

  // Summary candidates: seeds clustered on the short side as usual but joined across any gap on
  // the long side (up to summary_max_gap sentences). A cluster whose long side is
  // summary_length_ratio times longer than its short side, with at least two seeds, is one side
  // summarising the other. Both directions are tried, so the result does not depend on which
  // document is A. The seeds are the dominance-filtered ones, so a one-to-one copy stays on its
  // diagonal and never looks like a summary.
  std::vector<std::pair<Cluster, std::vector<Seed>>> SummaryPassages(const std::vector<Seed>& seeds,
                                                                     bool a_summarises) const;

  // Summary chains (see AlignOptions::summary_chain_min_sentences): the longest chains of seeds
  // in the same order on both sides, one seed per sentence of the short side, at most max_gap
  // sentences apart there and summary_max_gap on the long side.
  std::vector<std::pair<Cluster, std::vector<Seed>>> SummaryChains(std::vector<Seed> seeds,
                                                                   bool a_summarises) const;

  // Summaries: a stretch of one side whose seeds are spread over a much longer stretch of the
  // other replaces the fragments the one-to-one extension found inside its short side.
  // A summary candidate is a copy with stray seeds, not a summary, when one passage of the
  // one-to-one extension holds most of its seeds (weak pairs of a chain do not count), or covers
  // nearly all of its short side (the candidate adds nothing there, only stray matches on the
  // long side): then that passage stays.
  std::vector<PassagePair> Assemble(std::vector<Cluster> found,
                                    std::vector<std::pair<Cluster, std::vector<Seed>>> candidates);

  // ---- Passages and trimming (passages.cc) ----

  // The passage pairs of clusters: spans, edit scripts, trimming to the kept words, kinds.
  std::vector<PassagePair> ToPassages(const std::vector<Cluster>& cs) const;

  // The passage of whole sentences [first, last].
  static TextSpan Span(const AnalyzedDocument& d, uint32_t first, uint32_t last);

  // The span of tokens [first, end).
  static TextSpan TokenSpan(const AnalyzedDocument& d, uint32_t first, uint32_t end) {
    const Token& t0 = d.tokens[first];
    const Token& t1 = d.tokens[end - 1];
    return {t0.begin_char, t1.end_char, t0.begin_byte, t1.end_byte, first, end};
  }

  // The closing punctuation right after a passage's last word belongs to it ("housing." and
  // "said.”", not "housing"), up to the next space or word.
  static void IncludeClosingPunctuation(const AnalyzedDocument& d, TextSpan* s);

  // Passages are found at sentence granularity; their true edges are where the shared words start
  // and end. Cut both sides to the first and last kept word (the words before and after are not
  // evidence of reuse), and the edit script with them.
  void TrimToKept(PassagePair* p, std::vector<EditOp>* edits) const;

  // The passage pair's kept share, edit script (with byte offsets) and kind, from the words of its
  // spans that the edit script `edits` keeps (`kept`). A passage is a summary when `summary`, or
  // when `by_length` and one side is summary_length_ratio times longer than the other.
  void Finish(PassagePair* pp, std::vector<EditOp> edits, uint32_t kept, bool summary,
              bool by_length) const;

  // ---- Word clusters (word_clusters.cc) ----

  // Passages found from the positions of shared words alone (see WordMatch).
  std::vector<PassagePair> WordClusters() const;

  // Matches within `gap` content positions of each other in both documents join (single
  // linkage); a cluster that fails its whole-passage cosine is clustered again with half the gap.
  void ClusterWords(std::vector<WordMatch> m, int gap, const WordWeights& weights,
                    std::vector<WordCluster>* out) const;

  // A word shared by chance next to a passage links to it as well as any: a match at either
  // end of the cluster, in either document, that is more than `gap` content positions from the
  // next one inwards is dropped, until none is.
  static void TrimEdges(int gap, std::vector<WordMatch>* group);

  // Whether a token starts with an upper-case letter in the original text.
  static bool Capitalized(const AnalyzedDocument& d, uint32_t t);

  // Cosine of the content words of the cluster's two spans.
  double WordSpanCosine(const WordCluster& c, const WordWeights& weights) const;

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

}  // namespace align_internal
}  // namespace textrace

#endif  // TEXTRACE_ALIGN_PAIR_ALIGNER_H_
