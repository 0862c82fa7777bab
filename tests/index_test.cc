// The persistent index: documents added as they arrive find what they relate to among those
// already there; a text asked about finds its sources; an index built in one add exports what a
// scan gives; ids, removal, the format and damage are handled.
#include "textrace/index.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "index/store.h"
#include "temp_dir_testing.h"
#include "textrace/engine.h"
#include "textrace/scan.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
const fs::path kSeeds = fs::path(TEXTRACE_SOURCE_DIR) / ".." / "shared" / "seeds";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {}

  std::unique_ptr<Index> Make(const Options& o = Options{}) {
    const Status st = Index::Create((dir_ / "idx").string(), o);
    EXPECT_TRUE(st.ok()) << st.ToString();
    auto index = Index::Open((dir_ / "idx").string(), /*writable=*/true);
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return index.ok() ? std::move(index).value() : nullptr;
  }

  std::vector<std::string> SampleFiles() {
    std::vector<std::string> files;
    for (const char* name : {"original_harbor.txt", "spun_harbor.txt", "partial_harbor.txt",
                             "summary_harbor.txt", "unrelated_bakery.txt", "unrelated_chess.txt"}) {
      files.push_back((kSample / name).string());
    }
    return files;
  }

  // Writes `format` as the index's format, as another textrace would have left it.
  void SetFormat(std::string_view format) {
    StoreOptions so;
    so.tables = {"meta"};
    auto store = Store::Open((dir_ / "idx").string(), so);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto w = (*store)->Write();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Put(0, "format", format).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }

  TempDir dir_{"index"};
};

// The scenario: index 001, 002, 003 of the seeds; 000 (a spun copy of 001) asks, and
// finds the rewrite of 001 first and nothing of 002, the same story told independently.
TEST_F(IndexTest, QueryFindsTheSourceOfASpunCopyAndNotTheSameStoryToldApart) {
  if (!fs::exists(kSeeds)) GTEST_SKIP() << "../shared/seeds is absent";
  auto index = Make();
  ASSERT_NE(index, nullptr);
  auto added = index->AddInputs({(kSeeds / "001_dce158b59031fd31.txt").string(),
                                 (kSeeds / "002_6256d0b3693ecbf9.txt").string(),
                                 (kSeeds / "003_fa65030a4ddca670.txt").string()});
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->documents, 3);
  auto q = index->Query(CompareInput::File((kSeeds / "000_bb768232c0cc2eed.txt").string()));
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_FALSE(q->matches.empty());
  EXPECT_EQ(fs::path(q->matches[0].info.id).filename(), "001_dce158b59031fd31.txt");
  EXPECT_EQ(q->matches[0].comparison.relation, Relation::kRewrite);
  EXPECT_TRUE(q->matches[0].strong_evidence);
  for (const IndexMatch& m : q->matches) {
    EXPECT_NE(fs::path(m.info.id).filename(), "002_6256d0b3693ecbf9.txt");
  }
  EXPECT_GT(q->elapsed_ms, 0);
  // The query added nothing.
  auto stats = index->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 3);
}

// Built in one add, an index exports what a scan of the same documents reports: the same pairs,
// families and document lines.
TEST_F(IndexTest, OneAddExportsWhatAScanGives) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  ASSERT_TRUE(index->AddInputs(SampleFiles()).ok());
  auto exported = index->Export();
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  auto engine = Engine::Create(Options{});
  ASSERT_TRUE(engine.ok());
  auto scanned = Scan(SampleFiles(), *engine);
  ASSERT_TRUE(scanned.ok());
  ASSERT_GE(scanned->pairs.size(), 5u);
  auto lines = [](const ScanResult& r, const Options& o) {
    std::vector<std::string> out;
    std::istringstream in(FormatScanReport(r, o).value());
    for (std::string line; std::getline(in, line);) {
      if (line.find("\"type\":\"run\"") == std::string::npos) out.push_back(line);
    }
    return out;
  };
  EXPECT_EQ(lines(*exported, index->engine().options()), lines(*scanned, (*engine)->options()));
}

