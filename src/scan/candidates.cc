#include "scan/candidates.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <unordered_map>
#include <utility>

#include "util/hash.h"
#include "util/parallel.h"

namespace textrace {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64 finalizer
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t PairKey(uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; }

// Keyed postings (key, document): anchors, or rare words.
struct Posting {
  uint32_t key_hi, key_lo, doc;
  bool operator<(const Posting& o) const {
    return std::tie(key_hi, key_lo, doc) < std::tie(o.key_hi, o.key_lo, o.doc);
  }
  bool SameKey(const Posting& o) const { return key_hi == o.key_hi && key_lo == o.key_lo; }
};

// An allocator that leaves new elements uninitialized (resize does not zero them): postings are
// written in parallel right after, so the pages are first touched there, not in a serial memset.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  explicit UninitializedAllocator(const UninitializedAllocator<U>&) {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using Postings = std::vector<Posting, UninitializedAllocator<Posting>>;

// Sorts postings by (key, document), in place: one pass puts each posting in the bucket of its
// key's top 8 bits (keys are hashes, so the buckets are even; 256 of them keep the pass
// cache-friendly, where 65,536 made it four times slower than std::sort), then the buckets are
// sorted on their own, in parallel. The result is std::sort's, whatever the thread count.
void SortPostings(Postings* v, int threads) {
  constexpr int kBits = 8;
  constexpr size_t kBuckets = size_t{1} << kBits;
  auto bucket = [](const Posting& p) { return p.key_hi >> (32 - kBits); };
  std::vector<size_t> begin(kBuckets + 1, 0);
  for (const Posting& p : *v) ++begin[bucket(p) + 1];
  for (size_t b = 0; b < kBuckets; ++b) begin[b + 1] += begin[b];
  std::vector<size_t> next(begin.begin(), begin.end() - 1);
  for (size_t b = 0; b < kBuckets; ++b) {  // cycles of swaps, each posting moved once
    while (next[b] < begin[b + 1]) {
      Posting& p = (*v)[next[b]];
      const uint32_t home = bucket(p);
      if (home == b) {
        ++next[b];
      } else {
        std::swap(p, (*v)[next[home]++]);
      }
    }
  }
  // The sorts cannot fail, so neither can the loop.
  static_cast<void>(ParallelFor(kBuckets, threads, [&](size_t b, int) {
    std::sort(v->begin() + static_cast<std::ptrdiff_t>(begin[b]),
              v->begin() + static_cast<std::ptrdiff_t>(begin[b + 1]));
    return Status::Ok();
  }));
}

// Removes repeated values from `v`, keeping the first of each in place. A document's anchors go
// into postings that are sorted by (key, document), so their order here does not show; sorting
// each document's anchors to drop repeats took about 3% of a scan.
void RemoveRepeats(std::vector<uint64_t>* v) {
  size_t slots = 16;
  while (slots < v->size() * 2) slots <<= 1;
  std::vector<uint64_t> table(slots, 0);  // 0: empty (a 0 value is tracked on its own)
  bool zero_seen = false;
  size_t kept = 0;
  for (const uint64_t x : *v) {
    bool fresh;
    if (x == 0) {
      fresh = !zero_seen;
      zero_seen = true;
    } else {
      size_t i = (x ^ (x >> 32)) & (slots - 1);
      while (table[i] != 0 && table[i] != x) i = (i + 1) & (slots - 1);
      fresh = table[i] == 0;
      table[i] = x;
    }
    if (fresh) (*v)[kept++] = x;
  }
  v->resize(kept);
}

// Two documents sharing keys: how many, and their rarity, which sums 1 / (documents holding the
// key - 1): a key only the two hold counts 1.
struct Link {
  uint32_t i, j, shared;
  double rarity;
};

// The posting lists of keys that 2 to `max_postings` documents hold, by document: for each
// document the lists it is in. Built from sorted postings.
class SharedKeys {
 public:
  SharedKeys(const Postings& sorted, uint32_t n, int max_postings) {
    group_docs_.reserve(sorted.size());  // an upper bound; growth would copy it, serially
    for (size_t i = 0; i < sorted.size();) {
      size_t j = i;
      while (j < sorted.size() && sorted[j].SameKey(sorted[i])) ++j;
      if (j - i >= 2 && static_cast<int>(j - i) <= max_postings) {
        group_begin_.push_back(static_cast<uint32_t>(group_docs_.size()));
        for (size_t p = i; p < j; ++p) group_docs_.push_back(sorted[p].doc);
      }
      i = j;
    }
    group_begin_.push_back(static_cast<uint32_t>(group_docs_.size()));
    doc_begin_.assign(n + 1, 0);
    doc_groups_.resize(group_docs_.size());
    for (uint32_t d : group_docs_) ++doc_begin_[d + 1];
    for (uint32_t i = 0; i < n; ++i) doc_begin_[i + 1] += doc_begin_[i];
    std::vector<uint32_t> next(doc_begin_.begin(), doc_begin_.end() - 1);
    for (uint32_t g = 0; g + 1 < group_begin_.size(); ++g) {
      for (uint32_t p = group_begin_[g]; p < group_begin_[g + 1]; ++p) {
        doc_groups_[next[group_docs_[p]]++] = g;
      }
    }
  }

