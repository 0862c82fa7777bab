// JSON pieces shared by the compare and scan reports.
#ifndef TEXTRACE_REPORT_JSON_UTIL_H_
#define TEXTRACE_REPORT_JSON_UTIL_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "report/json_writer.h"
#include "textrace/align.h"
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

// The options that produced a result, for the report.
nlohmann::json AlignOptionsJson(const AlignOptions& o);

// The AnalyzerOptions a report lists: {"join_lines": ..., "language": ...}.
nlohmann::json AnalyzerOptionsJson(const AnalyzerOptions& o);

// Every ScanOptions field that shapes a scan's result (the JSONL and HTML reports carry it).
nlohmann::json ScanOptionsJson(const ScanOptions& o);
// The candidate pairs each stage proposed: {"exact": n, "minhash": n, ...}.
nlohmann::json CandidatesByStageJson(const ScanStats& s);

// `s` with invalid UTF-8 sequences replaced by U+FFFD.
std::string Utf8Safe(const std::string& s);

}  // namespace textrace

#endif  // TEXTRACE_REPORT_JSON_UTIL_H_
