// End-to-end tests of the collection scan: the seeds, planted reuse with dates, accounting of
// every input document, and output that does not depend on the thread count.
#include "textrace/scan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

namespace textrace {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<const Thesaurus> LoadThesaurus() {
  static std::shared_ptr<const Thesaurus> t = [] {
    std::shared_ptr<const Thesaurus> none;
    if (!fs::exists(Thesaurus::DefaultPath())) return none;
    auto a = Analyzer::Create(AnalyzerOptions{});
    auto th = Thesaurus::LoadMyThes(Thesaurus::DefaultPath(), a->get());
    return th.ok() ? *th : none;
  }();
  return t;
}

std::string Relation(const ScanResult& r, const std::string& a_prefix,
                     const std::string& b_prefix) {
  for (const ScanPair& p : r.pairs) {
    const std::string a = fs::path(r.documents[p.a].id).filename().string();
    const std::string b = fs::path(r.documents[p.b].id).filename().string();
    if ((a.rfind(a_prefix, 0) == 0 && b.rfind(b_prefix, 0) == 0) ||
        (a.rfind(b_prefix, 0) == 0 && b.rfind(a_prefix, 0) == 0)) {
      return RelationName(p.comparison.relation);
    }
  }
  return "none";
}

TEST(ScanSeedsTest, ReportsWhatTheLabelsSay) {
  const fs::path seeds = fs::path(TEXTRACE_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << "no seeds at " << seeds << " (../shared is absent)";
  ScanOptions o;
  o.threads = 2;
  auto r = Scan({seeds.string()}, IngestOptions{}, o, LoadThesaurus());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Relation(*r, "000", "001"), "rewrite");
  for (const std::string x : {"000", "001"}) {
    const std::string rel = Relation(*r, x, "003");
    EXPECT_TRUE(rel == "partial" || rel == "none") << x << "-003: " << rel;
  }
  for (const ScanPair& p : r->pairs) {
    for (uint32_t d : {p.a, p.b}) {
      EXPECT_EQ(r->documents[d].id.find("002_"), std::string::npos)
          << "002 must relate to nothing: " << r->documents[p.a].id << " ~ "
          << r->documents[p.b].id;
      EXPECT_EQ(r->documents[d].id.find("LABELS"), std::string::npos)
          << "the labels file quotes a few words of the articles, not passages";
    }
    EXPECT_EQ(p.direction, "unknown");
    EXPECT_EQ(p.direction_reason, "no dates");
  }
  // 000, 001 (and 003 where related) form one family; its representative is the longest.
  ASSERT_EQ(r->families.size(), 1u);
}

class ScanCollectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/textrace-scan-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    const fs::path sample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
    auto read = [&](const char* name) {
      std::ifstream in(sample / name, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    // JSONL with dates: the original is the earliest; one malformed line; one duplicate id.
    nlohmann::json lines[] = {
        {{"id", "spun"}, {"text", read("spun_harbor.txt")}, {"date", "2024-03-02"}},
        {{"id", "original"}, {"text", read("original_harbor.txt")}, {"date", "2024-03-01"}},
        {{"id", "partial"}, {"text", read("partial_harbor.txt")}, {"date", "2024-03-05"}},
        {{"id", "bakery"}, {"text", read("unrelated_bakery.txt")}},
        {{"id", "chess"}, {"text", read("unrelated_chess.txt")}},
        {{"id", "copy"}, {"text", read("original_harbor.txt")}},
        {{"id", "spun"}, {"text", "a duplicate id"}},
    };
    std::ofstream out(dir_ / "c.jsonl", std::ios::binary);
    for (size_t i = 0; i < std::size(lines); ++i) {
      out << lines[i].dump() << "\n";
      if (i == 2) out << "{\"id\": \"broken\", \"text\": \n";  // malformed, line 4
    }
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ScanCollectionTest, RelationsDirectionFamiliesAndAccounting) {
  ScanOptions o;
  o.threads = 2;
  auto r = Scan({(dir_ / "c.jsonl").string()}, IngestOptions{}, o, LoadThesaurus());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // 8 lines: 6 documents, a malformed line and a duplicate id, each accounted for.
  EXPECT_EQ(r->documents.size(), 6u);
  ASSERT_EQ(r->skipped.size(), 2u);
  EXPECT_NE(r->skipped[0].origin.find("c.jsonl:4"), std::string::npos) << r->skipped[0].origin;
  EXPECT_NE(r->skipped[1].reason.find("duplicate id"), std::string::npos) << r->skipped[1].reason;

  std::map<std::pair<std::string, std::string>, const ScanPair*> by_ids;
  for (const ScanPair& p : r->pairs) {
    by_ids[{r->documents[p.a].id, r->documents[p.b].id}] = &p;
  }
  ASSERT_TRUE((by_ids.count({"spun", "original"})));
  const ScanPair& spun = *(by_ids[{"spun", "original"}]);
  EXPECT_EQ(RelationName(spun.comparison.relation), std::string("rewrite"));
  EXPECT_EQ(spun.direction, "b_to_a") << "spun (a) derives from the earlier original (b)";
  ASSERT_TRUE((by_ids.count({"original", "partial"})));
  EXPECT_EQ(RelationName((by_ids[{"original", "partial"}])->comparison.relation),
            std::string("partial"));
  EXPECT_EQ((by_ids[{"original", "partial"}])->direction, "a_to_b");
  ASSERT_TRUE((by_ids.count({"original", "copy"})));
  EXPECT_EQ(RelationName((by_ids[{"original", "copy"}])->comparison.relation),
            std::string("duplicate"));
  EXPECT_EQ((by_ids[{"original", "copy"}])->found_by, "exact");
  EXPECT_EQ((by_ids[{"original", "copy"}])->direction_reason, "no date on b");
  // The exact copy is verified on its own against what its original shares: its relations are
  // reported too, with offsets in its own text.
  ASSERT_TRUE((by_ids.count({"spun", "copy"})));
  EXPECT_EQ(RelationName((by_ids[{"spun", "copy"}])->comparison.relation), std::string("rewrite"));
  ASSERT_TRUE((by_ids.count({"partial", "copy"})));
  for (const ScanPair& p : r->pairs) {
    for (uint32_t d : {p.a, p.b}) {
      EXPECT_NE(r->documents[d].id, "bakery");
      EXPECT_NE(r->documents[d].id, "chess");
    }
  }
  // One family of the harbour texts; its representative is the earliest dated one.
  ASSERT_EQ(r->families.size(), 1u);
  EXPECT_EQ(r->documents[r->families[0].representative].id, "original");
  EXPECT_EQ(r->families[0].members.size(), 4u);
}

TEST_F(ScanCollectionTest, ReportDoesNotDependOnThreads) {
  std::string reports[2];
  for (int k = 0; k < 2; ++k) {
    ScanOptions o;
    o.threads = k == 0 ? 1 : 3;
    auto r = Scan({(dir_ / "c.jsonl").string()}, IngestOptions{}, o, LoadThesaurus());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    auto report = FormatScanReport(*r, o);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    reports[k] = *report;
    // The options differ only in the thread count, which the report leaves out.
  }
  EXPECT_EQ(reports[0], reports[1]);
  // Every line is a JSON object with a type.
  std::istringstream in(reports[0]);
  std::string line;
  int pairs = 0;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    ASSERT_TRUE(j.contains("type"));
    pairs += j["type"] == "pair";
  }
  EXPECT_GE(pairs, 3);
}

TEST_F(ScanCollectionTest, ReportDoesNotDependOnTheMemoryBudget) {
  ScanOptions roomy;
  roomy.threads = 2;
  auto r1 = Scan({(dir_ / "c.jsonl").string()}, IngestOptions{}, roomy, LoadThesaurus());
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ(r1->stats.verify_chunks, 1);
  // A budget this small verifies one candidate pair per chunk and reads one document per batch.
  ScanOptions tight = roomy;
  tight.memory_budget = 24;
  auto r2 = Scan({(dir_ / "c.jsonl").string()}, IngestOptions{}, tight, LoadThesaurus());
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->stats.verify_chunks, r2->stats.candidates);
  EXPECT_GT(r2->stats.verify_chunks, 3);
  EXPECT_EQ(FormatScanReport(*r1, roomy).value(), FormatScanReport(*r2, tight).value());
}

