// The collection scan's orchestration: read -> analyze (in batches, under the memory budget) ->
// boilerplate -> candidates (exact, MinHash-LSH, anchors, rare words) -> verify with the aligner ->
// relations, direction -> families. Each stage is a method of ScannerImpl; Finish() calls them in
// order.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "candidates/candidates.h"
#include "cluster/cluster.h"
#include "normalize/boilerplate.h"
#include "scan/analysis_codec.h"
#include "scan/scanner_internal.h"
#include "scan/spill.h"
#include "scan/stages.h"
#include "textrace/scan.h"
#include "util/parallel.h"

namespace textrace {
namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The texts (and JSONL records), in a spill file, by document.
class SpilledTexts : public TextStore {
 public:
  explicit SpilledTexts(std::unique_ptr<SpillFile> file) : file_(std::move(file)) {}
  Status Add(std::string_view text, std::string_view record) {
    ASSIGN_OR_RETURN(uint64_t offset, file_->Append(text));
    spans_.emplace_back(offset, text.size());
    if (!record.empty()) {
      ASSIGN_OR_RETURN(uint64_t at, file_->Append(record));
      records_.emplace_back(static_cast<uint32_t>(spans_.size() - 1), Span{at, record.size()});
    }
    return Status::Ok();
  }
  StatusOr<std::string> Text(uint32_t document) const override {
    if (document >= spans_.size()) return InvalidArgumentError("no such document");
    return Read(spans_[document]);
  }
  StatusOr<std::string> Record(uint32_t document) const override {
    auto it = std::lower_bound(records_.begin(), records_.end(), document,
                               [](const auto& r, uint32_t d) { return r.first < d; });
    if (it == records_.end() || it->first != document) return std::string();
    return Read(it->second);
  }

