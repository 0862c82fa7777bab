// The scan's stages over partitions of a collection (textrace/distributed.h): each stage is the
// Scanner's (scan/stages.h, candidates/stages.h), its inputs and outputs turned into bytes.
// Records are written in the host's byte order: the machines of one cluster share it.
#include "textrace/distributed.h"

#include <algorithm>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <unordered_set>
#include <utility>

#include "candidates/candidates.h"
#include "candidates/postings.h"
#include "candidates/stages.h"
#include "normalize/boilerplate.h"
#include "scan/analysis_codec.h"
#include "scan/stages.h"

namespace textrace {
namespace distributed {
namespace {

using candidates_internal::AnchorLinkKept;
using candidates_internal::ExactGroups;
using candidates_internal::Link;
using candidates_internal::ProposedPairs;
using candidates_internal::RareLinkKept;
using candidates_internal::RarePartner;
using candidates_internal::WeakAnchor;

// Bytes out: plain values, and sized strings and vectors.
class Writer {
 public:
  template <typename T>
  void Put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint64_t>(s.size());
    out_.append(s);
  }
  template <typename T>
  void PutVector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<uint64_t>(v.size());
    if (!v.empty()) out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Bytes in: what Writer wrote; ok() false once anything did not fit.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  T Get() {
    T v{};
    if (in_.size() < sizeof(T)) {
      ok_ = false;
      in_ = {};
      return v;
    }
    std::memcpy(&v, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return v;
  }
  std::string GetString() {
    const auto n = Get<uint64_t>();
    if (in_.size() < n) {
      ok_ = false;
      in_ = {};
      return {};
    }
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  template <typename T>
  std::vector<T> GetVector() {
    const auto n = Get<uint64_t>();
    std::vector<T> v;
    if (in_.size() / sizeof(T) < n) {
      ok_ = false;
      in_ = {};
      return v;
    }
    v.resize(n);
    if (n > 0) std::memcpy(v.data(), in_.data(), n * sizeof(T));
    in_.remove_prefix(n * sizeof(T));
    return v;
  }
  bool done() const { return in_.empty(); }
  bool ok() const { return ok_; }

 private:
  std::string_view in_;
  bool ok_ = true;
};

// Fixed-size records, packed: a part of a stage's output.
template <typename T>
std::string Records(const std::vector<T>& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
template <typename T>
void AppendRecords(std::string_view bytes, std::vector<T>* out) {
  const size_t n = bytes.size() / sizeof(T);
  const size_t at = out->size();
  out->resize(at + n);
  if (n > 0) std::memcpy(out->data() + at, bytes.data(), n * sizeof(T));
}

// The range of a 64-bit key: ranges are contiguous in key order.
size_t RangeOf(uint64_t key, int ranges) {
  return static_cast<size_t>(((key >> 32) * static_cast<uint64_t>(ranges)) >> 32);
}

#pragma pack(push, 1)
struct KeyCount {
  uint64_t key;
  uint32_t count;
};
struct LineEntry {
  uint64_t line;
  uint32_t doc;
  uint64_t site;
};
struct DocCount {
  uint32_t doc, count;
};
struct KeyDoc {
  uint64_t key;
  uint32_t doc;
};
struct Contribution {
  uint32_t i, j, n;  // documents i < j share a key held by n documents
};
struct DocPair {
  uint32_t a, b;
};
struct AnchorOffer {
  uint32_t doc, shared;
  double rarity;
  uint32_t partner;
};
struct RareOffer {
  uint32_t doc;
  double rarity;
  uint32_t shared, partner;
};
#pragma pack(pop)

// Parts by range, from records and each record's range.
template <typename T, typename F>
std::vector<std::string> ByRange(const std::vector<T>& records, int ranges, F&& range_of) {
  std::vector<std::vector<T>> parts(static_cast<size_t>(std::max(1, ranges)));
  for (const T& r : records) parts[range_of(r)].push_back(r);
  std::vector<std::string> out;
  out.reserve(parts.size());
  for (const auto& p : parts) out.push_back(Records(p));
  return out;
}

std::string EncodeComparison(const Comparison& c) {
  Writer w;
  w.Put<uint8_t>(static_cast<uint8_t>(c.relation));
  w.Put(c.coverage_a);
  w.Put(c.coverage_b);
  w.Put<uint64_t>(c.passages.size());
  for (const PassagePair& p : c.passages) {
    w.Put(p.a);
    w.Put(p.b);
    w.Put(p.score);
    w.Put(p.kept);
    w.Put<uint8_t>(static_cast<uint8_t>(p.kind));
    w.Put<uint8_t>(p.by_words);
    w.PutVector(p.edits);
  }
  return w.Take();
}

bool DecodeComparison(std::string_view bytes, Comparison* c) {
  Reader r(bytes);
  c->relation = static_cast<Relation>(r.Get<uint8_t>());
  c->coverage_a = r.Get<double>();
  c->coverage_b = r.Get<double>();
  const auto n = r.Get<uint64_t>();
  if (!r.ok() || n > bytes.size()) return false;
  c->passages.resize(n);
  for (PassagePair& p : c->passages) {
    p.a = r.Get<TextSpan>();
    p.b = r.Get<TextSpan>();
    p.score = r.Get<double>();
    p.kept = r.Get<double>();
    p.kind = static_cast<PassageKind>(r.Get<uint8_t>());
    p.by_words = r.Get<uint8_t>() != 0;
    p.edits = r.GetVector<EditOp>();
  }
  return r.ok() && r.done();
}

// Where each document number of a partition is: number -> index in the partition.
std::unordered_map<uint32_t, size_t> IndexOfNumbers(const Numbers& numbers) {
  std::unordered_map<uint32_t, size_t> at;
  for (size_t i = 0; i < numbers.size(); ++i) {
    if (numbers[i] >= 0) at.emplace(static_cast<uint32_t>(numbers[i]), i);
  }
  return at;
}

}  // namespace

// ---- Partitions ----

struct Partition::Data {
  std::vector<Info> info;
  struct Doc {
    std::string id, text, analysis, keys;
    uint64_t site = 0;
    Sketch sketch;
    std::vector<uint64_t> lines;  // distinct short-line hashes
  };
  std::vector<Doc> docs;  // by document; empty for those skipped
};

Partition::Partition(std::unique_ptr<Data> data) : data_(std::move(data)) {}
Partition::~Partition() = default;
size_t Partition::size() const { return data_->info.size(); }
const std::vector<Partition::Info>& Partition::info() const { return data_->info; }
const std::string& Partition::text(size_t i) const { return data_->docs[i].text; }

uint64_t Partition::memory_bytes() const {
  uint64_t total = sizeof(Data);
  for (const Data::Doc& d : data_->docs) {
    total += sizeof(d) + d.id.size() + d.text.size() + d.analysis.size() + d.keys.size() +
             d.sketch.minhash.size() * 4 + d.lines.size() * 8;
  }
  return total;
}

StatusOr<std::shared_ptr<const Partition>> Partition::Analyze(
    const Engine& engine, const std::vector<InputDocument>& docs) {
  ASSIGN_OR_RETURN(std::unique_ptr<Analyzer> analyzer, engine.NewAnalyzer());
  const Options& options = engine.options();
  auto data = std::make_unique<Data>();
  data->info.resize(docs.size());
  data->docs.resize(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    scan_stages::Analyzed a =
        scan_stages::AnalyzeForScan(*analyzer, docs[i].id, docs[i].text, options);
    Info& info = data->info[i];
    info.bytes = static_cast<int64_t>(docs[i].text.size());
    info.chars = a.chars;
    info.words = a.words;
    info.language = a.language;
    info.skip_reason = scan_stages::SkipReason(a);
    if (!info.skip_reason.empty()) continue;
    Data::Doc& d = data->docs[i];
    d.id = docs[i].id;
    d.text = docs[i].text;
    d.analysis = EncodeAnalysis(*a.doc);
    d.keys = std::move(a.encoded_keys);
    d.site = SiteOf(docs[i].url);
    d.sketch = std::move(a.sketch);
    for (const DocumentLine& l : a.lines) d.lines.push_back(l.hash);
    std::sort(d.lines.begin(), d.lines.end());
    d.lines.erase(std::unique(d.lines.begin(), d.lines.end()), d.lines.end());
  }
  return std::shared_ptr<const Partition>(std::make_shared<Partition>(std::move(data)));
}

std::shared_ptr<const Partition> Partition::ForVerification() const {
  auto data = std::make_unique<Data>();
  data->info = data_->info;
  data->docs.resize(data_->docs.size());
  for (size_t i = 0; i < data_->docs.size(); ++i) {
    const Data::Doc& from = data_->docs[i];
    Data::Doc& to = data->docs[i];
    to.id = from.id;
    to.text = from.text;
    to.analysis = from.analysis;
  }
  return std::make_shared<Partition>(std::move(data));
}

std::string Partition::Encode() const {
  Writer w;
  w.Put<uint64_t>(data_->info.size());
  for (size_t i = 0; i < data_->info.size(); ++i) {
    const Info& info = data_->info[i];
    const Data::Doc& d = data_->docs[i];
    w.Put(info.bytes);
    w.Put(info.chars);
    w.Put(info.words);
    w.PutString(info.skip_reason);
    w.PutString(info.language);
    if (!info.skip_reason.empty()) continue;
    w.PutString(d.id);
    w.PutString(d.text);
    w.PutString(d.analysis);
    w.PutString(d.keys);
    w.Put(d.site);
    w.Put(d.sketch.exact_hash);
    w.PutVector(d.sketch.minhash);
    w.PutVector(d.lines);
  }
  return w.Take();
}

StatusOr<std::shared_ptr<const Partition>> Partition::Decode(std::string_view bytes) {
  Reader r(bytes);
  auto data = std::make_unique<Data>();
  const auto n = r.Get<uint64_t>();
  if (!r.ok() || n > bytes.size()) return DataLossError("partition: damaged");
  data->info.resize(n);
  data->docs.resize(n);
  for (size_t i = 0; i < n && r.ok(); ++i) {
    Info& info = data->info[i];
    Data::Doc& d = data->docs[i];
    info.bytes = r.Get<int64_t>();
    info.chars = r.Get<int64_t>();
    info.words = r.Get<int64_t>();
    info.skip_reason = r.GetString();
    info.language = r.GetString();
    if (!info.skip_reason.empty()) continue;
    d.id = r.GetString();
    d.text = r.GetString();
    d.analysis = r.GetString();
    d.keys = r.GetString();
    d.site = r.Get<uint64_t>();
    d.sketch.exact_hash = r.Get<uint64_t>();
    d.sketch.minhash = r.GetVector<uint32_t>();
    d.lines = r.GetVector<uint64_t>();
  }
  if (!r.ok() || !r.done()) return DataLossError("partition: damaged");
  return std::shared_ptr<const Partition>(std::make_shared<Partition>(std::move(data)));
}

// ---- Collection statistics ----

std::vector<std::string> DocumentFrequencyParts(const Partition& p, const Numbers& numbers,
                                                int ranges) {
  std::vector<uint64_t> keys;
  for (size_t i = 0; i < p.size(); ++i) {
    if (numbers[i] < 0) continue;
    // Made again from the sentence keys: cheaper than carrying them with the partition.
    SentenceKeys k;
    if (!DecodeSentenceKeys(p.data().docs[i].keys, &k)) continue;
    const std::vector<uint64_t> distinct = DistinctKeys(k);
    keys.insert(keys.end(), distinct.begin(), distinct.end());
  }
  std::sort(keys.begin(), keys.end());
  std::vector<KeyCount> counts;
  for (size_t i = 0; i < keys.size();) {
    size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    counts.push_back({keys[i], static_cast<uint32_t>(j - i)});
    i = j;
  }
  return ByRange(counts, ranges, [&](const KeyCount& k) { return RangeOf(k.key, ranges); });
}

std::string MergeCounts(const std::vector<std::string>& parts) {
  std::vector<KeyCount> all;
  for (const std::string& p : parts) AppendRecords(p, &all);
  std::sort(all.begin(), all.end(),
            [](const KeyCount& x, const KeyCount& y) { return x.key < y.key; });
  std::vector<KeyCount> out;
  for (const KeyCount& k : all) {
    if (!out.empty() && out.back().key == k.key) {
      out.back().count += k.count;
    } else {
      out.push_back(k);
    }
  }
  return Records(out);
}

std::string CommonKeys(const std::vector<std::string>& merged) {
  std::vector<KeyCount> all, out;
  for (const std::string& m : merged) AppendRecords(m, &all);
  for (const KeyCount& k : all) {
    if (k.count >= 2) out.push_back(k);
  }
  return Records(out);
}

std::vector<std::string> LineEntryParts(const Partition& p, const Numbers& numbers,
                                        const Options& options, int ranges) {
  std::vector<LineEntry> entries;
  if (options.boilerplate.min_docs > 0) {
    for (size_t i = 0; i < p.size(); ++i) {
      if (numbers[i] < 0) continue;
      const Partition::Data::Doc& d = p.data().docs[i];
      for (uint64_t line : d.lines) {
        entries.push_back({line, static_cast<uint32_t>(numbers[i]), d.site});
      }
    }
  }
  return ByRange(entries, ranges, [&](const LineEntry& e) { return RangeOf(e.line, ranges); });
}

std::string RecurringLines(const std::vector<std::string>& parts, const Options& options) {
  const BoilerplateOptions& o = options.boilerplate;
  std::vector<LineEntry> all, out;
  for (const std::string& p : parts) AppendRecords(p, &all);
  std::sort(all.begin(), all.end(), [](const LineEntry& x, const LineEntry& y) {
    return std::make_tuple(+x.line, +x.doc) < std::make_tuple(+y.line, +y.doc);
  });
  // A line held by fewer documents than either rule asks is never boilerplate.
  size_t fewest = o.min_docs > 0 ? static_cast<size_t>(o.min_docs) : SIZE_MAX;
  if (o.min_site_docs > 0) fewest = std::min(fewest, static_cast<size_t>(o.min_site_docs));
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].line == all[i].line) ++j;
    if (j - i >= fewest) out.insert(out.end(), all.begin() + i, all.begin() + j);
    i = j;
  }
  return Records(out);
}

std::string Sketches(const Partition& p, const Numbers& numbers) {
  Writer w;
  for (size_t i = 0; i < p.size(); ++i) {
    if (numbers[i] < 0) continue;
    const Sketch& s = p.data().docs[i].sketch;
    w.Put<uint32_t>(static_cast<uint32_t>(numbers[i]));
    w.Put(s.exact_hash);
    w.PutVector(s.minhash);
  }
  return w.Take();
}

// ---- The client's candidate stages ----

struct Coordinator::State {
  Options options;
  std::vector<Sketch> sketches;
  ExactGroups groups;
  ProposedPairs pairs;
  uint32_t documents = 0;
  int64_t boilerplate_lines = 0;
};

Coordinator::Coordinator(const Options& options, uint32_t documents)
    : state_(std::make_unique<State>()) {
  state_->options = options;
  state_->sketches.resize(documents);
  state_->documents = documents;
}
Coordinator::~Coordinator() = default;

Status Coordinator::AddSketches(std::string_view bytes) {
  Reader r(bytes);
  while (!r.done() && r.ok()) {
    const auto doc = r.Get<uint32_t>();
    Sketch s;
    s.exact_hash = r.Get<uint64_t>();
    s.minhash = r.GetVector<uint32_t>();
    if (!r.ok() || doc >= state_->sketches.size()) return DataLossError("sketches: damaged");
    state_->sketches[doc] = std::move(s);
  }
  return r.ok() ? Status::Ok() : DataLossError("sketches: damaged");
}

StatusOr<std::string> Coordinator::BoilerplateLines(const std::vector<std::string>& recurring) {
  std::vector<LineEntry> all;
  for (const std::string& p : recurring) AppendRecords(p, &all);
  // The finder takes each document's lines, in document order.
  std::sort(all.begin(), all.end(), [](const LineEntry& x, const LineEntry& y) {
    return std::make_tuple(+x.doc, +x.line) < std::make_tuple(+y.doc, +y.line);
  });
  BoilerplateFinder finder(state_->options.boilerplate);
  std::vector<DocumentLine> lines;
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    lines.clear();
    for (; j < all.size() && all[j].doc == all[i].doc; ++j) lines.push_back({all[j].line, 0, 0});
    if (all[i].doc >= state_->sketches.size()) return DataLossError("lines: damaged");
    finder.Add(all[i].doc, all[i].site, lines);
    i = j;
  }
  const std::vector<Sketch>& sketches = state_->sketches;
  const std::unordered_set<uint64_t> found = finder.Finish([&](uint32_t x, uint32_t y) {
    return scan_stages::SketchSimilarity(sketches[x], sketches[y]);
  });
  std::vector<uint64_t> sorted(found.begin(), found.end());
  std::sort(sorted.begin(), sorted.end());
  state_->boilerplate_lines = static_cast<int64_t>(sorted.size());
  return Records(sorted);
}

