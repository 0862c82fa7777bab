// End-to-end test of `eval pan` on a small PAN-format corpus written by the test: planted copies
// are found and scored, the detection XML files are written, and nothing depends on the number
// of threads.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "temp_dir_testing.h"
#include "textrace/eval.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

// Sentences of made-up words (no third-party text): each document gets its own vocabulary slice
// so unrelated documents share only function words.
std::string Sentence(std::mt19937& rng, int vocab_base) {
  static const char* kFunction[] = {"the", "of", "and", "to", "in", "was", "with", "for"};
  std::string s;
  const int words = 9 + static_cast<int>(rng() % 8);
  for (int w = 0; w < words; ++w) {
    if (!s.empty()) s += ' ';
    if (w % 3 == 1) {
      s += kFunction[rng() % 8];
    } else {
      const int id = vocab_base + static_cast<int>(rng() % 400);
      std::string word;
      for (int x = id; word.size() < 3 || x > 0; x /= 7) word += "bdfgklmnprstvz"[x % 14];
      s += word + (w == 0 ? "" : "e");
    }
  }
  s[0] = static_cast<char>(std::toupper(s[0]));
  return s + ".";
}

std::vector<std::string> Sentences(std::mt19937& rng, int n, int vocab_base) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back(Sentence(rng, vocab_base));
  return v;
}

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class EvalPanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937 rng(7);
    std::string pairs, verbatim_pairs, none_pairs;
    // Four copy pairs: susp = own text + sentences 6..13 of src copied verbatim + own text.
    for (int i = 0; i < 4; ++i) {
      const auto src = Sentences(rng, 30, 1000 * (i + 1));
      const auto own = Sentences(rng, 20, 20000 + 1000 * i);
      std::string src_text, susp_text;
      int64_t src_off = 0, src_len = 0;
      for (int s = 0; s < 30; ++s) {
        if (s == 6) src_off = static_cast<int64_t>(src_text.size());
        src_text += src[s] + (s % 5 == 4 ? "\n" : " ");
        if (s == 13) src_len = static_cast<int64_t>(src_text.size()) - 1 - src_off;
      }
      for (int s = 0; s < 10; ++s) susp_text += own[s] + " ";
      susp_text += "\n";
      const auto susp_off = static_cast<int64_t>(susp_text.size());
      susp_text += src_text.substr(src_off, src_len);
      const auto susp_len = static_cast<int64_t>(susp_text.size()) - susp_off;
      susp_text += "\n";
      for (int s = 10; s < 20; ++s) susp_text += own[s] + " ";
      const std::string sn = "suspicious-document0000" + std::to_string(i) + ".txt";
      const std::string rn = "source-document0000" + std::to_string(i) + ".txt";
      Write(root_ / "src" / rn, src_text);
      Write(root_ / "susp" / sn, susp_text);
      pairs += sn + " " + rn + "\n";
      verbatim_pairs += sn + " " + rn + "\n";
      Write(root_ / "02-no-obfuscation" /
                ("suspicious-document0000" + std::to_string(i) + "-source-document0000" +
                 std::to_string(i) + ".xml"),
            FormatPanXml(sn, rn, {{{susp_off, susp_len}, {src_off, src_len}}}));
    }
    // Four unrelated pairs, no truth cases.
    for (int i = 4; i < 8; ++i) {
      std::string a, b;
      for (const auto& s : Sentences(rng, 25, 1000 * (i + 1))) a += s + " ";
      for (const auto& s : Sentences(rng, 25, 1000 * (i + 11))) b += s + " ";
      const std::string sn = "suspicious-document0000" + std::to_string(i) + ".txt";
      const std::string rn = "source-document0000" + std::to_string(i) + ".txt";
      Write(root_ / "src" / rn, b);
      Write(root_ / "susp" / sn, a);
      pairs += sn + " " + rn + "\n";
      none_pairs += sn + " " + rn + "\n";
    }
    Write(root_ / "pairs", pairs);
    Write(root_ / "01-no-plagiarism" / "pairs", none_pairs);
    Write(root_ / "02-no-obfuscation" / "pairs", verbatim_pairs);
  }

  PanEvalResult Run(int threads, const std::string& out) {
    PanEvalOptions o;
    o.corpus_dir = root_.string();
    o.out_dir = out;
    o.threads = threads;
    Aligner aligner(AlignOptions{}, nullptr);
    auto r = EvaluatePan(o, AnalyzerOptions{}, aligner);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : PanEvalResult{};
  }

  TempDir root_{"evalpan"};
};

TEST_F(EvalPanTest, PlantedCopiesAreFoundAndScored) {
  const PanEvalResult r = Run(2, (root_ / "out").string());
  EXPECT_EQ(r.pairs, 8);
  ASSERT_EQ(r.subsets.size(), 2u);
  EXPECT_EQ(r.subsets[0].name, "01-no-plagiarism");
  EXPECT_EQ(r.subsets[0].scores.detections, 0) << "unrelated pairs must get no detection";
  EXPECT_EQ(r.subsets[1].scores.cases, 4);
  EXPECT_GE(r.subsets[1].scores.recall, 0.95);
  EXPECT_GE(r.subsets[1].scores.precision, 0.95);
  EXPECT_DOUBLE_EQ(r.subsets[1].scores.granularity, 1.0);
  EXPECT_GE(r.entire.plagdet, 0.95);
  // One detection file per pair, readable by our own parser, named like the truth files.
  int files = 0;
  for (const auto& e : fs::directory_iterator(root_ / "out")) {
    ++files;
    EXPECT_TRUE(ReadPanXmlFile(e.path().string()).ok()) << e.path();
  }
  EXPECT_EQ(files, 8);
  auto det = ReadPanXmlFile(
      (root_ / "out" / "suspicious-document00000-source-document00000.xml").string());
  ASSERT_TRUE(det.ok());
  EXPECT_EQ(det->size(), 1u);
}

TEST_F(EvalPanTest, OutputDoesNotDependOnThreads) {
  const PanEvalResult one = Run(1, (root_ / "out1").string());
  const PanEvalResult three = Run(3, (root_ / "out3").string());
  EXPECT_EQ(one.entire.plagdet, three.entire.plagdet);
  EXPECT_EQ(one.entire.recall, three.entire.recall);
  EXPECT_EQ(one.entire.precision, three.entire.precision);
  for (const auto& e : fs::directory_iterator(root_ / "out1")) {
    EXPECT_EQ(ReadAll(e.path()), ReadAll(root_ / "out3" / e.path().filename())) << e.path();
  }
}

TEST_F(EvalPanTest, MissingDocumentIsAnErrorNamingIt) {
  fs::remove(root_ / "src" / "source-document00002.txt");
  PanEvalOptions o;
  o.corpus_dir = root_.string();
  o.threads = 2;
  Aligner aligner(AlignOptions{}, nullptr);
  auto r = EvaluatePan(o, AnalyzerOptions{}, aligner);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("source-document00002.txt"), std::string::npos)
      << r.status().message();
}

TEST_F(EvalPanTest, NotACorpusIsAnError) {
  PanEvalOptions o;
  o.corpus_dir = (root_ / "nope").string();
  Aligner aligner(AlignOptions{}, nullptr);
  auto r = EvaluatePan(o, AnalyzerOptions{}, aligner);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace textrace
