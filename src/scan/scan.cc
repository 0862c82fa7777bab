// The collection scan: read -> analyze -> candidates (exact, MinHash-LSH, anchors) -> verify with
// the aligner -> relations, direction -> families.
#include "textrace/scan.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "scan/candidates.h"
#include "util/parallel.h"

namespace textrace {
namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<uint32_t> parent_;
};

// Which of two documents derives from the other, from their dates (ISO 8601 compares as text).
void SetDirection(const ScanDocument& a, const ScanDocument& b, ScanPair* p) {
  if (a.date.empty() || b.date.empty()) {
    p->direction = "unknown";
    p->direction_reason = a.date.empty() && b.date.empty() ? "no dates"
                          : a.date.empty()                 ? "no date on a"
                                                           : "no date on b";
  } else if (a.date == b.date) {
    p->direction = "unknown";
    p->direction_reason = "same date";
  } else {
    p->direction = a.date < b.date ? "a_to_b" : "b_to_a";
    p->direction_reason.clear();
  }
}

// The family's representative: earliest date (dated before undated), else longest, else
// smallest id.
bool BetterRepresentative(const ScanDocument& x, const ScanDocument& y) {
  if (x.date.empty() != y.date.empty()) return !x.date.empty();
  if (x.date != y.date) return x.date < y.date;
  if (x.bytes != y.bytes) return x.bytes > y.bytes;
  return x.id < y.id;
}

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

}  // namespace

