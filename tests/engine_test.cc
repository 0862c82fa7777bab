// Engine: options checked once, the thesaurus loaded by the fallback policy, the options as used.
#include "textrace/engine.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace textrace {
namespace {

namespace fs = std::filesystem;

// Sets TEXTRACE_THESAURUS for one test (the default path's override).
class ScopedThesaurusEnv {
 public:
  explicit ScopedThesaurusEnv(const std::string& path) {
    if (const char* old = std::getenv("TEXTRACE_THESAURUS")) old_ = old;
    setenv("TEXTRACE_THESAURUS", path.c_str(), 1);
  }
  ~ScopedThesaurusEnv() {
    if (old_.empty()) {
      unsetenv("TEXTRACE_THESAURUS");
    } else {
      setenv("TEXTRACE_THESAURUS", old_.c_str(), 1);
    }
  }

 private:
  std::string old_;
};

TEST(EngineTest, AMissingDefaultThesaurusIsAWarningAndNoSynonyms) {
  ScopedThesaurusEnv env("/nonexistent/th_en_US_v2.dat");
  auto engine = Engine::Create(Options{});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  EXPECT_EQ((*engine)->thesaurus(), nullptr);
  ASSERT_EQ((*engine)->warnings().size(), 1u);
  EXPECT_NE((*engine)->warnings()[0].find("/nonexistent/th_en_US_v2.dat"), std::string::npos);
  // The options say what was used: no synonyms, no file.
  EXPECT_FALSE((*engine)->options().thesaurus.synonyms);
  EXPECT_EQ((*engine)->options().thesaurus.path, "");
}

TEST(EngineTest, AMissingNamedThesaurusIsAnErrorNamingIt) {
  Options o;
  o.thesaurus.path = "/nonexistent/my-thesaurus.dat";
  auto engine = Engine::Create(o);
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(engine.status().message().find("/nonexistent/my-thesaurus.dat"), std::string::npos)
      << engine.status().message();
}

TEST(EngineTest, SynonymsOffLoadsNothingAndTheDefaultIsLoadedWhenThere) {
  Options off;
  off.thesaurus.synonyms = false;
  auto engine = Engine::Create(off);
  ASSERT_TRUE(engine.ok());
  EXPECT_EQ((*engine)->thesaurus(), nullptr);
  EXPECT_TRUE((*engine)->warnings().empty());
  if (!fs::exists(Thesaurus::DefaultPath())) GTEST_SKIP() << "no default thesaurus installed";
  auto with = Engine::Create(Options{});
  ASSERT_TRUE(with.ok());
  ASSERT_NE((*with)->thesaurus(), nullptr);
  EXPECT_GT((*with)->thesaurus()->pair_count(), 1000u);
  EXPECT_EQ((*with)->options().thesaurus.path, Thesaurus::DefaultPath());
  EXPECT_TRUE((*with)->options().thesaurus.synonyms);
}

TEST(EngineTest, AnUnknownLanguageIsRefusedAtOnce) {
  Options o;
  o.analyzer.language = "klingon";
  auto engine = Engine::Create(o, nullptr);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(engine.status().message().find("klingon"), std::string::npos);
}

}  // namespace
}  // namespace textrace
