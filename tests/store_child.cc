// The other process of the store's tests (src/index/store_test.cc, store_crash_test.cc): a reader,
// a second writer, a writer that fills the disk, a writer killed at random. It prints what it
// sees, one line each, for the test to check.
//
//   textrace_store_child [--as-nobody] MODE DIR ARGS...
//     get DIR TABLE KEY        read-only: "found VALUE", "missing" or "error MESSAGE"
//     hold DIR TABLE KEY       read-only: "before VALUE" from a transaction; after a line on stdin,
//                              "same VALUE" from that transaction and "after VALUE" from a new one
//     open-write DIR wait|now  "waiting", then "opened" or "error MESSAGE"; opened, it commits
//                              meta["child"] = "was here" and prints "committed"
//     write-batches DIR ENGINE numbered batches (store_testing.h) after the store's last, each
//                              number printed once its Commit returned; until killed
//     fill DIR LIMIT           with `ulimit -f` at LIMIT bytes, commits 8 MB: "error MESSAGE"
//     full-disk DIR ENGINE     on a 4 MiB tmpfs mounted at DIR in a mount namespace of its own
//                              (root only; exit 77 otherwise): fills the disk, then frees it
//   --as-nobody: first drops root to uid and gid 65534, so that permissions apply.
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/store.h"
#include "index/store_testing.h"

