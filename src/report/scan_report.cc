// The scan report: JSON Lines, one object per line, each with a "type".
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "report/json_util.h"
#include "textrace/scan.h"
#include "util/parallel.h"

namespace textrace {

nlohmann::json OptionsJson(const Options& o, std::initializer_list<OptionInfo::Group> groups) {
  using Type = OptionInfo::Type;
  nlohmann::json out = nlohmann::json::object();
  Options copy = o;
  for (OptionInfo::Group g : groups) {
    nlohmann::json group = nlohmann::json::object();
    for (const OptionInfo& info : OptionTable()) {
      if (info.group != g || info.field == nullptr) continue;
      const void* p = info.field(&copy);
      switch (info.type) {
        case Type::kBool: group[std::string(info.name)] = *static_cast<const bool*>(p); break;
        case Type::kInt: group[std::string(info.name)] = *static_cast<const int*>(p); break;
        case Type::kDouble: group[std::string(info.name)] = *static_cast<const double*>(p); break;
        case Type::kString:
          group[std::string(info.name)] = Utf8Safe(*static_cast<const std::string*>(p));
          break;
        case Type::kBytes: group[std::string(info.name)] = *static_cast<const uint64_t*>(p); break;
        case Type::kStrings: {
          nlohmann::json list = nlohmann::json::array();
          for (const std::string& s : *static_cast<const std::vector<std::string>*>(p)) {
            list.push_back(Utf8Safe(s));
          }
          group[std::string(info.name)] = std::move(list);
          break;
        }
      }
    }
    out[OptionGroupName(g)] = std::move(group);
  }
  return out;
}

nlohmann::json ScanOptionsJson(const Options& o) {
  using G = OptionInfo::Group;
  return OptionsJson(o, {G::kInput, G::kAnalyzer, G::kThesaurus, G::kAlign, G::kCandidates,
                         G::kEvidence, G::kBoilerplate, G::kReport, G::kDedup});
}

nlohmann::json CompareOptionsJson(const Options& o) {
  using G = OptionInfo::Group;
  return OptionsJson(o, {G::kAnalyzer, G::kThesaurus, G::kAlign});
}

using nlohmann::json;

namespace {

double Round4(double x) { return std::round(x * 1e4) / 1e4; }

}  // namespace

nlohmann::json RunSummaryJson(const ScanResult& r) {
  const ScanStats& s = r.stats;
  // Documents by detected language ("und": the detector was not sure), when any was detected.
  std::map<std::string, int64_t> languages;
  for (const ScanDocument& d : r.documents) ++languages[d.language.empty() ? "und" : d.language];
  json summary{{"documents", r.documents.size()},
               {"documents_read", s.documents_read},
               {"documents_skipped", s.documents_skipped},
               {"warc_records_not_documents", s.warc_records_not_documents},
               {"files_excluded", s.files_excluded},
               {"boilerplate_lines", s.boilerplate_lines},
               {"bytes", s.bytes},
               {"candidates", s.candidates},
               {"candidates_by_stage",
                {{CandidateStageName(CandidateStage::kExact), s.candidates_exact},
                 {CandidateStageName(CandidateStage::kMinHash), s.candidates_minhash},
                 {CandidateStageName(CandidateStage::kAnchors), s.candidates_anchors},
                 {CandidateStageName(CandidateStage::kRareWords), s.candidates_rare_words}}},
               {"related_pairs", r.pairs.size()},
               {"indirect_pairs", s.indirect_pairs},
               {"weak_pairs", s.weak_pairs},
               {"families", r.families.size()},
               {"dates_from_file", s.dates_from_file},
               {"dates_unmatched", s.dates_unmatched}};
  if (!languages.empty() && !(languages.size() == 1 && languages.count("und"))) {
    summary["languages"] = languages;
  }
  return summary;
}

Status WriteScanReport(const ScanResult& r, const Options& o, const Emit& emit, int threads) {
  json skipped = json::array();
  for (const SkipRecord& k : r.skipped) {
    skipped.push_back({{"origin", Utf8Safe(k.origin)}, {"reason", Utf8Safe(k.reason)}});
  }
  json run = RunSummaryJson(r);
  json unparseable = json::array();
  for (const SkipRecord& k : r.unparseable_dates) {
    unparseable.push_back({{"origin", Utf8Safe(k.origin)}, {"reason", Utf8Safe(k.reason)}});
  }
  run["unparseable_dates"] = std::move(unparseable);
  run["type"] = "run";
  run["format"] = "textrace-scan-report/2";
  run["skipped"] = std::move(skipped);
  run["options"] = ScanOptionsJson(o);
  RETURN_IF_ERROR(emit(run.dump() + "\n"));
  // Pair lines are rendered in parallel, a block at a time, and emitted in order.
  auto render = [&](const ScanPair& p, const char* type) -> StatusOr<std::string> {
    std::string text_a, text_b;  // read back only when the report carries texts
    if (o.report.report_texts) {
      ASSIGN_OR_RETURN(text_a, r.texts->Text(p.a));
      ASSIGN_OR_RETURN(text_b, r.texts->Text(p.b));
    }
    const ScanDocument& a = r.documents[p.a];
    const ScanDocument& b = r.documents[p.b];
    // Keys in ascending order, as nlohmann orders them (report/json_writer.h).
    std::string line;
    JsonWriter w(&line);
    w.BeginObject();
    // Each side's id, date, how its text was read, url and words: what a reader needs of a
    // document without looking it up.
    auto side = [&](const char* prefix, const ScanDocument& d) {
      const std::string k(prefix);
      w.Field(k.substr(0, 1), d.id);
      if (!d.date.empty()) w.Field(k + "date", d.date);
      if (!d.language.empty()) w.Field(k + "language", d.language);
      if (!d.text_from.empty()) w.Field(k + "text_from", d.text_from);
      if (!d.url.empty()) w.Field(k + "url", d.url);
      w.IntField(k + "words", d.words);
    };
    side("a_", a);
    side("b_", b);
    w.DoubleField("coverage_a", Round4(p.comparison.coverage_a));
    w.DoubleField("coverage_b", Round4(p.comparison.coverage_b));
    w.Field("direction", DirectionName(p.direction));
    if (!p.direction_reason.empty()) w.Field("direction_reason", p.direction_reason);
    w.Field("found_by", CandidateStageName(p.found_by));
    w.Key("passages");
    WritePassagesJson(text_a, text_b, p.comparison.passages, o.report.report_texts, &w);
    w.Field("relation", RelationName(p.comparison.relation));
    w.DoubleField("score", Round4(PairScore(p.comparison)));
    w.Field("type", type);
    if (p.via.has_value()) w.Field("via", r.documents[*p.via].id);
    w.EndObject();
    line += '\n';
    return line;
  };
  auto write_pairs = [&](const std::vector<ScanPair>& pairs, const char* type) -> Status {
    constexpr size_t kBlock = 512;
    std::vector<std::string> lines;
    for (size_t begin = 0; begin < pairs.size(); begin += kBlock) {
      lines.assign(std::min(kBlock, pairs.size() - begin), std::string());
      RETURN_IF_ERROR(ParallelFor(lines.size(), ResolveThreads(threads), [&](size_t i, int) {
        ASSIGN_OR_RETURN(lines[i], render(pairs[begin + i], type));
        return Status::Ok();
      }));
      for (const std::string& line : lines) RETURN_IF_ERROR(emit(line));
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(write_pairs(r.pairs, "pair"));
  RETURN_IF_ERROR(write_pairs(r.weak_pairs, "weak_pair"));
  // Each document in a pair: its sources, derivatives and the relations without a direction.
  auto link_json = [&](const DocumentLinks::Link& l, bool with_depth) {
    const ScanPair& p = r.pairs[l.pair];
    json j{{"id", Utf8Safe(r.documents[l.document].id)},
           {"relation", RelationName(p.comparison.relation)},
           {"score", Round4(PairScore(p.comparison))}};
    if (with_depth && l.depth > 1) {
      j["depth"] = l.depth;
      j["through"] = Utf8Safe(r.documents[l.through].id);
    }
    return j;
  };
  for (const DocumentLinks& links : r.links) {
    const ScanDocument& d = r.documents[links.document];
    json sources = json::array(), derivatives = json::array(), undirected = json::array();
    for (const auto& l : links.sources) sources.push_back(link_json(l, false));
    for (const auto& l : links.derivatives) derivatives.push_back(link_json(l, true));
    for (const auto& l : links.undirected) {
      json j = link_json(l, false);
      j["direction_reason"] = r.pairs[l.pair].direction_reason;
      undirected.push_back(std::move(j));
    }
    json line{{"type", "document"},
              {"id", Utf8Safe(d.id)},
              {"words", d.words},
              {"sources", std::move(sources)},
              {"derivatives", std::move(derivatives)},
              {"undirected", std::move(undirected)}};
    if (!d.date.empty()) line["date"] = Utf8Safe(d.date);
    if (!d.date_from.empty()) line["date_from"] = Utf8Safe(d.date_from);
    if (!d.language.empty()) line["language"] = d.language;
    if (!d.url.empty()) line["url"] = Utf8Safe(d.url);
    if (links.family.has_value()) line["family"] = *links.family;
    RETURN_IF_ERROR(emit(line.dump() + "\n"));
  }
  for (size_t f = 0; f < r.families.size(); ++f) {
    const Family& fam = r.families[f];
    json members = json::array();
    for (uint32_t m : fam.members) members.push_back(Utf8Safe(r.documents[m].id));
    json line{{"type", "family"}, {"family", f}, {"members", std::move(members)}};
    if (fam.source.has_value()) {
      line["source"] = Utf8Safe(r.documents[*fam.source].id);
    } else {
      line["source"] = nullptr;
      line["source_reason"] = fam.source_reason;
    }
    RETURN_IF_ERROR(emit(line.dump() + "\n"));
  }
  return Status::Ok();
}

StatusOr<std::string> FormatScanReport(const ScanResult& r, const Options& o) {
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
    ASSIGN_OR_RETURN(std::string record, r.texts->Record(i));
    if (!record.empty()) {  // a JSON line: written back as it was read
      record += '\n';
      RETURN_IF_ERROR(emit(record));
      continue;
    }
    ASSIGN_OR_RETURN(std::string text, r.texts->Text(i));
    json line = json::object();
    // Other fields first, so that id, text, date and url are those textrace read.
    if (!d.fields.empty()) {
      line = json::parse(d.fields, nullptr, /*allow_exceptions=*/false);
      if (!line.is_object()) return InternalError(d.origin + ": fields are not a JSON object");
    }
    line["id"] = d.id;
    line["text"] = std::move(text);
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
                {"closest", Utf8Safe(r.documents[m.closest].id)},
                {"relation", RelationName(m.relation)},
                {"similarity", Round4(m.similarity)}}
               .dump() +
           "\n";
  }
  return out;
}

}  // namespace textrace
