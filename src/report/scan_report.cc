// The scan report: JSON Lines, one object per line, each with a "type".
#include <cmath>
#include <nlohmann/json.hpp>

#include "report/json_util.h"
#include "textrace/scan.h"
#include "util/parallel.h"

namespace textrace {

nlohmann::json AnalyzerOptionsJson(const AnalyzerOptions& o) {
  return {{"language", o.language}, {"join_lines", o.join_wrapped_lines}};
}

nlohmann::json ScanOptionsJson(const ScanOptions& o) {
  nlohmann::json j{{"shingle_words", o.shingle_words},
                   {"minhash_bands", o.minhash_bands},
                   {"minhash_rows", o.minhash_rows},
                   {"minhash_min_jaccard", o.minhash_min_jaccard},
                   {"anchors_per_sentence", o.anchors_per_sentence},
                   {"min_shared_anchors", o.min_shared_anchors},
                   {"strong_shared_anchors", o.strong_shared_anchors},
                   {"weak_anchor_partners", o.weak_anchor_partners},
                   {"min_anchor_rarity", o.min_anchor_rarity},
                   {"min_anchor_overlap", o.min_anchor_overlap},
                   {"max_anchor_postings", o.max_anchor_postings},
                   {"rare_words_per_document", o.rare_words_per_document},
                   {"rare_word_max_documents", o.rare_word_max_documents},
                   {"rare_word_min_shared", o.rare_word_min_shared},
                   {"rare_word_min_rarity", o.rare_word_min_rarity},
                   {"rare_word_partners", o.rare_word_partners},
                   {"min_evidence_score", o.min_evidence_score},
                   {"min_evidence_kept", o.min_evidence_kept},
                   {"min_word_cluster_kept", o.min_word_cluster_kept},
                   {"summary_copy_coverage", o.summary_copy_coverage},
                   {"boilerplate_min_docs", o.boilerplate.min_docs},
                   {"boilerplate_min_site_docs", o.boilerplate.min_site_docs},
                   {"boilerplate_max_line_words", o.boilerplate.max_line_words},
                   {"boilerplate_related_jaccard", o.boilerplate.related_jaccard},
                   {"report_texts", o.report_texts},
                   {"report_weak_pairs", o.report_weak_pairs},
                   {"align", AlignOptionsJson(o.align)}};
  j.update(AnalyzerOptionsJson(o.analyzer));
  return j;
}

using nlohmann::json;

namespace {

double Round4(double x) { return std::round(x * 1e4) / 1e4; }

}  // namespace

nlohmann::json CandidatesByStageJson(const ScanStats& s) {
  return {{"exact", s.candidates_exact},
          {"minhash", s.candidates_minhash},
          {"anchors", s.candidates_anchors},
          {"rare_words", s.candidates_rare_words}};
}

Status WriteScanReport(const ScanResult& r, const ScanOptions& o, const Emit& emit) {
  const ScanStats& s = r.stats;
  json skipped = json::array();
  for (const SkipRecord& k : r.skipped) {
    skipped.push_back({{"origin", Utf8Safe(k.origin)}, {"reason", Utf8Safe(k.reason)}});
  }
  json run{{"type", "run"},
           {"format", "textrace-scan-report/1"},
           {"documents", r.documents.size()},
           {"documents_read", s.documents_read},
           {"documents_skipped", s.documents_skipped},
           {"warc_records_not_documents", s.warc_records_not_documents},
           {"boilerplate_lines", s.boilerplate_lines},
           {"bytes", s.bytes},
           {"candidates", s.candidates},
           {"candidates_by_stage", CandidatesByStageJson(s)},
           {"related_pairs", r.pairs.size()},
           {"weak_pairs", s.weak_pairs},
           {"families", r.families.size()},
           {"skipped", skipped},
           {"options", ScanOptionsJson(o)}};
  RETURN_IF_ERROR(emit(run.dump() + "\n"));
  // Pair lines are rendered in parallel, a block at a time, and emitted in order.
  auto render = [&](const ScanPair& p, const char* type) -> StatusOr<std::string> {
    std::string text_a, text_b;  // read back only when the report carries texts
    if (o.report_texts) {
      ASSIGN_OR_RETURN(text_a, r.texts->Text(p.a));
      ASSIGN_OR_RETURN(text_b, r.texts->Text(p.b));
    }
    const ScanDocument& a = r.documents[p.a];
    const ScanDocument& b = r.documents[p.b];
    // Keys in ascending order, as nlohmann orders them (report/json_writer.h).
    std::string line;
    JsonWriter w(&line);
    w.BeginObject();
    w.Field("a", a.id);
    if (!a.text_from.empty()) w.Field("a_text_from", a.text_from);
    w.Field("b", b.id);
    if (!b.text_from.empty()) w.Field("b_text_from", b.text_from);
    w.DoubleField("coverage_a", Round4(p.comparison.coverage_a));
    w.DoubleField("coverage_b", Round4(p.comparison.coverage_b));
    w.Field("direction", p.direction);
    if (!p.direction_reason.empty()) w.Field("direction_reason", p.direction_reason);
    w.Field("found_by", p.found_by);
    w.Key("passages");
    WritePassagesJson(text_a, text_b, p.comparison.passages, o.report_texts, &w);
    w.Field("relation", RelationName(p.comparison.relation));
    w.Field("type", type);
    w.EndObject();
    line += '\n';
    return line;
  };
  auto write_pairs = [&](const std::vector<ScanPair>& pairs, const char* type) -> Status {
    constexpr size_t kBlock = 512;
    std::vector<std::string> lines;
    for (size_t begin = 0; begin < pairs.size(); begin += kBlock) {
      lines.assign(std::min(kBlock, pairs.size() - begin), std::string());
      RETURN_IF_ERROR(ParallelFor(lines.size(), ResolveThreads(o.threads), [&](size_t i, int) {
        ASSIGN_OR_RETURN(lines[i], render(pairs[begin + i], type));
        return Status::Ok();
      }));
      for (const std::string& line : lines) RETURN_IF_ERROR(emit(line));
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(write_pairs(r.pairs, "pair"));
  RETURN_IF_ERROR(write_pairs(r.weak_pairs, "weak_pair"));
  for (size_t f = 0; f < r.families.size(); ++f) {
    json members = json::array();
    for (uint32_t m : r.families[f].members) members.push_back(Utf8Safe(r.documents[m].id));
    RETURN_IF_ERROR(
        emit(json{{"type", "family"},
                  {"family", f},
                  {"representative", Utf8Safe(r.documents[r.families[f].representative].id)},
                  {"members", members}}
                 .dump() +
             "\n"));
  }
  return Status::Ok();
}

StatusOr<std::string> FormatScanReport(const ScanResult& r, const ScanOptions& o) {
  std::string out;
  RETURN_IF_ERROR(WriteScanReport(r, o, [&](std::string_view piece) {
    out += piece;
    return Status::Ok();
  }));
  return out;
}

Status WriteKeptJsonl(const ScanResult& r, const DedupResult& dedup, const Emit& emit) {
  for (uint32_t i : dedup.kept) {
    const ScanDocument& d = r.documents[i];
    ASSIGN_OR_RETURN(std::string text, r.texts->Text(i));
    json line{{"id", d.id}, {"text", std::move(text)}};
    if (!d.date.empty()) line["date"] = d.date;
    if (!d.url.empty()) line["url"] = d.url;
    // Invalid UTF-8 in a text becomes U+FFFD: JSON cannot carry it.
    RETURN_IF_ERROR(emit(line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"));
  }
  return Status::Ok();
}

std::string FormatDedupMap(const ScanResult& r, const DedupResult& dedup) {
  std::string out;
  for (const DedupResult::Removed& m : dedup.removed) {
    out += json{{"id", Utf8Safe(r.documents[m.document].id)},
                {"duplicate_of", Utf8Safe(r.documents[m.duplicate_of].id)},
                {"relation", m.relation}}
               .dump() +
           "\n";
  }
  return out;
}

}  // namespace textrace
