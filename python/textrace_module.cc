// _textrace: the native half of the Python module (the package is python/textrace/). A thin edge
// over the library (include/textrace/): keyword arguments become Options through the one option
// table, Python objects become CompareInputs and InputDocuments, and results are handed out as
// read-only views that keep the library's result alive. Every Status that is not OK becomes an
// exception in one place (Raise). The GIL is released while the library works; a progress
// callback takes it back to run.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "textrace/compare.h"
#include "textrace/distributed.h"
#include "textrace/engine.h"
#include "textrace/html_report.h"
#include "textrace/index.h"
#include "textrace/ingest.h"
#include "textrace/options.h"
#include "textrace/output.h"
#include "textrace/relate.h"
#include "textrace/report.h"
#include "textrace/scan.h"
#include "textrace/status.h"

namespace py = pybind11;

namespace textrace::python {
namespace {

// ---------------------------------------------------------------------------------------------
// Errors: the exception classes (textrace.Error and its subclasses) and the one place a Status
// becomes one of them.

struct ExceptionClasses {
  PyObject* error = nullptr;             // textrace.Error: every library error
  PyObject* invalid_argument = nullptr;  // also a ValueError
  PyObject* not_found = nullptr;         // also a FileNotFoundError
  PyObject* io_error = nullptr;          // also an OSError
  PyObject* data_loss = nullptr;         // malformed or damaged data (an index's check)
};
ExceptionClasses g_exceptions;

// Raises the exception of `status` (not OK), with its message. Needs the GIL.
[[noreturn]] void Raise(const Status& status) {
  PyObject* cls = g_exceptions.error;
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      cls = g_exceptions.invalid_argument;
      break;
    case StatusCode::kNotFound:
      cls = g_exceptions.not_found;
      break;
    case StatusCode::kIoError:
      cls = g_exceptions.io_error;
      break;
    case StatusCode::kDataLoss:
      cls = g_exceptions.data_loss;
      break;
    default:
      break;
  }
  PyErr_SetString(cls, status.message().c_str());
  throw py::error_already_set();
}

void Check(const Status& status) {
  if (!status.ok()) Raise(status);
}

template <typename T>
T Value(StatusOr<T> s) {
  if (!s.ok()) Raise(s.status());
  return std::move(s).value();
}

// Runs `f` with the GIL released; its result is returned once the GIL is held again.
template <typename F>
auto WithoutGil(F&& f) {
  py::gil_scoped_release release;
  return f();
}

[[noreturn]] void RaiseType(const std::string& message) { throw py::type_error(message); }

// A Python callback called from library threads: each call takes the GIL; the first exception it
// raises is kept (later calls are skipped) and raised by Rethrow once the work is done.
class Callback {
 public:
  explicit Callback(py::object f) : f_(std::move(f)) {}
  ~Callback() {
    py::gil_scoped_acquire gil;
    error_.reset();
    f_ = py::object();
  }
  explicit operator bool() const { return !f_.is_none(); }
  template <typename... Args>
  void operator()(Args&&... args) {
    py::gil_scoped_acquire gil;
    if (error_.has_value()) return;
    try {
      f_(std::forward<Args>(args)...);
    } catch (py::error_already_set& e) {
      error_.emplace(std::move(e));
    }
  }
  // Needs the GIL.
  void Rethrow() {
    if (!error_.has_value()) return;
    py::error_already_set e = std::move(*error_);
    error_.reset();
    throw e;
  }

