// CheckOutputs (textrace/output.h): an output never overwrites an input, never lands inside an
// input directory, never is another output, and a folder it cannot be written in fails at once.
#include "textrace/output.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace textrace {
namespace {

namespace fs = std::filesystem;

class CheckOutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/textrace_outputs_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ + "/in/sub");
    fs::create_directories(dir_ + "/out");
    Write(dir_ + "/corpus.jsonl", "{\"id\":\"a\",\"text\":\"words\"}\n");
    Write(dir_ + "/in/a.txt", "words");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  std::string P(const std::string& name) const { return dir_ + "/" + name; }
  // The check of `outputs` against the inputs corpus.jsonl and in/.
  Status Check(const std::vector<std::string>& outputs) const {
    return CheckOutputs({P("corpus.jsonl"), P("in")}, outputs);
  }
  // Expects a refusal (InvalidArgument) whose message names `a` and `b`.
  void ExpectRefused(const Status& st, const std::string& a, const std::string& b) const {
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
    EXPECT_NE(st.message().find(a), std::string::npos) << st.message();
    EXPECT_NE(st.message().find(b), std::string::npos) << st.message();
  }

  std::string dir_;
};

TEST_F(CheckOutputsTest, NewFilesBesideTheInputsAndStandardStreamsPass) {
  EXPECT_TRUE(Check({P("out/report.jsonl"), P("out/report.html"), P("map.jsonl")}).ok());
  EXPECT_TRUE(Check({"-", "", "-"}).ok());
  EXPECT_TRUE(CheckOutputs({"-"}, {"-"}).ok());
  // An existing output is replaced (not an input), and /dev/null may take every output.
  Write(P("out/old.jsonl"), "old");
  EXPECT_TRUE(Check({P("out/old.jsonl"), "/dev/null", "/dev/null"}).ok());
  // Inputs that do not exist are the reader's to report.
  EXPECT_TRUE(CheckOutputs({P("missing.jsonl")}, {P("out/r.jsonl")}).ok());
  // The writability test leaves nothing behind.
  for (const auto& e : fs::directory_iterator(P("out"))) {
    EXPECT_EQ(e.path().filename(), "old.jsonl");
  }
}

TEST_F(CheckOutputsTest, AnInputIsRefusedByDeviceAndInode) {
  ExpectRefused(Check({P("corpus.jsonl")}), P("corpus.jsonl"), P("corpus.jsonl"));
  ExpectRefused(Check({dir_ + "/out/../corpus.jsonl"}), "out/../corpus.jsonl", P("corpus.jsonl"));
  fs::create_symlink(P("corpus.jsonl"), P("out/link.jsonl"));
  ExpectRefused(Check({P("out/link.jsonl")}), P("out/link.jsonl"), P("corpus.jsonl"));
  fs::create_hard_link(P("corpus.jsonl"), P("out/hard.jsonl"));
  ExpectRefused(Check({P("out/hard.jsonl")}), P("out/hard.jsonl"), P("corpus.jsonl"));
  // An input given through a symlink is the file it names.
  EXPECT_FALSE(CheckOutputs({P("out/link.jsonl")}, {P("corpus.jsonl")}).ok());
  // Refused as the second output too, and the input is unchanged.
  ExpectRefused(Check({P("out/r.jsonl"), P("corpus.jsonl")}), P("corpus.jsonl"), "input");
  std::ifstream in(P("corpus.jsonl"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "{\"id\":\"a\",\"text\":\"words\"}");
}

TEST_F(CheckOutputsTest, AFileInsideAnInputDirectoryIsRefused) {
  ExpectRefused(Check({P("in/report.jsonl")}), P("in/report.jsonl"), P("in"));
  ExpectRefused(Check({P("in/sub/report.jsonl")}), P("in/sub/report.jsonl"), P("in"));
  ExpectRefused(Check({P("in/a.txt")}), P("in/a.txt"), P("in"));
  // Through a symlink outside that points in, and with the directory given through a symlink.
  fs::create_symlink(P("in/a.txt"), P("out/a.txt"));
  ExpectRefused(Check({P("out/a.txt")}), P("out/a.txt"), P("in"));
  fs::create_directory_symlink(P("in"), P("in_link"));
  ExpectRefused(CheckOutputs({P("in_link")}, {P("in/sub/r.jsonl")}), P("in/sub/r.jsonl"),
                P("in_link"));
  ExpectRefused(CheckOutputs({P("in")}, {P("in_link/r.jsonl")}), P("in_link/r.jsonl"), P("in"));
  // A folder beside the input directory is not inside it.
  EXPECT_TRUE(CheckOutputs({P("in/sub")}, {P("in/r.jsonl")}).ok());
}

TEST_F(CheckOutputsTest, TwoOutputsThatAreOneFileAreRefused) {
  ExpectRefused(Check({P("out/r.jsonl"), P("out/r.jsonl")}), P("out/r.jsonl"), "output");
  ExpectRefused(Check({P("out/r.html"), dir_ + "/out/./r.html"}), "out/./r.html",
                P("out/r.html"));
  Write(P("out/old.jsonl"), "old");
  fs::create_symlink("old.jsonl", P("out/link.jsonl"));
  ExpectRefused(Check({P("out/old.jsonl"), P("out/link.jsonl")}), P("out/link.jsonl"),
                P("out/old.jsonl"));
  // A symlink whose target does not exist yet names that target.
  fs::create_symlink("new.jsonl", P("out/dangling.jsonl"));
  ExpectRefused(Check({P("out/new.jsonl"), P("out/dangling.jsonl")}), P("out/dangling.jsonl"),
                P("out/new.jsonl"));
}

TEST_F(CheckOutputsTest, AFolderThatCannotBeWrittenFailsAtOnce) {
  const Status missing = Check({P("out/r.jsonl"), P("no/such/r.jsonl")});
  EXPECT_EQ(missing.code(), StatusCode::kIoError) << missing.ToString();
  EXPECT_NE(missing.message().find(P("no/such/r.jsonl")), std::string::npos) << missing.message();
  const Status file_as_folder = Check({P("corpus.jsonl/r.jsonl")});
  EXPECT_EQ(file_as_folder.code(), StatusCode::kIoError) << file_as_folder.ToString();
  // Even root cannot create files in /proc.
  const Status proc = Check({"/proc/textrace-report.jsonl"});
  EXPECT_EQ(proc.code(), StatusCode::kIoError) << proc.ToString();
  EXPECT_NE(proc.message().find("/proc/textrace-report.jsonl"), std::string::npos);
  const Status directory = Check({P("out")});
  EXPECT_EQ(directory.code(), StatusCode::kInvalidArgument) << directory.ToString();
  EXPECT_NE(directory.message().find("is a directory"), std::string::npos);
}

// WriteFileAtomically follows a symlink whose target does not exist yet, as CheckOutputs does.
TEST_F(CheckOutputsTest, ADanglingSymlinkIsWrittenThrough) {
  fs::create_symlink("new.jsonl", P("out/dangling.jsonl"));
  ASSERT_TRUE(WriteFileAtomically(P("out/dangling.jsonl"), "data").ok());
  EXPECT_TRUE(fs::is_symlink(P("out/dangling.jsonl")));
  std::ifstream in(P("out/new.jsonl"));
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "data");
}

}  // namespace
}  // namespace textrace
