#include "candidates/candidates.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>

#include "textrace/align.h"

namespace textrace {
namespace {

class CandidatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One stemmer for every text: the detector reads some of these made-up words as Czech,
    // Turkish or Romanian, which would give copies different keys (not what these tests test).
    AnalyzerOptions o;
    o.language = "english";
    auto a = Analyzer::Create(o);
    ASSERT_TRUE(a.ok());
    analyzer_ = std::move(a).value();
  }
  AnalyzedDocument Doc(const std::string& name, const std::string& text) {
    return std::move(analyzer_->Analyze(name, text)).value();
  }
  // A text of `n` sentences of words drawn from a vocabulary slice (our own, no third-party text).
  static std::string Text(std::mt19937& rng, int n, int vocab_base) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      for (int w = 0; w < 12; ++w) {
        std::string word;
        for (int x = vocab_base + static_cast<int>(rng() % 500); word.size() < 4 || x > 0; x /= 9) {
          word += "bcdfgklmnp"[x % 10];
          word += "aeiou"[x % 5];
        }
        s += (w ? " " : "") + word;
      }
      s += ". ";
    }
    return s;
  }
  // Appends `count` documents of 12 sentences each, drawn from `pool` sentences of which some
  // are shared: documents that share sentences make anchor candidates.
  void AddSharingDocuments(std::mt19937& rng, int pool, int count,
                           std::vector<AnalyzedDocument>* docs) {
    std::vector<std::string> sentences;
    for (int i = 0; i < pool; ++i) sentences.push_back(Text(rng, 1, 100 * (i % 40)));
    for (int d = 0; d < count; ++d) {
      std::string text;
      for (int k = 0; k < 12; ++k) text += sentences[rng() % sentences.size()];
      docs->push_back(Doc("d" + std::to_string(d), text));
    }
  }
  std::unique_ptr<Analyzer> analyzer_;
};

TEST_F(CandidatesTest, MinHashEstimatesJaccard) {
  std::mt19937 rng(3);
  const std::string base = Text(rng, 60, 0);
  // Replace every 10th word: the 5-shingle Jaccard drops to about a third.
  std::string edited;
  int w = 0;
  for (size_t i = 0; i < base.size(); ++i) {
    if (base[i] == ' ' && ++w % 10 == 0) {
      edited += " zzzq";
      while (i + 1 < base.size() && base[i + 1] != ' ') ++i;
      continue;
    }
    edited += base[i];
  }
  const AnalyzedDocument a = Doc("a", base), b = Doc("b", edited);
  // Exact shingle Jaccard, as the reference.
  auto shingles = [](const AnalyzedDocument& d) {
    std::set<std::vector<uint64_t>> s;
    for (size_t i = 0; i + 5 <= d.tokens.size(); ++i) {
      std::vector<uint64_t> k;
      for (size_t j = i; j < i + 5; ++j) k.push_back(d.tokens[j].key);
      s.insert(k);
    }
    return s;
  };
  const auto sa = shingles(a), sb = shingles(b);
  size_t inter = 0;
  for (const auto& s : sa) inter += sb.count(s);
  const double exact = static_cast<double>(inter) / (sa.size() + sb.size() - inter);
  const double est = EstimatedJaccard(MinHashSignature(a, 5, 256), MinHashSignature(b, 5, 256));
  EXPECT_NEAR(est, exact, 0.08) << "exact " << exact;
  EXPECT_DOUBLE_EQ(EstimatedJaccard(MinHashSignature(a, 5, 64), MinHashSignature(a, 5, 64)), 1.0);
  EXPECT_TRUE(MinHashSignature(Doc("e", ""), 5, 64).empty());
}

TEST_F(CandidatesTest, NormalizedHashIgnoresCaseAndSpacing) {
  EXPECT_EQ(NormalizedTextHash(Doc("a", "The storm  hit the TOWN.")),
            NormalizedTextHash(Doc("b", "the storm hit the town")));
  EXPECT_NE(NormalizedTextHash(Doc("a", "The storm hit the town.")),
            NormalizedTextHash(Doc("b", "The storm hit the city.")));
}

