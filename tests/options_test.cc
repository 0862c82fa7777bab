// The option table: it lists every field of every options structure, each option has a CLI flag
// that reaches the report, values out of range are refused with a message naming the option, and
// docs/cli.md's option tables are the table's.
#include "textrace/options.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "temp_dir_testing.h"
#include "textrace/engine.h"
#include "textrace/thesaurus.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;
using Group = OptionInfo::Group;
using Type = OptionInfo::Type;

// The number of fields of an aggregate: the most initializers it accepts.
struct AnyField {
  template <typename T>
  operator T() const;  // NOLINT: converts to any field type
};
template <typename T, typename... Fields>
constexpr size_t CountFields() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; }) {
    return CountFields<T, Fields..., AnyField>();
  } else {
    return sizeof...(Fields);
  }
}

size_t InGroup(Group g) {
  size_t n = 0;
  for (const OptionInfo& info : OptionTable()) n += info.group == g;
  return n;
}

// A field added to an options structure without a line in the table fails here.
TEST(OptionTableTest, ListsEveryFieldOfEveryStructure) {
  EXPECT_EQ(InGroup(Group::kInput), CountFields<IngestOptions>());
  EXPECT_EQ(InGroup(Group::kAnalyzer), CountFields<AnalyzerOptions>());
  EXPECT_EQ(InGroup(Group::kThesaurus), CountFields<ThesaurusOptions>());
  EXPECT_EQ(InGroup(Group::kAlign), CountFields<AlignOptions>());
  EXPECT_EQ(InGroup(Group::kCandidates), CountFields<CandidateOptions>());
  EXPECT_EQ(InGroup(Group::kEvidence), CountFields<EvidenceOptions>());
  EXPECT_EQ(InGroup(Group::kBoilerplate), CountFields<BoilerplateOptions>());
  EXPECT_EQ(InGroup(Group::kReport), CountFields<ReportOptions>());
  EXPECT_EQ(InGroup(Group::kDedup), CountFields<DedupOptions>());
  EXPECT_EQ(InGroup(Group::kResources), CountFields<ResourceOptions>());
  EXPECT_EQ(CountFields<Options>(), 9u) << "a new group of Options needs its own check here";
  // Each field once: no two entries point at the same field.
  std::set<const void*> fields;
  Options o;
  ResourceOptions r;
  for (const OptionInfo& info : OptionTable()) {
    const void* p = info.field != nullptr ? info.field(&o) : info.resource(&r);
    EXPECT_TRUE(fields.insert(p).second) << info.name << " points at a field listed before";
  }
}

TEST(OptionTableTest, NamesFlagsAndAliasesAreUniqueAndDefaultsInRange) {
  std::set<std::string> names, flags;
  for (const OptionInfo& info : OptionTable()) {
    EXPECT_TRUE(names.insert(std::string(info.name)).second) << info.name;
    EXPECT_TRUE(flags.insert(info.Flag()).second) << info.Flag();
    if (!info.alias.empty()) {
      EXPECT_TRUE(flags.insert("--" + std::string(info.alias)).second) << info.alias;
    }
    EXPECT_FALSE(info.help.empty()) << info.name;
    EXPECT_EQ(FindOption(info.name), &info);
    if (info.type == Type::kInt || info.type == Type::kDouble || info.type == Type::kBytes) {
      const double x = std::stod(GetOption(Options{}, ResourceOptions{}, info));
      EXPECT_GE(x, info.min) << info.name;
      EXPECT_LE(x, info.max) << info.name;
    }
  }
  EXPECT_EQ(FindOption("seed-cosine"), FindOption("seed_min_cosine")) << "old spellings still work";
  EXPECT_EQ(FindOption("no_such_option"), nullptr);
  // A misspelt name suggests the nearest one (the CLI's and the Python module's "did you mean").
  EXPECT_EQ(ClosestOption("min_pasage_chars"), FindOption("min_passage_chars"));
  EXPECT_EQ(ClosestOption("thread"), FindOption("threads"));
  EXPECT_EQ(ClosestOption("seed-cosin"), FindOption("seed_min_cosine")) << "old spellings too";
  EXPECT_EQ(ClosestOption("no_such_option_at_all"), nullptr);
  EXPECT_TRUE(ValidateOptions(Options{}).ok());
  EXPECT_TRUE(ValidateResources(ResourceOptions{}).ok());
}

