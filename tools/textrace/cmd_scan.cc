// textrace scan INPUTS... -o report.jsonl: every reuse relation in a collection.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "commands.h"
#include "textrace/scan.h"

namespace textrace::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> inputs;
  std::string output;
  std::string map;     // dedup: where the map of removed documents goes
  std::string report;  // dedup: optional scan report
  IngestOptions ingest;
  ScanOptions scan;
  EngineFlags engine;
};

// Writes all of `data` to file descriptor `fd`.
bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Writes the report. A regular (or new) file is written to a temporary file beside it, synced and
// renamed into place, so a failed run (full disk, read-only directory) never leaves a
// half-written report that looks complete. Symlinks are followed (the target is replaced);
// devices and pipes (/dev/stdout, >(cmd)) are written directly.
Status WriteReport(const std::string& path, const std::string& data) {
  namespace fs = std::filesystem;
  if (path.empty() || path == "-") {
    if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size() ||
        std::fflush(stdout) != 0) {
      return IoError("writing the report to standard output failed");
    }
    return Status::Ok();
  }
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st)) return InvalidArgumentError(path + ": is a directory");
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return IoError(path + ": cannot open: " + std::strerror(errno));
    const bool ok = WriteAll(fd, data);
    const int err = errno;
    if (::close(fd) != 0 || !ok) return IoError(path + ": write failed: " + std::strerror(err));
    return Status::Ok();
  }
  fs::path target(path);
  if (fs::is_symlink(fs::symlink_status(path, ec))) target = fs::canonical(path, ec);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp = (dir / (target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return IoError(path + ": cannot create a temporary file in " + dir.string() + ": " +
                   std::strerror(errno));
  const bool ok = ::fchmod(fd, 0644) == 0 && WriteAll(fd, data) && ::fsync(fd) == 0;
  const int err = errno;
  if (::close(fd) != 0 || !ok) {
    ::unlink(tmp.c_str());
    return IoError(path + ": write failed (" + std::strerror(err) + "); no report written");
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int rerr = errno;
    ::unlink(tmp.c_str());
    return IoError(path + ": cannot move the report into place: " + std::strerror(rerr));
  }
  return Status::Ok();
}

// Scans and prints the summary (and every skipped document) on stderr.
StatusOr<ScanResult> ScanAndSummarize(ScanFlags& f) {
  ASSIGN_OR_RETURN(auto analyzer, Analyzer::Create(f.engine.Analyzer()));
  ASSIGN_OR_RETURN(auto thesaurus, f.engine.LoadThesaurus(analyzer.get()));
  f.scan.analyzer = f.engine.Analyzer();
  f.scan.align = f.engine.align;
  ASSIGN_OR_RETURN(ScanResult r, Scan(f.inputs, f.ingest, f.scan, thesaurus));
  const ScanStats& s = r.stats;
  std::map<std::string, int> by_relation;
  for (const ScanPair& p : r.pairs) ++by_relation[RelationName(p.comparison.relation)];
  std::string relations;
  for (const auto& [name, count] : by_relation) {
    relations += fmt::format("{}{} {}", relations.empty() ? "" : ", ", count, name);
  }
  const double total = s.read_seconds + s.analyze_seconds + s.candidate_seconds + s.align_seconds;
  fmt::print(stderr,
             "textrace scan: {} documents ({:.1f} MB), {} skipped; {} candidate pairs "
             "(exact {}, minhash {}, anchors {}); {} related pairs{}{}{}; {} families; "
             "{:.2f} s ({:.1f} MB/s)\n",
             r.documents.size(), s.bytes / 1e6, s.documents_skipped, s.candidates,
             s.candidates_exact, s.candidates_minhash, s.candidates_anchors, r.pairs.size(),
             relations.empty() ? "" : " (", relations, relations.empty() ? "" : ")",
             r.families.size(), total, total > 0 ? s.bytes / 1e6 / total : 0.0);
  for (const SkipRecord& k : r.skipped) {
    fmt::print(stderr, "textrace scan: skipped {}: {}\n", k.origin, k.reason);
  }
  return r;
}

Status RunScan(ScanFlags& f) {
  ASSIGN_OR_RETURN(ScanResult r, ScanAndSummarize(f));
  return WriteReport(f.output, FormatScanReport(r, f.scan));
}

Status RunDedup(ScanFlags& f) {
  if (f.output.empty()) return InvalidArgumentError("dedup needs -o KEPT.jsonl");
  ASSIGN_OR_RETURN(ScanResult r, ScanAndSummarize(f));
  const DedupResult d = Dedup(r);
  RETURN_IF_ERROR(WriteReport(f.output, FormatKeptJsonl(r, d)));
  if (!f.map.empty()) RETURN_IF_ERROR(WriteReport(f.map, FormatDedupMap(r, d)));
  if (!f.report.empty()) RETURN_IF_ERROR(WriteReport(f.report, FormatScanReport(r, f.scan)));
  fmt::print(stderr, "textrace dedup: kept {} of {} documents, removed {} duplicates\n",
             d.kept.size(), r.documents.size(), d.removed.size());
  return Status::Ok();
}

// Flags shared by scan and dedup.
void AddScanFlags(CLI::App* app, ScanFlags* f) {
  app->add_option("INPUTS", f->inputs, "Directories, files, JSONL files, or -")->required();
  app->add_option("--threads", f->scan.threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  app->add_flag("--strict", f->ingest.strict, "A malformed input line is an error");
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
  f->engine.Add(app);
}

}  // namespace

Command ScanCommand() {
  return {"scan",
          "Find every reuse relation in a collection (directories, JSONL, .gz/.zst, - for stdin)",
          "textrace scan examples/sample -o report.jsonl",
          [](CLI::App* app) -> std::function<Status()> {
            auto f = std::make_shared<ScanFlags>();
            app->add_option("-o,--output", f->output, "Report (JSON Lines); default: stdout");
            AddScanFlags(app, f.get());
            return [f] { return RunScan(*f); };
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
