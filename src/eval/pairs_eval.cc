// `eval pairs`: labelled pairs of a collection, compared alone and found by a scan (eval.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "textrace/compare.h"
#include "textrace/eval.h"
#include "textrace/ingest.h"
#include "textrace/scan.h"

namespace textrace {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t from = 0;
  while (true) {
    const size_t tab = line.find('\t', from);
    out.push_back(line.substr(from, tab == std::string_view::npos ? tab : tab - from));
    if (tab == std::string_view::npos) return out;
    from = tab + 1;
  }
}

// 1-based ranks, ties given their mean rank.
std::vector<double> Ranks(const std::vector<double>& v) {
  std::vector<size_t> order(v.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return v[x] < v[y]; });
  std::vector<double> ranks(v.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && v[order[j]] == v[order[i]]) ++j;
    const double mean = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k) ranks[order[k]] = mean;
    i = j;
  }
  return ranks;
}

double Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  if (x.size() < 2) return kNaN;
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0 || syy == 0) return kNaN;
  return sxy / std::sqrt(sxx * syy);
}

// The chance that a positive scores above a negative (ties a half).
double Auc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  std::vector<double> pos, neg;
  for (size_t i = 0; i < scores.size(); ++i) (positive[i] ? pos : neg).push_back(scores[i]);
  if (pos.empty() || neg.empty()) return kNaN;
  std::sort(neg.begin(), neg.end());
  double wins = 0;
  for (double p : pos) {
    const auto below = std::lower_bound(neg.begin(), neg.end(), p) - neg.begin();
    const auto equal = std::upper_bound(neg.begin(), neg.end(), p) - neg.begin() - below;
    wins += static_cast<double>(below) + 0.5 * static_cast<double>(equal);
  }
  return wins / (static_cast<double>(pos.size()) * static_cast<double>(neg.size()));
}

