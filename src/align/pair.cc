// Aligning a document pair in either order alike: which document the aligner takes first, and
// when the other order is tried too (see AlignPair in textrace/align.h).
#include <algorithm>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "textrace/align.h"

namespace textrace {
namespace {

// The aligner keeps passages disjoint in its first document; after swapping sides they are
// disjoint in B only. Where two overlap in A, the more similar one stays (as the aligner does).
std::vector<PassagePair> DisjointInA(std::vector<PassagePair> ps) {
  std::stable_sort(ps.begin(), ps.end(),
                   [](const PassagePair& x, const PassagePair& y) { return x.score > y.score; });
  std::vector<PassagePair> kept;
  for (PassagePair& p : ps) {
    const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const PassagePair& k) {
      return p.a.first_token < k.a.end_token && k.a.first_token < p.a.end_token;
    });
    if (!overlaps) kept.push_back(std::move(p));
  }
  std::sort(kept.begin(), kept.end(), [](const PassagePair& x, const PassagePair& y) {
    return std::tie(x.a.begin_byte, x.b.begin_byte) < std::tie(y.a.begin_byte, y.b.begin_byte);
  });
  return kept;
}

// Whether A is the short side of passage pair p (in characters).
bool ShortSideIsA(const PassagePair& p) {
  return p.a.end_char - p.a.begin_char <= p.b.end_char - p.b.begin_char;
}

// How much of summary passage s's short side (in characters) the passages `ps` explain: the
// kept share of each passage that is not a summary, times its overlap with that side, summed,
// over the side's length. A verbatim copy over the whole side explains it fully; the one-to-one
// fragments of a real summary (a shortened sentence here and there) explain little.
double CopyCoverage(const PassagePair& s, const std::vector<PassagePair>& ps) {
  const bool a_short = ShortSideIsA(s);
  const TextSpan& side = a_short ? s.a : s.b;
  if (side.end_char <= side.begin_char) return 0;
  double explained = 0;
  for (const PassagePair& p : ps) {
    if (p.kind == PassageKind::kSummary) continue;
    const TextSpan& q = a_short ? p.a : p.b;
    const uint32_t begin = std::max(side.begin_char, q.begin_char);
    const uint32_t end = std::min(side.end_char, q.end_char);
    if (begin < end) explained += p.kept * (end - begin);
  }
  return explained / (side.end_char - side.begin_char);
}

// Whether every summary passage of `ps` that summarises from the shorter document (`a_shorter`:
// whether that is A) is a whole document summarising most of the other: its short side covers
// kWholeDocument of the shorter document and its long side kMostOfOther of the longer
// (`a_chars`, `b_chars`: the documents' lengths in code points). Aligned shorter document
// first, a copied paragraph of a short source, reworded, and stray matches around it make a
// summary of a stretch of the source, or of the source over a stretch of a long document (on
// the PAN collection, 137 of the 185 copies still read as summaries were one or the other);
// the summaries of the generated collections cover 90% of their documents or more, and 60% of
// their sources or more. A summary inside the longer document is not held to it.
constexpr double kWholeDocument = 0.8;
constexpr double kMostOfOther = 0.5;
bool SummarisesWholeDocument(const std::vector<PassagePair>& ps, bool a_shorter, uint32_t a_chars,
                             uint32_t b_chars) {
  for (const PassagePair& p : ps) {
    if (p.kind != PassageKind::kSummary) continue;
    const bool a_side = ShortSideIsA(p);
    if (a_side != a_shorter) continue;
    const TextSpan& side = a_side ? p.a : p.b;
    const TextSpan& other = a_side ? p.b : p.a;
    if (side.end_char - side.begin_char < kWholeDocument * (a_side ? a_chars : b_chars) ||
        other.end_char - other.begin_char < kMostOfOther * (a_side ? b_chars : a_chars)) {
      return false;
    }
  }
  return true;
}

bool HasSummary(const std::vector<PassagePair>& ps) {
  return std::any_of(ps.begin(), ps.end(),
                     [](const PassagePair& p) { return p.kind == PassageKind::kSummary; });
}

// Whether the passages `copies` (no summary among them) explain every summary passage of
// `summaries`: their kept words cover its short side to min_coverage (CopyCoverage).
bool CopyExplainsSummaries(const std::vector<PassagePair>& summaries,
                           const std::vector<PassagePair>& copies, double min_coverage) {
  for (const PassagePair& s : summaries) {
    if (s.kind == PassageKind::kSummary && CopyCoverage(s, copies) < min_coverage) return false;
  }
  return true;
}

}  // namespace

std::vector<PassagePair> AlignPair(const Aligner& aligner, const PreparedDocument& a,
                                   const PreparedDocument& b) {
  const double summary_copy_coverage = aligner.options().summary_copy_coverage;
  auto align = [&](bool a_first) {
    if (a_first) return aligner.Align(a, b);
    std::vector<PassagePair> ps = aligner.Align(b, a);
    for (PassagePair& pp : ps) SwapSides(&pp);
    return DisjointInA(std::move(ps));
  };
  const bool a_longer = a.doc->tokens.size() > b.doc->tokens.size();
  std::vector<PassagePair> ps = align(a_longer);
  if (summary_copy_coverage > 0 && !ps.empty() && !HasSummary(ps)) {
    std::vector<PassagePair> other = align(!a_longer);
    if (HasSummary(other) &&
        SummarisesWholeDocument(other, !a_longer, static_cast<uint32_t>(a.doc->char_length),
                                static_cast<uint32_t>(b.doc->char_length)) &&
        !CopyExplainsSummaries(other, ps, summary_copy_coverage)) {
      ps = std::move(other);
    }
  }
  return ps;
}

std::vector<PassagePair> AlignPair(const Aligner& aligner, const AnalyzedDocument& a,
                                   const AnalyzedDocument& b) {
  return AlignPair(aligner, PreparedDocument(a), PreparedDocument(b));
}

}  // namespace textrace