 private:
  using Span = std::pair<uint64_t, uint64_t>;  // (offset, size)
  StatusOr<std::string> Read(const Span& span) const {
    std::string out;
    RETURN_IF_ERROR(file_->Read(span.first, span.second, &out));
    return out;
  }
  std::unique_ptr<SpillFile> file_;
  std::vector<Span> spans_;
  std::vector<std::pair<uint32_t, Span>> records_;  // by document, for those that have one
};

// Memory an analyzed and prepared document takes, per byte of its text. Estimated from the
// structures: a 32-byte Token per ~6 bytes of English text (~5.5x), the text itself, sentences,
// and the aligner's terms and postings (~3x) come to about 10x; 24 leaves a margin.
constexpr uint64_t kWorkingBytesPerTextByte = 24;

// The total size of the inputs when they are plain files (for the progress display), else -1.
int64_t InputBytes(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  auto plain = [](const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext != ".gz" && ext != ".zst";
  };
  int64_t total = 0;
  std::error_code ec;
  for (const std::string& in : inputs) {
    if (in == "-") return -1;
    if (fs::is_directory(in, ec)) {
      for (auto it = fs::recursive_directory_iterator(
               in, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        if (!plain(it->path())) return -1;
        total += static_cast<int64_t>(it->file_size(ec));
      }
    } else {
      if (!plain(in)) return -1;
      total += static_cast<int64_t>(fs::file_size(in, ec));
    }
  }
  return total;
}

// The order in which to verify the candidates (indices into them). A chunk of the verification
// prepares each of its documents, so a document whose pairs fall in several chunks is prepared
// several times. Numbering the documents in depth-first order over the candidate graph (from
// the smallest unvisited document, smaller neighbours first) and taking pairs by their later
// document, then the earlier one, keeps a document's neighbourhood in few chunks: 33% fewer
// preparations than (a, b) order at 1 GB (478,000 -> 318,000, simulated on its candidates).
// Only the order of work changes; results are put back in candidate order.
std::vector<uint32_t> VerificationOrder(const std::vector<Candidate>& candidates, size_t n) {
  std::vector<uint32_t> begin(n + 1, 0);
  for (const Candidate& c : candidates) {
    ++begin[c.a + 1];
    ++begin[c.b + 1];
  }
  for (size_t d = 0; d < n; ++d) begin[d + 1] += begin[d];
  std::vector<uint32_t> neighbours(begin[n]);
  {
    std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
    for (const Candidate& c : candidates) {
      neighbours[next[c.a]++] = c.b;
      neighbours[next[c.b]++] = c.a;
    }
  }
  constexpr uint32_t kUnseen = ~0u;
  std::vector<uint32_t> rank(n, kUnseen);
  uint32_t visited = 0;
  std::vector<uint32_t> stack;
  for (uint32_t start = 0; start < n; ++start) {
    if (rank[start] != kUnseen || begin[start] == begin[start + 1]) continue;
    stack.push_back(start);
    while (!stack.empty()) {
      const uint32_t d = stack.back();
      stack.pop_back();
      if (rank[d] != kUnseen) continue;
      rank[d] = visited++;
      auto first = neighbours.begin() + begin[d], last = neighbours.begin() + begin[d + 1];
      std::sort(first, last, std::greater<uint32_t>());  // the smallest is popped first
      for (auto it = first; it != last; ++it) {
        if (rank[*it] == kUnseen) stack.push_back(*it);
      }
    }
  }
  std::vector<uint32_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](uint32_t k) {
    const uint32_t x = rank[candidates[k].a], y = rank[candidates[k].b];
    return std::make_pair(std::max(x, y), std::min(x, y));
  };
  std::sort(order.begin(), order.end(), [&](uint32_t i, uint32_t j) { return key(i) < key(j); });
  return order;
}

// A batch of documents read together (by the reader's thread, or added from memory).
struct Batch {
  std::vector<InputDocument> documents;
  bool last = false;
  double seconds = 0;
  int64_t documents_read = 0, bytes_read = 0;  // by the reader so far
  uint64_t bytes = 0;                          // text bytes in `documents`
};

// What the analysis of one document leaves for the later stages (scan_stages::Analyzed), and
// where its analysis waits for the verification.
struct Analyzed : scan_stages::Analyzed {
  std::string encoded;  // the analysis, for the disk
};

class ScannerImpl : public Scanner {
 public:
  ScannerImpl(std::shared_ptr<const Engine> engine, const ResourceOptions& resources)
      : engine_(std::move(engine)),
        options_(engine_->options()),
        resources_(resources),
        threads_(ResolveThreads(resources.threads)),
        start_(Clock::now()),
        stage_start_(start_),
        boilerplate_(options_.boilerplate) {
    // Batches of at most 4 MB keep the progress display lively and every thread busy. Up to
    // three batches are alive at once: one read, one analyzed, one committed.
    batch_bytes_ = std::clamp<uint64_t>(resources_.memory_budget / 4 / kWorkingBytesPerTextByte,
                                        uint64_t{1}, uint64_t{4} << 20);
  }

  ~ScannerImpl() override {
    // A commit in flight touches this object: wait for it.
    if (committing_.valid()) committing_.wait();
  }

  Status Init() {
    if (!options_.input.dates_file.empty()) {
      ASSIGN_OR_RETURN(dates_, scan_stages::ReadDatesFile(options_.input.dates_file));
    }
    ASSIGN_OR_RETURN(auto text_file, SpillFile::Create(resources_.tmp_dir));
    texts_ = std::make_shared<SpilledTexts>(std::move(text_file));
    ASSIGN_OR_RETURN(key_file_, SpillFile::Create(resources_.tmp_dir));
    ASSIGN_OR_RETURN(analysis_file_, SpillFile::Create(resources_.tmp_dir));
    analyzers_.resize(threads_);
    for (auto& a : analyzers_) {
      ASSIGN_OR_RETURN(a, engine_->NewAnalyzer());
    }
    return Status::Ok();
  }

  void SetCommitSink(CommitSink sink) { sink_ = std::move(sink); }
  const std::unordered_set<uint64_t>& boilerplate_lines() const { return boilerplate_lines_; }

  void SetProgress(std::function<void(const ScanProgress&)> progress) override {
    progress_callback_ = std::move(progress);
  }