int64_t Coordinator::boilerplate_lines() const { return state_->boilerplate_lines; }

std::string Coordinator::ProposeByHashes() {
  State& s = *state_;
  s.groups = candidates_internal::ProposeExactDuplicates(s.sketches, &s.pairs);
  candidates_internal::ProposeMinHashPairs(s.sketches, s.groups.active, s.options.candidates,
                                           &s.pairs);
  std::string active(s.sketches.size(), '\0');
  for (size_t i = 0; i < active.size(); ++i) active[i] = s.groups.active[i] ? 1 : 0;
  s.sketches = {};  // not needed again
  return active;
}

Status Coordinator::AddProposed(std::string_view pairs, CandidateStage stage) {
  std::vector<DocPair> all;
  AppendRecords(pairs, &all);
  for (const DocPair& p : all) {
    if (p.a >= state_->documents || p.b >= state_->documents) {
      return DataLossError("pairs: damaged");
    }
    state_->pairs.Propose(p.a, p.b, stage);
  }
  return Status::Ok();
}

std::vector<Coordinator::Candidate> Coordinator::Candidates() {
  std::vector<Coordinator::Candidate> out;
  for (const textrace::Candidate& c :
       candidates_internal::FinishCandidates(state_->groups, &state_->pairs)) {
    out.push_back({c.a, c.b, c.source});
  }
  state_->pairs = {};
  return out;
}

