// End-to-end tests of the collection scan: the seeds, planted reuse with dates, accounting of
// every input document, and output that does not depend on the thread count.
#include "textrace/scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "temp_dir_testing.h"

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

// What a test sets of a scan: the engine's options, the resources, a progress callback.
struct ScanSetup {
  Options options;
  ResourceOptions resources;
  std::function<void(const ScanProgress&)> progress;
};

// A scan with the default English thesaurus (loaded once), or none.
StatusOr<ScanResult> RunScan(const std::vector<std::string>& inputs, const ScanSetup& s,
                             bool synonyms = true) {
  auto engine = Engine::Create(s.options, synonyms ? LoadThesaurus() : nullptr);
  if (!engine.ok()) return engine.status();
  return Scan(inputs, *engine, s.resources, s.progress);
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
  ScanSetup o;
  o.resources.threads = 2;
  auto r = RunScan({seeds.string()}, o);
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
    EXPECT_EQ(p.direction, Direction::kUnknown);
    EXPECT_EQ(p.direction_reason, "no dates");
  }
  // 000, 001 (and 003 where related) form one family; its representative is the longest.
  ASSERT_EQ(r->families.size(), 1u);
  // The sites' furniture is never reported as shared text.
  for (const ScanPair& p : r->pairs) {
    for (const bool side_a : {true, false}) {
      auto text = r->texts->Text(side_a ? p.a : p.b);
      ASSERT_TRUE(text.ok());
      for (const PassagePair& pp : p.comparison.passages) {
        const TextSpan& span = side_a ? pp.a : pp.b;
        const std::string passage = text->substr(span.begin_byte, span.end_byte - span.begin_byte);
        for (const char* furniture :
             {"Source link", "Leave a Reply", "If you notice an error", "Your email address",
              "Copyright The Financial Times", "Envíanos tus noticias"}) {
          EXPECT_EQ(passage.find(furniture), std::string::npos)
              << furniture << " reported as shared in " << r->documents[p.a].id << " ~ "
              << r->documents[p.b].id;
        }
      }
    }
  }
}

// Unrelated articles from different sites that end with the same furniture lines.
class ScanBoilerplateTest : public ::testing::Test {
 protected:
  static std::string Article(uint32_t seed, int words) {
    static const char* kSyllables[] = {"ka",  "lo", "mi", "tu",  "ren", "sa", "vo", "di", "pe",
                                       "gor", "an", "el", "bra", "nu",  "ti", "sk", "or", "ve"};
    uint32_t x = seed * 2654435761u + 12345u;
    auto next = [&x] {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      return x;
    };
    std::string out;
    for (int w = 0; w < words; ++w) {
      const int n = 2 + static_cast<int>(next() % 3);
      for (int k = 0; k < n; ++k) out += kSyllables[next() % 18];
      out += (w % 12 == 11) ? ".\n" : " ";
    }
    return out;
  }
  static constexpr const char* kFurniture =
      "\nSource link\n\nLeave a Reply\n\nYour email address will not be published. Required "
      "fields are marked *\n\nSubscribe to our newsletter to receive the latest stories, "
      "exclusive interviews and analysis from our correspondents every single morning.\n\n"
      "Copyright 2021 Daily Example Media. All rights reserved. Reproduction of this material "
      "without the written permission of the publisher is prohibited.\n";

  void SetUp() override {}
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  // The collection's rule alone unless `furniture`: these pages' furniture is known by its words
  // too.
  StatusOr<ScanResult> Run(int min_docs, bool furniture = false) {
    ScanSetup o;
    o.resources.threads = 2;
    o.options.boilerplate.min_docs = min_docs;
    o.options.analyzer.furniture = furniture;
    return RunScan({dir_.string()}, o);
  }
  TempDir dir_{"boilerplate"};
};

TEST_F(ScanBoilerplateTest, FurnitureSharedByUnrelatedPagesIsNotReuse) {
  for (uint32_t i = 0; i < 8; ++i) {
    Write("site" + std::to_string(i) + ".txt", Article(i + 1, 300) + kFurniture);
  }
  // Without boilerplate detection the furniture makes every page look like partial reuse of
  // every other: the test below is not vacuous.
  auto off = Run(0);
  ASSERT_TRUE(off.ok()) << off.status().ToString();
  EXPECT_GT(off->pairs.size(), 0u);
  auto on = Run(5);
  ASSERT_TRUE(on.ok()) << on.status().ToString();
  EXPECT_EQ(on->pairs.size(), 0u) << RelationName(on->pairs[0].comparison.relation) << " "
                                  << on->documents[on->pairs[0].a].id << " ~ "
                                  << on->documents[on->pairs[0].b].id;
  EXPECT_GE(on->stats.boilerplate_lines, 4);
  // The text itself is kept whole: offsets stay those of the files.
  auto text = on->texts->Text(0);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("Leave a Reply"), std::string::npos);
}

