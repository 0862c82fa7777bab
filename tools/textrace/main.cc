// textrace: who copied whom, and what they changed. A thin edge over the library: parse flags,
// call the library, turn a Status into a message and an exit code.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "commands.h"
#ifdef TEXTRACE_HUGE_PAGES
#include "huge_pages.h"
#endif

namespace textrace::cli {

void EngineFlags::Add(CLI::App* app) {
  app->add_option("--language", language,
                  "Snowball stemmer language (english, german, russian, ...) or 'none'")
      ->capture_default_str();
  app->add_option("--thesaurus", thesaurus,
                  "MyThes thesaurus for synonym matching (default: $TEXTRACE_THESAURUS or " +
                      Thesaurus::DefaultPath() + ")");
  app->add_flag("--join-lines", join_lines,
                "A single line break does not end a sentence (hard-wrapped text); a blank line or "
                "sentence punctuation still does");
  app->add_flag("--no-synonyms", no_synonyms, "Match words exactly (after stemming) only");
  app->add_option("--min-passage-chars", align.min_passage_chars,
                  "Drop passages shorter than this many characters")
      ->capture_default_str();
  app->add_option("--word-cluster-words", align.word_cluster_min_words,
                  "Distinct shared words of a word cluster, the passages looked for by word "
                  "positions alone when no sentence pairs align (0: off)")
      ->capture_default_str();
  app->add_option("--word-cluster-gap", align.word_cluster_max_gap,
                  "Content words that may separate the matches of one word cluster")
      ->capture_default_str();
  app->add_option("--word-cluster-occurrences", align.word_cluster_max_occurrences,
                  "Words occurring more often than this in either document take no part in word "
                  "clusters")
      ->capture_default_str();
  app->add_option("--word-cluster-cosine", align.word_cluster_min_cosine,
                  "Minimum cosine of the whole passages of a word cluster")
      ->capture_default_str();
  app->add_option("--seed-cosine", align.seed_min_cosine, "Minimum cosine of a seed sentence pair")
      ->capture_default_str();
  app->add_option("--seed-dominance", align.seed_dominance,
                  "Drop seeds below this fraction of their sentence's best seed (0: keep all)")
      ->capture_default_str();
  app->add_option("--seed-containment", align.seed_min_containment,
                  "Share of a short sentence's words that a longer one must hold to seed with it "
                  "(a split sentence; 0: off)")
      ->capture_default_str();
  app->add_option("--containment-words", align.containment_min_words,
                  "Shared content words a containment seed needs")
      ->capture_default_str();
  app->add_option("--passage-cosine", align.passage_min_cosine,
                  "Minimum cosine of a whole passage pair")
      ->capture_default_str();
  app->add_option("--summary-ratio", align.summary_length_ratio,
                  "Long/short passage length ratio from which the short side is a summary")
      ->capture_default_str();
  app->add_option("--summary-max-ratio", align.summary_max_length_ratio,
                  "Long/short passage length ratio above which it is not a summary")
      ->capture_default_str();
  app->add_option("--summary-gap", align.summary_max_gap,
                  "Sentences of the long side that may separate seeds of one summary passage")
      ->capture_default_str();
  app->add_option("--summary-chain-sentences", align.summary_chain_min_sentences,
                  "Sentences of an in-order chain that make a summary (0: no summary chains)")
      ->capture_default_str();
  app->add_option("--summary-chain-seeds", align.summary_chain_min_seeds,
                  "Pairs of a summary chain that must be seeds, not weak pairs")
      ->capture_default_str();
  app->add_option("--summary-chain-ratio", align.summary_chain_min_ratio,
                  "Long/short length ratio from which an in-order chain is a summary")
      ->capture_default_str();
  app->add_option("--summary-chain-density", align.summary_chain_min_density,
                  "Share of the summary's sentences that the chain must hold")
      ->capture_default_str();
  app->add_option("--summary-chain-seed-cosine", align.summary_chain_min_seed_cosine,
                  "Minimum cosine of a sentence pair in a summary chain")
      ->capture_default_str();
  app->add_option("--summary-chain-cosine", align.summary_chain_min_cosine,
                  "Minimum cosine of the whole passages of a summary chain")
      ->capture_default_str();
  app->add_option("--trim-min-kept", align.trim_min_kept,
                  "Cut passages that keep this share of words to their first and last kept word")
      ->capture_default_str();
  app->add_option("--single-seed-cosine", align.single_seed_min_cosine,
                  "Minimum cosine of a passage that rests on one sentence pair")
      ->capture_default_str();
  app->add_option("--weak-seed-cosine", align.weak_seed_min_cosine,
                  "Minimum cosine of a weak seed that joins a nearby passage (0: none)")
      ->capture_default_str();
  app->add_option("--weak-seed-dice", align.weak_seed_min_dice,
                  "Minimum Dice coefficient of a weak seed")
      ->capture_default_str();
  app->add_option("--weak-seed-gap", align.weak_seed_max_gap,
                  "Sentences that may separate a weak seed from the passage it joins")
      ->capture_default_str();
  app->add_option("--max-gap", align.max_gap, "Sentences that may separate seeds of one passage")
      ->capture_default_str();
}

AnalyzerOptions EngineFlags::Analyzer() const {
  AnalyzerOptions o;
  o.language = language;
  o.join_wrapped_lines = join_lines;
  return o;
}

StatusOr<std::shared_ptr<const Thesaurus>> EngineFlags::LoadThesaurus(
    textrace::Analyzer* analyzer) const {
  if (no_synonyms) return std::shared_ptr<const Thesaurus>();
  const std::string path = thesaurus.empty() ? Thesaurus::DefaultPath() : thesaurus;
  if (thesaurus.empty() && !std::filesystem::exists(path)) {
    fmt::print(stderr,
               "textrace: warning: no thesaurus at {} (install mythes-en-us or pass --thesaurus); "
               "synonyms will not be matched\n",
               path);
    return std::shared_ptr<const Thesaurus>();
  }
  return Thesaurus::LoadMyThes(path, analyzer);
}

}  // namespace textrace::cli

int main(int argc, char** argv) {
  using namespace textrace::cli;
#ifdef TEXTRACE_HUGE_PAGES
  UseHugePages();
#endif
  CLI::App app{
      "textrace: finds text reuse (copies, near-duplicates, spun rewrites, partial reuse, "
      "summaries) and reports the passages and the words that changed."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "textrace 0.1.0");
  const Command commands[] = {CompareCommand(), ScanCommand(), DedupCommand(), ExtractCommand(),
                              EvalCommand()};
  std::function<textrace::Status()> run;
  for (const Command& c : commands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    sub->footer(std::string("Example:\n  ") + c.example);
    auto fn = c.setup(sub);
    sub->final_callback([&run, fn] { run = fn; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits 2, as documented.
    return app.exit(e) == 0 ? 0 : 2;
  }
  const textrace::Status st = run();
  if (!st.ok()) {
    fmt::print(stderr, "textrace: error: {}\n", st.message());
    return st.code() == textrace::StatusCode::kInvalidArgument ? 2 : 1;
  }
  return 0;
}