// ---- Anchors and rare words ----

KeyPostingParts AnchorPostings(const Partition& p, const Numbers& numbers, std::string_view active,
                               std::string_view common_keys, const Options& options, int ranges) {
  const CandidateOptions& o = options.candidates;
  DocumentFrequency df;
  {
    std::vector<KeyCount> all;
    AppendRecords(common_keys, &all);
    for (const KeyCount& k : all) df[+k.key] = k.count;
  }
  const bool rare_stage = candidates_internal::RareWordStage(o);
  std::vector<KeyDoc> anchors, rare;
  std::vector<DocCount> counts;
  for (size_t i = 0; i < p.size(); ++i) {
    if (numbers[i] < 0) continue;
    const auto doc = static_cast<uint32_t>(numbers[i]);
    if (doc >= active.size() || active[doc] == 0) continue;
    SentenceKeys k;
    if (!DecodeSentenceKeys(p.data().docs[i].keys, &k)) continue;
    std::vector<uint32_t> freq;
    candidates_internal::KeyFrequencies(k, df, &freq);
    if (rare_stage) {
      for (uint64_t key : candidates_internal::RareWords(k, freq, o)) rare.push_back({key, doc});
    }
    const std::vector<uint64_t> a = candidates_internal::DocumentAnchors(k, freq, o);
    for (uint64_t key : a) anchors.push_back({key, doc});
    counts.push_back({doc, static_cast<uint32_t>(a.size())});
  }
  KeyPostingParts out;
  auto range = [&](const KeyDoc& k) { return RangeOf(k.key, ranges); };
  out.anchors = ByRange(anchors, ranges, range);
  out.rare_words = ByRange(rare, ranges, range);
  out.anchor_counts = Records(counts);
  return out;
}

