// textrace as a library: compare two documents, then scan a few from memory. Built with the
// project (build/textrace_library_example) and run by the tests; the README quotes it.
//
//   ./build/textrace_library_example examples/sample
#include <cstdio>
#include <string>

#include "textrace/compare.h"
#include "textrace/engine.h"
#include "textrace/scan.h"

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "examples/sample";
  // One engine: options checked and the thesaurus loaded once, for every comparison and scan.
  textrace::Options options;
  options.align.min_passage_chars = 150;
  auto engine = textrace::Engine::Create(options);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }

  // Two documents, read as scan reads them (any encoding, HTML, WARC, gzip).
  auto c = textrace::Compare(**engine, textrace::CompareInput::File(dir + "/original_harbor.txt"),
                             textrace::CompareInput::File(dir + "/spun_harbor.txt"));
  if (!c.ok()) return 1;
  std::printf("compare: %s, %zu passage(s), coverage %.2f / %.2f\n",
              textrace::RelationName(c->comparison.relation), c->comparison.passages.size(),
              c->comparison.coverage_a, c->comparison.coverage_b);

  // A collection, documents added from memory (or with AddInputs, from files).
  auto scanner = textrace::Scanner::Create(*engine);
  if (!scanner.ok()) return 1;
  for (const char* name : {"original_harbor.txt", "partial_harbor.txt", "unrelated_chess.txt"}) {
    auto read = textrace::ReadOneDocument(textrace::CompareInput::File(dir + "/" + name), {});
    if (!read.ok()) return 1;
    textrace::InputDocument doc = std::move(read).value();
    doc.id = name;
    if (!(*scanner)->Add(std::move(doc)).ok()) return 1;
  }
  auto result = (*scanner)->Finish();
  if (!result.ok()) return 1;
  for (const textrace::ScanPair& p : result->pairs) {
    std::printf("scan: %s ~ %s: %s\n", result->documents[p.a].id.c_str(),
                result->documents[p.b].id.c_str(), textrace::RelationName(p.comparison.relation));
  }
  return 0;
}