 private:
  py::object f_;
  std::optional<py::error_already_set> error_;
};

// ---------------------------------------------------------------------------------------------
// Text and paths.

py::str Utf8(std::string_view s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

bool IsPath(py::handle x) { return py::isinstance<py::str>(x) || py::hasattr(x, "__fspath__"); }

// os.fspath(x) as a std::string (str paths in UTF-8, bytes paths as they are).
std::string PathOf(py::handle x) {
  py::object p = py::module_::import("os").attr("fspath")(x);
  if (py::isinstance<py::bytes>(p)) return p.cast<std::string>();
  return p.cast<std::string>();
}

// ---------------------------------------------------------------------------------------------
// Options: keyword arguments with the option table's names.

using Group = OptionInfo::Group;

// The Python entry points and the options each takes: those of the CLI's verb.
enum class Verb { kCompare, kScan, kDedup, kIndexCreate, kIndexOpen };
constexpr Verb kVerbs[] = {Verb::kCompare, Verb::kScan, Verb::kDedup, Verb::kIndexCreate,
                           Verb::kIndexOpen};

const char* VerbName(Verb v) {
  switch (v) {
    case Verb::kCompare:
      return "compare";
    case Verb::kScan:
      return "scan";
    case Verb::kDedup:
      return "dedup";
    case Verb::kIndexCreate:
      return "Index.create";
    case Verb::kIndexOpen:
      return "Index";
  }
  return "?";
}

bool Takes(Verb v, const OptionInfo& info) {
  const Group g = info.group;
  const bool aligns = g == Group::kInput || g == Group::kAnalyzer || g == Group::kThesaurus ||
                      g == Group::kAlign || g == Group::kEvidence;
  const bool collection = g == Group::kCandidates || g == Group::kBoilerplate ||
                          g == Group::kReport || g == Group::kResources;
  switch (v) {
    case Verb::kCompare:
      return aligns;
    case Verb::kScan:
      return aligns || collection;
    case Verb::kDedup:
      return aligns || collection || g == Group::kDedup;
    // The index keeps its options; resources are for the handle it opens.
    case Verb::kIndexCreate:
      return aligns || collection;
    case Verb::kIndexOpen:
      return g == Group::kResources;
  }
  return false;
}

std::string TypeName(py::handle x) { return py::str(py::type::of(x).attr("__name__")); }

// One keyword's value as SetOption's text, checked for its Python type.
std::string OptionText(const OptionInfo& info, py::handle v) {
  using Type = OptionInfo::Type;
  const std::string name(info.name);
  const bool is_bool = py::isinstance<py::bool_>(v);
  const bool is_int = py::isinstance<py::int_>(v) && !is_bool;
  auto wrong = [&](const char* expected) {
    RaiseType("option " + name + " takes " + expected + ", got " + TypeName(v) + " " +
              std::string(py::repr(v)));
  };
  switch (info.type) {
    case Type::kBool:
      if (!is_bool) wrong("True or False");
      return v.cast<bool>() ? "true" : "false";
    case Type::kInt:
      if (!is_int) wrong("an int");
      return py::str(v);
    case Type::kDouble:
      if (!is_int && !py::isinstance<py::float_>(v)) wrong("a number");
      return py::repr(py::float_(py::reinterpret_borrow<py::object>(v)));
    case Type::kString:
      if (!py::isinstance<py::str>(v)) {
        if (info.name == "thesaurus" || info.name == "dates" || info.name == "tmp") {
          if (py::hasattr(v, "__fspath__")) return PathOf(v);
        }
        wrong("a str");
      }
      return v.cast<std::string>();
    case Type::kBytes:
      if (!is_int && !py::isinstance<py::str>(v)) wrong("an int or a size like '4G'");
      return py::str(v);
    case Type::kStrings:
      break;  // set directly: a value may hold commas
  }
  return {};
}

void SetFromPython(const OptionInfo& info, py::handle v, Options* o, ResourceOptions* r) {
  if (info.type == OptionInfo::Type::kStrings) {
    std::vector<std::string> list;
    if (py::isinstance<py::str>(v)) {
      list.push_back(v.cast<std::string>());
    } else if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
      for (py::handle s : v) {
        if (!py::isinstance<py::str>(s)) {
          RaiseType("option " + std::string(info.name) + " takes a list of str, got an item " +
                    TypeName(s));
        }
        list.push_back(s.cast<std::string>());
      }
    } else {
      RaiseType("option " + std::string(info.name) + " takes a str or a list of str, got " +
                TypeName(v));
    }
    *static_cast<std::vector<std::string>*>(info.field(o)) = std::move(list);
    return;
  }
  Check(SetOption(o, r, info, OptionText(info, v)));
}

// The keywords of `verb` into options: an unknown name or one the verb does not take is a
// TypeError naming it (and the nearest option); a value of the wrong type a TypeError; a value
// out of range the library's InvalidArgumentError (a ValueError). None leaves the default.
void ParseOptions(Verb verb, const py::dict& kwargs, Options* o, ResourceOptions* r) {
  for (auto [key, value] : kwargs) {
    const std::string name = py::str(key);
    const OptionInfo* info = FindOption(name);
    if (info == nullptr) {
      std::string message = std::string(VerbName(verb)) + "() got an unknown option '" + name + "'";
      if (const OptionInfo* near = ClosestOption(name)) {
        message += "; did you mean '" + std::string(near->name) + "'?";
      }
      RaiseType(message + " (textrace.options() lists every option)");
    }
    if (!Takes(verb, *info)) {
      std::string takers;
      for (Verb v : kVerbs) {
        if (Takes(v, *info)) takers += (takers.empty() ? "" : ", ") + std::string(VerbName(v));
      }
      RaiseType(std::string(VerbName(verb)) + "() does not take option '" + name + "' (a " +
                OptionGroupName(info->group) + " option, for " + takers + ")");
    }
    if (value.is_none()) continue;
    SetFromPython(*info, value, o, r);
  }
}

// An option's value as a Python object of its type.
py::object OptionValue(const Options& o, const ResourceOptions& r, const OptionInfo& info) {
  using Type = OptionInfo::Type;
  Options oc = o;
  ResourceOptions rc = r;
  void* p = info.group == Group::kResources ? info.resource(&rc) : info.field(&oc);
  switch (info.type) {
    case Type::kBool:
      return py::bool_(*static_cast<bool*>(p));
    case Type::kInt:
      return py::int_(*static_cast<int*>(p));
    case Type::kDouble:
      return py::float_(*static_cast<double*>(p));
    case Type::kString:
      return Utf8(*static_cast<std::string*>(p));
    case Type::kBytes:
      return py::int_(*static_cast<uint64_t*>(p));
    case Type::kStrings: {
      py::list l;
      for (const std::string& s : *static_cast<std::vector<std::string>*>(p)) l.append(Utf8(s));
      return l;
    }
  }
  return py::none();
}

const char* TypeLabel(OptionInfo::Type t) {
  switch (t) {
    case OptionInfo::Type::kBool:
      return "bool";
    case OptionInfo::Type::kInt:
      return "int";
    case OptionInfo::Type::kDouble:
      return "float";
    case OptionInfo::Type::kString:
      return "str";
    case OptionInfo::Type::kBytes:
      return "size";
    case OptionInfo::Type::kStrings:
      return "list[str]";
  }
  return "?";
}

// textrace.options(): the option table, one dict per option.
py::list OptionList() {
  py::list out;
  const Options o;
  const ResourceOptions r;
  for (const OptionInfo& info : OptionTable()) {
    py::list takes;
    for (Verb v : kVerbs) {
      if (Takes(v, info)) takes.append(VerbName(v));
    }
    py::dict d;
    d["name"] = std::string(info.name);
    d["group"] = OptionGroupName(info.group);
    d["type"] = TypeLabel(info.type);
    d["default"] = OptionValue(o, r, info);
    d["default_text"] = OptionDefaultText(info);
    d["help"] = std::string(info.help);
    d["flag"] = info.Flag();
    if (info.type == OptionInfo::Type::kInt || info.type == OptionInfo::Type::kDouble ||
        info.type == OptionInfo::Type::kBytes) {
      d["min"] = info.min;
      d["max"] = info.max;
    }
    if (!info.choices.empty()) d["choices"] = std::string(info.choices);
    d["takes"] = takes;
    out.append(d);
  }
  return out;
}

// Every option of the groups `verb` takes, as a dict (what a result ran with).
py::dict OptionDict(Verb verb, const Options& o, const ResourceOptions& r) {
  py::dict d;
  for (const OptionInfo& info : OptionTable()) {
    if (info.group == Group::kResources || !Takes(verb, info)) continue;
    d[py::str(std::string(info.name))] = OptionValue(o, r, info);
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Inputs.

// A compare or query side: str is text, bytes are raw input (read as a file's content is), a
// path (os.PathLike) is a file read as the CLI reads it. `id` names a text, or picks the document
// of a file that holds several.
CompareInput ToCompareInput(py::handle x, std::string id, const char* default_name) {
  if (py::isinstance<py::str>(x)) {
    CompareInput in = CompareInput::Memory(id.empty() ? default_name : id, x.cast<std::string>());
    return in;
  }
  if (py::isinstance<py::bytes>(x) || py::isinstance<py::bytearray>(x)) {
    std::string bytes = py::isinstance<py::bytes>(x)
                            ? x.cast<std::string>()
                            : std::string(PyByteArray_AsString(x.ptr()),
                                          static_cast<size_t>(PyByteArray_Size(x.ptr())));
    return CompareInput::Memory(id.empty() ? default_name : id, std::move(bytes));
  }
  if (py::hasattr(x, "__fspath__")) return CompareInput::File(PathOf(x), std::move(id));
  RaiseType(std::string("expected a str (text), bytes (raw input) or a path (os.PathLike), got ") +
            TypeName(x));
}

// An optional text field of a document dict: str, a number where `number` (its decimal text),
// None or absent.
std::string OptionalField(const py::dict& d, const std::string& key, bool number, size_t index) {
  if (!d.contains(key.c_str())) return {};
  py::object v = d[key.c_str()];
  if (v.is_none()) return {};
  if (py::isinstance<py::str>(v)) return v.cast<std::string>();
  if (number && py::isinstance<py::int_>(v) && !py::isinstance<py::bool_>(v)) return py::str(v);
  RaiseType("documents[" + std::to_string(index) + "]: field '" + key + "' is not a str" +
            (number ? " or int" : "") + ": " + TypeName(v));
}

// A document dict: the fields the options name (id, text, date, url), the others carried through
// (InputDocument::fields, as JSON). `index` is its position, for messages and its origin.
InputDocument FromDict(const py::dict& d, const IngestOptions& in, size_t index) {
  InputDocument doc;
  const std::string where = "documents[" + std::to_string(index) + "]";
  if (!d.contains(in.text_field.c_str()) || !py::isinstance<py::str>(d[in.text_field.c_str()])) {
    RaiseType(where + ": field '" + in.text_field + "' is missing or not a str");
  }
  doc.text = d[in.text_field.c_str()].cast<std::string>();
  doc.id = OptionalField(d, in.id_field, /*number=*/true, index);
  doc.date = OptionalField(d, in.date_field, /*number=*/true, index);
  // As a JSON line's (a dict is the object of one).
  if (!doc.date.empty()) doc.date_from = "jsonl field '" + in.date_field + "'";
  doc.url = OptionalField(d, in.url_field, /*number=*/false, index);
  doc.origin = where;
  py::dict others;
  for (auto [k, v] : d) {
    const std::string key = py::str(k);
    if (key == in.text_field || key == in.id_field || key == in.date_field || key == in.url_field) {
      continue;
    }
    others[k] = v;
  }
  if (py::len(others) > 0) {
    doc.fields =
        py::str(py::module_::import("json").attr("dumps")(others, py::arg("ensure_ascii") = false));
  }
  return doc;
}

// `documents` as an iterable: a single path stands for itself.
py::iterable Iterable(py::object documents) {
  if (IsPath(documents)) {
    py::list one;
    one.append(documents);
    return one;
  }
  if (!py::isinstance<py::iterable>(documents)) {
    RaiseType("documents: expected an iterable of dicts or paths, got " + TypeName(documents));
  }
  return documents;
}

// Walks `documents` in order: each run of paths goes to `paths`, each dict to `dict`.
template <typename OnPaths, typename OnDict>
void ForEachInput(py::object documents, const IngestOptions& in, OnPaths&& paths_fn,
                  OnDict&& dict_fn) {
  py::object mapping = py::module_::import("collections.abc").attr("Mapping");
  std::vector<std::string> paths;
  size_t index = 0;
  for (py::handle item : Iterable(std::move(documents))) {
    if (py::isinstance(item, mapping)) {
      if (!paths.empty()) paths_fn(std::move(paths));
      paths.clear();
      py::dict d = py::isinstance<py::dict>(item)
                       ? py::reinterpret_borrow<py::dict>(item)
                       : py::dict(py::reinterpret_borrow<py::object>(item));
      dict_fn(FromDict(d, in, index));
    } else if (IsPath(item)) {
      paths.push_back(PathOf(item));
    } else {
      RaiseType("documents[" + std::to_string(index) + "]: expected a dict or a path, got " +
                TypeName(item));
    }
    ++index;
  }
  if (!paths.empty()) paths_fn(std::move(paths));
}

// ---------------------------------------------------------------------------------------------
// Results.

using Text = std::shared_ptr<const std::string>;

std::string_view Slice(const Text& text, uint32_t begin, uint32_t end) {
  if (text == nullptr || end <= begin || end > text->size()) return {};
  return std::string_view(*text).substr(begin, end - begin);
}

// A document as a result names it; its text from `text`, or read from `store` when asked for.
struct Document {
  ScanDocument info;
  Text text;
  std::shared_ptr<const TextStore> store;
  uint32_t index = 0;

  py::object GetText() const {
    if (text != nullptr) return Utf8(*text);
    if (store == nullptr) return py::none();
    StatusOr<std::string> t = WithoutGil([&] { return store->Text(index); });
    return Utf8(Value(std::move(t)));
  }
};

ScanDocument InfoOf(const InputDocument& in, const AnalyzedDocument& d) {
  ScanDocument s;
  s.id = in.id;
  s.date = in.date;
  s.url = in.url;
  s.origin = in.origin;
  s.text_from = in.text_from;
  s.fields = in.fields;
  s.date_from = in.date_from;
  s.bytes = static_cast<int64_t>(d.bytes.size());
  s.chars = d.char_length;
  s.words = static_cast<int64_t>(d.tokens.size());
  s.language = d.language;
  return s;
}

struct Edit {
  EditOp op;
  Text a, b;
};

struct Passage {
  PassagePair pair;
  Text a, b;  // the documents' texts (null: not at hand)
};

py::list Passages(const Comparison& c, const Text& a, const Text& b) {
  py::list out;
  for (const PassagePair& p : c.passages) out.append(Passage{p, a, b});
  return out;
}

struct CompareView {
  std::shared_ptr<const Engine> engine;
  std::shared_ptr<const CompareResult> r;
  Text a() const { return Text(r, &r->a.bytes); }
  Text b() const { return Text(r, &r->b.bytes); }
};

// A scan's result (or an index's export) with the options it ran with.
struct Report {
  std::shared_ptr<const ScanResult> r;
  Options options;
  int threads = 0;

  Document Doc(uint32_t i) const { return Document{r->documents[i], nullptr, r->texts, i}; }
  uint32_t IndexOf(py::handle id) const {
    if (py::isinstance<py::int_>(id)) {
      const auto i = id.cast<int64_t>();
      if (i < 0 || i >= static_cast<int64_t>(r->documents.size())) {
        throw py::index_error("no document " + std::to_string(i));
      }
      return static_cast<uint32_t>(i);
    }
    const std::string s = id.cast<std::string>();
    for (uint32_t i = 0; i < r->documents.size(); ++i) {
      if (r->documents[i].id == s) return i;
    }
    throw py::key_error("no document with id '" + s + "'");
  }
};

struct Pair {
  std::shared_ptr<const ScanResult> r;
  const ScanPair* p;
  bool weak;
};

struct FamilyView {
  std::shared_ptr<const ScanResult> r;
  std::vector<uint32_t> members;
  std::optional<uint32_t> source;
  std::string source_reason;
};

struct DedupView {
  Report report;
  DedupResult d;
};

struct QueryView {
  std::shared_ptr<const QueryResult> q;
  Text query_text() const { return Text(q, &q->analyzed.bytes); }
};

struct Match {
  std::shared_ptr<const QueryResult> q;
  const IndexMatch* m;
};

py::dict StatsDict(const ScanResult& r) {
  const ScanStats& s = r.stats;
  py::dict d;
  d["documents"] = r.documents.size();
  d["documents_read"] = s.documents_read;
  d["documents_skipped"] = s.documents_skipped;
  d["warc_records_not_documents"] = s.warc_records_not_documents;
  d["files_excluded"] = s.files_excluded;
  d["bytes"] = s.bytes;
  d["candidates"] = s.candidates;
  py::dict by_stage;
  by_stage[CandidateStageName(CandidateStage::kExact)] = s.candidates_exact;
  by_stage[CandidateStageName(CandidateStage::kMinHash)] = s.candidates_minhash;
  by_stage[CandidateStageName(CandidateStage::kAnchors)] = s.candidates_anchors;
  by_stage[CandidateStageName(CandidateStage::kRareWords)] = s.candidates_rare_words;
  d["candidates_by_stage"] = by_stage;
  d["related_pairs"] = r.pairs.size();
  d["indirect_pairs"] = s.indirect_pairs;
  d["weak_pairs"] = s.weak_pairs;
  d["families"] = r.families.size();
  d["dates_from_file"] = s.dates_from_file;
  d["dates_unmatched"] = s.dates_unmatched;
  d["boilerplate_lines"] = s.boilerplate_lines;
  d["verify_chunks"] = s.verify_chunks;
  d["spill_bytes"] = s.spill_bytes;
  d["read_seconds"] = s.read_seconds;
  d["analyze_seconds"] = s.analyze_seconds;
  d["candidate_seconds"] = s.candidate_seconds;
  d["align_seconds"] = s.align_seconds;
  d["boilerplate_seconds"] = s.boilerplate_seconds;
  d["total_seconds"] = s.total_seconds;
  return d;
}

py::list SkipList(const std::vector<SkipRecord>& skipped) {
  py::list out;
  for (const SkipRecord& s : skipped) out.append(py::make_tuple(Utf8(s.origin), Utf8(s.reason)));
  return out;
}

py::dict ProgressDict(const ScanProgress& p) {
  py::dict d;
  d["stage"] = ScanStageName(p.stage);
  d["documents"] = p.documents;
  d["bytes"] = p.bytes;
  d["input_bytes"] = p.input_bytes;
  d["pairs_done"] = p.pairs_done;
  d["pairs_total"] = p.pairs_total;
  d["pass"] = p.pass;
  d["passes"] = p.passes;
  d["pass_done"] = p.pass_done;
  d["pass_total"] = p.pass_total;
  d["seconds"] = p.seconds;
  d["stage_seconds"] = p.stage_seconds;
  return d;
}

void WriteFile(const std::string& path, const Producer& produce) {
  Check(WithoutGil([&] { return WriteFileAtomically(path, produce); }));
}

// ---------------------------------------------------------------------------------------------
// The entry points.

std::shared_ptr<const Engine> MakeEngine(const Options& options) {
  return Value(WithoutGil([&] { return Engine::Create(options); }));
}

CompareView RunCompare(py::object a, py::object b, const std::string& a_id, const std::string& b_id,
                       const std::string& order, const py::dict& kwargs) {
  Options options;
  ResourceOptions unused;
  ParseOptions(Verb::kCompare, kwargs, &options, &unused);
  if (order != "auto" && order != "given") {
    Raise(InvalidArgumentError("order '" + order + "': expected auto or given"));
  }
  const CompareInput in_a = ToCompareInput(a, a_id, "a");
  const CompareInput in_b = ToCompareInput(b, b_id, "b");
  auto engine = MakeEngine(options);
  auto r = WithoutGil([&] {
    return Compare(*engine, in_a, in_b, order == "given" ? PairOrder::kGiven : PairOrder::kAuto);
  });
  return CompareView{engine, std::make_shared<const CompareResult>(Value(std::move(r)))};
}

Report RunScan(Verb verb, py::object documents, py::object progress, const py::dict& kwargs) {
  Options options;
  ResourceOptions resources;
  ParseOptions(verb, kwargs, &options, &resources);
  auto engine = MakeEngine(options);
  auto scanner = Value(WithoutGil([&] { return Scanner::Create(engine, resources); }));
  Callback callback(std::move(progress));
  if (callback) {
    scanner->SetProgress([&callback](const ScanProgress& p) {
      py::gil_scoped_acquire gil;
      callback(ProgressDict(p));
    });
  }
  ForEachInput(
      std::move(documents), engine->options().input,
      [&](std::vector<std::string> paths) {
        Check(WithoutGil([&] { return scanner->AddInputs(paths); }));
        callback.Rethrow();
      },
      [&](InputDocument d) {
        Check(WithoutGil([&] { return scanner->Add(std::move(d)); }));
        callback.Rethrow();
      });
  auto result = WithoutGil([&] { return scanner->Finish(); });
  callback.Rethrow();
  return Report{std::make_shared<const ScanResult>(Value(std::move(result))), engine->options(),
                resources.threads};
}

// An open index; one operation at a time (queries too: the handle is shared).
class IndexHandle {
 public:
  IndexHandle(std::string path, bool writable, const py::dict& kwargs) : path_(std::move(path)) {
    Options unused;
    ParseOptions(Verb::kIndexOpen, kwargs, &unused, &resources_);
    index_ = Value(WithoutGil([&] { return Index::Open(path_, writable, resources_); }));
    writable_ = writable;
  }

  static void Create(const std::string& path, const py::dict& kwargs) {
    Options options;
    ResourceOptions unused;
    ParseOptions(Verb::kIndexCreate, kwargs, &options, &unused);
    Check(WithoutGil([&] { return Index::Create(path, options); }));
  }

  py::dict Add(py::object documents, bool replace, py::object batch, py::object progress) {
    Index& index = Get();
    AddOptions o;
    o.replace = replace;
    if (!batch.is_none()) {
      ResourceOptions sizes;
      SetFromPython(*FindOption("memory"), batch, nullptr, &sizes);
      o.batch_bytes = sizes.memory_budget;
    }
    Callback callback(std::move(progress));
    if (callback) {
      o.committed = [&callback](uint32_t batch, int64_t documents) { callback(batch, documents); };
    }
    AddResult total;
    auto add = [&](StatusOr<AddResult> r) {
      callback.Rethrow();
      AddResult a = Value(std::move(r));
      total.documents += a.documents;
      total.replaced += a.replaced;
      total.pairs += a.pairs;
      total.skipped.insert(total.skipped.end(), a.skipped.begin(), a.skipped.end());
      total.batches.insert(total.batches.end(), a.batches.begin(), a.batches.end());
      total.stats.candidates += a.stats.candidates;
      total.stats.weak_pairs += a.stats.weak_pairs;
    };
    std::vector<InputDocument> pending;
    auto flush = [&] {
      if (pending.empty()) return;
      add(Locked([&] { return index.Add(std::move(pending), o); }));
      pending.clear();
    };
    ForEachInput(
        std::move(documents), index.engine().options().input,
        [&](std::vector<std::string> paths) {
          flush();
          add(Locked([&] { return index.AddInputs(paths, o); }));
        },
        [&](InputDocument d) { pending.push_back(std::move(d)); });
    flush();
    py::dict d;
    d["documents"] = total.documents;
    d["replaced"] = total.replaced;
    d["pairs"] = total.pairs;
    d["skipped"] = SkipList(total.skipped);
    d["batches"] = total.batches;
    d["candidates"] = total.stats.candidates;
    d["weak_pairs"] = total.stats.weak_pairs;
    return d;
  }

  QueryView Query(py::object text, size_t top, const std::string& id) {
    Index& index = Get();
    const CompareInput in = ToCompareInput(text, id, "query");
    auto q = Locked([&] { return index.Query(in, top); });
    return QueryView{std::make_shared<const QueryResult>(Value(std::move(q)))};
  }

  void Remove(py::object ids) {
    Index& index = Get();
    std::vector<std::string> list;
    if (py::isinstance<py::str>(ids)) {
      list.push_back(ids.cast<std::string>());
    } else {
      for (py::handle id : py::iterable(ids)) list.push_back(py::str(id));
    }
    Check(Locked([&] { return index.Remove(list); }));
  }

  Report Export(py::object since) {
    Index& index = Get();
    const std::string s = since.is_none() ? std::string() : since.cast<std::string>();
    auto r = Locked([&] { return index.Export(s); });
    // The result reads its texts from the index (Index::Export), so whatever holds it holds the
    // index too; the result goes first.
    struct WithIndex {
      std::shared_ptr<Index> index;
      ScanResult result;
    };
    auto held = std::make_shared<WithIndex>(WithIndex{index_, Value(std::move(r))});
    return Report{std::shared_ptr<const ScanResult>(held, &held->result), index.engine().options(),
                  resources_.threads};
  }

  py::dict Stats() {
    Index& index = Get();
    const IndexStats s = Value(Locked([&] { return index.Stats(); }));
    py::dict d;
    d["format"] = s.format;
    d["created"] = s.created;
    d["documents"] = s.documents;
    d["text_bytes"] = s.text_bytes;
    d["pairs"] = s.pairs;
    d["batches"] = s.batches;
    d["disk_bytes"] = s.disk_bytes;
    return d;
  }

  void CheckIndex() {
    Index& index = Get();
    Check(Locked([&] { return index.Check(); }));
  }

  py::dict IndexOptions() {
    return OptionDict(Verb::kIndexCreate, Get().engine().options(), resources_);
  }

  // Closes the index, or leaves it to the last report of Export that reads from it.
  void Close() {
    WithoutGil([&] {
      std::lock_guard<std::mutex> lock(mu_);
      index_.reset();
      return 0;
    });
  }

  const std::string& path() const { return path_; }
  bool writable() const { return writable_; }
  bool closed() const { return index_ == nullptr; }

 private:
  Index& Get() {
    if (index_ == nullptr) Raise(InvalidArgumentError(path_ + ": the index is closed"));
    return *index_;
  }
  // Runs `f` without the GIL, holding this handle's lock.
  template <typename F>
  auto Locked(F&& f) -> decltype(f()) {
    return WithoutGil([&] {
      std::lock_guard<std::mutex> lock(mu_);
      return f();
    });
  }

  std::string path_;
  bool writable_ = false;
  ResourceOptions resources_;
  // Shared with the reports of Export, which read their texts from it: closing the handle
  // closes the index once the last of them is gone.
  std::shared_ptr<Index> index_;
  std::mutex mu_;
};

// Makes an exception class textrace.NAME deriving from `bases`, and adds it to the module.
PyObject* NewException(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  const std::string qualified = std::string("textrace.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), /*dict=*/nullptr);
  if (cls == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(cls));
  return cls;
}

#include "stages_bindings.inc"

}  // namespace
}  // namespace textrace::python

PYBIND11_MODULE(_textrace, m) {
  using namespace textrace;
  using namespace textrace::python;
  m.doc() = "textrace's native module; use the textrace package (python/textrace/__init__.py).";

  py::handle builtins = py::module_::import("builtins");
  g_exceptions.error = NewException(m, "Error", py::make_tuple(builtins.attr("Exception")),
                                    "An error from the textrace library; the message names the "
                                    "file and what is wrong.");
  py::handle error(g_exceptions.error);
  g_exceptions.invalid_argument =
      NewException(m, "InvalidArgumentError", py::make_tuple(error, builtins.attr("ValueError")),
                   "A value the library cannot use: an option out of range, a bad input format.");
  g_exceptions.not_found =
      NewException(m, "NotFoundError", py::make_tuple(error, builtins.attr("FileNotFoundError")),
                   "A file, document or id that does not exist.");
  g_exceptions.io_error = NewException(
      m, "IoError", py::make_tuple(error, builtins.attr("OSError")), "Reading or writing failed.");
  g_exceptions.data_loss = NewException(m, "DataLossError", py::make_tuple(error),
                                        "Malformed or damaged data (an index's check).");

  AddStageBindings(m);
  m.def("options", &OptionList,
        "The option table: one dict per option (name, group, type, "
        "default, help, flag, min/max or choices, and the functions that take it).");

  py::class_<TextSpan>(m, "Span",
                       "A passage on one side: [begin, end) in code points (str "
                       "indices of the text) and in bytes of its UTF-8.")
      .def_readonly("begin_char", &TextSpan::begin_char)
      .def_readonly("end_char", &TextSpan::end_char)
      .def_readonly("begin_byte", &TextSpan::begin_byte)
      .def_readonly("end_byte", &TextSpan::end_byte)
      .def("__repr__", [](const TextSpan& s) {
        return "Span(chars " + std::to_string(s.begin_char) + ".." + std::to_string(s.end_char) +
               ", bytes " + std::to_string(s.begin_byte) + ".." + std::to_string(s.end_byte) + ")";
      });

  py::class_<Edit>(m, "Edit", "One step of a passage's word-level edit script (A into B).")
      .def_property_readonly("kind", [](const Edit& e) { return EditKindName(e.op.kind); })
      .def_property_readonly("synonym", [](const Edit& e) { return e.op.synonym; })
      .def_property_readonly("a_begin_byte", [](const Edit& e) { return e.op.a_begin_byte; })
      .def_property_readonly("a_end_byte", [](const Edit& e) { return e.op.a_end_byte; })
      .def_property_readonly("b_begin_byte", [](const Edit& e) { return e.op.b_begin_byte; })
      .def_property_readonly("b_end_byte", [](const Edit& e) { return e.op.b_end_byte; })
      .def_property_readonly("a_words",
                             [](const Edit& e) { return py::make_tuple(e.op.a_begin, e.op.a_end); })
      .def_property_readonly("b_words",
                             [](const Edit& e) { return py::make_tuple(e.op.b_begin, e.op.b_end); })
      .def_property_readonly(
          "a_text",
          [](const Edit& e) { return Utf8(Slice(e.a, e.op.a_begin_byte, e.op.a_end_byte)); })
      .def_property_readonly(
          "b_text",
          [](const Edit& e) { return Utf8(Slice(e.b, e.op.b_begin_byte, e.op.b_end_byte)); })
      .def("__repr__", [](const Edit& e) {
        return "Edit(" + std::string(EditKindName(e.op.kind)) + (e.op.synonym ? ", synonym" : "") +
               ", " + std::string(py::repr(Utf8(Slice(e.a, e.op.a_begin_byte, e.op.a_end_byte)))) +
               " -> " +
               std::string(py::repr(Utf8(Slice(e.b, e.op.b_begin_byte, e.op.b_end_byte)))) + ")";
      });

  py::class_<Passage>(m, "Passage",
                      "A pair of passages, one in A and one in B, that reuse each "
                      "other.")
      .def_property_readonly("a", [](const Passage& p) { return p.pair.a; })
      .def_property_readonly("b", [](const Passage& p) { return p.pair.b; })
      .def_property_readonly("kind", [](const Passage& p) { return PassageKindName(p.pair.kind); })
      .def_property_readonly("score", [](const Passage& p) { return p.pair.score; })
      .def_property_readonly("kept", [](const Passage& p) { return p.pair.kept; })
      .def_property_readonly("by_words", [](const Passage& p) { return p.pair.by_words; })
      .def_property_readonly(
          "a_text",
          [](const Passage& p) { return Utf8(Slice(p.a, p.pair.a.begin_byte, p.pair.a.end_byte)); })
      .def_property_readonly(
          "b_text",
          [](const Passage& p) { return Utf8(Slice(p.b, p.pair.b.begin_byte, p.pair.b.end_byte)); })
      .def_property_readonly("edits",
                             [](const Passage& p) {
                               py::list out;
                               for (const EditOp& op : p.pair.edits) out.append(Edit{op, p.a, p.b});
                               return out;
                             })
      .def("__repr__", [](const Passage& p) {
        return "Passage(" + std::string(PassageKindName(p.pair.kind)) + ", a chars " +
               std::to_string(p.pair.a.begin_char) + ".." + std::to_string(p.pair.a.end_char) +
               ", b chars " + std::to_string(p.pair.b.begin_char) + ".." +
               std::to_string(p.pair.b.end_char) + ", score " + std::to_string(p.pair.score) + ")";
      });

  py::class_<Document>(m, "Document", "A document as read: its id, date, url, sizes and text.")
      .def_property_readonly("id", [](const Document& d) { return Utf8(d.info.id); })
      .def_property_readonly("date", [](const Document& d) { return Utf8(d.info.date); })
      .def_property_readonly("url", [](const Document& d) { return Utf8(d.info.url); })
      .def_property_readonly("origin", [](const Document& d) { return Utf8(d.info.origin); })
      .def_property_readonly("text_from", [](const Document& d) { return Utf8(d.info.text_from); })
      .def_property_readonly("date_from", [](const Document& d) { return Utf8(d.info.date_from); })
      .def_property_readonly("bytes", [](const Document& d) { return d.info.bytes; })
      .def_property_readonly("chars", [](const Document& d) { return d.info.chars; })
      .def_property_readonly("words", [](const Document& d) { return d.info.words; })
      .def_property_readonly("language", [](const Document& d) { return Utf8(d.info.language); })
      .def_property_readonly(
          "fields",
          [](const Document& d) -> py::object {
            if (d.info.fields.empty()) return py::dict();
            return py::module_::import("json").attr("loads")(Utf8(d.info.fields));
          })
      .def_property_readonly("text", &Document::GetText)
      .def("__repr__", [](const Document& d) {
        return "Document(" + std::string(py::repr(Utf8(d.info.id))) + ", " +
               std::to_string(d.info.words) + " words)";
      });

  py::class_<CompareView>(m, "Comparison", "Two documents compared: textrace.compare's result.")
      .def_property_readonly(
          "relation", [](const CompareView& c) { return RelationName(c.r->comparison.relation); })
      .def_property_readonly("coverage_a",
                             [](const CompareView& c) { return c.r->comparison.coverage_a; })
      .def_property_readonly("coverage_b",
                             [](const CompareView& c) { return c.r->comparison.coverage_b; })
      .def_property_readonly("score",
                             [](const CompareView& c) { return PairScore(c.r->comparison); })
      .def_property_readonly("kept", [](const CompareView& c) { return PairKept(c.r->comparison); })
      .def_property_readonly("strong_evidence",
                             [](const CompareView& c) { return c.r->strong_evidence; })
      .def_property_readonly("order",
                             [](const CompareView& c) { return PairOrderName(c.r->order); })
      .def_property_readonly("a",
                             [](const CompareView& c) {
                               return Document{InfoOf(c.r->a_input, c.r->a), c.a(), nullptr, 0};
                             })
      .def_property_readonly("b",
                             [](const CompareView& c) {
                               return Document{InfoOf(c.r->b_input, c.r->b), c.b(), nullptr, 0};
                             })
      .def_property_readonly(
          "passages", [](const CompareView& c) { return Passages(c.r->comparison, c.a(), c.b()); })
      .def_property_readonly("options",
                             [](const CompareView& c) {
                               return OptionDict(Verb::kCompare, c.engine->options(),
                                                 ResourceOptions{});
                             })
      .def_property_readonly("warnings", [](const CompareView& c) { return c.engine->warnings(); })
      .def(
          "to_json",
          [](const CompareView& c) {
            return Utf8(FormatComparisonJson(*c.r, c.engine->options()));
          },
          "The JSON of `textrace compare --format json`.")
      .def(
          "to_html",
          [](const CompareView& c) {
            return Utf8(
                WithoutGil([&] { return FormatComparisonHtml(*c.r, c.engine->options()); }));
          },
          "The HTML page of `textrace compare --html`.")
      .def(
          "to_text",
          [](const CompareView& c, int width) {
            TextReportOptions t;
            t.width = width;
            return Utf8(FormatComparisonText(*c.r, t));
          },
          py::arg("width") = 120, "The text report of `textrace compare` (no colour).")
      .def(
          "to_pan", [](const CompareView& c) { return Utf8(FormatComparisonPan(*c.r)); },
          "PAN detection XML (`textrace compare --format pan`).");

  py::class_<Pair>(m, "Pair", "A related pair of a scan: documents a and b (a before b).")
      .def_property_readonly("a", [](const Pair& p) { return Utf8(p.r->documents[p.p->a].id); })
      .def_property_readonly("b", [](const Pair& p) { return Utf8(p.r->documents[p.p->b].id); })
      .def_property_readonly("a_index", [](const Pair& p) { return p.p->a; })
      .def_property_readonly("b_index", [](const Pair& p) { return p.p->b; })
      .def_property_readonly("a_document",
                             [](const Pair& p) {
                               return Document{p.r->documents[p.p->a], nullptr, p.r->texts, p.p->a};
                             })
      .def_property_readonly("b_document",
                             [](const Pair& p) {
                               return Document{p.r->documents[p.p->b], nullptr, p.r->texts, p.p->b};
                             })
      .def_property_readonly("relation",
                             [](const Pair& p) { return RelationName(p.p->comparison.relation); })
      .def_property_readonly("coverage_a", [](const Pair& p) { return p.p->comparison.coverage_a; })
      .def_property_readonly("coverage_b", [](const Pair& p) { return p.p->comparison.coverage_b; })
      .def_property_readonly("score", [](const Pair& p) { return PairScore(p.p->comparison); })
      .def_property_readonly("kept", [](const Pair& p) { return PairKept(p.p->comparison); })
      .def_property_readonly("direction",
                             [](const Pair& p) { return DirectionName(p.p->direction); })
      .def_property_readonly("direction_reason",
                             [](const Pair& p) { return Utf8(p.p->direction_reason); })
      .def_property_readonly("found_by",
                             [](const Pair& p) { return CandidateStageName(p.p->found_by); })
      .def_property_readonly("via",
                             [](const Pair& p) -> py::object {
                               if (!p.p->via.has_value()) return py::none();
                               return Utf8(p.r->documents[*p.p->via].id);
                             })
      .def_property_readonly("weak", [](const Pair& p) { return p.weak; })
      .def_property_readonly(
          "passages",
          [](const Pair& p) {
            auto texts = WithoutGil([&]() -> StatusOr<std::pair<std::string, std::string>> {
              ASSIGN_OR_RETURN(std::string a, p.r->texts->Text(p.p->a));
              ASSIGN_OR_RETURN(std::string b, p.r->texts->Text(p.p->b));
              return std::make_pair(std::move(a), std::move(b));
            });
            auto [a, b] = Value(std::move(texts));
            return Passages(p.p->comparison, std::make_shared<const std::string>(std::move(a)),
                            std::make_shared<const std::string>(std::move(b)));
          })
      .def("__repr__", [](const Pair& p) {
        return "Pair(" + std::string(py::repr(Utf8(p.r->documents[p.p->a].id))) + ", " +
               std::string(py::repr(Utf8(p.r->documents[p.p->b].id))) + ", " +
               RelationName(p.p->comparison.relation) + ")";
      });

  py::class_<FamilyView>(m, "Family",
                         "Versions of one text: documents joined by whole-document "
                         "relations.")
      .def_property_readonly("members",
                             [](const FamilyView& f) {
                               py::list out;
                               for (uint32_t i : f.members) out.append(Utf8(f.r->documents[i].id));
                               return out;
                             })
      .def_property_readonly("member_indices", [](const FamilyView& f) { return f.members; })
      .def_property_readonly("source",
                             [](const FamilyView& f) -> py::object {
                               if (!f.source.has_value()) return py::none();
                               return Utf8(f.r->documents[*f.source].id);
                             })
      .def_property_readonly("source_reason",
                             [](const FamilyView& f) { return Utf8(f.source_reason); })
      .def("__repr__", [](const FamilyView& f) {
        return "Family(" + std::to_string(f.members.size()) + " members)";
      });

  py::class_<Report>(m, "Report", "A scan's result: documents, related pairs, families.")
      .def_property_readonly("documents",
                             [](const Report& r) {
                               py::list out;
                               for (uint32_t i = 0; i < r.r->documents.size(); ++i)
                                 out.append(r.Doc(i));
                               return out;
                             })
      .def_property_readonly("pairs",
                             [](const Report& r) {
                               py::list out;
                               for (const ScanPair& p : r.r->pairs)
                                 out.append(Pair{r.r, &p, false});
                               return out;
                             })
      .def_property_readonly("weak_pairs",
                             [](const Report& r) {
                               py::list out;
                               for (const ScanPair& p : r.r->weak_pairs)
                                 out.append(Pair{r.r, &p, true});
                               return out;
                             })
      .def_property_readonly("families",
                             [](const Report& r) {
                               py::list out;
                               for (const textrace::Family& f : r.r->families) {
                                 out.append(FamilyView{r.r, f.members, f.source, f.source_reason});
                               }
                               return out;
                             })
      .def_property_readonly("skipped", [](const Report& r) { return SkipList(r.r->skipped); })
      .def_property_readonly("unparseable_dates",
                             [](const Report& r) { return SkipList(r.r->unparseable_dates); })
      .def_property_readonly("stats", [](const Report& r) { return StatsDict(*r.r); })
      .def_property_readonly(
          "summary",
          [](const Report& r) {
            return Utf8(FormatScanSummary(*r.r, r.options, "") + FormatSkipped(r.r->skipped, ""));
          })
      .def_property_readonly(
          "options",
          [](const Report& r) { return OptionDict(Verb::kDedup, r.options, ResourceOptions{}); })
      .def(
          "document", [](const Report& r, py::object id) { return r.Doc(r.IndexOf(id)); },
          py::arg("id"), "A document by id (str) or index (int).")
      .def(
          "text",
          [](const Report& r, py::object id) {
            const uint32_t i = r.IndexOf(id);
            return Utf8(Value(WithoutGil([&] { return r.r->texts->Text(i); })));
          },
          py::arg("id"), "A document's text as read, by id or index.")
      .def(
          "to_jsonl",
          [](const Report& r) {
            return Utf8(Value(WithoutGil([&] { return FormatScanReport(*r.r, r.options); })));
          },
          "The report of `textrace scan` as a str (JSON Lines).")
      .def(
          "to_text", [](const Report& r) { return Utf8(FormatScanText(*r.r, false)); },
          "The pairs and families as aligned columns (`textrace scan --format text`).")
      .def(
          "write_jsonl",
          [](const Report& r, py::object path) {
            WriteFile(PathOf(path), [&](const Emit& emit) {
              return WriteScanReport(*r.r, r.options, emit, r.threads);
            });
          },
          py::arg("path"), "Writes the report as `textrace scan -o PATH` does.")
      .def(
          "write_html",
          [](const Report& r, py::object path) {
            WriteFile(PathOf(path), [&](const Emit& emit) {
              return WriteScanHtml(*r.r, r.options, emit, r.threads);
            });
          },
          py::arg("path"), "Writes the HTML report as `textrace scan --html PATH` does.");

  py::class_<DedupView>(m, "Dedup",
                        "dedup's result: the documents kept and where each removed "
                        "one went.")
      .def_property_readonly("report", [](const DedupView& d) { return d.report; })
      .def_property_readonly("kept",
                             [](const DedupView& d) {
                               py::list out;
                               for (uint32_t i : d.d.kept)
                                 out.append(Utf8(d.report.r->documents[i].id));
                               return out;
                             })
      .def_property_readonly("map",
                             [](const DedupView& d) {
                               const auto& docs = d.report.r->documents;
                               py::list out;
                               for (const DedupResult::Removed& m : d.d.removed) {
                                 py::dict row;
                                 row["id"] = Utf8(docs[m.document].id);
                                 row["duplicate_of"] = Utf8(docs[m.duplicate_of].id);
                                 row["closest"] = Utf8(docs[m.closest].id);
                                 row["relation"] = RelationName(m.relation);
                                 row["similarity"] = m.similarity;
                                 out.append(row);
                               }
                               return out;
                             })
      .def(
          "write_kept",
          [](const DedupView& d, py::object path) {
            WriteFile(PathOf(path),
                      [&](const Emit& emit) { return WriteKeptJsonl(*d.report.r, d.d, emit); });
          },
          py::arg("path"), "The kept documents as JSON Lines (`textrace dedup -o PATH`).")
      .def(
          "write_map",
          [](const DedupView& d, py::object path) {
            WriteFile(PathOf(path),
                      [&](const Emit& emit) { return emit(FormatDedupMap(*d.report.r, d.d)); });
          },
          py::arg("path"), "The map of removed documents (`textrace dedup --map PATH`).")
      .def(
          "map_jsonl", [](const DedupView& d) { return Utf8(FormatDedupMap(*d.report.r, d.d)); },
          "The map as a str (JSON Lines).");

  py::class_<Match>(m, "Match",
                    "An indexed document a queried text relates to (A = the query, "
                    "B = the indexed document).")
      .def_property_readonly("id", [](const Match& x) { return Utf8(x.m->info.id); })
      .def_property_readonly("document",
                             [](const Match& x) {
                               return Document{x.m->info, Text(x.q, &x.m->text), nullptr, 0};
                             })
      .def_property_readonly("relation",
                             [](const Match& x) { return RelationName(x.m->comparison.relation); })
      .def_property_readonly("coverage_a",
                             [](const Match& x) { return x.m->comparison.coverage_a; })
      .def_property_readonly("coverage_b",
                             [](const Match& x) { return x.m->comparison.coverage_b; })
      .def_property_readonly("score", [](const Match& x) { return PairScore(x.m->comparison); })
      .def_property_readonly("direction",
                             [](const Match& x) { return DirectionName(x.m->direction); })
      .def_property_readonly("direction_reason",
                             [](const Match& x) { return Utf8(x.m->direction_reason); })
      .def_property_readonly("strong_evidence", [](const Match& x) { return x.m->strong_evidence; })
      .def_property_readonly("found_by",
                             [](const Match& x) { return CandidateStageName(x.m->found_by); })
      .def_property_readonly("passages",
                             [](const Match& x) {
                               return Passages(x.m->comparison, Text(x.q, &x.q->analyzed.bytes),
                                               Text(x.q, &x.m->text));
                             })
      .def("__repr__", [](const Match& x) {
        return "Match(" + std::string(py::repr(Utf8(x.m->info.id))) + ", " +
               RelationName(x.m->comparison.relation) + ")";
      });

  py::class_<QueryView>(m, "QueryResult",
                        "Index.query's result: the related indexed documents, "
                        "best first.")
      .def_property_readonly(
          "query",
          [](const QueryView& v) {
            return Document{InfoOf(v.q->input, v.q->analyzed), v.query_text(), nullptr, 0};
          })
      .def_property_readonly("matches",
                             [](const QueryView& v) {
                               py::list out;
                               for (const IndexMatch& m : v.q->matches) out.append(Match{v.q, &m});
                               return out;
                             })
      .def_property_readonly("candidates", [](const QueryView& v) { return v.q->candidates; })
      .def_property_readonly("elapsed_ms", [](const QueryView& v) { return v.q->elapsed_ms; })
      .def("__len__", [](const QueryView& v) { return v.q->matches.size(); });

  py::class_<IndexHandle>(m, "_Index")
      .def(py::init<std::string, bool, py::dict>(), py::arg("path"), py::arg("writable"),
           py::arg("options"))
      .def_static("create", &IndexHandle::Create, py::arg("path"), py::arg("options"))
      .def("add", &IndexHandle::Add, py::arg("documents"), py::arg("replace"), py::arg("batch"),
           py::arg("progress"))
      .def("query", &IndexHandle::Query, py::arg("text"), py::arg("top"), py::arg("id"))
      .def("remove", &IndexHandle::Remove, py::arg("ids"))
      .def("export", &IndexHandle::Export, py::arg("since"))
      .def("stats", &IndexHandle::Stats)
      .def("check", &IndexHandle::CheckIndex)
      .def("options", &IndexHandle::IndexOptions)
      .def("close", &IndexHandle::Close)
      .def_property_readonly("path", &IndexHandle::path)
      .def_property_readonly("writable", &IndexHandle::writable)
      .def_property_readonly("closed", &IndexHandle::closed);

  m.def("_compare", &RunCompare, py::arg("a"), py::arg("b"), py::arg("a_id"), py::arg("b_id"),
        py::arg("order"), py::arg("options"));
  m.def(
      "_scan",
      [](py::object documents, py::object progress, const py::dict& options) {
        return RunScan(Verb::kScan, std::move(documents), std::move(progress), options);
      },
      py::arg("documents"), py::arg("progress"), py::arg("options"));
  m.def(
      "_dedup",
      [](py::object documents, py::object progress, const py::dict& options) {
        Report r = RunScan(Verb::kDedup, std::move(documents), std::move(progress), options);
        DedupResult d = Dedup(*r.r, r.options.dedup);
        return DedupView{std::move(r), std::move(d)};
      },
      py::arg("documents"), py::arg("progress"), py::arg("options"));
  m.def(
      "_dedup_fast",
      [](py::object documents, const py::dict& kwargs) {
        Options options;
        ResourceOptions resources;
        ParseOptions(Verb::kDedup, kwargs, &options, &resources);
        auto deduper = Value(WithoutGil([&] { return FastDeduper::Create(options, resources); }));
        ForEachInput(
            std::move(documents), options.input,
            [&](std::vector<std::string> paths) {
              Check(WithoutGil([&] { return deduper->AddInputs(paths); }));
            },
            [&](InputDocument d) {
              Check(WithoutGil([&] { return deduper->Add(std::move(d)); }));
            });
        FastDedupOutput out = Value(WithoutGil([&] { return deduper->Finish(); }));
        Report r{std::make_shared<const ScanResult>(std::move(out.result)), options,
                 resources.threads};
        return DedupView{std::move(r), std::move(out.dedup)};
      },
      py::arg("documents"), py::arg("options"));
}
