// The distributed scan's stages (textrace/distributed.h), run in one process over partitions
// and key ranges as textrace.dask.scan runs them on a cluster: the Scanner's report, byte for
// byte, whatever the split; partitions survive their byte encoding. (The Python tests run the
// same on a Dask cluster; this one also runs under the sanitizers.)
#include "textrace/distributed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sample_testing.h"
#include "textrace/engine.h"
#include "textrace/scan.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;
using distributed::Numbers;
using distributed::Partition;

// The sample, a verbatim copy (an exact duplicate group), a document without words and an id
// used twice: every path of the numbering.
std::vector<InputDocument> Documents() {
  auto doc = [](const char* id, std::string text, const char* date) {
    InputDocument d;
    d.id = id;
    d.text = std::move(text);
    d.date = date;
    d.origin = id;
    return d;
  };
  return {doc("original", ReadSample("original_harbor.txt"), "2024-03-01"),
          doc("spun", ReadSample("spun_harbor.txt"), "2024-03-02"),
          doc("empty", " ... ", ""),
          doc("partial", ReadSample("partial_harbor.txt"), ""),
          doc("summary", ReadSample("summary_harbor.txt"), "2024-03-04"),
          doc("bakery", ReadSample("unrelated_bakery.txt"), ""),
          doc("chess", ReadSample("unrelated_chess.txt"), ""),
          doc("copy", ReadSample("original_harbor.txt"), ""),
          doc("spun", "a later document with an id used before", "")};
}

