// textrace scan INPUTS... -o report.jsonl: every reuse relation in a collection.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "textrace/html_report.h"
#include "textrace/scan.h"

namespace textrace::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> inputs;
  std::string output;
  std::string map;              // dedup: where the map of removed documents goes
  std::string report;           // dedup: optional scan report
  std::string html;             // scan: optional HTML report
  std::string format = "auto";  // scan: jsonl, text, or auto (text on a terminal without -o)
  bool no_color = false;
  std::string memory;  // --memory, e.g. "4G"
  bool no_progress = false;
  IngestOptions ingest;
  ScanOptions scan;
  EngineFlags engine;
};

// "4G", "512M", "2048K", "1000000" -> bytes.
StatusOr<uint64_t> ParseBytes(const std::string& text) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (...) {
    used = 0;
  }
  std::string unit = text.substr(used);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  const double scale = unit.empty()                 ? 1
                       : unit == "K" || unit == "k" ? 1 << 10
                       : unit == "M" || unit == "m" ? 1 << 20
                       : unit == "G" || unit == "g" ? double(1 << 30)
                       : unit == "T" || unit == "t" ? double(1 << 30) * 1024
                                                    : -1;
  if (used == 0 || scale < 0 || value <= 0) {
    return InvalidArgumentError("--memory " + text + ": expected a size like 4G, 512M or 1000000");
  }
  return static_cast<uint64_t>(value * scale);
}

// Buffered writes to a file descriptor; remembers the first failure.
class FdWriter {
 public:
  explicit FdWriter(int fd) : fd_(fd) {}
  Status Write(std::string_view data) {
    buffer_.append(data);
    return buffer_.size() >= (1u << 20) ? Flush() : Status::Ok();
  }
  Status Flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return IoError(std::strerror(n < 0 ? errno : ENOSPC));
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
    return Status::Ok();
  }

 private:
  int fd_;
  std::string buffer_;
};

}  // namespace

// Produces output through an Emit.
using Producer = std::function<Status(const Emit&)>;

