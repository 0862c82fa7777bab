// The index store's engines on the access pattern the persistent index will have (bench/RESULTS.md
// has the figures, docs/index-store.md the choice they made):
//   (a) bulk insert: batches of documents from a real collection, each document its
//       zstd-compressed text, twice that of other data (its posting keys among it) and 300 posting
//       keys (a 16-byte key + the 4-byte big-endian document number, empty value); one commit
//       a batch;
//   (b) query: a random document's 300 posting prefixes scanned plus 20 random document gets,
//       one thread, warm store;
//   (c) a whole process that opens the store read-only and gets one document;
//   (d) the store's size on disk against the text's;
//   (e) a reader's latency while a writer commits batches: one that keeps its store open, one
//       that opens it for each query (a `textrace query` process).
//
//   textrace_store_bench [--corpus FILE.jsonl] [--repeat N] [--batch N] [--more-batches N]
//                        [--queries N] [--engines lmdb,rocksdb] [--dir DIR] [--sorted yes|no]
//                        [--readers yes|no]
// --sorted yes: a batch's postings are put in key order; --readers no: skips (e).
//
// The posting keys of a document are the 300 smallest hashes of its 5-word shingles (so
// documents that share text share keys); --repeat N > 1 adds the collection N-1 more times as new
// documents: the same texts, their keys mixed with the repetition's number.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "index/store.h"
#include "ingest/json_line.h"
#include "util/hash.h"

namespace textrace {
namespace {

using Clock = std::chrono::steady_clock;

enum BenchTable : int { kMeta, kDocs, kDocData, kPostings };
constexpr int kKeysPerDoc = 300;
constexpr int kKeySize = 16;
constexpr int kGetsPerQuery = 20;

StoreOptions BenchOptions(StoreEngine engine, bool read_only) {
  StoreOptions options;
  options.tables = {"meta", "docs", "docdata", "postings"};
  options.engine = engine;
  options.read_only = read_only;
  return options;
}

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

std::string BigEndian32(uint32_t n) {
  const char b[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                     static_cast<char>(n >> 8), static_cast<char>(n)};
  return std::string(b, 4);
}

void PutBigEndian64(uint64_t v, char* out) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v);
    v >>= 8;
  }
}

struct Doc {
  std::string compressed;  // zstd level 3
  size_t text_bytes = 0;
  std::vector<uint64_t> key_hashes;  // kKeysPerDoc shingle hashes (fewer for short texts)
};

// The 16-byte posting key of a shingle hash, in repetition `rep` of the collection.
std::string PostingKey(uint64_t hash, uint32_t rep) {
  char key[kKeySize];
  PutBigEndian64(Mix64(hash ^ (uint64_t{rep} << 56)), key);
  PutBigEndian64(Mix64(hash + 0x51ed2701 + rep), key + 8);
  return std::string(key, kKeySize);
}

std::vector<uint64_t> ShingleHashes(std::string_view text) {
  std::vector<uint64_t> words;
  uint64_t h = 0xcbf29ce484222325ULL;
  bool in_word = false;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      h = (h ^ static_cast<unsigned char>(std::tolower(c))) * 0x100000001b3ULL;
      in_word = true;
    } else if (in_word) {
      words.push_back(h);
      h = 0xcbf29ce484222325ULL;
      in_word = false;
    }
  }
  if (in_word) words.push_back(h);
  std::vector<uint64_t> shingles;
  for (size_t i = 0; i + 5 <= words.size(); ++i) {
    uint64_t s = 0;
    for (size_t j = 0; j < 5; ++j) s = Mix64(s ^ words[i + j]);
    shingles.push_back(s);
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  if (shingles.size() > kKeysPerDoc) shingles.resize(kKeysPerDoc);  // the bottom 300
  return shingles;
}

