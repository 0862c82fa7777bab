// The collection scan: read -> analyze -> candidates (exact, MinHash-LSH, anchors) -> verify with
// the aligner -> relations, direction -> families.
#include "textrace/scan.h"

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
#include "normalize/boilerplate.h"
#include "scan/analysis_codec.h"
#include "scan/spill.h"
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

}  // namespace

namespace {

// The texts, in a spill file, by document.
class SpilledTexts : public TextStore {
 public:
  explicit SpilledTexts(std::unique_ptr<SpillFile> file) : file_(std::move(file)) {}
  Status Add(std::string_view text) {
    ASSIGN_OR_RETURN(uint64_t offset, file_->Append(text));
    spans_.emplace_back(offset, text.size());
    return Status::Ok();
  }
  StatusOr<std::string> Text(uint32_t document) const override {
    if (document >= spans_.size()) return InvalidArgumentError("no such document");
    std::string out;
    RETURN_IF_ERROR(file_->Read(spans_[document].first, spans_[document].second, &out));
    return out;
  }

 private:
  std::unique_ptr<SpillFile> file_;
  std::vector<std::pair<uint64_t, uint64_t>> spans_;  // (offset, size)
};

// Memory an analyzed and prepared document takes, per byte of its text. Estimated from the
// structures: a 32-byte Token per ~6 bytes of English text (~5.5x), the text itself, sentences,
// and the aligner's terms and postings (~3x) come to about 10x; 24 leaves a margin.
constexpr uint64_t kWorkingBytesPerTextByte = 24;

// Memory an analyzed document holds.
uint64_t AnalysisBytes(const AnalyzedDocument& d) {
  return sizeof(d) + d.name.capacity() + d.bytes.capacity() + d.tokens.capacity() * sizeof(Token) +
         d.sentences.capacity() * sizeof(Sentence);
}

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

// See ScanOptions::min_evidence_score.
bool StrongEvidence(const Comparison& c, const ScanOptions& o) {
  for (const PassagePair& p : c.passages) {
    if (p.by_words) {
      if (p.score >= o.min_evidence_score && p.kept >= o.min_word_cluster_kept) return true;
    } else if (p.kind == PassageKind::kSummary || p.score >= o.min_evidence_score ||
               p.kept >= o.min_evidence_kept) {
      return true;
    }
  }
  return false;
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

}  // namespace

StatusOr<ScanResult> Scan(const std::vector<std::string>& inputs, const IngestOptions& ingest,
                          const ScanOptions& options, std::shared_ptr<const Thesaurus> thesaurus) {
  ScanResult r;
  const int threads = ResolveThreads(options.threads);
  const auto start = Clock::now();
  ScanProgress progress;
  auto stage_start = start;
  auto report = [&](ScanProgress::Stage stage) {
    if (!options.progress) return;
    if (stage != progress.stage) stage_start = Clock::now();
    progress.stage = stage;
    progress.seconds = Since(start);
    progress.stage_seconds = Since(stage_start);
    options.progress(progress);
  };
  if (options.progress) progress.input_bytes = InputBytes(inputs);

  // 1. Read and analyze in batches sized to the memory budget. Of each document its sketch, its
  // text (on disk) and its sentence keys (on disk) stay, and its analysis while a sixteenth of
  // the budget allows (the others are parked on disk).
  ASSIGN_OR_RETURN(auto text_file, SpillFile::Create(options.tmp_dir));
  auto texts = std::make_shared<SpilledTexts>(std::move(text_file));
  ASSIGN_OR_RETURN(auto key_file, SpillFile::Create(options.tmp_dir));
  std::vector<std::pair<uint64_t, uint64_t>> key_spans;
  std::vector<Sketch> sketches;
  DocumentFrequency df;
  std::vector<std::unique_ptr<Analyzer>> analyzers(threads);
  for (auto& a : analyzers) {
    ASSIGN_OR_RETURN(a, Analyzer::Create(options.analyzer));
  }
  // (Batches of at most 4 MB keep the progress display lively and every thread busy.) Up to
  // three batches are alive at once: one read, one analyzed, one committed.
  const uint64_t batch_bytes = std::clamp<uint64_t>(
      options.memory_budget / 4 / kWorkingBytesPerTextByte, uint64_t{1}, uint64_t{4} << 20);
  ASSIGN_OR_RETURN(auto reader, DocumentReader::Open(inputs, ingest));
  std::vector<SkipRecord> analysis_skips;
  BoilerplateFinder boilerplate({options.boilerplate.min_docs, options.boilerplate.min_site_docs,
                                 options.boilerplate.max_line_words,
                                 options.boilerplate.related_jaccard});
  std::vector<std::unique_ptr<AnalyzedDocument>> kept_analysis;  // by document, or null
  uint64_t kept_analysis_bytes = 0;
  ASSIGN_OR_RETURN(auto analysis_file, SpillFile::Create(options.tmp_dir));
  std::vector<std::pair<uint64_t, uint64_t>> analysis_spans;  // where the others are parked
  // The next batch is read (and decompressed, and its JSON parsed) on its own thread while the
  // current one is analyzed; the reader is used by one thread at a time.
  struct Batch {
    std::vector<InputDocument> documents;
    bool last = false;
    double seconds = 0;
    int64_t documents_read = 0, bytes_read = 0;  // by the reader so far
  };
  auto read_batch = [&reader, batch_bytes]() -> StatusOr<Batch> {
    const auto t = Clock::now();
    Batch b;
    uint64_t bytes = 0;
    while (bytes < batch_bytes) {
      InputDocument d;
      ASSIGN_OR_RETURN(bool more, reader->Next(&d));
      if (!more) {
        b.last = true;
        break;
      }
      bytes += d.text.size();
      b.documents.push_back(std::move(d));
    }
    b.seconds = Since(t);
    b.documents_read = reader->documents_read();
    b.bytes_read = reader->bytes_read();
    return b;
  };
  struct Analyzed {
    Status status;
    int64_t chars = 0, words = 0;
    Sketch sketch;
    std::string encoded_keys;             // the sentence keys, for the disk
    std::vector<uint64_t> distinct_keys;  // for the document frequency
    std::vector<DocumentLine> lines;      // short lines, for boilerplate
    std::unique_ptr<AnalyzedDocument> doc;
    uint64_t analysis_bytes = 0;
    bool keep = false;    // the analysis stays in memory
    std::string encoded;  // the analysis, for the disk when it is not kept in memory
  };
  // What stays of a batch's documents (texts and keys to disk, document frequency, sketches,
  // document records), in document order. It is serial, so it runs on its own thread while the
  // next batch is analyzed.
  auto commit = [&](std::vector<InputDocument>& batch, std::vector<Analyzed>& out) -> Status {
    for (size_t i = 0; i < batch.size(); ++i) {
      InputDocument& d = batch[i];
      // Documents that could not be analyzed, or that hold no word, are skipped with the reason.
      if (!out[i].status.ok()) {
        analysis_skips.push_back({d.origin, out[i].status.message()});
        continue;
      }
      if (out[i].words == 0) {
        analysis_skips.push_back({d.origin, "no words"});
        continue;
      }
      boilerplate.Add(static_cast<uint32_t>(r.documents.size()), SiteOf(d.url), out[i].lines);
      RETURN_IF_ERROR(texts->Add(d.text));
      ASSIGN_OR_RETURN(uint64_t offset, key_file->Append(out[i].encoded_keys));
      key_spans.emplace_back(offset, key_file->size() - offset);
      AddDocumentFrequency(out[i].distinct_keys, &df);
      sketches.push_back(std::move(out[i].sketch));
      if (out[i].keep) {
        kept_analysis.push_back(std::move(out[i].doc));
        analysis_spans.emplace_back(0, 0);
      } else {
        kept_analysis.emplace_back();
        ASSIGN_OR_RETURN(uint64_t at, analysis_file->Append(out[i].encoded));
        analysis_spans.emplace_back(at, out[i].encoded.size());
      }
      r.documents.push_back({std::move(d.id), std::move(d.date), std::move(d.url),
                             std::move(d.origin), static_cast<int64_t>(d.text.size()), out[i].chars,
                             out[i].words, std::move(d.text_from)});
      r.stats.bytes += static_cast<int64_t>(d.text.size());
    }
    return Status::Ok();
  };
  // The commit in flight. It is joined before the next one starts and when the stage ends; on an
  // early return, by its destructor (it is declared after everything the commit touches).
  std::future<Status> committing;
  auto finish_commit = [&committing]() -> Status {
    return committing.valid() ? committing.get() : Status::Ok();
  };
  std::future<StatusOr<Batch>> next = std::async(std::launch::async, read_batch);
  for (bool more = true; more;) {
    ASSIGN_OR_RETURN(Batch current, next.get());
    more = !current.last;
    if (more) next = std::async(std::launch::async, read_batch);
    std::vector<InputDocument>& batch = current.documents;
    r.stats.read_seconds += current.seconds;
    auto t = Clock::now();
    std::vector<Analyzed> out(batch.size());
    RETURN_IF_ERROR(ParallelFor(batch.size(), threads, [&](size_t i, int w) -> Status {
      auto doc = analyzers[w]->Analyze(batch[i].id, batch[i].text);
      if (!doc.ok()) {
        out[i].status = doc.status();
        return Status::Ok();
      }
      out[i].chars = doc->char_length;
      out[i].words = static_cast<int64_t>(doc->tokens.size());
      if (out[i].words == 0) return Status::Ok();
      out[i].sketch = MakeSketch(*doc, options);
      const SentenceKeys keys = MakeSentenceKeys(*doc);
      out[i].encoded_keys = EncodeSentenceKeys(keys);
      out[i].distinct_keys = DistinctKeys(keys);
      if (options.boilerplate.min_docs > 0) {
        out[i].lines = ShortLines(*doc, options.boilerplate.max_line_words);
      }
      out[i].analysis_bytes = AnalysisBytes(*doc);
      out[i].doc = std::make_unique<AnalyzedDocument>(std::move(doc).value());
      return Status::Ok();
    }));
    // While a sixteenth of the budget allows, an analysis stays in memory for the verification
    // stage (decided in document order); the others are encoded, in parallel, to be parked on
    // disk: reading one back is far cheaper than analyzing again.
    for (Analyzed& a : out) {
      if (!a.status.ok() || a.words == 0) continue;
      if (kept_analysis_bytes + a.analysis_bytes <= options.memory_budget / 16) {
        kept_analysis_bytes += a.analysis_bytes;
        a.keep = true;
      }
    }
    RETURN_IF_ERROR(ParallelFor(out.size(), threads, [&](size_t i, int) -> Status {
      if (out[i].doc != nullptr && !out[i].keep) out[i].encoded = EncodeAnalysis(*out[i].doc);
      return Status::Ok();
    }));
    RETURN_IF_ERROR(finish_commit());
    committing = std::async(std::launch::async,
                            [&commit, documents = std::move(batch),
                             out = std::move(out)]() mutable { return commit(documents, out); });
    r.stats.analyze_seconds += Since(t);
    progress.documents = current.documents_read;
    progress.bytes = current.bytes_read;
    report(ScanProgress::Stage::kReading);
  }
  RETURN_IF_ERROR(finish_commit());
  r.skipped = reader->skipped();
  r.skipped.insert(r.skipped.end(), analysis_skips.begin(), analysis_skips.end());
  r.stats.documents_read = reader->documents_read();
  r.stats.warc_records_not_documents = reader->warc_records_not_documents();
  r.stats.documents_skipped = static_cast<int64_t>(r.skipped.size());
  reader.reset();

  // Boilerplate lines: known once every document is in. Analyses in memory are marked now, the
  // parked ones when they are read back.
  auto t = Clock::now();
  const std::unordered_set<uint64_t> boilerplate_lines =
      boilerplate.Finish([&](uint32_t x, uint32_t y) {
        const std::vector<uint32_t>& mx = sketches[x].minhash;
        const std::vector<uint32_t>& my = sketches[y].minhash;
        if (mx.empty() || mx.size() != my.size()) return 0.0;
        size_t same = 0;
        for (size_t k = 0; k < mx.size(); ++k) same += mx[k] == my[k];
        return static_cast<double>(same) / static_cast<double>(mx.size());
      });
  r.stats.boilerplate_lines = static_cast<int64_t>(boilerplate_lines.size());
  auto mark = [&](AnalyzedDocument* doc) {
    MarkBoilerplate(boilerplate_lines, options.boilerplate.max_line_words, doc);
  };
  for (auto& kept : kept_analysis) {
    if (kept != nullptr) mark(kept.get());
  }
  r.stats.boilerplate_seconds = Since(t);

  // 2. Candidates, the anchor stage reading the sentence keys back.
  t = Clock::now();
  report(ScanProgress::Stage::kCandidates);
  auto keys = [&](uint32_t i, SentenceKeys* out) -> Status {  // called from many threads
    std::string buffer;
    RETURN_IF_ERROR(key_file->Read(key_spans[i].first, key_spans[i].second, &buffer));
    if (!DecodeSentenceKeys(buffer, out)) return DataLossError("temporary file corrupted");
    return Status::Ok();
  };
  ASSIGN_OR_RETURN(const std::vector<Candidate> candidates,
                   FindCandidates(sketches, df, keys, options));
  r.stats.spill_bytes =
      static_cast<int64_t>(key_file->size() + analysis_file->size() + r.stats.bytes);
  key_file.reset();
  sketches = {};
  df = {};
  r.stats.candidates = static_cast<int64_t>(candidates.size());
  for (const Candidate& c : candidates) {
    r.stats.candidates_exact += c.source == CandidateSource::kExact;
    r.stats.candidates_minhash += c.source == CandidateSource::kMinHash;
    r.stats.candidates_anchors += c.source == CandidateSource::kAnchors;
    r.stats.candidates_rare_words += c.source == CandidateSource::kRareWords;
  }
  r.stats.candidate_seconds = Since(t);

  // 3. Verify every candidate with the aligner, in chunks of candidates whose documents fit the
  // memory budget together: those documents are read back, analyzed and prepared once, and the
  // chunk's pairs aligned in parallel, each into its own slot.
  t = Clock::now();
  progress.pairs_total = static_cast<int64_t>(candidates.size());
  const Aligner aligner(options.align, std::move(thesaurus));
  // Chunks need not fill the budget: with the analyses at hand or parked, a chunk of 16 MB of
  // text keeps every thread busy, and a larger one only costs memory.
  const uint64_t chunk_bytes =
      std::clamp<uint64_t>((options.memory_budget - kept_analysis_bytes) / kWorkingBytesPerTextByte,
                           1, uint64_t{16} << 20);
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
    RETURN_IF_ERROR(ParallelFor(members.size(), threads, [&](size_t i, int) -> Status {
      if (const AnalyzedDocument* kept = kept_analysis[members[i]].get()) {
        prepared[i].emplace(*kept);
        return Status::Ok();
      }
      ASSIGN_OR_RETURN(std::string text, texts->Text(members[i]));
      std::string encoded;
      const auto [at, size] = analysis_spans[members[i]];
      RETURN_IF_ERROR(analysis_file->Read(at, size, &encoded));
      if (!DecodeAnalysis(encoded, r.documents[members[i]].id, std::move(text), &docs[i])) {
        return DataLossError("temporary file corrupted (analysis of " +
                             r.documents[members[i]].origin + ")");
      }
      mark(&docs[i]);
      prepared[i].emplace(docs[i]);
      return Status::Ok();
    }));
    std::vector<ScanPair> verified(end - begin);
    auto verify = [&](size_t k, int) -> Status {
      const Candidate& c = candidates[order[begin + k]];
      ScanPair& p = verified[k];
      p.a = c.a;
      p.b = c.b;
      p.found_by = CandidateSourceName(c.source);
      // Which document goes first, and when the other order is tried too: AlignPair.
      const PreparedDocument& pa = *prepared[slot[c.a]];
      const PreparedDocument& pb = *prepared[slot[c.b]];
      std::vector<PassagePair> ps = AlignPair(aligner, pa, pb, options.summary_copy_coverage);
      p.comparison = Relate(*pa.doc, *pb.doc, std::move(ps));
      SetDirection(r.documents[c.a], r.documents[c.b], &p);
      return Status::Ok();
    };
    constexpr size_t kProgressStep = 4096;
    for (size_t k = 0; k < verified.size(); k += kProgressStep) {
      const size_t n = std::min(kProgressStep, verified.size() - k);
      RETURN_IF_ERROR(
          ParallelFor(n, threads, [&](size_t i, int w) -> Status { return verify(k + i, w); }));
      progress.pairs_done = static_cast<int64_t>(begin + k + n);
      report(ScanProgress::Stage::kVerifying);
    }
    for (size_t k = 0; k < verified.size(); ++k) {
      ScanPair& p = verified[k];
      if (p.comparison.relation == Relation::kNone) continue;
      if (!StrongEvidence(p.comparison, options)) {
        ++r.stats.weak_pairs;
        if (options.report_weak_pairs) weak.emplace_back(order[begin + k], std::move(p));
        continue;
      }
      related.emplace_back(order[begin + k], std::move(p));
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
  kept_analysis.clear();
  analysis_file.reset();
  r.texts = std::move(texts);
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
  r.stats.total_seconds = Since(start);
  report(ScanProgress::Stage::kDone);
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
