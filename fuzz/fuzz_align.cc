// The aligner on two documents made of any bytes (split at the first 0xFF byte, or in half).
#include <algorithm>
#include <memory>
#include <string>

#include "fuzz_util.h"
#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/relate.h"
#include "textrace/thesaurus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using textrace::fuzz::Check;
  textrace::Analyzer* analyzer = &textrace::fuzz::SharedAnalyzer();
  // With the thesaurus when it is installed, so that synonym matching is fuzzed too.
  static const textrace::Aligner aligner = [] {
    std::shared_ptr<const textrace::Thesaurus> thesaurus;
    auto loaded = textrace::Thesaurus::LoadMyThes(textrace::Thesaurus::DefaultPath(),
                                                  &textrace::fuzz::SharedAnalyzer());
    if (loaded.ok()) thesaurus = *loaded;
    return textrace::Aligner(textrace::AlignOptions{}, thesaurus);
  }();
  if (size > 64 * 1024) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  size_t cut = bytes.find('\xff');
  if (cut == std::string::npos) cut = size / 2;
  auto a = analyzer->Analyze("a", bytes.substr(0, cut));
  auto b = analyzer->Analyze("b", cut < size ? bytes.substr(cut + 1) : std::string());
  Check(a.ok() && b.ok(), "analysis never fails on content");
  std::vector<textrace::PassagePair> passages = aligner.Align(*a, *b);
  for (const textrace::PassagePair& p : passages) {
    Check(p.a.first_token <= p.a.end_token && p.a.end_token <= a->tokens.size(), "A tokens");
    Check(p.b.first_token <= p.b.end_token && p.b.end_token <= b->tokens.size(), "B tokens");
    Check(p.a.end_byte <= a->bytes.size() && p.b.end_byte <= b->bytes.size(), "byte ranges");
    Check(p.a.begin_byte <= p.a.end_byte && p.b.begin_byte <= p.b.end_byte, "ranges ordered");
  }
  const textrace::Comparison c = textrace::Relate(*a, *b, std::move(passages));
  Check(c.coverage_a >= 0 && c.coverage_a <= 1 && c.coverage_b >= 0 && c.coverage_b <= 1,
        "coverage is a share");
  return 0;
}
