// textrace eval pan CORPUS_DIR: plagdet per subset, from our own scorer.
#include <fmt/format.h>

#include <cstdio>

#include "commands.h"
#include "textrace/eval.h"

namespace textrace::cli {
namespace {

struct EvalFlags {
  std::string corpus;
  std::string out;
  Options options;
  ResourceOptions resources;
};

Status RunEvalPan(const EvalFlags& f) {
  ASSIGN_OR_RETURN(auto engine, MakeEngine(f.options));
  PanEvalOptions o;
  o.corpus_dir = f.corpus;
  o.out_dir = f.out;
  o.threads = CapThreads(f.resources.threads);
  ASSIGN_OR_RETURN(PanEvalResult r,
                   EvaluatePan(o, engine->options().analyzer, engine->aligner()));
  auto row = [](const std::string& name, int64_t pairs, const PlagdetScores& s) {
    return fmt::format("{:<28} {:>6} {:>6} {:>6} {:>9.4f} {:>9.4f} {:>11.4f} {:>8.4f}\n", name,
                       pairs, s.cases, s.detections, s.recall, s.precision, s.granularity,
                       s.plagdet);
  };
  std::string out =
      fmt::format("{:<28} {:>6} {:>6} {:>6} {:>9} {:>9} {:>11} {:>8}\n", "subset", "pairs", "cases",
                  "dets", "recall", "precision", "granularity", "plagdet");
  for (const auto& s : r.subsets) out += row(s.name, s.pairs, s.scores);
  out += row("entire", r.pairs, r.entire);
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  const double total = r.analyze_seconds + r.align_seconds;
  fmt::print(stderr,
             "{} pairs, {} documents ({:.1f} MB): analyze {:.2f} s, align {:.2f} s, "
             "{:.0f} pairs/s overall\n",
             r.pairs, r.documents, r.document_bytes / 1e6, r.analyze_seconds, r.align_seconds,
             total > 0 ? r.pairs / total : 0.0);
  return Status::Ok();
}

}  // namespace

Command EvalCommand() {
  return {"eval", "Evaluate on a benchmark corpus (eval pan CORPUS_DIR: PAN plagdet per subset)",
          "textrace eval pan ../shared/data/pan13-train --out /tmp/detections",
          [](CLI::App* app) -> std::function<Status(int*)> {
            auto f = std::make_shared<EvalFlags>();
            app->require_subcommand(1);
            CLI::App* pan = app->add_subcommand("pan", "PAN text alignment corpus: plagdet");
            pan->add_option("CORPUS_DIR", f->corpus, "Corpus root (holds pairs, src/, susp/)")
                ->required();
            pan->add_option("--out", f->out, "Write one detection XML per pair here");
            using G = OptionInfo::Group;
            AddOptionFlags(pan, {G::kAnalyzer, G::kThesaurus, G::kAlign}, &f->options,
                           &f->resources, {"threads"});
            return [f](int*) { return RunEvalPan(*f); };
          }};
}

}  // namespace textrace::cli
