// The persistent index (textrace/index.h) over the store (index/store.h).
//
// Tables (keys big-endian, so that byte order is number order; docs/index-store.md):
//   meta         "format", "options" (JSON: option name -> value as text), "thesaurus" (bytes,
//                empty: none), "created", "next_doc", "batches", "documents", "text_bytes",
//                "pairs"
//   docs         doc -> DocumentRecord          texts      doc -> zstd(text)
//   ids          id -> doc                      sketches   doc -> minhash (u32 BE each)
//   records      doc -> its JSON line, if any, zstd with the text as dictionary
//   postings, segments, removed: the posting lists, in segments (index/postings.h)
//   df           word key(8) -> documents holding it
//   pairs        a(4) b(4) -> pair record       doc_pairs  doc(4) partner(4) -> ""
//   boilerplate  line hash(8) -> ""             skips      batch(4) n(4) -> origin \0 reason
//   batches      batch(4) -> JSON of the batch (time, counts)
#include "textrace/index.h"

#include <fmt/format.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "candidates/candidates.h"
#include "cluster/cluster.h"
#include "index/features.h"
#include "index/postings.h"
#include "index/records.h"
#include "index/store.h"
#include "normalize/boilerplate.h"
#include "scan/analysis_codec.h"
#include "scan/scanner_internal.h"
#include "textrace/relate.h"
#include "util/bytes.h"
#include "util/flat_map.h"
#include "util/parallel.h"

namespace textrace {
namespace {

using index::DocumentRecord;
using index::Features;
using index::PostingKind;
using Clock = std::chrono::steady_clock;

// Where an add's time goes, printed to stderr after each batch when TEXTRACE_INDEX_TIMING is set
// (for bench/index_bench.sh).
class PhaseTimer {
 public:
  PhaseTimer() : on_(std::getenv("TEXTRACE_INDEX_TIMING") != nullptr), last_(Clock::now()) {}
  void Mark(std::string_view phase) {
    if (!on_) return;
    const Clock::time_point now = Clock::now();
    line_ += fmt::format(" {} {:.2f}", phase, std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }
  ~PhaseTimer() {
    if (on_) fmt::print(stderr, "index timing:{}\n", line_);
  }

 private:
  bool on_;
  Clock::time_point last_;
  std::string line_;
};

enum IndexTable : int {
  kMeta,
  kDocs,
  kIds,
  kTexts,
  kSketches,
  kRecords,
  kPostings,
  kDf,
  kPairs,
  kDocPairs,
  kBoilerplate,
  kSkips,
  kBatches,
  kSegments,
  kRemoved,
};

constexpr index::PostingTables kPostingTables{kPostings, kSegments, kRemoved};

StoreOptions TableOptions() {
  StoreOptions o;
  o.tables = {"meta",        "docs",     "ids",     "texts",    "sketches",
              "records",     "postings", "df",      "pairs",    "doc_pairs",
              "boilerplate", "skips",    "batches", "segments", "removed"};
  return o;
}

// ---- Keys and small values ----

std::string IdKey(const std::string& id) {
  // Long ids are cut and given their hash, to fit the store's key size.
  if (id.size() <= 400) return id;
  return id.substr(0, 400) + fmt::format("#{:016x}", std::hash<std::string>{}(id));
}

std::string PairKey(uint32_t a, uint32_t b) { return U32Key(a) + U32Key(b); }

uint32_t ReadU32(std::string_view v) {
  uint32_t x = 0;
  ByteReader r(v);
  r.U32BE(&x);
  return x;
}

std::string Compress(std::string_view text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  // Level 1: an add compresses each document once, a query decompresses a few.
  const size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 1);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

StatusOr<std::string> Decompress(std::string_view data, size_t size) {
  std::string out(size, '\0');
  const size_t n = ZSTD_decompress(out.data(), out.size(), data.data(), data.size());
  if (ZSTD_isError(n) || n != size) return DataLossError("a stored text does not decompress");
  return out;
}

// A document's JSON line, compressed with its text as the dictionary: the line holds the text
// (escaped), so it costs little more than its other fields.
std::string CompressWithText(std::string_view record, std::string_view text) {
  std::string out(ZSTD_compressBound(record.size()), '\0');
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  const size_t n = ZSTD_compress_usingDict(cctx, out.data(), out.size(), record.data(),
                                           record.size(), text.data(), text.size(), 1);
  ZSTD_freeCCtx(cctx);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}
StatusOr<std::string> DecompressWithText(std::string_view data, std::string_view text) {
  const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ULL << 34)) {
    return DataLossError("a stored JSON line does not decompress");
  }
  std::string out(static_cast<size_t>(size), '\0');
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  const size_t n = ZSTD_decompress_usingDict(dctx, out.data(), out.size(), data.data(), data.size(),
                                             text.data(), text.size());
  ZSTD_freeDCtx(dctx);
  if (ZSTD_isError(n) || n != out.size())
    return DataLossError("a stored JSON line does not decompress");
  return out;
}

std::string MinhashBytes(const std::vector<uint32_t>& m) {
  std::string out;
  out.reserve(m.size() * 4);
  for (uint32_t v : m) ByteWriter(&out).U32BE(v);
  return out;
}

std::vector<uint32_t> MinhashFromBytes(std::string_view b) {
  std::vector<uint32_t> out;
  ByteReader r(b);
  uint32_t v = 0;
  while (!r.done() && r.U32BE(&v)) out.push_back(v);
  return out;
}

std::string NowIso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// ---- Options kept in the index ----

std::string OptionsText(const Options& o) {
  nlohmann::json j = nlohmann::json::object();
  const ResourceOptions none;
  for (const OptionInfo& info : OptionTable()) {
    if (info.group == OptionInfo::Group::kResources) continue;
    j[std::string(info.name)] = GetOption(o, none, info);
  }
  return j.dump();
}

// Options added after indexes were first made, with the value that reads an index made before
// them as it was made: an index keeps the rules it was made with, so pairs stored and pairs found
// later agree. (Their defaults apply to new indexes.)
constexpr std::pair<std::string_view, std::string_view> kOptionsBeforeThem[] = {
    {"furniture", "false"},        // page furniture known by its words
    {"short_passage_share", "0"},  // the passage floor follows short documents
};

StatusOr<Options> OptionsFromText(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return DataLossError("the index's options are damaged");
  Options o;
  ResourceOptions unused;
  for (const auto& [name, before] : kOptionsBeforeThem) {
    if (!j.contains(std::string(name))) {
      RETURN_IF_ERROR(SetOption(&o, &unused, *FindOption(name), std::string(before)));
    }
  }
  for (const auto& [name, value] : j.items()) {
    const OptionInfo* info = FindOption(name);
    // An option this textrace does not know was written by a newer one: refuse to guess.
    if (info == nullptr || !value.is_string()) {
      return InvalidArgumentError(
          "the index was made with an option this textrace does not "
          "know ('" +
          name + "'): use the textrace that made it");
    }
    RETURN_IF_ERROR(SetOption(&o, &unused, *info, value.get<std::string>()));
  }
  return o;
}

// ---- Reading from a transaction ----

// The posting lists and sketches of a transaction, for FindIndexCandidates.
class TxnPostings : public index::PostingSource {
 public:
  TxnPostings(ReadTransaction* txn, index::SegmentedPostings postings)
      : txn_(txn), postings_(std::move(postings)) {}
  static StatusOr<TxnPostings> Open(ReadTransaction* txn) {
    ASSIGN_OR_RETURN(index::SegmentedPostings p,
                     index::SegmentedPostings::Open(txn, kPostingTables));
    return TxnPostings(txn, std::move(p));
  }
  Status Postings(PostingKind kind, uint64_t key, size_t limit,
                  std::vector<uint32_t>* docs) const override {
    return postings_.Find(kind, key, limit, docs);
  }
  Status Minhash(uint32_t doc, std::vector<uint32_t>* out) const override {
    std::string_view v;
    ASSIGN_OR_RETURN(const bool found, txn_->Get(kSketches, U32Key(doc), &v));
    *out = found ? MinhashFromBytes(v) : std::vector<uint32_t>{};
    return Status::Ok();
  }
  const index::SegmentedPostings& segmented() const { return postings_; }

