// Who copied whom: direction from dates read as instants, indirect pairs (both took the text from
// a third document), families of versions with their source, each document's sources and
// derivatives (chains included), and dedup's choices and outputs.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "temp_dir_testing.h"
#include "textrace/engine.h"
#include "textrace/scan.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string Sample(const char* name) {
  return ReadFile(fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample" / name);
}

// The engine with the default thesaurus (spun rewrites need it), made once.
std::shared_ptr<const Engine> DefaultEngine(Options o = Options{}) {
  static std::shared_ptr<const Engine> base = [] {
    auto e = Engine::Create(Options{});
    return e.ok() ? *e : nullptr;
  }();
  auto e = Engine::Create(o, base->thesaurus());
  return e.ok() ? *e : nullptr;
}

InputDocument Doc(std::string id, std::string text, std::string date) {
  InputDocument d;
  d.id = std::move(id);
  d.text = std::move(text);
  d.date = std::move(date);
  return d;
}

ScanResult ScanDocs(const std::vector<InputDocument>& docs, Options o = Options{}) {
  auto scanner = Scanner::Create(DefaultEngine(o));
  EXPECT_TRUE(scanner.ok());
  for (const InputDocument& d : docs) EXPECT_TRUE((*scanner)->Add(d).ok());
  auto r = (*scanner)->Finish();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ScanResult{};
}

const ScanPair* PairOf(const ScanResult& r, const std::string& x, const std::string& y) {
  for (const ScanPair& p : r.pairs) {
    const std::string& a = r.documents[p.a].id;
    const std::string& b = r.documents[p.b].id;
    if ((a == x && b == y) || (a == y && b == x)) return &p;
  }
  return nullptr;
}

const DocumentLinks* LinksOf(const ScanResult& r, const std::string& id) {
  for (const DocumentLinks& l : r.links) {
    if (r.documents[l.document].id == id) return &l;
  }
  return nullptr;
}

std::set<std::string> Ids(const ScanResult& r, const std::vector<DocumentLinks::Link>& links) {
  std::set<std::string> out;
  for (const auto& l : links) out.insert(r.documents[l.document].id);
  return out;
}

// The sample, dated: the partial copy, the spun rewrite and the summary derive from the
// original; what the partial copy and the spun rewrite share they both took from it.
TEST(DerivationTest, SampleCopiesDeriveFromTheOriginalAndShareTextOnlyThroughIt) {
  const ScanResult r = ScanDocs({Doc("original", Sample("original_harbor.txt"), "2024-03-01"),
                                 Doc("spun", Sample("spun_harbor.txt"), "2024-03-02"),
                                 Doc("partial", Sample("partial_harbor.txt"), "March 5, 2024"),
                                 Doc("summary", Sample("summary_harbor.txt"), "1709942400"),
                                 Doc("chess", Sample("unrelated_chess.txt"), "2024-03-03")});
  for (const char* copy : {"spun", "partial", "summary"}) {
    const ScanPair* p = PairOf(r, "original", copy);
    ASSERT_NE(p, nullptr) << copy;
    EXPECT_FALSE(p->via.has_value()) << copy << " copies the original directly";
    EXPECT_EQ(p->direction, Direction::kAToB) << copy;
    const DocumentLinks* l = LinksOf(r, copy);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(Ids(r, l->sources), std::set<std::string>{"original"}) << copy;
  }
  const ScanPair* ps = PairOf(r, "partial", "spun");
  ASSERT_NE(ps, nullptr);
  ASSERT_TRUE(ps->via.has_value()) << "the partial copy and the spun rewrite: indirect";
  EXPECT_EQ(r.documents[*ps->via].id, "original");
  const ScanPair* ss = PairOf(r, "spun", "summary");
  ASSERT_NE(ss, nullptr);
  ASSERT_TRUE(ss->via.has_value());
  EXPECT_EQ(r.documents[*ss->via].id, "original");
  EXPECT_EQ(r.stats.indirect_pairs, 2);
  const DocumentLinks* original = LinksOf(r, "original");
  ASSERT_NE(original, nullptr);
  EXPECT_TRUE(original->sources.empty());
  EXPECT_EQ(Ids(r, original->derivatives), (std::set<std::string>{"spun", "partial", "summary"}));
  // One family, the versions of the text; the original is its source by the dates.
  ASSERT_EQ(r.families.size(), 1u);
  ASSERT_TRUE(r.families[0].source.has_value());
  EXPECT_EQ(r.documents[*r.families[0].source].id, "original");
  std::set<std::string> members;
  for (uint32_t m : r.families[0].members) members.insert(r.documents[m].id);
  EXPECT_EQ(members, (std::set<std::string>{"original", "spun", "summary"}));
  // The report says so without a join.
  const auto report = FormatScanReport(r, DefaultEngine()->options());
  ASSERT_TRUE(report.ok());
  std::istringstream lines(*report);
  std::string line;
  int via_lines = 0, document_lines = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    if (j["type"] == "pair") {
      EXPECT_TRUE(j.contains("a_words") && j.contains("b_words") && j.contains("score"));
      EXPECT_TRUE(j.contains("a_date") && j.contains("b_date"));
      via_lines += j.contains("via");
    } else if (j["type"] == "document") {
      ++document_lines;
      if (j["id"] == "partial") {
        ASSERT_EQ(j["sources"].size(), 1u);
        EXPECT_EQ(j["sources"][0]["id"], "original");
        EXPECT_EQ(j["sources"][0]["relation"], "partial");
      }
    } else if (j["type"] == "family") {
      EXPECT_EQ(j["source"], "original");
    }
  }
  EXPECT_EQ(via_lines, 2);
  EXPECT_EQ(document_lines, 4) << "every document in a pair";
}

