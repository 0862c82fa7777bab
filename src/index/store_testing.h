// For the store's tests and their child process (tests/store_child.cc): the tables they use, the
// numbered batches of the crash test, and a child process to talk to.
#ifndef TEXTRACE_INDEX_STORE_TESTING_H_
#define TEXTRACE_INDEX_STORE_TESTING_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "index/store.h"
#include "textrace/status.h"

namespace textrace {
namespace store_testing {

enum TestTable : int { kMeta, kDocs, kPostings };

// The engines of this build, for the tests that run on each.
inline std::vector<StoreEngine> BuiltEngines() {
  std::vector<StoreEngine> engines;
  for (StoreEngine e : {StoreEngine::kLmdb, StoreEngine::kRocksDb}) {
    if (StoreEngineBuilt(e)) engines.push_back(e);
  }
  return engines;
}

inline StoreOptions TestOptions(StoreEngine engine, bool read_only = false) {
  StoreOptions options;
  options.tables = {"meta", "docs", "postings"};
  options.engine = engine;
  options.read_only = read_only;
  return options;
}

inline std::string BigEndian32(uint32_t n) {
  const char bytes[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                         static_cast<char>(n >> 8), static_cast<char>(n)};
  return std::string(bytes, 4);
}

inline uint32_t ReadBigEndian32(std::string_view s) {
  uint32_t n = 0;
  for (size_t i = 0; i < 4 && i < s.size(); ++i) n = (n << 8) | static_cast<unsigned char>(s[i]);
  return n;
}

// The crash test's batches. Batch n (from 1) writes, in one transaction: kBatchItems postings
// BigEndian32(n) + BigEndian32(i) with BatchItemValue(n, i); the marker docs[BigEndian32(n)] =
// BigEndian32(kBatchItems); and meta["last"] = BigEndian32(n).
inline constexpr uint32_t kBatchItems = 200;

inline std::string BatchItemValue(uint32_t batch, uint32_t item) {
  std::string value = BigEndian32(batch) + BigEndian32(item);
  value.resize(96, static_cast<char>('a' + (batch + item) % 26));
  return value;
}

inline Status WriteBatchNumbered(WriteTransaction& txn, uint32_t batch) {
  const std::string prefix = BigEndian32(batch);
  for (uint32_t i = 0; i < kBatchItems; ++i) {
    RETURN_IF_ERROR(txn.Put(kPostings, prefix + BigEndian32(i), BatchItemValue(batch, i)));
  }
  RETURN_IF_ERROR(txn.Put(kDocs, prefix, BigEndian32(kBatchItems)));
  return txn.Put(kMeta, "last", prefix);
}

// The last batch of the store (0: none yet).
inline StatusOr<uint32_t> LastBatch(ReadTransaction& txn) {
  std::string_view last;
  ASSIGN_OR_RETURN(const bool found, txn.Get(kMeta, "last", &last));
  return found ? ReadBigEndian32(last) : 0;
}

// A fresh folder under $TMPDIR (or /tmp), removed with what it holds; `path()` does not exist yet
// (the store makes it), its parent does.
class TempStoreDir {
 public:
  TempStoreDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/textrace-store-XXXXXX";
    if (mkdtemp(tmpl.data()) != nullptr) parent_ = tmpl;
  }
  ~TempStoreDir() {
    std::error_code ec;
    std::filesystem::remove_all(parent_, ec);
  }
  TempStoreDir(const TempStoreDir&) = delete;
  TempStoreDir& operator=(const TempStoreDir&) = delete;

  const std::string& parent() const { return parent_; }
  std::string path() const { return parent_ + "/store"; }

 private:
  std::string parent_;
};

// A child process running `args` (args[0] the program), its stdout and stderr on one pipe and its
// stdin on another.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    int out[2];
    int in[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(in, O_CLOEXEC) != 0) return;
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {  // only async-signal-safe calls until exec
      dup2(out[1], 1);
      dup2(out[1], 2);
      dup2(in[0], 0);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    close(in[0]);
    out_ = out[0];
    in_ = in[1];
  }
  ~Child() {
    if (pid_ > 0) {
      Kill();
      Wait();
    }
    if (out_ >= 0) close(out_);
    if (in_ >= 0) close(in_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  // The next line it writes, without the newline ("" at its end).
  std::string ReadLine() {
    std::string line;
    char c;
    while (read(out_, &c, 1) == 1 && c != '\n') line += c;
    return line;
  }
  // All it writes until it ends.
  std::string ReadAll() {
    std::string all;
    char buf[4096];
    ssize_t n;
    while ((n = read(out_, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
      if (n > 0) all.append(buf, n);
    }
    return all;
  }
  void WriteLine(const std::string& line) {
    const std::string text = line + "\n";
    if (write(in_, text.data(), text.size()) < 0) {
      // The child has gone: what it wrote says why.
    }
  }
  void Kill() {
    if (pid_ > 0) kill(pid_, SIGKILL);
  }
  // Its exit code (128 + the signal that ended it).
  int Wait() {
    if (pid_ <= 0) return -1;
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int in_ = -1;
};

}  // namespace store_testing
}  // namespace textrace

#endif  // TEXTRACE_INDEX_STORE_TESTING_H_