 private:
  ReadTransaction* txn_;
  index::SegmentedPostings postings_;
};

// The posting lists a batch's documents look up, read at once in key order (FindSorted), then
// served from memory. Only the names given are served: any other reads as holding nothing.
class PrefetchedPostings : public index::PostingSource {
 public:
  PrefetchedPostings(const TxnPostings& from, std::vector<index::PostingName> names)
      : from_(from), names_(std::move(names)) {}

  Status Fetch(const CandidateOptions& o) {
    std::sort(names_.begin(), names_.end());
    names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
    if (names_.size() >= UINT32_MAX) return InvalidArgumentError("too many posting lists at once");
    // The documents found, in the order visited: segment by segment, each segment's names
    // ascending. A counting sort by name keeps that order within a name, which is ascending by
    // document, since segments cover ascending ranges of documents.
    std::vector<uint32_t> name_of, doc_of;
    RETURN_IF_ERROR(from_.segmented().FindSorted(
        names_, [&](PostingKind kind) { return index::PostingLimit(kind, o); },
        [&](size_t name, uint32_t doc) {
          name_of.push_back(static_cast<uint32_t>(name));
          doc_of.push_back(doc);
        }));
    first_.assign(names_.size() + 1, 0);
    for (uint32_t n : name_of) ++first_[n + 1];
    for (size_t n = 0; n < names_.size(); ++n) first_[n + 1] += first_[n];
    docs_.resize(doc_of.size());
    std::vector<uint32_t> next(first_.begin(), first_.end() - 1);
    for (size_t k = 0; k < doc_of.size(); ++k) docs_[next[name_of[k]]++] = doc_of[k];
    // Each name's number, found by open addressing (slots hold number + 1; 0 is empty).
    size_t capacity = 16;
    while (capacity < 2 * names_.size()) capacity *= 2;
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (size_t n = 0; n < names_.size(); ++n) {
      size_t i = Slot(names_[n]);
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = static_cast<uint32_t>(n + 1);
    }
    return Status::Ok();
  }
  Status Postings(PostingKind kind, uint64_t key, size_t limit,
                  std::vector<uint32_t>* docs) const override {
    docs->clear();
    const index::PostingName name(kind, key);
    for (size_t i = Slot(name); slots_[i] != 0; i = (i + 1) & mask_) {
      const uint32_t n = slots_[i] - 1;
      if (names_[n] != name) continue;
      const uint32_t first = first_[n];
      size_t count = first_[n + 1] - first;
      if (count > limit) count = limit + 1;  // count <= 2^32 here: no overflow
      docs->assign(docs_.begin() + first, docs_.begin() + first + count);
      return Status::Ok();
    }
    return Status::Ok();
  }
  Status Minhash(uint32_t doc, std::vector<uint32_t>* out) const override {
    return from_.Minhash(doc, out);
  }

 private:
  size_t Slot(const index::PostingName& n) const {
    const uint64_t h = (n.second ^ (static_cast<uint64_t>(n.first) * 0x9e3779b97f4a7c15ULL)) *
                       0xff51afd7ed558ccdULL;
    return static_cast<size_t>(h >> 32) & mask_;
  }

  const TxnPostings& from_;
  std::vector<index::PostingName> names_;  // ascending
  std::vector<uint32_t> first_;            // names_[n]'s documents: docs_[first_[n], first_[n + 1])
  std::vector<uint32_t> docs_;
  std::vector<uint32_t> slots_;  // open addressing over names_
  size_t mask_ = 0;
};

// The postings of a document's stored features.
void AddPostings(const Features& f, uint32_t doc, std::vector<index::Posting>* out) {
  out->push_back({PostingKind::kExact, f.exact_hash, doc});
  for (uint64_t k : f.band_keys) out->push_back({PostingKind::kBand, k, doc});
  for (uint64_t k : f.anchors) out->push_back({PostingKind::kAnchor, k, doc});
  for (uint64_t k : f.rare_words) out->push_back({PostingKind::kRareWord, k, doc});
}

StatusOr<uint32_t> Df(ReadTransaction* txn, uint64_t key) {
  std::string_view v;
  ASSIGN_OR_RETURN(const bool found, txn->Get(kDf, U64Key(key), &v));
  return found ? ReadU32(v) : 0;
}

StatusOr<std::optional<std::string>> MetaGet(ReadTransaction* txn, const std::string& key) {
  std::string_view v;
  ASSIGN_OR_RETURN(const bool found, txn->Get(kMeta, key, &v));
  if (!found) return std::optional<std::string>();
  return std::optional<std::string>(std::string(v));
}

StatusOr<int64_t> MetaNumber(ReadTransaction* txn, const std::string& key) {
  ASSIGN_OR_RETURN(auto v, MetaGet(txn, key));
  if (!v.has_value()) return int64_t{0};
  return static_cast<int64_t>(std::stoll(*v));
}

// A stored document's record, and its text analyzed again, ready to align. The index keeps no
// analyses: compressed, they took more room than the texts (1.6x on the generated collection:
// a word key is 8 bytes of noise), and the add and the query were no faster with them, since
// they align few documents and the candidate lookups cost more (docs/index-store.md).
struct StoredDocument {
  DocumentRecord record;
  AnalyzedDocument analyzed;
};

// The document's record; with `analyzer`, its text read and analyzed as the add analyzed it (the
// index's options and thesaurus). Nothing when the document is not there (removed since its
// postings were read).
StatusOr<std::optional<StoredDocument>> LoadDocument(ReadTransaction* txn, uint32_t doc,
                                                     Analyzer* analyzer,
                                                     std::string* text_out = nullptr) {
  std::string_view v;
  ASSIGN_OR_RETURN(bool found, txn->Get(kDocs, U32Key(doc), &v));
  if (!found) return std::optional<StoredDocument>();
  StoredDocument s;
  if (!index::DecodeDocument(v, &s.record)) {
    return DataLossError(fmt::format("document {} of the index is damaged", doc));
  }
  if (analyzer == nullptr && text_out == nullptr)
    return std::optional<StoredDocument>(std::move(s));
  std::string_view text;
  ASSIGN_OR_RETURN(found, txn->Get(kTexts, U32Key(doc), &text));
  if (!found) return DataLossError(fmt::format("document {} has no text in the index", doc));
  ASSIGN_OR_RETURN(std::string plain,
                   Decompress(text, static_cast<size_t>(s.record.document.bytes)));
  if (analyzer == nullptr) {
    *text_out = std::move(plain);
  } else {
    ASSIGN_OR_RETURN(s.analyzed, analyzer->Analyze(s.record.document.id, std::move(plain)));
  }
  return std::optional<StoredDocument>(std::move(s));
}

StatusOr<std::unordered_set<uint64_t>> LoadBoilerplate(ReadTransaction* txn) {
  std::unordered_set<uint64_t> lines;
  RETURN_IF_ERROR(txn->ScanPrefix(kBoilerplate, "", [&](std::string_view k, std::string_view) {
    uint64_t h = 0;
    ByteReader(k).U64BE(&h);
    lines.insert(h);
    return true;
  }));
  return lines;
}

// ---- The index ----

class IndexImpl : public Index {
 public:
  IndexImpl(std::unique_ptr<Store> store, std::shared_ptr<const Engine> engine,
            ResourceOptions resources)
      : store_(std::move(store)), engine_(std::move(engine)), resources_(resources) {}

  const Engine& engine() const override { return *engine_; }