std::vector<Doc> LoadCorpus(const std::string& path) {
  std::ifstream in(path);
  std::vector<Doc> docs;
  std::string line;
  std::vector<JsonLineField> fields;
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  while (std::getline(in, line)) {
    if (!ParseFlatJsonLine(line, &fields)) continue;
    for (const JsonLineField& f : fields) {
      if (f.key != "text" || f.kind != JsonLineField::Kind::kString) continue;
      Doc doc;
      doc.text_bytes = f.value.size();
      doc.compressed.resize(ZSTD_compressBound(f.value.size()));
      doc.compressed.resize(ZSTD_compressCCtx(cctx, doc.compressed.data(), doc.compressed.size(),
                                              f.value.data(), f.value.size(), 3));
      doc.key_hashes = ShingleHashes(f.value);
      docs.push_back(std::move(doc));
    }
  }
  ZSTD_freeCCtx(cctx);
  return docs;
}

// Incompressible bytes for the "other data" beyond the keys.
const std::string& Filler() {
  static const std::string* filler = [] {
    auto* s = new std::string(1 << 20, '\0');
    std::mt19937_64 random(7);
    for (char& c : *s) c = static_cast<char>(random());
    return s;
  }();
  return *filler;
}

// The document record besides its text: its posting keys, then filler up to twice the
// compressed text's size.
std::string DocData(const Doc& doc, uint32_t rep, uint32_t number) {
  std::string data;
  for (uint64_t h : doc.key_hashes) data += PostingKey(h, rep);
  const size_t want = 2 * doc.compressed.size();
  if (data.size() < want) {
    const size_t offset = (number * 7919u) % (Filler().size() - want);
    data.append(Filler(), offset, want - data.size());
  }
  return data;
}

struct Percentiles {
  double p50 = 0, p99 = 0, mean = 0;
  size_t count = 0;
};

Percentiles Summarize(std::vector<double> v) {
  Percentiles p;
  p.count = v.size();
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  p.p50 = v[v.size() / 2];
  p.p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
  double sum = 0;
  for (double x : v) sum += x;
  p.mean = sum / v.size();
  return p;
}

// One query: the document's posting keys (from its record), each key's postings, 20 random
// documents' texts. Returns the postings read.
StatusOr<size_t> Query(ReadTransaction& txn, uint32_t doc, std::mt19937& random,
                       uint32_t docs_stored) {
  std::string_view data;
  ASSIGN_OR_RETURN(bool found, txn.Get(kDocData, BigEndian32(doc), &data));
  if (!found) return NotFoundError(fmt::format("document {} is not stored", doc));
  size_t postings = 0;
  for (size_t k = 0; k < kKeysPerDoc && (k + 1) * kKeySize <= data.size(); ++k) {
    RETURN_IF_ERROR(txn.ScanPrefix(kPostings, data.substr(k * kKeySize, kKeySize),
                                   [&](std::string_view, std::string_view) {
                                     ++postings;
                                     return true;
                                   }));
  }
  std::uniform_int_distribution<uint32_t> any(0, docs_stored - 1);
  for (int i = 0; i < kGetsPerQuery; ++i) {
    std::string_view text;
    ASSIGN_OR_RETURN(found, txn.Get(kDocs, BigEndian32(any(random)), &text));
    if (!found || text.empty()) return NotFoundError("a document's text is missing");
  }
  return postings;
}

struct BatchLine {
  uint32_t docs_after = 0;
  double seconds = 0;
  double text_mb = 0;
};

// Writes documents [first, first + count) of the (repeated) collection, `batch` a commit.
// `sorted`: a batch's postings are put in key order (else document by document).
Status Load(Store& store, const std::vector<Doc>& corpus, uint32_t first, uint32_t count,
            uint32_t batch, bool sorted, std::vector<BatchLine>* lines, bool print) {
  std::vector<std::string> postings;
  for (uint32_t start = first; start < first + count; start += batch) {
    const uint32_t end = std::min(first + count, start + batch);
    const Clock::time_point t0 = Clock::now();
    ASSIGN_OR_RETURN(auto txn, store.Write());
    size_t text = 0;
    postings.clear();
    for (uint32_t n = start; n < end; ++n) {
      const Doc& doc = corpus[n % corpus.size()];
      const uint32_t rep = n / corpus.size();
      const std::string number = BigEndian32(n);
      text += doc.text_bytes;
      RETURN_IF_ERROR(txn->Put(kDocs, number, doc.compressed));
      RETURN_IF_ERROR(txn->Put(kDocData, number, DocData(doc, rep, n)));
      for (uint64_t h : doc.key_hashes) {
        if (sorted) {
          postings.push_back(PostingKey(h, rep) + number);
        } else {
          RETURN_IF_ERROR(txn->Put(kPostings, PostingKey(h, rep) + number, ""));
        }
      }
    }
    std::sort(postings.begin(), postings.end());
    for (const std::string& key : postings) RETURN_IF_ERROR(txn->Put(kPostings, key, ""));
    RETURN_IF_ERROR(txn->Put(kMeta, "next_doc", BigEndian32(end)));
    RETURN_IF_ERROR(txn->Commit());
    const double s = Seconds(t0);
    lines->push_back({end, s, text / 1e6});
    if (print) {
      std::cout << fmt::format("  batch to {:>7} docs: {:6.3f} s, {:6.1f} MB/s of text\n", end, s,
                               text / 1e6 / s)
                << std::flush;
    }
  }
  return Status::Ok();
}