  Status Add(InputDocument d) override {
    if (finished_) return InvalidArgumentError("Scanner::Add after Finish");
    ++added_;
    if (d.id.empty()) d.id = "document " + std::to_string(added_);
    if (d.origin.empty()) d.origin = d.id;
    if (!ClaimId(d.id, d.origin)) return Status::Ok();
    ++memory_documents_;
    memory_bytes_ += static_cast<int64_t>(d.text.size());
    pending_.bytes += d.text.size();
    pending_.documents.push_back(std::move(d));
    if (pending_.bytes >= batch_bytes_) {
      Batch batch = std::move(pending_);
      pending_ = Batch();
      RETURN_IF_ERROR(AnalyzeBatch(std::move(batch)));
      progress_.documents = documents_read_before_ + memory_documents_;
      progress_.bytes = bytes_read_before_ + memory_bytes_;
      ReportProgress(ScanProgress::Stage::kReading);
    }
    return Status::Ok();
  }

  Status AddInputs(const std::vector<std::string>& inputs) override {
    if (finished_) return InvalidArgumentError("Scanner::AddInputs after Finish");
    RETURN_IF_ERROR(FlushPending());
    if (progress_callback_) progress_.input_bytes = InputBytes(inputs);
    ASSIGN_OR_RETURN(auto reader, DocumentReader::Open(inputs, options_.input));
    // The next batch is read (and decompressed, and its JSON parsed) on its own thread while the
    // current one is analyzed; the reader is used by one thread at a time.
    auto read_batch = [&reader, this]() -> StatusOr<Batch> {
      const auto t = Clock::now();
      Batch b;
      while (b.bytes < batch_bytes_) {
        InputDocument d;
        ASSIGN_OR_RETURN(bool more, reader->Next(&d));
        if (!more) {
          b.last = true;
          break;
        }
        if (!ClaimId(d.id, d.origin)) continue;
        b.bytes += d.text.size();
        b.documents.push_back(std::move(d));
      }
      b.seconds = Since(t);
      b.documents_read = reader->documents_read();
      b.bytes_read = reader->bytes_read();
      return b;
    };
    std::future<StatusOr<Batch>> next = std::async(std::launch::async, read_batch);
    for (bool more = true; more;) {
      ASSIGN_OR_RETURN(Batch current, next.get());
      more = !current.last;
      if (more) next = std::async(std::launch::async, read_batch);
      result_.stats.read_seconds += current.seconds;
      progress_.documents = documents_read_before_ + memory_documents_ + current.documents_read;
      progress_.bytes = bytes_read_before_ + memory_bytes_ + current.bytes_read;
      RETURN_IF_ERROR(AnalyzeBatch(std::move(current)));
      ReportProgress(ScanProgress::Stage::kReading);
    }
    input_skips_.insert(input_skips_.end(), reader->skipped().begin(), reader->skipped().end());
    documents_read_before_ += reader->documents_read();
    bytes_read_before_ += reader->bytes_read();
    result_.stats.warc_records_not_documents += reader->warc_records_not_documents();
    result_.stats.files_excluded += reader->files_excluded();
    return Status::Ok();
  }

  StatusOr<ScanResult> Finish() override {
    if (finished_) return InvalidArgumentError("Scanner::Finish called twice");
    finished_ = true;
    RETURN_IF_ERROR(FlushPending());
    RETURN_IF_ERROR(FinishCommit());
    ScanResult& r = result_;
    r.skipped = std::move(input_skips_);
    r.skipped.insert(r.skipped.end(), analysis_skips_.begin(), analysis_skips_.end());
    r.stats.documents_read = documents_read_before_ + memory_documents_;
    r.stats.documents_skipped = static_cast<int64_t>(r.skipped.size());

    FindBoilerplate();
    ASSIGN_OR_RETURN(const std::vector<Candidate> candidates, FindCandidatePairs());
    RETURN_IF_ERROR(Verify(candidates));
    r.stats.dates_unmatched = static_cast<int64_t>(dates_.size());
    dates_.clear();
    scan_stages::FinishRelations(&r);
    r.stats.total_seconds = Since(start_);
    ReportProgress(ScanProgress::Stage::kDone);
    return std::move(r);
  }

 private:
  // A document passes the id check: false (and a skip) when the id was added before. (The
  // reader checks within one AddInputs; this is across calls and memory.)
  bool ClaimId(const std::string& id, const std::string& origin) {
    auto [it, inserted] = ids_.emplace(id, origin);
    if (inserted) return true;
    input_skips_.push_back(
        SkipRecord{origin, "duplicate id '" + id + "' (first at " + it->second + ")"});
    return false;
  }