  StatusOr<AddResult> AddInputs(const std::vector<std::string>& inputs,
                                const AddOptions& options) override {
    ASSIGN_OR_RETURN(auto reader, DocumentReader::Open(inputs, engine_->options().input));
    AddResult result;
    std::vector<InputDocument> batch;
    uint64_t bytes = 0;
    size_t skips_reported = 0;
    auto flush = [&]() -> Status {
      std::vector<SkipRecord> skips(reader->skipped().begin() + skips_reported,
                                    reader->skipped().end());
      skips_reported = reader->skipped().size();
      if (batch.empty() && skips.empty()) return Status::Ok();
      RETURN_IF_ERROR(AddBatch(std::move(batch), std::move(skips), options, &result));
      batch.clear();
      bytes = 0;
      return Status::Ok();
    };
    InputDocument d;
    while (true) {
      ASSIGN_OR_RETURN(const bool more, reader->Next(&d));
      if (!more) break;
      bytes += d.text.size();
      batch.push_back(std::move(d));
      d = InputDocument();
      if (bytes >= options.batch_bytes) RETURN_IF_ERROR(flush());
    }
    RETURN_IF_ERROR(flush());
    return result;
  }

  StatusOr<AddResult> Add(std::vector<InputDocument> documents,
                          const AddOptions& options) override {
    AddResult result;
    std::vector<InputDocument> batch;
    uint64_t bytes = 0;
    for (InputDocument& d : documents) {
      bytes += d.text.size();
      batch.push_back(std::move(d));
      if (bytes >= options.batch_bytes) {
        RETURN_IF_ERROR(AddBatch(std::move(batch), {}, options, &result));
        batch.clear();
        bytes = 0;
      }
    }
    if (!batch.empty()) RETURN_IF_ERROR(AddBatch(std::move(batch), {}, options, &result));
    return result;
  }

  StatusOr<QueryResult> Query(const CompareInput& input, size_t top) override;
  StatusOr<QueryResult> Query(InputDocument document, size_t top) override {
    return QueryDocument(std::move(document), top, Clock::now());
  }
  Status Remove(const std::vector<std::string>& ids) override;
  StatusOr<ScanResult> Export(std::string_view since) override;
  StatusOr<IndexStats> Stats() override;
  StatusOr<std::vector<IndexedDocument>> List() override;
  Status Check() override;

 private:
  StatusOr<QueryResult> QueryDocument(InputDocument document, size_t top,
                                      std::chrono::steady_clock::time_point start);
  Status AddBatch(std::vector<InputDocument> docs, std::vector<SkipRecord> skips,
                  const AddOptions& options, AddResult* result);
  // Removes a document from a write transaction: its records, postings, word counts, pairs.
  Status RemoveDocument(WriteTransaction* txn, uint32_t doc, int64_t* pairs_removed,
                        int64_t* text_bytes);