// Writes a report. A regular (or new) file is written to a temporary file beside it, synced and
// renamed into place, so a failed run (full disk, read-only directory) never leaves a
// half-written report that looks complete. Symlinks are followed (the target is replaced);
// devices and pipes (/dev/stdout, >(cmd)) are written directly.
Status WriteReport(const std::string& path, const Producer& produce) {
  namespace fs = std::filesystem;
  auto write_fd = [&](int fd) -> Status {
    FdWriter w(fd);
    RETURN_IF_ERROR(produce([&](std::string_view piece) { return w.Write(piece); }));
    return w.Flush();
  };
  auto named = [&](const Status& st) {
    return st.ok() ? st : Status(st.code(), path + ": write failed: " + st.message());
  };
  if (path.empty() || path == "-") {
    std::fflush(stdout);
    const Status st = write_fd(STDOUT_FILENO);
    return st.ok() ? st : IoError("writing to standard output failed: " + st.message());
  }
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st)) return InvalidArgumentError(path + ": is a directory");
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return IoError(path + ": cannot open: " + std::strerror(errno));
    const Status written = write_fd(fd);
    ::close(fd);
    return named(written);
  }
  fs::path target(path);
  if (fs::is_symlink(fs::symlink_status(path, ec))) target = fs::canonical(path, ec);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp = (dir / (target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return IoError(path + ": cannot create a temporary file in " + dir.string() + ": " +
                   std::strerror(errno));
  Status written = ::fchmod(fd, 0644) == 0 ? write_fd(fd) : IoError(std::strerror(errno));
  if (written.ok() && ::fsync(fd) != 0) written = IoError(std::strerror(errno));
  if (::close(fd) != 0 && written.ok()) written = IoError(std::strerror(errno));
  if (!written.ok()) {
    ::unlink(tmp.c_str());
    // A failure inside the producer (not the disk) keeps its own message.
    if (written.code() != StatusCode::kIoError) return written;
    return IoError(path + ": write failed (" + written.message() + "); no report written");
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int rerr = errno;
    ::unlink(tmp.c_str());
    return IoError(path + ": cannot move the report into place: " + std::strerror(rerr));
  }
  return Status::Ok();
}

Status WriteReport(const std::string& path, const std::string& data) {
  return WriteReport(path, [&](const Emit& emit) { return emit(data); });
}

namespace {

// A one-line progress display on stderr: documents/s and MB/s while reading, pairs while
// verifying, with an ETA where the total is known.
void ShowProgress(const ScanProgress& p) {
  using Stage = ScanProgress::Stage;
  std::string line;
  const double mb = p.bytes / 1e6;
  const double rate = p.seconds > 0 ? mb / p.seconds : 0;
  auto eta = [](double s) {
    const int t = static_cast<int>(s + 0.5);
    return fmt::format("ETA {}:{:02d}", t / 60, t % 60);
  };
  switch (p.stage) {
    case Stage::kReading:
      line = fmt::format("reading   {} documents  {:.1f} MB  {:.0f} docs/s  {:.1f} MB/s",
                         p.documents, mb, p.seconds > 0 ? p.documents / p.seconds : 0, rate);
      if (p.input_bytes > 0 && rate > 0) {
        line += fmt::format("  {:.0f}%  {}", 100.0 * p.bytes / p.input_bytes,
                            eta((p.input_bytes - p.bytes) / 1e6 / rate));
      }
      break;
    case Stage::kCandidates:
      line = fmt::format("candidates  {} documents  {:.1f} MB read", p.documents, mb);
      break;
    case Stage::kVerifying: {
      const double pairs_per_s = p.stage_seconds > 0 ? p.pairs_done / p.stage_seconds : 0;
      line = fmt::format("verifying {}/{} candidate pairs  {:.0f} pairs/s", p.pairs_done,
                         p.pairs_total, pairs_per_s);
      if (pairs_per_s > 0) line += "  " + eta((p.pairs_total - p.pairs_done) / pairs_per_s);
      break;
    }
    case Stage::kDone:
      std::fputs("\r\x1b[K", stderr);
      return;
  }
  fmt::print(stderr, "\r\x1b[K{}", line);
  std::fflush(stderr);
}

// Every skipped document on stderr; past 20, the first 10 and a count per kind of reason (the
// report lists them all).
void PrintSkips(const std::vector<SkipRecord>& skipped, const char* verb = "scan") {
  constexpr size_t kAll = 20, kShown = 10;
  const size_t shown = skipped.size() <= kAll ? skipped.size() : kShown;
  for (size_t i = 0; i < shown; ++i) {
    fmt::print(stderr, "textrace {}: skipped {}: {}\n", verb, skipped[i].origin, skipped[i].reason);
  }
  if (shown == skipped.size()) return;
  std::map<std::string, int64_t> by_kind;
  for (const SkipRecord& k : skipped) {
    // The reason up to its details: "HTTP status 404" and "not HTML or text" stay whole.
    std::string kind = k.reason.substr(0, k.reason.find_first_of("(:'"));
    while (!kind.empty() && kind.back() == ' ') kind.pop_back();
    ++by_kind[kind];
  }
  fmt::print(stderr, "textrace {}: ... and {} more skipped; all {} by reason:\n", verb,
             skipped.size() - shown, skipped.size());
  for (const auto& [kind, n] : by_kind) {
    fmt::print(stderr, "textrace {}:   {:>8} {}\n", verb, n, kind);
  }
  if (std::string_view(verb) == "scan") {
    fmt::print(stderr, "textrace scan: the report's run line lists every skipped document\n");
  }
}

// Scans. The summary is printed by PrintScanSummary once the outputs are written: a closed
// stderr (`textrace scan ... 2>&1 | head -1`) must not cost the report of a finished run.
StatusOr<ScanResult> ScanCollection(ScanFlags& f) {
  ASSIGN_OR_RETURN(auto analyzer, Analyzer::Create(f.engine.Analyzer()));
  ASSIGN_OR_RETURN(auto thesaurus, f.engine.LoadThesaurus(analyzer.get()));
  f.scan.analyzer = f.engine.Analyzer();
  f.scan.align = f.engine.align;
  if (!f.memory.empty()) {
    ASSIGN_OR_RETURN(f.scan.memory_budget, ParseBytes(f.memory));
  }
  if (!f.no_progress && ::isatty(STDERR_FILENO)) f.scan.progress = ShowProgress;
  return Scan(f.inputs, f.ingest, f.scan, thesaurus);
}

// The run's summary and the skipped documents, on stderr.
void PrintScanSummary(const ScanResult& r, const ScanOptions& o) {
  const ScanStats& s = r.stats;
  std::map<std::string, int> by_relation;
  for (const ScanPair& p : r.pairs) ++by_relation[RelationName(p.comparison.relation)];
  std::string relations;
  for (const auto& [name, count] : by_relation) {
    relations += fmt::format("{}{} {}", relations.empty() ? "" : ", ", count, name);
  }
  const double total = s.total_seconds;
  fmt::print(
      stderr,
      "textrace scan: {} documents ({:.1f} MB), {} skipped; {} candidate pairs "
      "(exact {}, minhash {}, anchors {}, rare words {}); {} related pairs{}{}{}; {} families; "
      "{:.2f} s ({:.1f} MB/s; read and analyze {:.2f} s, candidates {:.2f} s, "
      "verify {:.2f} s; {:.0f} MB of temporary files)\n",
      r.documents.size(), s.bytes / 1e6, s.documents_skipped, s.candidates, s.candidates_exact,
      s.candidates_minhash, s.candidates_anchors, s.candidates_rare_words, r.pairs.size(),
      relations.empty() ? "" : " (", relations, relations.empty() ? "" : ")", r.families.size(),
      total, total > 0 ? s.bytes / 1e6 / total : 0.0, total - s.candidate_seconds - s.align_seconds,
      s.candidate_seconds, s.align_seconds, s.spill_bytes / 1e6);
  if (s.weak_pairs > 0) {
    fmt::print(stderr,
               "textrace scan: {} aligned pairs not reported: their passages are weak evidence "
               "(similarity under {}, under {:.0f}% of words kept, no summary; word clusters: "
               "both similarity {} and {:.0f}% kept needed)\n",
               s.weak_pairs, o.min_evidence_score, 100 * o.min_evidence_kept, o.min_evidence_score,
               100 * o.min_word_cluster_kept);
  }
  if (s.warc_records_not_documents > 0 || s.boilerplate_lines > 0) {
    fmt::print(stderr,
               "textrace scan: {} WARC records that are not documents (request, metadata, "
               "warcinfo ...); {} boilerplate lines left out of alignment\n",
               s.warc_records_not_documents, s.boilerplate_lines);
  }
  PrintSkips(r.skipped);
}

// The pairs and families as aligned columns, for a person at a terminal (`--format text`, the
// default when stdout is a terminal and there is no -o). Colour only when `color`.
std::string FormatScanText(const ScanResult& r, bool color) {
  constexpr size_t kIdWidth = 44;
  auto fit = [](const std::string& id) {  // long ids keep their end, where names differ
    if (id.size() <= kIdWidth) return id;
    size_t cut = id.size() - (kIdWidth - 3);
    while (cut < id.size() && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) ++cut;
    return "..." + id.substr(cut);
  };
  auto paint = [color](const std::string& relation) {
    const char* code = relation == "duplicate"        ? "\033[1;31m"
                       : relation == "near_duplicate" ? "\033[31m"
                       : relation == "rewrite"        ? "\033[35m"
                       : relation == "summary"        ? "\033[34m"
                                                      : "\033[32m";
    const std::string padded = fmt::format("{:<14}", relation);
    return color ? code + padded + "\033[0m" : padded;
  };
  std::string out = fmt::format("{:<14} {:>6} {:>6}  {:<9}  {:<{}}  {}\n", "relation", "cov A",
                                "cov B", "direction", "A", kIdWidth, "B");
  for (const ScanPair& p : r.pairs) {
    out += fmt::format("{} {:>6.2f} {:>6.2f}  {:<9}  {:<{}}  {}\n",
                       paint(RelationName(p.comparison.relation)), p.comparison.coverage_a,
                       p.comparison.coverage_b, p.direction, fit(r.documents[p.a].id), kIdWidth,
                       fit(r.documents[p.b].id));
  }
  if (r.pairs.empty()) out += "(no related pairs)\n";
  for (size_t i = 0; i < r.families.size(); ++i) {
    const Family& fam = r.families[i];
    out += fmt::format("family {}: {} documents, representative {}\n", i + 1, fam.members.size(),
                       r.documents[fam.representative].id);
  }
  return out;
}

// Writes the report(s) the flags ask for: JSONL or text (-o or stdout) and HTML.
Status WriteScanOutputs(const ScanFlags& f, const ScanResult& r) {
  const bool tty = ::isatty(STDOUT_FILENO) != 0;
  if (f.format == "text" || (f.format == "auto" && f.output.empty() && f.html.empty() && tty)) {
    const bool color = tty && f.output.empty() && !f.no_color && std::getenv("NO_COLOR") == nullptr;
    RETURN_IF_ERROR(WriteReport(f.output, FormatScanText(r, color)));
    if (f.html.empty()) return Status::Ok();
    return WriteReport(f.html, [&](const Emit& emit) { return WriteScanHtml(r, f.scan, emit); });
  }
  // With --html and no -o, only the HTML report is written (-o - still sends JSON to stdout).
  if (f.html.empty() || !f.output.empty()) {
    RETURN_IF_ERROR(
        WriteReport(f.output, [&](const Emit& emit) { return WriteScanReport(r, f.scan, emit); }));
  }
  if (f.html.empty()) return Status::Ok();
  return WriteReport(f.html, [&](const Emit& emit) { return WriteScanHtml(r, f.scan, emit); });
}

Status RunScan(ScanFlags& f) {
  if (f.format != "auto" && f.format != "jsonl" && f.format != "text") {
    return InvalidArgumentError("--format " + f.format + ": expected jsonl or text");
  }
  ASSIGN_OR_RETURN(const ScanResult r, ScanCollection(f));
  const Status written = WriteScanOutputs(f, r);
  PrintScanSummary(r, f.scan);
  return written;
}

Status RunDedup(ScanFlags& f) {
  if (f.output.empty()) return InvalidArgumentError("dedup needs -o KEPT.jsonl");
  ASSIGN_OR_RETURN(const ScanResult r, ScanCollection(f));
  const DedupResult d = Dedup(r);
  RETURN_IF_ERROR(
      WriteReport(f.output, [&](const Emit& emit) { return WriteKeptJsonl(r, d, emit); }));
  if (!f.map.empty()) RETURN_IF_ERROR(WriteReport(f.map, FormatDedupMap(r, d)));
  if (!f.report.empty()) {
    RETURN_IF_ERROR(
        WriteReport(f.report, [&](const Emit& emit) { return WriteScanReport(r, f.scan, emit); }));
  }
  PrintScanSummary(r, f.scan);
  fmt::print(stderr, "textrace dedup: kept {} of {} documents, removed {} duplicates\n",
             d.kept.size(), r.documents.size(), d.removed.size());
  return Status::Ok();
}

// textrace extract: the documents as textrace reads them (text extracted from HTML and WARC,
// decoded from legacy encodings), one JSON line each; the offsets of scan reports count in these
// texts.
Status RunExtract(ScanFlags& f) {
  ASSIGN_OR_RETURN(auto reader, DocumentReader::Open(f.inputs, f.ingest));
  const auto start = std::chrono::steady_clock::now();
  int64_t bytes_out = 0;
  RETURN_IF_ERROR(WriteReport(f.output, [&](const Emit& emit) -> Status {
    InputDocument d;
    std::string line;
    while (true) {
      ASSIGN_OR_RETURN(const bool more, reader->Next(&d));
      if (!more) return Status::Ok();
      nlohmann::json j{{"id", d.id}, {"text", d.text}, {"origin", d.origin}};
      if (!d.url.empty()) j["url"] = d.url;
      if (!d.date.empty()) j["date"] = d.date;
      if (!d.text_from.empty()) j["text_from"] = d.text_from;
      line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      line += '\n';
      bytes_out += static_cast<int64_t>(d.text.size());
      RETURN_IF_ERROR(emit(line));
    }
  }));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print(stderr,
             "textrace extract: {} documents ({:.1f} MB of text) from {:.1f} MB of input, {} "
             "skipped, {} WARC records that are not documents; {:.2f} s ({:.1f} MB/s of input)\n",
             reader->documents_read(), bytes_out / 1e6, reader->bytes_read() / 1e6,
             reader->skipped().size(), reader->warc_records_not_documents(), seconds,
             seconds > 0 ? reader->bytes_read() / 1e6 / seconds : 0.0);
  PrintSkips(reader->skipped(), "extract");
  return Status::Ok();
}

// Flags shared by scan and dedup.
void AddScanFlags(CLI::App* app, ScanFlags* f) {
  app->add_option("INPUTS", f->inputs, "Directories, files, JSONL files, or -")->required();
  app->add_option("--threads", f->scan.threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  app->add_flag("--strict", f->ingest.strict, "A malformed input line is an error");
  app->add_option("--memory", f->memory,
                  "Memory budget for batches and verification chunks (e.g. 4G; default 3G)");
  app->add_option("--tmp", f->scan.tmp_dir,
                  "Directory for temporary files (texts, word keys); default $TMPDIR or /tmp");
  app->add_flag("--no-progress", f->no_progress, "No progress display (it shows only on a tty)");
  app->add_option("--id-field", f->ingest.id_field, "JSONL field of the id")->capture_default_str();
  app->add_option("--text-field", f->ingest.text_field, "JSONL field of the text")
      ->capture_default_str();
  app->add_option("--date-field", f->ingest.date_field, "JSONL field of the date")
      ->capture_default_str();
  app->add_option("--url-field", f->ingest.url_field, "JSONL field of the URL")
      ->capture_default_str();
  app->add_option("--minhash-jaccard", f->scan.minhash_min_jaccard,
                  "Estimated shingle Jaccard for a MinHash candidate")
      ->capture_default_str();
  app->add_option("--anchors-per-sentence", f->scan.anchors_per_sentence,
                  "Rarest words of each sentence whose pairs are its anchors")
      ->capture_default_str();
  app->add_option("--min-shared-anchors", f->scan.min_shared_anchors,
                  "Shared anchors for an anchor candidate")
      ->capture_default_str();
  app->add_option("--strong-shared-anchors", f->scan.strong_shared_anchors,
                  "Shared anchors that make a candidate on their own")
      ->capture_default_str();
  app->add_option("--weak-anchor-partners", f->scan.weak_anchor_partners,
                  "Best weakly linked partners per document that are verified too")
      ->capture_default_str();
  app->add_flag("--weak-pairs", f->scan.report_weak_pairs,
                "Also write the pairs withheld for weak evidence (see --min-evidence-score) to the "
                "JSONL report, as \"weak_pair\" lines; they join no family");
  app->add_flag(
      "--no-texts", [f](int64_t n) { f->scan.report_texts = n == 0; },
      "Leave passage and edit texts out of the JSONL report (offsets only; smaller, faster)");
  app->add_option("--max-anchor-postings", f->scan.max_anchor_postings,
                  "Anchors held by more documents than this are skipped (common word pairs)")
      ->capture_default_str();
  app->add_option("--min-anchor-rarity", f->scan.min_anchor_rarity,
                  "Summed rarity (1/(documents holding it - 1) per shared anchor) an anchor pair "
                  "needs")
      ->capture_default_str();
  app->add_option("--min-evidence-score", f->scan.min_evidence_score,
                  "A pair is reported when a passage reaches this similarity, keeps "
                  "--min-evidence-kept of its words, or is a summary (0 and 0: every aligned pair)")
      ->capture_default_str();
  app->add_option("--min-evidence-kept", f->scan.min_evidence_kept,
                  "Share of kept words that makes a passage strong evidence on its own")
      ->capture_default_str();
  app->add_option("--min-word-cluster-kept", f->scan.min_word_cluster_kept,
                  "A passage found by word positions alone (a word cluster) is evidence only with "
                  "--min-evidence-score and this share of its words kept in order")
      ->capture_default_str();
  app->add_option(
         "--summary-copy-coverage", f->scan.summary_copy_coverage,
         "The longer document is aligned first; when that finds passages but no summary, "
         "the shorter one's summary of 80% of it (and 50% of the other) is taken unless the first "
         "passages' kept words cover this share of it (copies; 0: longer first only)")
      ->capture_default_str();
  app->add_option("--rare-word-partners", f->scan.rare_word_partners,
                  "Best partners by shared rare words that each document proposes (0: none)")
      ->capture_default_str();
  app->add_option("--rare-words-per-document", f->scan.rare_words_per_document,
                  "Rarest words of each document that the rare-word stage compares")
      ->capture_default_str();
  app->add_option("--rare-word-max-documents", f->scan.rare_word_max_documents,
                  "A rare word is held by at most this many documents")
      ->capture_default_str();
  app->add_option("--rare-word-min-shared", f->scan.rare_word_min_shared,
                  "Rare words two documents must share to be partners")
      ->capture_default_str();
  app->add_option("--rare-word-min-rarity", f->scan.rare_word_min_rarity,
                  "Summed rarity (1/(documents holding it - 1) per shared word) partners need")
      ->capture_default_str();
  app->add_option("--boilerplate-min-docs", f->scan.boilerplate.min_docs,
                  "A short line in at least this many unrelated documents is boilerplate: kept "
                  "in the text, left out of alignment (0 = off)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  f->engine.Add(app);
}

}  // namespace

Command ScanCommand() {
  return {"scan",
          "Find every reuse relation in a collection (directories, JSONL, .gz/.zst, - for stdin)",
          "textrace scan examples/sample -o report.jsonl",
          [](CLI::App* app) -> std::function<Status()> {
            auto f = std::make_shared<ScanFlags>();
            app->add_option("-o,--output", f->output,
                            "Report (JSON Lines); default: stdout, or none with --html");
            app->add_option("--html", f->html,
                            "Also write a self-contained HTML report (overview and pair views)");
            app->add_option("--format", f->format,
                            "jsonl (the report) or text (aligned columns for reading); default: "
                            "text on a terminal without -o, else jsonl")
                ->capture_default_str();
            app->add_flag("--no-color", f->no_color, "No ANSI colours (also: NO_COLOR set)");
            AddScanFlags(app, f.get());
            return [f] { return RunScan(*f); };
          }};
}

Command ExtractCommand() {
  return {
      "extract",
      "Write the documents as textrace reads them (text from HTML/WARC, decoded) as JSONL",
      "textrace extract crawl.warc.gz -o documents.jsonl",
      [](CLI::App* app) -> std::function<Status()> {
        auto f = std::make_shared<ScanFlags>();
        app->add_option("INPUTS", f->inputs, "Directories, files, JSONL, WARC, or -")->required();
        app->add_option("-o,--output", f->output, "Documents (JSON Lines); default: stdout");
        app->add_flag("--strict", f->ingest.strict, "A malformed input is an error");
        app->add_option("--id-field", f->ingest.id_field, "JSONL field of the id")
            ->capture_default_str();
        app->add_option("--text-field", f->ingest.text_field, "JSONL field of the text")
            ->capture_default_str();
        return [f] { return RunExtract(*f); };
      }};
}

Command DedupCommand() {
  return {"dedup",
          "Keep one document per near-duplicate family; map each removed one to the one kept",
          "textrace dedup corpus.jsonl -o kept.jsonl --map duplicates.jsonl",
          [](CLI::App* app) -> std::function<Status()> {
            auto f = std::make_shared<ScanFlags>();
            app->add_option("-o,--output", f->output, "Kept documents (JSON Lines)")->required();
            app->add_option("--map", f->map,
                            "Removed documents: id, duplicate_of, relation (JSON Lines)");
            app->add_option("--report", f->report, "Also write the scan report here");
            AddScanFlags(app, f.get());
            return [f] { return RunDedup(*f); };
          }};
}

}  // namespace textrace::cli
