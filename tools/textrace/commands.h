// The CLI's command table: every verb registers its options and its run function here, and the
// same table produces --help.
#ifndef TEXTRACE_TOOLS_COMMANDS_H_
#define TEXTRACE_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/status.h"
#include "textrace/thesaurus.h"

namespace textrace::cli {

struct Command {
  const char* name;
  const char* help;
  const char* example;
  // Adds the verb's options to `app`; returns the function that runs it.
  std::function<std::function<Status()>(CLI::App* app)> setup;
};

// Options shared by every verb that aligns.
struct EngineFlags {
  std::string language = "english";
  bool join_lines = false;
  std::string thesaurus;  // empty: the default
  bool no_synonyms = false;
  AlignOptions align;
  void Add(CLI::App* app);
  AnalyzerOptions Analyzer() const;
  // Loads the thesaurus (or none); a missing default thesaurus is a warning, not an error.
  StatusOr<std::shared_ptr<const Thesaurus>> LoadThesaurus(textrace::Analyzer* analyzer) const;
};

// Writes `data` to `path` through a temporary file beside it, synced and renamed into place, so
// a failed run leaves no half-written file that looks complete; "-" or "" is standard output
// (defined in cmd_scan.cc).
Status WriteReport(const std::string& path, const std::string& data);

Command CompareCommand();
Command EvalCommand();
Command ScanCommand();
Command DedupCommand();
Command ExtractCommand();

}  // namespace textrace::cli

#endif  // TEXTRACE_TOOLS_COMMANDS_H_