// The fast path against the slow reference: every pair the aligner relates, over all pairs of a
// small collection with planted reuse of every kind, must be among the candidates.
TEST_F(CandidatesTest, CandidatesCoverEveryRelatedPairOfBruteForce) {
  std::vector<AnalyzedDocument> docs;
  const std::filesystem::path dir = std::filesystem::path(TEXTRACE_SOURCE_DIR) / "examples/sample";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    auto bytes = ReadFileBytes(p.string());
    ASSERT_TRUE(bytes.ok());
    docs.push_back(Doc(p.filename().string(), *bytes));
  }
  std::mt19937 rng(11);
  const std::string x = Text(rng, 20, 5000);
  docs.push_back(Doc("x", x));
  docs.push_back(Doc("x_copy", x));                    // exact duplicate
  docs.push_back(Doc("x_copy_upper", "Title. " + x));  // near-duplicate
  docs.push_back(Doc("y", Text(rng, 20, 9000)));       // unrelated
  const Aligner aligner(AlignOptions{}, nullptr);
  std::set<std::pair<uint32_t, uint32_t>> related;
  for (uint32_t i = 0; i < docs.size(); ++i) {
    for (uint32_t j = i + 1; j < docs.size(); ++j) {
      if (!aligner.Align(docs[i], docs[j]).empty()) related.insert({i, j});
    }
  }
  ASSERT_GE(related.size(), 4u) << "the fixture must hold related pairs";
  const auto candidates = FindCandidates(docs, CandidateOptions{});
  std::set<std::pair<uint32_t, uint32_t>> got;
  for (const Candidate& c : candidates) {
    EXPECT_LT(c.a, c.b);
    got.insert({c.a, c.b});
  }
  // x and x_copy are one exact group: relations of x_copy go through x.
  const uint32_t x_copy = static_cast<uint32_t>(docs.size() - 3);
  for (const auto& [i, j] : related) {
    if ((i == x_copy || j == x_copy) && i != x_copy - 1) continue;
    EXPECT_TRUE(got.count({i, j})) << docs[i].name << " ~ " << docs[j].name << " not proposed";
  }
  // Sources: the exact pair is credited to the exact stage.
  bool exact = false;
  for (const Candidate& c : candidates) {
    exact |= c.a == x_copy - 1 && c.b == x_copy && c.source == CandidateSource::kExact;
  }
  EXPECT_TRUE(exact);
  // Far fewer candidates than pairs would be the point at scale; here: no unrelated pair with y.
  for (const Candidate& c : candidates) {
    EXPECT_NE(c.b, docs.size() - 1) << docs[c.a].name << " ~ y";
  }
}

TEST_F(CandidatesTest, AnchorsManyDocumentsHoldMakeNoCandidate) {
  // 25 documents on one "topic": each holds the same sentence of rare words, so every pair of
  // them shares that sentence's 10 anchors, but an anchor 25 documents hold weighs 1/24. Only the
  // two that also share a copied paragraph are a candidate.
  std::mt19937 rng(5);
  const std::string topic = "Zorbak quenfil mardosh plivet tranquo gesmor. ";
  const std::string copied = Text(rng, 6, 7000);
  std::vector<AnalyzedDocument> docs;
  for (int i = 0; i < 25; ++i) {
    std::string text = Text(rng, 8, 10000 + 1000 * i) + topic;
    if (i < 2) text += copied;
    docs.push_back(Doc("d" + std::to_string(i), text));
  }
  std::set<std::pair<uint32_t, uint32_t>> got;
  for (const Candidate& c : FindCandidates(docs, CandidateOptions{})) got.insert({c.a, c.b});
  EXPECT_TRUE(got.count({0, 1})) << "the copy is not proposed";
  EXPECT_EQ(got.size(), 1u) << "pairs sharing only the topic sentence were proposed";
  // The rule is what keeps them out: without it, the shared topic anchors make candidates.
  CandidateOptions any_rarity;
  any_rarity.min_anchor_rarity = 0;
  EXPECT_GT(FindCandidates(docs, any_rarity).size(), 100u);
}

