// Writers for the result of comparing two documents: JSON (everything, with offsets), text (for a
// terminal, side by side with the changed words marked) and PAN detection XML.
#ifndef TEXTRACE_REPORT_H_
#define TEXTRACE_REPORT_H_

#include <string>

#include "textrace/align.h"
#include "textrace/document.h"

namespace textrace {

// How a compared pair was aligned: A first (Aligner::Align), or as a scan aligns it (AlignPair,
// with its summary_copy_coverage).
struct PairOrder {
  bool as_scan = false;
  double summary_copy_coverage = kDefaultSummaryCopyCoverage;
};

// One JSON object: both documents, the relation, coverage, the options that produced it, and
// every passage pair with char and byte offsets and its edit script (with the words' text).
// `analyzer`: the options the documents were analyzed with, reported beside `options`, and
// `order` as options.order ("given" or "auto", with options.summary_copy_coverage).
std::string FormatComparisonJson(const AnalyzedDocument& a, const AnalyzedDocument& b,
                                 const Comparison& comparison, const AlignOptions& options,
                                 const AnalyzerOptions& analyzer = AnalyzerOptions{},
                                 const PairOrder& order = PairOrder{});

struct TextReportOptions {
  int width = 120;     // total line width; each side gets about half
  bool color = false;  // ANSI colours; without, changed words are marked [-like this-] / {+so+}
};

// Human-readable report: a header with the relation and coverage, then each passage pair side by
// side, A on the left, B on the right, changed words marked.
std::string FormatComparisonText(const AnalyzedDocument& a, const AnalyzedDocument& b,
                                 const Comparison& comparison, const TextReportOptions& options);

// PAN detection XML with A as the suspicious document and B as the source.
std::string FormatComparisonPan(const AnalyzedDocument& a, const AnalyzedDocument& b,
                                const Comparison& comparison);

}  // namespace textrace

#endif  // TEXTRACE_REPORT_H_