  // Shared with the texts of an exported result, which read from it after the Index is gone.
  std::shared_ptr<Store> store_;
  std::shared_ptr<const Engine> engine_;
  ResourceOptions resources_;
};

// What the scanner hands over of each document of a batch.
struct BatchDocument {
  InputDocument input;
  std::string analysis;  // EncodeAnalysis
  Sketch sketch;
  SentenceKeys keys;
};

// Aligns two prepared documents as a scan does; the pair in (a, b) order.
ScanPair AlignAsScan(const Engine& engine, uint32_t a, uint32_t b, const PreparedDocument& pa,
                     const PreparedDocument& pb, const ScanDocument& da, const ScanDocument& db,
                     CandidateStage stage) {
  ScanPair p;
  p.a = a;
  p.b = b;
  p.found_by = stage;
  p.comparison = Relate(*pa.doc, *pb.doc, AlignPair(engine.aligner(), pa, pb));
  const DirectionFinding direction = DirectionFromDates(da.when, da.date, db.when, db.date);
  p.direction = direction.direction;
  p.direction_reason = direction.reason;
  return p;
}

Status IndexImpl::AddBatch(std::vector<InputDocument> docs, std::vector<SkipRecord> skips,
                           const AddOptions& options, AddResult* result) {
  const Options& o = engine_->options();
  PhaseTimer timer;
  // Ids already indexed: skipped, or replaced. The skips are reported to the caller, not kept in
  // the index (an add going on after a crash meets every document it committed before).
  std::vector<uint32_t> replaced;
  std::vector<SkipRecord> indexed_already;
  {
    ASSIGN_OR_RETURN(auto txn, store_->Read());
    std::vector<InputDocument> kept;
    std::unordered_set<std::string> in_batch;
    for (InputDocument& d : docs) {
      if (!in_batch.insert(d.id).second) {
        skips.push_back({d.origin, "duplicate id '" + d.id + "' in the same add"});
        continue;
      }
      std::string_view v;
      ASSIGN_OR_RETURN(const bool found, txn->Get(kIds, IdKey(d.id), &v));
      if (found && !options.replace) {
        indexed_already.push_back({d.origin, "id '" + d.id +
                                                 "' is in the index already (index add --replace "
                                                 "replaces it)"});
        continue;
      }
      if (found) replaced.push_back(ReadU32(v));
      kept.push_back(std::move(d));
    }
    docs = std::move(kept);
  }
  result->skipped.insert(result->skipped.end(), indexed_already.begin(), indexed_already.end());
  if (docs.empty() && skips.empty()) return Status::Ok();  // nothing to commit
  // 1. The batch on its own: a scan of it (analysis, boilerplate, candidates, verification).
  ASSIGN_OR_RETURN(auto scanner, Scanner::Create(engine_, resources_));
  std::vector<BatchDocument> batch;
  SetCommitSink(scanner.get(), [&](const CommittedDocument& c) -> Status {
    BatchDocument b;
    b.input = *c.input;
    b.analysis = std::string(c.analysis);
    b.sketch = *c.sketch;
    if (!DecodeSentenceKeys(c.sentence_keys, &b.keys)) return InternalError("sentence keys");
    batch.push_back(std::move(b));
    return Status::Ok();
  });
  for (InputDocument& d : docs) RETURN_IF_ERROR(scanner->Add(std::move(d)));
  ASSIGN_OR_RETURN(ScanResult r, scanner->Finish());
  const std::unordered_set<uint64_t>& batch_boilerplate = BoilerplateLines(scanner.get());
  timer.Mark("scan");

  // 2. The batch against the index as it was: each document's candidates among the indexed
  // ones, aligned.
  ASSIGN_OR_RETURN(auto txn, store_->Read());
  ASSIGN_OR_RETURN(std::unordered_set<uint64_t> boilerplate, LoadBoilerplate(txn.get()));
  boilerplate.insert(batch_boilerplate.begin(), batch_boilerplate.end());
  const std::set<uint32_t> replaced_set(replaced.begin(), replaced.end());
  ASSIGN_OR_RETURN(const TxnPostings postings, TxnPostings::Open(txn.get()));
  struct Cross {
    uint32_t batch_doc;
    uint32_t indexed;
    CandidateStage stage;
  };
  std::vector<Cross> cross;
  std::vector<Features> stored(batch.size());
  // Each word of the batch: how many indexed documents hold it, and how many of the batch (for
  // the stored features, which count the batch's documents). An open-addressing map: the
  // features look every word of every sentence up in it.
  FlatMap64<std::pair<uint32_t, uint32_t>> word_counts;
  for (const BatchDocument& b : batch) {
    for (uint64_t k : DistinctKeys(b.keys)) ++word_counts[k].second;
  }
  // The index's counts of the batch's words, read in key order; then each document's features,
  // in parallel.
  {
    std::vector<uint64_t> words;
    words.reserve(word_counts.size());
    word_counts.ForEach([&](uint64_t k, const auto&) { words.push_back(k); });
    std::sort(words.begin(), words.end());
    for (uint64_t k : words) {
      ASSIGN_OR_RETURN(word_counts[k].first, Df(txn.get(), k));
    }
  }
  const int threads = ResolveThreads(resources_.threads);
  auto index_df = [&](uint64_t key) -> uint32_t {
    const auto* c = word_counts.Find(key);
    return c == nullptr ? 0 : c->first;
  };
  auto all_df = [&](uint64_t key) -> uint32_t {
    const auto* c = word_counts.Find(key);
    return c == nullptr ? 0 : c->first + c->second;
  };
  timer.Mark("df");
  std::vector<Features> lookups(batch.size());
  RETURN_IF_ERROR(ParallelFor(batch.size(), threads, [&](size_t i, int) -> Status {
    lookups[i] = index::LookupFeatures(batch[i].sketch, batch[i].keys, index_df, o.candidates);
    stored[i] = index::StoredFeatures(batch[i].sketch, batch[i].keys, all_df, o.candidates);
    return Status::Ok();
  }));
  timer.Mark("features");
  // In slices of documents, so that the posting lists read at once stay a bounded size.
  constexpr size_t kLookupSlice = 4096;
  for (size_t from = 0; from < batch.size(); from += kLookupSlice) {
    const size_t to = std::min(batch.size(), from + kLookupSlice);
    std::vector<index::PostingName> names;
    for (size_t i = from; i < to; ++i) {
      const Features& f = lookups[i];
      names.emplace_back(PostingKind::kExact, f.exact_hash);
      for (uint64_t k : f.band_keys) names.emplace_back(PostingKind::kBand, k);
      for (uint64_t k : f.anchors) names.emplace_back(PostingKind::kAnchor, k);
      for (uint64_t k : f.rare_words) names.emplace_back(PostingKind::kRareWord, k);
    }
    PrefetchedPostings prefetched(postings, std::move(names));
    RETURN_IF_ERROR(prefetched.Fetch(o.candidates));
    timer.Mark("fetch");
    for (size_t i = from; i < to; ++i) {
      ASSIGN_OR_RETURN(auto candidates,
                       index::FindIndexCandidates(lookups[i], prefetched, o.candidates));
      for (const auto& c : candidates) {
        if (!replaced_set.count(c.document)) {
          cross.push_back({static_cast<uint32_t>(i), c.document, c.stage});
        }
      }
    }
  }
  timer.Mark("candidates");
  // Aligned in parallel, in groups of indexed documents (so that memory stays bounded whatever
  // the batch and the index): each indexed document is read once, in the transaction's thread,
  // and analyzed again; the batch documents its group needs are decoded from the batch.
  ASSIGN_OR_RETURN(const int64_t next_doc, MetaNumber(txn.get(), "next_doc"));
  std::vector<size_t> order(cross.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return std::tie(cross[x].indexed, cross[x].batch_doc) <
           std::tie(cross[y].indexed, cross[y].batch_doc);
  });
  std::vector<ScanPair> cross_pairs(cross.size());
  std::vector<std::unique_ptr<Analyzer>> analyzers(static_cast<size_t>(threads));
  constexpr size_t kGroupDocuments = 2048;
  size_t loaded = 0;
  for (size_t from = 0; from < order.size();) {
    // The pairs of the next kGroupDocuments indexed documents.
    std::vector<uint32_t> docs;
    size_t to = from;
    for (; to < order.size(); ++to) {
      const uint32_t d = cross[order[to]].indexed;
      if (docs.empty() || docs.back() != d) {
        if (docs.size() == kGroupDocuments) break;
        docs.push_back(d);
      }
    }
    std::vector<StoredDocument> indexed(docs.size());
    std::vector<std::string> indexed_text(docs.size());
    for (size_t i = 0; i < docs.size(); ++i) {
      ASSIGN_OR_RETURN(auto s,
                       LoadDocument(txn.get(), docs[i], /*analyzer=*/nullptr, &indexed_text[i]));
      if (!s.has_value()) return InternalError("an indexed document went missing");
      indexed[i] = std::move(*s);
    }
    loaded += docs.size();
    std::vector<size_t> batch_docs;
    for (size_t k = from; k < to; ++k) batch_docs.push_back(cross[order[k]].batch_doc);
    std::sort(batch_docs.begin(), batch_docs.end());
    batch_docs.erase(std::unique(batch_docs.begin(), batch_docs.end()), batch_docs.end());
    std::vector<AnalyzedDocument> batch_analyzed(batch_docs.size());
    std::vector<std::optional<PreparedDocument>> prepared_indexed(docs.size()),
        prepared_batch(batch_docs.size());
    // Indexed documents analyzed, then batch documents decoded: one parallel loop over both.
    RETURN_IF_ERROR(
        ParallelFor(docs.size() + batch_docs.size(), threads, [&](size_t i, int worker) -> Status {
          if (i < docs.size()) {
            std::unique_ptr<Analyzer>& analyzer = analyzers[static_cast<size_t>(worker)];
            if (analyzer == nullptr) {
              ASSIGN_OR_RETURN(analyzer, engine_->NewAnalyzer());
            }
            ASSIGN_OR_RETURN(indexed[i].analyzed, analyzer->Analyze(indexed[i].record.document.id,
                                                                    std::move(indexed_text[i])));
            MarkBoilerplate(boilerplate, o.boilerplate.max_line_words, &indexed[i].analyzed);
            prepared_indexed[i].emplace(indexed[i].analyzed);
            return Status::Ok();
          }
          const size_t j = i - docs.size();
          const BatchDocument& bd = batch[batch_docs[j]];
          if (!DecodeAnalysis(bd.analysis, bd.input.id, bd.input.text, &batch_analyzed[j])) {
            return InternalError("a batch analysis does not decode");
          }
          MarkBoilerplate(boilerplate, o.boilerplate.max_line_words, &batch_analyzed[j]);
          prepared_batch[j].emplace(batch_analyzed[j]);
          return Status::Ok();
        }));
    RETURN_IF_ERROR(ParallelFor(to - from, threads, [&](size_t i, int) -> Status {
      const size_t k = order[from + i];
      const Cross& c = cross[k];
      const size_t slot =
          static_cast<size_t>(std::lower_bound(docs.begin(), docs.end(), c.indexed) - docs.begin());
      const size_t bslot = static_cast<size_t>(
          std::lower_bound(batch_docs.begin(), batch_docs.end(), c.batch_doc) - batch_docs.begin());
      // The indexed document came first: it is a.
      const uint32_t new_doc = static_cast<uint32_t>(next_doc) + c.batch_doc;
      cross_pairs[k] =
          AlignAsScan(*engine_, c.indexed, new_doc, *prepared_indexed[slot], *prepared_batch[bslot],
                      indexed[slot].record.document, r.documents[c.batch_doc], c.stage);
      return Status::Ok();
    }));
    from = to;
  }
  timer.Mark(fmt::format("load+align({} docs, {} pairs)", loaded, cross.size()));
  txn.reset();
  // What the batch stores, compressed in parallel.
  struct Packed {
    std::string text, record;
  };
  std::vector<Packed> packed(batch.size());
  RETURN_IF_ERROR(ParallelFor(batch.size(), threads, [&](size_t i, int) -> Status {
    packed[i].text = Compress(batch[i].input.text);
    if (!batch[i].input.record.empty()) {
      packed[i].record = CompressWithText(batch[i].input.record, batch[i].input.text);
    }
    return Status::Ok();
  }));
  timer.Mark("compress");