TEST_F(ScanBoilerplateTest, ReuseAmongPagesWithFurnitureIsStillFoundAndCoverageIgnoresIt) {
  for (uint32_t i = 0; i < 8; ++i) {
    Write("site" + std::to_string(i) + ".txt", Article(i + 1, 300) + kFurniture);
  }
  // A copy of site0's article on another site, with that site's furniture; and a partial copy.
  const std::string story = Article(1, 300);
  Write("copy.txt", story + kFurniture);
  Write("partial.txt", Article(99, 300) + "\n" + story.substr(0, story.size() / 3) + kFurniture);
  auto r = Run(5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::map<std::string, std::string> rel;
  for (const ScanPair& p : r->pairs) {
    rel[fs::path(r->documents[p.a].id).filename().string() + "~" +
        fs::path(r->documents[p.b].id).filename().string()] = RelationName(p.comparison.relation);
  }
  EXPECT_EQ(rel["copy.txt~site0.txt"], "duplicate");
  EXPECT_EQ(rel["partial.txt~site0.txt"], "partial");
  EXPECT_EQ(rel.size(), 3u);  // copy~partial too, nothing else
  for (const ScanPair& p : r->pairs) {
    if (RelationName(p.comparison.relation) != "duplicate") continue;
    // Duplicates by content: coverage over the articles, not the furniture.
    EXPECT_GT(p.comparison.coverage_a, 0.95);
  }
}

// A small crawl: each site's furniture on two pages only, too few for the collection's rule,
// is known by its words (a server warning, a cookie banner, an affiliate disclosure, comment
// rules, a sign-up notice, a copyright line). Unrelated pages sharing it are not reuse; a copied
// article among them still is, its coverage counted without the furniture.
TEST_F(ScanBoilerplateTest, FurnitureOnTwoPagesIsKnownByItsWords) {
  const std::string top =
      "Warning: Undefined variable $sidebar in /var/www/html/wp-content/themes/daily/header.php "
      "on line 42\nWe use cookies to improve your experience on our site. By continuing to "
      "browse, you agree to our use of cookies and to our privacy policy.\nThis post contains "
      "affiliate links, and we may earn a small commission if you buy something through them, "
      "at no extra cost to you.\n";
  const std::string bottom =
      "\nComments are moderated and appear after approval; please keep the discussion civil, "
      "and read our comment policy before posting.\nRegister for a free account or log in to "
      "continue reading, and get our newsletter in your inbox every morning.\nCopyright \xC2\xA9 "
      "2024 Example Media Group. All rights reserved.\n";
  Write("a.txt", top + Article(1, 300) + bottom);
  Write("b.txt", top + Article(2, 300) + bottom);
  Write("c.txt", top + Article(3, 300) + bottom);
  // The copy on another site, with that site's furniture.
  Write("copy.txt",
        "We use cookies for analytics and advertising. Click accept to consent, or change your "
        "cookie settings.\n" +
            Article(1, 300) + "\nAll rights reserved.\n");
  auto off = Run(/*min_docs=*/5, /*furniture=*/false);
  ASSERT_TRUE(off.ok()) << off.status().ToString();
  EXPECT_GT(off->pairs.size(), 1u) << "the furniture alone relates the pages: not vacuous";
  auto on = Run(/*min_docs=*/5, /*furniture=*/true);
  ASSERT_TRUE(on.ok()) << on.status().ToString();
  ASSERT_EQ(on->pairs.size(), 1u);
  const ScanPair& p = on->pairs[0];
  EXPECT_EQ(fs::path(on->documents[p.a].id).filename(), "a.txt");
  EXPECT_EQ(fs::path(on->documents[p.b].id).filename(), "copy.txt");
  EXPECT_EQ(p.comparison.relation, Relation::kDuplicate);
  EXPECT_GT(p.comparison.coverage_a, 0.95) << "coverage of the articles, not their furniture";
}

TEST_F(ScanBoilerplateTest, SyndicatedCopiesKeepTheirShortLines) {
  // Six copies of one story made of short paragraphs: every line recurs in six documents, but
  // the documents are copies of each other, so nothing is boilerplate.
  std::string story;
  for (uint32_t k = 0; k < 12; ++k) story += Article(100 + k, 14) + "\n";
  for (int i = 0; i < 6; ++i) {
    Write("copy" + std::to_string(i) + ".txt", "Edition " + std::to_string(i) + "\n\n" + story);
  }
  auto r = Run(5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stats.boilerplate_lines, 0);
  EXPECT_EQ(r->pairs.size(), 15u);  // all 6 * 5 / 2 pairs
}

class ScanCollectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
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
  TempDir dir_{"scan"};
};

TEST_F(ScanCollectionTest, RelationsDirectionFamiliesAndAccounting) {
  ScanSetup o;
  o.resources.threads = 2;
  auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
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
  EXPECT_EQ(spun.direction, Direction::kBToA) << "spun (a) derives from the earlier original (b)";
  ASSERT_TRUE((by_ids.count({"original", "partial"})));
  EXPECT_EQ(RelationName((by_ids[{"original", "partial"}])->comparison.relation),
            std::string("partial"));
  EXPECT_EQ((by_ids[{"original", "partial"}])->direction, Direction::kAToB);
  ASSERT_TRUE((by_ids.count({"original", "copy"})));
  EXPECT_EQ(RelationName((by_ids[{"original", "copy"}])->comparison.relation),
            std::string("duplicate"));
  EXPECT_EQ((by_ids[{"original", "copy"}])->found_by, CandidateStage::kExact);
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
  // One family: the versions of the harbour text (the partial copy borrows from it without being
  // one). The undated copy leaves its source unknown.
  ASSERT_EQ(r->families.size(), 1u);
  std::set<std::string> members;
  for (uint32_t m : r->families[0].members) members.insert(r->documents[m].id);
  EXPECT_EQ(members, (std::set<std::string>{"spun", "original", "copy"}));
  EXPECT_FALSE(r->families[0].source.has_value());
  EXPECT_EQ(r->families[0].source_reason, "1 of 3 members without a readable date");
}

