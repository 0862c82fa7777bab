// Index features: a document looked up against the features of indexed documents finds the ones
// the scan would pair it with, by the same stages, and not unrelated ones.
#include "index/features.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "textrace/engine.h"

namespace textrace::index {
namespace {

namespace fs = std::filesystem;

std::string Sample(const char* name) {
  std::ifstream in(fs::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample" / name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Posting lists in memory, as an index would hold them.
class MemoryPostings : public PostingSource {
 public:
  void Add(uint32_t doc, const Features& f) {
    lists_[{PostingKind::kExact, f.exact_hash}].push_back(doc);
    for (uint64_t k : f.band_keys) lists_[{PostingKind::kBand, k}].push_back(doc);
    for (uint64_t k : f.anchors) lists_[{PostingKind::kAnchor, k}].push_back(doc);
    for (uint64_t k : f.rare_words) lists_[{PostingKind::kRareWord, k}].push_back(doc);
    minhash_[doc] = f.minhash;
  }
  Status Postings(PostingKind kind, uint64_t key, size_t limit,
                  std::vector<uint32_t>* docs) const override {
    docs->clear();
    auto it = lists_.find({kind, key});
    if (it == lists_.end()) return Status::Ok();
    for (uint32_t d : it->second) {
      if (docs->size() > limit) break;
      docs->push_back(d);
    }
    return Status::Ok();
  }
  Status Minhash(uint32_t doc, std::vector<uint32_t>* out) const override {
    *out = minhash_.at(doc);
    return Status::Ok();
  }

 private:
  std::map<std::pair<PostingKind, uint64_t>, std::vector<uint32_t>> lists_;
  std::map<uint32_t, std::vector<uint32_t>> minhash_;
};

class IndexFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Create(Options{});
    ASSERT_TRUE(engine.ok());
    engine_ = *engine;
    auto analyzer = engine_->NewAnalyzer();
    ASSERT_TRUE(analyzer.ok());
    analyzer_ = std::move(analyzer).value();
  }

  // Adds a document to the index: its words to the document frequencies, its stored features
  // to the postings.
  void Store(uint32_t doc, const std::string& text) {
    Prepared p = Prepare(text);
    for (uint64_t k : DistinctKeys(p.keys)) ++df_[k];
    postings_.Add(doc, StoredFeatures(p.sketch, p.keys, Df(), options()));
  }

  std::vector<IndexCandidate> Lookup(const std::string& text) {
    Prepared p = Prepare(text);
    auto c = FindIndexCandidates(LookupFeatures(p.sketch, p.keys, Df(), options()), postings_,
                                 options());
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : std::vector<IndexCandidate>{};
  }

  const CandidateOptions& options() const { return engine_->options().candidates; }

 private:
  struct Prepared {
    Sketch sketch;
    SentenceKeys keys;
  };
  Prepared Prepare(const std::string& text) {
    auto d = analyzer_->Analyze("doc", text);
    EXPECT_TRUE(d.ok());
    return {MakeSketch(*d, options()), MakeSentenceKeys(*d)};
  }
  DfLookup Df() {
    return [this](uint64_t k) {
      auto it = df_.find(k);
      return it == df_.end() ? 0u : it->second;
    };
  }

  std::shared_ptr<const Engine> engine_;
  std::unique_ptr<Analyzer> analyzer_;
  std::map<uint64_t, uint32_t> df_;
  MemoryPostings postings_;
};

TEST_F(IndexFeaturesTest, ANewDocumentFindsWhatItCopiesByTheScansStages) {
  Store(0, Sample("original_harbor.txt"));
  Store(1, Sample("unrelated_chess.txt"));
  Store(2, Sample("unrelated_bakery.txt"));
  auto only = [](const std::vector<IndexCandidate>& c) {
    return c.size() == 1 ? c[0] : IndexCandidate{99, CandidateStage::kExact};
  };
  // An exact copy, by its hash.
  IndexCandidate c = only(Lookup(Sample("original_harbor.txt")));
  EXPECT_EQ(c.document, 0u);
  EXPECT_EQ(c.stage, CandidateStage::kExact);
  // A near-duplicate: a paragraph added.
  c = only(Lookup(Sample("original_harbor.txt") + "\n\nThe council meets again on Thursday."));
  EXPECT_EQ(c.document, 0u);
  EXPECT_EQ(c.stage, CandidateStage::kMinHash);
  // The spun rewrite (words swapped for synonyms: no shingle survives) and the partial copy, by
  // the pairs of rare words they keep in their sentences. (In an index of three documents every
  // word is rare, and the rare-word stage proposes the others too, as a scan of three documents
  // would; the aligner rejects them.)
  for (const char* copy : {"spun_harbor.txt", "partial_harbor.txt"}) {
    const auto all = Lookup(Sample(copy));
    ASSERT_FALSE(all.empty()) << copy;
    EXPECT_EQ(all[0].document, 0u) << copy;
    EXPECT_EQ(all[0].stage, CandidateStage::kAnchors) << copy;
    for (size_t i = 1; i < all.size(); ++i) EXPECT_EQ(all[i].stage, CandidateStage::kRareWords);
  }
  // A text on another subject shares no pair of rare words in a sentence, no shingle, no hash.
  const std::string other =
      "The orchestra opened its season with a programme of Sibelius and Nielsen. The conductor, "
      "in her first year with the ensemble, took the slow movements at a daring pace, and the "
      "brass section rose to it. A new work by a local composer closed the evening.";
  for (const IndexCandidate& x : Lookup(other)) {
    EXPECT_EQ(x.stage, CandidateStage::kRareWords) << "only the rare-word stage of a tiny index";
  }
}

}  // namespace
}  // namespace textrace::index