  void ReportProgress(ScanProgress::Stage stage) {
    if (!progress_callback_) return;
    if (stage != progress_.stage) stage_start_ = Clock::now();
    progress_.stage = stage;
    progress_.seconds = Since(start_);
    progress_.stage_seconds = Since(stage_start_);
    progress_callback_(progress_);
  }

  Status FlushPending() {
    if (pending_.documents.empty()) return Status::Ok();
    Batch batch = std::move(pending_);
    pending_ = Batch();
    return AnalyzeBatch(std::move(batch));
  }

  // 1. Analysis of a batch in parallel. Of each document its sketch, its text (on disk), its
  // sentence keys (on disk) and its analysis (encoded, on disk) stay. What stays is committed on
  // its own thread while the next batch is read and analyzed.
  Status AnalyzeBatch(Batch batch) {
    auto t = Clock::now();
    std::vector<InputDocument>& docs = batch.documents;
    RETURN_IF_ERROR(ResolveRevisits(&docs));
    std::vector<Analyzed> out(docs.size());
    RETURN_IF_ERROR(ParallelFor(docs.size(), threads_, [&](size_t i, int w) -> Status {
      static_cast<scan_stages::Analyzed&>(out[i]) =
          scan_stages::AnalyzeForScan(*analyzers_[w], docs[i].id, docs[i].text, options_);
      // Parked on disk for the verification stage: reading it back is far cheaper than
      // analyzing again, and keeping analyses in memory (they take six times their text) cost
      // more than it saved (a 101 MB scan side by side: 0.55 GB and 5.00-5.76 s kept, 0.32 GB and
      // 4.75-5.59 s not).
      if (out[i].doc != nullptr) {
        out[i].encoded = EncodeAnalysis(*out[i].doc);
        out[i].doc.reset();
      }
      return Status::Ok();
    }));
    RETURN_IF_ERROR(FinishCommit());
    committing_ = std::async(std::launch::async,
                             [this, documents = std::move(docs), out = std::move(out)]() mutable {
                               return Commit(documents, out);
                             });
    result_.stats.analyze_seconds += Since(t);
    return Status::Ok();
  }

  // A WARC revisit (InputDocument::revisit_of) takes the text of the capture it revisits, read
  // before: from its batch, or from the texts already stored. It is then a duplicate of it like
  // any other, and says so in its text_from.
  Status ResolveRevisits(std::vector<InputDocument>* docs) {
    bool any = false;
    for (const InputDocument& d : *docs) any |= !d.revisit_of.empty() && d.text.empty();
    if (!any) return Status::Ok();
    RETURN_IF_ERROR(FinishCommit());  // the index of every document before this batch
    std::unordered_map<std::string, size_t> in_batch;
    for (size_t i = 0; i < docs->size(); ++i) {
      InputDocument& d = (*docs)[i];
      if (!d.revisit_of.empty() && d.text.empty()) {
        if (auto it = in_batch.find(d.revisit_of); it != in_batch.end()) {
          d.text = (*docs)[it->second].text;
        } else if (auto at = index_of_.find(d.revisit_of); at != index_of_.end()) {
          ASSIGN_OR_RETURN(d.text, texts_->Text(at->second));
        }
        // Not found (the capture had no words): left empty, skipped as "no words".
        d.text_from = "revisit of " + d.revisit_of;
      }
      in_batch.emplace(d.id, i);
    }
    return Status::Ok();
  }

