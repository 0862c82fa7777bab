// Relate() (declared in textrace/relate.h): the relation of a document pair (duplicate,
// near-duplicate, rewrite, partial, summary) from its passages, by the share of each document
// they cover, the share of words they keep and their order.
#include <algorithm>
#include <utility>
#include <vector>

#include "textrace/relate.h"

namespace textrace {

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