// Without dates nothing is called a source: the family says why, every relation is undirected.
TEST(DerivationTest, WithoutDatesNoSourceIsNamed) {
  const ScanResult r = ScanDocs({Doc("original", Sample("original_harbor.txt"), ""),
                                 Doc("spun", Sample("spun_harbor.txt"), ""),
                                 Doc("partial", Sample("partial_harbor.txt"), "")});
  ASSERT_EQ(r.families.size(), 1u);
  EXPECT_FALSE(r.families[0].source.has_value());
  EXPECT_EQ(r.families[0].source_reason, "2 of 2 members without a readable date");
  for (const DocumentLinks& l : r.links) {
    EXPECT_TRUE(l.sources.empty());
    EXPECT_TRUE(l.derivatives.empty());
  }
  const DocumentLinks* partial = LinksOf(r, "partial");
  ASSERT_NE(partial, nullptr);
  EXPECT_TRUE(Ids(r, partial->undirected).count("original"));
}

// Undated, the text can still tell: two copies edited apart from one original are each closer
// to it than to each other, so what they share they took from it.
TEST(DerivationTest, CopiesEditedApartAreIndirectThroughTheirOriginalWithoutDates) {
  const std::string original = Sample("original_harbor.txt");
  // Every tenth word changed, at different words in each copy.
  auto edit = [&](size_t offset) {
    std::string out;
    size_t word = 0;
    for (size_t i = 0; i < original.size();) {
      const size_t end = std::min(original.find_first_of(" \n", i), original.size());
      const std::string w = original.substr(i, end - i);
      out += (word++ % 10 == offset && w.size() > 3) ? "zorblax" : w;
      if (end < original.size()) out += original[end];
      i = end + 1;
    }
    return out;
  };
  const ScanResult r = ScanDocs(
      {Doc("original", original, ""), Doc("copy1", edit(2), ""), Doc("copy2", edit(7), "")});
  const ScanPair* copies = PairOf(r, "copy1", "copy2");
  ASSERT_NE(copies, nullptr);
  ASSERT_TRUE(copies->via.has_value());
  EXPECT_EQ(r.documents[*copies->via].id, "original");
  for (const char* copy : {"copy1", "copy2"}) {
    const ScanPair* p = PairOf(r, "original", copy);
    ASSERT_NE(p, nullptr);
    EXPECT_FALSE(p->via.has_value());
  }
}

