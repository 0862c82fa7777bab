// Stage 3, anchors: the pairs of each sentence's rarest content words (collection document
// frequency >= 2), gathered into postings in one pass over the documents' sentence keys (which
// also gathers each document's rare words for stage 4), and the documents sharing them.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "candidates/stages.h"
#include "util/hash.h"
#include "util/parallel.h"

namespace textrace {
namespace candidates_internal {
namespace {

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

}  // namespace

std::vector<uint64_t> DocumentAnchors(const SentenceKeys& k, const std::vector<uint32_t>& freq,
                                      const CandidateOptions& o) {
  std::vector<uint64_t> out;
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
  return out;
}

// Postings are 12 bytes: (anchor, document); only anchors that two documents or more hold
// survive into the posting lists, and each document keeps just its anchor count.
Status CollectPostings(const std::vector<bool>& active, const DocumentFrequency& df,
                       const SentenceKeysSource& keys, const CandidateOptions& o, int threads,
                       KeyPostings* result, const BlockDone& done, const CandidateMemory& memory) {
  const auto n = static_cast<uint32_t>(active.size());
  std::vector<uint32_t>& anchor_count = result->anchor_count;
  Postings& postings = result->anchors;
  Postings& rare_postings = result->rare_words;
  anchor_count.assign(n, 0);
  const bool rare_stage = RareWordStage(o);
  constexpr uint32_t kBlock = 4096;  // documents per parallel block
  std::vector<std::vector<uint64_t>> anchors(kBlock), rare(kBlock);
  SpilledPostings& spilled = result->spilled;
  // On disk: a part gathers `chunk` postings (16 MB for all the parts) before they are written.
  std::vector<Postings> parts;
  size_t chunk = 0;
  auto flush = [&](size_t p) -> Status {
    if (parts[p].empty()) return Status::Ok();
    ASSIGN_OR_RETURN(const uint64_t offset, spilled.file->Append(std::string_view(
                                                reinterpret_cast<const char*>(parts[p].data()),
                                                parts[p].size() * sizeof(Posting))));
    spilled.chunks[p].emplace_back(offset, parts[p].size());
    parts[p].clear();
    return Status::Ok();
  };
  auto to_part = [&](const Posting& q) -> Status {
    const auto p = static_cast<size_t>(q.key_hi >> (32 - spilled.part_bits));
    parts[p].push_back(q);
    return parts[p].size() == chunk ? flush(p) : Status::Ok();
  };
  // From now on the postings go to disk, in parts that each hold at most half of the memory
  // allowed when the whole comes to `expected`; those in memory go there first.
  auto start_spilling = [&](uint64_t expected) -> Status {
    ASSIGN_OR_RETURN(spilled.file, SpillFile::Create(memory.tmp_dir));
    spilled.part_bits = 1;
    while (spilled.part_bits < 8 &&
           (expected * sizeof(Posting) >> spilled.part_bits) > memory.postings_bytes / 2) {
      ++spilled.part_bits;
    }
    spilled.chunks.resize(size_t{1} << spilled.part_bits);
    parts.resize(spilled.chunks.size());
    chunk = std::max<size_t>(1024, ((size_t{16} << 20) / sizeof(Posting)) >> spilled.part_bits);
    for (Postings& part : parts) part.reserve(chunk);
    for (const Posting& q : postings) RETURN_IF_ERROR(to_part(q));
    Postings().swap(postings);
    return Status::Ok();
  };
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
      out = DocumentAnchors(k, freq, o);
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
    // Anchor postings over the memory allowed wait on disk: known from the first block,
    // extrapolated to the collection with a margin, or as they come.
    const double scale = 1.25 * static_cast<double>(n) / (block + count);
    const auto expected = static_cast<uint64_t>(scale * static_cast<double>(at[count]));
    if (spilled.file == nullptr && expected * sizeof(Posting) > memory.postings_bytes &&
        (block == 0 || at[count] * sizeof(Posting) > memory.postings_bytes)) {
      RETURN_IF_ERROR(start_spilling(expected));
    }
    if (block == 0) {
      // Room for the whole collection, extrapolated from the first block with a margin: pages
      // are only taken as postings are written, and the vector seldom grows (each growth
      // copies it, serially).
      if (spilled.file == nullptr) postings.reserve(expected);
      rare_postings.reserve(static_cast<size_t>(scale * static_cast<double>(rare_at[count])));
    }
    if (spilled.file != nullptr) {
      // Into the parts, in document order; a full chunk of a part is written out.
      for (uint32_t x = 0; x < count; ++x) {
        for (const uint64_t a : anchors[x]) {
          RETURN_IF_ERROR(
              to_part({static_cast<uint32_t>(a >> 32), static_cast<uint32_t>(a), block + x}));
        }
      }
    } else {
      postings.resize(at[count]);
    }
    rare_postings.resize(rare_at[count]);
    const bool anchors_in_memory = spilled.file == nullptr;
    RETURN_IF_ERROR(ParallelFor(count, threads, [&](size_t x, int) -> Status {
      const auto doc = static_cast<uint32_t>(block + x);
      auto put = [doc](const std::vector<uint64_t>& keys, Posting* out) {
        for (uint64_t a : keys) {
          *out++ = {static_cast<uint32_t>(a >> 32), static_cast<uint32_t>(a), doc};
        }
      };
      if (anchors_in_memory) put(anchors[x], postings.data() + at[x]);
      put(rare[x], rare_postings.data() + rare_at[x]);
      return Status::Ok();
    }));
    if (done) done(block + count);
  }
  for (size_t p = 0; p < parts.size(); ++p) RETURN_IF_ERROR(flush(p));
  if (memory.spilled_bytes != nullptr && spilled.file != nullptr) {
    *memory.spilled_bytes += spilled.file->size();
  }
  return Status::Ok();
}

Status ProposeAnchorPairs(KeyPostings* postings, const CandidateOptions& o, int threads,
                          ProposedPairs* pairs, const BlockDone& done) {
  const std::vector<uint32_t>& anchor_count = postings->anchor_count;
  const auto n = static_cast<uint32_t>(anchor_count.size());
  SharedKeys anchor_lists(n, o.max_anchor_postings);
  if (SpilledPostings& spilled = postings->spilled; spilled.file != nullptr) {
    // Part by part, each read back and sorted: the lists come out as from all the postings.
    for (const auto& chunks : spilled.chunks) {
      size_t size = 0;
      for (const auto& c : chunks) size += c.second;
      Postings part(size);
      size_t at = 0;
      for (const auto& [offset, count] : chunks) {  // straight into the part
        RETURN_IF_ERROR(spilled.file->Read(offset, count * sizeof(Posting),
                                           reinterpret_cast<char*>(part.data() + at)));
        at += count;
      }
      SortPostings(&part, threads, spilled.part_bits);  // their top bits are the part's
      anchor_lists.AddSorted(part);
    }
    spilled = {};
    anchor_lists.Finish();
  } else {
    SortPostings(&postings->anchors, threads);
    anchor_lists = SharedKeys(postings->anchors, n, o.max_anchor_postings);
    postings->anchors = {};
  }
  BestPartners<WeakAnchor> weak(n, static_cast<size_t>(std::max(0, o.weak_anchor_partners)));
  RETURN_IF_ERROR(anchor_lists.ForEachLink(
      threads,
      [&](const Link& l) { return AnchorLinkKept(l, anchor_count[l.i], anchor_count[l.j], o); },
      [&](const Link& l) {
        if (static_cast<int>(l.shared) >= o.strong_shared_anchors) {
          pairs->Propose(l.i, l.j, CandidateSource::kAnchors);
        } else {
          weak.Offer(l.i, {l.shared, l.rarity, l.j});
          weak.Offer(l.j, {l.shared, l.rarity, l.i});
        }
      },
      done));
  for (uint32_t i = 0; i < weak.best().size(); ++i) {
    for (const WeakAnchor& w : weak.best()[i])
      pairs->Propose(i, w.partner, CandidateSource::kAnchors);
  }
  return Status::Ok();
}

}  // namespace candidates_internal
}  // namespace textrace