TEST_F(ScanCollectionTest, PairsOnWeakEvidenceAreCountedNotReported) {
  auto scan = [&](double score, double kept) {
    ScanSetup o;
    o.resources.threads = 2;
    o.options.evidence.min_evidence_score = score;
    o.options.evidence.min_evidence_kept = kept;
    auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : ScanResult{};
  };
  const ScanResult every = scan(0, 0), normal = scan(0.5, 0.25), strict = scan(0.999, 1.01);
  EXPECT_EQ(every.stats.weak_pairs, 0);
  // Every aligned pair is either reported or counted as weak.
  EXPECT_EQ(normal.pairs.size() + normal.stats.weak_pairs, every.pairs.size());
  EXPECT_EQ(strict.pairs.size() + strict.stats.weak_pairs, every.pairs.size());
  // The spun rewrite is strong evidence by default; only the exact copies pass a bar of 0.999.
  EXPECT_EQ(Relation(normal, "spun", "original"), "rewrite");
  ASSERT_GT(strict.stats.weak_pairs, 0);
  for (const ScanPair& p : strict.pairs) {
    EXPECT_EQ(RelationName(p.comparison.relation), std::string("duplicate"))
        << strict.documents[p.a].id << " ~ " << strict.documents[p.b].id;
  }
}

// With report_weak_pairs the withheld pairs are kept, with what was aligned: together with the
// reported pairs they are every aligned pair, and they join no family.
TEST_F(ScanCollectionTest, WeakPairsAreKeptWhenAskedAndJoinNoFamily) {
  auto scan = [&](double score, double kept, bool weak) {
    ScanSetup o;
    o.resources.threads = 2;
    o.options.evidence.min_evidence_score = score;
    o.options.evidence.min_evidence_kept = kept;
    o.options.report.report_weak_pairs = weak;
    auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::make_pair(r.ok() ? std::move(r).value() : ScanResult{}, o);
  };
  auto ids = [](const ScanResult& r, const std::vector<ScanPair>& pairs) {
    std::set<std::pair<std::string, std::string>> out;
    for (const ScanPair& p : pairs) out.insert({r.documents[p.a].id, r.documents[p.b].id});
    return out;
  };
  const auto [every, every_options] = scan(0, 0, false);
  const auto [strict, strict_options] = scan(0.999, 1.01, true);
  const auto [quiet, quiet_options] = scan(0.999, 1.01, false);
  ASSERT_GT(strict.stats.weak_pairs, 0);
  EXPECT_EQ(strict.weak_pairs.size(), static_cast<size_t>(strict.stats.weak_pairs));
  EXPECT_TRUE(quiet.weak_pairs.empty());
  std::set<std::pair<std::string, std::string>> all = ids(strict, strict.pairs);
  for (const auto& p : ids(strict, strict.weak_pairs)) {
    EXPECT_TRUE(all.insert(p).second) << p.first << " ~ " << p.second << " reported and weak";
  }
  EXPECT_EQ(all, ids(every, every.pairs));
  EXPECT_TRUE((ids(strict, strict.weak_pairs).count({"spun", "original"})));
  for (const ScanPair& p : strict.weak_pairs) {
    EXPECT_FALSE(p.comparison.passages.empty());
    EXPECT_LT(p.a, p.b);
  }
  // The spun rewrite is weak here: no family holds it.
  for (const Family& f : strict.families) {
    for (uint32_t m : f.members) EXPECT_NE(strict.documents[m].id, "spun");
  }
  // The report writes them as "weak_pair" lines, after the pairs, only when asked.
  auto count = [](const std::string& report, const std::string& type) {
    size_t n = 0;
    for (size_t at = 0; (at = report.find("\"type\":\"" + type + "\"", at)) != std::string::npos;
         ++at) {
      ++n;
    }
    return n;
  };
  const auto with = FormatScanReport(strict, strict_options.options);
  const auto without = FormatScanReport(quiet, quiet_options.options);
  ASSERT_TRUE(with.ok() && without.ok());
  EXPECT_EQ(count(*with, "weak_pair"), strict.weak_pairs.size());
  EXPECT_EQ(count(*without, "weak_pair"), 0u);
  EXPECT_EQ(count(*with, "pair"), count(*without, "pair"));
  EXPECT_GT(with->find("\"type\":\"weak_pair\""), with->rfind("\"type\":\"pair\""));
}