TEST_F(CandidatesTest, HardWrappedCopyIsProposedByItsAnchors) {
  // A long sentence copied into a document that breaks its lines every few words: each line is a
  // sentence of its own, and pairs of the original sentence's rarest words seldom fall on one
  // line. Read as one (its lines part only by single line breaks), the copy keeps its anchors.
  std::mt19937 rng(23);
  std::string sentence = Text(rng, 5, 3000);  // five sentences of 12 words: one of 60
  std::string long_sentence;
  for (char c : sentence) {
    if (c != '.') long_sentence += c;
  }
  long_sentence += ".";
  std::string wrapped;
  int words = 0;
  for (char c : long_sentence) {
    if (c == ' ' && ++words % 4 == 0) {
      wrapped += '\n';
    } else {
      wrapped += c;
    }
  }
  std::vector<AnalyzedDocument> docs;
  for (int i = 0; i < 6; ++i)
    docs.push_back(Doc("other" + std::to_string(i), Text(rng, 10, 20000 + 1000 * i)));
  docs.push_back(
      Doc("wrapped", Text(rng, 30, 40000) + "\n\n" + wrapped + "\n\n" + Text(rng, 30, 41000)));
  docs.push_back(
      Doc("source", Text(rng, 5, 42000) + "\n\n" + long_sentence + "\n\n" + Text(rng, 5, 43000)));
  CandidateOptions anchors_only;
  anchors_only.rare_word_partners = 0;
  std::set<std::pair<uint32_t, uint32_t>> got;
  for (const Candidate& c : FindCandidates(docs, anchors_only)) {
    got.insert({c.a, c.b});
    EXPECT_EQ(c.source, CandidateSource::kAnchors);
  }
  EXPECT_TRUE(got.count({6, 7})) << "the hard-wrapped copy is not proposed";
  EXPECT_EQ(got.size(), 1u);
}

TEST_F(CandidatesTest, DocumentsWithThousandsOfPartnerKeysAreCounted) {
  // A press release syndicated to 120 sites, each copy with its own text around it: every copy
  // shares the release's ~400 anchors with 119 others, more than a document's partners are
  // counted in a cache-sized table for, so these are counted in the per-document counters. Two
  // other documents share a paragraph and are counted in the table. Both ways find every pair.
  std::mt19937 rng(31);
  std::string release;  // 40 one-sentence paragraphs (Text's lower-case sentences run together)
  for (int s = 0; s < 40; ++s) release += "\n\n" + Text(rng, 1, 5000);
  const std::string paragraph = Text(rng, 6, 6000);
  std::vector<AnalyzedDocument> docs;
  constexpr uint32_t kCopies = 120;
  for (uint32_t i = 0; i < kCopies; ++i) {
    docs.push_back(Doc("copy" + std::to_string(i),
                       Text(rng, 3, 10000 + 1000 * static_cast<int>(i)) + release));
  }
  docs.push_back(Doc("x", Text(rng, 8, 200000) + paragraph));
  docs.push_back(Doc("y", paragraph + Text(rng, 8, 210000)));
  CandidateOptions anchors_only;
  anchors_only.rare_word_partners = 0;
  anchors_only.minhash_min_jaccard = 2;  // no near-duplicate candidates
  std::set<std::pair<uint32_t, uint32_t>> got;
  for (const Candidate& c : FindCandidates(docs, anchors_only)) {
    if (c.source == CandidateSource::kAnchors) got.insert({c.a, c.b});
  }
  for (uint32_t i = 0; i < kCopies; ++i) {
    for (uint32_t j = i + 1; j < kCopies; ++j) {
      ASSERT_TRUE(got.count({i, j})) << "copies " << i << " and " << j << " not proposed";
    }
  }
  EXPECT_TRUE(got.count({kCopies, kCopies + 1})) << "the shared paragraph is not proposed";
}

