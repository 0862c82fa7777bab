#include "report/json_writer.h"

#include <cstring>
#include <nlohmann/json.hpp>

#include "normalize/decode.h"
#include "util/json_bytes.h"

namespace textrace {
namespace {

// `s` as a JSON string's contents, invalid UTF-8 replaced, onto `out`.
void AppendEscaped(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (!HasJsonSpecialByte(w)) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
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
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
    ++i;
    run = i;
  }
  out->append(s.data() + run, s.size() - run);
}

}  // namespace

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
  AppendEscaped(key, out_);
  out_->append("\":");
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  Separate();
  out_->push_back('"');
  AppendEscaped(s, out_);
  out_->push_back('"');
}

void JsonWriter::Int(int64_t v) { Scalar(std::to_string(v)); }

// nlohmann's own formatting of a double (shortest round trip, "1.0" for whole numbers, null for
// what JSON cannot hold).
void JsonWriter::Double(double v) { Scalar(nlohmann::json(v).dump()); }

}  // namespace textrace