TEST(OptionTableTest, ValuesOutOfRangeAreRefusedNamingTheOption) {
  Options o;
  ResourceOptions r;
  auto set = [&](const char* name, const char* value) {
    return SetOption(&o, &r, *FindOption(name), value);
  };
  Status st = set("seed_min_cosine", "5");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(),
            "option seed_min_cosine (--seed-min-cosine) is 5: expected a number from 0 to 1");
  EXPECT_FALSE(set("passage_min_cosine", "inf").ok());
  EXPECT_FALSE(set("passage_min_cosine", "nan").ok());
  EXPECT_FALSE(set("passage_min_cosine", "0.3x").ok());
  EXPECT_FALSE(set("threads", "-1").ok());
  EXPECT_FALSE(set("threads", "100000").ok());
  EXPECT_FALSE(set("max_gap", "2.5").ok()) << "a whole number";
  EXPECT_FALSE(set("memory", "4X").ok());
  EXPECT_FALSE(set("report_texts", "maybe").ok());
  const Status choice = set("keep", "newest");
  ASSERT_FALSE(choice.ok());
  EXPECT_EQ(choice.message(),
            "option keep (--keep) is 'newest': expected one of first|earliest|longest");
  EXPECT_DOUBLE_EQ(o.align.seed_min_cosine, AlignOptions{}.seed_min_cosine) << "left as it was";
  ASSERT_TRUE(set("memory", "512M").ok());
  EXPECT_EQ(r.memory_budget, uint64_t{512} << 20);
  ASSERT_TRUE(set("passage_min_cosine", "0.4").ok());
  EXPECT_DOUBLE_EQ(o.align.passage_min_cosine, 0.4);
  ASSERT_TRUE(set("report_texts", "false").ok());
  EXPECT_FALSE(o.report.report_texts);
  // A list: comma-separated text.
  ASSERT_TRUE(set("exclude", "*.md,,drafts/*").ok());
  EXPECT_EQ(o.input.exclude, (std::vector<std::string>{"*.md", "drafts/*"}));
  EXPECT_EQ(GetOption(o, r, *FindOption("exclude")), "*.md,drafts/*");
  ASSERT_TRUE(set("exclude", "").ok());
  EXPECT_TRUE(o.input.exclude.empty());
  EXPECT_EQ(OptionDefaultText(*FindOption("memory")), "3G");
  // Set directly, a value out of range is caught where the options are used.
  Options direct;
  direct.align.passage_min_cosine = INFINITY;
  const Status v = ValidateOptions(direct);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.message().find("--passage-min-cosine"), std::string::npos) << v.message();
  auto engine = Engine::Create(direct, nullptr);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().message(), v.message());
}

// A value in range that is not the default: what the test gives each option's flag.
std::string OtherValue(const OptionInfo& info) {
  const std::string def = GetOption(Options{}, ResourceOptions{}, info);
  switch (info.type) {
    case Type::kBool:
      return def == "true" ? "false" : "true";
    case Type::kString:
      if (info.name == "input_format") return "text";  // the test's inputs are text files
      if (!info.choices.empty()) return "earliest" == def ? "first" : "earliest";
      if (info.name == "language") return "german";
      if (info.name == "thesaurus") return Thesaurus::DefaultPath();
      if (info.name == "tmp") return fs::temp_directory_path().string();
      return "x" + def;
    case Type::kBytes:
      return "1048576";
    case Type::kStrings:
      return "*.md";
    case Type::kInt:
    case Type::kDouble: {
      const double d = std::stod(def);
      double x = d + 1 <= info.max ? d + 1 : (d + info.max) / 2;
      if (info.type == Type::kInt) x = std::floor(x);
      if (x == d) x = info.min;
      std::ostringstream s;
      s << x;
      return s.str();
    }
  }
  return def;
}