// A whole process's wall time, fork to exit, in ms.
double RunProcess(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  // posix_spawn, not fork: the time of copying this large process's page tables is not the
  // child's.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  const Clock::time_point t0 = Clock::now();
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) return -1;
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  const double ms = Seconds(t0) * 1e3;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "process failed: " << args[1] << "\n";
    return -1;
  }
  return ms;
}

// Mode `open-get DIR DOC`: what `textrace query` does first.
int OpenGet(const std::string& dir, uint32_t doc) {
  auto store = Store::Open(dir, BenchOptions(StoreEngine::kLmdb, /*read_only=*/true));
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 1;
  }
  auto txn = (*store)->Read();
  std::string_view text;
  if (!txn.ok() || !(*txn)->Get(kDocs, BigEndian32(doc), &text).ok() || text.empty()) return 1;
  std::cout << text.size() << "\n";
  return 0;
}

// Mode `reader DIR DOCS keep|reopen`: queries until stdin closes, then prints
// "p50_ms p99_ms count failures".
int Reader(const std::string& dir, uint32_t docs, bool reopen) {
  // stdin closing is the signal to stop: watch it from a thread.
  std::atomic<bool> stop{false};
  std::thread watcher([&] {
    char c;
    while (read(0, &c, 1) > 0) {
    }
    stop = true;
  });
  std::mt19937 random(11);
  std::uniform_int_distribution<uint32_t> any(0, docs - 1);
  std::vector<double> ms;
  size_t failures = 0;
  std::string first_failure;
  std::unique_ptr<Store> kept;
  while (!stop) {
    const Clock::time_point t0 = Clock::now();
    std::unique_ptr<Store> opened;
    Store* store = kept.get();
    if (store == nullptr) {
      auto s = Store::Open(dir, BenchOptions(StoreEngine::kLmdb, /*read_only=*/true));
      if (!s.ok()) {
        if (first_failure.empty()) first_failure = s.status().ToString();
        ++failures;
        continue;
      }
      opened = std::move(s).value();
      store = opened.get();
    }
    StatusOr<size_t> postings = InternalError("no transaction");
    {
      auto txn = store->Read();
      postings = txn.ok() ? Query(**txn, any(random), random, docs) : txn.status();
    }
    if (!postings.ok()) {
      if (first_failure.empty()) first_failure = postings.status().ToString();
      ++failures;
    }
    if (!reopen && kept == nullptr) {
      kept = std::move(opened);
    } else {
      opened.reset();
    }
    ms.push_back(Seconds(t0) * 1e3);
  }
  watcher.join();
  const Percentiles p = Summarize(ms);
  std::cout << fmt::format("{:.3f} {:.3f} {} {}\n", p.p50, p.p99, p.count, failures);
  if (!first_failure.empty()) std::cerr << "first failure: " << first_failure << "\n";
  return 0;
}

struct Options {
  std::string corpus = "/tmp/gen100/corpus.jsonl";
  std::string dir = "/tmp/textrace-store-bench";
  uint32_t repeat = 1;
  uint32_t batch = 2000;
  uint32_t more_batches = 4;
  uint32_t queries = 3000;
  bool sorted = false;
  bool skip_readers = false;
  std::vector<StoreEngine> engines = {StoreEngine::kLmdb, StoreEngine::kRocksDb};
};

