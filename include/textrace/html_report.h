// HTML reports: one self-contained file (inline CSS and JS, no network access, works from
// file://) with an overview (summary, options, families, a sortable and filterable table of the
// related pairs) and a side-by-side view of each pair, its passages highlighted and the changed
// words marked. Layout, data blocks and DOM contract: docs/report-format.md.
#ifndef TEXTRACE_HTML_REPORT_H_
#define TEXTRACE_HTML_REPORT_H_

#include <string>

#include "textrace/compare.h"
#include "textrace/options.h"
#include "textrace/output.h"
#include "textrace/scan.h"
#include "textrace/status.h"

namespace textrace {

// The scan report as HTML, written a piece at a time. Only the texts of documents that are in a
// related pair go into the file. `threads` only renders in parallel.
Status WriteScanHtml(const ScanResult& result, const Options& options, const Emit& emit,
                     int threads = 0);

// The same viewer with one pair (A and B), opening straight into the pair view.
std::string FormatComparisonHtml(const CompareResult& r, const Options& options);

}  // namespace textrace

#endif  // TEXTRACE_HTML_REPORT_H_
