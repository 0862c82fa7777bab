// A fast path for the common JSONL line: one object of at most 32 fields, like {"id": "d1",
// "text": "...", "date": "2019-04-02", "meta": {"source": "web"}}. nlohmann's parser builds each
// string a byte at a time (about 135 MB/s here, most of the reading time of a scan); this one
// copies runs of plain bytes and checks UTF-8 as it goes. Strings and nulls at the top level are
// read; any other value (a number, true or false, an array or object) is checked by JSON's
// grammar and skipped, for the caller to read through nlohmann when it needs it.
//
// It decides nothing that nlohmann's parser would decide differently: a line it accepts is one
// nlohmann parses to an object with the same keys and the same string and null values, and
// anything else (duplicate keys at the top level, more than 32 fields, nesting deeper than 64, a
// number a double cannot hold, a byte-order mark, invalid UTF-8, bad escapes, any syntax error)
// is declined, for the caller to hand to nlohmann, whose messages name what is wrong. Declined
// too: a NUL byte after the object, where nlohmann stops reading and accepts the line. Checked
// both ways by json_line_test and by fuzz_jsonl.
#ifndef TEXTRACE_INGEST_JSON_LINE_H_
#define TEXTRACE_INGEST_JSON_LINE_H_

#include <string>
#include <string_view>
#include <vector>

namespace textrace {

struct JsonLineField {
  enum class Kind { kString, kNull, kOther };  // kOther: a number, boolean, array or object
  std::string key;
  Kind kind = Kind::kString;
  std::string value;  // the decoded string (empty unless kString)
  std::string_view raw;  // kNull and kOther: the value as written (valid while the line is)
};

// The fields of `line` in their order, into `fields` (its strings are reused); false when the
// line is not an object of at most 32 fields that nlohmann accepts, or when a top-level key
// repeats, and then `fields` holds whatever was read so far.
bool ParseFlatJsonLine(std::string_view line, std::vector<JsonLineField>* fields);

}  // namespace textrace

#endif  // TEXTRACE_INGEST_JSON_LINE_H_