std::string RunCli(const std::string& args, int* exit_code) {
  std::string out;
  FILE* p = popen((std::string(TEXTRACE_CLI) + " " + args + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
  const int status = pclose(p);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// Every option of the table is a flag of scan, set through it reaches the report's options, and
// the same for compare with the groups it takes. Resource options are accepted and never in a
// report (they never change one).
TEST(OptionTableTest, EveryOptionHasAFlagThatReachesTheReport) {
  const bool have_thesaurus = fs::exists(Thesaurus::DefaultPath());
  const fs::path sample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
  const std::string a = (sample / "original_harbor.txt").string();
  const std::string b = (sample / "spun_harbor.txt").string();
  const TempDir tmp("options");
  const std::string tmpl = tmp.string();
  const std::string report = std::string(tmpl) + "/r.jsonl";
  for (const OptionInfo& info : OptionTable()) {
    if (info.group == Group::kThesaurus && !have_thesaurus) continue;
    std::string value = OtherValue(info);
    if (info.name == "dates") {  // a dates file that exists
      value = std::string(tmpl) + "/dates.tsv";
      std::ofstream(value) << a << "\t2024-01-05\n";
    }
    std::string flag = info.Flag();
    if (info.type != Type::kBool) flag += " '" + value + "'";
    // Loading the thesaurus takes a while: only the thesaurus options load it.
    const std::string synonyms = info.group == Group::kThesaurus ? "" : " --no-synonyms";
    int code = 0;
    // Dedup's options are dedup's flags; its --report is the scan report.
    const std::string verb = info.group == Group::kDedup
                                 ? "dedup -o " + std::string(tmpl) + "/kept.jsonl --report "
                                 : "scan -o ";
    RunCli(verb + report + " '" + a + "' '" + b + "'" + synonyms + " " + flag, &code);
    if (info.name == "fast") {
      // The near-duplicate tier aligns nothing: no scan report to write, a usage error.
      EXPECT_EQ(code, 2) << verb << flag;
      continue;
    }
    ASSERT_EQ(code, 0) << verb << flag;
    std::ifstream in(report);
    std::string run_line;
    std::getline(in, run_line);
    const auto options = nlohmann::json::parse(run_line)["options"];
    if (info.group == Group::kResources) {
      for (const auto& [group, fields] : options.items()) {
        EXPECT_FALSE(fields.contains(std::string(info.name))) << info.name << " in the report";
      }
      continue;
    }
    const auto& got = options[OptionGroupName(info.group)][std::string(info.name)];
    const std::string want = info.type == Type::kString    ? nlohmann::json(value).dump()
                             : info.type == Type::kStrings ? nlohmann::json::array({value}).dump()
                                                           : value;
    EXPECT_EQ(info.type == Type::kDouble ? nlohmann::json(std::stod(value)).dump() : want,
              got.dump())
        << "scan " << flag;
    const bool compare_takes = info.group == Group::kInput || info.group == Group::kAnalyzer ||
                               info.group == Group::kThesaurus || info.group == Group::kAlign ||
                               info.group == Group::kEvidence;
    const std::string out =
        RunCli("compare --format json '" + a + "' '" + b + "'" + synonyms + " " + flag, &code);
    if (!compare_takes) {
      EXPECT_EQ(code, 2) << "compare takes no " << flag;
      continue;
    }
    ASSERT_EQ(code, 0) << "compare " << flag;
    if (info.group == Group::kInput) continue;  // how files are read: not in a comparison
    const auto compared = nlohmann::json::parse(out)["options"];
    EXPECT_EQ(compared[OptionGroupName(info.group)][std::string(info.name)], got)
        << "compare " << flag;
  }
}

// A list option's flag repeats, takes one value each time (the inputs after it stay inputs), and
// the report records the list as a JSON array.
TEST(OptionTableTest, ListFlagRepeatsOneValueEachTime) {
  const fs::path sample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
  const TempDir tmp("options");
  const std::string tmpl = tmp.string();
  const std::string report = std::string(tmpl) + "/r.jsonl";
  int code = 0;
  RunCli("scan --no-synonyms --exclude '*.md' '" + sample.string() +
             "' --exclude 'unrelated_*' -o " + report,
         &code);
  ASSERT_EQ(code, 0);
  std::ifstream in(report);
  std::string run_line;
  std::getline(in, run_line);
  const auto run = nlohmann::json::parse(run_line);
  EXPECT_EQ(run["options"]["input"]["exclude"], nlohmann::json::array({"*.md", "unrelated_*"}));
  EXPECT_EQ(run["options"]["input"]["include"], nlohmann::json::array());
  EXPECT_EQ(run["documents"], 4) << "TRUTH.md and the two unrelated texts left out";
  EXPECT_TRUE(run["skipped"].empty()) << "files left out are not inputs";
  EXPECT_TRUE(run.contains("files_excluded"));
}

// docs/cli.md's option tables are made from the table: run with TEXTRACE_UPDATE_DOCS=1 to write
// them after changing an option.
std::string MarkdownTable(Group g) {
  std::string out = "| flag | default | accepts | what it does |\n|---|---|---|---|\n";
  for (const OptionInfo& info : OptionTable()) {
    if (info.group != g) continue;
    std::string flag = "`" + info.Flag();
    const char* type = info.type == Type::kInt                                     ? " INT"
                       : info.type == Type::kDouble                                ? " FLOAT"
                       : info.type == Type::kBytes                                 ? " SIZE"
                       : info.type == Type::kString || info.type == Type::kStrings ? " TEXT"
                                                                                   : "";
    flag += std::string(type) + "`";
    if (!info.alias.empty()) flag += " (or `--" + std::string(info.alias) + "`)";
    std::string def = OptionDefaultText(info);
    std::string accepts;
    if (info.type == Type::kBool) {
      def = def == "true" ? "on" : "off";
      accepts = "a flag";
    } else if (!info.choices.empty()) {
      accepts = std::string(info.choices);
      for (size_t at = 0; (at = accepts.find('|', at)) != std::string::npos; at += 2) {
        accepts.replace(at, 1, ", ");
      }
    } else if (info.type == Type::kString) {
      accepts = "text";
    } else if (info.type == Type::kStrings) {
      accepts = "text; the flag repeats";
    } else {
      std::ostringstream lo, hi;
      lo << info.min;
      hi << info.max;
      accepts = lo.str() + " to " + hi.str();
    }
    std::string help(info.help);
    for (size_t at = 0; (at = help.find('|', at)) != std::string::npos; at += 2) {
      help.replace(at, 1, "\\|");
    }
    out += "| " + flag + " | " + (def.empty() ? "" : "`" + def + "`") + " | " + accepts + " | " +
           help + " |\n";
  }
  return out;
}

// Options the library refuses as a whole (an empty field name) are refused by every verb that
// reads a collection, before any work: extract, scan, dedup and the near-duplicate tier.
TEST(OptionTableTest, EveryVerbRefusesOptionsTheLibraryRefuses) {
  const std::string sample = (fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample").string();
  const TempDir tmp("verbs");
  const std::string tmpl = tmp.string();
  const std::string out = std::string(tmpl) + "/out.jsonl";
  for (const std::string verb : {"extract", "scan", "dedup", "dedup --fast"}) {
    int code = 0;
    RunCli(verb + " --id-field '' '" + sample + "' -o " + out, &code);
    EXPECT_EQ(code, 2) << verb;
    EXPECT_FALSE(fs::exists(out)) << verb << " wrote an output";
  }
}

TEST(OptionTableTest, CliDocsShowTheTable) {
  const fs::path path = fs::path(TEXTRACE_SOURCE_DIR) / "docs" / "cli.md";
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string doc = buffer.str();
  const std::string original = doc;
  for (Group g :
       {Group::kInput, Group::kAnalyzer, Group::kThesaurus, Group::kAlign, Group::kCandidates,
        Group::kEvidence, Group::kBoilerplate, Group::kReport, Group::kDedup, Group::kResources}) {
    const std::string begin = std::string("<!-- options: ") + OptionGroupName(g) + " -->\n";
    const std::string end = "<!-- end of options -->";
    const size_t b = doc.find(begin);
    ASSERT_NE(b, std::string::npos) << "docs/cli.md has no table for " << OptionGroupName(g);
    const size_t e = doc.find(end, b);
    ASSERT_NE(e, std::string::npos);
    doc.replace(b + begin.size(), e - b - begin.size(), MarkdownTable(g));
  }
  if (std::getenv("TEXTRACE_UPDATE_DOCS") != nullptr) {
    std::ofstream(path) << doc;
    return;
  }
  EXPECT_EQ(doc, original) << "docs/cli.md's option tables differ from the option table; run "
                              "TEXTRACE_UPDATE_DOCS=1 build/textrace_tests "
                              "--gtest_filter=OptionTableTest.CliDocsShowTheTable";
}

}  // namespace
}  // namespace textrace
