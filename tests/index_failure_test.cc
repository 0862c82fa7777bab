// `textrace index add` against a wall (issue 30): past the file size limit (`ulimit -f`), on a
// full disk (a small tmpfs), into a folder it may not write. Each gives a clear error naming the
// folder, and leaves the index as its last committed batch left it: every batch the add reported
// committed is there, nothing of the failed one, `index check` passes, and a later add goes on.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "textrace/index.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct ShellResult {
  int exit_code = -1;  // -1: ended by a signal
  int signal = 0;
  std::string out, err;
};

// Runs a bash command line (bash: its `ulimit -f` counts KiB), its stdout and stderr caught.
ShellResult Shell(const fs::path& dir, const std::string& command) {
  const fs::path script = dir / "run.sh", out = dir / "run.out", err = dir / "run.err";
  std::ofstream(script) << command << "\n";
  const int status = std::system(("/bin/bash " + Quote(script.string()) + " >" +
                                  Quote(out.string()) + " 2>" + Quote(err.string()) + " </dev/null")
                                     .c_str());
  ShellResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

// The "committed batch N (K documents)" lines of an add's stderr: batch -> documents.
std::map<uint32_t, int64_t> Committed(const std::string& err) {
  std::map<uint32_t, int64_t> out;
  static const std::regex line(R"(textrace index: committed batch (\d+) \((\d+) documents\))");
  for (auto it = std::sregex_iterator(err.begin(), err.end(), line); it != std::sregex_iterator();
       ++it) {
    out[static_cast<uint32_t>(std::stoul((*it)[1]))] = std::stoll((*it)[2]);
  }
  return out;
}

class IndexFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/textrace-index-failure-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    idx_ = (dir_ / "idx").string();
    // 160 documents of about 5 KB, words drawn at random from the sample texts: no two alike, so
    // that the batches grow the index.
    std::vector<std::string> words;
    for (const auto& e : fs::directory_iterator(kSample)) {
      std::istringstream in(ReadFile(e.path()));
      for (std::string w; in >> w;) words.push_back(w);
    }
    std::mt19937 random(20261206);
    std::uniform_int_distribution<size_t> pick(0, words.size() - 1);
    fs::create_directories(dir_ / "in");
    for (int d = 0; d < 160; ++d) {
      std::string text;
      for (int w = 0; w < 800; ++w) text += words[pick(random)] + (w % 15 == 14 ? ".\n" : " ");
      char name[32];
      std::snprintf(name, sizeof name, "doc%03d.txt", d);
      std::ofstream(dir_ / "in" / name) << text;
    }
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_ / "idx", fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  // An index holding one document (batch 1).
  void MakeIndex() {
    ASSERT_TRUE(Index::Create(idx_, Options{}).ok());
    auto index = Index::Open(idx_, /*writable=*/true);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    ASSERT_TRUE((*index)->AddInputs({(kSample / "original_harbor.txt").string()}).ok());
  }

  std::vector<IndexedDocument> List() {
    auto index = Index::Open(idx_, /*writable=*/false);
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    if (!index.ok()) return {};
    const Status check = (*index)->Check();
    EXPECT_TRUE(check.ok()) << check.ToString();
    auto list = (*index)->List();
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? *list : std::vector<IndexedDocument>{};
  }

  std::string Cli() const { return Quote(TEXTRACE_CLI); }
  std::string AddCommand() const {
    return Cli() + " index add " + Quote(idx_) + " " + Quote((dir_ / "in").string()) +
           " --batch 64K --threads 1";
  }

  // After a failed add: the index holds what it held before and every batch the add reported,
  // whole, and nothing else.
  void ExpectReportedBatchesOnly(const std::vector<IndexedDocument>& before,
                                 const std::string& err) {
    const std::map<uint32_t, int64_t> committed = Committed(err);
    const std::vector<IndexedDocument> after = List();
    ASSERT_GE(after.size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) {
      EXPECT_EQ(after[i].id, before[i].id);
      EXPECT_EQ(after[i].batch, before[i].batch);
    }
    std::map<uint32_t, int64_t> found;
    for (size_t i = before.size(); i < after.size(); ++i) ++found[after[i].batch];
    EXPECT_EQ(found, committed) << err;
  }

  fs::path dir_;
  std::string idx_;
};

