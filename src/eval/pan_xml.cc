// Reading and writing PAN's detection/truth XML. The format is tiny and regular (one <document>
// holding self-closing <feature .../> elements), so a small hand-written scanner is enough and
// keeps the project free of an XML library dependency.

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "textrace/pan.h"
#include "textrace/status.h"

namespace textrace {
namespace {

constexpr std::string_view kFeatureTag = "<feature";

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// One attribute of an element, its value already entity-decoded.
struct Attribute {
  std::string name;
  std::string value;
  size_t value_offset = 0;  // byte offset of the raw value in the document, for error messages
};

Status ParseError(std::string_view name_for_errors, size_t offset, std::string_view what) {
  return DataLossError(std::string(name_for_errors) + ": byte " + std::to_string(offset) + ": " +
                       std::string(what));
}

// Decodes the five predefined XML entities. Anything else after '&' (character references,
// stray ampersands) is kept verbatim: only numbers are interpreted here, and a malformed number
// is reported anyway, so being lenient loses nothing.
std::string DecodeEntities(std::string_view raw) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] == '&') {
      bool decoded = false;
      for (const auto& [entity, c] : kEntities) {
        if (raw.substr(i).starts_with(entity)) {
          out.push_back(c);
          i += entity.size();
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out.push_back(raw[i++]);
  }
  return out;
}

// A non-negative decimal integer, surrounding XML whitespace allowed; nullopt otherwise (signs,
// fractions, overflow, empty).
std::optional<int64_t> ParseNonNegative(std::string_view s) {
  while (!s.empty() && IsXmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsXmlSpace(s.back())) s.remove_suffix(1);
  if (s.empty() || s.front() < '0' || s.front() > '9') return std::nullopt;
  int64_t value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Parses the attributes of the element starting at `start` (the '<' of "<feature") up to its
// closing '>' or "/>". On success `*pos` is just past the element.
Status ParseAttributes(std::string_view xml, size_t start, std::string_view name_for_errors,
                       size_t* pos, std::vector<Attribute>* attributes) {
  attributes->clear();
  size_t i = start + kFeatureTag.size();
  const auto unterminated = [&] {
    return ParseError(name_for_errors, start, "unterminated <feature> element");
  };
  while (true) {
    while (i < xml.size() && IsXmlSpace(xml[i])) ++i;
    if (i >= xml.size()) return unterminated();
    if (xml[i] == '>') {
      *pos = i + 1;
      return Status::Ok();
    }
    if (xml.substr(i).starts_with("/>")) {
      *pos = i + 2;
      return Status::Ok();
    }

    const size_t name_start = i;
    while (i < xml.size() && !IsXmlSpace(xml[i]) && xml[i] != '=' && xml[i] != '>' &&
           xml[i] != '/' && xml[i] != '<' && xml[i] != '"' && xml[i] != '\'') {
      ++i;
    }
    if (i == name_start) {
      // Most likely a '<' of the next element: this one was never closed.
      return ParseError(name_for_errors, i,
                        std::string("unexpected character '") + xml[i] + "' in <feature> element");
    }
    std::string name(xml.substr(name_start, i - name_start));

    while (i < xml.size() && IsXmlSpace(xml[i])) ++i;
    if (i >= xml.size()) return unterminated();
    if (xml[i] != '=') {
      return ParseError(name_for_errors, i, "attribute '" + name + "' has no value");
    }
    ++i;
    while (i < xml.size() && IsXmlSpace(xml[i])) ++i;
    if (i >= xml.size()) return unterminated();
    const char quote = xml[i];
    if (quote != '"' && quote != '\'') {
      return ParseError(name_for_errors, i, "value of attribute '" + name + "' is not quoted");
    }
    const size_t value_start = i + 1;
    const size_t value_end = xml.find(quote, value_start);
    if (value_end == std::string_view::npos) return unterminated();

    for (const Attribute& a : *attributes) {
      if (a.name == name) {
        return ParseError(name_for_errors, name_start, "duplicate attribute '" + name + "'");
      }
    }
    attributes->push_back({std::move(name),
                           DecodeEntities(xml.substr(value_start, value_end - value_start)),
                           value_start});
    i = value_end + 1;
  }
}

// Reads one of the four numeric attributes: nullopt when absent, an error when malformed.
StatusOr<std::optional<int64_t>> NumericAttribute(const std::vector<Attribute>& attributes,
                                                  std::string_view name,
                                                  std::string_view name_for_errors) {
  for (const Attribute& a : attributes) {
    if (a.name != name) continue;
    std::optional<int64_t> value = ParseNonNegative(a.value);
    if (!value) {
      return ParseError(name_for_errors, a.value_offset,
                        std::string(name) + " is not a non-negative integer: \"" + a.value + "\"");
    }
    return std::optional<int64_t>(*value);
  }
  return std::optional<int64_t>();
}

// Builds a CharRange, rejecting ranges whose end would overflow int64_t.
StatusOr<CharRange> MakeRange(int64_t offset, int64_t length, size_t element_offset,
                              std::string_view name_for_errors) {
  if (offset > std::numeric_limits<int64_t>::max() - length) {
    return ParseError(name_for_errors, element_offset, "range end overflows");
  }
  return CharRange{offset, length};
}

void AppendEscaped(std::string_view value, std::string* out) {
  for (char c : value) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      case '\'':
        *out += "&apos;";
        break;
      default:
        out->push_back(c);
    }
  }
}

}  // namespace

