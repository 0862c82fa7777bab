// The near-duplicate tier (FastDedup, textrace/scan.h): words by a byte loop, word 3-gram
// shingles, a one-permutation MinHash sketch per document, LSH bands for candidates, and the
// sketches' estimate of the shingles' Jaccard similarity to decide. Reading is one thread; the
// sketches are made on the others, a batch at a time, while the next batch is read.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cluster/cluster.h"
#include "scan/spill.h"
#include "scan/stages.h"
#include "textrace/date.h"
#include "util/hash.h"
#include "util/parallel.h"
#include "util/radix_sort.h"

namespace textrace {
namespace {

constexpr int kBins = 256;
constexpr int kRows = 2;  // bins per band
constexpr int kBands = kBins / kRows;
constexpr int kShingleWords = 3;
// A bucket of more documents than this (one text in thousands of copies is caught by the exact
// hash first) compares each member with its first kMaxBucket members only.
constexpr size_t kMaxBucket = 64;

struct ShingleSketch {
  std::array<uint32_t, kBins> bins;
  uint64_t sequence = 0;  // hash of the whole word sequence (exact duplicates)
  int64_t words = 0;
};

// Bytes by class: word bytes (ASCII letters and digits, and UTF-8 other than below), ASCII
// separators, and the lead bytes of the UTF-8 punctuation that glues to words in web text
// (U+00A0-U+00BF: no-break space, guillemets, and the superscripts and ordinals there;
// U+2000-U+207F: dashes, curly quotes, ellipsis, superscripts).
enum ByteClass : uint8_t { kWord = 0, kSeparator = 1, kMaybeSeparator = 2 };
constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    t[c] =
        c < 0x80 ? (word ? kWord : kSeparator) : (c == 0xC2 || c == 0xE2 ? kMaybeSeparator : kWord);
  }
  return t;
}
constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

// The separator's length at `p` (a kMaybeSeparator lead byte), 0 when it starts a word character.
inline size_t MaybeSeparator(const unsigned char* p, const unsigned char* end) {
  if (p[0] == 0xC2) return p + 1 < end && p[1] >= 0xA0 && p[1] <= 0xBF ? 2 : 0;
  return p + 2 < end && (p[1] == 0x80 || p[1] == 0x81) ? 3 : 0;
}

ShingleSketch MakeShingleSketch(std::string_view text) {
  ShingleSketch s;
  s.bins.fill(UINT32_MAX);
  std::array<uint64_t, kShingleWords> last{};  // the last words' hashes, a ring
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  uint64_t sequence = 0x2545f4914f6cdd1dULL;
  auto add_shingle = [&](uint64_t h) {
    const uint64_t m = Mix64(h);
    uint32_t& bin = s.bins[m >> 56];
    const auto v = static_cast<uint32_t>(m);
    if (v < bin) bin = v;
  };
  while (p < end) {
    // Skip separators.
    while (p < end) {
      const uint8_t k = kClasses[*p];
      if (k == kWord) break;
      if (k == kSeparator) {
        ++p;
      } else if (const size_t len = MaybeSeparator(p, end); len > 0) {
        p += len;
      } else {
        break;
      }
    }
    if (p >= end) break;
    uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the lowered bytes
    while (p < end) {
      const unsigned char c = *p;
      const uint8_t k = kClasses[c];
      if (k == kSeparator || (k == kMaybeSeparator && MaybeSeparator(p, end) > 0)) break;
      h = (h ^ (c >= 'A' && c <= 'Z' ? c | 0x20 : c)) * 0x100000001b3ULL;
      ++p;
    }
    last[s.words % kShingleWords] = h;
    ++s.words;
    sequence = Mix64(sequence ^ h);
    if (s.words >= kShingleWords) {
      // The shingle of the last kShingleWords words, in order.
      uint64_t g = 0;
      for (int k = 0; k < kShingleWords; ++k) {
        g = g * 0x9e3779b97f4a7c15ULL + last[(s.words + k) % kShingleWords];
      }
      add_shingle(g);
    }
  }
  if (s.words > 0 && s.words < kShingleWords) {
    // A text shorter than a shingle: its words are its one shingle.
    add_shingle(sequence);
  }
  s.sequence = s.words == 0 ? 0 : Mix64(sequence ^ static_cast<uint64_t>(s.words));
  // Empty bins take the next filled bin's value, changed by the distance (densification), so
  // that two documents agree on them about as often as on filled ones.
  bool any = false;
  for (uint32_t v : s.bins) any |= v != UINT32_MAX;
  if (any) {
    std::array<uint32_t, kBins> filled = s.bins;
    for (int b = 0; b < kBins; ++b) {
      if (filled[b] != UINT32_MAX) continue;
      int d = 1;
      while (filled[(b + d) % kBins] == UINT32_MAX) ++d;
      s.bins[b] = static_cast<uint32_t>(Mix64(filled[(b + d) % kBins] + 0x51ed27ULL * d));
    }
  }
  return s;
}

