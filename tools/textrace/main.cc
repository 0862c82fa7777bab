// textrace: who copied whom, and what they changed. A thin edge over the library: parse flags,
// call the library, turn a Status into a message and an exit code.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>

#include "commands.h"
#include "util/parallel.h"
#ifdef TEXTRACE_HUGE_PAGES
#include "huge_pages.h"
#endif

namespace textrace::cli {

void AddOptionFlags(CLI::App* app, std::initializer_list<OptionInfo::Group> groups,
                    Options* options, ResourceOptions* resources,
                    std::initializer_list<std::string_view> resource_names) {
  for (const OptionInfo& info : OptionTable()) {
    bool wanted = false;
    for (OptionInfo::Group g : groups) wanted |= info.group == g;
    for (std::string_view name : resource_names) wanted |= info.name == name;
    if (!wanted) continue;
    std::string flags = info.Flag();
    if (!info.alias.empty()) flags += ",--" + std::string(info.alias);
    const std::string help(info.help);
    if (info.type == OptionInfo::Type::kBool) {
      // A flag turns the default over: --join-lines, --no-synonyms.
      const bool value = flags.rfind("--no-", 0) != 0;
      auto* field = static_cast<bool*>(info.field(options));
      app->add_flag_callback(flags, [field, value] { *field = value; },
                             value ? help : help + " (on unless this flag is given)");
      continue;
    }
    if (info.type == OptionInfo::Type::kStrings) {
      // A list: the flag repeats, one value each time (--include '*.txt' --include '*.html').
      auto* field = static_cast<std::vector<std::string>*>(info.field(options));
      app->add_option_function<std::vector<std::string>>(
             flags, [field](const std::vector<std::string>& values) { *field = values; }, help)
          ->type_name("TEXT")
          ->allow_extra_args(false);
      continue;
    }
    std::string type = info.type == OptionInfo::Type::kInt      ? "INT"
                       : info.type == OptionInfo::Type::kDouble ? "FLOAT"
                       : info.type == OptionInfo::Type::kBytes  ? "SIZE"
                                                                : "TEXT";
    if (!info.choices.empty()) type = std::string(info.choices);
    app->add_option_function<std::string>(
           flags,
           [&info, options, resources](const std::string& value) {
             const Status st = SetOption(options, resources, info, value);
             if (!st.ok()) throw CLI::ValidationError(st.message());
           },
           help)
        ->type_name(type)
        ->default_str(OptionDefaultText(info));
  }
}

StatusOr<std::shared_ptr<const Engine>> MakeEngine(const Options& options) {
  ASSIGN_OR_RETURN(auto engine, Engine::Create(options));
  for (const std::string& w : engine->warnings()) fmt::print(stderr, "textrace: warning: {}\n", w);
  return engine;
}

int CapThreads(int requested) {
  const int cores = HardwareThreads();
  if (requested <= cores) return requested;
  fmt::print(stderr, "textrace: note: --threads {}: this machine has {} core{}; using {}\n",
             requested, cores, cores == 1 ? "" : "s", cores);
  return cores;
}

}  // namespace textrace::cli

int main(int argc, char** argv) {
  using namespace textrace::cli;
  // Past a file size limit (`ulimit -f`), a write fails with EFBIG, which each command reports
  // (`index add`: "a file would pass the size limit ...; the store keeps its last commit"),
  // instead of SIGXFSZ killing the process without a word.
  std::signal(SIGXFSZ, SIG_IGN);
#ifdef TEXTRACE_HUGE_PAGES
  UseHugePages();
#endif
  CLI::App app{
      "textrace: finds text reuse (copies, near-duplicates, spun rewrites, partial reuse, "
      "summaries) and reports the passages and the words that changed."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "textrace 0.1.0");
  const Command commands[] = {CompareCommand(), ScanCommand(),  DedupCommand(), ExtractCommand(),
                              IndexCommand(),   QueryCommand(), EvalCommand()};
  std::function<textrace::Status(int*)> run;
  for (const Command& c : commands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    sub->footer(std::string("Example:\n  ") + c.example);
    auto fn = c.setup(sub);
    sub->final_callback([&run, fn] { run = fn; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits 2, as documented.
    return app.exit(e) == 0 ? 0 : 2;
  }
  int exit_code = -1;
  const textrace::Status st = run(&exit_code);
  if (!st.ok()) fmt::print(stderr, "textrace: error: {}\n", st.message());
  if (exit_code >= 0) return exit_code;
  if (st.ok()) return 0;
  return st.code() == textrace::StatusCode::kInvalidArgument ? 2 : 1;
}
