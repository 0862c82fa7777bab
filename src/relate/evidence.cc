// The evidence rule of a collection scan (EvidenceOptions), and one number for a pair.
#include "textrace/relate.h"

namespace textrace {
namespace {

template <typename Value>
double WeightedByWords(const Comparison& c, Value value) {
  double sum = 0, weight = 0;
  for (const PassagePair& p : c.passages) {
    const double w = (p.a.end_token - p.a.first_token) + (p.b.end_token - p.b.first_token);
    sum += value(p) * w;
    weight += w;
  }
  return weight > 0 ? sum / weight : 0;
}

}  // namespace

double PairScore(const Comparison& c) {
  return WeightedByWords(c, [](const PassagePair& p) { return p.score; });
}

double PairKept(const Comparison& c) {
  return WeightedByWords(c, [](const PassagePair& p) { return p.kept; });
}

bool StrongEvidence(const Comparison& c, const EvidenceOptions& o) {
  for (const PassagePair& p : c.passages) {
    if (p.by_words) {
      if (p.score >= o.min_evidence_score && p.kept >= o.min_word_cluster_kept) return true;
    } else if (p.kind == PassageKind::kSummary || p.score >= o.min_evidence_score ||
               p.kept >= o.min_evidence_kept) {
      return true;
    }
  }
  return false;
}

}  // namespace textrace
