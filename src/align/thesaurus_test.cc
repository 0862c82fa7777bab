// The thesaurus: synonym pairs keyed like document tokens, from explicit pairs or a MyThes file.

#include "textrace/thesaurus.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "textrace/document.h"

namespace textrace {
namespace {

class ThesaurusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = Analyzer::Create(AnalyzerOptions{});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    analyzer_ = std::move(a).value();
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // The key a document token of `word` gets: the thesaurus must match tokens, not strings.
  uint64_t Key(const std::string& word) {
    auto d = analyzer_->Analyze("word", word);
    EXPECT_TRUE(d.ok());
    EXPECT_EQ(d->tokens.size(), 1u) << word;
    return d->tokens.empty() ? 0 : d->tokens[0].key;
  }

  bool Syn(const Thesaurus& t, const std::string& x, const std::string& y) {
    return t.AreSynonyms(Key(x), Key(y));
  }

  // Writes `content` to a file in a fresh temp dir; returns its path.
  std::string WriteTemp(const std::string& name, const std::string& content) {
    if (dir_.empty()) {
      char tmpl[] = "/tmp/textrace_thesaurus_test_XXXXXX";
      const char* d = mkdtemp(tmpl);
      EXPECT_NE(d, nullptr);
      dir_ = d != nullptr ? d : "/tmp";
    }
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::unique_ptr<Analyzer> analyzer_;
  std::string dir_;
};

TEST_F(ThesaurusTest, FromPairsIsSymmetric) {
  auto t = Thesaurus::FromPairs({{"storm", "tempest"}, {"buy", "purchase"}}, analyzer_.get());
  EXPECT_EQ(t->pair_count(), 2u);
  EXPECT_TRUE(Syn(*t, "storm", "tempest"));
  EXPECT_TRUE(Syn(*t, "tempest", "storm"));
  EXPECT_TRUE(Syn(*t, "purchase", "buy"));
  // Pairs do not chain or cross.
  EXPECT_FALSE(Syn(*t, "storm", "buy"));
  EXPECT_FALSE(Syn(*t, "tempest", "purchase"));
}

// A thesaurus saved as bytes (an index keeps one) reads back with the same pairs; other bytes
// are refused.
TEST_F(ThesaurusTest, BytesReadBackTheSamePairs) {
  auto t = Thesaurus::FromPairs({{"storm", "tempest"}, {"buy", "purchase"}}, analyzer_.get());
  auto back = Thesaurus::FromBytes(t->ToBytes());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->pair_count(), 2u);
  EXPECT_TRUE(Syn(**back, "tempest", "storm"));
  EXPECT_TRUE(Syn(**back, "buy", "purchase"));
  EXPECT_FALSE(Syn(**back, "storm", "buy"));
  EXPECT_EQ((*back)->ToBytes(), t->ToBytes());
  EXPECT_FALSE(Thesaurus::FromBytes("textrace-thesaurus/1\nabc").ok()) << "a torn pair";
  EXPECT_FALSE(Thesaurus::FromBytes("something else").ok());
}

TEST_F(ThesaurusTest, FromPairsMatchesInflectedForms) {
  auto t = Thesaurus::FromPairs({{"storm", "tempest"}}, analyzer_.get());
  EXPECT_TRUE(Syn(*t, "storms", "tempest"));
  EXPECT_TRUE(Syn(*t, "Storms", "tempests"));
  EXPECT_TRUE(Syn(*t, "TEMPEST", "storming"));
}

TEST_F(ThesaurusTest, UnrelatedWordsAndSameWordAreNotSynonyms) {
  auto t = Thesaurus::FromPairs({{"storm", "tempest"}}, analyzer_.get());
  EXPECT_FALSE(Syn(*t, "storm", "banana"));
  EXPECT_FALSE(Syn(*t, "banana", "apple"));
  // A word is not its own synonym (an unchanged word is a match, not a synonym swap).
  EXPECT_FALSE(Syn(*t, "storm", "storm"));
  EXPECT_FALSE(Syn(*t, "storm", "storms"));
}

TEST_F(ThesaurusTest, FromPairsIgnoresPairsOfOneWord) {
  // "runs"/"running" stem to the same key: not a synonym pair.
  auto t = Thesaurus::FromPairs({{"runs", "running"}}, analyzer_.get());
  EXPECT_EQ(t->pair_count(), 0u);
  auto empty = Thesaurus::FromPairs({}, analyzer_.get());
  EXPECT_EQ(empty->pair_count(), 0u);
  EXPECT_FALSE(Syn(*empty, "storm", "tempest"));
}

// A small MyThes file: entries "word|senses", each sense "(pos)|syn|syn (qualifier)|...".
const char kMyThes[] =
    "UTF-8\n"
    "storm|2\n"
    "(noun)|tempest|violent storm|disturbance (generic term)\n"
    "(verb)|rage|calm (antonym)\n"
    "big|1\n"
    "(adj)|large|huge (similar term)|small (antonym)|enormous (generic term)|grand (related term)\n"
    "ice cream|1\n"
    "(noun)|gelato|dessert (generic term)\n"
    "walk|1\n"
    "(verb)|stroll|amble\n"
    "run|9\n"
    "(verb)|sprint\n"
    "(verb)|operate\n"
    "(verb)|flow\n"
    "(verb)|campaign\n"
    "(verb)|extend\n"
    "(verb)|execute\n"
    "(verb)|manage\n"
    "(noun)|jog\n"
    "(noun)|tear\n";

TEST_F(ThesaurusTest, LoadMyThesKeepsPlainAndSimilarTerms) {
  const std::string path = WriteTemp("th_test.dat", kMyThes);
  auto t = Thesaurus::LoadMyThes(path, analyzer_.get());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const Thesaurus& th = **t;
  EXPECT_TRUE(Syn(th, "storm", "tempest"));
  EXPECT_TRUE(Syn(th, "storms", "rage"));
  EXPECT_TRUE(Syn(th, "big", "large"));
  EXPECT_TRUE(Syn(th, "huge", "big"));  // "(similar term)"
  EXPECT_TRUE(Syn(th, "walk", "stroll"));
  EXPECT_TRUE(Syn(th, "walking", "amble"));
  // Synonyms of one entry are not synonyms of each other through it.
  EXPECT_FALSE(Syn(th, "stroll", "amble"));
}

TEST_F(ThesaurusTest, LoadMyThesSkipsGenericAntonymRelatedAndMultiWord) {
  const std::string path = WriteTemp("th_test.dat", kMyThes);
  auto t = Thesaurus::LoadMyThes(path, analyzer_.get());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const Thesaurus& th = **t;
  EXPECT_FALSE(Syn(th, "storm", "disturbance"));  // generic term
  EXPECT_FALSE(Syn(th, "storm", "calm"));         // antonym
  EXPECT_FALSE(Syn(th, "big", "small"));          // antonym
  EXPECT_FALSE(Syn(th, "big", "enormous"));       // generic term
  EXPECT_FALSE(Syn(th, "big", "grand"));          // related term
  // "violent storm" is two words: neither word becomes a synonym of "storm".
  EXPECT_FALSE(Syn(th, "storm", "violent"));
  // "ice cream" is a multi-word entry: skipped.
  EXPECT_FALSE(Syn(th, "cream", "gelato"));
  EXPECT_FALSE(Syn(th, "ice", "gelato"));
  // Exactly the six one-word plain/similar pairs: storm-tempest, storm-rage, big-large,
  // big-huge, walk-stroll, walk-amble.
  EXPECT_EQ(th.pair_count(), 6u);
}

TEST_F(ThesaurusTest, LoadMyThesSkipsVeryPolysemousEntries) {
  const std::string path = WriteTemp("th_test.dat", kMyThes);
  auto def = Thesaurus::LoadMyThes(path, analyzer_.get());  // max_senses = 8
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  EXPECT_FALSE(Syn(**def, "run", "sprint"));  // "run" has 9 senses
  EXPECT_FALSE(Syn(**def, "run", "jog"));     // senses after the 8th are skipped too
  EXPECT_TRUE(Syn(**def, "walk", "stroll"));  // and the entries after it are still read
  auto more = Thesaurus::LoadMyThes(path, analyzer_.get(), /*max_senses=*/9);
  ASSERT_TRUE(more.ok()) << more.status().ToString();
  EXPECT_TRUE(Syn(**more, "run", "sprint"));
  EXPECT_TRUE(Syn(**more, "run", "jog"));
  EXPECT_TRUE(Syn(**more, "walk", "stroll"));
  EXPECT_EQ((*more)->pair_count(), 6u + 9u);
}

TEST_F(ThesaurusTest, LoadMyThesWithWindowsLineEndings) {
  std::string crlf;
  for (char c : std::string(kMyThes)) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const std::string path = WriteTemp("th_crlf.dat", crlf);
  auto t = Thesaurus::LoadMyThes(path, analyzer_.get());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(Syn(**t, "walk", "amble"));  // last synonym of a line: no '\r' left on it
  EXPECT_EQ((*t)->pair_count(), 6u);
}

TEST_F(ThesaurusTest, MalformedHeaderIsDataLossNamingFileAndLine) {
  const std::string path = WriteTemp("th_bad.dat",
                                     "UTF-8\n"
                                     "storm|1\n"
                                     "(noun)|tempest\n"
                                     "this line has no bar\n"
                                     "(noun)|whatever\n");
  auto t = Thesaurus::LoadMyThes(path, analyzer_.get());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(t.status().message().find(path + ":4"), std::string::npos) << t.status().message();
}

TEST_F(ThesaurusTest, MissingFileIsNotFound) {
  auto t = Thesaurus::LoadMyThes("/nonexistent/textrace/th.dat", analyzer_.get());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_NE(t.status().message().find("/nonexistent/textrace/th.dat"), std::string::npos);
}

TEST_F(ThesaurusTest, DefaultPathHonoursEnvironment) {
  const char* old = std::getenv("TEXTRACE_THESAURUS");
  const std::string saved = old != nullptr ? old : "";
  setenv("TEXTRACE_THESAURUS", "/some/where/th.dat", 1);
  EXPECT_EQ(Thesaurus::DefaultPath(), "/some/where/th.dat");
  if (old != nullptr) {
    setenv("TEXTRACE_THESAURUS", saved.c_str(), 1);
  } else {
    unsetenv("TEXTRACE_THESAURUS");
  }
}

// The installed English thesaurus (Debian's mythes-en-us), with swaps that spinners make. Each
// pair was checked in /usr/share/mythes/th_en_US_v2.dat: "storm" (7 senses) lists "tempest",
// "buy" (6) lists "purchase", "rebellion" (2) lists "insurrection", "aid" (6) lists "help";
// "buy"/"sell" is an antonym and "storm"/"disturbance" a generic term there.
TEST_F(ThesaurusTest, RealThesaurusHasSpinnerSwaps) {
  const std::string path = Thesaurus::DefaultPath();
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "no thesaurus at " << path << " (install mythes-en-us)";
  }
  auto t = Thesaurus::LoadMyThes(path, analyzer_.get());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const Thesaurus& th = **t;
  EXPECT_GT(th.pair_count(), 10000u);
  EXPECT_TRUE(Syn(th, "storm", "tempest"));
  EXPECT_TRUE(Syn(th, "buy", "purchase"));
  EXPECT_TRUE(Syn(th, "buys", "purchased"));  // inflected forms match through stemming
  EXPECT_TRUE(Syn(th, "rebellion", "insurrection"));
  EXPECT_TRUE(Syn(th, "aid", "help"));
  EXPECT_FALSE(Syn(th, "buy", "sell"));
  EXPECT_FALSE(Syn(th, "storm", "disturbance"));
  EXPECT_FALSE(Syn(th, "storm", "banana"));
}

}  // namespace
}  // namespace textrace
