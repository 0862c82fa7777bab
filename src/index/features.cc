// Index features and the candidates of one document against the index (features.h).
#include "index/features.h"

#include <algorithm>
#include <map>
#include <utility>

#include "candidates/stages.h"
#include "util/flat_map.h"
#include "util/hash.h"

namespace textrace::index {
namespace {

// Anchors and rare words of a document by `held`: each distinct word's documents, the document
// itself counted. Only words held by `min_held` documents or more take part.
void KeyFeatures(const SentenceKeys& k, const FlatMap64<uint32_t>& held, uint32_t min_held,
                 const CandidateOptions& o, Features* f) {
  // Anchors: each pair of each sentence's anchors_per_sentence rarest words.
  std::vector<std::pair<uint32_t, uint64_t>> terms;
  for (size_t s = 0, begin = 0; s < k.ends.size(); begin = k.ends[s++]) {
    terms.clear();
    for (size_t t = begin; t < k.ends[s]; ++t) {
      const uint32_t n = *held.Find(k.keys[t]);
      if (n >= min_held) terms.emplace_back(n, k.keys[t]);
    }
    std::sort(terms.begin(), terms.end());
    const int m = std::min<int>(o.anchors_per_sentence, static_cast<int>(terms.size()));
    for (int y = 0; y < m; ++y) {
      for (int z = y + 1; z < m; ++z) {
        f->anchors.push_back(UnorderedPairKey(terms[y].second, terms[z].second));
      }
    }
  }
  // Rare words: held by at most rare_word_max_documents documents.
  terms.clear();
  held.ForEach([&](uint64_t key, uint32_t n) {
    if (n >= min_held && static_cast<int64_t>(n) <= o.rare_word_max_documents) {
      terms.emplace_back(n, key);
    }
  });
  std::sort(terms.begin(), terms.end());
  if (terms.size() > static_cast<size_t>(o.rare_words_per_document)) {
    terms.resize(static_cast<size_t>(o.rare_words_per_document));
  }
  for (const auto& [n, key] : terms) f->rare_words.push_back(key);
}

void SortUnique(std::vector<uint64_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// Lookup features: the scan's rule, words held by two documents (the new one and an indexed
// one). Stored features: the same rule (what the document shares now), and all its words ranked
// (what a later copy will share: words no other document holds yet rank rarest).
void AllKeyFeatures(const SentenceKeys& k, const DfLookup& df, bool counts_self,
                    const CandidateOptions& o, Features* f) {
  FlatMap64<uint32_t> held(k.keys.size());
  for (uint64_t key : k.keys) {
    if (held.Find(key) == nullptr) held[key] = df(key) + (counts_self ? 0 : 1);
  }
  KeyFeatures(k, held, 2, o, f);
  if (counts_self) KeyFeatures(k, held, 1, o, f);
  SortUnique(&f->anchors);
  SortUnique(&f->rare_words);
}

Features Make(const Sketch& sketch, const SentenceKeys& keys, const DfLookup& df, bool counts_self,
              const CandidateOptions& o) {
  Features f;
  f.exact_hash = sketch.exact_hash;
  f.minhash = sketch.minhash;
  f.band_keys = BandKeys(sketch.minhash, o);
  AllKeyFeatures(keys, df, counts_self, o, &f);
  return f;
}

// A partner's shared keys and their weight.
struct Shared {
  uint32_t count = 0;
  double rarity = 0;
};

}  // namespace

std::vector<uint64_t> BandKeys(const std::vector<uint32_t>& minhash, const CandidateOptions& o) {
  const int bands = std::max(1, o.minhash_bands), rows = std::max(1, o.minhash_rows);
  std::vector<uint64_t> out;
  if (minhash.size() != static_cast<size_t>(bands * rows)) return out;
  for (int b = 0; b < bands; ++b) {
    uint64_t h = Mix64(0x13198a2e03707344ULL + b);
    for (int r = 0; r < rows; ++r) h = Mix64(h ^ minhash[b * rows + r]);
    out.push_back(h);
  }
  return out;
}

Features LookupFeatures(const Sketch& sketch, const SentenceKeys& keys, const DfLookup& df,
                        const CandidateOptions& o) {
  return Make(sketch, keys, df, /*counts_self=*/false, o);
}

Features StoredFeatures(const Sketch& sketch, const SentenceKeys& keys, const DfLookup& df,
                        const CandidateOptions& o) {
  return Make(sketch, keys, df, /*counts_self=*/true, o);
}

size_t PostingLimit(PostingKind kind, const CandidateOptions& o) {
  switch (kind) {
    case PostingKind::kExact:
      return SIZE_MAX - 1;
    case PostingKind::kBand:
      // A huge bucket (boilerplate-only documents) is read only up to its first 256 documents,
      // as the scan pairs such a bucket's members with its first one.
      return 256;
    case PostingKind::kAnchor:
      return static_cast<size_t>(std::max(0, o.max_anchor_postings));
    case PostingKind::kRareWord:
      return static_cast<size_t>(std::max<int64_t>(0, o.rare_word_max_documents));
  }
  return 0;
}

StatusOr<std::vector<IndexCandidate>> FindIndexCandidates(const Features& f,
                                                          const PostingSource& postings,
                                                          const CandidateOptions& o) {
  std::map<uint32_t, CandidateStage> found;
  auto propose = [&](uint32_t d, CandidateStage s) { found.try_emplace(d, s); };
  std::vector<uint32_t> docs;
  // 1. Exact duplicates.
  RETURN_IF_ERROR(postings.Postings(PostingKind::kExact, f.exact_hash,
                                    PostingLimit(PostingKind::kExact, o), &docs));
  for (uint32_t d : docs) propose(d, CandidateStage::kExact);
  // 2. MinHash-LSH: band collisions with enough estimated Jaccard similarity (PostingLimit: a
  // huge bucket is read only in part).
  std::vector<uint32_t> minhash;
  std::vector<uint32_t> colliding;
  for (uint64_t key : f.band_keys) {
    RETURN_IF_ERROR(
        postings.Postings(PostingKind::kBand, key, PostingLimit(PostingKind::kBand, o), &docs));
    colliding.insert(colliding.end(), docs.begin(), docs.end());
  }
  std::sort(colliding.begin(), colliding.end());
  colliding.erase(std::unique(colliding.begin(), colliding.end()), colliding.end());
  for (uint32_t d : colliding) {
    if (found.count(d)) continue;
    RETURN_IF_ERROR(postings.Minhash(d, &minhash));
    if (EstimatedJaccard(f.minhash, minhash) >= o.minhash_min_jaccard) {
      propose(d, CandidateStage::kMinHash);
    }
  }
  // 3. Anchors.
  FlatMap64<Shared> anchor_partners;
  for (uint64_t key : f.anchors) {
    RETURN_IF_ERROR(
        postings.Postings(PostingKind::kAnchor, key, PostingLimit(PostingKind::kAnchor, o), &docs));
    // The scan skips anchors that more than max_anchor_postings documents hold, the new one
    // counted.
    if (docs.empty() || docs.size() + 1 > static_cast<size_t>(o.max_anchor_postings)) continue;
    const double weight = 1.0 / static_cast<double>(docs.size());
    for (uint32_t d : docs) {
      Shared& s = anchor_partners[d];
      ++s.count;
      s.rarity += weight;
    }
  }
  struct Weak {
    uint32_t shared;
    double rarity;
    uint32_t partner;
  };
  std::vector<Weak> weak;
  anchor_partners.ForEach([&](uint64_t key, const Shared& s) {
    const auto d = static_cast<uint32_t>(key);
    if (static_cast<int>(s.count) < o.min_shared_anchors || s.rarity < o.min_anchor_rarity) {
      return;
    }
    if (static_cast<int>(s.count) >= o.strong_shared_anchors) {
      propose(d, CandidateStage::kAnchors);
    } else {
      weak.push_back({s.count, s.rarity, d});
    }
  });
  std::sort(weak.begin(), weak.end(), [](const Weak& x, const Weak& y) {
    if (x.shared != y.shared) return x.shared > y.shared;
    if (x.rarity != y.rarity) return x.rarity > y.rarity;
    return x.partner < y.partner;
  });
  for (size_t i = 0;
       i < weak.size() && i < static_cast<size_t>(std::max(0, o.weak_anchor_partners)); ++i) {
    propose(weak[i].partner, CandidateStage::kAnchors);
  }
  // 4. Rare words: the best rare_word_partners by rarity, then shared words.
  if (o.rare_word_partners > 0 && o.rare_words_per_document > 0) {
    FlatMap64<Shared> rare_partners;
    for (uint64_t key : f.rare_words) {
      RETURN_IF_ERROR(postings.Postings(PostingKind::kRareWord, key,
                                        PostingLimit(PostingKind::kRareWord, o), &docs));
      if (docs.empty() || docs.size() + 1 > static_cast<size_t>(o.rare_word_max_documents)) {
        continue;
      }
      const double weight = 1.0 / static_cast<double>(docs.size());
      for (uint32_t d : docs) {
        Shared& s = rare_partners[d];
        ++s.count;
        s.rarity += weight;
      }
    }
    std::vector<Weak> rare;
    rare_partners.ForEach([&](uint64_t key, const Shared& s) {
      if (static_cast<int>(s.count) >= o.rare_word_min_shared &&
          s.rarity >= o.rare_word_min_rarity) {
        rare.push_back({s.count, s.rarity, static_cast<uint32_t>(key)});
      }
    });
    std::sort(rare.begin(), rare.end(), [](const Weak& x, const Weak& y) {
      if (x.rarity != y.rarity) return x.rarity > y.rarity;
      if (x.shared != y.shared) return x.shared > y.shared;
      return x.partner < y.partner;
    });
    for (size_t i = 0; i < rare.size() && i < static_cast<size_t>(o.rare_word_partners); ++i) {
      propose(rare[i].partner, CandidateStage::kRareWords);
    }
  }
  std::vector<IndexCandidate> out;
  out.reserve(found.size());
  for (const auto& [d, s] : found) out.push_back({d, s});
  return out;
}

}  // namespace textrace::index