  // 3. One write transaction: the replaced documents out, the batch in, its pairs kept.
  ASSIGN_OR_RETURN(auto w, store_->Write());
  ASSIGN_OR_RETURN(int64_t documents, MetaNumber(w.get(), "documents"));
  ASSIGN_OR_RETURN(int64_t text_bytes, MetaNumber(w.get(), "text_bytes"));
  ASSIGN_OR_RETURN(int64_t pairs_total, MetaNumber(w.get(), "pairs"));
  ASSIGN_OR_RETURN(int64_t batches, MetaNumber(w.get(), "batches"));
  ASSIGN_OR_RETURN(int64_t next, MetaNumber(w.get(), "next_doc"));
  if (next != next_doc) return InternalError("the index changed during the add");
  const uint32_t batch_number = static_cast<uint32_t>(batches + 1);
  for (uint32_t doc : replaced) {
    int64_t removed_pairs = 0, removed_bytes = 0;
    RETURN_IF_ERROR(RemoveDocument(w.get(), doc, &removed_pairs, &removed_bytes));
    --documents;
    pairs_total -= removed_pairs;
    text_bytes -= removed_bytes;
    ++result->replaced;
  }
  std::vector<index::Posting> batch_postings;
  for (size_t i = 0; i < batch.size(); ++i) {
    const uint32_t doc = static_cast<uint32_t>(next_doc + i);
    const std::string key = U32Key(doc);
    DocumentRecord record;
    record.document = r.documents[i];
    record.document.origin = batch[i].input.origin;
    record.anchors = static_cast<uint32_t>(stored[i].anchors.size());
    record.batch = batch_number;
    // Document numbers grow: appended.
    RETURN_IF_ERROR(w->Append(kDocs, key, index::EncodeDocument(record)));
    RETURN_IF_ERROR(w->Put(kIds, IdKey(record.document.id), key));
    RETURN_IF_ERROR(w->Append(kTexts, key, packed[i].text));
    RETURN_IF_ERROR(w->Append(kSketches, key, MinhashBytes(batch[i].sketch.minhash)));
    if (!batch[i].input.record.empty()) {
      RETURN_IF_ERROR(w->Append(kRecords, key, packed[i].record));
    }
    AddPostings(stored[i], doc, &batch_postings);
    ++documents;
    text_bytes += static_cast<int64_t>(batch[i].input.text.size());
  }
  RETURN_IF_ERROR(index::WriteSegment(w.get(), kPostingTables, std::move(batch_postings)));
  timer.Mark("put_docs");
  // The word counts after the batch: the index's, as read for the features (or read again where
  // documents replaced above counted down), and the batch's. In key order: the pages of the
  // table are visited once each.
  std::vector<std::pair<uint64_t, uint32_t>> df_sorted;
  df_sorted.reserve(word_counts.size());
  word_counts.ForEach([&](uint64_t k, const std::pair<uint32_t, uint32_t>& c) {
    df_sorted.emplace_back(k, c.first + c.second);
  });
  std::sort(df_sorted.begin(), df_sorted.end());
  if (!replaced.empty()) {
    for (auto& [k, n] : df_sorted) {
      ASSIGN_OR_RETURN(const uint32_t now, Df(w.get(), k));
      n = now + word_counts[k].second;
    }
  }
  for (const auto& [k, n] : df_sorted) {
    std::string v;
    ByteWriter(&v).U32BE(n);
    RETURN_IF_ERROR(w->Put(kDf, U64Key(k), v));
  }
  timer.Mark("put_df");
  // Pairs: those within the batch (the scan's, renumbered) and those with indexed documents.
  int64_t added_pairs = 0;
  auto keep_pair = [&](ScanPair p) -> Status {
    if (p.comparison.relation == Relation::kNone) return Status::Ok();
    if (!StrongEvidence(p.comparison, o.evidence)) {
      ++result->stats.weak_pairs;
      return Status::Ok();
    }
    RETURN_IF_ERROR(w->Put(kPairs, PairKey(p.a, p.b), index::EncodePair(p)));
    RETURN_IF_ERROR(w->Put(kDocPairs, PairKey(p.a, p.b), ""));
    RETURN_IF_ERROR(w->Put(kDocPairs, PairKey(p.b, p.a), ""));
    ++added_pairs;
    return Status::Ok();
  };
  for (ScanPair p : r.pairs) {
    p.a += static_cast<uint32_t>(next_doc);
    p.b += static_cast<uint32_t>(next_doc);
    RETURN_IF_ERROR(keep_pair(std::move(p)));
  }
  for (ScanPair& p : cross_pairs) RETURN_IF_ERROR(keep_pair(std::move(p)));
  for (uint64_t line : batch_boilerplate) {
    RETURN_IF_ERROR(w->Put(kBoilerplate, U64Key(line), ""));
  }
  std::vector<SkipRecord> all_skips = std::move(skips);
  all_skips.insert(all_skips.end(), r.skipped.begin(), r.skipped.end());
  for (uint32_t n = 0; n < all_skips.size(); ++n) {
    RETURN_IF_ERROR(w->Put(kSkips, PairKey(batch_number, n),
                           all_skips[n].origin + std::string(1, '\0') + all_skips[n].reason));
  }
  const nlohmann::json batch_record{{"committed", NowIso()},
                                    {"documents", batch.size()},
                                    {"skipped", all_skips.size()},
                                    {"pairs", added_pairs},
                                    {"replaced", replaced.size()}};
  RETURN_IF_ERROR(w->Put(kBatches, U32Key(batch_number), batch_record.dump()));
  pairs_total += added_pairs;
  for (const auto& [k, v] : {std::pair<const char*, int64_t>{"documents", documents},
                             {"text_bytes", text_bytes},
                             {"pairs", pairs_total},
                             {"batches", batches + 1},
                             {"next_doc", next_doc + static_cast<int64_t>(batch.size())}}) {
    RETURN_IF_ERROR(w->Put(kMeta, k, std::to_string(v)));
  }
  timer.Mark("put_rest");
  RETURN_IF_ERROR(w->Commit());
  w.reset();
  timer.Mark("commit");
  // The batch is in: said so before anything else can fail (a merge below that meets a full
  // disk fails the add, and the batch must not go unreported).
  result->documents += static_cast<int64_t>(batch.size());
  result->pairs += added_pairs;
  result->skipped.insert(result->skipped.end(), all_skips.begin(), all_skips.end());
  result->batches.push_back(batch_number);
  result->stats.candidates += r.stats.candidates + static_cast<int64_t>(cross.size());
  result->stats.weak_pairs += r.stats.weak_pairs;
  if (options.committed) options.committed(batch_number, static_cast<int64_t>(batch.size()));
  // Posting segments of one size merged (a crash here loses nothing: each merge commits whole).
  int merges = 0;
  RETURN_IF_ERROR(index::MergeSegments(store_.get(), kPostingTables, &merges));
  timer.Mark(merges > 0 ? "merge" : "no_merge");
  return Status::Ok();
}

Status IndexImpl::RemoveDocument(WriteTransaction* txn, uint32_t doc, int64_t* pairs_removed,
                                 int64_t* text_bytes) {
  const std::string key = U32Key(doc);
  ASSIGN_OR_RETURN(auto analyzer, engine_->NewAnalyzer());
  ASSIGN_OR_RETURN(auto stored, LoadDocument(txn, doc, analyzer.get()));
  if (!stored.has_value()) return InternalError("removing a document the index does not hold");
  *text_bytes = stored->record.document.bytes;
  // Word counts down.
  for (uint64_t k : DistinctKeys(MakeSentenceKeys(stored->analyzed))) {
    ASSIGN_OR_RETURN(const uint32_t n, Df(txn, k));
    if (n <= 1) {
      RETURN_IF_ERROR(txn->Delete(kDf, U64Key(k)));
    } else {
      std::string v;
      ByteWriter(&v).U32BE(n - 1);
      RETURN_IF_ERROR(txn->Put(kDf, U64Key(k), v));
    }
  }
  // Postings: marked dead, dropped when their segment is merged.
  RETURN_IF_ERROR(index::MarkRemoved(txn, kPostingTables, doc));
  // Pairs.
  std::vector<uint32_t> partners;
  RETURN_IF_ERROR(txn->ScanPrefix(kDocPairs, key, [&](std::string_view k, std::string_view) {
    partners.push_back(ReadU32(k.substr(4)));
    return true;
  }));
  for (uint32_t p : partners) {
    RETURN_IF_ERROR(txn->Delete(kPairs, PairKey(std::min(doc, p), std::max(doc, p))));
    RETURN_IF_ERROR(txn->Delete(kDocPairs, PairKey(doc, p)));
    RETURN_IF_ERROR(txn->Delete(kDocPairs, PairKey(p, doc)));
  }
  *pairs_removed = static_cast<int64_t>(partners.size());
  RETURN_IF_ERROR(txn->Delete(kIds, IdKey(stored->record.document.id)));
  for (Table t : {kDocs, kTexts, kSketches, kRecords}) {
    RETURN_IF_ERROR(txn->Delete(t, key));
  }
  return Status::Ok();
}

