// textrace scan / dedup / extract: a collection in, every reuse relation (or the collection without
// its duplicates, or its documents as read) out.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "commands.h"
#include "report/progress_line.h"
#include "terminal.h"
#include "textrace/html_report.h"
#include "textrace/output.h"
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
  bool no_progress = false;
  Options options;
  ResourceOptions resources;
};

// A one-line progress display on stderr (report/progress_line.h), cut to the terminal's width.
void ShowProgress(const ScanProgress& p) {
  const std::string line = FormatProgressLine(p, TerminalColumns(STDERR_FILENO, 80));
  fmt::print(stderr, "\r\x1b[K{}", line);
  std::fflush(stderr);
}

// Scans, once the `outputs` are known to be writable and apart from the inputs. The summary is
// printed by PrintScanSummary once the outputs are written: a closed stderr (`textrace scan ...
// 2>&1 | head -1`) must not cost the report of a finished run.
StatusOr<ScanResult> ScanCollection(const ScanFlags& f, const std::vector<std::string>& outputs,
                                    std::shared_ptr<const Engine>* engine_out) {
  RETURN_IF_ERROR(CheckOutputs(f.inputs, outputs));
  ResourceOptions resources = f.resources;
  resources.threads = CapThreads(resources.threads);
  ASSIGN_OR_RETURN(auto engine, MakeEngine(f.options));
  *engine_out = engine;
  std::function<void(const ScanProgress&)> progress;
  if (!f.no_progress && ::isatty(STDERR_FILENO)) progress = ShowProgress;
  return Scan(f.inputs, std::move(engine), resources, progress);
}

// The run's summary and the skipped documents, on stderr.
void PrintScanSummary(const ScanResult& r, const Options& o, const char* verb) {
  const std::string prefix = fmt::format("textrace {}: ", verb);
  std::string out = FormatScanSummary(r, o, prefix) + FormatSkipped(r.skipped, prefix);
  if (r.skipped.size() > 20 && std::string_view(verb) == "scan") {
    out += prefix + "the report's run line lists every skipped document\n";
  }
  std::fputs(out.c_str(), stderr);
}

// A run that scanned no document failed, its outputs written all the same: every input was
// skipped, or there was none.
Status CheckScanned(const ScanResult& r) {
  if (!r.documents.empty()) return Status::Ok();
  const size_t n = r.skipped.size();
  if (n == 0) return NotFoundError("no document was scanned: the inputs hold no document");
  return NotFoundError(fmt::format(
      "no document was scanned: {} (see above)",
      n == 1 ? "the only input was skipped" : fmt::format("all {} inputs were skipped", n)));
}

// Writes the report(s) the flags ask for: JSONL or text (-o or stdout) and HTML.
Status WriteScanOutputs(const ScanFlags& f, const ScanResult& r, const Options& o) {
  const bool tty = ::isatty(STDOUT_FILENO) != 0;
  const int threads = f.resources.threads;
  auto html = [&](const Emit& emit) { return WriteScanHtml(r, o, emit, threads); };
  if (f.format == "text" || (f.format == "auto" && f.output.empty() && f.html.empty() && tty)) {
    const bool color = tty && f.output.empty() && !f.no_color && std::getenv("NO_COLOR") == nullptr;
    RETURN_IF_ERROR(WriteFileAtomically(f.output, FormatScanText(r, color)));
    if (f.html.empty()) return Status::Ok();
    return WriteFileAtomically(f.html, html);
  }
  // With --html and no -o, only the HTML report is written (-o - still sends JSON to stdout).
  if (f.html.empty() || !f.output.empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(
        f.output, [&](const Emit& emit) { return WriteScanReport(r, o, emit, threads); }));
  }
  if (f.html.empty()) return Status::Ok();
  return WriteFileAtomically(f.html, html);
}

