// The evidence rule of a collection scan (EvidenceOptions).
#include "textrace/relate.h"

namespace textrace {

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