std::vector<std::string> LinkContributions(const std::vector<std::string>& postings,
                                           int max_postings, int pair_ranges) {
  std::vector<KeyDoc> all;
  for (const std::string& p : postings) AppendRecords(p, &all);
  std::sort(all.begin(), all.end(), [](const KeyDoc& x, const KeyDoc& y) {
    return std::make_tuple(+x.key, +x.doc) < std::make_tuple(+y.key, +y.doc);
  });
  std::vector<Contribution> out;
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].key == all[i].key) ++j;
    const auto n = static_cast<uint32_t>(j - i);
    if (n >= 2 && static_cast<int>(n) <= max_postings) {
      for (size_t x = i; x < j; ++x) {
        for (size_t y = x + 1; y < j; ++y) out.push_back({all[x].doc, all[y].doc, n});
      }
    }
    i = j;
  }
  const auto q = static_cast<uint32_t>(std::max(1, pair_ranges));
  return ByRange(out, pair_ranges, [&](const Contribution& c) { return c.i % q; });
}

namespace {

// The links of one pair range: every pair's shared keys and rarity, summed in key order (the
// contributions come in key-range order, each range in key order) as SharedKeys sums them.
template <typename F>
void ForEachLink(const std::vector<std::string>& contributions, F&& f) {
  std::vector<Contribution> all;
  for (const std::string& c : contributions) AppendRecords(c, &all);
  std::stable_sort(all.begin(), all.end(), [](const Contribution& x, const Contribution& y) {
    return std::make_tuple(+x.i, +x.j) < std::make_tuple(+y.i, +y.j);
  });
  for (size_t k = 0; k < all.size();) {
    Link l{all[k].i, all[k].j, 0, 0.0};
    for (; k < all.size() && all[k].i == l.i && all[k].j == l.j; ++k) {
      ++l.shared;
      l.rarity += 1.0 / (all[k].n - 1);
    }
    f(l);
  }
}

// Each document's best k partners by T's order (candidates_internal::BestPartners), as pairs.
template <typename T, typename Offer>
std::string BestOf(const std::vector<std::string>& offers, size_t k,
                   T (*partner_of)(const Offer&)) {
  std::vector<Offer> all;
  for (const std::string& o : offers) AppendRecords(o, &all);
  std::stable_sort(all.begin(), all.end(),
                   [](const Offer& x, const Offer& y) { return x.doc < y.doc; });
  std::vector<DocPair> out;
  candidates_internal::BestPartners<T> best(1, k);
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    best = candidates_internal::BestPartners<T>(1, k);
    for (; j < all.size() && all[j].doc == all[i].doc; ++j) best.Offer(0, partner_of(all[j]));
    if (k > 0) {
      for (const T& t : best.best()[0]) out.push_back({all[i].doc, t.partner});
    }
    i = j;
  }
  return Records(out);
}