// A recipe of short lines, and a copy cut to about half its words and run into one sentence: no
// sentence pair aligns, the word cluster does. Such a passage is evidence only when its words
// are also kept in order (ScanSetup::min_word_cluster_kept).
TEST_F(ScanCollectionTest, CutCopyFoundByWordsAloneNeedsItsWordsKept) {
  const std::string recipe =
      "Country loaf with walnuts and honey.\n"
      "Warm the milk and dissolve the dried yeast in it.\n"
      "Stir rye flour, wheat flour and a pinch of sea salt in a wide bowl.\n"
      "Knead the sticky dough for ten minutes on a floured board.\n"
      "Fold in chopped walnuts and two spoons of dark honey.\n"
      "Leave it to rise under a damp cloth until doubled.\n"
      "Bake the loaf for forty minutes until the crust sounds hollow.\n";
  const std::string cut =
      "Our loaf with walnuts and honey, warm milk, dissolve yeast, rye flour and wheat flour with "
      "sea salt in the bowl, knead sticky dough ten minutes, fold chopped walnuts, dark honey, "
      "rise under damp cloth, bake forty minutes until crust hollow.";
  const fs::path d = dir_ / "cut";
  fs::create_directories(d);
  std::ofstream(d / "recipe.txt") << recipe;
  std::ofstream(d / "cut.txt") << cut;
  std::ofstream(d / "chess.txt") << "The regional chess championship ended in a dramatic "
                                    "tiebreak on Sunday evening, after six hours of play.\n";
  auto scan = [&](double kept) {
    ScanSetup o;
    o.resources.threads = 2;
    o.options.evidence.min_word_cluster_kept = kept;
    auto r = RunScan({d.string()}, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : ScanResult{};
  };
  const ScanResult normal = scan(EvidenceOptions{}.min_word_cluster_kept);
  ASSERT_EQ(normal.pairs.size(), 1u);
  const Comparison& c = normal.pairs[0].comparison;
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_TRUE(c.passages[0].by_words);
  EXPECT_GE(c.passages[0].kept, EvidenceOptions{}.min_word_cluster_kept);
  EXPECT_EQ(Relation(normal, "cut", "recipe"), "rewrite");
  // Asking more of it than it keeps: counted as weak, not reported.
  const ScanResult strict = scan(c.passages[0].kept + 0.01);
  EXPECT_TRUE(strict.pairs.empty());
  EXPECT_EQ(strict.stats.weak_pairs, 1);
}

// The bundled sample as the README's first command scans it: every relation of its TRUTH.md.
// Its summary retells the original in new words, merging and splitting its sentences, so the
// two share no anchor often enough: the rare-word stage proposes the pair.
// Two documents of the PAN 2013 training corpus, scanned as a collection of two. The scan puts
// the longer document first (ScanSetup::summary_copy_coverage); the expected spans are the
// corpus's ground truth, in characters.
class ScanPanPairTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = fs::path(TEXTRACE_SOURCE_DIR) / ".." / "shared" / "data" / "pan13-train";
    if (!fs::exists(corpus_))
      GTEST_SKIP() << "no PAN corpus at " << corpus_ << " (../shared is absent)";
  }
  // The one related pair of a scan of src/`source` and susp/`suspicious`, source first.
  ScanPair ScanTwo(const std::string& source, const std::string& suspicious, double coverage) {
    ScanSetup o;
    o.resources.threads = 2;
    o.options.align.summary_copy_coverage = coverage;
    auto r =
        RunScan({(corpus_ / "src" / source).string(), (corpus_ / "susp" / suspicious).string()}, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok() || r->pairs.size() != 1) {
      ADD_FAILURE() << "expected one related pair";
      return {};
    }
    EXPECT_NE(r->documents[r->pairs[0].a].id.find(source), std::string::npos);
    return r->pairs[0];
  }
  // One passage per ground-truth case (source begin, end, suspicious begin, end; in order),
  // none a summary, each over at least 95% of its case on both sides.
  static void ExpectPassagesOnCases(const ScanPair& p,
                                    const std::vector<std::array<uint32_t, 4>>& truth) {
    ASSERT_EQ(p.comparison.passages.size(), truth.size());
    auto overlap = [](uint32_t b0, uint32_t e0, uint32_t b1, uint32_t e1) {
      const int64_t common = int64_t{std::min(e0, e1)} - std::max(b0, b1);
      return static_cast<double>(std::max<int64_t>(0, common)) / (e1 - b1);
    };
    for (size_t i = 0; i < truth.size(); ++i) {
      const PassagePair& pp = p.comparison.passages[i];
      EXPECT_NE(pp.kind, PassageKind::kSummary) << i;
      EXPECT_GE(overlap(pp.a.begin_char, pp.a.end_char, truth[i][0], truth[i][1]), 0.95) << i;
      EXPECT_GE(overlap(pp.b.begin_char, pp.b.end_char, truth[i][2], truth[i][3]), 0.95) << i;
    }
  }
  fs::path corpus_;
};

TEST_F(ScanPanPairTest, ParagraphsCopiedFromAShortSourceAreCopiesNotOneSummary) {
  // source-document00348 (1,312 bytes) has two paragraphs copied verbatim into the 4x longer
  // suspicious-document00344, among text on the same topic. Aligned shorter document first, the
  // copies and the stray matches around them read as one summary of 1,240 characters over
  // 3,746 (until 2026-12-04); the longer document first finds the two copies to the character.
  const ScanPair p = ScanTwo("source-document00348.txt", "suspicious-document00344.txt", 0.65);
  EXPECT_EQ(RelationName(p.comparison.relation), std::string("partial"));
  const std::vector<std::array<uint32_t, 4>> truth = {{68, 525, 2564, 3021},
                                                      {693, 1308, 5695, 6310}};
  ASSERT_EQ(p.comparison.passages.size(), truth.size());
  for (size_t i = 0; i < truth.size(); ++i) {
    const PassagePair& pp = p.comparison.passages[i];
    EXPECT_EQ(pp.kind, PassageKind::kVerbatim);
    EXPECT_EQ(
        (std::array<uint32_t, 4>{pp.a.begin_char, pp.a.end_char, pp.b.begin_char, pp.b.end_char}),
        truth[i]);
  }
}