StatusOr<std::vector<PanCase>> ParsePanXml(std::string_view xml, std::string_view name_for_errors) {
  std::vector<PanCase> cases;
  std::vector<Attribute> attributes;
  size_t pos = 0;
  while ((pos = xml.find('<', pos)) != std::string_view::npos) {
    const std::string_view rest = xml.substr(pos);
    // Markup that may legally contain "<feature" without it being an element.
    if (rest.starts_with("<!--") || rest.starts_with("<![CDATA[")) {
      const std::string_view close = rest.starts_with("<!--") ? "-->" : "]]>";
      const size_t end = xml.find(close, pos);
      if (end == std::string_view::npos) {
        return ParseError(name_for_errors, pos, "unterminated comment or CDATA section");
      }
      pos = end + close.size();
      continue;
    }
    // "<feature" must be the whole tag name ("<features" is another element).
    const size_t after = pos + kFeatureTag.size();
    if (!rest.starts_with(kFeatureTag) ||
        (after < xml.size() && !IsXmlSpace(xml[after]) && xml[after] != '/' && xml[after] != '>')) {
      ++pos;
      continue;
    }

    const size_t element_start = pos;
    RETURN_IF_ERROR(ParseAttributes(xml, element_start, name_for_errors, &pos, &attributes));
    ASSIGN_OR_RETURN(std::optional<int64_t> this_offset,
                     NumericAttribute(attributes, "this_offset", name_for_errors));
    ASSIGN_OR_RETURN(std::optional<int64_t> this_length,
                     NumericAttribute(attributes, "this_length", name_for_errors));
    ASSIGN_OR_RETURN(std::optional<int64_t> source_offset,
                     NumericAttribute(attributes, "source_offset", name_for_errors));
    ASSIGN_OR_RETURN(std::optional<int64_t> source_length,
                     NumericAttribute(attributes, "source_length", name_for_errors));
    // Features without all four (document metadata, or intrinsic-detection cases of older PAN
    // corpora that have no source range) are not text-alignment cases.
    if (!this_offset || !this_length || !source_offset || !source_length) continue;

    PanCase pan_case;
    ASSIGN_OR_RETURN(pan_case.susp,
                     MakeRange(*this_offset, *this_length, element_start, name_for_errors));
    ASSIGN_OR_RETURN(pan_case.src,
                     MakeRange(*source_offset, *source_length, element_start, name_for_errors));
    cases.push_back(pan_case);
  }
  return cases;
}

StatusOr<std::vector<PanCase>> ReadPanXmlFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (file == nullptr) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return NotFoundError(path + ": no such file");
    return IoError(path + ": cannot open: " + std::strerror(err));
  }
  std::string data;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) data.append(buffer, n);
  if (std::ferror(file.get())) {
    // fopen() succeeds on a directory; the read is where that fails (EISDIR).
    return IoError(path + ": read failed: " + std::strerror(errno));
  }
  return ParsePanXml(data, path);
}

std::string FormatPanXml(std::string_view susp_reference, std::string_view src_reference,
                         const std::vector<PanCase>& detections) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document reference=\"";
  AppendEscaped(susp_reference, &out);
  out += "\">\n";
  for (const PanCase& d : detections) {
    out += "<feature name=\"detected-plagiarism\" this_offset=\"" + std::to_string(d.susp.offset) +
           "\" this_length=\"" + std::to_string(d.susp.length) + "\" source_reference=\"";
    AppendEscaped(src_reference, &out);
    out += "\" source_offset=\"" + std::to_string(d.src.offset) + "\" source_length=\"" +
           std::to_string(d.src.length) + "\"/>\n";
  }
  out += "</document>\n";
  return out;
}

}  // namespace textrace
