// JSONL reader: any bytes as a .jsonl file. Each line is also checked against nlohmann's parser:
// a line the fast path (ingest/json_line.h) accepts must be one nlohmann parses to an object with
// the same keys, the same string and null values, and other values where the fast path skipped
// one.
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "ingest/json_line.h"

namespace {

void CheckFastPath(std::string_view line) {
  std::vector<textrace::JsonLineField> fields;
  if (!textrace::ParseFlatJsonLine(line, &fields)) return;
  nlohmann::json obj;
  try {
    obj = nlohmann::json::parse(line.begin(), line.end());
  } catch (const nlohmann::json::exception&) {
    textrace::fuzz::Check(false, "a line the fast path accepts is valid JSON");
  }
  textrace::fuzz::Check(obj.is_object() && obj.size() == fields.size(),
                        "the fast path's fields are the object's");
  for (const textrace::JsonLineField& f : fields) {
    auto it = obj.find(f.key);
    textrace::fuzz::Check(it != obj.end(), "every key of the fast path is in the object");
    using Kind = textrace::JsonLineField::Kind;
    const bool same = f.kind == Kind::kNull     ? it->is_null()
                      : f.kind == Kind::kString ? it->is_string() && *it == f.value
                                                : !it->is_null() && !it->is_string();
    textrace::fuzz::Check(same, "every value of the fast path is the object's");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  textrace::fuzz::ReadAllDocuments(data, size, ".jsonl");
  std::string_view all(reinterpret_cast<const char*>(data), size);
  while (!all.empty()) {
    const size_t nl = all.find('\n');
    std::string_view line = all.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    CheckFastPath(line);
    if (nl == std::string_view::npos) break;
    all.remove_prefix(nl + 1);
  }
  return 0;
}
