// textrace eval pan CORPUS_DIR: plagdet per subset, from our own scorer.
// textrace eval pairs INPUTS... --pairs PAIRS.tsv --labels ND,PD,WD (and eval counter DIR):
// labelled pairs compared alone and found by a scan.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "textrace/eval.h"

namespace textrace::cli {
namespace {

struct EvalFlags {
  std::string corpus;
  std::string out;
  Options options;
  ResourceOptions resources;
  // eval pairs / counter
  std::vector<std::string> inputs;
  std::string pairs;
  std::string labels = "ND,PD,WD";
  bool no_scan = false;
};

std::string Figure(double v) { return std::isnan(v) ? std::string("-") : fmt::format("{:.3f}", v); }

// The figures of `eval pairs`, and with --out every pair (and every unlisted reported pair) as a
// JSON line.
Status RunEvalPairs(const EvalFlags& f) {
  ASSIGN_OR_RETURN(auto engine, MakeEngine(f.options));
  PairsEvalOptions o;
  o.inputs = f.inputs;
  o.pairs_tsv = f.pairs;
  o.scan = !f.no_scan;
  for (size_t from = 0; from <= f.labels.size();) {
    const size_t comma = std::min(f.labels.find(',', from), f.labels.size());
    if (comma > from) o.labels.push_back(f.labels.substr(from, comma - from));
    from = comma + 1;
  }
  ResourceOptions resources = f.resources;
  resources.threads = CapThreads(resources.threads);
  ASSIGN_OR_RETURN(PairsEvalResult r, EvaluatePairs(engine, o, resources));
  std::vector<int64_t> count(r.labels.size());
  for (const auto& p : r.pairs) ++count[static_cast<size_t>(p.grade)];
  std::string counts;
  for (size_t g = 0; g < r.labels.size(); ++g) {
    counts += fmt::format("{}{} {}", g ? ", " : "", r.labels[g], count[g]);
  }
  const std::string reuse = ">" + r.labels.front();
  const std::string top = r.labels.back();
  std::string out = fmt::format("{} labelled pairs ({}) among {} documents\n", r.pairs.size(),
                                counts, r.documents);
  out += fmt::format("{:<44} {:>8} {:>12} {:>12}\n", "each pair compared alone", "spearman",
                     "auc " + reuse, "auc " + top);
  auto row = [&](const char* name, const ScoreAgreement& a) {
    out += fmt::format("{:<44} {:>8} {:>12} {:>12}\n", name, Figure(a.spearman),
                       Figure(a.auc_reuse), Figure(a.auc_top));
  };
  row("  textrace: coverage of the derived text", r.coverage);
  row("  naive: word 3-gram containment", r.trigram_containment);
  if (o.scan) {
    out += fmt::format("scan of the collection: {} related pairs\n  reported:", r.scan_pairs);
    for (size_t g = 0; g < r.labels.size(); ++g) {
      out += fmt::format(" {} {}", r.labels[g], Figure(r.reported_share[g]));
    }
    out += fmt::format("\n  reported, not listed: {}{}\n", r.unlisted.size(),
                       f.out.empty() ? " (--out lists them)" : "");
  }
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  if (f.out.empty()) return Status::Ok();
  std::ofstream file(f.out, std::ios::binary | std::ios::trunc);
  if (!file) return InvalidArgumentError(f.out + ": cannot write");
  for (const auto& p : r.pairs) {
    nlohmann::json j{{"source", p.source},
                     {"derived", p.derived},
                     {"label", p.label},
                     {"relation", RelationName(p.relation)},
                     {"coverage", p.coverage},
                     {"strong_evidence", p.strong_evidence},
                     {"trigram_containment", p.trigram_containment}};
    if (o.scan) j["reported"] = p.reported;
    file << j.dump() << '\n';
  }
  for (const auto& [a, b] : r.unlisted) {
    file << nlohmann::json{{"source", a}, {"derived", b}, {"label", nullptr}, {"reported", true}}
                .dump()
         << '\n';
  }
  file.close();
  if (!file) return InternalError(f.out + ": write failed");
  return Status::Ok();
}

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
  return {"eval",
          "Evaluate on a benchmark corpus (eval pan CORPUS_DIR: PAN plagdet per subset; eval "
          "pairs / counter: labelled pairs)",
          "textrace eval pan ../shared/data/pan13-train --out /tmp/detections\n"
          "  textrace eval counter ../shared/data/counter-dev",
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
            CLI::App* pairs = app->add_subcommand(
                "pairs", "Labelled pairs (TSV: source id, derived id, label): each compared "
                         "alone, and the collection scanned");
            pairs->add_option("INPUTS", f->inputs, "The documents (any input scan takes)")
                ->required();
            pairs->add_option("--pairs", f->pairs, "The pairs: source id, derived id, label")
                ->required();
            pairs->add_option("--labels", f->labels,
                              "The labels from no reuse up, comma-separated (default ND,PD,WD)");
            CLI::App* counter = app->add_subcommand(
                "counter", "COUNTER (Urdu news reuse): DIR/documents.jsonl and DIR/pairs.tsv, "
                           "labels ND,PD,WD");
            counter->add_option("DIR", f->corpus, "The corpus folder")->required();
            for (CLI::App* sub : {pairs, counter}) {
              sub->add_flag("--no-scan", f->no_scan, "Compare the pairs only; no scan");
              sub->add_option("--out", f->out,
                              "Write each pair's figures, and each reported pair not listed, as "
                              "JSON lines");
              AddOptionFlags(sub,
                             {G::kInput, G::kAnalyzer, G::kThesaurus, G::kAlign, G::kCandidates,
                              G::kEvidence, G::kBoilerplate},
                             &f->options, &f->resources, {"threads", "memory", "tmp"});
            }
            return [f, pan, counter](int*) -> Status {
              if (pan->parsed()) return RunEvalPan(*f);
              if (counter->parsed()) {
                f->inputs = {f->corpus + "/documents.jsonl"};
                f->pairs = f->corpus + "/pairs.tsv";
                f->labels = "ND,PD,WD";
              }
              return RunEvalPairs(*f);
            };
          }};
}

}  // namespace textrace::cli