Status IndexImpl::Remove(const std::vector<std::string>& ids) {
  ASSIGN_OR_RETURN(auto w, store_->Write());
  std::vector<uint32_t> docs;
  std::vector<std::string> unknown;
  for (const std::string& id : ids) {
    std::string_view v;
    ASSIGN_OR_RETURN(const bool found, w->Get(kIds, IdKey(id), &v));
    if (found) {
      docs.push_back(ReadU32(v));
    } else {
      unknown.push_back(id);
    }
  }
  if (!unknown.empty()) {
    std::string list;
    for (const std::string& id : unknown) list += (list.empty() ? "'" : ", '") + id + "'";
    return NotFoundError("not in the index: " + list + "; nothing was removed");
  }
  ASSIGN_OR_RETURN(int64_t documents, MetaNumber(w.get(), "documents"));
  ASSIGN_OR_RETURN(int64_t text_bytes, MetaNumber(w.get(), "text_bytes"));
  ASSIGN_OR_RETURN(int64_t pairs, MetaNumber(w.get(), "pairs"));
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  for (uint32_t doc : docs) {
    int64_t removed_pairs = 0, removed_bytes = 0;
    RETURN_IF_ERROR(RemoveDocument(w.get(), doc, &removed_pairs, &removed_bytes));
    --documents;
    pairs -= removed_pairs;
    text_bytes -= removed_bytes;
  }
  RETURN_IF_ERROR(w->Put(kMeta, "documents", std::to_string(documents)));
  RETURN_IF_ERROR(w->Put(kMeta, "text_bytes", std::to_string(text_bytes)));
  RETURN_IF_ERROR(w->Put(kMeta, "pairs", std::to_string(pairs)));
  return w->Commit();
}

StatusOr<QueryResult> IndexImpl::Query(const CompareInput& input, size_t top) {
  const auto start = Clock::now();
  ASSIGN_OR_RETURN(InputDocument document, ReadOneDocument(input, engine_->options().input));
  return QueryDocument(std::move(document), top, start);
}

StatusOr<QueryResult> IndexImpl::QueryDocument(InputDocument document, size_t top,
                                               std::chrono::steady_clock::time_point start) {
  const Options& o = engine_->options();
  QueryResult q;
  q.input = std::move(document);
  ASSIGN_OR_RETURN(auto analyzer, engine_->NewAnalyzer());
  ASSIGN_OR_RETURN(q.analyzed, analyzer->Analyze(q.input.id, std::move(q.input.text)));
  q.input.text.clear();
  if (q.analyzed.tokens.empty()) return InvalidArgumentError(q.input.origin + ": no words");
  ASSIGN_OR_RETURN(auto txn, store_->Read());
  ASSIGN_OR_RETURN(const std::unordered_set<uint64_t> boilerplate, LoadBoilerplate(txn.get()));
  MarkBoilerplate(boilerplate, o.boilerplate.max_line_words, &q.analyzed);
  auto df = [&](uint64_t key) -> uint32_t {
    auto n = Df(txn.get(), key);
    return n.ok() ? *n : 0;
  };
  const Features f = index::LookupFeatures(MakeSketch(q.analyzed, o.candidates),
                                           MakeSentenceKeys(q.analyzed), df, o.candidates);
  ASSIGN_OR_RETURN(const TxnPostings postings, TxnPostings::Open(txn.get()));
  ASSIGN_OR_RETURN(auto candidates, index::FindIndexCandidates(f, postings, o.candidates));
  q.candidates = static_cast<int64_t>(candidates.size());
  const PreparedDocument prepared_query(q.analyzed);
  ScanDocument query_doc;
  query_doc.id = q.input.id;
  query_doc.date = q.input.date;
  query_doc.when = ParseDate(q.input.date);
  for (const auto& c : candidates) {
    ASSIGN_OR_RETURN(auto s, LoadDocument(txn.get(), c.document, analyzer.get()));
    if (!s.has_value()) continue;
    MarkBoilerplate(boilerplate, o.boilerplate.max_line_words, &s->analyzed);
    IndexMatch m;
    m.document = c.document;
    m.info = s->record.document;
    m.found_by = c.stage;
    const PreparedDocument prepared(s->analyzed);
    const ScanPair p =
        AlignAsScan(*engine_, 0, 1, prepared_query, prepared, query_doc, m.info, c.stage);
    if (p.comparison.relation == Relation::kNone) continue;
    m.comparison = p.comparison;
    m.direction = p.direction;
    m.direction_reason = p.direction_reason;
    m.strong_evidence = StrongEvidence(m.comparison, o.evidence);
    m.text = s->analyzed.bytes;
    q.matches.push_back(std::move(m));
  }
  // Best first: strong evidence before weak, then the most of the queried text shared, then the
  // most similar.
  std::sort(q.matches.begin(), q.matches.end(), [](const IndexMatch& x, const IndexMatch& y) {
    if (x.strong_evidence != y.strong_evidence) return x.strong_evidence;
    if (x.comparison.coverage_a != y.comparison.coverage_a) {
      return x.comparison.coverage_a > y.comparison.coverage_a;
    }
    const double sx = PairScore(x.comparison), sy = PairScore(y.comparison);
    if (sx != sy) return sx > sy;
    return x.document < y.document;
  });
  if (top > 0 && q.matches.size() > top) q.matches.resize(top);
  q.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return q;
}

// The texts of an exported index, read from its store.
class StoredTexts : public TextStore {
 public:
  // `store` is kept open while the texts live (the transaction reads from it).
  StoredTexts(std::shared_ptr<Store> store, std::unique_ptr<ReadTransaction> txn,
              std::vector<uint32_t> docs, std::vector<int64_t> sizes)
      : store_(std::move(store)),
        txn_(std::move(txn)),
        docs_(std::move(docs)),
        sizes_(std::move(sizes)) {}
  StatusOr<std::string> Text(uint32_t document) const override {
    std::lock_guard<std::mutex> lock(mu_);
    return TextLocked(document);
  }
  StatusOr<std::string> Record(uint32_t document) const override {
    std::lock_guard<std::mutex> lock(mu_);
    if (document >= docs_.size()) return InvalidArgumentError("no such document");
    std::string_view v;
    ASSIGN_OR_RETURN(const bool found, txn_->Get(kRecords, U32Key(docs_[document]), &v));
    if (!found) return std::string();
    const std::string record(v);  // the view ends with the next read
    ASSIGN_OR_RETURN(const std::string text, TextLocked(document));
    return DecompressWithText(record, text);
  }

 private:
  StatusOr<std::string> TextLocked(uint32_t document) const {
    if (document >= docs_.size()) return InvalidArgumentError("no such document");
    std::string_view v;
    ASSIGN_OR_RETURN(const bool found, txn_->Get(kTexts, U32Key(docs_[document]), &v));
    if (!found) return DataLossError("a text went missing from the index");
    return Decompress(v, static_cast<size_t>(sizes_[document]));
  }

  mutable std::mutex mu_;  // one transaction, used by one thread at a time
  std::shared_ptr<Store> store_;
  std::unique_ptr<ReadTransaction> txn_;
  std::vector<uint32_t> docs_;  // result index -> index document
  std::vector<int64_t> sizes_;
};