namespace textrace {
namespace {

using store_testing::kDocs;
using store_testing::kMeta;
using store_testing::TestOptions;

void Say(const std::string& line) {
  std::cout << line << std::endl;  // flushed: the test reads it at once
}

int Fail(const Status& status) {
  Say("error " + status.message());
  return 2;
}

StoreEngine EngineNamed(std::string_view name) {
  return name == "rocksdb" ? StoreEngine::kRocksDb : StoreEngine::kLmdb;
}

std::string Lookup(ReadTransaction& txn, Table table, const std::string& key) {
  std::string_view value;
  StatusOr<bool> found = txn.Get(table, key, &value);
  if (!found.ok()) return "error " + found.status().message();
  return *found ? std::string(value) : "(missing)";
}

int Get(const std::string& dir, Table table, const std::string& key) {
  auto store = Store::Open(dir, TestOptions(StoreEngine::kLmdb, /*read_only=*/true));
  if (!store.ok()) return Fail(store.status());
  auto txn = (*store)->Read();
  if (!txn.ok()) return Fail(txn.status());
  std::string_view value;
  StatusOr<bool> found = (*txn)->Get(table, key, &value);
  if (!found.ok()) return Fail(found.status());
  Say(*found ? "found " + std::string(value) : "missing");
  return 0;
}

int Hold(const std::string& dir, Table table, const std::string& key) {
  auto store = Store::Open(dir, TestOptions(StoreEngine::kLmdb, /*read_only=*/true));
  if (!store.ok()) return Fail(store.status());
  auto txn = (*store)->Read();
  if (!txn.ok()) return Fail(txn.status());
  Say("before " + Lookup(**txn, table, key));
  std::string line;
  std::getline(std::cin, line);
  Say("same " + Lookup(**txn, table, key));
  txn->reset();
  auto later = (*store)->Read();
  if (!later.ok()) return Fail(later.status());
  Say("after " + Lookup(**later, table, key));
  return 0;
}

int OpenWrite(const std::string& dir, bool wait) {
  StoreOptions options = TestOptions(StoreEngine::kLmdb);
  options.wait_for_writer = wait;
  Say("waiting");
  auto store = Store::Open(dir, options);
  if (!store.ok()) return Fail(store.status());
  Say("opened");
  auto txn = (*store)->Write();
  if (!txn.ok()) return Fail(txn.status());
  Status st = (*txn)->Put(kMeta, "child", "was here");
  if (st.ok()) st = (*txn)->Commit();
  if (!st.ok()) return Fail(st);
  Say("committed");
  return 0;
}

int WriteBatches(const std::string& dir, StoreEngine engine) {
  auto store = Store::Open(dir, TestOptions(engine));
  if (!store.ok()) return Fail(store.status());
  uint32_t batch = 0;
  {
    auto txn = (*store)->Read();
    if (!txn.ok()) return Fail(txn.status());
    auto last = store_testing::LastBatch(**txn);
    if (!last.ok()) return Fail(last.status());
    batch = *last;
  }
  while (true) {
    ++batch;
    auto txn = (*store)->Write();
    if (!txn.ok()) return Fail(txn.status());
    Status st = store_testing::WriteBatchNumbered(**txn, batch);
    if (st.ok()) st = (*txn)->Commit();
    if (!st.ok()) return Fail(st);
    Say(std::to_string(batch));
  }
}

// Commits `bytes` of values under keys that start with `prefix`: the commit that fails.
Status CommitBig(Store& store, const std::string& prefix, size_t bytes) {
  ASSIGN_OR_RETURN(auto txn, store.Write());
  const std::string value(64 * 1024, 'x');
  for (size_t i = 0; i * value.size() < bytes; ++i) {
    RETURN_IF_ERROR(txn->Put(kDocs, prefix + std::to_string(i), value));
  }
  return txn->Commit();
}

int Fill(const std::string& dir, uint64_t limit) {
  auto store = Store::Open(dir, TestOptions(StoreEngine::kLmdb));
  if (!store.ok()) return Fail(store.status());
  signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing
  const rlimit limits{limit, limit};
  setrlimit(RLIMIT_FSIZE, &limits);
  const Status st = CommitBig(**store, "big", 8 << 20);
  if (st.ok()) {
    Say("committed");
    return 0;
  }
  return Fail(st);
}

// "k1=yes k2=no": whether meta's keys k1 and k2 are there.
std::string KeysThere(Store& store) {
  auto txn = store.Read();
  if (!txn.ok()) return "error " + txn.status().message();
  std::string out;
  for (const char* key : {"k1", "k2"}) {
    std::string_view value;
    StatusOr<bool> found = (*txn)->Get(kMeta, key, &value);
    out += std::string(out.empty() ? "" : " ") + key + "=" +
           (!found.ok() ? "error"
            : *found    ? "yes"
                        : "no");
  }
  return out;
}

Status CommitKey(Store& store, const std::string& key) {
  ASSIGN_OR_RETURN(auto txn, store.Write());
  RETURN_IF_ERROR(txn->Put(kMeta, key, std::string(1000, 'v')));
  return txn->Commit();
}

int FullDisk(const std::string& mount_point, StoreEngine engine) {
  if (geteuid() != 0 || unshare(CLONE_NEWNS) != 0 ||
      mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
      mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=4m") != 0) {
    Say("skip: mounting a tmpfs needs root");
    return 77;
  }
  const std::string dir = mount_point + "/store";
  const std::string ballast = mount_point + "/ballast";
  // The filling in a process of its own (forked before any store is open), so that how it ends,
  // error or crash, is seen; then the store is opened again here.
  const pid_t filler = fork();
  if (filler == 0) {
    auto store = Store::Open(dir, TestOptions(engine));
    if (!store.ok()) return Fail(store.status());
    Status st = CommitKey(**store, "k1");
    if (!st.ok()) return Fail(st);
    // What the store has not taken of the disk, a file takes: the next commit finds it full.
    std::ofstream fill(ballast, std::ios::binary);
    const std::string block(64 * 1024, 'b');
    while (fill.write(block.data(), block.size())) {
    }
    fill.close();
    st = CommitBig(**store, "k2", 1 << 20);
    if (st.ok()) st = CommitKey(**store, "k2");
    Say("full: " + (st.ok() ? std::string("committed") : st.ToString()));
    Say("after the failure: " + KeysThere(**store));
    std::exit(0);
  }
  int status = 0;
  waitpid(filler, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Say("the filling process died: " + (WIFSIGNALED(status)
                                            ? "signal " + std::to_string(WTERMSIG(status))
                                            : "exit " + std::to_string(WEXITSTATUS(status))));
  }
  std::remove(ballast.c_str());
  auto store = Store::Open(dir, TestOptions(engine));
  if (!store.ok()) return Fail(store.status());
  Say("reopened: " + KeysThere(**store));
  const Status st = CommitKey(**store, "k2");
  Say(st.ok() ? "wrote on: " + KeysThere(**store) : "error " + st.message());
  return 0;
}

int Main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--as-nobody") {
    args.erase(args.begin());
    if (geteuid() == 0 && (setgroups(0, nullptr) != 0 || setresgid(65534, 65534, 65534) != 0 ||
                           setresuid(65534, 65534, 65534) != 0)) {
      Say("error cannot drop root");
      return 2;
    }
  }
  if (args.size() < 2) {
    std::cerr << "usage: textrace_store_child [--as-nobody] MODE DIR ARGS...\n";
    return 2;
  }
  const std::string& mode = args[0];
  const std::string& dir = args[1];
  if (mode == "get" && args.size() == 4) return Get(dir, std::stoi(args[2]), args[3]);
  if (mode == "hold" && args.size() == 4) return Hold(dir, std::stoi(args[2]), args[3]);
  if (mode == "open-write" && args.size() == 3) return OpenWrite(dir, args[2] == "wait");
  if (mode == "write-batches" && args.size() == 3) return WriteBatches(dir, EngineNamed(args[2]));
  if (mode == "fill" && args.size() == 3) return Fill(dir, std::stoull(args[2]));
  if (mode == "full-disk" && args.size() == 3) return FullDisk(dir, EngineNamed(args[2]));
  std::cerr << "textrace_store_child: bad arguments\n";
  return 2;
}

}  // namespace
}  // namespace textrace

int main(int argc, char** argv) { return textrace::Main(argc, argv); }
