// A compact byte encoding of a document's analysis (tokens, sentences, counts), so the scan can
// park analyses on disk between its stages instead of analyzing the documents again: offsets are
// delta-coded varints, keys stay 8 bytes; about 12 bytes per token.
#ifndef TEXTRACE_SCAN_ANALYSIS_CODEC_H_
#define TEXTRACE_SCAN_ANALYSIS_CODEC_H_

#include <string>
#include <string_view>

#include "textrace/document.h"

namespace textrace {

// Everything of `d` but its name and bytes, which the caller keeps elsewhere.
std::string EncodeAnalysis(const AnalyzedDocument& d);

// Rebuilds the analysis of the document whose name and bytes are given. False when `encoded` is
// damaged or does not fit the bytes.
bool DecodeAnalysis(std::string_view encoded, std::string name, std::string bytes,
                    AnalyzedDocument* out);

}  // namespace textrace

#endif  // TEXTRACE_SCAN_ANALYSIS_CODEC_H_