// A -> B -> C: B copies A whole and adds a paragraph; C copies that paragraph only. C's source
// is B, and A's derivatives include C at depth 2, through B.
TEST(DerivationTest, ChainsAreFollowed) {
  const std::string added =
      "\n\nIn a statement released on Wednesday, the harbour master said the rebuilt wall would "
      "be inspected every spring by an engineer from the county, and that the results of each "
      "inspection would be published on the council's website within a month of the visit, so "
      "that residents could see for themselves whether the repairs were holding.\n";
  const ScanResult r =
      ScanDocs({Doc("a", Sample("original_harbor.txt"), "2024-01-01"),
                Doc("b", Sample("original_harbor.txt") + added, "2024-01-02T08:00:00Z"),
                Doc("c", Sample("unrelated_chess.txt") + added, "2024-01-03")});
  const DocumentLinks* c = LinksOf(r, "c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Ids(r, c->sources), std::set<std::string>{"b"});
  const DocumentLinks* a = LinksOf(r, "a");
  ASSERT_NE(a, nullptr);
  bool found = false;
  for (const auto& l : a->derivatives) {
    if (r.documents[l.document].id != "c") continue;
    found = true;
    EXPECT_EQ(l.depth, 2u);
    EXPECT_EQ(r.documents[l.through].id, "b");
  }
  EXPECT_TRUE(found) << "a's derivatives include c through b";
}

// A date that cannot be read is listed with its document, and the pairs say why their direction
// is unknown.
TEST(DerivationTest, UnparseableDatesAreCountedAndExplained) {
  const ScanResult r = ScanDocs({Doc("original", Sample("original_harbor.txt"), "yesterday"),
                                 Doc("copy", Sample("original_harbor.txt"), "2024-01-05")});
  ASSERT_EQ(r.unparseable_dates.size(), 1u);
  EXPECT_EQ(r.unparseable_dates[0].origin, "original");
  EXPECT_NE(r.unparseable_dates[0].reason.find("'yesterday'"), std::string::npos);
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(r.pairs[0].direction, Direction::kUnknown);
  EXPECT_EQ(r.pairs[0].direction_reason, "unparseable date on a: 'yesterday'");
  const auto report = FormatScanReport(r, DefaultEngine()->options());
  ASSERT_TRUE(report.ok());
  const auto run = nlohmann::json::parse(report->substr(0, report->find('\n')));
  ASSERT_EQ(run["unparseable_dates"].size(), 1u);
  EXPECT_EQ(run["unparseable_dates"][0]["origin"], "original");
}

// The seeds, dated by a dates file with 001 earliest: 001 is the source of its spun copy 000 and
// of the re-report 003; 002, the same story told independently, relates to nothing.
TEST(DerivationTest, SeedsWithDatesName001TheSource) {
  const fs::path seeds = fs::path(TEXTRACE_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::exists(seeds)) GTEST_SKIP() << "../shared/seeds is absent";
  const TempDir tmp("dates");
  const fs::path dates = tmp / "dates.tsv";
  auto id = [&](const char* name) { return (seeds / name).string(); };
  {
    std::ofstream out(dates);
    out << id("001_dce158b59031fd31.txt") << "\t2021-10-01T09:00:00Z\n"
        << id("000_bb768232c0cc2eed.txt") << "\tOct 3, 2021\n"
        << "# 002 is dated a week later\n"
        << R"({"id": ")" << id("002_6256d0b3693ecbf9.txt") << R"(", "date": "2021-10-08"})"
        << "\n"
        << id("003_fa65030a4ddca670.txt") << "\t1633651200\n"
        << "not-a-seed.txt\t2021-10-09\n";
  }
  Options o;
  o.input.dates_file = dates.string();
  auto r = Scan({id("000_bb768232c0cc2eed.txt"), id("001_dce158b59031fd31.txt"),
                 id("002_6256d0b3693ecbf9.txt"), id("003_fa65030a4ddca670.txt")},
                DefaultEngine(o));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stats.dates_from_file, 4);
  EXPECT_EQ(r->stats.dates_unmatched, 1);
  const DocumentLinks* original = LinksOf(*r, id("001_dce158b59031fd31.txt"));
  ASSERT_NE(original, nullptr);
  EXPECT_TRUE(original->sources.empty());
  for (const char* copy : {"000_bb768232c0cc2eed.txt", "003_fa65030a4ddca670.txt"}) {
    const DocumentLinks* l = LinksOf(*r, id(copy));
    ASSERT_NE(l, nullptr) << copy;
    EXPECT_EQ(Ids(*r, l->sources), std::set<std::string>{id("001_dce158b59031fd31.txt")}) << copy;
  }
  EXPECT_EQ(LinksOf(*r, id("002_6256d0b3693ecbf9.txt")), nullptr) << "002 is in no pair";
  // What the spun copy and the re-report share, both took from 001.
  const ScanPair* p = PairOf(*r, id("000_bb768232c0cc2eed.txt"), id("003_fa65030a4ddca670.txt"));
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->via.has_value());
  EXPECT_EQ(r->documents[*p->via].id, id("001_dce158b59031fd31.txt"));
  for (const ScanDocument& d : r->documents) EXPECT_EQ(d.date_from, "dates file");
}

