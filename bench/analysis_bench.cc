// Where the scan's per-document work goes, stage by stage, on one thread: the documents of a
// collection are read into memory first, then each step below is timed over all of them by the
// thread's CPU clock (so that other processes on the machine count less), best of --rounds:
//
//   analyze       Analyzer::Analyze: decoding, language, sentence and word breaks, folding,
//                 stemming, furniture
//   sketch        MakeSketch (MinHash and exact hash)
//   keys          MakeSentenceKeys, EncodeSentenceKeys, DistinctKeys
//   lines         ShortLines (the boilerplate stage's lines)
//   encode        EncodeAnalysis (an analysis parked on disk)
//   decode        DecodeAnalysis (read back for verification)
//   prepare       PreparedDocument (what the aligner needs of a document)
//
//   textrace_analysis_bench CORPUS.jsonl [--mb N] [--rounds N] [--language auto|english|none]
//
// bench/RESULTS.md has the figures; run it before and after a change to the analysis, on the
// same machine, in the same sitting.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "candidates/candidates.h"
#include "normalize/boilerplate.h"
#include "scan/analysis_codec.h"
#include "textrace/align.h"
#include "textrace/engine.h"
#include "textrace/ingest.h"
#ifdef TEXTRACE_HUGE_PAGES
#include "huge_pages.h"
#endif

namespace {

double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "textrace_analysis_bench: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace textrace;
#ifdef TEXTRACE_HUGE_PAGES
  cli::UseHugePages();  // the tool's heap
#endif
  std::string corpus;
  double mb = 20;
  int rounds = 3;
  std::string language = "auto";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--mb" && i + 1 < argc) {
      mb = std::atof(argv[++i]);
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--language" && i + 1 < argc) {
      language = argv[++i];
    } else if (!a.empty() && a[0] != '-' && corpus.empty()) {
      corpus = a;
    } else {
      return Fail("usage: textrace_analysis_bench CORPUS [--mb N] [--rounds N] [--language L]");
    }
  }
  if (corpus.empty()) return Fail("no corpus given");
  Options options;
  options.analyzer.language = language;
  auto engine = Engine::Create(options, nullptr);
  if (!engine.ok()) return Fail(engine.status().ToString());
  auto reader = DocumentReader::Open({corpus}, options.input);
  if (!reader.ok()) return Fail(reader.status().ToString());
  std::vector<InputDocument> docs;
  size_t bytes = 0;
  for (InputDocument d; bytes < mb * 1e6;) {
    auto more = (*reader)->Next(&d);
    if (!more.ok()) return Fail(more.status().ToString());
    if (!*more) break;
    bytes += d.text.size();
    docs.push_back(std::move(d));
  }
  auto analyzer = (*engine)->NewAnalyzer();
  if (!analyzer.ok()) return Fail(analyzer.status().ToString());
  std::vector<AnalyzedDocument> analyzed(docs.size());
  std::vector<std::string> encoded(docs.size());
  struct Step {
    const char* name;
    std::function<void(size_t)> run;
  };
  size_t sink = 0;  // printed, so that the work is not optimized away
  const std::vector<Step> steps = {
      {"analyze",
       [&](size_t i) {
         auto a = (*analyzer)->Analyze(docs[i].id, docs[i].text);
         if (a.ok()) analyzed[i] = std::move(a).value();
       }},
      {"sketch",
       [&](size_t i) { sink += MakeSketch(analyzed[i], options.candidates).minhash.size(); }},
      {"keys",
       [&](size_t i) {
         const SentenceKeys k = MakeSentenceKeys(analyzed[i]);
         sink += EncodeSentenceKeys(k).size() + DistinctKeys(k).size();
       }},
      {"lines",
       [&](size_t i) {
         sink += ShortLines(analyzed[i], options.boilerplate.max_line_words).size();
       }},
      {"encode", [&](size_t i) { encoded[i] = EncodeAnalysis(analyzed[i]); }},
      {"decode",
       [&](size_t i) {
         AnalyzedDocument back;
         sink += DecodeAnalysis(encoded[i], docs[i].id, docs[i].text, &back);
       }},
      {"prepare", [&](size_t i) { sink += PreparedDocument(analyzed[i]).terms.size(); }},
  };
  std::printf("%zu documents, %.1f MB, %d rounds (best), one thread\n", docs.size(), bytes / 1e6,
              rounds);
  double total = 0;
  for (const Step& s : steps) {
    double best = 1e300;
    for (int r = 0; r < rounds; ++r) {
      const double t = ThreadSeconds();
      for (size_t i = 0; i < docs.size(); ++i) s.run(i);
      best = std::min(best, ThreadSeconds() - t);
    }
    total += best;
    std::printf("%-8s %7.3f s %8.1f MB/s\n", s.name, best, bytes / 1e6 / best);
  }
  std::printf("%-8s %7.3f s %8.1f MB/s\n", "all", total, bytes / 1e6 / total);
  std::printf("(checksum %zu)\n", sink);
  return 0;
}