  // What stays of a batch's documents (texts and keys to disk, document frequency, sketches,
  // document records), in document order. Serial.
  Status Commit(std::vector<InputDocument>& batch, std::vector<Analyzed>& out) {
    ScanResult& r = result_;
    for (size_t i = 0; i < batch.size(); ++i) {
      InputDocument& d = batch[i];
      // Documents that could not be analyzed, or that hold no word, are skipped with the reason.
      if (std::string reason = scan_stages::SkipReason(out[i]); !reason.empty()) {
        analysis_skips_.push_back({d.origin, std::move(reason)});
        continue;
      }
      if (sink_) {
        RETURN_IF_ERROR(sink_({static_cast<uint32_t>(r.documents.size()), &d, out[i].encoded,
                               &out[i].sketch, out[i].encoded_keys}));
      }
      boilerplate_.Add(static_cast<uint32_t>(r.documents.size()), SiteOf(d.url), out[i].lines);
      RETURN_IF_ERROR(texts_->Add(d.text, d.record));
      index_of_.emplace(d.id, static_cast<uint32_t>(r.documents.size()));
      ASSIGN_OR_RETURN(uint64_t offset, key_file_->Append(out[i].encoded_keys));
      key_spans_.emplace_back(offset, key_file_->size() - offset);
      AddDocumentFrequency(out[i].distinct_keys, &df_);
      sketches_.push_back(std::move(out[i].sketch));
      ASSIGN_OR_RETURN(uint64_t at, analysis_file_->Append(out[i].encoded));
      analysis_spans_.emplace_back(at, out[i].encoded.size());
      r.documents.push_back(scan_stages::MakeScanDocument(std::move(d),
                                                          static_cast<int64_t>(d.text.size()),
                                                          out[i].chars, out[i].words, &dates_, &r));
      r.documents.back().language = std::move(out[i].language);
    }
    return Status::Ok();
  }

  // Joins the commit in flight, if any.
  Status FinishCommit() { return committing_.valid() ? committing_.get() : Status::Ok(); }

  // Boilerplate lines: known once every document is in; an analysis is marked when it is read
  // back.
  void FindBoilerplate() {
    auto t = Clock::now();
    boilerplate_lines_ = boilerplate_.Finish([&](uint32_t x, uint32_t y) {
      return scan_stages::SketchSimilarity(sketches_[x], sketches_[y]);
    });
    result_.stats.boilerplate_lines = static_cast<int64_t>(boilerplate_lines_.size());
    result_.stats.boilerplate_seconds = Since(t);
  }

  // The candidate stage's anchor postings (12 bytes each, about 70 a kilobyte of text) may take
  // an eighth of the budget; more wait on disk, sorted a part at a time.
  uint64_t PostingsBudget() const { return resources_.memory_budget / 8; }

  void MarkBoilerplateLines(AnalyzedDocument* doc) const {
    MarkBoilerplate(boilerplate_lines_, options_.boilerplate.max_line_words, doc);
  }

  // 2. Candidates, the anchor stage reading the sentence keys back.
  StatusOr<std::vector<Candidate>> FindCandidatePairs() {
    auto t = Clock::now();
    ReportProgress(ScanProgress::Stage::kCandidates);
    auto keys = [&](uint32_t i, SentenceKeys* out) -> Status {  // called from many threads
      std::string buffer;
      RETURN_IF_ERROR(key_file_->Read(key_spans_[i].first, key_spans_[i].second, &buffer));
      if (!DecodeSentenceKeys(buffer, out)) return DataLossError("temporary file corrupted");
      return Status::Ok();
    };
    CandidateProgress progress;
    if (progress_callback_) {
      progress = [this](int pass, int passes, uint32_t done, uint32_t total) {
        progress_.pass = pass;
        progress_.passes = passes;
        progress_.pass_done = done;
        progress_.pass_total = total;
        ReportProgress(ScanProgress::Stage::kCandidates);
      };
    }
    uint64_t postings_spilled = 0;
    ASSIGN_OR_RETURN(
        std::vector<Candidate> candidates,
        FindCandidates(sketches_, df_, keys, options_.candidates, threads_, progress,
                       CandidateMemory{PostingsBudget(), resources_.tmp_dir, &postings_spilled}));
    ScanStats& s = result_.stats;
    s.spill_bytes = static_cast<int64_t>(key_file_->size() + analysis_file_->size() + s.bytes +
                                         postings_spilled);
    key_file_.reset();
    sketches_ = {};
    df_ = {};
    s.candidates = static_cast<int64_t>(candidates.size());
    for (const Candidate& c : candidates) {
      s.candidates_exact += c.source == CandidateSource::kExact;
      s.candidates_minhash += c.source == CandidateSource::kMinHash;
      s.candidates_anchors += c.source == CandidateSource::kAnchors;
      s.candidates_rare_words += c.source == CandidateSource::kRareWords;
    }
    s.candidate_seconds = Since(t);
    return candidates;
  }

