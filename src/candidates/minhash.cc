// Stage 2, near-duplicates by MinHash-LSH: a document's MinHash signature and sketch, and the
// banding that proposes the documents colliding in a band.
#include <algorithm>
#include <limits>
#include <utility>

#include "candidates/candidates.h"
#include "candidates/stages.h"
#include "util/hash.h"

namespace textrace {

std::vector<uint64_t> MinHashSignature(const AnalyzedDocument& d, int shingle_words, int n) {
  if (d.tokens.empty() || n <= 0) return {};
  constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();
  std::vector<uint64_t> sig(n, kEmpty);
  const size_t k = std::max(1, shingle_words);
  const size_t count = d.tokens.size() >= k ? d.tokens.size() - k + 1 : 1;
  for (size_t i = 0; i < count; ++i) {
    uint64_t h = 0x452821e638d01377ULL;
    for (size_t j = i; j < std::min(d.tokens.size(), i + k); ++j) h = Mix64(h ^ d.tokens[j].key);
    const auto bin = static_cast<size_t>((h >> 32) * static_cast<uint64_t>(n) >> 32);
    sig[bin] = std::min(sig[bin], Mix64(h));
  }
  // Densify: an empty bin borrows the value of the next non-empty bin, mixed with the distance,
  // so that two documents agree on it exactly when they agree on the bin it borrows from.
  std::vector<uint64_t> out(sig);
  for (int b = 0; b < n; ++b) {
    if (sig[b] != kEmpty) continue;
    for (int step = 1; step < n; ++step) {
      const uint64_t v = sig[(b + step) % n];
      if (v != kEmpty) {
        out[b] = Mix64(v + static_cast<uint64_t>(step) * 0x9e3779b97f4a7c15ULL);
        break;
      }
    }
  }
  return out;
}

Sketch MakeSketch(const AnalyzedDocument& d, const CandidateOptions& o) {
  Sketch s;
  s.exact_hash = NormalizedTextHash(d);
  const std::vector<uint64_t> sig = MinHashSignature(
      d, o.shingle_words, std::max(1, o.minhash_bands) * std::max(1, o.minhash_rows));
  s.minhash.reserve(sig.size());
  for (uint64_t v : sig) s.minhash.push_back(static_cast<uint32_t>(v));
  return s;
}

namespace candidates_internal {

void ProposeMinHashPairs(const std::vector<Sketch>& sketches, const std::vector<bool>& active,
                         const CandidateOptions& o, ProposedPairs* pairs) {
  const auto n = static_cast<uint32_t>(sketches.size());
  const int bands = std::max(1, o.minhash_bands), rows = std::max(1, o.minhash_rows);
  std::vector<std::pair<uint64_t, uint32_t>> band_keys;
  for (uint32_t i = 0; i < n; ++i) {
    const std::vector<uint32_t>& sig = sketches[i].minhash;
    if (!active[i] || sig.size() != static_cast<size_t>(bands * rows)) continue;
    for (int b = 0; b < bands; ++b) {
      uint64_t h = Mix64(0x13198a2e03707344ULL + b);
      for (int r = 0; r < rows; ++r) h = Mix64(h ^ sig[b * rows + r]);
      band_keys.emplace_back(h, i);
    }
  }
  std::sort(band_keys.begin(), band_keys.end());
  for (size_t i = 0; i < band_keys.size();) {
    size_t j = i;
    while (j < band_keys.size() && band_keys[j].first == band_keys[i].first) ++j;
    // A huge bucket (boilerplate-only documents) would be quadratic: pair its members with the
    // bucket's first document only.
    const bool star = j - i > 256;
    for (size_t x = i; x < j; ++x) {
      for (size_t y = x + 1; y < j && (!star || x == i); ++y) {
        const uint32_t a = band_keys[x].second, b = band_keys[y].second;
        if (a != b &&
            EstimatedJaccard(sketches[a].minhash, sketches[b].minhash) >= o.minhash_min_jaccard) {
          pairs->Propose(a, b, CandidateSource::kMinHash);
        }
      }
    }
    i = j;
  }
}

}  // namespace candidates_internal
}  // namespace textrace