  // Every pair (i < j) sharing a key that `keep` accepts, handed to `take` in order of i, then
  // of first sharing. Counted in blocks of documents in parallel, each worker with its own
  // counters; the order does not depend on the thread count. A document's partners are counted
  // in a small hash table that stays in the core's cache (most documents share keys with a few
  // hundred others), and only a document with very many in counters indexed by document, whose
  // random access at a quarter of a million documents was most of the time.
  Status ForEachLink(int threads, const std::function<bool(const Link&)>& keep,
                     const std::function<void(const Link&)>& take) const {
    const auto n = static_cast<uint32_t>(doc_begin_.size() - 1);
    constexpr uint32_t kBlock = 4096;
    constexpr uint32_t kMaxTableBits = 14;  // 16,384 slots of 16 bytes
    constexpr uint32_t kFree = std::numeric_limits<uint32_t>::max();
    struct Counter {
      uint32_t partner, shared;
      double rarity;
    };
    std::vector<std::vector<uint32_t>> shared(threads);  // allocated when first needed
    std::vector<std::vector<double>> rarity(threads);
    std::vector<std::vector<Counter>> tables(threads,
                                             std::vector<Counter>(size_t{1} << kMaxTableBits));
    std::vector<std::vector<Link>> links(kBlock);
    for (uint32_t block = 0; block < n; block += kBlock) {
      const uint32_t count = std::min(kBlock, n - block);
      RETURN_IF_ERROR(ParallelFor(count, threads, [&](size_t x, int w) -> Status {
        const auto i = static_cast<uint32_t>(block + x);
        links[x].clear();
        size_t bound = 0;  // partners at most (those before i included)
        for (uint32_t q = doc_begin_[i]; q < doc_begin_[i + 1]; ++q) {
          bound += group_begin_[doc_groups_[q] + 1] - group_begin_[doc_groups_[q]];
        }
        if (bound == 0) return Status::Ok();
        uint32_t bits = 4;
        while (bits < kMaxTableBits && (size_t{1} << bits) < bound + bound / 2) ++bits;
        if ((size_t{1} << bits) >= bound + bound / 2) {  // at most two-thirds full
          Counter* table = tables[w].data();
          const uint32_t mask = (uint32_t{1} << bits) - 1;
          for (uint32_t s = 0; s <= mask; ++s) table[s].partner = kFree;
          std::vector<uint32_t> touched;  // slots, in order of first sharing
          ForEachLaterPartner(i, [&](uint32_t j, double weight) {
            uint32_t slot = (j * 0x9e3779b1U) >> (32 - bits);
            while (table[slot].partner != j && table[slot].partner != kFree) {
              slot = (slot + 1) & mask;
            }
            Counter& c = table[slot];
            if (c.partner == kFree) {
              c = {j, 0, 0};
              touched.push_back(slot);
            }
            ++c.shared;
            c.rarity += weight;
          });
          for (uint32_t slot : touched) {
            const Link l{i, table[slot].partner, table[slot].shared, table[slot].rarity};
            if (keep(l)) links[x].push_back(l);
          }
          return Status::Ok();
        }
        std::vector<uint32_t>& sh = shared[w];
        std::vector<double>& ra = rarity[w];
        if (sh.empty()) {
          sh.assign(n, 0);
          ra.assign(n, 0);
        }
        std::vector<uint32_t> touched;
        ForEachLaterPartner(i, [&](uint32_t j, double weight) {
          if (sh[j]++ == 0) touched.push_back(j);
          ra[j] += weight;
        });
        for (uint32_t j : touched) {
          const Link l{i, j, sh[j], ra[j]};
          if (keep(l)) links[x].push_back(l);
          sh[j] = 0;
          ra[j] = 0;
        }
        return Status::Ok();
      }));
      for (uint32_t x = 0; x < count; ++x) {
        for (const Link& l : links[x]) take(l);
      }
    }
    return Status::Ok();
  }