// Added one at a time, each document finds its relations with those already indexed.
TEST_F(IndexTest, DocumentsAddedOneByOneFindTheirRelations) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  for (const std::string& file : SampleFiles()) {
    auto r = index->AddInputs({file});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->documents, 1);
  }
  auto exported = index->Export();
  ASSERT_TRUE(exported.ok());
  std::set<std::string> relations;
  for (const ScanPair& p : exported->pairs) {
    relations.insert(fs::path(exported->documents[p.a].id).filename().string() + " " +
                     fs::path(exported->documents[p.b].id).filename().string() + " " +
                     RelationName(p.comparison.relation));
  }
  for (const char* want : {"original_harbor.txt spun_harbor.txt rewrite",
                           "original_harbor.txt partial_harbor.txt partial",
                           "original_harbor.txt summary_harbor.txt summary"}) {
    EXPECT_TRUE(relations.count(want)) << want;
  }
  auto stats = index->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->batches, 6);
  EXPECT_TRUE(index->Check().ok());
}

// Copies arriving in later adds are found against every earlier add (several posting segments,
// merged as they grow): the same text under other ids is a duplicate of the first.
TEST_F(IndexTest, CopiesInLaterAddsFindTheFirstThroughEverySegment) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  const std::string original = ReadFile(kSample / "original_harbor.txt");
  ASSERT_TRUE(index->AddInputs(SampleFiles()).ok());
  for (int copy = 0; copy < 6; ++copy) {
    InputDocument d;
    d.id = "copy" + std::to_string(copy);
    d.origin = d.id;
    d.text = original;
    auto r = index->Add({d});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->documents, 1);
  }
  auto exported = index->Export();
  ASSERT_TRUE(exported.ok());
  std::set<std::string> with_original;
  for (const ScanPair& p : exported->pairs) {
    const std::string a = fs::path(exported->documents[p.a].id).filename().string();
    const std::string b = fs::path(exported->documents[p.b].id).filename().string();
    if (a == "original_harbor.txt" && p.comparison.relation == Relation::kDuplicate) {
      with_original.insert(b);
    }
  }
  EXPECT_EQ(with_original,
            (std::set<std::string>{"copy0", "copy1", "copy2", "copy3", "copy4", "copy5"}));
  EXPECT_TRUE(index->Check().ok());
  // A query of the text finds all seven, duplicates each.
  auto q = index->Query(CompareInput::Memory("q.txt", original));
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  int duplicates = 0;
  for (const IndexMatch& m : q->matches)
    duplicates += m.comparison.relation == Relation::kDuplicate;
  EXPECT_EQ(duplicates, 7);
}

// A document added from a JSON line keeps the line byte for byte (its other fields, its
// escapes), and its text, whatever they hold.
TEST_F(IndexTest, JsonLinesComeBackByteForByte) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  const std::string original = ReadFile(kSample / "original_harbor.txt");
  std::vector<std::string> lines;
  for (int i = 0; i < 3; ++i) {
    nlohmann::json j{{"id", "j" + std::to_string(i)},
                     {"text", original + std::string(i, '!') + " caf\u00e9 \"q\""},
                     {"source", "wire"},
                     {"n", i}};
    lines.push_back(j.dump());
  }
  lines[1] = "{\"n\": 1,  \"text\": \"caf\\u00e9 " + std::string(200, 'x') +
             " words and more words\", "
             "\"id\":\"j1\"}";
  const fs::path jsonl = dir_ / "in.jsonl";
  {
    std::ofstream out(jsonl, std::ios::binary);
    for (const std::string& l : lines) out << l << "\n";
  }
  auto added = index->AddInputs({jsonl.string()});
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  ASSERT_EQ(added->documents, 3);
  auto exported = index->Export();
  ASSERT_TRUE(exported.ok());
  ASSERT_EQ(exported->documents.size(), 3u);
  for (uint32_t d = 0; d < 3; ++d) {
    auto record = exported->texts->Record(d);
    ASSERT_TRUE(record.ok()) << record.status().ToString();
    EXPECT_EQ(*record, lines[d]);
    auto text = exported->texts->Text(d);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(static_cast<int64_t>(text->size()), exported->documents[d].bytes);
  }
  EXPECT_TRUE(index->Check().ok());
}

