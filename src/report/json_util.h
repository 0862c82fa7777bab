// JSON pieces shared by the compare and scan reports.
#ifndef TEXTRACE_REPORT_JSON_UTIL_H_
#define TEXTRACE_REPORT_JSON_UTIL_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "report/json_writer.h"
#include "textrace/align.h"
#include "textrace/options.h"
#include "textrace/scan.h"

namespace textrace {

// Passage pairs with char and byte offsets, texts (invalid UTF-8 replaced) and edit scripts,
// from the two documents' raw texts, as a JSON array. Without `with_text`, only offsets (a and b
// are not read).
void WritePassagesJson(std::string_view a, std::string_view b,
                       const std::vector<PassagePair>& passages, bool with_text, JsonWriter* w);
// The same as a nlohmann value.
nlohmann::json PassagesJson(std::string_view a, std::string_view b,
                            const std::vector<PassagePair>& passages, bool with_text = true);

// The options that produced a result, for the report: {"GROUP": {"NAME": value, ...}, ...} for
// each of `groups`, every option of the table (textrace/options.h) in it.
nlohmann::json OptionsJson(const Options& o, std::initializer_list<OptionInfo::Group> groups);
// The groups a scan report records: all but the resources.
nlohmann::json ScanOptionsJson(const Options& o);
// The groups a comparison records: analyzer, thesaurus, align.
nlohmann::json CompareOptionsJson(const Options& o);

// What the scan report's run line and the HTML report's summary both say of a run: documents
// (read, skipped), WARC records that are not documents, boilerplate lines, bytes, candidates (and
// by stage), related and weak pairs, families.
nlohmann::json RunSummaryJson(const ScanResult& r);

// `s` with invalid UTF-8 sequences replaced by U+FFFD.
std::string Utf8Safe(const std::string& s);

}  // namespace textrace

#endif  // TEXTRACE_REPORT_JSON_UTIL_H_