double Similarity(const ShingleSketch& x, const ShingleSketch& y) {
  int same = 0;
  for (int b = 0; b < kBins; ++b) same += x.bins[b] == y.bins[b];
  return static_cast<double>(same) / kBins;
}

// Whether the first quarter of the bins leaves `x` and `y` a chance of `threshold`: most band
// collisions are unrelated documents that agree on a bin or two, told apart here at a quarter of
// the cost. The cut, a quarter of the agreeing bins expected at the threshold, turns away a pair
// at exactly the threshold with a chance of about 1 in 2 million (binomial, 64 bins: 4.5e-7 at
// 0.3).
bool MayReach(const ShingleSketch& x, const ShingleSketch& y, double threshold) {
  constexpr int kFirst = kBins / 4;
  int same = 0;
  for (int b = 0; b < kFirst; ++b) same += x.bins[b] == y.bins[b];
  return same >= static_cast<int>(threshold * kFirst / 4);
}

// Code points of UTF-8 text: the bytes that do not continue a sequence.
int64_t CodePoints(std::string_view text) {
  int64_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The sketches, in blocks of 4,096: a vector of them would copy itself as it grows (a gigabyte
// collection holds 260 MB of sketches), and the freed copies stay in the allocator's heap.
class SketchBlocks {
 public:
  void push_back(const ShingleSketch& s) {
    if (size_ % kBlock == 0)
      blocks_.push_back(std::make_unique<std::array<ShingleSketch, kBlock>>());
    (*blocks_.back())[size_ % kBlock] = s;
    ++size_;
  }
  const ShingleSketch& operator[](size_t i) const { return (*blocks_[i / kBlock])[i % kBlock]; }
  size_t size() const { return size_; }

 private:
  static constexpr size_t kBlock = 4096;
  std::vector<std::unique_ptr<std::array<ShingleSketch, kBlock>>> blocks_;
  size_t size_ = 0;
};

// The documents' texts: a JSON line is kept once, as its record (what dedup writes back), and its
// text read from it again when asked for; others as their text. In memory while they fit in
// `memory_limit` bytes, the rest in a scratch file (unlinked, in ResourceOptions::tmp_dir), so
// that a collection larger than the budget is deduplicated in it.
class FastTextStore : public TextStore {
 public:
  FastTextStore(std::string text_field, uint64_t memory_limit, std::unique_ptr<SpillFile> file)
      : text_field_(std::move(text_field)), memory_limit_(memory_limit), file_(std::move(file)) {}

  Status Add(std::string text, std::string record) {
    Entry e;
    e.is_record = !record.empty();
    std::string& payload = e.is_record ? record : text;
    e.size = payload.size();
    if (in_memory_ + payload.size() <= memory_limit_) {
      in_memory_ += payload.size();
      e.memory = static_cast<uint32_t>(memory_.size());
      memory_.push_back(std::move(payload));
    } else {
      ASSIGN_OR_RETURN(e.offset, file_->Append(payload));
      spilled_ += payload.size();
    }
    entries_.push_back(e);
    return Status::Ok();
  }
  uint64_t spilled_bytes() const { return spilled_; }

  StatusOr<std::string> Text(uint32_t d) const override {
    if (d >= entries_.size()) return InvalidArgumentError("no document " + std::to_string(d));
    ASSIGN_OR_RETURN(std::string payload, Payload(entries_[d]));
    if (!entries_[d].is_record) return payload;
    const auto line = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (!line.is_object() || !line.contains(text_field_) || !line[text_field_].is_string()) {
      return InternalError("document " + std::to_string(d) + ": its record holds no text");
    }
    return line[text_field_].get<std::string>();
  }
  StatusOr<std::string> Record(uint32_t d) const override {
    if (d >= entries_.size()) return InvalidArgumentError("no document " + std::to_string(d));
    if (!entries_[d].is_record) return std::string();
    return Payload(entries_[d]);
  }

 private:
  struct Entry {
    bool is_record = false;
    uint32_t memory = kOnDisk;  // index in memory_, or kOnDisk
    uint64_t offset = 0, size = 0;
  };
  static constexpr uint32_t kOnDisk = 0xFFFFFFFF;
  StatusOr<std::string> Payload(const Entry& e) const {
    if (e.memory != kOnDisk) return memory_[e.memory];
    std::string out;
    RETURN_IF_ERROR(file_->Read(e.offset, e.size, &out));
    return out;
  }

  std::string text_field_;
  uint64_t memory_limit_, in_memory_ = 0, spilled_ = 0;
  std::unique_ptr<SpillFile> file_;
  std::vector<Entry> entries_;
  std::vector<std::string> memory_;
};

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The near-duplicate tier as a FastDeduper: documents in batches; one is read (or added) while
// the one before is sketched on the other threads; each batch owns its documents until they are
// sketched, then they join the result in the order they came.
class FastDeduperImpl final : public FastDeduper {
 public:
  FastDeduperImpl(const Options& options, const ResourceOptions& resources)
      : options_(options),
        threads_(ResolveThreads(resources.threads)),
        start_(std::chrono::steady_clock::now()),
        resources_(resources) {}

  // The texts may take a quarter of the memory budget; the sketches (1 KB a document, in memory
  // whatever the budget), the documents' records and the batches in flight take the rest.
  Status Init() {
    ASSIGN_OR_RETURN(auto file, SpillFile::Create(resources_.tmp_dir));
    store_ = std::make_shared<FastTextStore>(options_.input.text_field,
                                             resources_.memory_budget / 4, std::move(file));
    if (!options_.input.dates_file.empty()) {
      ASSIGN_OR_RETURN(dates_, scan_stages::ReadDatesFile(options_.input.dates_file));
    }
    return Status::Ok();
  }

  Status Add(InputDocument d) override {
    if (finished_) return InvalidArgumentError("FastDeduper::Add after Finish");
    RETURN_IF_ERROR(status_);
    ++added_;
    if (d.id.empty()) d.id = "document " + std::to_string(added_);
    if (d.origin.empty()) d.origin = d.id;
    if (!ClaimId(d)) return Status::Ok();
    ++memory_documents_;  // as the Scanner counts them: a repeated id is a skip, not a read
    return Sticky(Push(std::move(d)));
  }

  Status AddInputs(const std::vector<std::string>& inputs) override {
    if (finished_) return InvalidArgumentError("FastDeduper::AddInputs after Finish");
    RETURN_IF_ERROR(status_);
    ASSIGN_OR_RETURN(std::unique_ptr<DocumentReader> reader,
                     DocumentReader::Open(inputs, options_.input));
    InputDocument d;
    while (true) {
      ASSIGN_OR_RETURN(const bool more, reader->Next(&d));
      if (!more) break;
      if (ClaimId(d)) RETURN_IF_ERROR(Sticky(Push(std::move(d))));
      d = InputDocument();
    }
    input_skips_.insert(input_skips_.end(), reader->skipped().begin(), reader->skipped().end());
    documents_read_before_ += reader->documents_read();
    out_.result.stats.warc_records_not_documents += reader->warc_records_not_documents();
    out_.result.stats.files_excluded += reader->files_excluded();
    return Status::Ok();
  }

  StatusOr<FastDedupOutput> Finish() override;

 private:
  struct Batch {
    std::vector<InputDocument> docs;
    std::vector<ShingleSketch> sketches;
  };

  // A document whose id came before is skipped (the reader checks within one AddInputs; this
  // is across calls and memory): false, and the skip recorded.
  bool ClaimId(const InputDocument& d) {
    auto [it, inserted] = ids_.emplace(d.id, d.origin);
    if (!inserted) {
      input_skips_.push_back(
          SkipRecord{d.origin, "duplicate id '" + d.id + "' (first at " + it->second + ")"});
    }
    return inserted;
  }

  // A failure while batches are handed over leaves them half joined: every later call returns it.
  Status Sticky(Status s) {
    if (!s.ok() && status_.ok()) status_ = s;
    return s;
  }

  // A document into the batch; a WARC revisit takes its capture's text, still in a batch or
  // already kept.
  Status Push(InputDocument d) {
    if (!d.revisit_of.empty() && d.text.empty()) {
      if (auto at = unjoined_.find(d.revisit_of); at != unjoined_.end()) {
        d.text = at->second.first->docs[at->second.second].text;
      } else if (auto kept = index_of_.find(d.revisit_of); kept != index_of_.end()) {
        ASSIGN_OR_RETURN(d.text, store_->Text(kept->second));
      }
      d.text_from = "revisit of " + d.revisit_of;
    }
    unjoined_[d.id] = {batch_.get(), batch_->docs.size()};
    batch_bytes_ += d.text.size();
    batch_->docs.push_back(std::move(d));
    if (batch_bytes_ >= kBatchBytes) return Dispatch();
    return Status::Ok();
  }

  // Sends the batch to be sketched: on the other threads while the next one is read, or (one
  // thread) here, when the next batch is sent or at the end.
  Status Dispatch() {
    RETURN_IF_ERROR(JoinInFlight());
    in_flight_ = std::move(batch_);
    batch_ = std::make_unique<Batch>();
    batch_bytes_ = 0;
    const int workers = std::max(1, threads_ - 1);
    pending_ = std::async(threads_ == 1 ? std::launch::deferred : std::launch::async,
                          [b = in_flight_.get(), workers] {
                            b->sketches.resize(b->docs.size());
                            return ParallelFor(b->docs.size(), workers, [b](size_t i, int) {
                              b->sketches[i] = MakeShingleSketch(b->docs[i].text);
                              return Status::Ok();
                            });
                          });
    return Status::Ok();
  }

  // As the full scan: a document without words is skipped; the others are kept with their
  // dates (the dates file's too).
  Status JoinInFlight() {
    if (!pending_.valid()) return Status::Ok();
    RETURN_IF_ERROR(pending_.get());
    Batch* b = in_flight_.get();
    ScanResult& r = out_.result;
    for (size_t i = 0; i < b->docs.size(); ++i) {
      InputDocument& d = b->docs[i];
      if (auto at = unjoined_.find(d.id); at != unjoined_.end() && at->second.first == b) {
        unjoined_.erase(at);
      }
      if (b->sketches[i].words == 0) {
        no_words_.push_back({d.origin, "no words"});
        continue;
      }
      const auto bytes = static_cast<int64_t>(d.text.size());
      const int64_t chars = CodePoints(d.text);
      index_of_.emplace(d.id, static_cast<uint32_t>(r.documents.size()));
      RETURN_IF_ERROR(store_->Add(std::move(d.text), std::move(d.record)));
      r.documents.push_back(scan_stages::MakeScanDocument(std::move(d), bytes, chars,
                                                          b->sketches[i].words, &dates_, &r));
      sketches_.push_back(b->sketches[i]);
    }
    in_flight_.reset();
    return Status::Ok();
  }

  static constexpr size_t kBatchBytes = size_t{8} << 20;

  const Options options_;
  const int threads_;
  const std::chrono::steady_clock::time_point start_;
  const ResourceOptions resources_;
  std::shared_ptr<FastTextStore> store_;
  FastDedupOutput out_;
  SketchBlocks sketches_;
  std::unordered_map<std::string, std::string> dates_;
  std::unordered_map<std::string, std::string> ids_;    // id -> origin, every one seen
  std::unordered_map<std::string, uint32_t> index_of_;  // id -> document, the kept ones
  // The documents pushed but not yet joined, by id: where a WARC revisit finds its capture.
  std::unordered_map<std::string, std::pair<Batch*, size_t>> unjoined_;
  std::vector<SkipRecord> input_skips_, no_words_;
  std::unique_ptr<Batch> batch_ = std::make_unique<Batch>();
  std::unique_ptr<Batch> in_flight_;
  std::future<Status> pending_;
  size_t batch_bytes_ = 0;
  int64_t added_ = 0, memory_documents_ = 0, documents_read_before_ = 0;
  bool finished_ = false;
  Status status_;  // the first failure that left the batches half joined
};

}  // namespace

StatusOr<std::unique_ptr<FastDeduper>> FastDeduper::Create(const Options& options,
                                                           const ResourceOptions& resources) {
  RETURN_IF_ERROR(ValidateOptions(options));
  RETURN_IF_ERROR(ValidateResources(resources));
  auto d = std::make_unique<FastDeduperImpl>(options, resources);
  RETURN_IF_ERROR(d->Init());
  return std::unique_ptr<FastDeduper>(std::move(d));
}

StatusOr<FastDedupOutput> FastDedup(const std::vector<std::string>& inputs, const Options& options,
                                    const ResourceOptions& resources) {
  ASSIGN_OR_RETURN(std::unique_ptr<FastDeduper> d, FastDeduper::Create(options, resources));
  RETURN_IF_ERROR(d->AddInputs(inputs));
  return d->Finish();
}

StatusOr<FastDedupOutput> FastDeduperImpl::Finish() {
  if (finished_) return InvalidArgumentError("FastDeduper::Finish called twice");
  finished_ = true;
  RETURN_IF_ERROR(status_);
  if (!batch_->docs.empty()) RETURN_IF_ERROR(Sticky(Dispatch()));
  RETURN_IF_ERROR(Sticky(JoinInFlight()));
  ScanResult& r = out_.result;
  const SketchBlocks& sketches = sketches_;  // read from the bands' threads
  r.skipped = std::move(input_skips_);
  r.skipped.insert(r.skipped.end(), no_words_.begin(), no_words_.end());
  r.stats.documents_read = documents_read_before_ + memory_documents_;
  r.stats.documents_skipped = static_cast<int64_t>(r.skipped.size());
  r.stats.dates_unmatched = static_cast<int64_t>(dates_.size());
  r.stats.read_seconds = Since(start_);  // reading and sketching
  const auto n = static_cast<uint32_t>(r.documents.size());
  // Exact duplicates: the same word sequence. The first of each group stands for it below.
  const auto t_candidates = std::chrono::steady_clock::now();
  std::vector<DedupEdge> edges;
  std::vector<std::pair<uint64_t, uint32_t>> by_sequence;
  for (uint32_t i = 0; i < n; ++i) {
    if (sketches[i].words > 0) by_sequence.emplace_back(sketches[i].sequence, i);
  }
  std::sort(by_sequence.begin(), by_sequence.end());
  std::vector<bool> active(n, true);
  for (size_t i = 0; i < by_sequence.size();) {
    size_t j = i + 1;
    for (; j < by_sequence.size() && by_sequence[j].first == by_sequence[i].first; ++j) {
      edges.push_back({by_sequence[i].second, by_sequence[j].second, Relation::kDuplicate, 1.0});
      active[by_sequence[j].second] = false;
    }
    i = j;
  }
  // Near-duplicates: pairs colliding in a band (bands spread over the threads), each decided by
  // the whole sketches where it collides; then every pair kept once.
  const DedupOptions& o = options_.dedup;
  struct Near {
    uint64_t pair;  // a << 32 | b, a < b
    double similarity;
  };
  std::vector<std::vector<Near>> by_band(kBands);
  std::vector<int64_t> checked(kBands, 0);
  RETURN_IF_ERROR(ParallelFor(kBands, threads_, [&](size_t band, int) {
    std::vector<std::pair<uint64_t, uint32_t>> bucket, scratch;
    bucket.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      if (!active[i]) continue;
      uint64_t key = Mix64(static_cast<uint64_t>(band) << 40 ^ sketches[i].bins[band * kRows]);
      for (int k = 1; k < kRows; ++k) key = Mix64(key ^ sketches[i].bins[band * kRows + k]);
      bucket.emplace_back(key, i);
    }
    // By key, stably (in document order before: as std::sort of the pairs), a third of the time
    // of std::sort for a band of a quarter of a million documents.
    scratch.resize(bucket.size());
    StableByteSort(bucket.data(), bucket.size(), scratch.data(), 8,
                   [](const std::pair<uint64_t, uint32_t>& e, int d) -> uint32_t {
                     return (e.first >> (8 * d)) & 0xFF;
                   });
    std::vector<Near>& out = by_band[band];
    for (size_t i = 0; i < bucket.size();) {
      size_t j = i + 1;
      while (j < bucket.size() && bucket[j].first == bucket[i].first) ++j;
      for (size_t x = i + 1; x < j; ++x) {
        for (size_t y = i; y < std::min(x, i + kMaxBucket); ++y) {
          const uint32_t p = bucket[y].second, q = bucket[x].second;
          ++checked[band];
          if (!MayReach(sketches[p], sketches[q], o.fast_threshold)) continue;
          const double sim = Similarity(sketches[p], sketches[q]);
          if (sim >= o.fast_threshold) out.push_back({static_cast<uint64_t>(p) << 32 | q, sim});
        }
      }
      i = j;
    }
    return Status::Ok();
  }));
  std::vector<Near> near;
  for (size_t band = 0; band < by_band.size(); ++band) {
    near.insert(near.end(), by_band[band].begin(), by_band[band].end());
    r.stats.candidates += checked[band];
  }
  // A pair colliding in several bands is checked in each (a pair left out of a large bucket in
  // one band is still checked in another): each kept once, in the edges' order.
  std::sort(near.begin(), near.end(), [](const Near& x, const Near& y) { return x.pair < y.pair; });
  near.erase(std::unique(near.begin(), near.end(),
                         [](const Near& x, const Near& y) { return x.pair == y.pair; }),
             near.end());
  for (const Near& e : near) {
    edges.push_back({static_cast<uint32_t>(e.pair >> 32),
                     static_cast<uint32_t>(e.pair & 0xFFFFFFFF), Relation::kNearDuplicate,
                     e.similarity});
  }
  if (!o.near_duplicates) {
    std::erase_if(edges, [](const DedupEdge& e) { return e.relation != Relation::kDuplicate; });
  }
  // The edges by (a, b), as the full scan's pairs are ordered.
  std::sort(edges.begin(), edges.end(), [](const DedupEdge& x, const DedupEdge& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  r.stats.candidate_seconds = Since(t_candidates);
  out_.dedup = DedupGroups(r.documents, edges, o);
  r.stats.spill_bytes = static_cast<int64_t>(store_->spilled_bytes());
  r.texts = store_;
  r.stats.total_seconds = Since(start_);
  return std::move(out_);
}

}  // namespace textrace
