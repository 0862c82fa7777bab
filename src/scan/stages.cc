// The scan's stages shared by the Scanner and the distributed scan (scan/stages.h).
#include "scan/stages.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <utility>

#include "cluster/cluster.h"

namespace textrace {
namespace scan_stages {

// IngestOptions::dates_file: id -> date. Lines "ID<TAB>DATE" or JSON objects with "id" and
// "date" (a string or an epoch number); blank lines and lines starting with # are skipped.
StatusOr<std::unordered_map<std::string, std::string>> ReadDatesFile(const std::string& path) {
  ASSIGN_OR_RETURN(const std::string data, ReadFileBytes(path));
  std::unordered_map<std::string, std::string> dates;
  size_t begin = 0;
  for (int64_t line_no = 1; begin < data.size(); ++line_no) {
    size_t end = data.find('\n', begin);
    if (end == std::string::npos) end = data.size();
    std::string line = data.substr(begin, end - begin);
    begin = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(line_no);
    std::string id, date;
    if (line[0] == '{') {
      const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object() || !j.contains("id") || !j.contains("date")) {
        return InvalidArgumentError(where + ": expected a JSON object with \"id\" and \"date\"");
      }
      const auto& jid = j["id"];
      const auto& jdate = j["date"];
      if (!(jid.is_string() || jid.is_number_integer()) ||
          !(jdate.is_string() || jdate.is_number_integer())) {
        return InvalidArgumentError(where + ": id and date must be strings or whole numbers");
      }
      id = jid.is_string() ? jid.get<std::string>() : jid.dump();
      date = jdate.is_string() ? jdate.get<std::string>() : jdate.dump();
    } else {
      const size_t tab = line.find('\t');
      if (tab == std::string::npos) {
        return InvalidArgumentError(where + ": expected ID<TAB>DATE or a JSON object");
      }
      id = line.substr(0, tab);
      date = line.substr(tab + 1);
    }
    if (!dates.emplace(id, date).second) {
      return InvalidArgumentError(where + ": id '" + id + "' is given a date twice");
    }
  }
  return dates;
}

Analyzed AnalyzeForScan(Analyzer& analyzer, const std::string& id, const std::string& text,
                        const Options& options) {
  Analyzed out;
  auto doc = analyzer.Analyze(id, text);
  if (!doc.ok()) {
    out.status = doc.status();
    return out;
  }
  out.chars = doc->char_length;
  out.words = static_cast<int64_t>(doc->tokens.size());
  out.language = doc->language;
  if (out.words == 0) return out;
  out.sketch = MakeSketch(*doc, options.candidates);
  const SentenceKeys keys = MakeSentenceKeys(*doc);
  out.encoded_keys = EncodeSentenceKeys(keys);
  out.distinct_keys = DistinctKeys(keys);
  if (options.boilerplate.min_docs > 0) {
    out.lines = ShortLines(*doc, options.boilerplate.max_line_words);
  }
  out.doc = std::make_unique<AnalyzedDocument>(std::move(doc).value());
  return out;
}

std::string SkipReason(const Analyzed& a) {
  if (!a.status.ok()) return a.status.message();
  if (a.words == 0) return "no words";
  return {};
}

double SketchSimilarity(const Sketch& x, const Sketch& y) {
  const std::vector<uint32_t>& mx = x.minhash;
  const std::vector<uint32_t>& my = y.minhash;
  if (mx.empty() || mx.size() != my.size()) return 0.0;
  size_t same = 0;
  for (size_t k = 0; k < mx.size(); ++k) same += mx[k] == my[k];
  return static_cast<double>(same) / static_cast<double>(mx.size());
}

ScanDocument MakeScanDocument(InputDocument&& d, int64_t bytes, int64_t chars, int64_t words,
                              std::unordered_map<std::string, std::string>* dates, ScanResult* r) {
  if (auto it = dates->find(d.id); it != dates->end()) {
    d.date = std::move(it->second);
    d.date_from = "dates file";
    dates->erase(it);
    ++r->stats.dates_from_file;
  }
  std::optional<Date> when;
  if (!d.date.empty()) {
    when = ParseDate(d.date);
    if (!when.has_value()) {
      r->unparseable_dates.push_back(
          {d.origin, "unparseable date '" + d.date + "'" +
                         (d.date_from.empty() ? "" : " (" + d.date_from + ")")});
    }
  }
  r->stats.bytes += bytes;
  return {std::move(d.id),
          std::move(d.date),
          std::move(d.url),
          std::move(d.origin),
          bytes,
          chars,
          words,
          std::move(d.text_from),
          std::move(d.fields),
          std::move(d.date_from),
          when,
          {}};
}

Comparison VerifyCandidate(const Aligner& aligner, const PreparedDocument& a,
                           const PreparedDocument& b) {
  // Which document goes first, and when the other order is tried too: AlignPair.
  return Relate(*a.doc, *b.doc, AlignPair(aligner, a, b));
}

void PairDirection(const ScanDocument& a, const ScanDocument& b, ScanPair* p) {
  DirectionFinding direction = DirectionFromDates(a.when, a.date, b.when, b.date);
  p->direction = direction.direction;
  p->direction_reason = std::move(direction.reason);
}

Verdict VerdictOf(const Comparison& c, const Options& options) {
  if (c.relation == Relation::kNone) return Verdict::kNone;
  return StrongEvidence(c, options.evidence) ? Verdict::kRelated : Verdict::kWeak;
}

void FinishRelations(ScanResult* r) {
  FindIndirectPairs(r->documents, &r->pairs);
  for (const ScanPair& p : r->pairs) r->stats.indirect_pairs += p.via.has_value();
  r->families = FindFamilies(r->documents, r->pairs);
  r->links = FindLinks(r->documents, r->pairs, r->families);
}

}  // namespace scan_stages
}  // namespace textrace