TEST_F(ScanCollectionTest, ProgressCoversEveryStageInOrder) {
  ScanOptions o;
  o.threads = 2;
  o.memory_budget = 24;
  std::vector<ScanProgress> seen;
  o.progress = [&](const ScanProgress& p) { seen.push_back(p); };
  auto r = Scan({(dir_ / "c.jsonl").string()}, IngestOptions{}, o, LoadThesaurus());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GE(seen.size(), 3u);
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].stage, seen[i - 1].stage);
    EXPECT_GE(seen[i].documents, seen[i - 1].documents);
    EXPECT_GE(seen[i].pairs_done, seen[i - 1].pairs_done);
    EXPECT_GE(seen[i].seconds, seen[i - 1].seconds);
  }
  EXPECT_EQ(seen.back().stage, ScanProgress::Stage::kDone);
  EXPECT_EQ(seen.back().documents, r->stats.documents_read);
  EXPECT_EQ(seen.back().pairs_done, r->stats.candidates);
  EXPECT_EQ(seen.back().pairs_total, r->stats.candidates);
  // A plain file: its size is known, so the display can give an ETA.
  EXPECT_EQ(seen.front().input_bytes, static_cast<int64_t>(fs::file_size(dir_ / "c.jsonl")));
}

TEST_F(ScanCollectionTest, UnusableTemporaryDirectoryIsAClearError) {
  ScanOptions o;
  o.tmp_dir = (dir_ / "no-such-dir").string();
  auto r = Scan({(dir_ / "c.jsonl").string()}, IngestOptions{}, o, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no-such-dir"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("--tmp"), std::string::npos) << r.status().message();
}

TEST_F(ScanCollectionTest, DedupKeepsTheRepresentativeAndMapsTheCopy) {
  ScanOptions o;
  o.threads = 2;
  auto r = Scan({(dir_ / "c.jsonl").string()}, IngestOptions{}, o, LoadThesaurus());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const DedupResult d = Dedup(*r);
  // "copy" duplicates the dated "original", which is kept; the spun rewrite and the partial
  // copy are reuse, not duplicates, so they stay.
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(r->documents[d.removed[0].document].id, "copy");
  EXPECT_EQ(r->documents[d.removed[0].duplicate_of].id, "original");
  EXPECT_EQ(d.removed[0].relation, "duplicate");
  EXPECT_EQ(d.kept.size() + d.removed.size(), r->documents.size());
  // The kept file holds the texts as read, one JSON object per line.
  std::string kept_jsonl;
  ASSERT_TRUE(WriteKeptJsonl(*r, d, [&](std::string_view piece) {
                kept_jsonl += piece;
                return Status::Ok();
              }).ok());
  std::istringstream kept(kept_jsonl);
  std::string line;
  std::vector<std::string> ids;
  while (std::getline(kept, line)) {
    const auto j = nlohmann::json::parse(line);
    ids.push_back(j["id"]);
    if (j["id"] == "original") {
      std::ifstream in(
          fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample" / "original_harbor.txt",
          std::ios::binary);
      EXPECT_EQ(j["text"].get<std::string>(), std::string(std::istreambuf_iterator<char>(in), {}));
      EXPECT_EQ(j["date"], "2024-03-01");
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"spun", "original", "partial", "bakery", "chess"}));
  const auto map = nlohmann::json::parse(FormatDedupMap(*r, d));
  EXPECT_EQ(map["id"], "copy");
  EXPECT_EQ(map["duplicate_of"], "original");
}

TEST_F(ScanCollectionTest, StrictModeStopsAtTheMalformedLine) {
  IngestOptions strict;
  strict.strict = true;
  auto r = Scan({(dir_ / "c.jsonl").string()}, strict, ScanOptions{}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("c.jsonl:4"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace textrace
