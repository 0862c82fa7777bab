// Helpers shared by the fuzz targets.
#ifndef TEXTRACE_FUZZ_FUZZ_UTIL_H_
#define TEXTRACE_FUZZ_FUZZ_UTIL_H_

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "textrace/document.h"
#include "textrace/ingest.h"

namespace textrace::fuzz {

// Aborts (a crash libFuzzer reports) when `ok` is false.
inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
  }
}

// One analyzer for the whole fuzzing process (creating one is costly).
inline Analyzer& SharedAnalyzer() {
  static std::unique_ptr<Analyzer> analyzer = [] {
    auto a = Analyzer::Create(AnalyzerOptions{});
    Check(a.ok(), "the analyzer is created");
    return std::move(a).value();
  }();
  return *analyzer;
}

// Writes the input to a file named with `suffix` (the readers decide the format by name and by
// content) and reads every document from it, checking what every caller may rely on.
inline void ReadAllDocuments(const uint8_t* data, size_t size, const char* suffix) {
  const std::string path = "/tmp/textrace-fuzz-" + std::to_string(getpid()) + suffix;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return;
  if (size > 0) std::fwrite(data, 1, size, f);
  std::fclose(f);
  IngestOptions options;
  options.max_document_bytes = 1 << 20;
  auto reader = DocumentReader::Open({path}, options);
  Check(reader.ok(), "the file just written opens");
  InputDocument doc;
  int64_t n = 0;
  while (true) {
    StatusOr<bool> more = (*reader)->Next(&doc);
    Check(more.ok(), "not strict: problems are skips, not errors");
    if (!*more) break;
    ++n;
    Check(!doc.id.empty(), "every document has an id");
    Check(doc.text.size() <= options.max_document_bytes, "the size limit holds");
  }
  Check((*reader)->documents_read() == n, "documents are counted");
  for (const SkipRecord& k : (*reader)->skipped()) {
    Check(!k.origin.empty() && !k.reason.empty(), "every skip says where and why");
    Check(k.origin.rfind(path, 0) == 0, "every skip names the file");
  }
  unlink(path.c_str());
}

}  // namespace textrace::fuzz

#endif  // TEXTRACE_FUZZ_FUZZ_UTIL_H_
