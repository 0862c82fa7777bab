// Compare: two documents read as scan reads them, aligned as scan aligns a pair.
#include "textrace/compare.h"

#include <unistd.h>

#include <filesystem>

#include "ingest/decompress.h"
#include "textrace/relate.h"

namespace textrace {
namespace {

// Standard input, decompressed: one document, read as a file's content.
StatusOr<InputDocument> ReadStdin(const IngestOptions& options) {
  auto stream = ByteStream::Open(STDIN_FILENO, /*owns_fd=*/false, nullptr);
  std::string bytes;
  while (ReadFully(stream.get(), 1 << 20, &bytes) > 0) {
  }
  if (stream->failed()) return IoError("<stdin>: " + stream->error());
  return DocumentFromBytes("<stdin>", std::move(bytes), options);
}

}  // namespace

CompareInput CompareInput::File(std::string path, std::string id) {
  CompareInput in;
  in.path = std::move(path);
  in.id = std::move(id);
  return in;
}

CompareInput CompareInput::Memory(std::string name, std::string bytes) {
  CompareInput in;
  in.name = std::move(name);
  in.bytes = std::move(bytes);
  return in;
}

const char* PairOrderName(PairOrder o) { return o == PairOrder::kAuto ? "auto" : "given"; }

StatusOr<InputDocument> ReadOneDocument(const CompareInput& input, const IngestOptions& options) {
  if (input.path.empty()) {
    ASSIGN_OR_RETURN(InputDocument d, DocumentFromBytes(input.name, input.bytes, options));
    if (!input.date.empty()) {  // else the page's own date, if it states one
      d.date = input.date;
      d.date_from.clear();
    }
    d.url = input.url;
    return d;
  }
  // Standard input is one document, unless the input format says it holds several.
  if (input.path == "-" && input.id.empty() && options.input_format != "jsonl" &&
      options.input_format != "warc") {
    return ReadStdin(options);
  }
  std::error_code ec;
  if (std::filesystem::is_directory(input.path, ec)) {
    return InvalidArgumentError(input.path +
                                ": is a directory (compare takes one document a side; scan "
                                "compares every document of a folder)");
  }
  IngestOptions o = options;
  o.strict = false;  // a skipped document is this input's error, with its reason
  ASSIGN_OR_RETURN(auto reader, DocumentReader::Open({input.path}, o));
  std::optional<InputDocument> found;
  int64_t documents = 0;
  std::string first_ids;
  InputDocument d;
  while (true) {
    ASSIGN_OR_RETURN(const bool more, reader->Next(&d));
    if (!more) break;
    ++documents;
    if (documents <= 3) first_ids += (documents > 1 ? ", " : "") + d.id;
    if (input.id.empty() ? documents == 1 : d.id == input.id) found = std::move(d);
  }
  if (!input.id.empty()) {
    if (found.has_value()) return std::move(*found);
    return NotFoundError(input.path + ": no document with id '" + input.id + "' (" +
                         std::to_string(documents) + " documents read)");
  }
  if (documents > 1) {
    return InvalidArgumentError(input.path + ": holds " + std::to_string(documents) +
                                " documents (" + first_ids + (documents > 3 ? ", ..." : "") +
                                "); say which one to compare with its id");
  }
  if (!found.has_value()) {
    if (!reader->skipped().empty()) {
      const SkipRecord& s = reader->skipped().front();
      return InvalidArgumentError(s.origin + ": " + s.reason);
    }
    return InvalidArgumentError(input.path + ": holds no document");
  }
  return std::move(*found);
}

StatusOr<CompareResult> Compare(const Engine& engine, const CompareInput& a,
                                const CompareInput& b, PairOrder order) {
  ASSIGN_OR_RETURN(InputDocument da, ReadOneDocument(a, engine.options().input));
  ASSIGN_OR_RETURN(InputDocument db, ReadOneDocument(b, engine.options().input));
  return CompareDocuments(engine, std::move(da), std::move(db), order);
}

StatusOr<CompareResult> CompareDocuments(const Engine& engine, InputDocument a, InputDocument b,
                                         PairOrder order) {
  CompareResult r;
  r.order = order;
  r.a_input = std::move(a);
  r.b_input = std::move(b);
  ASSIGN_OR_RETURN(auto analyzer, engine.NewAnalyzer());
  ASSIGN_OR_RETURN(r.a, analyzer->Analyze(r.a_input.id, std::move(r.a_input.text)));
  ASSIGN_OR_RETURN(r.b, analyzer->Analyze(r.b_input.id, std::move(r.b_input.text)));
  r.a_input.text.clear();
  r.b_input.text.clear();
  const Aligner& aligner = engine.aligner();
  r.comparison = Relate(r.a, r.b,
                        order == PairOrder::kGiven ? aligner.Align(r.a, r.b)
                                                   : AlignPair(aligner, r.a, r.b));
  r.strong_evidence = r.comparison.relation != Relation::kNone &&
                      StrongEvidence(r.comparison, engine.options().evidence);
  return r;
}

}  // namespace textrace