WeakAnchor WeakOf(const AnchorOffer& o) { return {o.shared, o.rarity, o.partner}; }
RarePartner RareOf(const RareOffer& o) { return {o.rarity, o.shared, o.partner}; }

}  // namespace

AnchorLinkParts AnchorLinks(const std::vector<std::string>& contributions,
                            std::string_view anchor_counts, const Options& options,
                            int doc_ranges) {
  const CandidateOptions& o = options.candidates;
  std::unordered_map<uint32_t, uint32_t> counts;
  {
    std::vector<DocCount> all;
    AppendRecords(anchor_counts, &all);
    counts.reserve(all.size());
    for (const DocCount& c : all) counts.emplace(+c.doc, +c.count);
  }
  auto count = [&](uint32_t d) {
    auto it = counts.find(d);
    return it == counts.end() ? 0u : it->second;
  };
  std::vector<DocPair> strong;
  std::vector<AnchorOffer> offers;
  ForEachLink(contributions, [&](const Link& l) {
    if (!AnchorLinkKept(l, count(l.i), count(l.j), o)) return;
    if (static_cast<int>(l.shared) >= o.strong_shared_anchors) {
      strong.push_back({l.i, l.j});
    } else if (o.weak_anchor_partners > 0) {
      offers.push_back({l.i, l.shared, l.rarity, l.j});
      offers.push_back({l.j, l.shared, l.rarity, l.i});
    }
  });
  const auto d = static_cast<uint32_t>(std::max(1, doc_ranges));
  AnchorLinkParts out;
  out.strong = Records(strong);
  out.offers = ByRange(offers, doc_ranges, [&](const AnchorOffer& x) { return x.doc % d; });
  return out;
}

