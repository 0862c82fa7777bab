// The tool's heap on transparent huge pages, its freed memory kept for reuse (huge_pages.cc); a
// no-op without tcmalloc.
#ifndef TEXTRACE_TOOLS_HUGE_PAGES_H_
#define TEXTRACE_TOOLS_HUGE_PAGES_H_

namespace textrace::cli {

// Call once, first thing in main() (the tool's and the analysis bench's).
void UseHugePages();

}  // namespace textrace::cli

#endif  // TEXTRACE_TOOLS_HUGE_PAGES_H_