 private:
  // Calls f(j, weight) for every document j after i in each of i's lists, list by list; weight
  // is the list's 1 / (documents in it - 1).
  template <typename F>
  void ForEachLaterPartner(uint32_t i, F&& f) const {
    for (uint32_t q = doc_begin_[i]; q < doc_begin_[i + 1]; ++q) {
      const uint32_t g = doc_groups_[q];
      const double weight = 1.0 / (group_begin_[g + 1] - group_begin_[g] - 1);
      for (uint32_t p = group_begin_[g]; p < group_begin_[g + 1]; ++p) {
        if (group_docs_[p] > i) f(group_docs_[p], weight);
      }
    }
  }

  std::vector<uint32_t> group_begin_, group_docs_;  // lists: documents [begin[g], begin[g+1])
  std::vector<uint32_t> doc_begin_, doc_groups_;    // per document: its lists
};

// Each document's best partners by some order, k at most, best first.
template <typename T>
class BestPartners {
 public:
  BestPartners(uint32_t n, size_t k) : k_(k), best_(k > 0 ? n : 0) {}
  void Offer(uint32_t doc, const T& t) {
    if (k_ == 0) return;
    std::vector<T>& best = best_[doc];
    if (best.size() == k_ && !t.Beats(best.back())) return;
    auto at = std::find_if(best.begin(), best.end(), [&](const T& b) { return t.Beats(b); });
    best.insert(at, t);
    if (best.size() > k_) best.pop_back();
  }
  const std::vector<std::vector<T>>& best() const { return best_; }

 private:
  size_t k_;
  std::vector<std::vector<T>> best_;
};

}  // namespace

uint64_t NormalizedTextHash(const AnalyzedDocument& d) {
  uint64_t h = 0x243f6a8885a308d3ULL;
  for (const Token& t : d.tokens) h = Mix(h ^ t.key);
  return Mix(h ^ d.tokens.size());
}