std::vector<std::string> RareLinks(const std::vector<std::string>& contributions,
                                   const Options& options, int doc_ranges) {
  const CandidateOptions& o = options.candidates;
  std::vector<RareOffer> offers;
  ForEachLink(contributions, [&](const Link& l) {
    if (!RareLinkKept(l, o)) return;
    offers.push_back({l.i, l.rarity, l.shared, l.j});
    offers.push_back({l.j, l.rarity, l.shared, l.i});
  });
  const auto d = static_cast<uint32_t>(std::max(1, doc_ranges));
  return ByRange(offers, doc_ranges, [&](const RareOffer& x) { return x.doc % d; });
}

std::string BestAnchorPartners(const std::vector<std::string>& offers, const Options& options) {
  return BestOf<WeakAnchor, AnchorOffer>(
      offers, static_cast<size_t>(std::max(0, options.candidates.weak_anchor_partners)), &WeakOf);
}

std::string BestRarePartners(const std::vector<std::string>& offers, const Options& options) {
  return BestOf<RarePartner, RareOffer>(
      offers, static_cast<size_t>(std::max(0, options.candidates.rare_word_partners)), &RareOf);
}

// ---- Verification ----

StatusOr<std::vector<std::string>> Verify(const Engine& engine,
                                          const std::vector<const Partition*>& partitions,
                                          const std::vector<const Numbers*>& numbers,
                                          const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                          std::string_view boilerplate_lines) {
  const Options& options = engine.options();
  std::unordered_set<uint64_t> lines;
  {
    std::vector<uint64_t> all;
    AppendRecords(boilerplate_lines, &all);
    lines.insert(all.begin(), all.end());
  }
  // number -> (partition, index in it)
  std::unordered_map<uint32_t, std::pair<const Partition*, size_t>> where;
  for (size_t k = 0; k < partitions.size() && k < numbers.size(); ++k) {
    for (const auto& [doc, i] : IndexOfNumbers(*numbers[k])) where[doc] = {partitions[k], i};
  }
  // Each document analyzed (decoded), marked and prepared once.
  std::unordered_map<
      uint32_t, std::pair<std::unique_ptr<AnalyzedDocument>, std::unique_ptr<PreparedDocument>>>
      prepared;
  auto get = [&](uint32_t doc) -> StatusOr<const PreparedDocument*> {
    if (auto it = prepared.find(doc); it != prepared.end()) return it->second.second.get();
    auto at = where.find(doc);
    if (at == where.end()) return InvalidArgumentError("verify: document not in its partition");
    const Partition::Data::Doc& d = at->second.first->data().docs[at->second.second];
    auto analyzed = std::make_unique<AnalyzedDocument>();
    if (!DecodeAnalysis(d.analysis, d.id, d.text, analyzed.get())) {
      return DataLossError("partition: damaged analysis of '" + d.id + "'");
    }
    MarkBoilerplate(lines, options.boilerplate.max_line_words, analyzed.get());
    auto prep = std::make_unique<PreparedDocument>(*analyzed);
    const PreparedDocument* out = prep.get();
    prepared.emplace(doc, std::make_pair(std::move(analyzed), std::move(prep)));
    return out;
  };
  std::vector<std::string> out;
  out.reserve(pairs.size());
  for (const auto& [a, b] : pairs) {
    ASSIGN_OR_RETURN(const PreparedDocument* x, get(a));
    ASSIGN_OR_RETURN(const PreparedDocument* y, get(b));
    out.push_back(EncodeComparison(scan_stages::VerifyCandidate(engine.aligner(), *x, *y)));
  }
  return out;
}

