// textrace compare A B: the passages both documents share, their relation, the words that changed.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "terminal.h"
#include "textrace/compare.h"
#include "textrace/html_report.h"
#include "textrace/output.h"
#include "textrace/report.h"

namespace textrace::cli {

namespace {

struct CompareFlags {
  std::string a, b;
  std::string a_id, b_id;
  std::string format = "text";
  bool no_color = false;
  int width = 0;
  std::string html;  // also write the HTML report here
  std::string order = "auto";
  bool exit_code = false;  // exit 0 unrelated, 1 related, 2 trouble
  Options options;
  ResourceOptions unused;
};

// Compares; `*related` says whether the relation is other than none.
Status RunCompare(const CompareFlags& f, bool* related) {
  RETURN_IF_ERROR(CheckOutputs({f.a, f.b}, {f.html}));
  ASSIGN_OR_RETURN(auto engine, MakeEngine(f.options));
  ASSIGN_OR_RETURN(
      CompareResult r,
      Compare(*engine, CompareInput::File(f.a, f.a_id), CompareInput::File(f.b, f.b_id),
              f.order == "given" ? PairOrder::kGiven : PairOrder::kAuto));
  *related = r.comparison.relation != Relation::kNone;
  for (const AnalyzedDocument* d : {&r.a, &r.b}) {
    if (d->invalid_utf8_sequences > 0) {
      fmt::print(stderr, "textrace: warning: {}: {} invalid UTF-8 sequence(s) replaced by U+FFFD\n",
                 d->name, d->invalid_utf8_sequences);
    }
    if (d->tokens.empty()) {
      fmt::print(stderr, "textrace: warning: {}: no words ({} bytes): nothing to align\n", d->name,
                 d->bytes.size());
    }
  }
  std::string out;
  if (f.format == "json") {
    out = FormatComparisonJson(r, engine->options());
  } else if (f.format == "pan") {
    out = FormatComparisonPan(r);
  } else {
    TextReportOptions t;
    const bool tty = isatty(fileno(stdout));
    t.color = tty && !f.no_color && std::getenv("NO_COLOR") == nullptr;
    // --width, else the terminal's, else $COLUMNS, else 120.
    t.width = f.width > 0 ? f.width : TerminalColumns(STDOUT_FILENO, 120);
    out = FormatComparisonText(r, t);
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    return IoError("writing to standard output failed");
  }
  if (!f.html.empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(f.html, FormatComparisonHtml(r, engine->options())));
  }
  return Status::Ok();
}

}  // namespace

Command CompareCommand() {
  return {"compare", "Align two documents: shared passages, relation, the words that changed",
          "textrace compare examples/sample/original_harbor.txt examples/sample/spun_harbor.txt",
          [](CLI::App* app) -> std::function<Status(int*)> {
            auto f = std::make_shared<CompareFlags>();
            app->add_option("A", f->a,
                            "First document: a file (text, HTML, WARC, any encoding, .gz/.zst), "
                            "or - for standard input")
                ->required();
            app->add_option("B", f->b, "Second document, likewise")->required();
            app->add_option("--a-id", f->a_id,
                            "The document of A to compare, when A holds several (JSONL, WARC)");
            app->add_option("--b-id", f->b_id, "Likewise for B");
            app->add_option("--format", f->format, "Output: text, json or pan (PAN detection XML)")
                ->check(CLI::IsMember({"text", "json", "pan"}))
                ->capture_default_str();
            app->add_flag("--no-color", f->no_color, "No ANSI colours (also: NO_COLOR set)");
            app->add_option("--width", f->width,
                            "Width of the text report (default: the terminal's, else $COLUMNS, "
                            "else 120)")
                ->check(CLI::Range(40, 1000));
            app->add_option("--html", f->html,
                            "Also write the comparison as a self-contained HTML page");
            app->add_option("--order", f->order,
                            "auto: as scan aligns the pair, the same result either way round; "
                            "given: A first, as PAN's detections are made (A the suspicious "
                            "document, B the source)")
                ->check(CLI::IsMember({"auto", "given"}))
                ->capture_default_str();
            app->add_flag("--exit-code", f->exit_code,
                          "Exit 0 when the relation is none, 1 when the documents are related, 2 "
                          "on trouble (as diff does; for scripts)");
            using G = OptionInfo::Group;
            AddOptionFlags(app, {G::kInput, G::kAnalyzer, G::kThesaurus, G::kAlign, G::kEvidence},
                           &f->options, &f->unused);
            return [f](int* exit_code) {
              bool related = false;
              const Status st = RunCompare(*f, &related);
              if (f->exit_code) *exit_code = !st.ok() ? 2 : related ? 1 : 0;
              return st;
            };
          }};
}

}  // namespace textrace::cli