StatusOr<ScanResult> IndexImpl::Export(std::string_view since) {
  std::optional<Date> since_date;
  if (!since.empty()) {
    since_date = ParseDate(since);
    if (!since_date.has_value()) {
      return InvalidArgumentError("--since " + std::string(since) + ": not a date");
    }
  }
  ASSIGN_OR_RETURN(auto txn, store_->Read());
  ScanResult r;
  // Batches committed since the date.
  std::set<uint32_t> recent;
  RETURN_IF_ERROR(txn->ScanPrefix(kBatches, "", [&](std::string_view k, std::string_view v) {
    const nlohmann::json j = nlohmann::json::parse(v, nullptr, false);
    const auto when = j.is_object() ? ParseDate(j.value("committed", "")) : std::nullopt;
    if (!since_date.has_value() || (when.has_value() && CompareDates(*when, *since_date) >= 0)) {
      recent.insert(ReadU32(k));
    }
    return true;
  }));
  std::unordered_map<uint32_t, uint32_t> slot;  // index document -> result document
  std::vector<uint32_t> docs;
  std::vector<int64_t> sizes;
  std::vector<uint32_t> batch_of;
  Status bad = Status::Ok();
  RETURN_IF_ERROR(txn->ScanPrefix(kDocs, "", [&](std::string_view k, std::string_view v) {
    DocumentRecord record;
    if (!index::DecodeDocument(v, &record)) {
      bad = DataLossError("a document record of the index is damaged");
      return false;
    }
    slot[ReadU32(k)] = static_cast<uint32_t>(r.documents.size());
    docs.push_back(ReadU32(k));
    sizes.push_back(record.document.bytes);
    batch_of.push_back(record.batch);
    r.stats.bytes += record.document.bytes;
    r.documents.push_back(std::move(record.document));
    return true;
  }));
  RETURN_IF_ERROR(bad);
  RETURN_IF_ERROR(txn->ScanPrefix(kPairs, "", [&](std::string_view k, std::string_view v) {
    const uint32_t a = ReadU32(k.substr(0, 4)), b = ReadU32(k.substr(4, 4));
    auto sa = slot.find(a), sb = slot.find(b);
    ScanPair p;
    if (sa == slot.end() || sb == slot.end() || !index::DecodePair(v, sa->second, sb->second, &p)) {
      bad = DataLossError("a pair record of the index is damaged");
      return false;
    }
    if (recent.count(batch_of[sa->second]) || recent.count(batch_of[sb->second])) {
      r.pairs.push_back(std::move(p));
    }
    return true;
  }));
  RETURN_IF_ERROR(bad);
  RETURN_IF_ERROR(txn->ScanPrefix(kSkips, "", [&](std::string_view k, std::string_view v) {
    if (!recent.count(ReadU32(k.substr(0, 4)))) return true;
    const size_t nul = v.find('\0');
    r.skipped.push_back({std::string(v.substr(0, nul)),
                         nul == std::string_view::npos ? "" : std::string(v.substr(nul + 1))});
    return true;
  }));
  for (const ScanDocument& d : r.documents) {
    if (!d.date.empty() && !d.when.has_value()) {
      r.unparseable_dates.push_back({d.origin, "unparseable date '" + d.date + "'"});
    }
  }
  std::sort(r.pairs.begin(), r.pairs.end(), [](const ScanPair& x, const ScanPair& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  FindIndirectPairs(r.documents, &r.pairs);
  for (const ScanPair& p : r.pairs) r.stats.indirect_pairs += p.via.has_value();
  r.families = FindFamilies(r.documents, r.pairs);
  r.links = FindLinks(r.documents, r.pairs, r.families);
  r.stats.documents_read = static_cast<int64_t>(r.documents.size());
  r.stats.documents_skipped = static_cast<int64_t>(r.skipped.size());
  r.texts =
      std::make_shared<StoredTexts>(store_, std::move(txn), std::move(docs), std::move(sizes));
  return r;
}

StatusOr<IndexStats> IndexImpl::Stats() {
  IndexStats s;
  ASSIGN_OR_RETURN(auto txn, store_->Read());
  ASSIGN_OR_RETURN(auto format, MetaGet(txn.get(), "format"));
  s.format = format.value_or("");
  ASSIGN_OR_RETURN(s.documents, MetaNumber(txn.get(), "documents"));
  ASSIGN_OR_RETURN(s.text_bytes, MetaNumber(txn.get(), "text_bytes"));
  ASSIGN_OR_RETURN(s.pairs, MetaNumber(txn.get(), "pairs"));
  ASSIGN_OR_RETURN(s.batches, MetaNumber(txn.get(), "batches"));
  ASSIGN_OR_RETURN(auto created, MetaGet(txn.get(), "created"));
  s.created = created.value_or("");
  txn.reset();
  ASSIGN_OR_RETURN(const StoreStats store, store_->Stats());
  s.disk_bytes = store.disk_bytes;
  return s;
}

StatusOr<std::vector<IndexedDocument>> IndexImpl::List() {
  ASSIGN_OR_RETURN(auto txn, store_->Read());
  std::vector<IndexedDocument> out;
  Status bad = Status::Ok();
  RETURN_IF_ERROR(txn->ScanPrefix(kDocs, "", [&](std::string_view k, std::string_view v) {
    DocumentRecord record;
    if (!index::DecodeDocument(v, &record)) {
      bad = DataLossError(fmt::format("document {} of the index is damaged", ReadU32(k)));
      return false;
    }
    out.push_back({ReadU32(k), record.batch, std::move(record.document.id)});
    return true;
  }));
  RETURN_IF_ERROR(bad);
  return out;
}

Status IndexImpl::Check() {
  ASSIGN_OR_RETURN(auto txn, store_->Read());
  const Options& o = engine_->options();
  auto damage = [](const std::string& what) { return DataLossError("index damaged: " + what); };
  auto opened = index::SegmentedPostings::Open(txn.get(), kPostingTables);
  if (!opened.ok()) return opened.status();
  const index::SegmentedPostings& postings = *opened;
  // Documents: their records, ids, texts, analyses, sketches; the word counts they make.
  std::set<uint32_t> docs;
  std::unordered_map<uint64_t, uint32_t> df;
  int64_t text_bytes = 0;
  Status bad = Status::Ok();
  std::vector<uint32_t> all;
  RETURN_IF_ERROR(txn->ScanPrefix(kDocs, "", [&](std::string_view k, std::string_view) {
    all.push_back(ReadU32(k));
    return true;
  }));
  ASSIGN_OR_RETURN(auto analyzer, engine_->NewAnalyzer());
  for (uint32_t doc : all) {
    auto s = LoadDocument(txn.get(), doc, analyzer.get());
    if (!s.ok()) return damage(s.status().message());
    if (!s->has_value()) return damage(fmt::format("document {} vanished", doc));
    const ScanDocument& d = (*s)->record.document;
    if (static_cast<int64_t>((*s)->analyzed.tokens.size()) != d.words) {
      return damage(fmt::format("document '{}' reads as {} words, its record says {}", d.id,
                                (*s)->analyzed.tokens.size(), d.words));
    }
    std::string_view v;
    ASSIGN_OR_RETURN(bool found, txn->Get(kIds, IdKey(d.id), &v));
    if (!found || ReadU32(v) != doc) return damage("the id of document '" + d.id + "' is lost");
    ASSIGN_OR_RETURN(found, txn->Get(kSketches, U32Key(doc), &v));
    if (!found) return damage("document '" + d.id + "' has no sketch");
    // Its MinHash-LSH bands are posted (the other postings depend on the counts of their time).
    for (uint64_t key : index::BandKeys(MinhashFromBytes(v), o.candidates)) {
      ASSIGN_OR_RETURN(found, postings.Contains({PostingKind::kBand, key, doc}));
      if (!found) return damage("a posting of document '" + d.id + "' is missing");
    }
    for (uint64_t k : DistinctKeys(MakeSentenceKeys((*s)->analyzed))) ++df[k];
    text_bytes += d.bytes;
    docs.insert(doc);
  }
  // Ids name documents.
  int64_t ids = 0;
  RETURN_IF_ERROR(txn->ScanPrefix(kIds, "", [&](std::string_view, std::string_view v) {
    ++ids;
    if (!docs.count(ReadU32(v))) bad = damage("an id names no document");
    return bad.ok();
  }));
  RETURN_IF_ERROR(bad);
  if (ids != static_cast<int64_t>(docs.size())) return damage("ids and documents disagree");
  // Postings name documents, removed ones or ones there; segments hold what they say.
  std::map<uint32_t, uint64_t> segment_postings;
  const Status walked = postings.ForEach([&](uint32_t segment, const index::Posting& p) {
    ++segment_postings[segment];
    if (!docs.count(p.doc) && !postings.removed(p.doc)) {
      bad = damage(fmt::format("a posting names no document ({})", p.doc));
    }
    return bad.ok();
  });
  if (!walked.ok()) return walked;
  RETURN_IF_ERROR(bad);
  for (const index::SegmentInfo& segment : postings.segments()) {
    if (segment_postings[segment.id] != segment.postings) {
      return damage(fmt::format("posting segment {} holds {} postings, its record says {}",
                                segment.id, segment_postings[segment.id], segment.postings));
    }
  }
  // Word counts equal a recount.
  int64_t df_entries = 0;
  RETURN_IF_ERROR(txn->ScanPrefix(kDf, "", [&](std::string_view k, std::string_view v) {
    uint64_t key = 0;
    ByteReader(k).U64BE(&key);
    ++df_entries;
    auto it = df.find(key);
    if (it == df.end() || it->second != ReadU32(v)) bad = damage("a word count is wrong");
    return bad.ok();
  }));
  RETURN_IF_ERROR(bad);
  if (df_entries != static_cast<int64_t>(df.size())) return damage("word counts are missing");
  // Pairs decode and name documents, both ways in doc_pairs.
  int64_t pairs = 0;
  RETURN_IF_ERROR(txn->ScanPrefix(kPairs, "", [&](std::string_view k, std::string_view v) {
    const uint32_t a = ReadU32(k.substr(0, 4)), b = ReadU32(k.substr(4, 4));
    ScanPair p;
    std::string_view unused;
    if (!docs.count(a) || !docs.count(b) || a >= b || !index::DecodePair(v, a, b, &p)) {
      bad = damage(fmt::format("pair {}-{} is damaged or names no document", a, b));
    } else {
      auto x = txn->Get(kDocPairs, PairKey(a, b), &unused);
      auto y = txn->Get(kDocPairs, PairKey(b, a), &unused);
      if (!x.ok() || !y.ok() || !*x || !*y)
        bad = damage(fmt::format("pair {}-{} is not listed", a, b));
    }
    ++pairs;
    return bad.ok();
  }));
  RETURN_IF_ERROR(bad);
  // The counters.
  ASSIGN_OR_RETURN(const int64_t documents, MetaNumber(txn.get(), "documents"));
  ASSIGN_OR_RETURN(const int64_t meta_pairs, MetaNumber(txn.get(), "pairs"));
  ASSIGN_OR_RETURN(const int64_t meta_bytes, MetaNumber(txn.get(), "text_bytes"));
  if (documents != static_cast<int64_t>(docs.size()) || meta_pairs != pairs ||
      meta_bytes != text_bytes) {
    return damage(
        fmt::format("counters disagree: {} documents, {} pairs, {} bytes recorded; "
                    "{}, {}, {} found",
                    documents, meta_pairs, meta_bytes, docs.size(), pairs, text_bytes));
  }
  (void)o;
  return Status::Ok();
}

}  // namespace

Status Index::Create(const std::string& dir, const Options& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return InvalidArgumentError(dir + ": not empty (an index is made in a new or empty folder)");
  }
  ASSIGN_OR_RETURN(auto engine, Engine::Create(options));
  ASSIGN_OR_RETURN(auto store, Store::Open(dir, TableOptions()));
  ASSIGN_OR_RETURN(auto w, store->Write());
  RETURN_IF_ERROR(w->Put(kMeta, "format", kIndexFormat));
  RETURN_IF_ERROR(w->Put(kMeta, "options", OptionsText(engine->options())));
  RETURN_IF_ERROR(w->Put(kMeta, "thesaurus",
                         engine->thesaurus() ? engine->thesaurus()->ToBytes() : std::string()));
  RETURN_IF_ERROR(w->Put(kMeta, "created", NowIso()));
  for (const char* counter : {"next_doc", "batches", "documents", "text_bytes", "pairs"}) {
    RETURN_IF_ERROR(w->Put(kMeta, counter, "0"));
  }
  return w->Commit();
}