struct EngineResult {
  std::string name;
  std::vector<BatchLine> batches;
  double load_seconds = 0;
  uint64_t text_bytes = 0, compressed_bytes = 0, disk_bytes = 0;
  Percentiles query;
  double postings_per_query = 0;
  Percentiles startup, noop;
  Percentiles keep_during_writes, reopen_during_writes;
  size_t keep_failures = 0, reopen_failures = 0;
  double write_seconds_with_readers = 0;
};

// Runs the reader mode in a child while the writer adds `batches` batches; returns the reader's
// summary line.
StatusOr<std::string> ReadWhileWriting(const std::string& self, const std::string& path,
                                       StoreEngine engine, const std::vector<Doc>& corpus,
                                       uint32_t stored, uint32_t batch, uint32_t batches,
                                       bool sorted, bool reopen, double* write_seconds) {
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) return IoError("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[1]);
    close(from_child[0]);
    execl(self.c_str(), self.c_str(), "reader", path.c_str(), std::to_string(stored).c_str(),
          reopen ? "reopen" : "keep", nullptr);
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the reader warms up
  Status st;
  {
    auto store = Store::Open(path, BenchOptions(engine, /*read_only=*/false));
    if (!store.ok()) {
      st = store.status();
    } else {
      std::vector<BatchLine> lines;
      const Clock::time_point t0 = Clock::now();
      // The documents after those stored: new numbers, the collection's next repetition.
      uint32_t first = stored;
      {
        auto next = (*store)->Read();
        std::string_view value;
        if (next.ok() && (*next)->Get(kMeta, "next_doc", &value).ok() && value.size() == 4) {
          first = (uint32_t{uint8_t(value[0])} << 24) | (uint32_t{uint8_t(value[1])} << 16) |
                  (uint32_t{uint8_t(value[2])} << 8) | uint8_t(value[3]);
        }
      }
      st = Load(**store, corpus, first, batch * batches, batch, sorted, &lines, false);
      *write_seconds = Seconds(t0);
    }
  }
  close(to_child[1]);
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = read(from_child[0], buf, sizeof(buf))) > 0) out.append(buf, n);
  close(from_child[0]);
  waitpid(pid, nullptr, 0);
  RETURN_IF_ERROR(st);
  return out;
}

Status RunEngine(const Options& o, const std::string& self, const std::vector<Doc>& corpus,
                 StoreEngine engine, EngineResult* r) {
  r->name = std::string(StoreEngineName(engine));
  const std::string path = o.dir + "/" + r->name;
  std::filesystem::remove_all(path);
  const uint32_t total = static_cast<uint32_t>(corpus.size()) * o.repeat;
  for (uint32_t n = 0; n < total; ++n) {
    r->text_bytes += corpus[n % corpus.size()].text_bytes;
    r->compressed_bytes += corpus[n % corpus.size()].compressed.size();
  }
  std::cout << fmt::format("== {}: (a) loading {} documents in batches of {}\n", r->name, total,
                           o.batch);
  {
    ASSIGN_OR_RETURN(auto store, Store::Open(path, BenchOptions(engine, /*read_only=*/false)));
    const Clock::time_point t0 = Clock::now();
    RETURN_IF_ERROR(Load(*store, corpus, 0, total, o.batch, o.sorted, &r->batches, true));
    r->load_seconds = Seconds(t0);
  }
  {
    ASSIGN_OR_RETURN(auto store, Store::Open(path, BenchOptions(engine, /*read_only=*/true)));
    ASSIGN_OR_RETURN(StoreStats stats, store->Stats());
    r->disk_bytes = stats.disk_bytes;
    std::cout << fmt::format("== {}: (d) {:.1f} MB on disk for {:.1f} MB of text\n", r->name,
                             stats.disk_bytes / 1e6, r->text_bytes / 1e6);
    std::cout << fmt::format("== {}: (b) {} queries, one thread\n", r->name, o.queries);
    std::mt19937 random(5);
    std::uniform_int_distribution<uint32_t> any(0, total - 1);
    std::vector<double> ms;
    size_t postings = 0;
    for (uint32_t q = 0; q < o.queries + o.queries / 5; ++q) {
      const Clock::time_point t0 = Clock::now();
      ASSIGN_OR_RETURN(auto txn, store->Read());
      ASSIGN_OR_RETURN(size_t n, Query(*txn, any(random), random, total));
      if (q >= o.queries / 5) {  // the first fifth warms up
        ms.push_back(Seconds(t0) * 1e3);
        postings += n;
      }
    }
    r->query = Summarize(ms);
    r->postings_per_query = static_cast<double>(postings) / o.queries;
  }
  std::cout << fmt::format("== {}: (c) process start, open, one get\n", r->name);
  std::vector<double> startup, noop;
  for (int i = 0; i < 30; ++i) {
    noop.push_back(RunProcess({self, "noop"}));
    startup.push_back(RunProcess({self, "open-get", path, std::to_string(i * 97 % total)}));
  }
  r->startup = Summarize(startup);
  r->noop = Summarize(noop);
  if (o.skip_readers) return Status::Ok();
  std::cout << fmt::format("== {}: (e) readers while {} batches are written\n", r->name,
                           o.more_batches);
  for (bool reopen : {false, true}) {
    double seconds = 0;
    ASSIGN_OR_RETURN(std::string line,
                     ReadWhileWriting(self, path, engine, corpus, total, o.batch, o.more_batches,
                                      o.sorted, reopen, &seconds));
    Percentiles p;
    size_t failures = 0;
    if (std::sscanf(line.c_str(), "%lf %lf %zu %zu", &p.p50, &p.p99, &p.count, &failures) != 4) {
      return InternalError("reader said: " + line);
    }
    (reopen ? r->reopen_during_writes : r->keep_during_writes) = p;
    (reopen ? r->reopen_failures : r->keep_failures) = failures;
    r->write_seconds_with_readers += seconds;
  }
  return Status::Ok();
}