// An exported result reads its texts after the Index that made it is gone; a second open of the
// index in the same process says what to do.
TEST_F(IndexTest, AnExportOutlivesItsIndexAndASecondOpenIsExplained) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  ASSERT_TRUE(index->AddInputs(SampleFiles()).ok());
  auto again = Index::Open((dir_ / "idx").string(), /*writable=*/false);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("open in this process already"), std::string::npos)
      << again.status().message();
  EXPECT_EQ(again.status().message().find("not a textrace index"), std::string::npos)
      << again.status().message();
  auto exported = index->Export();
  ASSERT_TRUE(exported.ok());
  index.reset();
  ASSERT_FALSE(exported->documents.empty());
  auto text = exported->texts->Text(0);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(static_cast<int64_t>(text->size()), exported->documents[0].bytes);
}

// A mistyped or empty folder is not made into an index by opening it to add.
TEST_F(IndexTest, OpeningAFolderThatIsNoIndexCreatesNothing) {
  const fs::path missing = dir_ / "no-such-index";
  auto opened = Index::Open(missing.string(), /*writable=*/true);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);
  EXPECT_NE(opened.status().message().find("index create"), std::string::npos);
  EXPECT_FALSE(fs::exists(missing));
  const fs::path empty = dir_ / "empty";
  fs::create_directories(empty);
  opened = Index::Open(empty.string(), /*writable=*/true);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("not a textrace index"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(empty));
}

TEST_F(IndexTest, AnIdIndexedAlreadyIsSkippedOrReplaced) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  const std::string original = (kSample / "original_harbor.txt").string();
  ASSERT_TRUE(index->AddInputs({original, (kSample / "spun_harbor.txt").string()}).ok());
  auto again = index->AddInputs({original});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->documents, 0);
  ASSERT_EQ(again->skipped.size(), 1u);
  EXPECT_NE(again->skipped[0].reason.find("is in the index already"), std::string::npos);
  AddOptions replace;
  replace.replace = true;
  auto replaced = index->AddInputs({original}, replace);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(replaced->documents, 1);
  EXPECT_EQ(replaced->replaced, 1);
  auto stats = index->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 2);
  EXPECT_EQ(stats->pairs, 1) << "the replaced document's pair went, the new one's came";
  EXPECT_TRUE(index->Check().ok());
}

TEST_F(IndexTest, RemovingDocumentsTakesTheirPairsAndLeavesACheckedIndex) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  ASSERT_TRUE(index->AddInputs(SampleFiles()).ok());
  const std::string spun = (kSample / "spun_harbor.txt").string();
  const Status unknown = index->Remove({spun, "no-such-id"});
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_NE(unknown.message().find("'no-such-id'"), std::string::npos);
  ASSERT_TRUE(index->Remove({spun}).ok());
  EXPECT_TRUE(index->Check().ok());
  auto exported = index->Export();
  ASSERT_TRUE(exported.ok());
  for (const ScanDocument& d : exported->documents) EXPECT_NE(d.id, spun);
  auto q = index->Query(CompareInput::File(spun));
  ASSERT_TRUE(q.ok());
  ASSERT_FALSE(q->matches.empty());
  EXPECT_EQ(fs::path(q->matches[0].info.id).filename(), "original_harbor.txt");
}

TEST_F(IndexTest, TheOptionsAndThesaurusAreKeptWithTheIndex) {
  Options o;
  o.align.min_passage_chars = 120;
  o.evidence.min_evidence_score = 0.45;
  auto index = Make(o);
  ASSERT_NE(index, nullptr);
  index.reset();
  auto reopened = Index::Open((dir_ / "idx").string(), /*writable=*/false);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->engine().options().align.min_passage_chars, 120);
  EXPECT_EQ((*reopened)->engine().options().evidence.min_evidence_score, 0.45);
  auto fresh = Engine::Create(Options{});
  ASSERT_TRUE(fresh.ok());
  if ((*fresh)->thesaurus() != nullptr) {
    ASSERT_NE((*reopened)->engine().thesaurus(), nullptr);
    EXPECT_EQ((*reopened)->engine().thesaurus()->pair_count(), (*fresh)->thesaurus()->pair_count());
  }
}

