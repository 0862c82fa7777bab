// The near-duplicate tier (FastDedup, `dedup --fast`): exact and near-duplicates removed with the
// full dedup's outputs, rewrites and unrelated texts kept, every document accounted for, and the
// same output at any thread count.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sample_testing.h"
#include "temp_dir_testing.h"
#include "textrace/engine.h"
#include "textrace/scan.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

// `text` with every `every`-th word replaced: a lightly edited copy.
std::string EditEvery(const std::string& text, int every) {
  std::string out;
  int word = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool letter = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (letter && !in_word && ++word % every == 0) out += "changed";
    in_word = letter;
    if (letter && word % every == 0) continue;
    out += c;
  }
  return out;
}

std::string JsonLine(const std::string& id, const std::string& text, const std::string& extra) {
  nlohmann::json j = {{"id", id}, {"text", text}};
  return j.dump() + extra;  // extra fields appended by hand, to check they come back as they were
}

class FastDedupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string original = ReadSample("original_harbor.txt");
    std::string lines;
    auto add = [&](const std::string& id, const std::string& text) {
      std::string line = JsonLine(id, text, "");
      line.insert(line.size() - 1, ",\"source\": \"crawl 7\"");
      lines += line + "\n";
    };
    add("original", original);
    add("bakery", ReadSample("unrelated_bakery.txt"));
    add("copy", original);                       // verbatim
    add("edited", EditEvery(original, 25));      // 4% of the words changed
    add("spun", ReadSample("spun_harbor.txt"));  // a rewrite: not a duplicate
    add("chess", ReadSample("unrelated_chess.txt"));
    add("empty", "  ... -- !");  // no words
    add("partial", ReadSample("partial_harbor.txt"));
    corpus_ = (dir_ / "corpus.jsonl").string();
    std::ofstream(corpus_, std::ios::binary) << lines;
  }

  StatusOr<FastDedupOutput> Run(int threads, double threshold = 0.3) {
    Options o;
    o.dedup.fast = true;
    o.dedup.fast_threshold = threshold;
    ResourceOptions r;
    r.threads = threads;
    return FastDedup({corpus_}, o, r);
  }
  static std::string Kept(const FastDedupOutput& out) {
    std::string kept;
    const Status st = WriteKeptJsonl(out.result, out.dedup, [&](std::string_view s) {
      kept += s;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return kept;
  }

  TempDir dir_{"fast"};
  std::string corpus_;
};

TEST_F(FastDedupTest, CopiesAndNearCopiesGoRewritesAndOtherTextsStay) {
  auto out = Run(2);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const ScanResult& r = out->result;
  std::map<std::string, const DedupResult::Removed*> removed;
  for (const auto& m : out->dedup.removed) removed[r.documents[m.document].id] = &m;
  ASSERT_EQ(removed.size(), 2u);
  ASSERT_TRUE(removed.contains("copy"));
  EXPECT_EQ(r.documents[removed["copy"]->duplicate_of].id, "original");
  EXPECT_EQ(removed["copy"]->relation, Relation::kDuplicate);
  EXPECT_EQ(removed["copy"]->similarity, 1.0);
  ASSERT_TRUE(removed.contains("edited"));
  EXPECT_EQ(removed["edited"]->relation, Relation::kNearDuplicate);
  EXPECT_GT(removed["edited"]->similarity, 0.5);
  EXPECT_LT(removed["edited"]->similarity, 1.0);
  // Every document accounted for: kept, removed, or skipped with the reason.
  EXPECT_EQ(out->dedup.kept.size(), 5u);  // original, bakery, spun, chess, partial
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].reason, "no words");
  EXPECT_EQ(r.skipped[0].origin, corpus_ + ":7");
  // Kept records are written back byte for byte, other fields and all.
  const std::string kept = Kept(*out);
  EXPECT_NE(kept.find("{\"id\":\"spun\""), std::string::npos);
  EXPECT_NE(kept.find(",\"source\": \"crawl 7\"}"), std::string::npos);
  EXPECT_EQ(kept.find("\"id\":\"copy\""), std::string::npos);
  // The texts are there for a library caller, from the records.
  auto text = r.texts->Text(0);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, ReadSample("original_harbor.txt"));
}

TEST_F(FastDedupTest, TheSameOutputAtAnyThreadCount) {
  auto one = Run(1);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  for (int threads : {2, 3, 8}) {
    auto other = Run(threads);
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(Kept(*one), Kept(*other)) << threads;
    EXPECT_EQ(FormatDedupMap(one->result, one->dedup), FormatDedupMap(other->result, other->dedup))
        << threads;
  }
}

TEST_F(FastDedupTest, AgreesWithTheFullDedupOnDuplicatesAndNearDuplicates) {
  auto fast = Run(2);
  ASSERT_TRUE(fast.ok());
  auto engine = Engine::Create(Options{}, nullptr);
  ASSERT_TRUE(engine.ok());
  auto scan = Scan({corpus_}, *engine, ResourceOptions{});
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  const DedupResult full = Dedup(*scan);
  ASSERT_EQ(full.removed.size(), fast->dedup.removed.size());
  for (size_t i = 0; i < full.removed.size(); ++i) {
    EXPECT_EQ(scan->documents[full.removed[i].document].id,
              fast->result.documents[fast->dedup.removed[i].document].id);
    EXPECT_EQ(full.removed[i].relation, fast->dedup.removed[i].relation);
  }
}

