// textrace compare A B: the passages both documents share, their relation, the words that changed.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "textrace/html_report.h"
#include "textrace/report.h"

namespace textrace::cli {

namespace {

struct CompareFlags {
  std::string a, b;
  std::string format = "text";
  bool no_color = false;
  int width = 0;
  std::string html;  // also write the HTML report here
  std::string order = "given";
  double summary_copy_coverage = kDefaultSummaryCopyCoverage;
  EngineFlags engine;
};

Status RunCompare(const CompareFlags& f) {
  ASSIGN_OR_RETURN(auto analyzer, Analyzer::Create(f.engine.Analyzer()));
  auto read = [&](const std::string& path) -> StatusOr<AnalyzedDocument> {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      return InvalidArgumentError(path + ": is a directory (compare takes two files)");
    }
    ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path));
    return analyzer->Analyze(path, std::move(bytes));
  };
  ASSIGN_OR_RETURN(AnalyzedDocument a, read(f.a));
  ASSIGN_OR_RETURN(AnalyzedDocument b, read(f.b));
  for (const AnalyzedDocument* d : {&a, &b}) {
    if (d->invalid_utf8_sequences > 0) {
      fmt::print(stderr, "textrace: warning: {}: {} invalid UTF-8 sequence(s) replaced by U+FFFD\n",
                 d->name, d->invalid_utf8_sequences);
    }
    if (d->tokens.empty()) {
      fmt::print(stderr, "textrace: warning: {}: no words ({} bytes): nothing to align\n", d->name,
                 d->bytes.size());
    }
  }
  ASSIGN_OR_RETURN(auto thesaurus, f.engine.LoadThesaurus(analyzer.get()));
  Aligner aligner(f.engine.align, thesaurus);
  Comparison c = Relate(
      a, b,
      f.order == "given" ? aligner.Align(a, b) : AlignPair(aligner, a, b, f.summary_copy_coverage));
  std::string out;
  if (f.format == "json") {
    out = FormatComparisonJson(a, b, c, aligner.options(), f.engine.Analyzer(),
                               {f.order == "auto", f.summary_copy_coverage});
  } else if (f.format == "pan") {
    out = FormatComparisonPan(a, b, c);
  } else {
    TextReportOptions t;
    const bool tty = isatty(fileno(stdout));
    t.color = tty && !f.no_color && std::getenv("NO_COLOR") == nullptr;
    t.width = f.width > 0 ? f.width : 120;
    if (f.width == 0 && tty) {
      if (const char* cols = std::getenv("COLUMNS"); cols != nullptr) t.width = std::atoi(cols);
    }
    out = FormatComparisonText(a, b, c, t);
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    return IoError("writing to standard output failed");
  }
  if (!f.html.empty()) {
    RETURN_IF_ERROR(
        WriteReport(f.html, FormatComparisonHtml(a, b, c, aligner.options(), f.engine.Analyzer())));
  }
  return Status::Ok();
}

}  // namespace

Command CompareCommand() {
  return {"compare", "Align two documents: shared passages, relation, the words that changed",
          "textrace compare examples/sample/original_harbor.txt examples/sample/spun_harbor.txt",
          [](CLI::App* app) -> std::function<Status()> {
            auto f = std::make_shared<CompareFlags>();
            app->add_option("A", f->a, "First document (PAN: the suspicious one)")->required();
            app->add_option("B", f->b, "Second document (PAN: the source)")->required();
            app->add_option("--format", f->format, "Output: text, json or pan (PAN detection XML)")
                ->check(CLI::IsMember({"text", "json", "pan"}))
                ->capture_default_str();
            app->add_flag("--no-color", f->no_color, "No ANSI colours (also: NO_COLOR set)");
            app->add_option("--width", f->width, "Width of the text report (default 120)");
            app->add_option("--html", f->html,
                            "Also write the comparison as a self-contained HTML page");
            app->add_option("--order", f->order,
                            "given: A first, as PAN's detections are made (suspicious document, "
                            "source); auto: as scan aligns the pair, the same result either way "
                            "round (the longer document first)")
                ->check(CLI::IsMember({"auto", "given"}))
                ->capture_default_str();
            app->add_option("--summary-copy-coverage", f->summary_copy_coverage,
                            "With --order auto: as scan's option of that name")
                ->capture_default_str();
            f->engine.Add(app);
            return [f] { return RunCompare(*f); };
          }};
}

}  // namespace textrace::cli