Status RunScan(const ScanFlags& f) {
  if (f.format != "auto" && f.format != "jsonl" && f.format != "text") {
    return InvalidArgumentError("--format " + f.format + ": expected jsonl or text");
  }
  std::shared_ptr<const Engine> engine;
  ASSIGN_OR_RETURN(const ScanResult r, ScanCollection(f, {f.output, f.html}, &engine));
  const Status written = WriteScanOutputs(f, r, engine->options());
  PrintScanSummary(r, engine->options(), "scan");
  RETURN_IF_ERROR(written);
  return CheckScanned(r);
}

// dedup --fast: the near-duplicate tier (FastDedup), with the full dedup's outputs.
Status RunFastDedup(const ScanFlags& f) {
  if (!f.report.empty()) {
    return InvalidArgumentError(
        "--report needs the full scan: --fast finds duplicates without aligning any pair");
  }
  RETURN_IF_ERROR(CheckOutputs(f.inputs, {f.output, f.map}));
  ResourceOptions resources = f.resources;
  resources.threads = CapThreads(resources.threads);
  ASSIGN_OR_RETURN(const FastDedupOutput out, FastDedup(f.inputs, f.options, resources));
  const ScanResult& r = out.result;
  const DedupResult& d = out.dedup;
  RETURN_IF_ERROR(
      WriteFileAtomically(f.output, [&](const Emit& emit) { return WriteKeptJsonl(r, d, emit); }));
  if (!f.map.empty()) RETURN_IF_ERROR(WriteFileAtomically(f.map, FormatDedupMap(r, d)));
  const std::string prefix = "textrace dedup: ";
  std::fputs(FormatSkipped(r.skipped, prefix).c_str(), stderr);
  const double mb = static_cast<double>(r.stats.bytes) / 1e6;
  fmt::print(stderr,
             "{}--fast: {} documents ({:.1f} MB) in {:.2f} s ({:.1f} MB/s): read and sketch "
             "{:.2f} s, {} band collisions checked in {:.2f} s{}\n",
             prefix, r.documents.size(), mb, r.stats.total_seconds,
             r.stats.total_seconds > 0 ? mb / r.stats.total_seconds : 0.0, r.stats.read_seconds,
             r.stats.candidates, r.stats.candidate_seconds,
             r.stats.spill_bytes > 0
                 ? fmt::format("; {:.0f} MB of texts in a temporary file (--memory)",
                               static_cast<double>(r.stats.spill_bytes) / 1e6)
                 : "");
  fmt::print(stderr, "textrace dedup: kept {} of {} documents, removed {} duplicates\n",
             d.kept.size(), r.documents.size(), d.removed.size());
  return CheckScanned(r);
}

Status RunDedup(const ScanFlags& f) {
  if (f.output.empty()) return InvalidArgumentError("dedup needs -o KEPT.jsonl");
  if (f.options.dedup.fast) return RunFastDedup(f);
  std::shared_ptr<const Engine> engine;
  ASSIGN_OR_RETURN(const ScanResult r, ScanCollection(f, {f.output, f.map, f.report}, &engine));
  const Options& o = engine->options();
  const DedupResult d = Dedup(r, o.dedup);
  RETURN_IF_ERROR(
      WriteFileAtomically(f.output, [&](const Emit& emit) { return WriteKeptJsonl(r, d, emit); }));
  if (!f.map.empty()) RETURN_IF_ERROR(WriteFileAtomically(f.map, FormatDedupMap(r, d)));
  if (!f.report.empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(f.report, [&](const Emit& emit) {
      return WriteScanReport(r, o, emit, f.resources.threads);
    }));
  }
  PrintScanSummary(r, o, "dedup");
  fmt::print(stderr, "textrace dedup: kept {} of {} documents, removed {} duplicates\n",
             d.kept.size(), r.documents.size(), d.removed.size());
  return CheckScanned(r);
}