TEST_F(FastDedupTest, TheThresholdDecidesNearDuplicatesAndBadOptionsAreRefused) {
  auto strict = Run(2, /*threshold=*/1.0);
  ASSERT_TRUE(strict.ok());
  ASSERT_EQ(strict->dedup.removed.size(), 1u) << "the verbatim copy only";
  EXPECT_EQ(strict->result.documents[strict->dedup.removed[0].document].id, "copy");
  auto bad = Run(2, /*threshold=*/1.5);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("fast_threshold"), std::string::npos)
      << bad.status().message();
}

// Documents from memory and from inputs, in one run: the order they came is the output's, an id
// that came before is skipped with the reason, and the result is what FastDedup gives the file.
TEST_F(FastDedupTest, DocumentsFromMemoryAndInputsMix) {
  Options o;
  o.dedup.fast = true;
  auto deduper = FastDeduper::Create(o, ResourceOptions{});
  ASSERT_TRUE(deduper.ok()) << deduper.status().ToString();
  InputDocument first;
  first.id = "memory copy";
  first.text = ReadSample("original_harbor.txt");
  ASSERT_TRUE((*deduper)->Add(first).ok());
  ASSERT_TRUE((*deduper)->AddInputs({corpus_}).ok());
  InputDocument again;
  again.id = "copy";  // in the corpus too
  again.text = "other words entirely, which would be kept if the id were new";
  ASSERT_TRUE((*deduper)->Add(again).ok());
  auto out = (*deduper)->Finish();
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const ScanResult& r = out->result;
  ASSERT_EQ(r.documents.size(), 8u);
  EXPECT_EQ(r.documents[0].id, "memory copy");
  EXPECT_EQ(r.stats.documents_read, 9);  // the repeated id is a skip, as the Scanner counts it
  ASSERT_EQ(r.skipped.size(), 2u);       // the repeated id, and the document without words
  EXPECT_EQ(r.skipped[0].reason, "duplicate id 'copy' (first at " + corpus_ + ":3)");
  EXPECT_EQ(r.skipped[1].reason, "no words");
  // The memory copy came first: the corpus's original and its copy are its duplicates now.
  std::map<std::string, std::string> removed;
  for (const auto& m : out->dedup.removed) {
    removed[r.documents[m.document].id] = r.documents[m.duplicate_of].id;
  }
  EXPECT_EQ(removed,
            (std::map<std::string, std::string>{
                {"original", "memory copy"}, {"copy", "memory copy"}, {"edited", "memory copy"}}));
  EXPECT_FALSE((*deduper)->Add(first).ok()) << "spent after Finish";
}

// Under a memory budget smaller than the collection, the texts that do not fit wait in a
// temporary file in ResourceOptions::tmp_dir, and the outputs are the same.
TEST_F(FastDedupTest, TextsOverTheBudgetWaitOnDiskWithTheSameOutput) {
  auto in_memory = Run(2);
  ASSERT_TRUE(in_memory.ok());
  EXPECT_EQ(in_memory->result.stats.spill_bytes, 0);
  Options o;
  o.dedup.fast = true;
  ResourceOptions small;
  small.memory_budget = 16000;  // 4 KB of texts in memory: the first document (of 17 KB)
  small.tmp_dir = dir_.string();
  auto spilled = FastDedup({corpus_}, o, small);
  ASSERT_TRUE(spilled.ok()) << spilled.status().ToString();
  EXPECT_GT(spilled->result.stats.spill_bytes, 10000);
  EXPECT_EQ(Kept(*spilled), Kept(*in_memory));
  EXPECT_EQ(FormatDedupMap(spilled->result, spilled->dedup),
            FormatDedupMap(in_memory->result, in_memory->dedup));
  auto last =
      spilled->result.texts->Text(static_cast<uint32_t>(spilled->result.documents.size() - 1));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, ReadSample("partial_harbor.txt"));
  small.tmp_dir = (dir_ / "no-such-folder").string();
  EXPECT_FALSE(FastDedup({corpus_}, o, small).ok()) << "a --tmp that cannot be written";
}

// A WARC revisit (a capture stored without its payload) is its capture again: an exact duplicate,
// whose text is said to come from the capture.
TEST(FastDedupWarcTest, ARevisitIsADuplicateOfItsCapture) {
  const TempDir dir("fast-warc");
  auto record = [](const std::string& type, const std::string& id, const std::string& block,
                   const std::string& more) {
    return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + id +
           ">\r\nWARC-Date: 2021-10-01T10:00:00Z\r\nWARC-Target-URI: https://site.example/" + id +
           "\r\n" + more + "Content-Type: application/http; msgtype=response\r\nContent-Length: " +
           std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
  };
  auto http = [](const std::string& body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  std::ofstream(dir / "crawl.warc", std::ios::binary)
      << record("response", "r1", http(ReadSample("original_harbor.txt")), "")
      << record("response", "r2", http(ReadSample("unrelated_chess.txt")), "")
      << record("revisit", "v1", "HTTP/1.1 200 OK\r\n\r\n",
                "WARC-Refers-To: <urn:uuid:r1>\r\nWARC-Profile: "
                "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n");
  Options o;
  o.dedup.fast = true;
  auto out = FastDedup({(dir / "crawl.warc").string()}, o, ResourceOptions{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const ScanResult& r = out->result;
  ASSERT_EQ(r.documents.size(), 3u);
  EXPECT_EQ(r.documents[2].text_from, "revisit of urn:uuid:r1");
  ASSERT_EQ(out->dedup.removed.size(), 1u);
  EXPECT_EQ(r.documents[out->dedup.removed[0].document].id, "urn:uuid:v1");
  EXPECT_EQ(r.documents[out->dedup.removed[0].duplicate_of].id, "urn:uuid:r1");
  EXPECT_EQ(out->dedup.removed[0].relation, Relation::kDuplicate);
}

}  // namespace
}  // namespace textrace
