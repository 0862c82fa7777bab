// Readers of an index while it adds (issue 30), in one process: threads that query, list and
// count while another thread adds documents in many small batches, all through one Index. Every
// read succeeds and sees a committed state: whole batches, never one in part; a query matches
// only documents of batches committed by its end, and finds the document it copies once that
// document's batch was reported committed before it began. (tests/index_concurrent_test.sh does
// the same across processes, with the CLI.)
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "textrace/index.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";

// What a reader saw, and the batches the add had reported committed around it.
struct Observation {
  int before = 0, after = 0;
  std::vector<std::string> listed;                     // List(): ids in number order
  std::map<size_t, std::vector<std::string>> matched;  // query -> matched ids
  int64_t stats_documents = -1;
};

TEST(IndexReadersTest, ReadersDuringAnAddSeeCommittedBatchesOnlyAndNeverFail) {
  char tmpl[] = "/tmp/textrace-index-readers-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dir = tmpl;
  const std::string idx = (dir / "idx").string();
  // 96 documents of about 3 KB, words drawn at random from the sample texts.
  std::vector<std::string> words;
  for (const auto& e : fs::directory_iterator(kSample)) {
    std::ifstream in(e.path());
    for (std::string w; in >> w;) words.push_back(w);
  }
  std::mt19937 random(7);
  std::uniform_int_distribution<size_t> pick(0, words.size() - 1);
  std::vector<InputDocument> docs(96);
  for (size_t d = 0; d < docs.size(); ++d) {
    docs[d].id = "doc" + std::to_string(d);
    docs[d].origin = docs[d].id;
    for (int w = 0; w < 500; ++w)
      docs[d].text += words[pick(random)] + (w % 15 == 14 ? ".\n" : " ");
  }
  const std::vector<size_t> copied = {3, 40, 90};  // the queried texts copy these
  std::vector<std::string> query_files;
  for (size_t d : copied) {
    query_files.push_back((dir / ("q" + std::to_string(d) + ".txt")).string());
    std::ofstream(query_files.back()) << docs[d].text;
  }

  ASSERT_TRUE(Index::Create(idx, Options{}).ok());
  auto opened = Index::Open(idx, /*writable=*/true);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Index& index = **opened;

  std::atomic<int> reported{0};
  std::atomic<bool> done{false};
  std::mutex mu;
  std::vector<Observation> seen;
  std::vector<std::string> failures;
  auto reader = [&](int which) {
    for (int round = 0; !done.load() || round == 0; ++round) {
      Observation o;
      o.before = reported.load();
      std::string failed;
      if ((round + which) % 3 == 0) {
        auto list = index.List();
        if (!list.ok()) failed = "List: " + list.status().ToString();
        if (list.ok()) {
          for (const IndexedDocument& d : *list) o.listed.push_back(d.id);
        }
        auto stats = index.Stats();
        if (!stats.ok()) failed = "Stats: " + stats.status().ToString();
        if (stats.ok()) o.stats_documents = stats->documents;
      } else {
        for (size_t q = 0; q < query_files.size(); ++q) {
          auto r = index.Query(CompareInput::File(query_files[q]));
          if (!r.ok()) {
            failed = "Query: " + r.status().ToString();
            break;
          }
          for (const IndexMatch& m : r->matches) o.matched[q].push_back(m.info.id);
          o.matched[q];  // present, even when empty
        }
      }
      o.after = reported.load();
      std::lock_guard<std::mutex> lock(mu);
      if (!failed.empty()) failures.push_back(failed);
      seen.push_back(std::move(o));
    }
  };
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) readers.emplace_back(reader, t);
  AddOptions add;
  add.batch_bytes = 8 << 10;  // about three documents a batch
  add.committed = [&](uint32_t, int64_t) { reported.fetch_add(1); };
  auto added = index.Add(docs, add);
  done.store(true);
  for (std::thread& t : readers) t.join();
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_TRUE(failures.empty()) << failures.size() << " reads failed, the first: " << failures[0];
  ASSERT_TRUE(index.Check().ok());

  // The batches as committed: batch -> its documents, and the index's ids in order.
  auto final_list = index.List();
  ASSERT_TRUE(final_list.ok());
  std::map<std::string, uint32_t> batch_of;
  std::vector<size_t> cumulative = {0};  // documents in batches 1..c
  for (const IndexedDocument& d : *final_list) {
    batch_of[d.id] = d.batch;
    while (cumulative.size() <= d.batch) cumulative.push_back(cumulative.back());
    ++cumulative[d.batch];
  }
  const int batches = static_cast<int>(cumulative.size()) - 1;
  ASSERT_EQ(batches, reported.load());
  ASSERT_GT(batches, 20);
  int lists = 0, queries = 0, found = 0, mid = 0;
  for (const Observation& o : seen) {
    const int ceiling = std::min(o.after + 1, batches);
    mid += o.before > 0 && o.before < batches;
    if (o.stats_documents >= 0) {
      ++lists;
      // Whole batches: the first c for some c between those reported before and after (+1).
      bool whole = false;
      for (int c = o.before; c <= ceiling; ++c) whole |= o.listed.size() == cumulative[c];
      EXPECT_TRUE(whole) << o.listed.size() << " documents listed, " << o.before << ".." << o.after
                         << " batches reported";
      for (size_t i = 0; i < o.listed.size() && i < final_list->size(); ++i) {
        EXPECT_EQ(o.listed[i], (*final_list)[i].id);
      }
      // Stats read a snapshot of its own, perhaps a later one.
      bool counted = false;
      for (int c = o.before; c <= ceiling; ++c) {
        counted |= o.stats_documents == static_cast<int64_t>(cumulative[c]);
      }
      EXPECT_TRUE(counted) << o.stats_documents;
      continue;
    }
    if (o.matched.size() != copied.size()) continue;  // a failed query, counted above
    ++queries;
    for (const auto& [q, ids] : o.matched) {
      for (const std::string& id : ids) {
        EXPECT_LE(static_cast<int>(batch_of[id]), ceiling)
            << id << " matched, of a batch not yet committed";
      }
      const std::string source = docs[copied[q]].id;
      if (static_cast<int>(batch_of[source]) <= o.before) {
        const bool hit = std::find(ids.begin(), ids.end(), source) != ids.end();
        EXPECT_TRUE(hit) << source << " of batch " << batch_of[source] << " not found, " << o.before
                         << " batches reported before the query";
        found += hit;
      }
    }
  }
  EXPECT_GT(lists, 0);
  EXPECT_GT(queries, 0);
  EXPECT_GT(mid, 0) << "no read while the add was half way";
  EXPECT_GT(found, 0) << "no query found its source: nothing was checked";
  std::cout << "[ readers ] " << queries << " query rounds and " << lists << " listings during "
            << batches << " batches (" << mid << " mid-way), " << found << " sources found\n";
  opened->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace textrace
