// Writers for the result of comparing two documents (textrace/compare.h): JSON (everything, with
// offsets), text (for a terminal, side by side with the changed words marked) and PAN detection
// XML. The HTML page is in textrace/html_report.h.
#ifndef TEXTRACE_REPORT_H_
#define TEXTRACE_REPORT_H_

#include <string>

#include "textrace/compare.h"
#include "textrace/options.h"

namespace textrace {

// One JSON object: both documents (id, size, how the text was read, date and url when known),
// the relation, coverage, the options that produced it (`options`: the analyzer, thesaurus and
// aligner groups, and the pair order), and every passage pair with char and byte offsets and its
// edit script (with the words' text).
std::string FormatComparisonJson(const CompareResult& r, const Options& options);

struct TextReportOptions {
  int width = 120;     // total line width; each side gets about half
  bool color = false;  // ANSI colours; without, changed words are marked [-like this-] / {+so+}
};

// Human-readable report: a header with the relation and coverage, then each passage pair side by
// side, A on the left, B on the right, changed words marked.
std::string FormatComparisonText(const CompareResult& r, const TextReportOptions& options);

// PAN detection XML with A as the suspicious document and B as the source.
std::string FormatComparisonPan(const CompareResult& r);

}  // namespace textrace

#endif  // TEXTRACE_REPORT_H_