TEST_F(ScanPanPairTest, SummaryThatCopiesExplainGivesWayToThem) {
  // source-document01099 (921 bytes, two paragraphs) is copied whole into the 4.6x longer
  // suspicious-document01724, the paragraphs 1,500 characters apart and in the other order.
  // Aligned shorter document first, the source summarises 1352-4254 of the longer document
  // (whole documents both ways round); the verbatim copies found longer document first explain
  // it, and stay. With a coverage no copy can reach, the summary is taken.
  const ScanPair p = ScanTwo("source-document01099.txt", "suspicious-document01724.txt", 0.65);
  const std::vector<std::array<uint32_t, 4>> truth = {{26, 374, 3906, 4254},
                                                      {481, 921, 1352, 1792}};
  ASSERT_EQ(p.comparison.passages.size(), truth.size());
  for (size_t i = 0; i < truth.size(); ++i) {
    const PassagePair& pp = p.comparison.passages[i];
    EXPECT_EQ(pp.kind, PassageKind::kVerbatim) << i;
    EXPECT_LE(pp.a.begin_char, truth[i][0] + 20) << i;
    EXPECT_GE(pp.a.end_char + 40, truth[i][1]) << i;
    EXPECT_EQ(pp.b.begin_char - pp.a.begin_char, truth[i][2] - truth[i][0]) << i;
  }
  const ScanPair never = ScanTwo("source-document01099.txt", "suspicious-document01724.txt", 1.01);
  ASSERT_EQ(never.comparison.passages.size(), 1u);
  EXPECT_EQ(never.comparison.passages[0].kind, PassageKind::kSummary);
}

TEST_F(ScanPanPairTest, ReworkedParagraphsOfAShortSourceAreNotASummaryOfAStretchOfIt) {
  // source-document01053 (1,116 bytes): two paragraphs, reworded by random obfuscation, are in
  // suspicious-document00027 (6,154 bytes). Their kept words explain too little of a summary
  // passage to replace it, but that summary, aligned shorter document first, covered 0-1,115 of
  // the source through stray matches: not the whole document.
  const ScanPair p = ScanTwo("source-document01053.txt", "suspicious-document00027.txt", 0.65);
  EXPECT_EQ(RelationName(p.comparison.relation), std::string("partial"));
  const std::vector<std::array<uint32_t, 4>> truth = {{237, 704, 1936, 2402},
                                                      {747, 1115, 5829, 6066}};
  ExpectPassagesOnCases(p, truth);
}

TEST_F(ScanPanPairTest, TranslatedParagraphsOverAStretchOfALongDocumentAreNotASummary) {
  // source-document02134 (1,729 bytes): two paragraphs, translated there and back, are in the
  // 8x longer suspicious-document01384, 1,300 characters apart. Aligned shorter document first,
  // nearly the whole source summarised 7295-12200 there: a stretch of 35% of the document.
  const ScanPair p = ScanTwo("source-document02134.txt", "suspicious-document01384.txt", 0.65);
  EXPECT_EQ(RelationName(p.comparison.relation), std::string("partial"));
  ExpectPassagesOnCases(p, {{56, 908, 9673, 10465}, {1082, 1503, 11794, 12255}});
}

TEST_F(ScanPanPairTest, SummaryInsideALongerDocumentIsFound) {
  // suspicious-document00170 (5,918 bytes) holds at [5221, 5916) a summary of the shorter
  // source-document00899 (3,620 bytes, summarised whole). Aligned shorter document first, the
  // scan found only two one-to-one fragments of it.
  for (const double coverage : {0.65, 0.0}) {
    const ScanPair p =
        ScanTwo("source-document00899.txt", "suspicious-document00170.txt", coverage);
    ASSERT_EQ(p.comparison.passages.size(), 1u) << coverage;
    const PassagePair& pp = p.comparison.passages[0];
    EXPECT_EQ(pp.kind, PassageKind::kSummary);
    EXPECT_EQ(pp.b.begin_char, 5221u);
    EXPECT_EQ(pp.b.end_char, 5916u);
    EXPECT_EQ(pp.a.begin_char, 0u);
    EXPECT_GE(pp.a.end_char, 3000u);
  }
}