// About 13% more words for the sample's original: a near-duplicate of it, not a duplicate.
constexpr char kAddedParagraph[] =
    "\n\nResidents who want to follow the works can sign up for a weekly email from the "
    "council, which will list the sections of the wall being rebuilt, any road closures on Quay "
    "Street, the hours when the fish market car park is shut, and the dates of the public "
    "meetings at which the engineers will answer questions about the design and the budget.";

TEST(DedupTest, KeepsFirstEarliestOrLongestAndMapsEveryRemovedDocument) {
  const std::string text = Sample("original_harbor.txt");
  std::vector<InputDocument> docs = {
      Doc("late", text, "2024-05-01"), Doc("early", text, "2024-01-01"),
      Doc("longer", text + kAddedParagraph, ""), Doc("chess", Sample("unrelated_chess.txt"), "")};
  docs[0].record = R"({"id": "late", "text": "...", "source": "wire", "n": 1})";
  const ScanResult r = ScanDocs(docs);
  auto kept_ids = [&](const char* keep) {
    DedupOptions o;
    o.keep = keep;
    std::vector<std::string> out;
    for (uint32_t k : Dedup(r, o).kept) out.push_back(r.documents[k].id);
    return out;
  };
  EXPECT_EQ(kept_ids("first"), (std::vector<std::string>{"late", "chess"}));
  EXPECT_EQ(kept_ids("earliest"), (std::vector<std::string>{"early", "chess"}));
  EXPECT_EQ(kept_ids("longest"), (std::vector<std::string>{"longer", "chess"}));
  // Near-duplicates only with near_duplicates on (the longer one is not a duplicate).
  DedupOptions exact;
  exact.near_duplicates = false;
  const DedupResult strict = Dedup(r, exact);
  EXPECT_EQ(strict.kept.size(), 3u);
  const DedupResult d = Dedup(r, DedupOptions{});
  ASSERT_EQ(d.removed.size(), 2u);
  std::map<std::string, nlohmann::json> map;
  std::istringstream lines(FormatDedupMap(r, d));
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line);
    map[j["id"]] = j;
  }
  EXPECT_EQ(map["early"]["duplicate_of"], "late");
  EXPECT_EQ(map["early"]["relation"], "duplicate");
  EXPECT_EQ(map["early"]["similarity"], 1.0);
  EXPECT_EQ(map["longer"]["duplicate_of"], "late");
  EXPECT_EQ(map["longer"]["relation"], "near_duplicate");
  EXPECT_GT(map["longer"]["similarity"].get<double>(), 0.9);
  // A kept document read from a JSON line is written back as that line, byte for byte.
  std::string kept;
  ASSERT_TRUE(WriteKeptJsonl(r, d, [&](std::string_view s) {
                kept += s;
                return Status::Ok();
              }).ok());
  EXPECT_EQ(kept.substr(0, kept.find('\n')), docs[0].record);
}

}  // namespace
}  // namespace textrace