// ---- The result ----

namespace {

// The texts of the documents the report needs, given by the client.
class GivenTexts : public TextStore {
 public:
  StatusOr<std::string> Text(uint32_t document) const override {
    auto it = texts_.find(document);
    if (it == texts_.end()) {
      return NotFoundError("document " + std::to_string(document) +
                           ": its text stayed on the cluster (only the texts of documents in "
                           "pairs are fetched)");
    }
    return it->second;
  }
  StatusOr<std::string> Record(uint32_t) const override { return std::string(); }
  void Set(uint32_t document, std::string text) { texts_[document] = std::move(text); }

 private:
  std::unordered_map<uint32_t, std::string> texts_;
};

}  // namespace

struct Assembler::State {
  Options options;
  std::unordered_map<std::string, std::string> dates;  // the dates file's, not yet used
  std::unordered_map<std::string, std::string> ids;    // id -> origin
  int64_t added = 0;                                   // documents given (for default ids)
  int64_t read = 0;  // of which with an id of their own (documents_read, as Scanner::Add counts)
  std::vector<SkipRecord> input_skips, analysis_skips;
  ScanResult result;
  std::shared_ptr<GivenTexts> texts = std::make_shared<GivenTexts>();
};

StatusOr<std::unique_ptr<Assembler>> Assembler::Create(const Options& options) {
  std::unique_ptr<Assembler> a(new Assembler());
  a->state_ = std::make_unique<State>();
  a->state_->options = options;
  if (!options.input.dates_file.empty()) {
    ASSIGN_OR_RETURN(a->state_->dates, scan_stages::ReadDatesFile(options.input.dates_file));
  }
  return a;
}