void PrintResults(const Options& o, const std::vector<EngineResult>& results) {
  std::cout << "\n| measure | ";
  for (const EngineResult& r : results) std::cout << r.name << " | ";
  std::cout << "\n|---|";
  for (size_t i = 0; i < results.size(); ++i) std::cout << "---|";
  std::cout << "\n";
  auto row = [&](const std::string& name, auto cell) {
    std::cout << "| " << name << " | ";
    for (const EngineResult& r : results) std::cout << cell(r) << " | ";
    std::cout << "\n";
  };
  row("(a) load, all batches: s (MB/s of text)", [](const EngineResult& r) {
    return fmt::format("{:.1f} ({:.1f})", r.load_seconds, r.text_bytes / 1e6 / r.load_seconds);
  });
  // Seconds a batch at a few points of the growth: the first, the middle, the last.
  for (double at : {0.0, 0.5, 1.0}) {
    row(fmt::format("(a) batch at {:.0f}% of the load: s", at * 100), [&](const EngineResult& r) {
      const size_t i = std::min(r.batches.size() - 1, static_cast<size_t>(at * r.batches.size()));
      return fmt::format("{:.2f} (to {} docs)", r.batches[i].seconds, r.batches[i].docs_after);
    });
  }
  row("(a) slowest batch: s", [](const EngineResult& r) {
    double m = 0;
    for (const BatchLine& b : r.batches) m = std::max(m, b.seconds);
    return fmt::format("{:.2f}", m);
  });
  row("(b) query p50 / p99 / mean: ms", [](const EngineResult& r) {
    return fmt::format("{:.3f} / {:.3f} / {:.3f}", r.query.p50, r.query.p99, r.query.mean);
  });
  row("(b) postings read a query",
      [](const EngineResult& r) { return fmt::format("{:.0f}", r.postings_per_query); });
  row("(c) process: open read-only + 1 get, p50 / p99: ms", [](const EngineResult& r) {
    return fmt::format("{:.1f} / {:.1f}", r.startup.p50, r.startup.p99);
  });
  row("(c) same binary doing nothing, p50: ms",
      [](const EngineResult& r) { return fmt::format("{:.1f}", r.noop.p50); });
  row("(d) size on disk: MB (x compressed text, x text)", [](const EngineResult& r) {
    return fmt::format("{:.0f} ({:.2f}x, {:.2f}x)", r.disk_bytes / 1e6,
                       double(r.disk_bytes) / r.compressed_bytes,
                       double(r.disk_bytes) / r.text_bytes);
  });
  row("(e) reader keeping the store open, p50 / p99: ms (queries, failures)",
      [](const EngineResult& r) {
        return fmt::format("{:.3f} / {:.3f} ({}, {})", r.keep_during_writes.p50,
                           r.keep_during_writes.p99, r.keep_during_writes.count, r.keep_failures);
      });
  row("(e) reader opening the store each query, p50 / p99: ms (queries, failures)",
      [](const EngineResult& r) {
        return fmt::format("{:.3f} / {:.3f} ({}, {})", r.reopen_during_writes.p50,
                           r.reopen_during_writes.p99, r.reopen_during_writes.count,
                           r.reopen_failures);
      });
  row(fmt::format("(e) the writer's {} batches meanwhile: s", 2 * o.more_batches),
      [](const EngineResult& r) { return fmt::format("{:.1f}", r.write_seconds_with_readers); });
}