// Word 3-grams of a document (its analyzed words' keys).
std::vector<uint64_t> Trigrams(const AnalyzedDocument& d) {
  std::vector<uint64_t> out;
  for (size_t i = 0; i + 2 < d.tokens.size(); ++i) {
    uint64_t h = d.tokens[i].key;
    h = h * 0x9e3779b97f4a7c15ULL ^ d.tokens[i + 1].key;
    h = h * 0x9e3779b97f4a7c15ULL ^ d.tokens[i + 2].key;
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double Containment(const std::vector<uint64_t>& derived, const std::vector<uint64_t>& source) {
  if (derived.empty()) return 0;
  size_t shared = 0;
  for (uint64_t g : derived) shared += std::binary_search(source.begin(), source.end(), g);
  return static_cast<double>(shared) / static_cast<double>(derived.size());
}

}  // namespace

ScoreAgreement ScoreGrades(const std::vector<double>& scores, const std::vector<int>& grades,
                           int top_grade) {
  ScoreAgreement a;
  std::vector<double> g(grades.begin(), grades.end());
  a.spearman = Pearson(Ranks(scores), Ranks(g));
  std::vector<bool> reuse(grades.size()), top(grades.size());
  for (size_t i = 0; i < grades.size(); ++i) {
    reuse[i] = grades[i] >= 1;
    top[i] = grades[i] == top_grade;
  }
  a.auc_reuse = Auc(scores, reuse);
  a.auc_top = Auc(scores, top);
  return a;
}

StatusOr<PairsEvalResult> EvaluatePairs(std::shared_ptr<const Engine> engine,
                                        const PairsEvalOptions& options,
                                        const ResourceOptions& resources) {
  if (options.labels.size() < 2) {
    return InvalidArgumentError("eval pairs: give at least two labels, from no reuse up");
  }
  PairsEvalResult r;
  r.labels = options.labels;
  // The pairs.
  std::ifstream in(options.pairs_tsv, std::ios::binary);
  if (!in) return NotFoundError(options.pairs_tsv + ": cannot open the pairs file");
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto fields = SplitTabs(line);
    const std::string where = fmt::format("{}:{}", options.pairs_tsv, number);
    if (fields.size() < 3 || fields[0].empty() || fields[1].empty()) {
      return InvalidArgumentError(
          where + ": expected source id, derived id and label, separated by tabs");
    }
    if (number == 1 && fields[0] == "source_id") continue;  // the header
    LabelledPair p;
    p.source = std::string(fields[0]);
    p.derived = std::string(fields[1]);
    p.label = std::string(fields[2]);
    const auto it = std::find(options.labels.begin(), options.labels.end(), p.label);
    if (it == options.labels.end()) {
      return InvalidArgumentError(fmt::format("{}: label '{}' is not one of the labels given ({})",
                                              where, p.label, fmt::join(options.labels, ", ")));
    }
    p.grade = static_cast<int>(it - options.labels.begin());
    r.pairs.push_back(std::move(p));
  }
  if (r.pairs.empty()) return InvalidArgumentError(options.pairs_tsv + ": no pairs");
  // The documents, by id.
  ASSIGN_OR_RETURN(auto reader, DocumentReader::Open(options.inputs, engine->options().input));
  std::vector<InputDocument> docs;
  std::unordered_map<std::string, size_t> by_id;
  InputDocument d;
  while (true) {
    ASSIGN_OR_RETURN(const bool more, reader->Next(&d));
    if (!more) break;
    if (!by_id.emplace(d.id, docs.size()).second) {
      return InvalidArgumentError(d.origin + ": document id '" + d.id +
                                  "' is repeated: each pair must name one document");
    }
    docs.push_back(std::move(d));
    d = InputDocument();
  }
  r.documents = static_cast<int64_t>(docs.size());
  auto find = [&](const std::string& id, const LabelledPair& p) -> StatusOr<size_t> {
    const auto it = by_id.find(id);
    if (it != by_id.end()) return it->second;
    std::string skipped;
    if (!reader->skipped().empty()) {
      const SkipRecord& first = reader->skipped().front();
      skipped = fmt::format(" ({} input documents were skipped; the first, {}: {})",
                            reader->skipped().size(), first.origin, first.reason);
    }
    return NotFoundError(fmt::format("{}: pair {} / {} names document '{}', which the inputs do "
                                     "not hold{}",
                                     options.pairs_tsv, p.source, p.derived, id, skipped));
  };
  // Each pair alone, as `compare` gives it.
  ASSIGN_OR_RETURN(auto analyzer, engine->NewAnalyzer());
  for (LabelledPair& p : r.pairs) {
    ASSIGN_OR_RETURN(const size_t s, find(p.source, p));
    ASSIGN_OR_RETURN(const size_t t, find(p.derived, p));
    ASSIGN_OR_RETURN(CompareResult c, CompareDocuments(*engine, docs[s], docs[t]));
    p.relation = c.comparison.relation;
    p.coverage = c.comparison.coverage_b;
    p.strong_evidence = c.strong_evidence;
    p.trigram_containment = Containment(Trigrams(c.b), Trigrams(c.a));
  }
  std::vector<double> coverage, trigrams;
  std::vector<int> grades;
  for (const LabelledPair& p : r.pairs) {
    coverage.push_back(p.coverage);
    trigrams.push_back(p.trigram_containment);
    grades.push_back(p.grade);
  }
  const int top = static_cast<int>(options.labels.size()) - 1;
  r.coverage = ScoreGrades(coverage, grades, top);
  r.trigram_containment = ScoreGrades(trigrams, grades, top);
  if (!options.scan) return r;
  // The collection scanned.
  ASSIGN_OR_RETURN(auto scanner, Scanner::Create(engine, resources));
  for (InputDocument& doc : docs) RETURN_IF_ERROR(scanner->Add(std::move(doc)));
  ASSIGN_OR_RETURN(ScanResult scan, scanner->Finish());
  std::set<std::pair<std::string, std::string>> reported;
  for (const ScanPair& p : scan.pairs) {
    const std::string& a = scan.documents[p.a].id;
    const std::string& b = scan.documents[p.b].id;
    reported.emplace(std::min(a, b), std::max(a, b));
  }
  r.scan_pairs = static_cast<int64_t>(scan.pairs.size());
  std::set<std::pair<std::string, std::string>> listed;
  std::vector<int64_t> found(options.labels.size()), total(options.labels.size());
  for (LabelledPair& p : r.pairs) {
    const auto key = std::make_pair(std::min(p.source, p.derived), std::max(p.source, p.derived));
    listed.insert(key);
    p.reported = reported.count(key) > 0;
    ++total[static_cast<size_t>(p.grade)];
    found[static_cast<size_t>(p.grade)] += p.reported;
  }
  for (size_t g = 0; g < total.size(); ++g) {
    r.reported_share.push_back(total[g] == 0 ? kNaN
                                             : static_cast<double>(found[g]) /
                                                   static_cast<double>(total[g]));
  }
  for (const ScanPair& p : scan.pairs) {
    const std::string& a = scan.documents[p.a].id;
    const std::string& b = scan.documents[p.b].id;
    if (!listed.count({std::min(a, b), std::max(a, b)})) r.unlisted.emplace_back(a, b);
  }
  return r;
}

}  // namespace textrace
