// A document as one JSON line, as `textrace extract` writes it.
#include <nlohmann/json.hpp>

#include "textrace/ingest.h"

namespace textrace {

std::string DocumentJsonLine(const InputDocument& d) {
  nlohmann::json j{{"id", d.id}, {"text", d.text}, {"origin", d.origin}};
  if (!d.url.empty()) j["url"] = d.url;
  if (!d.date.empty()) j["date"] = d.date;
  if (!d.date_from.empty()) j["date_from"] = d.date_from;
  if (!d.text_from.empty()) j["text_from"] = d.text_from;
  if (!d.revisit_of.empty()) j["revisit_of"] = d.revisit_of;
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  return line;
}

}  // namespace textrace