// The candidates found with the postings on disk are those found in memory, pair by pair.
void ExpectSameCandidates(const std::vector<Candidate>& on_disk,
                          const std::vector<Candidate>& in_memory, uint64_t allowed) {
  ASSERT_EQ(on_disk.size(), in_memory.size()) << allowed;
  for (size_t i = 0; i < on_disk.size(); ++i) {
    EXPECT_EQ(on_disk[i].a, in_memory[i].a) << allowed;
    EXPECT_EQ(on_disk[i].b, in_memory[i].b) << allowed;
    EXPECT_EQ(on_disk[i].source, in_memory[i].source) << allowed;
  }
}

// Anchor postings over the memory allowed wait on disk in parts, sorted one part at a time: the
// candidates are the same as with every posting in memory, and a folder that cannot hold the
// scratch file is an error, not a silent change.
TEST_F(CandidatesTest, PostingsOverTheMemoryAllowedWaitOnDiskWithTheSameCandidates) {
  std::mt19937 rng(5);
  std::vector<AnalyzedDocument> docs;
  AddSharingDocuments(rng, 400, 300, &docs);
  CandidateOptions o;
  auto in_memory = FindCandidates(docs, o, 2, CandidateMemory{});
  ASSERT_TRUE(in_memory.ok());
  size_t anchors = 0;
  for (const Candidate& c : *in_memory) anchors += c.source == CandidateSource::kAnchors;
  ASSERT_GT(anchors, 100u) << "the fixture must make anchor candidates";
  const std::string tmp = std::filesystem::temp_directory_path().string();
  for (uint64_t allowed : {uint64_t{1}, uint64_t{20000}}) {  // 256 parts; a few parts
    uint64_t spilled = 0;
    auto on_disk = FindCandidates(docs, o, 2, CandidateMemory{allowed, tmp, &spilled});
    ASSERT_TRUE(on_disk.ok()) << on_disk.status().ToString();
    EXPECT_GT(spilled, 0u) << allowed;
    ExpectSameCandidates(*on_disk, *in_memory, allowed);
  }
  EXPECT_FALSE(FindCandidates(docs, o, 2, CandidateMemory{1, "/no/such/folder"}).ok());
}

// The postings are known to be too many only after the first block of 4,096 documents (which
// hold no anchor here): they go to disk from then on, with the same candidates.
TEST_F(CandidatesTest, PostingsFoundTooManyLaterGoToDiskThen) {
  std::mt19937 rng(9);
  std::vector<AnalyzedDocument> docs;
  for (int d = 0; d < 4096; ++d) {  // words of their own: no anchor
    docs.push_back(Doc(
        "own" + std::to_string(d),
        "q" + std::to_string(d) + "x z" + std::to_string(d) + "w. v" + std::to_string(d) + "k"));
  }
  AddSharingDocuments(rng, 200, 200, &docs);
  CandidateOptions o;
  auto in_memory = FindCandidates(docs, o, 2, CandidateMemory{});
  ASSERT_TRUE(in_memory.ok());
  ASSERT_GT(in_memory->size(), 50u);
  uint64_t spilled = 0;
  auto on_disk = FindCandidates(
      docs, o, 2, CandidateMemory{1000, std::filesystem::temp_directory_path().string(), &spilled});
  ASSERT_TRUE(on_disk.ok()) << on_disk.status().ToString();
  EXPECT_GT(spilled, 0u);
  ExpectSameCandidates(*on_disk, *in_memory, 1000);
}

}  // namespace
}  // namespace textrace
