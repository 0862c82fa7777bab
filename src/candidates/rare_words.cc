// Stage 4, rare words: a summary merges and splits its source's sentences, and heavy rewording
// breaks the pairs of rare words the anchors look for, but the names, figures and rare words
// themselves stay. Each document's `rare_words_per_document` rarest words (held by 2 to
// rare_word_max_documents documents) are its keys; two documents that share at least
// rare_word_min_shared of them, with a rarity of at least rare_word_min_rarity, are partners,
// and each document proposes its rare_word_partners best (rarest, then most shared).
#include <algorithm>
#include <utility>

#include "candidates/stages.h"

namespace textrace {
namespace candidates_internal {

std::vector<uint64_t> RareWords(const SentenceKeys& k, const std::vector<uint32_t>& freq,
                                const CandidateOptions& o) {
  std::vector<std::pair<uint32_t, uint64_t>> terms;  // (df, key)
  for (size_t t = 0; t < k.keys.size(); ++t) {
    const uint32_t f = freq[t];
    if (f < 2 || static_cast<int64_t>(f) > o.rare_word_max_documents) continue;
    terms.emplace_back(f, k.keys[t]);
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  if (terms.size() > static_cast<size_t>(o.rare_words_per_document)) {
    terms.resize(static_cast<size_t>(o.rare_words_per_document));
  }
  std::vector<uint64_t> out;
  out.reserve(terms.size());
  for (const auto& [f, key] : terms) out.push_back(key);
  std::sort(out.begin(), out.end());
  return out;
}

Status ProposeRareWordPairs(KeyPostings* postings, const CandidateOptions& o, int threads,
                            ProposedPairs* pairs, const BlockDone& done) {
  const auto n = static_cast<uint32_t>(postings->anchor_count.size());
  SortPostings(&postings->rare_words, threads);
  const SharedKeys rare_lists(postings->rare_words, n, o.rare_word_max_documents);
  postings->rare_words = {};
  BestPartners<RarePartner> best(n, static_cast<size_t>(o.rare_word_partners));
  RETURN_IF_ERROR(rare_lists.ForEachLink(
      threads, [&](const Link& l) { return RareLinkKept(l, o); },
      [&](const Link& l) {
        best.Offer(l.i, {l.rarity, l.shared, l.j});
        best.Offer(l.j, {l.rarity, l.shared, l.i});
      },
      done));
  for (uint32_t i = 0; i < best.best().size(); ++i) {
    for (const RarePartner& r : best.best()[i])
      pairs->Propose(i, r.partner, CandidateSource::kRareWords);
  }
  return Status::Ok();
}

}  // namespace candidates_internal
}  // namespace textrace