TEST_F(IndexFailureTest, PastTheFileSizeLimitTheAddSaysSoAndKeepsItsCommittedBatches) {
  MakeIndex();
  const std::vector<IndexedDocument> before = List();
  ASSERT_EQ(before.size(), 1u);
  const uintmax_t size = fs::file_size(dir_ / "idx" / "data.mdb");
  // A limit at the data file's size: the first write that grows it begins at the limit (where
  // the kernel sends SIGXFSZ, which textrace ignores: the write fails with EFBIG).
  ShellResult r =
      Shell(dir_, "ulimit -f " + std::to_string(size / 1024) + "; exec " + AddCommand());
  EXPECT_EQ(r.signal, 0) << "killed by a signal: " << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(idx_ + ": a file would pass the size limit (ulimit -f"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("the store keeps its last commit"), std::string::npos) << r.err;
  EXPECT_TRUE(Committed(r.err).empty()) << r.err;
  ExpectReportedBatchesOnly(before, r.err);
  // Room for a few batches: those commit, the one that meets the limit does not.
  r = Shell(dir_, "ulimit -f " + std::to_string(size / 1024 + 1536) + "; exec " + AddCommand());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("a file would pass the size limit"), std::string::npos) << r.err;
  EXPECT_FALSE(Committed(r.err).empty()) << "no batch fitted under the limit: " << r.err;
  ExpectReportedBatchesOnly(before, r.err);
  // Without the limit, the add goes on: the documents indexed already are skipped.
  r = Shell(dir_, "exec " + AddCommand());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(List().size(), 161u);
}

TEST_F(IndexFailureTest, OnAFullDiskTheAddSaysSoAndKeepsItsCommittedBatches) {
  // A 3 MiB tmpfs in a mount namespace of the shell's own (root only).
  if (geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root";
  const fs::path mnt = dir_ / "mnt";
  fs::create_directories(mnt);
  const std::string idx = (mnt / "idx").string();
  const std::string in_ns =
      "mount -t tmpfs -o size=3m tmpfs " + Quote(mnt.string()) + " || exit 77\n" + Cli() +
      " index create " + Quote(idx) + " || exit 10\n" + Cli() + " index add " + Quote(idx) + " " +
      Quote((kSample / "original_harbor.txt").string()) + " 2>/dev/null || exit 11\n" + Cli() +
      " index list " + Quote(idx) + " > " + Quote((dir_ / "before.list").string()) + "\n" + Cli() +
      " index add " + Quote(idx) + " " + Quote((dir_ / "in").string()) +
      " --batch 64K --threads 1\necho \"add exit $?\" >&2\n" + Cli() + " index check " +
      Quote(idx) + " >&2 || exit 12\n" + Cli() + " index list " + Quote(idx) + " > " +
      Quote((dir_ / "after.list").string()) + "\n";
  std::ofstream(dir_ / "ns.sh") << in_ns;
  const ShellResult r = Shell(dir_, "unshare -m /bin/sh " + Quote((dir_ / "ns.sh").string()));
  if (r.exit_code == 77 || r.err.find("unshare failed") != std::string::npos) {
    GTEST_SKIP() << "no tmpfs here: " << r.err;
  }
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("add exit 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(idx + ": the disk is full"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the store keeps its last commit"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": ok ("), std::string::npos) << "index check: " << r.err;
  // The listing after: the document before, and the reported batches' documents, no more.
  auto count_batches = [](const std::string& listing) {
    std::map<uint32_t, int64_t> n;
    static const std::regex batch(R"("batch":(\d+))");
    for (auto it = std::sregex_iterator(listing.begin(), listing.end(), batch);
         it != std::sregex_iterator(); ++it) {
      ++n[static_cast<uint32_t>(std::stoul((*it)[1]))];
    }
    return n;
  };
  std::map<uint32_t, int64_t> after = count_batches(ReadFile(dir_ / "after.list"));
  EXPECT_EQ(count_batches(ReadFile(dir_ / "before.list")), (std::map<uint32_t, int64_t>{{1, 1}}));
  after.erase(1);
  EXPECT_FALSE(Committed(r.err).empty()) << "no batch fitted on the disk: " << r.err;
  EXPECT_EQ(after, Committed(r.err)) << r.err;
}

TEST_F(IndexFailureTest, AnUnwritableFolderIsAClearErrorAndNothingChanges) {
  MakeIndex();
  const std::vector<IndexedDocument> before = List();
  const std::string data_before = ReadFile(dir_ / "idx" / "data.mdb");
  // The folder readable, not writable; root must drop to nobody for that to bind.
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir_ / "in",
                  fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir_ / "idx", fs::perms::owner_read | fs::perms::owner_exec |
                                    fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
  std::string as = "exec ";
  if (geteuid() == 0) {
    if (Shell(dir_, "setpriv --reuid=65534 --regid=65534 --clear-groups true").exit_code != 0) {
      GTEST_SKIP() << "root cannot become nobody here (setpriv)";
    }
    as = "exec setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  const ShellResult r = Shell(dir_, as + AddCommand());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(idx_ + ": permission denied"), std::string::npos) << r.err;
  EXPECT_TRUE(Committed(r.err).empty()) << r.err;
  fs::permissions(dir_ / "idx", fs::perms::owner_write, fs::perm_options::add);
  EXPECT_EQ(ReadFile(dir_ / "idx" / "data.mdb"), data_before) << "the data file changed";
  ExpectReportedBatchesOnly(before, r.err);
}

}  // namespace
}  // namespace textrace
