// textrace scan INPUTS... -o report.jsonl: every reuse relation in a collection.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "textrace/scan.h"

namespace textrace::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> inputs;
  std::string output;
  IngestOptions ingest;
  ScanOptions scan;
  EngineFlags engine;
};

// Writes `data` to `path` through a temporary file renamed into place, so that a failed run
// never leaves a half-written report that looks complete.
Status WriteAtomically(const std::string& path, const std::string& data) {
  if (path.empty() || path == "-") {
    if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size() ||
        std::fflush(stdout) != 0) {
      return IoError("writing the report to standard output failed");
    }
    return Status::Ok();
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return IoError(tmp + ": cannot create: " + std::strerror(errno));
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return IoError(tmp + ": write failed (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return IoError(path + ": cannot rename " + tmp + " into place: " + ec.message());
  return Status::Ok();
}

Status RunScan(ScanFlags& f) {
  ASSIGN_OR_RETURN(auto analyzer, Analyzer::Create(f.engine.Analyzer()));
  ASSIGN_OR_RETURN(auto thesaurus, f.engine.LoadThesaurus(analyzer.get()));
  f.scan.analyzer = f.engine.Analyzer();
  f.scan.align = f.engine.align;
  ASSIGN_OR_RETURN(ScanResult r, Scan(f.inputs, f.ingest, f.scan, thesaurus));
  RETURN_IF_ERROR(WriteAtomically(f.output, FormatScanReport(r, f.scan)));
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
  return Status::Ok();
}

}  // namespace

Command ScanCommand() {
  return {"scan",
          "Find every reuse relation in a collection (directories, JSONL, .gz/.zst, - for stdin)",
          "textrace scan examples/sample -o report.jsonl",
          [](CLI::App* app) -> std::function<Status()> {
            auto f = std::make_shared<ScanFlags>();
            app->add_option("INPUTS", f->inputs, "Directories, files, JSONL files, or -")
                ->required();
            app->add_option("-o,--output", f->output, "Report (JSON Lines); default: stdout");
            app->add_option("--threads", f->scan.threads, "Worker threads (0 = all cores)")
                ->capture_default_str();
            app->add_flag("--strict", f->ingest.strict, "A malformed input line is an error");
            app->add_option("--id-field", f->ingest.id_field, "JSONL field of the id")
                ->capture_default_str();
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
                            "Shared rare words for an anchor candidate")
                ->capture_default_str();
            f->engine.Add(app);
            return [f] { return RunScan(*f); };
          }};
}

}  // namespace textrace::cli
