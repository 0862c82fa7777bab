// FindCandidates: the stages (stages.h) joined, in order, into the sorted candidate pairs.
#include "candidates/candidates.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "candidates/stages.h"
#include "util/parallel.h"

namespace textrace {

using candidates_internal::CollectPostings;
using candidates_internal::ExactGroups;
using candidates_internal::KeyPostings;
using candidates_internal::ProposeAnchorPairs;
using candidates_internal::ProposedPairs;
using candidates_internal::ProposeExactDuplicates;
using candidates_internal::ProposeForDuplicates;
using candidates_internal::ProposeMinHashPairs;
using candidates_internal::ProposeRareWordPairs;
using candidates_internal::RareWordStage;

StatusOr<std::vector<Candidate>> FindCandidates(const std::vector<Sketch>& sketches,
                                                const DocumentFrequency& df,
                                                const SentenceKeysSource& keys,
                                                const CandidateOptions& o, int threads_wanted,
                                                const CandidateProgress& progress,
                                                const CandidateMemory& memory) {
  ProposedPairs pairs;
  // Progress: the passes over the documents in blocks, stages 3 and 4 (1 and 2 are quick).
  const auto n = static_cast<uint32_t>(sketches.size());
  const int passes = RareWordStage(o) ? 3 : 2;
  auto pass = [&](int k) -> candidates_internal::BlockDone {
    if (!progress) return {};
    progress(k, passes, 0, n);
    return [&progress, k, passes, n](uint32_t done) { progress(k, passes, done, n); };
  };
  // 1. Exact duplicates: group by normalized-text hash; the first member stands for the group.
  const ExactGroups groups = ProposeExactDuplicates(sketches, &pairs);
  // 2. MinHash-LSH: documents colliding in any band, with enough estimated Jaccard similarity.
  ProposeMinHashPairs(sketches, groups.active, o, &pairs);
  // 3. Anchors: each sentence's rarest content words (collection document frequency >= 2). The
  // same pass collects each document's rarest words for stage 4.
  const int threads = ResolveThreads(threads_wanted);
  KeyPostings postings;
  RETURN_IF_ERROR(CollectPostings(groups.active, df, keys, o, threads, &postings, pass(1), memory));
  RETURN_IF_ERROR(ProposeAnchorPairs(&postings, o, threads, &pairs, pass(2)));
  // 4. Rare words.
  if (RareWordStage(o)) {
    RETURN_IF_ERROR(ProposeRareWordPairs(&postings, o, threads, &pairs, pass(3)));
  }
  return candidates_internal::FinishCandidates(groups, &pairs);
}

namespace candidates_internal {

std::vector<Candidate> FinishCandidates(const ExactGroups& groups, ProposedPairs* pairs) {
  // What the first member of a duplicate group was found to share, its duplicates share too.
  ProposeForDuplicates(groups, pairs);
  std::vector<Candidate> out;
  out.reserve(pairs->found().size());
  for (const auto& [key, source] : pairs->found()) {
    out.push_back({static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key), source});
  }
  std::sort(out.begin(), out.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return out;
}

}  // namespace candidates_internal

StatusOr<std::vector<Candidate>> FindCandidates(const std::vector<AnalyzedDocument>& docs,
                                                const CandidateOptions& o, int threads,
                                                const CandidateMemory& memory) {
  std::vector<Sketch> sketches;
  std::vector<SentenceKeys> keys;
  DocumentFrequency df;
  for (const AnalyzedDocument& d : docs) {
    sketches.push_back(MakeSketch(d, o));
    keys.push_back(MakeSentenceKeys(d));
    AddDocumentFrequency(DistinctKeys(keys.back()), &df);
  }
  auto source = [&](uint32_t i, SentenceKeys* out) {
    *out = keys[i];
    return Status::Ok();
  };
  return FindCandidates(sketches, df, source, o, threads, {}, memory);
}

std::vector<Candidate> FindCandidates(const std::vector<AnalyzedDocument>& docs,
                                      const CandidateOptions& o, int threads) {
  return FindCandidates(docs, o, threads, CandidateMemory{}).value();
}

}  // namespace textrace