int Main(int argc, char** argv) {
  std::cout.setf(std::ios::unitbuf);  // progress lines as they come
  const std::string self = std::filesystem::canonical("/proc/self/exe").string();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "noop") return 0;
  if (args.size() == 3 && args[0] == "open-get") return OpenGet(args[1], std::stoul(args[2]));
  if (args.size() == 4 && args[0] == "reader") {
    return Reader(args[1], std::stoul(args[2]), args[3] == "reopen");
  }
  Options o;
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    const std::string& flag = args[i];
    const std::string& value = args[i + 1];
    if (flag == "--corpus") {
      o.corpus = value;
    } else if (flag == "--dir") {
      o.dir = value;
    } else if (flag == "--repeat") {
      o.repeat = std::stoul(value);
    } else if (flag == "--batch") {
      o.batch = std::stoul(value);
    } else if (flag == "--more-batches") {
      o.more_batches = std::stoul(value);
    } else if (flag == "--queries") {
      o.queries = std::stoul(value);
    } else if (flag == "--sorted") {
      o.sorted = value == "yes";
    } else if (flag == "--readers") {
      o.skip_readers = value == "no";
    } else if (flag == "--engines") {
      o.engines.clear();
      if (value.find("lmdb") != std::string::npos) o.engines.push_back(StoreEngine::kLmdb);
      if (value.find("rocksdb") != std::string::npos) o.engines.push_back(StoreEngine::kRocksDb);
    } else {
      std::cerr << "textrace_store_bench: unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (args.size() % 2 != 0) {
    std::cerr << "textrace_store_bench: a flag without its value\n";
    return 2;
  }
  const Clock::time_point t0 = Clock::now();
  const std::vector<Doc> corpus = LoadCorpus(o.corpus);
  if (corpus.empty()) {
    std::cerr << "textrace_store_bench: no documents in " << o.corpus << "\n";
    return 1;
  }
  size_t text = 0, compressed = 0, keys = 0;
  for (const Doc& d : corpus) {
    text += d.text_bytes;
    compressed += d.compressed.size();
    keys += d.key_hashes.size();
  }
  std::cout << fmt::format(
      "corpus {}: {} documents, {:.1f} MB of text, {:.0f} bytes compressed a document, {:.0f} "
      "keys a document (read in {:.1f} s); postings put {}\n",
      o.corpus, corpus.size(), text / 1e6, double(compressed) / corpus.size(),
      double(keys) / corpus.size(), Seconds(t0),
      o.sorted ? "in key order" : "document by document");
  std::vector<EngineResult> results;
  for (StoreEngine engine : o.engines) {
    if (!StoreEngineBuilt(engine)) {
      std::cout << StoreEngineName(engine) << ": not in this build (-DTEXTRACE_ROCKSDB=ON)\n";
      continue;
    }
    EngineResult r;
    const Status st = RunEngine(o, self, corpus, engine, &r);
    if (!st.ok()) {
      std::cerr << StoreEngineName(engine) << ": " << st.ToString() << "\n";
      return 1;
    }
    results.push_back(std::move(r));
  }
  PrintResults(o, results);
  return 0;
}

}  // namespace
}  // namespace textrace

int main(int argc, char** argv) { return textrace::Main(argc, argv); }
