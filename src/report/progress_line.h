// The one-line progress display of a scan on a terminal (textrace scan, dedup).
#ifndef TEXTRACE_REPORT_PROGRESS_LINE_H_
#define TEXTRACE_REPORT_PROGRESS_LINE_H_

#include <string>

#include "textrace/scan.h"

namespace textrace {

// Rates (and the ETAs drawn from them) are shown once their stage has run this long: over a
// stage time near zero a rate means nothing (the first verification report once showed
// 18533936652 pairs/s).
inline constexpr double kMinRateSeconds = 1.0;

// The progress line for `p` (empty for kDone), at most `width` - 1 columns: a line as wide as
// the terminal leaves the cursor past its edge, and on a narrower terminal each update would
// start a new line. Fields are left out, the least useful first, until it fits; if the first
// ones alone do not, the line is cut.
std::string FormatProgressLine(const ScanProgress& p, int width);

}  // namespace textrace

#endif  // TEXTRACE_REPORT_PROGRESS_LINE_H_