StatusOr<ScanResult> Scan(const std::vector<std::string>& inputs, const IngestOptions& ingest,
                          const ScanOptions& options, std::shared_ptr<const Thesaurus> thesaurus) {
  ScanResult r;
  const int threads = ResolveThreads(options.threads);

  // Read (sequential: the reader defines the order).
  auto t = Clock::now();
  ASSIGN_OR_RETURN(auto reader, DocumentReader::Open(inputs, ingest));
  std::vector<InputDocument> raw;
  while (true) {
    InputDocument d;
    ASSIGN_OR_RETURN(bool more, reader->Next(&d));
    if (!more) break;
    raw.push_back(std::move(d));
  }
  r.skipped = reader->skipped();
  r.stats.read_seconds = Since(t);

  // Analyze in parallel, each document into its own slot.
  t = Clock::now();
  std::vector<std::unique_ptr<Analyzer>> analyzers(threads);
  for (auto& a : analyzers) {
    ASSIGN_OR_RETURN(a, Analyzer::Create(options.analyzer));
  }
  r.analyzed.resize(raw.size());
  std::vector<Status> statuses(raw.size());
  RETURN_IF_ERROR(ParallelFor(raw.size(), threads, [&](size_t i, int w) -> Status {
    auto doc = analyzers[w]->Analyze(raw[i].id, std::move(raw[i].text));
    if (doc.ok()) {
      r.analyzed[i] = std::move(doc).value();
    } else {
      statuses[i] = doc.status();
    }
    return Status::Ok();
  }));
  // Documents that could not be analyzed, or that hold no word, are skipped with the reason.
  std::vector<uint32_t> keep;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (!statuses[i].ok()) {
      r.skipped.push_back({raw[i].origin, statuses[i].message()});
    } else if (r.analyzed[i].tokens.empty()) {
      r.skipped.push_back({raw[i].origin, "no words"});
    } else {
      keep.push_back(static_cast<uint32_t>(i));
    }
  }
  if (keep.size() != raw.size()) {
    std::vector<AnalyzedDocument> kept_docs;
    std::vector<InputDocument> kept_raw;
    for (uint32_t i : keep) {
      kept_docs.push_back(std::move(r.analyzed[i]));
      kept_raw.push_back(std::move(raw[i]));
    }
    r.analyzed = std::move(kept_docs);
    raw = std::move(kept_raw);
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    const AnalyzedDocument& d = r.analyzed[i];
    r.documents.push_back({raw[i].id, raw[i].date, raw[i].url, raw[i].origin,
                           static_cast<int64_t>(d.bytes.size()), d.char_length,
                           static_cast<int64_t>(d.tokens.size())});
    r.stats.bytes += static_cast<int64_t>(d.bytes.size());
  }
  r.stats.documents_read = reader->documents_read();
  r.stats.documents_skipped = static_cast<int64_t>(r.skipped.size());
  r.stats.analyze_seconds = Since(t);

  // Candidates.
  t = Clock::now();
  const std::vector<Candidate> candidates = FindCandidates(r.analyzed, options);
  r.stats.candidates = static_cast<int64_t>(candidates.size());
  for (const Candidate& c : candidates) {
    r.stats.candidates_exact += c.source == CandidateSource::kExact;
    r.stats.candidates_minhash += c.source == CandidateSource::kMinHash;
    r.stats.candidates_anchors += c.source == CandidateSource::kAnchors;
  }
  r.stats.candidate_seconds = Since(t);

  // Verify every candidate with the aligner, each into its own slot.
  t = Clock::now();
  const Aligner aligner(options.align, std::move(thesaurus));
  std::vector<std::optional<PreparedDocument>> prepared(r.analyzed.size());
  RETURN_IF_ERROR(ParallelFor(r.analyzed.size(), threads, [&](size_t i, int) -> Status {
    prepared[i].emplace(r.analyzed[i]);
    return Status::Ok();
  }));
  std::vector<ScanPair> verified(candidates.size());
  RETURN_IF_ERROR(ParallelFor(candidates.size(), threads, [&](size_t k, int) -> Status {
    const Candidate& c = candidates[k];
    ScanPair& p = verified[k];
    p.a = c.a;
    p.b = c.b;
    p.found_by = CandidateSourceName(c.source);
    // The aligner finds summaries of B in A: the shorter document goes first, and the
    // passages are turned back to the report's (a, b) order.
    const AnalyzedDocument& da = r.analyzed[c.a];
    const AnalyzedDocument& db = r.analyzed[c.b];
    if (da.tokens.size() <= db.tokens.size()) {
      p.comparison = Relate(da, db, aligner.Align(*prepared[c.a], *prepared[c.b]));
    } else {
      std::vector<PassagePair> ps = aligner.Align(*prepared[c.b], *prepared[c.a]);
      for (PassagePair& pp : ps) SwapSides(&pp);
      ps = DisjointInA(std::move(ps));
      p.comparison = Relate(da, db, std::move(ps));
    }
    SetDirection(r.documents[c.a], r.documents[c.b], &p);
    return Status::Ok();
  }));
  for (ScanPair& p : verified) {
    if (p.comparison.relation != Relation::kNone) r.pairs.push_back(std::move(p));
  }
  r.stats.align_seconds = Since(t);

  // Families: documents joined by any relation.
  DisjointSets sets(r.documents.size());
  for (const ScanPair& p : r.pairs) sets.Union(p.a, p.b);
  std::unordered_map<uint32_t, size_t> family_of_root;
  for (uint32_t i = 0; i < r.documents.size(); ++i) {
    const uint32_t root = sets.Find(i);
    auto [it, inserted] = family_of_root.try_emplace(root, r.families.size());
    if (inserted) r.families.push_back({i, {}});
    r.families[it->second].members.push_back(i);
  }
  std::erase_if(r.families, [](const Family& f) { return f.members.size() < 2; });
  for (Family& f : r.families) {
    f.representative =
        *std::min_element(f.members.begin(), f.members.end(), [&](uint32_t x, uint32_t y) {
          return BetterRepresentative(r.documents[x], r.documents[y]);
        });
  }
  std::sort(r.families.begin(), r.families.end(),
            [](const Family& x, const Family& y) { return x.members[0] < y.members[0]; });
  return r;
}

DedupResult Dedup(const ScanResult& r) {
  DisjointSets sets(r.documents.size());
  std::vector<std::string> relation(r.documents.size());  // strongest duplicate relation seen
  for (const ScanPair& p : r.pairs) {
    const Relation rel = p.comparison.relation;
    if (rel != Relation::kDuplicate && rel != Relation::kNearDuplicate) continue;
    sets.Union(p.a, p.b);
    for (uint32_t d : {p.a, p.b}) {
      if (relation[d] != "duplicate") relation[d] = RelationName(rel);
    }
  }
  std::vector<uint32_t> best(r.documents.size());
  std::iota(best.begin(), best.end(), 0);
  for (uint32_t i = 0; i < r.documents.size(); ++i) {
    uint32_t& b = best[sets.Find(i)];
    if (BetterRepresentative(r.documents[i], r.documents[b])) b = i;
  }
  DedupResult out;
  for (uint32_t i = 0; i < r.documents.size(); ++i) {
    const uint32_t keep = best[sets.Find(i)];
    if (keep == i) {
      out.kept.push_back(i);
    } else {
      out.removed.push_back({i, keep, relation[i]});
    }
  }
  return out;
}

}  // namespace textrace
