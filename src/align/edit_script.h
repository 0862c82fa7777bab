// Word-level diff of two token ranges: the "what changed" of a passage pair.
#ifndef TEXTRACE_ALIGN_EDIT_SCRIPT_H_
#define TEXTRACE_ALIGN_EDIT_SCRIPT_H_

#include <cstdint>
#include <span>
#include <vector>

#include "textrace/align.h"
#include "textrace/thesaurus.h"

namespace textrace {

// Pairs (i, j) of equal keys, increasing in both, forming a longest (or, for very long inputs, a
// near-longest) common subsequence of `a` and `b`. Exact below `exact_cells` = |a| * |b|; above
// it, unique common words anchor the alignment (patience diff) and the pieces between anchors are
// solved exactly.
std::vector<std::pair<uint32_t, uint32_t>> CommonSubsequence(std::span<const uint64_t> a,
                                                             std::span<const uint64_t> b,
                                                             int64_t exact_cells = 1 << 16);

// The edit script turning tokens [a_begin, a_end) of `a` into [b_begin, b_end) of `b`, with token
// indices of the documents. Gaps between kept runs become kReplace (both sides), kDelete or
// kInsert. `thesaurus` (may be null) marks one-for-one replacements of synonyms.
std::vector<EditOp> EditScript(const AnalyzedDocument& a, uint32_t a_begin, uint32_t a_end,
                               const AnalyzedDocument& b, uint32_t b_begin, uint32_t b_end,
                               const Thesaurus* thesaurus, uint32_t* kept_tokens);

}  // namespace textrace

#endif  // TEXTRACE_ALIGN_EDIT_SCRIPT_H_
