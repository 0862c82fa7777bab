// Scanner: documents added from memory, read from inputs, or both, give the report a scan of the
// same documents gives; ids, skips, carried fields and misuse.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sample_testing.h"
#include "temp_dir_testing.h"
#include "textrace/engine.h"
#include "textrace/options.h"
#include "textrace/scan.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

// The sample as documents: an original, its spun rewrite, a partial copy, a summary, two
// unrelated texts, and a verbatim copy of the original.
std::vector<InputDocument> SampleDocuments() {
  auto doc = [](const char* id, const char* file, const char* date) {
    InputDocument d;
    d.id = id;
    d.text = ReadSample(file);
    d.date = date;
    // As the reader says of a date read from a JSONL file (WriteJsonl writes these).
    if (*date != '\0') d.date_from = "jsonl field 'date'";
    return d;
  };
  return {doc("original", "original_harbor.txt", "2024-03-01"),
          doc("spun", "spun_harbor.txt", "2024-03-02"),
          doc("partial", "partial_harbor.txt", ""),
          doc("summary", "summary_harbor.txt", "2024-03-04"),
          doc("bakery", "unrelated_bakery.txt", ""),
          doc("chess", "unrelated_chess.txt", ""),
          doc("copy", "original_harbor.txt", "")};
}

class ScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Create(Options{}, nullptr);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = *engine;
  }

  // The documents as a JSONL file, as scan reads them.
  std::string WriteJsonl(const std::vector<InputDocument>& docs, const std::string& name) {
    std::ofstream out(dir_ / name, std::ios::binary);
    for (const InputDocument& d : docs) {
      nlohmann::json j{{"id", d.id}, {"text", d.text}};
      if (!d.date.empty()) j["date"] = d.date;
      out << j.dump() << "\n";
    }
    return (dir_ / name).string();
  }

  std::unique_ptr<Scanner> NewScanner(int threads = 2) {
    ResourceOptions r;
    r.threads = threads;
    auto s = Scanner::Create(engine_, r);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  // The report without the run line's skip origins, which name the files.
  std::string Report(const ScanResult& r) {
    auto text = FormatScanReport(r, engine_->options());
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    return text.ok() ? *text : "";
  }

  TempDir dir_{"scanner"};
  std::shared_ptr<const Engine> engine_;
};

TEST_F(ScannerTest, DocumentsFromMemoryGiveTheReportOfTheSameDocumentsReadFromAFile) {
  const std::vector<InputDocument> docs = SampleDocuments();
  auto from_file = Scan({WriteJsonl(docs, "sample.jsonl")}, engine_, ResourceOptions{});
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  auto scanner = NewScanner();
  for (const InputDocument& d : docs) ASSERT_TRUE(scanner->Add(d).ok());
  auto from_memory = scanner->Finish();
  ASSERT_TRUE(from_memory.ok()) << from_memory.status().ToString();
  ASSERT_GE(from_memory->pairs.size(), 5u) << "the sample's relations are found";
  EXPECT_EQ(Report(*from_memory), Report(*from_file));
  EXPECT_EQ(from_memory->stats.documents_read, 7);
}

TEST_F(ScannerTest, MemoryAndInputsMixInCallOrderWhateverTheThreads) {
  std::vector<InputDocument> docs = SampleDocuments();
  const std::vector<InputDocument> first(docs.begin(), docs.begin() + 3);
  const std::vector<InputDocument> rest(docs.begin() + 3, docs.end());
  const std::string rest_file = WriteJsonl(rest, "rest.jsonl");
  auto whole = Scan({WriteJsonl(docs, "all.jsonl")}, engine_, ResourceOptions{});
  ASSERT_TRUE(whole.ok());
  for (int threads : {1, 3}) {
    auto scanner = NewScanner(threads);
    for (const InputDocument& d : first) ASSERT_TRUE(scanner->Add(d).ok());
    ASSERT_TRUE(scanner->AddInputs({rest_file}).ok());
    auto mixed = scanner->Finish();
    ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
    ASSERT_EQ(mixed->documents.size(), docs.size());
    for (size_t i = 0; i < docs.size(); ++i) EXPECT_EQ(mixed->documents[i].id, docs[i].id);
    EXPECT_EQ(Report(*mixed), Report(*whole)) << threads << " threads";
  }
}

TEST_F(ScannerTest, AnIdAddedTwiceIsSkippedWithWhereItWasFirst) {
  auto scanner = NewScanner();
  InputDocument a;
  a.id = "original";
  a.text = ReadSample("original_harbor.txt");
  ASSERT_TRUE(scanner->Add(a).ok());
  // The same id again from a file: skipped, naming the first.
  const std::string file = WriteJsonl(SampleDocuments(), "sample.jsonl");
  ASSERT_TRUE(scanner->AddInputs({file}).ok());
  auto r = scanner->Finish();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->documents.size(), 7u);
  ASSERT_EQ(r->skipped.size(), 1u);
  EXPECT_EQ(r->skipped[0].origin, file + ":1");
  EXPECT_NE(r->skipped[0].reason.find("duplicate id 'original' (first at original)"),
            std::string::npos)
      << r->skipped[0].reason;
  EXPECT_EQ(r->stats.documents_skipped, 1);
}