  // 3. Verify every candidate with the aligner, in chunks of candidates whose documents fit the
  // memory budget together: those documents are read back, decoded and prepared once, and the
  // chunk's pairs aligned in parallel, each into its own slot. Related pairs with strong
  // evidence become the result's pairs, in candidate order, (a, b).
  Status Verify(const std::vector<Candidate>& candidates) {
    auto t = Clock::now();
    ScanResult& r = result_;
    progress_.pairs_total = static_cast<int64_t>(candidates.size());
    ReportProgress(ScanProgress::Stage::kVerifying);  // the stage's rates count from here
    const Aligner& aligner = engine_->aligner();
    // Chunks need not fill the budget: with the analyses parked, a chunk of 16 MB of text keeps
    // every thread busy, and a larger one only costs memory.
    const uint64_t chunk_bytes = std::clamp<uint64_t>(
        resources_.memory_budget / kWorkingBytesPerTextByte, 1, uint64_t{16} << 20);
    std::vector<int32_t> slot(r.documents.size(), -1);  // document -> index in the chunk
    const std::vector<uint32_t> order = VerificationOrder(candidates, r.documents.size());
    std::vector<std::pair<uint32_t, ScanPair>> related, weak;  // (candidate index, pair)
    for (size_t begin = 0; begin < candidates.size();) {
      std::vector<uint32_t> members;
      uint64_t bytes = 0;
      size_t end = begin;
      for (; end < candidates.size(); ++end) {
        const Candidate& c = candidates[order[end]];
        uint64_t more = 0;
        for (uint32_t d : {c.a, c.b}) {
          if (slot[d] < 0) more += static_cast<uint64_t>(r.documents[d].bytes);
        }
        if (end > begin && bytes + more > chunk_bytes) break;
        for (uint32_t d : {c.a, c.b}) {
          if (slot[d] < 0) {
            slot[d] = static_cast<int32_t>(members.size());
            members.push_back(d);
          }
        }
        bytes += more;
      }
      std::vector<AnalyzedDocument> docs(members.size());
      std::vector<std::optional<PreparedDocument>> prepared(members.size());
      RETURN_IF_ERROR(ParallelFor(members.size(), threads_, [&](size_t i, int) -> Status {
        ASSIGN_OR_RETURN(std::string text, texts_->Text(members[i]));
        std::string encoded;
        const auto [at, size] = analysis_spans_[members[i]];
        RETURN_IF_ERROR(analysis_file_->Read(at, size, &encoded));
        if (!DecodeAnalysis(encoded, r.documents[members[i]].id, std::move(text), &docs[i])) {
          return DataLossError("temporary file corrupted (analysis of " +
                               r.documents[members[i]].origin + ")");
        }
        MarkBoilerplateLines(&docs[i]);
        prepared[i].emplace(docs[i]);
        return Status::Ok();
      }));
      std::vector<ScanPair> verified(end - begin);
      auto verify = [&](size_t k, int) -> Status {
        const Candidate& c = candidates[order[begin + k]];
        ScanPair& p = verified[k];
        p.a = c.a;
        p.b = c.b;
        p.found_by = c.source;
        p.comparison =
            scan_stages::VerifyCandidate(aligner, *prepared[slot[c.a]], *prepared[slot[c.b]]);
        scan_stages::PairDirection(r.documents[c.a], r.documents[c.b], &p);
        return Status::Ok();
      };
      constexpr size_t kProgressStep = 4096;
      for (size_t k = 0; k < verified.size(); k += kProgressStep) {
        const size_t n = std::min(kProgressStep, verified.size() - k);
        RETURN_IF_ERROR(
            ParallelFor(n, threads_, [&](size_t i, int w) -> Status { return verify(k + i, w); }));
        progress_.pairs_done = static_cast<int64_t>(begin + k + n);
        ReportProgress(ScanProgress::Stage::kVerifying);
      }
      for (size_t k = 0; k < verified.size(); ++k) {
        ScanPair& p = verified[k];
        const scan_stages::Verdict verdict = scan_stages::VerdictOf(p.comparison, options_);
        if (verdict == scan_stages::Verdict::kWeak) {
          ++r.stats.weak_pairs;
          if (options_.report.report_weak_pairs) weak.emplace_back(order[begin + k], std::move(p));
        } else if (verdict == scan_stages::Verdict::kRelated) {
          related.emplace_back(order[begin + k], std::move(p));
        }
      }
      for (uint32_t d : members) slot[d] = -1;
      ++r.stats.verify_chunks;
      begin = end;
    }
    // Back in candidate order, (a, b).
    auto in_candidate_order = [](std::vector<std::pair<uint32_t, ScanPair>>* from,
                                 std::vector<ScanPair>* to) {
      std::sort(from->begin(), from->end(),
                [](const auto& x, const auto& y) { return x.first < y.first; });
      to->reserve(from->size());
      for (auto& [index, p] : *from) to->push_back(std::move(p));
      *from = {};
    };
    in_candidate_order(&related, &r.pairs);
    in_candidate_order(&weak, &r.weak_pairs);
    analysis_file_.reset();
    r.texts = texts_;
    r.stats.align_seconds = Since(t);
    return Status::Ok();
  }

