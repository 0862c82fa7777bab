// The CLI's command table: every verb registers its options and its run function here, and the
// same table produces --help. The engine's options come from the library's option table
// (textrace/options.h): each verb names the groups it takes.
#ifndef TEXTRACE_TOOLS_COMMANDS_H_
#define TEXTRACE_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>

#include "textrace/engine.h"
#include "textrace/options.h"
#include "textrace/status.h"

namespace textrace::cli {

struct Command {
  const char* name;
  const char* help;
  const char* example;
  // Adds the verb's options to `app`; returns the function that runs it. A run that has its own
  // exit codes (compare --exit-code) sets `*exit_code`; else a success exits 0, a usage error
  // (InvalidArgument) 2 and any other error 1.
  std::function<std::function<Status(int* exit_code)>(CLI::App* app)> setup;
};

// Adds a flag for each option of `groups` (and the named resource options), writing into
// `*options` and `*resources`; values are checked against the option's range as they are parsed.
void AddOptionFlags(CLI::App* app, std::initializer_list<OptionInfo::Group> groups,
                    Options* options, ResourceOptions* resources,
                    std::initializer_list<std::string_view> resource_names = {});

// Makes the engine, printing its warnings (a missing default thesaurus) on stderr.
StatusOr<std::shared_ptr<const Engine>> MakeEngine(const Options& options);

// --threads for the CLI: more threads than cores are capped to the cores, with a note on stderr
// (the library runs as many as it is asked: the result never depends on the count).
int CapThreads(int requested);

Command CompareCommand();
Command EvalCommand();
Command ScanCommand();
Command DedupCommand();
Command ExtractCommand();
Command IndexCommand();
Command QueryCommand();

}  // namespace textrace::cli

#endif  // TEXTRACE_TOOLS_COMMANDS_H_
