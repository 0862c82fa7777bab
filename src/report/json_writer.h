// Compact JSON written straight into a string, byte for byte as nlohmann's dump() writes the same
// value (so reports read the same as before and a dump of the parsed line gives the line back):
// no spaces, strings with nlohmann's escapes (\" \\ \b \f \n \r \t, \u00xx for the other control
// bytes, everything else as it is), numbers as nlohmann formats them. nlohmann's objects are
// ordered by key: callers write keys in ascending byte order (checked by a round-trip test of the
// scan report, json_writer_test). The scan report's pair lines are most of a report's bytes;
// building them as nlohmann trees and dumping those was most of the time of writing one.
#ifndef TEXTRACE_REPORT_JSON_WRITER_H_
#define TEXTRACE_REPORT_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace textrace {

// `s` as the contents of a JSON string (no quotes), with nlohmann's escapes and each invalid UTF-8
// sequence replaced by U+FFFD, onto `out`. With `script_safe`, also safe inside an HTML <script>
// block: "</" is written "<\/" and "<!--" "<\u0021--", so the HTML tokenizer never sees an end
// tag or enters its escaped states.
void AppendJsonEscaped(std::string_view s, bool script_safe, std::string* out);

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The key of the next value; keys of one object come in ascending byte order.
  void Key(std::string_view key);

  // Invalid UTF-8 sequences become U+FFFD, one per sequence (as Utf8Safe does).
  void String(std::string_view s);
  void Int(int64_t v);
  void Double(double v);
  void Bool(bool v) { Scalar(v ? "true" : "false"); }

  // Key and value in one call.
  void Field(std::string_view key, std::string_view s) {
    Key(key);
    String(s);
  }
  void Field(std::string_view key, const char* s) { Field(key, std::string_view(s)); }
  void IntField(std::string_view key, int64_t v) {
    Key(key);
    Int(v);
  }
  void DoubleField(std::string_view key, double v) {
    Key(key);
    Double(v);
  }

 private:
  void Open(char c);
  void Close(char c);
  void Separate();  // a comma before every value of a container but its first
  void Scalar(std::string_view text) {
    Separate();
    out_->append(text);
  }

  std::string* out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace textrace

#endif  // TEXTRACE_REPORT_JSON_WRITER_H_