// textrace extract: the documents as textrace reads them (text extracted from HTML and WARC,
// decoded from legacy encodings), one JSON line each; the offsets of scan reports count in these
// texts.
Status RunExtract(const ScanFlags& f) {
  RETURN_IF_ERROR(ValidateOptions(f.options));
  RETURN_IF_ERROR(CheckOutputs(f.inputs, {f.output}));
  ASSIGN_OR_RETURN(auto reader, DocumentReader::Open(f.inputs, f.options.input));
  const auto start = std::chrono::steady_clock::now();
  int64_t bytes_out = 0;
  RETURN_IF_ERROR(WriteFileAtomically(f.output, [&](const Emit& emit) -> Status {
    InputDocument d;
    while (true) {
      ASSIGN_OR_RETURN(const bool more, reader->Next(&d));
      if (!more) return Status::Ok();
      bytes_out += static_cast<int64_t>(d.text.size());
      RETURN_IF_ERROR(emit(DocumentJsonLine(d)));
    }
  }));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print(stderr,
             "textrace extract: {} documents ({:.1f} MB of text) from {:.1f} MB of input, {} "
             "skipped, {} WARC records that are not documents{}; {:.2f} s ({:.1f} MB/s of "
             "input)\n",
             reader->documents_read(), bytes_out / 1e6, reader->bytes_read() / 1e6,
             reader->skipped().size(), reader->warc_records_not_documents(),
             reader->files_excluded() > 0
                 ? fmt::format(", {} files excluded", reader->files_excluded())
                 : "",
             seconds, seconds > 0 ? reader->bytes_read() / 1e6 / seconds : 0.0);
  std::fputs(FormatSkipped(reader->skipped(), "textrace extract: ").c_str(), stderr);
  return Status::Ok();
}

// Flags shared by scan and dedup.
void AddScanFlags(CLI::App* app, ScanFlags* f) {
  app->add_option("INPUTS", f->inputs, "Directories, files, JSONL files, or -")->required();
  app->add_flag("--no-progress", f->no_progress, "No progress display (it shows only on a tty)");
  using G = OptionInfo::Group;
  AddOptionFlags(app,
                 {G::kInput, G::kAnalyzer, G::kThesaurus, G::kAlign, G::kCandidates, G::kEvidence,
                  G::kBoilerplate, G::kReport, G::kResources},
                 &f->options, &f->resources);
}

}  // namespace

Command ScanCommand() {
  return {"scan",
          "Find every reuse relation in a collection (directories, JSONL, .gz/.zst, - for stdin)",
          "textrace scan examples/sample -o report.jsonl",
          [](CLI::App* app) -> std::function<Status(int*)> {
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
            return [f](int*) { return RunScan(*f); };
          }};
}

Command ExtractCommand() {
  return {
      "extract",
      "Write the documents as textrace reads them (text from HTML/WARC, decoded) as JSONL",
      "textrace extract crawl.warc.gz -o documents.jsonl",
      [](CLI::App* app) -> std::function<Status(int*)> {
        auto f = std::make_shared<ScanFlags>();
        app->add_option("INPUTS", f->inputs, "Directories, files, JSONL, WARC, or -")->required();
        app->add_option("-o,--output", f->output, "Documents (JSON Lines); default: stdout");
        AddOptionFlags(app, {OptionInfo::Group::kInput}, &f->options, &f->resources);
        return [f](int*) { return RunExtract(*f); };
      }};
}

Command DedupCommand() {
  return {"dedup",
          "Keep one document per near-duplicate family; map each removed one to the one kept",
          "textrace dedup corpus.jsonl -o kept.jsonl --map duplicates.jsonl",
          [](CLI::App* app) -> std::function<Status(int*)> {
            auto f = std::make_shared<ScanFlags>();
            app->add_option("-o,--output", f->output,
                            "Kept documents (JSON Lines); - for standard output")
                ->required();
            app->add_option("--map", f->map,
                            "Removed documents: id, duplicate_of, closest, relation, similarity "
                            "(JSON Lines)");
            app->add_option("--report", f->report, "Also write the scan report here");
            AddScanFlags(app, f.get());
            AddOptionFlags(app, {OptionInfo::Group::kDedup}, &f->options, &f->resources);
            return [f](int*) { return RunDedup(*f); };
          }};
}

}  // namespace textrace::cli
