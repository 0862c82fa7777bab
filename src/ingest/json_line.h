// A fast path for the common JSONL line: one flat object whose values are all strings or null,
// like {"id": "d1", "text": "...", "date": "2019-04-02"}. nlohmann's parser builds each string a
// byte at a time (about 135 MB/s here, most of the reading time of a scan); this one copies runs
// of plain bytes and checks UTF-8 as it goes.
//
// It decides nothing that nlohmann's parser would decide differently: a line it accepts is one
// nlohmann parses to the same object, and anything else (numbers, arrays, nested objects, true and
// false, duplicate keys, more than 32 fields, a byte-order mark, invalid UTF-8, bad escapes, any
// syntax error) is declined, for the caller to hand to nlohmann, whose messages name what is
// wrong. Declined too: a NUL byte after the object, where nlohmann stops reading and accepts the
// line. Checked both ways by json_line_test and by fuzz_jsonl.
#ifndef TEXTRACE_INGEST_JSON_LINE_H_
#define TEXTRACE_INGEST_JSON_LINE_H_

#include <string>
#include <string_view>
#include <vector>

namespace textrace {

struct JsonLineField {
  std::string key;
  bool is_null = false;
  std::string value;  // the decoded string (empty when is_null)
};

// The fields of `line` in their order, into `fields` (its strings are reused); false when the
// line is not a flat object of at most 32 strings and nulls that nlohmann accepts, or when any key
// repeats, and then `fields` holds whatever was read so far.
bool ParseFlatJsonLine(std::string_view line, std::vector<JsonLineField>* fields);

}  // namespace textrace

#endif  // TEXTRACE_INGEST_JSON_LINE_H_
