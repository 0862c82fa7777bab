// textrace index create|add|remove|export|stats|check DIR, and textrace query DIR INPUTS...: the
// persistent index (textrace/index.h).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "textrace/html_report.h"
#include "textrace/index.h"
#include "textrace/output.h"
#include "textrace/report.h"

namespace textrace::cli {
namespace {

struct IndexFlags {
  std::string dir;
  std::vector<std::string> inputs;  // add, query
  std::vector<std::string> ids;     // remove
  std::string output;               // export
  std::string html;                 // export, query
  std::string since;                // export
  std::string format = "text";      // query
  size_t top = 10;                  // query
  bool replace = false;             // add
  std::string batch = "64M";        // add
  Options options;                  // create
  ResourceOptions resources;
};

StatusOr<std::unique_ptr<Index>> OpenIndex(const IndexFlags& f, bool writable) {
  ResourceOptions r = f.resources;
  r.threads = CapThreads(r.threads);
  return Index::Open(f.dir, writable, r);
}

Status RunCreate(const IndexFlags& f) {
  RETURN_IF_ERROR(Index::Create(f.dir, f.options));
  fmt::print(stderr, "textrace index: created {}\n", f.dir);
  return Status::Ok();
}

Status RunAdd(const IndexFlags& f) {
  ASSIGN_OR_RETURN(auto index, OpenIndex(f, /*writable=*/true));
  AddOptions o;
  o.replace = f.replace;
  ResourceOptions sizes;
  RETURN_IF_ERROR(SetOption(nullptr, &sizes, *FindOption("memory"), f.batch));
  o.batch_bytes = sizes.memory_budget;
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  o.committed = [&last](uint32_t batch, int64_t documents) {
    const auto now = std::chrono::steady_clock::now();
    fmt::print(stderr, "textrace index: committed batch {} ({} documents) in {:.2f} s\n", batch,
               documents, std::chrono::duration<double>(now - last).count());
    last = now;
  };
  ASSIGN_OR_RETURN(const AddResult r, index->AddInputs(f.inputs, o));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string out = FormatSkipped(r.skipped, "textrace index: ");
  out += fmt::format(
      "textrace index: added {} documents ({} replacing indexed ones), {} skipped, {} related "
      "pairs; {} candidate pairs, {} withheld as weak evidence; {:.2f} s\n",
      r.documents, r.replaced, r.skipped.size(), r.pairs, r.stats.candidates,
      r.stats.weak_pairs, seconds);
  std::fputs(out.c_str(), stderr);
  if (r.documents == 0 && !r.skipped.empty()) {
    return DataLossError(fmt::format("no document was added: all {} were skipped (see above)",
                                     r.skipped.size()));
  }
  return Status::Ok();
}

Status RunRemove(const IndexFlags& f) {
  ASSIGN_OR_RETURN(auto index, OpenIndex(f, /*writable=*/true));
  RETURN_IF_ERROR(index->Remove(f.ids));
  fmt::print(stderr, "textrace index: removed {} documents\n", f.ids.size());
  return Status::Ok();
}

Status RunExport(const IndexFlags& f) {
  std::vector<std::string> outputs = {f.output};
  if (!f.html.empty()) outputs.push_back(f.html);
  RETURN_IF_ERROR(CheckOutputs({f.dir}, outputs));
  ASSIGN_OR_RETURN(auto index, OpenIndex(f, /*writable=*/false));
  ASSIGN_OR_RETURN(const ScanResult r, index->Export(f.since));
  const Options& o = index->engine().options();
  const int threads = CapThreads(f.resources.threads);
  RETURN_IF_ERROR(WriteFileAtomically(
      f.output, [&](const Emit& emit) { return WriteScanReport(r, o, emit, threads); }));
  if (!f.html.empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(
        f.html, [&](const Emit& emit) { return WriteScanHtml(r, o, emit, threads); }));
  }
  fmt::print(stderr, "textrace index: exported {} documents, {} related pairs, {} families\n",
             r.documents.size(), r.pairs.size(), r.families.size());
  return Status::Ok();
}

Status RunStats(const IndexFlags& f) {
  ASSIGN_OR_RETURN(auto index, OpenIndex(f, /*writable=*/false));
  ASSIGN_OR_RETURN(const IndexStats s, index->Stats());
  const std::string out = fmt::format(
      "format      {}\ncreated     {}\ndocuments   {}\ntext        {:.1f} MB\npairs       "
      "{}\nbatches     {}\non disk     {:.1f} MB ({:.1f}x the text)\n",
      s.format, s.created, s.documents, s.text_bytes / 1e6, s.pairs, s.batches,
      s.disk_bytes / 1e6, s.text_bytes > 0 ? static_cast<double>(s.disk_bytes) / s.text_bytes : 0);
  std::fputs(out.c_str(), stdout);
  return Status::Ok();
}

// One JSON line per indexed document, in number order: {"document", "batch", "id"}.
Status RunList(const IndexFlags& f) {
  ASSIGN_OR_RETURN(auto index, OpenIndex(f, /*writable=*/false));
  ASSIGN_OR_RETURN(const std::vector<IndexedDocument> docs, index->List());
  std::string out;
  for (const IndexedDocument& d : docs) {
    out += nlohmann::json{{"document", d.document}, {"batch", d.batch}, {"id", d.id}}.dump(
               -1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    return IoError("writing to standard output failed");
  }
  return Status::Ok();
}

Status RunCheck(const IndexFlags& f) {
  ASSIGN_OR_RETURN(auto index, OpenIndex(f, /*writable=*/false));
  RETURN_IF_ERROR(index->Check());
  ASSIGN_OR_RETURN(const IndexStats s, index->Stats());
  fmt::print("{}: ok ({} documents, {} pairs, {} batches)\n", f.dir, s.documents, s.pairs,
             s.batches);
  return Status::Ok();
}

// A query's result as a scan of the queried text and its matches, for the HTML view.
ScanResult AsScan(const QueryResult& q) {
  ScanResult r;
  ScanDocument query;
  query.id = q.input.id;
  query.date = q.input.date;
  query.url = q.input.url;
  query.words = static_cast<int64_t>(q.analyzed.tokens.size());
  query.bytes = static_cast<int64_t>(q.analyzed.bytes.size());
  query.chars = q.analyzed.char_length;
  query.language = q.analyzed.language;
  query.text_from = q.input.text_from;
  r.documents.push_back(query);
  std::vector<std::string> texts = {q.analyzed.bytes};
  for (const IndexMatch& m : q.matches) {
    ScanPair p;
    p.a = 0;
    p.b = static_cast<uint32_t>(r.documents.size());
    p.comparison = m.comparison;
    p.direction = m.direction;
    p.direction_reason = m.direction_reason;
    p.found_by = m.found_by;
    r.pairs.push_back(std::move(p));
    r.documents.push_back(m.info);
    texts.push_back(m.text);
  }
  class Texts : public TextStore {
   public:
    explicit Texts(std::vector<std::string> t) : t_(std::move(t)) {}
    StatusOr<std::string> Text(uint32_t d) const override { return t_.at(d); }
    StatusOr<std::string> Record(uint32_t) const override { return std::string(); }

   private:
    std::vector<std::string> t_;
  };
  r.texts = std::make_shared<Texts>(std::move(texts));
  return r;
}

Status RunQuery(const IndexFlags& f) {
  if (!f.html.empty()) RETURN_IF_ERROR(CheckOutputs(f.inputs, {f.html}));
  ASSIGN_OR_RETURN(auto index, OpenIndex(f, /*writable=*/false));
  const Options& o = index->engine().options();
  std::string out;
  std::vector<QueryResult> all;
  // Every document of the inputs, read as scan reads them (a JSONL file or a WARC holds many).
  ASSIGN_OR_RETURN(auto reader, DocumentReader::Open(f.inputs, o.input));
  InputDocument document;
  while (true) {
    ASSIGN_OR_RETURN(const bool more, reader->Next(&document));
    if (!more) break;
    ASSIGN_OR_RETURN(QueryResult q, index->Query(std::move(document), f.top));
    document = InputDocument();
    if (f.format == "json") {
      nlohmann::json matches = nlohmann::json::array();
      for (const IndexMatch& m : q.matches) {
        CompareResult c;
        c.a = q.analyzed;
        c.a_input = q.input;
        AnalyzedDocument b;
        b.name = m.info.id;
        b.bytes = m.text;
        b.char_length = m.info.chars;
        c.b = std::move(b);
        c.b_input.id = m.info.id;
        c.b_input.date = m.info.date;
        c.b_input.url = m.info.url;
        c.b_input.text_from = m.info.text_from;
        c.comparison = m.comparison;
        c.strong_evidence = m.strong_evidence;
        nlohmann::json j = nlohmann::json::parse(FormatComparisonJson(c, o));
        j.erase("options");
        j["b"]["words"] = m.info.words;
        j["score"] = PairScore(m.comparison);
        j["found_by"] = CandidateStageName(m.found_by);
        matches.push_back(std::move(j));
      }
      out += nlohmann::json{{"query", q.input.id},
                            {"words", q.analyzed.tokens.size()},
                            {"candidates", q.candidates},
                            {"elapsed_ms", std::round(q.elapsed_ms * 1000) / 1000},
                            {"matches", std::move(matches)}}
                 .dump() +
             "\n";
    } else if (f.format == "text") {
      out += fmt::format("{} ({} words): {} related of {} candidates, {:.1f} ms\n", q.input.id,
                         q.analyzed.tokens.size(), q.matches.size(), q.candidates, q.elapsed_ms);
      for (const IndexMatch& m : q.matches) {
        out += fmt::format("  {:<14} {:>4.0f}% {:>4.0f}%  score {:.2f}  {}{}\n",
                           RelationName(m.comparison.relation), 100 * m.comparison.coverage_a,
                           100 * m.comparison.coverage_b, PairScore(m.comparison), m.info.id,
                           m.strong_evidence ? "" : "  (weak evidence)");
      }
    }
    all.push_back(std::move(q));
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    return IoError("writing to standard output failed");
  }
  const std::string skipped = FormatSkipped(reader->skipped(), "textrace query: ");
  std::fputs(skipped.c_str(), stderr);
  if (all.empty()) {
    return InvalidArgumentError(reader->skipped().empty()
                                    ? "no document to query in the inputs"
                                    : "no document to query: every one was skipped (see above)");
  }
  if (!f.html.empty() && !all.empty()) {
    const ScanResult r = AsScan(all.front());
    RETURN_IF_ERROR(WriteFileAtomically(
        f.html, [&](const Emit& emit) { return WriteScanHtml(r, o, emit, 1); }));
  }
  return Status::Ok();
}

void AddResourceFlags(CLI::App* app, IndexFlags* f) {
  AddOptionFlags(app, {}, &f->options, &f->resources, {"threads", "memory", "tmp"});
}

}  // namespace

Command IndexCommand() {
  return {"index",
          "A persistent index: create it, add documents as they arrive, remove, export, check",
          "textrace index create idx && textrace index add idx corpus.jsonl",
          [](CLI::App* app) -> std::function<Status(int*)> {
            auto f = std::make_shared<IndexFlags>();
            app->require_subcommand(1);
            CLI::App* create = app->add_subcommand(
                "create", "Make an index in DIR (new or empty) with the engine's options, fixed");
            create->add_option("DIR", f->dir, "The index's folder")->required();
            using G = OptionInfo::Group;
            AddOptionFlags(create,
                           {G::kInput, G::kAnalyzer, G::kThesaurus, G::kAlign, G::kCandidates,
                            G::kEvidence, G::kBoilerplate, G::kReport},
                           &f->options, &f->resources);
            CLI::App* add = app->add_subcommand(
                "add", "Add documents; each is compared with every indexed one and the others");
            add->add_option("DIR", f->dir, "The index's folder")->required();
            add->add_option("INPUTS", f->inputs, "Directories, files, JSONL, WARC, or -")
                ->required();
            add->add_flag("--replace", f->replace,
                          "A document whose id is indexed replaces it (else it is skipped)");
            add->add_option("--batch", f->batch,
                            "Commit every this much text (e.g. 64M): each batch is scanned "
                            "whole and committed whole")
                ->capture_default_str();
            AddResourceFlags(add, f.get());
            CLI::App* remove = app->add_subcommand("remove", "Remove documents by id");
            remove->add_option("DIR", f->dir, "The index's folder")->required();
            remove->add_option("IDS", f->ids, "Document ids")->required();
            CLI::App* exp = app->add_subcommand(
                "export", "The relations as a scan report (JSON Lines; docs/report-format.md)");
            exp->add_option("DIR", f->dir, "The index's folder")->required();
            exp->add_option("-o,--output", f->output, "The report; - for standard output")
                ->required();
            exp->add_option("--html", f->html, "Also an HTML report");
            exp->add_option("--since", f->since,
                            "Only the pairs with a document added at or after this date");
            AddResourceFlags(exp, f.get());
            CLI::App* stats = app->add_subcommand("stats", "Documents, text, pairs, size on disk");
            stats->add_option("DIR", f->dir, "The index's folder")->required();
            CLI::App* list = app->add_subcommand(
                "list", "The indexed documents, one JSON line each: number, batch, id");
            list->add_option("DIR", f->dir, "The index's folder")->required();
            CLI::App* check = app->add_subcommand(
                "check", "Read every structure and check it; exit 1 on damage");
            check->add_option("DIR", f->dir, "The index's folder")->required();
            return [f, create, add, remove, exp, stats, list, check](int*) -> Status {
              if (create->parsed()) return RunCreate(*f);
              if (add->parsed()) return RunAdd(*f);
              if (remove->parsed()) return RunRemove(*f);
              if (exp->parsed()) return RunExport(*f);
              if (stats->parsed()) return RunStats(*f);
              if (list->parsed()) return RunList(*f);
              return RunCheck(*f);
            };
          }};
}

Command QueryCommand() {
  return {"query",
          "The indexed documents a text (not added) relates to, with passages, best first",
          "textrace query idx new.txt",
          [](CLI::App* app) -> std::function<Status(int*)> {
            auto f = std::make_shared<IndexFlags>();
            app->add_option("DIR", f->dir, "The index's folder")->required();
            app->add_option("INPUTS", f->inputs, "Documents to ask about, not added (files, JSONL, WARC, directories, or -)")
                ->required();
            app->add_option("--format", f->format,
                            "text (one line per match), or json (one line per queried document, "
                            "its matches with passages and elapsed_ms)")
                ->check(CLI::IsMember({"text", "json"}))
                ->capture_default_str();
            app->add_option("--top", f->top, "Matches per document, best first (0: all)")
                ->capture_default_str();
            app->add_option("--html", f->html,
                            "Also an HTML view of the first document and its matches");
            AddResourceFlags(app, f.get());
            return [f](int*) { return RunQuery(*f); };
          }};
}

}  // namespace textrace::cli