TEST_F(ScannerTest, DocumentsWithoutIdsAreNumberedAndWordlessOnesSkipped) {
  auto scanner = NewScanner();
  InputDocument d;
  d.text = ReadSample("original_harbor.txt");
  ASSERT_TRUE(scanner->Add(d).ok());
  d.text = "  ...  ";  // no words
  ASSERT_TRUE(scanner->Add(d).ok());
  d.text = ReadSample("original_harbor.txt");
  ASSERT_TRUE(scanner->Add(d).ok());
  auto r = scanner->Finish();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->documents.size(), 2u);
  EXPECT_EQ(r->documents[0].id, "document 1");
  EXPECT_EQ(r->documents[1].id, "document 3");
  ASSERT_EQ(r->skipped.size(), 1u);
  EXPECT_EQ(r->skipped[0].origin, "document 2");
  EXPECT_EQ(r->skipped[0].reason, "no words");
  ASSERT_EQ(r->pairs.size(), 1u);
  EXPECT_EQ(r->pairs[0].comparison.relation, Relation::kDuplicate);
}

TEST_F(ScannerTest, OtherFieldsAreCarriedToTheKeptRecords) {
  auto scanner = NewScanner();
  InputDocument d;
  d.id = "a";
  d.text = ReadSample("original_harbor.txt");
  d.url = "https://example.org/a";
  d.fields = R"({"source": "wire", "meta": {"lang": "en", "n": [1, 2]}, "id": "ignored"})";
  ASSERT_TRUE(scanner->Add(d).ok());
  d.id = "b";
  d.fields.clear();
  ASSERT_TRUE(scanner->Add(d).ok());
  auto r = scanner->Finish();
  ASSERT_TRUE(r.ok());
  const DedupResult dedup = Dedup(*r);
  ASSERT_EQ(dedup.kept.size(), 1u);
  std::string kept;
  ASSERT_TRUE(WriteKeptJsonl(*r, dedup, [&](std::string_view s) {
                kept += s;
                return Status::Ok();
              }).ok());
  const auto j = nlohmann::json::parse(kept);
  EXPECT_EQ(j["id"], "a") << "the id textrace read wins over a field of that name";
  EXPECT_EQ(j["source"], "wire");
  EXPECT_EQ(j["meta"]["n"][1], 2);
  EXPECT_EQ(j["url"], "https://example.org/a");
  EXPECT_EQ(j["text"], d.text);
}

// A WARC revisit (a capture stored without its payload) is a duplicate of the capture it names,
// whether that came in the same batch or long before.
TEST_F(ScannerTest, ARevisitIsADuplicateOfTheCaptureItRevisits) {
  for (uint64_t budget : {uint64_t{3} << 30, uint64_t{1} << 20}) {  // one batch; many
    ResourceOptions r;
    r.threads = 2;
    r.memory_budget = budget;
    auto scanner = Scanner::Create(engine_, r);
    ASSERT_TRUE(scanner.ok());
    InputDocument capture;
    capture.id = "urn:uuid:r1";
    capture.text = ReadSample("original_harbor.txt");
    capture.url = "https://news.example/harbour";
    ASSERT_TRUE((*scanner)->Add(capture).ok());
    for (const char* other : {"unrelated_chess.txt", "unrelated_bakery.txt", "spun_harbor.txt"}) {
      InputDocument d;
      d.id = other;
      d.text = ReadSample(other);
      ASSERT_TRUE((*scanner)->Add(d).ok());
    }
    InputDocument revisit;
    revisit.id = "urn:uuid:v1";
    revisit.revisit_of = "urn:uuid:r1";
    revisit.url = capture.url;
    ASSERT_TRUE((*scanner)->Add(revisit).ok());
    auto result = (*scanner)->Finish();
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    ASSERT_EQ(result->documents.size(), 5u) << "the revisit is a document";
    EXPECT_EQ(result->documents[4].text_from, "revisit of urn:uuid:r1");
    bool duplicate = false;
    for (const ScanPair& p : result->pairs) {
      if (result->documents[p.a].id == "urn:uuid:r1" &&
          result->documents[p.b].id == "urn:uuid:v1") {
        duplicate =
            p.comparison.relation == Relation::kDuplicate && p.found_by == CandidateStage::kExact;
      }
    }
    EXPECT_TRUE(duplicate) << "budget " << budget;
  }
}

TEST_F(ScannerTest, ProgressEndsDoneAndMisuseIsAnError) {
  auto scanner = NewScanner();
  std::vector<ScanProgress::Stage> stages;
  scanner->SetProgress([&](const ScanProgress& p) { stages.push_back(p.stage); });
  for (const InputDocument& d : SampleDocuments()) ASSERT_TRUE(scanner->Add(d).ok());
  ASSERT_TRUE(scanner->Finish().ok());
  ASSERT_FALSE(stages.empty());
  EXPECT_EQ(stages.back(), ScanProgress::Stage::kDone);
  EXPECT_FALSE(scanner->Finish().ok());
  EXPECT_FALSE(scanner->Add(InputDocument{}).ok());
  EXPECT_FALSE(scanner->AddInputs({}).ok());
}

TEST_F(ScannerTest, ResourcesOutOfRangeAreRefused) {
  ResourceOptions r;
  r.threads = -1;
  auto s = Scanner::Create(engine_, r);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("--threads"), std::string::npos) << s.status().message();
  r.threads = 100000;
  EXPECT_FALSE(Scanner::Create(engine_, r).ok());
  EXPECT_FALSE(Scanner::Create(nullptr, ResourceOptions{}).ok());
}

}  // namespace
}  // namespace textrace