TEST(ScanSampleTest, EveryRelationOfTheTruthIsFound) {
  const fs::path sample = fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample";
  for (const bool rare_words : {true, false}) {
    SCOPED_TRACE(rare_words ? "with the rare-word stage" : "without it");
    ScanSetup o;
    o.resources.threads = 2;
    if (!rare_words) o.options.candidates.rare_word_partners = 0;
    auto r = RunScan({sample.string()}, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    std::map<std::set<std::string>, const ScanPair*> by_names;
    for (const ScanPair& p : r->pairs) {
      by_names[{fs::path(r->documents[p.a].id).filename().string(),
                fs::path(r->documents[p.b].id).filename().string()}] = &p;
    }
    auto relation = [&](const char* x, const char* y) -> std::string {
      auto it = by_names.find({x, y});
      return it == by_names.end() ? "none" : RelationName(it->second->comparison.relation);
    };
    EXPECT_EQ(relation("original_harbor.txt", "spun_harbor.txt"), "rewrite");
    EXPECT_EQ(relation("original_harbor.txt", "partial_harbor.txt"), "partial");
    if (rare_words) {
      EXPECT_EQ(relation("original_harbor.txt", "summary_harbor.txt"), "summary");
      const std::set<std::string> pair = {"original_harbor.txt", "summary_harbor.txt"};
      if (by_names.count(pair)) EXPECT_EQ(by_names[pair]->found_by, CandidateStage::kRareWords);
    } else {
      EXPECT_EQ(relation("original_harbor.txt", "summary_harbor.txt"), "none");
    }
    for (const auto& [names, p] : by_names) {
      EXPECT_FALSE(names.count("unrelated_bakery.txt") || names.count("unrelated_chess.txt") ||
                   names.count("TRUTH.md"))
          << *names.begin() << " " << *names.rbegin();
    }
  }
}

TEST_F(ScanCollectionTest, ReportDoesNotDependOnThreads) {
  std::string reports[2];
  for (int k = 0; k < 2; ++k) {
    ScanSetup o;
    o.resources.threads = k == 0 ? 1 : 3;
    auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    // Pairs come in their documents' input order, whatever order they were verified in.
    for (size_t i = 0; i + 1 < r->pairs.size(); ++i) {
      EXPECT_LT(std::make_pair(r->pairs[i].a, r->pairs[i].b),
                std::make_pair(r->pairs[i + 1].a, r->pairs[i + 1].b));
    }
    auto report = FormatScanReport(*r, o.options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    reports[k] = *report;
    // The options differ only in the thread count, which the report leaves out.
  }
  EXPECT_EQ(reports[0], reports[1]);
  // Every line is a JSON object with a type, written as nlohmann writes that value (keys in
  // order, its escapes and numbers: the pair lines come from report/json_writer.h).
  std::istringstream in(reports[0]);
  std::string line;
  int pairs = 0;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    ASSERT_TRUE(j.contains("type"));
    EXPECT_EQ(j.dump(), line);
    pairs += j["type"] == "pair";
  }
  EXPECT_GE(pairs, 3);
}

TEST_F(ScanCollectionTest, ReportWithoutTextsKeepsEveryOffset) {
  // --no-texts: the same pairs, passages, offsets and edit operations, without the texts.
  ScanSetup o;
  auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string full = FormatScanReport(*r, o.options).value();
  ScanSetup bare = o;
  bare.options.report.report_texts = false;
  const std::string offsets_only = FormatScanReport(*r, bare.options).value();
  EXPECT_LT(offsets_only.size() * 2, full.size());
  std::istringstream in_full(full), in_bare(offsets_only);
  std::string line_full, line_bare;
  int passages = 0, edits = 0;
  while (std::getline(in_full, line_full)) {
    ASSERT_TRUE(std::getline(in_bare, line_bare)) << "fewer lines without texts";
    auto want = nlohmann::json::parse(line_full);
    const auto got = nlohmann::json::parse(line_bare);
    if (want["type"] == "run") {
      EXPECT_EQ(got["options"]["report"]["report_texts"], false);
      want["options"]["report"]["report_texts"] = false;
    }
    if (want["type"] == "pair") {
      for (auto& p : want["passages"]) {
        ++passages;
        EXPECT_TRUE(p["a"].contains("text") && p["b"].contains("text"));
        p["a"].erase("text");
        p["b"].erase("text");
        for (auto& e : p["edits"]) {
          ++edits;
          e.erase("a");
          e.erase("b");
        }
      }
    }
    EXPECT_EQ(got, want) << line_bare;
  }
  EXPECT_FALSE(std::getline(in_bare, line_bare)) << "more lines without texts";
  EXPECT_GE(passages, 3);
  EXPECT_GT(edits, passages);
}

// The run line counts the files that --include / --exclude left out of directory inputs (they
// are not inputs, so not in `skipped`), and the text summary says so when there are any.
TEST(ScanReportTest, RunLineCountsExcludedFiles) {
  ScanResult r;
  r.stats.files_excluded = 3;
  const auto report = FormatScanReport(r, Options{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const auto run = nlohmann::json::parse(report->substr(0, report->find('\n')));
  EXPECT_EQ(run["files_excluded"], 3);
  EXPECT_TRUE(run["skipped"].empty());
  EXPECT_NE(FormatScanSummary(r, Options{}, "").find("3 files of directory inputs left out"),
            std::string::npos);
  r.stats.files_excluded = 0;
  EXPECT_EQ(FormatScanSummary(r, Options{}, "").find("left out"), std::string::npos);
}

TEST_F(ScanCollectionTest, EachDocumentIsReadInItsLanguageAndTheReportSaysWhich) {
  // A Spanish story and a rewrite of it that changes tenses and numbers (written for this test),
  // beside the English sample.
  const std::string es_a =
      "La tormenta que cruz\xC3\xB3 la costa norte durante la noche del martes dej\xC3\xB3 sin "
      "electricidad a miles de hogares y oblig\xC3\xB3 a cerrar el puerto pesquero durante dos "
      "d\xC3\xAD"
      "as. Los pescadores afectados explicaron que las olas destruyeron varias "
      "embarcaciones amarradas en el muelle viejo. El ayuntamiento anunci\xC3\xB3 que "
      "reparar\xC3\xAD"
      "a los da\xC3\xB1os antes del verano y que ofrecer\xC3\xAD"
      "a ayudas a "
      "las familias que perdieron sus barcos. Los t\xC3\xA9"
      "cnicos de la compa\xC3\xB1\xC3\xAD"
      "a "
      "el\xC3\xA9"
      "ctrica trabajaron toda la jornada para restablecer el servicio en los barrios "
      "m\xC3\xA1s castigados por el viento.";
  const std::string es_b =
      "La tormenta que cruzaba la costa norte en la noche del martes dejaba sin electricidad a "
      "miles de hogares y obligaba a cerrar el puerto pesquero dos d\xC3\xAD"
      "as. El pescador "
      "afectado explic\xC3\xB3 que la ola destru\xC3\xAD"
      "a varias embarcaciones amarradas al "
      "muelle viejo. El ayuntamiento anuncia que reparar\xC3\xA1 los da\xC3\xB1os antes del verano "
      "y que ofrecer\xC3\xA1 ayuda a la familia que perdi\xC3\xB3 su barco. El t\xC3\xA9"
      "cnico de "
      "la compa\xC3\xB1\xC3\xAD"
      "a el\xC3\xA9"
      "ctrica trabaj\xC3\xB3 toda la jornada para "
      "restablecer los servicios en el barrio m\xC3\xA1s castigado por los vientos.";
  {
    std::ofstream out(dir_ / "c.jsonl", std::ios::binary | std::ios::app);
    out << nlohmann::json{{"id", "es_a"}, {"text", es_a}}.dump() << "\n"
        << nlohmann::json{{"id", "es_b"}, {"text", es_b}}.dump() << "\n";
  }
  auto pair_of = [](const ScanResult& r) -> const ScanPair* {
    for (const ScanPair& p : r.pairs) {
      if (r.documents[p.a].id == "es_a" && r.documents[p.b].id == "es_b") return &p;
    }
    return nullptr;
  };
  ScanSetup o;
  auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ScanPair* p = pair_of(*r);
  ASSERT_NE(p, nullptr) << "the Spanish rewrite is found";
  EXPECT_EQ(r->documents[p->a].language, "es");
  EXPECT_EQ(r->documents[p->b].language, "es");
  // Read with Spanish stems, more of the rewrite aligns than with English ones ("cruzaba" and
  // "cruzó", "explicó" and "explicaron" are one word only in Spanish).
  ScanSetup english = o;
  english.options.analyzer.language = "english";
  auto e = RunScan({(dir_ / "c.jsonl").string()}, english);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  const ScanPair* q = pair_of(*e);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(r->documents[q->a].language, "es");
  EXPECT_EQ(e->documents[q->a].language, "") << "a given language is not detected";
  EXPECT_GT(PairKept(p->comparison), PairKept(q->comparison));
  // The report: each side's language on the pair line, the languages on the run line.
  const auto report = FormatScanReport(*r, o.options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const auto run = nlohmann::json::parse(report->substr(0, report->find('\n')));
  EXPECT_EQ(run["languages"]["es"], 2);
  EXPECT_EQ(run["languages"]["en"], static_cast<int>(r->documents.size()) - 2);
  EXPECT_NE(report->find(R"("a":"es_a","a_language":"es")"), std::string::npos);
  EXPECT_NE(report->find(R"("b":"es_b","b_language":"es")"), std::string::npos);
}

TEST_F(ScanCollectionTest, ReportDoesNotDependOnTheMemoryBudget) {
  ScanSetup roomy;
  roomy.resources.threads = 2;
  auto r1 = RunScan({(dir_ / "c.jsonl").string()}, roomy);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ(r1->stats.verify_chunks, 1);
  // A budget this small verifies one candidate pair per chunk and reads one document per batch.
  ScanSetup tight = roomy;
  tight.resources.memory_budget = 24;
  auto r2 = RunScan({(dir_ / "c.jsonl").string()}, tight);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->stats.verify_chunks, r2->stats.candidates);
  EXPECT_GT(r2->stats.verify_chunks, 3);
  EXPECT_EQ(FormatScanReport(*r1, roomy.options).value(),
            FormatScanReport(*r2, tight.options).value());
}

TEST_F(ScanCollectionTest, ProgressCoversEveryStageInOrder) {
  ScanSetup o;
  o.resources.threads = 2;
  o.resources.memory_budget = 24;
  std::vector<ScanProgress> seen;
  o.progress = [&](const ScanProgress& p) { seen.push_back(p); };
  auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
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

TEST_F(ScanCollectionTest, CandidateStageReportsItsPassesAndProgressLeavesTheReportAlone) {
  ScanSetup o;
  o.resources.threads = 2;
  std::vector<ScanProgress> seen;
  o.progress = [&](const ScanProgress& p) { seen.push_back(p); };
  auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Each pass over the documents reports its start and its end, in order.
  std::vector<std::pair<int, int64_t>> candidates;  // (pass, documents done)
  for (const ScanProgress& p : seen) {
    if (p.stage != ScanProgress::Stage::kCandidates || p.passes == 0) continue;
    EXPECT_EQ(p.passes, 3) << "postings, anchor pairs, rare-word pairs";
    EXPECT_EQ(p.pass_total, static_cast<int64_t>(r->documents.size()));
    candidates.emplace_back(p.pass, p.pass_done);
  }
  const int64_t n = static_cast<int64_t>(r->documents.size());
  const std::vector<std::pair<int, int64_t>> want = {{1, 0}, {1, n}, {2, 0},
                                                     {2, n}, {3, 0}, {3, n}};
  EXPECT_EQ(candidates, want);
  // The verification reports its start, so that its rates count from there.
  auto first = std::find_if(seen.begin(), seen.end(), [](const ScanProgress& p) {
    return p.stage == ScanProgress::Stage::kVerifying;
  });
  ASSERT_NE(first, seen.end());
  EXPECT_EQ(first->pairs_done, 0);
  EXPECT_EQ(first->pairs_total, r->stats.candidates);
  EXPECT_LT(first->stage_seconds, 0.5);

  // Watching the scan changes nothing in its report.
  ScanSetup quiet = o;
  quiet.progress = nullptr;
  auto r2 = RunScan({(dir_ / "c.jsonl").string()}, quiet);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(FormatScanReport(*r, o.options).value(), FormatScanReport(*r2, quiet.options).value());
}

TEST_F(ScanCollectionTest, UnusableTemporaryDirectoryIsAClearError) {
  ScanSetup o;
  o.resources.tmp_dir = (dir_ / "no-such-dir").string();
  auto r = RunScan({(dir_ / "c.jsonl").string()}, o, /*synonyms=*/false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no-such-dir"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("--tmp"), std::string::npos) << r.status().message();
}

TEST_F(ScanCollectionTest, DedupKeepsTheRepresentativeAndMapsTheCopy) {
  ScanSetup o;
  o.resources.threads = 2;
  auto r = RunScan({(dir_ / "c.jsonl").string()}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const DedupResult d = Dedup(*r);
  // "copy" duplicates the dated "original", which is kept; the spun rewrite and the partial
  // copy are reuse, not duplicates, so they stay.
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(r->documents[d.removed[0].document].id, "copy");
  EXPECT_EQ(r->documents[d.removed[0].duplicate_of].id, "original");
  EXPECT_EQ(d.removed[0].relation, Relation::kDuplicate);
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
  ScanSetup strict;
  strict.options.input.strict = true;
  auto r = RunScan({(dir_ / "c.jsonl").string()}, strict, /*synonyms=*/false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("c.jsonl:4"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace textrace

namespace textrace {
namespace {

// Web pages as they come: a WARC holding the same story on two sites, in two encodings and two
// templates, and an unrelated page; plus an HTML file on disk.
TEST(ScanWebTest, WarcPagesAreReadExtractedAndCompared) {
  char tmpl[] = "/tmp/textrace-web-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dir = tmpl;
  const std::string story[] = {
      "The harbour at Port Ellen reopened on Monday after a week of repairs to the storm-damaged "
      "pier, the council said.",
      "Fishermen returned to the docks before dawn, and the first catch of the week was landed by "
      "seven o'clock.",
      "\x93We lost five days of work,\x94 said Morag Campbell, who has fished from the harbour for "
      "thirty years.",
      "Engineers replaced two hundred metres of decking and reinforced the breakwater against "
      "the winter swells.",
      "The ferry to Kennacraig will resume its full timetable on Wednesday, the operator "
      "confirmed."};
  auto page = [&](const std::string& site, const std::string& charset, bool cp1252) {
    std::string body;
    for (const std::string& p : story) {
      std::string para = p;
      if (!cp1252) {  // the same quotes in UTF-8
        std::string u;
        for (char c : para) {
          if (c == '\x93')
            u += "\xe2\x80\x9c";
          else if (c == '\x94')
            u += "\xe2\x80\x9d";
          else
            u += c;
        }
        para = u;
      }
      body += "<p>" + para + "</p>\n";
    }
    return "<!DOCTYPE html><html><head><meta charset=\"" + charset + "\"><title>" + site +
           "</title></head><body><header><nav><ul><li><a href=\"/\">Home</a></li><li><a "
           "href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav></header>"
           "<main><article><h1>Harbour reopens after repairs</h1>\n" +
           body +
           "</article></main><aside class=\"sidebar\"><h3>Popular</h3><ul><li><a href=\"/a\">A "
           "story about something else entirely</a></li></ul></aside><section "
           "class=\"comments\"><h3>Leave a Reply</h3><p>Your email address will not be published. "
           "Required fields are marked *</p><form><textarea></textarea></form></section><footer>"
           "Copyright 2021 " +
           site + ". All rights reserved.</footer></body></html>";
  };
  const std::string unrelated =
      "<html><body><article><h1>Bakery wins prize</h1><p>A small bakery in the old town won the "
      "national bread award on Saturday with a sourdough loaf baked in a wood-fired oven that is "
      "older than the building itself.</p><p>The owners said they would use the prize money to "
      "train two apprentices next spring.</p></article></body></html>";
  auto record = [](const std::string& id, const std::string& url, const std::string& http) {
    return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:" + id +
           ">\r\nWARC-Date: 2021-10-0" + id.substr(0, 1) + "T08:00:00Z\r\nWARC-Target-URI: " + url +
           "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
           std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
  };
  auto http = [](const std::string& type, const std::string& body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\n\r\n" + body;
  };
  {
    std::ofstream out(dir / "crawl.warc", std::ios::binary);
    out << record("1orig", "https://www.islaynews.example/harbour",
                  http("text/html; charset=utf-8", page("Islay News", "utf-8", false)))
        << record("2copy", "http://scraper.example/2021/10/harbour",
                  http("text/html", page("Scraper", "windows-1252", true)))
        << record("3other", "https://bakery.example/prize", http("text/html", unrelated));
  }
  ScanSetup o;
  o.resources.threads = 2;
  auto r = RunScan({(dir / "crawl.warc").string()}, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->documents.size(), 3u);
  EXPECT_EQ(r->documents[0].url, "https://www.islaynews.example/harbour");
  EXPECT_EQ(r->documents[0].text_from, "html (utf-8)");
  EXPECT_EQ(r->documents[1].text_from, "html (windows-1252)");
  ASSERT_EQ(r->pairs.size(), 1u);
  const ScanPair& p = r->pairs[0];
  EXPECT_EQ(r->documents[p.a].id, "urn:uuid:1orig");
  EXPECT_EQ(r->documents[p.b].id, "urn:uuid:2copy");
  // The same story in two encodings and templates: the extracted texts are the same.
  EXPECT_EQ(std::string(RelationName(p.comparison.relation)), "duplicate");
  EXPECT_EQ(p.direction, Direction::kAToB);  // dated 1 and 2 October
  for (uint32_t d : {p.a, p.b}) {
    auto text = r->texts->Text(d);
    ASSERT_TRUE(text.ok());
    EXPECT_NE(text->find("“We lost five days of work,” said Morag Campbell"), std::string::npos)
        << *text;
    for (const char* furniture : {"Home", "Popular", "Leave a Reply", "Your email", "Copyright"}) {
      EXPECT_EQ(text->find(furniture), std::string::npos) << furniture << " in " << *text;
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace textrace