  const std::shared_ptr<const Engine> engine_;
  const Options& options_;
  const ResourceOptions resources_;
  const int threads_;
  const Clock::time_point start_;
  Clock::time_point stage_start_;
  std::function<void(const ScanProgress&)> progress_callback_;
  CommitSink sink_;
  ScanProgress progress_;
  uint64_t batch_bytes_ = 0;
  bool finished_ = false;

  // Adding documents.
  std::vector<std::unique_ptr<Analyzer>> analyzers_;  // one per thread
  Batch pending_;                                     // added from memory, not yet analyzed
  int64_t added_ = 0, memory_documents_ = 0, memory_bytes_ = 0;
  int64_t documents_read_before_ = 0, bytes_read_before_ = 0;  // by earlier AddInputs
  std::unordered_map<std::string, std::string> ids_;           // id -> origin
  std::unordered_map<std::string, uint32_t> index_of_;         // id -> document, once committed
  std::vector<SkipRecord> input_skips_, analysis_skips_;
  std::unordered_map<std::string, std::string> dates_;  // the dates file's, not yet used

  // What the documents leave for the later stages (filled by Commit, in document order).
  ScanResult result_;
  std::shared_ptr<SpilledTexts> texts_;
  std::unique_ptr<SpillFile> key_file_;
  std::vector<std::pair<uint64_t, uint64_t>> key_spans_;
  std::vector<Sketch> sketches_;
  DocumentFrequency df_;
  BoilerplateFinder boilerplate_;
  std::unordered_set<uint64_t> boilerplate_lines_;
  std::unique_ptr<SpillFile> analysis_file_;
  std::vector<std::pair<uint64_t, uint64_t>> analysis_spans_;  // where each analysis is parked
  // The commit in flight (declared last: joined before the members it touches go).
  std::future<Status> committing_;
};

}  // namespace

void SetCommitSink(Scanner* scanner, CommitSink sink) {
  static_cast<ScannerImpl*>(scanner)->SetCommitSink(std::move(sink));
}

const std::unordered_set<uint64_t>& BoilerplateLines(const Scanner* scanner) {
  return static_cast<const ScannerImpl*>(scanner)->boilerplate_lines();
}

StatusOr<std::unique_ptr<Scanner>> Scanner::Create(std::shared_ptr<const Engine> engine,
                                                   const ResourceOptions& resources) {
  if (engine == nullptr) return InvalidArgumentError("Scanner::Create: no engine");
  RETURN_IF_ERROR(ValidateResources(resources));
  auto scanner = std::make_unique<ScannerImpl>(std::move(engine), resources);
  RETURN_IF_ERROR(scanner->Init());
  return std::unique_ptr<Scanner>(std::move(scanner));
}

StatusOr<ScanResult> Scan(const std::vector<std::string>& inputs,
                          std::shared_ptr<const Engine> engine, const ResourceOptions& resources,
                          std::function<void(const ScanProgress&)> progress) {
  ASSIGN_OR_RETURN(auto scanner, Scanner::Create(std::move(engine), resources));
  scanner->SetProgress(std::move(progress));
  RETURN_IF_ERROR(scanner->AddInputs(inputs));
  return scanner->Finish();
}

}  // namespace textrace