template <typename T>
T Must(StatusOr<T> s) {
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

// The stages in the order textrace.dask.scan runs them, over `parts` partitions (the documents
// dealt in order) and `ranges` key ranges; each partition goes through its byte encoding.
std::string DistributedReport(const Engine& engine, const std::vector<InputDocument>& docs,
                              size_t parts, int ranges) {
  const Options& o = engine.options();
  std::vector<std::shared_ptr<const Partition>> partition;
  auto assembler = Must(distributed::Assembler::Create(o));
  std::vector<Numbers> numbers(parts);
  std::vector<size_t> part_of;
  const size_t per = (docs.size() + parts - 1) / parts;
  for (size_t p = 0; p < parts; ++p) {
    std::vector<InputDocument> mine(docs.begin() + std::min(docs.size(), p * per),
                                    docs.begin() + std::min(docs.size(), (p + 1) * per));
    auto analyzed = Must(Partition::Analyze(engine, mine));
    partition.push_back(Must(Partition::Decode(analyzed->Encode())));
    for (size_t i = 0; i < mine.size(); ++i) {
      InputDocument meta = mine[i];
      meta.text.clear();
      numbers[p].push_back(assembler->Add(std::move(meta), partition[p]->info()[i]));
      if (numbers[p].back() >= 0) part_of.push_back(p);
    }
  }
  // Statistics by range.
  std::vector<std::vector<std::string>> df(parts), lines(parts);
  for (size_t p = 0; p < parts; ++p) {
    df[p] = distributed::DocumentFrequencyParts(*partition[p], numbers[p], ranges);
    lines[p] = distributed::LineEntryParts(*partition[p], numbers[p], o, ranges);
  }
  std::vector<std::string> merged, recurring;
  for (int r = 0; r < ranges; ++r) {
    std::vector<std::string> d, l;
    for (size_t p = 0; p < parts; ++p) {
      d.push_back(df[p][r]);
      l.push_back(lines[p][r]);
    }
    merged.push_back(distributed::MergeCounts(d));
    recurring.push_back(distributed::RecurringLines(l, o));
  }
  const std::string common = distributed::CommonKeys(merged);
  distributed::Coordinator coordinator(o, assembler->documents());
  for (size_t p = 0; p < parts; ++p) {
    EXPECT_TRUE(coordinator.AddSketches(distributed::Sketches(*partition[p], numbers[p])).ok());
  }
  const std::string boilerplate = Must(coordinator.BoilerplateLines(recurring));
  const std::string active = coordinator.ProposeByHashes();
  // Anchors and rare words.
  std::vector<distributed::KeyPostingParts> postings;
  std::string counts;
  for (size_t p = 0; p < parts; ++p) {
    postings.push_back(
        distributed::AnchorPostings(*partition[p], numbers[p], active, common, o, ranges));
    counts += postings.back().anchor_counts;
  }
  auto links = [&](bool anchors, int max_postings) {
    std::vector<std::vector<std::string>> contributions;  // by key range, then pair range
    for (int r = 0; r < ranges; ++r) {
      std::vector<std::string> in;
      for (const auto& k : postings) in.push_back(anchors ? k.anchors[r] : k.rare_words[r]);
      contributions.push_back(distributed::LinkContributions(in, max_postings, ranges));
    }
    std::vector<std::vector<std::string>> by_pair_range(ranges);
    for (int q = 0; q < ranges; ++q) {
      for (int r = 0; r < ranges; ++r) by_pair_range[q].push_back(contributions[r][q]);
    }
    return by_pair_range;
  };
  std::vector<std::vector<std::string>> offers(ranges);
  for (const auto& c : links(true, o.candidates.max_anchor_postings)) {
    distributed::AnchorLinkParts l = distributed::AnchorLinks(c, counts, o, ranges);
    EXPECT_TRUE(coordinator.AddProposed(l.strong, CandidateStage::kAnchors).ok());
    for (int d = 0; d < ranges; ++d) offers[d].push_back(l.offers[d]);
  }
  for (const auto& x : offers) {
    EXPECT_TRUE(
        coordinator.AddProposed(distributed::BestAnchorPartners(x, o), CandidateStage::kAnchors)
            .ok());
  }
  offers.assign(ranges, {});
  for (const auto& c : links(false, o.candidates.rare_word_max_documents)) {
    std::vector<std::string> l = distributed::RareLinks(c, o, ranges);
    for (int d = 0; d < ranges; ++d) offers[d].push_back(l[d]);
  }
  for (const auto& x : offers) {
    EXPECT_TRUE(
        coordinator.AddProposed(distributed::BestRarePartners(x, o), CandidateStage::kRareWords)
            .ok());
  }
  const std::vector<distributed::Coordinator::Candidate> candidates = coordinator.Candidates();
  // Verification by partition pair.
  std::vector<std::string> comparisons(candidates.size());
  std::map<std::pair<size_t, size_t>, std::vector<size_t>> groups;
  for (size_t k = 0; k < candidates.size(); ++k) {
    groups[{part_of[candidates[k].a], part_of[candidates[k].b]}].push_back(k);
  }
  for (const auto& [key, ks] : groups) {
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    for (size_t k : ks) pairs.emplace_back(candidates[k].a, candidates[k].b);
    auto pa = partition[key.first]->ForVerification();
    auto pb = partition[key.second]->ForVerification();
    const std::vector<std::string> got =
        Must(distributed::Verify(engine, {pa.get(), pb.get()},
                                 {&numbers[key.first], &numbers[key.second]}, pairs, boilerplate));
    for (size_t i = 0; i < ks.size(); ++i) comparisons[ks[i]] = got[i];
  }
  EXPECT_TRUE(assembler->Finish(candidates, comparisons, coordinator.boilerplate_lines()).ok());
  for (uint32_t d : assembler->DocumentsInPairs()) {
    for (size_t p = 0; p < parts; ++p) {
      for (size_t i = 0; i < numbers[p].size(); ++i) {
        if (numbers[p][i] == d) assembler->SetText(d, partition[p]->text(i));
      }
    }
  }
  return Must(FormatScanReport(assembler->TakeResult(), o));
}

std::string ScannerReport(std::shared_ptr<const Engine> engine,
                          const std::vector<InputDocument>& docs) {
  auto scanner = Must(Scanner::Create(engine));
  for (const InputDocument& d : docs) EXPECT_TRUE(scanner->Add(d).ok());
  return Must(FormatScanReport(Must(scanner->Finish()), engine->options()));
}

TEST(DistributedTest, AnySplitGivesTheScannersReport) {
  auto engine = Must(Engine::Create(Options{}, nullptr));
  const std::vector<InputDocument> docs = Documents();
  const std::string expected = ScannerReport(engine, docs);
  ASSERT_NE(expected.find("\"type\":\"pair\""), std::string::npos);
  ASSERT_NE(expected.find("duplicate id 'spun'"), std::string::npos);
  ASSERT_NE(expected.find("no words"), std::string::npos);
  for (const auto& [parts, ranges] :
       std::vector<std::pair<size_t, int>>{{1, 1}, {2, 3}, {4, 2}, {9, 5}}) {
    SCOPED_TRACE("partitions " + std::to_string(parts) + ", ranges " + std::to_string(ranges));
    EXPECT_EQ(DistributedReport(*engine, docs, parts, ranges), expected);
  }
}

TEST(DistributedTest, DamagedPartitionBytesAreRefused) {
  auto engine = Must(Engine::Create(Options{}, nullptr));
  auto p = Must(Partition::Analyze(*engine, Documents()));
  std::string bytes = p->Encode();
  EXPECT_TRUE(Partition::Decode(bytes).ok());
  EXPECT_FALSE(Partition::Decode(bytes.substr(0, bytes.size() / 2)).ok());
  EXPECT_FALSE(Partition::Decode(bytes + "x").ok());
}

}  // namespace
}  // namespace textrace