Assembler::~Assembler() = default;

int64_t Assembler::Add(InputDocument d, const Partition::Info& info) {
  State& s = *state_;
  ++s.added;
  // As Scanner::Add: a default id, the id claimed once, then the analysis' verdict.
  if (d.id.empty()) d.id = "document " + std::to_string(s.added);
  if (d.origin.empty()) d.origin = d.id;
  auto [it, inserted] = s.ids.emplace(d.id, d.origin);
  if (!inserted) {
    s.input_skips.push_back(
        SkipRecord{d.origin, "duplicate id '" + d.id + "' (first at " + it->second + ")"});
    return -1;
  }
  ++s.read;
  if (!info.skip_reason.empty()) {
    s.analysis_skips.push_back({d.origin, info.skip_reason});
    return -1;
  }
  const auto number = static_cast<int64_t>(s.result.documents.size());
  s.result.documents.push_back(scan_stages::MakeScanDocument(std::move(d), info.bytes, info.chars,
                                                             info.words, &s.dates, &s.result));
  s.result.documents.back().language = info.language;
  return number;
}

uint32_t Assembler::documents() const {
  return static_cast<uint32_t>(state_->result.documents.size());
}

Status Assembler::Finish(const std::vector<Coordinator::Candidate>& candidates,
                         const std::vector<std::string>& comparisons, int64_t boilerplate_lines) {
  State& s = *state_;
  ScanResult& r = s.result;
  if (comparisons.size() != candidates.size()) {
    return InvalidArgumentError("Assembler::Finish: one comparison per candidate expected");
  }
  r.skipped = std::move(s.input_skips);
  r.skipped.insert(r.skipped.end(), s.analysis_skips.begin(), s.analysis_skips.end());
  r.stats.documents_read = s.read;
  r.stats.documents_skipped = static_cast<int64_t>(r.skipped.size());
  r.stats.boilerplate_lines = boilerplate_lines;
  r.stats.candidates = static_cast<int64_t>(candidates.size());
  for (size_t k = 0; k < candidates.size(); ++k) {
    const Coordinator::Candidate& c = candidates[k];
    r.stats.candidates_exact += c.stage == CandidateStage::kExact;
    r.stats.candidates_minhash += c.stage == CandidateStage::kMinHash;
    r.stats.candidates_anchors += c.stage == CandidateStage::kAnchors;
    r.stats.candidates_rare_words += c.stage == CandidateStage::kRareWords;
    if (c.a >= r.documents.size() || c.b >= r.documents.size()) {
      return InvalidArgumentError("Assembler::Finish: no such document");
    }
    ScanPair p;
    p.a = c.a;
    p.b = c.b;
    p.found_by = c.stage;
    if (!DecodeComparison(comparisons[k], &p.comparison)) {
      return DataLossError("comparison: damaged");
    }
    const scan_stages::Verdict verdict = scan_stages::VerdictOf(p.comparison, s.options);
    if (verdict == scan_stages::Verdict::kNone) continue;
    scan_stages::PairDirection(r.documents[c.a], r.documents[c.b], &p);
    if (verdict == scan_stages::Verdict::kWeak) {
      ++r.stats.weak_pairs;
      if (s.options.report.report_weak_pairs) r.weak_pairs.push_back(std::move(p));
    } else {
      r.pairs.push_back(std::move(p));
    }
  }
  r.stats.dates_unmatched = static_cast<int64_t>(s.dates.size());
  s.dates.clear();
  scan_stages::FinishRelations(&r);
  r.texts = s.texts;
  return Status::Ok();
}

std::vector<uint32_t> Assembler::DocumentsInPairs() const {
  std::vector<uint32_t> out;
  for (const auto* pairs : {&state_->result.pairs, &state_->result.weak_pairs}) {
    for (const ScanPair& p : *pairs) {
      out.push_back(+p.a);
      out.push_back(+p.b);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void Assembler::SetText(uint32_t document, std::string text) {
  state_->texts->Set(document, std::move(text));
}

ScanResult Assembler::TakeResult() { return std::move(state_->result); }

}  // namespace distributed
}  // namespace textrace