// An index of another format, or a folder that is none, says what it is and what to do.
TEST_F(IndexTest, AnIndexOfThePreviousFormatIsReadAndUpgradedWhenWritten) {
  // Format 2: the same tables, document records without a language (version 1).
  auto index = Make();
  ASSERT_NE(index, nullptr);
  index.reset();
  SetFormat(kPreviousIndexFormat);
  {
    auto reader = Index::Open((dir_ / "idx").string(), false);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ((*reader)->Stats()->format, kPreviousIndexFormat) << "a reader changes nothing";
  }
  auto writer = Index::Open((dir_ / "idx").string(), true);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  EXPECT_EQ((*writer)->Stats()->format, kIndexFormat);
}

// An index made before an option existed keeps the rules it was made with: the options it does
// not record take the values of before (no furniture rule, an absolute passage floor).
TEST_F(IndexTest, OptionsAddedSinceAnIndexWasMadeKeepItsRules) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  EXPECT_TRUE(index->engine().options().analyzer.furniture) << "a new index: the defaults";
  index.reset();
  {
    StoreOptions so;
    so.tables = {"meta"};
    auto store = Store::Open((dir_ / "idx").string(), so);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::string options;
    {
      auto r = (*store)->Read();
      ASSERT_TRUE(r.ok());
      std::string_view v;
      auto found = (*r)->Get(0, "options", &v);
      ASSERT_TRUE(found.ok() && *found);
      options = std::string(v);
    }
    auto j = nlohmann::json::parse(options);
    j.erase("furniture");
    j.erase("short_passage_share");
    auto w = (*store)->Write();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Put(0, "options", j.dump()).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  auto old = Index::Open((dir_ / "idx").string(), /*writable=*/false);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_FALSE((*old)->engine().options().analyzer.furniture);
  EXPECT_EQ((*old)->engine().options().align.short_passage_share, 0.0);
}

TEST_F(IndexTest, AnotherFormatOrNoIndexIsAClearError) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  index.reset();
  SetFormat("textrace-index/9");
  auto newer = Index::Open((dir_ / "idx").string(), false);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("'textrace-index/9'"), std::string::npos);
  EXPECT_NE(newer.status().message().find("index create"), std::string::npos);
  fs::create_directories(dir_ / "empty");
  auto none = Index::Open((dir_ / "empty").string(), false);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("not a textrace index"), std::string::npos)
      << none.status().message();
  EXPECT_FALSE(Index::Create((dir_ / "idx").string(), Options{}).ok()) << "not empty";
}

// Check finds damage: a posting gone.
TEST_F(IndexTest, CheckFindsAMissingPosting) {
  auto index = Make();
  ASSERT_NE(index, nullptr);
  ASSERT_TRUE(index->AddInputs({(kSample / "original_harbor.txt").string()}).ok());
  ASSERT_TRUE(index->Check().ok());
  index.reset();
  {
    StoreOptions so;
    so.tables = {"postings"};
    auto store = Store::Open((dir_ / "idx").string(), so);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto w = (*store)->Write();
    ASSERT_TRUE(w.ok());
    // The first chunk of postings loses its first posting (13 bytes).
    std::string key, chunk;
    ASSERT_TRUE((*w)->ScanPrefix(0, "",
                                 [&](std::string_view k, std::string_view v) {
                                   key = std::string(k);
                                   chunk = std::string(v);
                                   return false;
                                 })
                    .ok());
    ASSERT_GT(chunk.size(), 13u);
    ASSERT_TRUE((*w)->Put(0, key, chunk.substr(13)).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  auto reopened = Index::Open((dir_ / "idx").string(), false);
  ASSERT_TRUE(reopened.ok());
  const Status st = (*reopened)->Check();
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
  EXPECT_NE(st.message().find("posting"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace textrace
