// A scan for a person at a terminal: the run's summary, the skipped documents, and the pairs as
// aligned columns.
#include <fmt/format.h>

#include <map>

#include "textrace/scan.h"

namespace textrace {

std::string FormatScanSummary(const ScanResult& r, const Options& o, std::string_view prefix) {
  const ScanStats& s = r.stats;
  std::map<std::string, int> by_relation;
  for (const ScanPair& p : r.pairs) ++by_relation[RelationName(p.comparison.relation)];
  std::string relations;
  for (const auto& [name, count] : by_relation) {
    relations += fmt::format("{}{} {}", relations.empty() ? "" : ", ", count, name);
  }
  const double total = s.total_seconds;
  std::string out = fmt::format(
      "{}{} documents ({:.1f} MB), {} skipped; {} candidate pairs "
      "(exact {}, minhash {}, anchors {}, rare words {}); {} related pairs{}{}{}; {} families; "
      "{:.2f} s ({:.1f} MB/s; read and analyze {:.2f} s, candidates {:.2f} s, "
      "verify {:.2f} s; {:.0f} MB of temporary files)\n",
      prefix, r.documents.size(), s.bytes / 1e6, s.documents_skipped, s.candidates,
      s.candidates_exact, s.candidates_minhash, s.candidates_anchors, s.candidates_rare_words,
      r.pairs.size(), relations.empty() ? "" : " (", relations, relations.empty() ? "" : ")",
      r.families.size(), total, total > 0 ? s.bytes / 1e6 / total : 0.0,
      total - s.candidate_seconds - s.align_seconds, s.candidate_seconds, s.align_seconds,
      s.spill_bytes / 1e6);
  if (s.indirect_pairs > 0) {
    out += fmt::format("{}{} of the related pairs are indirect: both documents share the text with a "
                       "third, which explains it (\"via\" in the report)\n",
                       prefix, s.indirect_pairs);
  }
  if (!r.unparseable_dates.empty() || s.dates_from_file > 0 || s.dates_unmatched > 0) {
    out += fmt::format("{}dates: {} documents with a date that could not be read (their pairs' "
                       "direction is unknown; the report's run line lists them), {} dated by the "
                       "dates file, {} ids of the dates file not in the collection\n",
                       prefix, r.unparseable_dates.size(), s.dates_from_file, s.dates_unmatched);
  }
  const EvidenceOptions& e = o.evidence;
  if (s.weak_pairs > 0) {
    out += fmt::format(
        "{}{} aligned pairs not reported: their passages are weak evidence "
        "(similarity under {}, under {:.0f}% of words kept, no summary; word clusters: "
        "both similarity {} and {:.0f}% kept needed)\n",
        prefix, s.weak_pairs, e.min_evidence_score, 100 * e.min_evidence_kept,
        e.min_evidence_score, 100 * e.min_word_cluster_kept);
  }
  if (s.warc_records_not_documents > 0 || s.boilerplate_lines > 0) {
    out += fmt::format(
        "{}{} WARC records that are not documents (request, metadata, "
        "warcinfo ...); {} boilerplate lines left out of alignment\n",
        prefix, s.warc_records_not_documents, s.boilerplate_lines);
  }
  if (s.files_excluded > 0) {
    out += fmt::format("{}{} files of directory inputs left out by --include/--exclude\n", prefix,
                       s.files_excluded);
  }
  return out;
}

std::string FormatSkipped(const std::vector<SkipRecord>& skipped, std::string_view prefix) {
  constexpr size_t kAll = 20, kShown = 10;
  const size_t shown = skipped.size() <= kAll ? skipped.size() : kShown;
  std::string out;
  for (size_t i = 0; i < shown; ++i) {
    out += fmt::format("{}skipped {}: {}\n", prefix, skipped[i].origin, skipped[i].reason);
  }
  if (shown == skipped.size()) return out;
  std::map<std::string, int64_t> by_kind;
  for (const SkipRecord& k : skipped) {
    // The reason up to its details: "HTTP status 404" and "not HTML or text" stay whole.
    std::string kind = k.reason.substr(0, k.reason.find_first_of("(:'"));
    while (!kind.empty() && kind.back() == ' ') kind.pop_back();
    ++by_kind[kind];
  }
  out += fmt::format("{}... and {} more skipped; all {} by reason:\n", prefix,
                     skipped.size() - shown, skipped.size());
  for (const auto& [kind, n] : by_kind) out += fmt::format("{}  {:>8} {}\n", prefix, n, kind);
  return out;
}

std::string FormatScanText(const ScanResult& r, bool color) {
  constexpr size_t kIdWidth = 44;
  auto fit = [](const std::string& id) {  // long ids keep their end, where names differ
    if (id.size() <= kIdWidth) return id;
    size_t cut = id.size() - (kIdWidth - 3);
    while (cut < id.size() && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) ++cut;
    return "..." + id.substr(cut);
  };
  auto paint = [color](Relation relation) {
    const char* code = relation == Relation::kDuplicate       ? "\033[1;31m"
                       : relation == Relation::kNearDuplicate ? "\033[31m"
                       : relation == Relation::kRewrite       ? "\033[35m"
                       : relation == Relation::kSummary       ? "\033[34m"
                                                              : "\033[32m";
    const std::string padded = fmt::format("{:<14}", RelationName(relation));
    return color ? code + padded + "\033[0m" : padded;
  };
  std::string out = fmt::format("{:<14} {:>6} {:>6}  {:<9}  {:<{}}  {}\n", "relation", "cov A",
                                "cov B", "direction", "A", kIdWidth, "B");
  for (const ScanPair& p : r.pairs) {
    out += fmt::format("{} {:>6.2f} {:>6.2f}  {:<9}  {:<{}}  {}{}\n", paint(p.comparison.relation),
                       p.comparison.coverage_a, p.comparison.coverage_b,
                       DirectionName(p.direction), fit(r.documents[p.a].id), kIdWidth,
                       fit(r.documents[p.b].id),
                       p.via.has_value() ? "  (indirect, via " + r.documents[*p.via].id + ")" : "");
  }
  if (r.pairs.empty()) out += "(no related pairs)\n";
  for (size_t i = 0; i < r.families.size(); ++i) {
    const Family& fam = r.families[i];
    out += fmt::format("family {}: {} documents, {}\n", i + 1, fam.members.size(),
                       fam.source.has_value() ? "source " + r.documents[*fam.source].id
                                              : "source unknown (" + fam.source_reason + ")");
  }
  return out;
}

}  // namespace textrace
