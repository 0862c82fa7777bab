// PairAligner's passages (pair_aligner.h): clusters of sentences to passage pairs with their
// spans, edit scripts, trimming to the kept words, closing punctuation and kinds.
#include <algorithm>
#include <cstring>
#include <utility>

#include "align/edit_script.h"
#include "align/pair_aligner.h"

namespace textrace {
namespace align_internal {

TextSpan PairAligner::Span(const AnalyzedDocument& d, uint32_t first, uint32_t last) {
  return TokenSpan(d, d.sentences[first].first_token, d.sentences[last].end_token);
}

void PairAligner::IncludeClosingPunctuation(const AnalyzedDocument& d, TextSpan* s) {
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

void PairAligner::TrimToKept(PassagePair* p, std::vector<EditOp>* edits) const {
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

std::vector<PassagePair> PairAligner::ToPassages(const std::vector<Cluster>& cs) const {
  std::vector<PassagePair> out;
  for (const Cluster& c : cs) {
    PassagePair p;
    p.a = Span(a_, c.a_first, c.a_last);
    p.b = Span(b_, c.b_first, c.b_last);
    p.score = c.cosine;
    uint32_t kept = 0;
    std::vector<EditOp> edits = EditScript(a_, p.a.first_token, p.a.end_token, b_, p.b.first_token,
                                           p.b.end_token, th_, &kept);
    const double words0 = (p.a.end_token - p.a.first_token) + (p.b.end_token - p.b.first_token);
    if (!c.summary && words0 > 0 && 2.0 * kept / words0 >= o_.trim_min_kept) {
      TrimToKept(&p, &edits);
    }
    Finish(&p, std::move(edits), kept, c.summary, /*by_length=*/true);
    out.push_back(std::move(p));
  }
  return out;
}

void PairAligner::Finish(PassagePair* pp, std::vector<EditOp> edits, uint32_t kept, bool summary,
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

}  // namespace align_internal
}  // namespace textrace