StatusOr<std::unique_ptr<Index>> Index::Open(const std::string& dir, bool writable,
                                             const ResourceOptions& resources) {
  RETURN_IF_ERROR(ValidateResources(resources));
  // A writable store opens by creating what is missing: an index must exist first (a mistyped
  // folder must not become an empty store).
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    return NotFoundError(dir + ": no such index (make one with `textrace index create " + dir +
                         "`)");
  }
  if (std::filesystem::is_directory(dir, ec) && std::filesystem::is_empty(dir, ec)) {
    return InvalidArgumentError(dir +
                                ": not a textrace index: the folder is empty (make one with "
                                "`textrace index create " +
                                dir + "`)");
  }
  StoreOptions so = TableOptions();
  so.read_only = !writable;
  auto opened = Store::Open(dir, so);
  if (!opened.ok()) {
    if (opened.status().message().find("open in this process already") != std::string::npos) {
      return Status(opened.status().code(),
                    dir +
                        ": the index is open in this process already: use that Index (a process "
                        "opens an index once; its queries and exports run beside its adds)");
    }
    if (opened.status().code() == StatusCode::kNotFound ||
        opened.status().code() == StatusCode::kInvalidArgument) {
      return Status(opened.status().code(),
                    dir + ": not a textrace index (make one with `textrace index create`): " +
                        opened.status().message());
    }
    return opened.status();
  }
  std::unique_ptr<Store> store = std::move(opened).value();
  ASSIGN_OR_RETURN(auto txn, store->Read());
  ASSIGN_OR_RETURN(auto format, MetaGet(txn.get(), "format"));
  if (!format.has_value()) {
    return InvalidArgumentError(dir + ": not a textrace index (no format recorded)");
  }
  const bool previous = *format == kPreviousIndexFormat;
  if (*format != kIndexFormat && !previous) {
    return InvalidArgumentError(fmt::format(
        "{}: an index of format '{}'; this textrace reads '{}': open it with the textrace that "
        "made it, or make a new index (`textrace index create`) and add the documents again",
        dir, *format, kIndexFormat));
  }
  ASSIGN_OR_RETURN(auto options_text, MetaGet(txn.get(), "options"));
  ASSIGN_OR_RETURN(Options options, OptionsFromText(options_text.value_or("")));
  ASSIGN_OR_RETURN(auto thesaurus_bytes, MetaGet(txn.get(), "thesaurus"));
  std::shared_ptr<const Thesaurus> thesaurus;
  if (thesaurus_bytes.has_value() && !thesaurus_bytes->empty()) {
    ASSIGN_OR_RETURN(thesaurus, Thesaurus::FromBytes(*thesaurus_bytes));
  }
  txn.reset();
  ASSIGN_OR_RETURN(auto engine, Engine::Create(options, std::move(thesaurus)));
  if (previous && writable) {
    // The upgrade is the format's name alone: the records of the previous format are read as
    // they are (DecodeDocument), and new ones are written in the new.
    ASSIGN_OR_RETURN(auto w, store->Write());
    RETURN_IF_ERROR(w->Put(kMeta, "format", kIndexFormat));
    RETURN_IF_ERROR(w->Commit());
  }
  return std::unique_ptr<Index>(new IndexImpl(std::move(store), std::move(engine), resources));
}

}  // namespace textrace