std::vector<uint64_t> MinHashSignature(const AnalyzedDocument& d, int shingle_words, int n) {
  if (d.tokens.empty() || n <= 0) return {};
  constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();
  std::vector<uint64_t> sig(n, kEmpty);
  const size_t k = std::max(1, shingle_words);
  const size_t count = d.tokens.size() >= k ? d.tokens.size() - k + 1 : 1;
  for (size_t i = 0; i < count; ++i) {
    uint64_t h = 0x452821e638d01377ULL;
    for (size_t j = i; j < std::min(d.tokens.size(), i + k); ++j) h = Mix(h ^ d.tokens[j].key);
    const auto bin = static_cast<size_t>((h >> 32) * static_cast<uint64_t>(n) >> 32);
    sig[bin] = std::min(sig[bin], Mix(h));
  }
  // Densify: an empty bin borrows the value of the next non-empty bin, mixed with the distance,
  // so that two documents agree on it exactly when they agree on the bin it borrows from.
  std::vector<uint64_t> out(sig);
  for (int b = 0; b < n; ++b) {
    if (sig[b] != kEmpty) continue;
    for (int step = 1; step < n; ++step) {
      const uint64_t v = sig[(b + step) % n];
      if (v != kEmpty) {
        out[b] = Mix(v + static_cast<uint64_t>(step) * 0x9e3779b97f4a7c15ULL);
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

namespace {

void AddKeys(const AnalyzedDocument& d, size_t first, size_t last, SentenceKeys* k) {
  const size_t begin = k->keys.size();
  for (uint32_t t = d.sentences[first].first_token; t < d.sentences[last].end_token; ++t) {
    if (!d.tokens[t].stopword) k->keys.push_back(d.tokens[t].key);
  }
  std::sort(k->keys.begin() + begin, k->keys.end());
  k->keys.erase(std::unique(k->keys.begin() + begin, k->keys.end()), k->keys.end());
  k->ends.push_back(static_cast<uint32_t>(k->keys.size()));
}

}  // namespace

SentenceKeys MakeSentenceKeys(const AnalyzedDocument& d) {
  SentenceKeys k;
  for (size_t s = 0; s < d.sentences.size(); ++s) AddKeys(d, s, s, &k);
  // A run of sentences parted only by single line breaks (hard-wrapped lines: e-mail, text from
  // PDF, a copy pasted into a narrow box) is also read as one sentence: the other copy of the
  // text breaks its lines elsewhere, or not at all.
  for (size_t s = 0; s + 1 < d.sentences.size();) {
    size_t e = s;
    while (e + 1 < d.sentences.size() && GapBefore(d, d.sentences[e + 1].first_token).wrapped) ++e;
    if (e > s) AddKeys(d, s, e, &k);
    s = e + 1;
  }
  return k;
}

namespace {

// memcpy that allows empty ranges with null pointers (std::memcpy does not).
void CopyBytes(void* to, const void* from, size_t n) {
  if (n > 0) std::memcpy(to, from, n);
}

}  // namespace

std::string EncodeSentenceKeys(const SentenceKeys& k) {
  const uint32_t counts[2] = {static_cast<uint32_t>(k.ends.size()),
                              static_cast<uint32_t>(k.keys.size())};
  std::string out(sizeof(counts) + k.ends.size() * 4 + k.keys.size() * 8, '\0');
  char* p = out.data();
  std::memcpy(p, counts, sizeof(counts));
  p += sizeof(counts);
  CopyBytes(p, k.ends.data(), k.ends.size() * 4);
  p += k.ends.size() * 4;
  CopyBytes(p, k.keys.data(), k.keys.size() * 8);
  return out;
}

bool DecodeSentenceKeys(std::string_view bytes, SentenceKeys* out) {
  uint32_t counts[2];
  if (bytes.size() < sizeof(counts)) return false;
  std::memcpy(counts, bytes.data(), sizeof(counts));
  if (bytes.size() != sizeof(counts) + uint64_t{counts[0]} * 4 + uint64_t{counts[1]} * 8) {
    return false;
  }
  out->ends.resize(counts[0]);
  out->keys.resize(counts[1]);
  const char* p = bytes.data() + sizeof(counts);
  CopyBytes(out->ends.data(), p, out->ends.size() * 4);
  CopyBytes(out->keys.data(), p + out->ends.size() * 4, out->keys.size() * 8);
  return out->ends.empty() || out->ends.back() == out->keys.size();
}

std::vector<uint64_t> DistinctKeys(const SentenceKeys& k) {
  std::vector<uint64_t> distinct(k.keys);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  return distinct;
}

void AddDocumentFrequency(const std::vector<uint64_t>& distinct_keys, DocumentFrequency* df) {
  for (uint64_t key : distinct_keys) ++(*df)[key];
}

namespace {

// The document frequency of each of a document's sentence keys (0: not counted), looked up once
// for the anchors and the rare words both.
void KeyFrequencies(const SentenceKeys& k, const DocumentFrequency& df,
                    std::vector<uint32_t>* out) {
  out->resize(k.keys.size());
  for (size_t t = 0; t < k.keys.size(); ++t) {
    const uint32_t* f = df.Find(k.keys[t]);
    (*out)[t] = f == nullptr ? 0 : *f;
  }
}

// A document's rarest distinct content words: held by 2 to rare_word_max_documents documents,
// rarest first (ties by key), at most rare_words_per_document of them. `freq` is
// KeyFrequencies().
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

}  // namespace

StatusOr<std::vector<Candidate>> FindCandidates(const std::vector<Sketch>& sketches,
                                                const DocumentFrequency& df,
                                                const SentenceKeysSource& keys,
                                                const CandidateOptions& o, int threads_wanted) {
  const auto n = static_cast<uint32_t>(sketches.size());
  std::unordered_map<uint64_t, CandidateSource> found;  // PairKey -> first source
  auto propose = [&](uint32_t a, uint32_t b, CandidateSource s) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    found.try_emplace(PairKey(a, b), s);
  };

  // 1. Exact duplicates: group by normalized-text hash; the first member stands for the group.
  std::vector<bool> active(n, true);
  std::unordered_map<uint32_t, std::vector<uint32_t>> duplicates_of;  // first member -> others
  {
    std::vector<std::pair<uint64_t, uint32_t>> by_hash;
    for (uint32_t i = 0; i < n; ++i) by_hash.emplace_back(sketches[i].exact_hash, i);
    std::sort(by_hash.begin(), by_hash.end());
    // Small groups are paired completely; in a large one (a boilerplate page copied
    // everywhere) each member is paired with the first only, so the group costs what it holds.
    constexpr size_t kAllPairsUpTo = 16;
    for (size_t i = 0; i < by_hash.size();) {
      size_t j = i + 1;
      while (j < by_hash.size() && by_hash[j].first == by_hash[i].first) {
        active[by_hash[j].second] = false;
        duplicates_of[by_hash[i].second].push_back(by_hash[j].second);
        ++j;
      }
      for (size_t x = i; x < j; ++x) {
        for (size_t y = x + 1; y < j && (x == i || j - i <= kAllPairsUpTo); ++y) {
          propose(by_hash[x].second, by_hash[y].second, CandidateSource::kExact);
        }
      }
      i = j;
    }
  }

  // 2. MinHash-LSH: documents colliding in any band, with enough estimated Jaccard similarity.
  const int bands = std::max(1, o.minhash_bands), rows = std::max(1, o.minhash_rows);
  {
    std::vector<std::pair<uint64_t, uint32_t>> band_keys;
    for (uint32_t i = 0; i < n; ++i) {
      const std::vector<uint32_t>& sig = sketches[i].minhash;
      if (!active[i] || sig.size() != static_cast<size_t>(bands * rows)) continue;
      for (int b = 0; b < bands; ++b) {
        uint64_t h = Mix(0x13198a2e03707344ULL + b);
        for (int r = 0; r < rows; ++r) h = Mix(h ^ sig[b * rows + r]);
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
            propose(a, b, CandidateSource::kMinHash);
          }
        }
      }
      i = j;
    }
  }

  // 3. Anchors: each sentence's rarest content words (collection document frequency >= 2).
  // Postings are 12 bytes: (anchor, document); only anchors that two documents or more hold
  // survive into the posting lists, and each document keeps just its anchor count. The same
  // pass collects each document's rarest words for stage 4.
  std::vector<uint32_t> anchor_count(n, 0);
  Postings postings, rare_postings;
  const bool rare_stage = o.rare_word_partners > 0 && o.rare_words_per_document > 0;
  const int threads = ResolveThreads(threads_wanted);
  constexpr uint32_t kBlock = 4096;  // documents per parallel block
  {
    std::vector<std::vector<uint64_t>> anchors(kBlock), rare(kBlock);
    for (uint32_t block = 0; block < n; block += kBlock) {
      const uint32_t count = std::min(kBlock, n - block);
      RETURN_IF_ERROR(ParallelFor(count, threads, [&](size_t x, int) -> Status {
        const auto i = static_cast<uint32_t>(block + x);
        std::vector<uint64_t>& out = anchors[x];
        out.clear();
        rare[x].clear();
        if (!active[i]) return Status::Ok();
        SentenceKeys k;
        RETURN_IF_ERROR(keys(i, &k));
        std::vector<uint32_t> freq;
        KeyFrequencies(k, df, &freq);
        if (rare_stage) rare[x] = RareWords(k, freq, o);
        std::vector<std::pair<uint32_t, uint64_t>> terms;  // (df, key)
        for (size_t s = 0, begin = 0; s < k.ends.size(); begin = k.ends[s++]) {
          terms.clear();
          for (size_t t = begin; t < k.ends[s]; ++t) {
            if (freq[t] >= 2) terms.emplace_back(freq[t], k.keys[t]);
          }
          std::sort(terms.begin(), terms.end());
          // The sentence's fingerprints: each pair of its rarest words. Two documents sharing
          // one have a sentence each that holds the same two rare words, which same-topic texts
          // seldom do by chance, while a copy, a spun or translated sentence keeps names,
          // numbers and most rare words.
          const int m = std::min<int>(o.anchors_per_sentence, static_cast<int>(terms.size()));
          for (int y = 0; y < m; ++y) {
            for (int z = y + 1; z < m; ++z) {
              out.push_back(UnorderedPairKey(terms[y].second, terms[z].second));
            }
          }
        }
        RemoveRepeats(&out);
        return Status::Ok();
      }));
      // The block's postings go in at offsets counted here, and are written in parallel.
      std::vector<size_t> at(count + 1), rare_at(count + 1);
      at[0] = postings.size();
      rare_at[0] = rare_postings.size();
      for (uint32_t x = 0; x < count; ++x) {
        anchor_count[block + x] = static_cast<uint32_t>(anchors[x].size());
        at[x + 1] = at[x] + anchors[x].size();
        rare_at[x + 1] = rare_at[x] + rare[x].size();
      }
      if (block == 0) {
        // Room for the whole collection, extrapolated from the first block with a margin: pages
        // are only taken as postings are written, and the vector seldom grows (each growth
        // copies it, serially).
        const double scale = 1.25 * static_cast<double>(n) / count;
        postings.reserve(static_cast<size_t>(scale * static_cast<double>(at[count])));
        rare_postings.reserve(static_cast<size_t>(scale * static_cast<double>(rare_at[count])));
      }
      postings.resize(at[count]);
      rare_postings.resize(rare_at[count]);
      RETURN_IF_ERROR(ParallelFor(count, threads, [&](size_t x, int) -> Status {
        const auto doc = static_cast<uint32_t>(block + x);
        auto put = [doc](const std::vector<uint64_t>& keys, Posting* out) {
          for (uint64_t a : keys) {
            *out++ = {static_cast<uint32_t>(a >> 32), static_cast<uint32_t>(a), doc};
          }
        };
        put(anchors[x], postings.data() + at[x]);
        put(rare[x], rare_postings.data() + rare_at[x]);
        return Status::Ok();
      }));
    }
  }
  SortPostings(&postings, threads);

  // Shared anchors per pair. Each document's best weak partners: most shared, then the rarest.
  struct Weak {
    uint32_t shared;
    double rarity;
    uint32_t partner;
    bool Beats(const Weak& o) const {
      if (shared != o.shared) return shared > o.shared;
      if (rarity != o.rarity) return rarity > o.rarity;
      return partner < o.partner;
    }
  };
  {
    const SharedKeys anchor_lists(postings, n, o.max_anchor_postings);
    postings = {};
    BestPartners<Weak> weak(n, static_cast<size_t>(std::max(0, o.weak_anchor_partners)));
    RETURN_IF_ERROR(anchor_lists.ForEachLink(
        threads,
        [&](const Link& l) {
          const double smaller =
              static_cast<double>(std::min(anchor_count[l.i], anchor_count[l.j]));
          return static_cast<int>(l.shared) >= o.min_shared_anchors &&
                 l.shared >= o.min_anchor_overlap * smaller && l.rarity >= o.min_anchor_rarity;
        },
        [&](const Link& l) {
          if (static_cast<int>(l.shared) >= o.strong_shared_anchors) {
            propose(l.i, l.j, CandidateSource::kAnchors);
          } else {
            weak.Offer(l.i, {l.shared, l.rarity, l.j});
            weak.Offer(l.j, {l.shared, l.rarity, l.i});
          }
        }));
    for (uint32_t i = 0; i < weak.best().size(); ++i) {
      for (const Weak& w : weak.best()[i]) propose(i, w.partner, CandidateSource::kAnchors);
    }
  }

  // 4. Rare words: a summary merges and splits its source's sentences, and heavy rewording
  // breaks the pairs of rare words the anchors look for, but the names, figures and rare words
  // themselves stay. Each document's `rare_words_per_document` rarest words (held by 2 to
  // rare_word_max_documents documents) are its keys; two documents that share at least
  // rare_word_min_shared of them, with a rarity of at least rare_word_min_rarity, are partners,
  // and each document proposes its rare_word_partners best (rarest, then most shared).
  if (rare_stage) {
    SortPostings(&rare_postings, threads);
    const SharedKeys rare_lists(rare_postings, n, o.rare_word_max_documents);
    rare_postings = {};
    struct Rare {
      double rarity;
      uint32_t shared, partner;
      bool Beats(const Rare& o) const {
        if (rarity != o.rarity) return rarity > o.rarity;
        if (shared != o.shared) return shared > o.shared;
        return partner < o.partner;
      }
    };
    BestPartners<Rare> best(n, static_cast<size_t>(o.rare_word_partners));
    RETURN_IF_ERROR(rare_lists.ForEachLink(
        threads,
        [&](const Link& l) {
          return static_cast<int>(l.shared) >= o.rare_word_min_shared &&
                 l.rarity >= o.rare_word_min_rarity;
        },
        [&](const Link& l) {
          best.Offer(l.i, {l.rarity, l.shared, l.j});
          best.Offer(l.j, {l.rarity, l.shared, l.i});
        }));
    for (uint32_t i = 0; i < best.best().size(); ++i) {
      for (const Rare& r : best.best()[i]) propose(i, r.partner, CandidateSource::kRareWords);
    }
  }

  // What the first member of a duplicate group was found to share, its duplicates share too:
  // they are verified on their own, so every document's relations are reported.
  if (!duplicates_of.empty()) {
    std::vector<std::pair<uint64_t, CandidateSource>> found_so_far(found.begin(), found.end());
    std::sort(found_so_far.begin(), found_so_far.end());
    for (const auto& [key, source] : found_so_far) {
      if (source == CandidateSource::kExact) continue;
      const auto a = static_cast<uint32_t>(key >> 32), b = static_cast<uint32_t>(key);
      auto group = [&](uint32_t x) {
        std::vector<uint32_t> g{x};
        if (auto it = duplicates_of.find(x); it != duplicates_of.end()) {
          g.insert(g.end(), it->second.begin(), it->second.end());
        }
        return g;
      };
      for (uint32_t x : group(a)) {
        for (uint32_t y : group(b)) propose(x, y, source);
      }
    }
  }

  std::vector<Candidate> out;
  out.reserve(found.size());
  for (const auto& [key, source] : found) {
    out.push_back({static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key), source});
  }
  std::sort(out.begin(), out.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return out;
}

std::vector<Candidate> FindCandidates(const std::vector<AnalyzedDocument>& docs,
                                      const CandidateOptions& o, int threads) {
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
  return FindCandidates(sketches, df, source, o, threads).value();
}

}  // namespace textrace
