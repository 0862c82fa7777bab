#include "report/json_writer.h"

#include <nlohmann/json.hpp>

#include "util/json_bytes.h"
#include "util/utf8.h"

namespace textrace {

void AppendJsonEscaped(std::string_view s, bool script_safe, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    i = SkipPlainJsonBytes(s, i, script_safe);
    if (i >= s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80 && !(script_safe && c == '<')) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      bool valid = false;
      const uint32_t len = Utf8SequenceAt(s, i, &valid);
      if (valid) {
        i += len;
        continue;
      }
      out->append(s.data() + run, i - run);
      out->append("\xEF\xBF\xBD");  // U+FFFD
      i += len;
      run = i;
      continue;
    }
    out->append(s.data() + run, i - run);
    size_t used = 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '<':  // script_safe only
        if (s.substr(i, 2) == "</") {
          out->append("<\\/");
          used = 2;
        } else if (s.substr(i, 4) == "<!--") {
          out->append("<\\u0021--");
          used = 4;
        } else {
          out->push_back('<');
        }
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
    i += used;
    run = i;
  }
  out->append(s.data() + run, s.size() - run);
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_->push_back(',');
    first_.back() = false;
  }
}

void JsonWriter::Open(char c) {
  Separate();
  out_->push_back(c);
  first_.push_back(true);
}

void JsonWriter::Close(char c) {
  out_->push_back(c);
  first_.pop_back();
}

void JsonWriter::Key(std::string_view key) {
  Separate();
  out_->push_back('"');
  AppendJsonEscaped(key, false, out_);
  out_->append("\":");
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  Separate();
  out_->push_back('"');
  AppendJsonEscaped(s, false, out_);
  out_->push_back('"');
}

void JsonWriter::Int(int64_t v) { Scalar(std::to_string(v)); }

// nlohmann's own formatting of a double (shortest round trip, "1.0" for whole numbers, null for
// what JSON cannot hold).
void JsonWriter::Double(double v) { Scalar(nlohmann::json(v).dump()); }

}  // namespace textrace
