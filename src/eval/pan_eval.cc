#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "textrace/eval.h"
#include "util/parallel.h"

namespace textrace {
namespace fs = std::filesystem;
namespace {

struct PairEntry {
  std::string susp;  // file names
  std::string src;
  int subset = -1;
};

StatusOr<std::vector<std::pair<std::string, std::string>>> ReadPairs(const std::string& path) {
  ASSIGN_OR_RETURN(std::string data, ReadFileBytes(path));
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(data);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string a, b, extra;
    if (!(fields >> a >> b) || (fields >> extra)) {
      return DataLossError(path + ":" + std::to_string(line_no) +
                           ": expected 'suspicious-document.txt source-document.txt'");
    }
    out.emplace_back(a, b);
  }
  return out;
}

std::string Stem(const std::string& file) { return fs::path(file).stem().string(); }

}  // namespace

std::vector<PanCase> ToPanCases(const std::vector<PassagePair>& passages) {
  std::vector<PanCase> out;
  for (const PassagePair& p : passages) {
    out.push_back({{p.a.begin_char, static_cast<int64_t>(p.a.end_char) - p.a.begin_char},
                   {p.b.begin_char, static_cast<int64_t>(p.b.end_char) - p.b.begin_char}});
  }
  return out;
}

StatusOr<PanEvalResult> EvaluatePan(const PanEvalOptions& options,
                                    const AnalyzerOptions& analyzer_options,
                                    const Aligner& aligner) {
  const fs::path root(options.corpus_dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return NotFoundError(options.corpus_dir + ": not a directory (expected a PAN corpus)");
  }
  ASSIGN_OR_RETURN(auto all_pairs, ReadPairs((root / "pairs").string()));

  // Subsets: every folder holding a `pairs` file.
  PanEvalResult result;
  std::map<std::pair<std::string, std::string>, int> subset_of;
  std::vector<fs::path> subset_dirs;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    if (e.is_directory() && fs::exists(e.path() / "pairs")) subset_dirs.push_back(e.path());
  }
  std::sort(subset_dirs.begin(), subset_dirs.end());
  for (size_t s = 0; s < subset_dirs.size(); ++s) {
    ASSIGN_OR_RETURN(auto sp, ReadPairs((subset_dirs[s] / "pairs").string()));
    for (auto& p : sp) subset_of[p] = static_cast<int>(s);
    result.subsets.push_back({subset_dirs[s].filename().string(), 0, {}});
  }

  std::vector<PairEntry> pairs;
  std::unordered_map<std::string, size_t> doc_index;
  std::vector<std::string> doc_paths;
  auto add_doc = [&](const std::string& path) {
    auto [it, inserted] = doc_index.try_emplace(path, doc_paths.size());
    if (inserted) doc_paths.push_back(path);
    return it->second;
  };
  std::vector<std::pair<size_t, size_t>> pair_docs;
  for (auto& [susp, src] : all_pairs) {
    auto it = subset_of.find({susp, src});
    pairs.push_back({susp, src, it == subset_of.end() ? -1 : it->second});
    pair_docs.emplace_back(add_doc((root / "susp" / susp).string()),
                           add_doc((root / "src" / src).string()));
  }
  result.pairs = static_cast<int64_t>(pairs.size());
  result.documents = static_cast<int64_t>(doc_paths.size());

  const int threads = ResolveThreads(options.threads);
  std::vector<std::unique_ptr<Analyzer>> analyzers(threads);
  for (auto& a : analyzers) {
    ASSIGN_OR_RETURN(a, Analyzer::Create(analyzer_options));
  }

  auto t0 = std::chrono::steady_clock::now();
  std::vector<AnalyzedDocument> docs(doc_paths.size());
  RETURN_IF_ERROR(ParallelFor(doc_paths.size(), threads, [&](size_t i, int w) -> Status {
    ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(doc_paths[i]));
    ASSIGN_OR_RETURN(docs[i], analyzers[w]->Analyze(fs::path(doc_paths[i]).filename().string(),
                                                    std::move(bytes)));
    return Status::Ok();
  }));
  for (const auto& d : docs) result.document_bytes += static_cast<int64_t>(d.bytes.size());
  auto t1 = std::chrono::steady_clock::now();

  if (!options.out_dir.empty()) {
    fs::create_directories(options.out_dir, ec);
    if (ec) return IoError(options.out_dir + ": cannot create: " + ec.message());
  }
  std::vector<std::vector<PanCase>> detections(pairs.size());
  std::vector<std::vector<PanCase>> truths(pairs.size());
  RETURN_IF_ERROR(ParallelFor(pairs.size(), threads, [&](size_t i, int) -> Status {
    const PairEntry& p = pairs[i];
    const std::string xml_name = Stem(p.susp) + "-" + Stem(p.src) + ".xml";
    if (p.subset >= 0) {
      const fs::path truth_path = subset_dirs[p.subset] / xml_name;
      auto truth = ReadPanXmlFile(truth_path.string());
      if (!truth.ok() && truth.status().code() != StatusCode::kNotFound) return truth.status();
      if (truth.ok()) truths[i] = std::move(truth).value();
    }
    detections[i] = ToPanCases(aligner.Align(docs[pair_docs[i].first], docs[pair_docs[i].second]));
    if (!options.out_dir.empty()) {
      const std::string path = (fs::path(options.out_dir) / xml_name).string();
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << FormatPanXml(p.susp, p.src, detections[i]);
      if (!out.flush()) return IoError(path + ": write failed");
    }
    return Status::Ok();
  }));
  auto t2 = std::chrono::steady_clock::now();

  // Scored serially in pair order, so the sums (and so the output) never depend on threads.
  std::vector<PlagdetAccumulator> per_subset(subset_dirs.size());
  PlagdetAccumulator entire;
  for (size_t i = 0; i < pairs.size(); ++i) {
    entire.AddPair(truths[i], detections[i]);
    if (pairs[i].subset >= 0) {
      per_subset[pairs[i].subset].AddPair(truths[i], detections[i]);
      ++result.subsets[pairs[i].subset].pairs;
    }
  }
  for (size_t s = 0; s < per_subset.size(); ++s) result.subsets[s].scores = per_subset[s].Scores();
  result.entire = entire.Scores();
  result.analyze_seconds = std::chrono::duration<double>(t1 - t0).count();
  result.align_seconds = std::chrono::duration<double>(t2 - t1).count();
  return result;
}

}  // namespace textrace
