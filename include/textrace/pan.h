// PAN text-alignment evaluation: the detection XML format and the plagdet measure
// (Potthast et al., "An Evaluation Framework for Plagiarism Detection", COLING 2010).
//
// All offsets here count Unicode code points of the raw document, as PAN does.
#ifndef TEXTRACE_PAN_H_
#define TEXTRACE_PAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/status.h"

namespace textrace {

// A half-open range [offset, offset + length) of code points in one document.
struct CharRange {
  int64_t offset = 0;
  int64_t length = 0;
  int64_t end() const { return offset + length; }
};

// One case (truth) or one detection: a range of the suspicious document ("this") and a range of
// the source document.
struct PanCase {
  CharRange susp;
  CharRange src;
};

// Parses a PAN XML document (a <document reference="..."> holding <feature .../> elements).
// Every <feature> that carries this_offset/this_length/source_offset/source_length becomes a
// PanCase, whatever its name ("plagiarism" in truth files, "detected-plagiarism" in detections).
// `name_for_errors` (usually the path) prefixes error messages, which also give the byte offset.
StatusOr<std::vector<PanCase>> ParsePanXml(std::string_view xml, std::string_view name_for_errors);

// Reads and parses a PAN XML file. A missing file is NotFound.
StatusOr<std::vector<PanCase>> ReadPanXmlFile(const std::string& path);

// Writes the PAN detection XML for one pair: `susp_reference` and `src_reference` are the
// documents' file names (e.g. "suspicious-document00001.txt"). Attribute values are XML-escaped.
std::string FormatPanXml(std::string_view susp_reference, std::string_view src_reference,
                         const std::vector<PanCase>& detections);

struct PlagdetScores {
  double recall = 0;
  double precision = 0;
  double granularity = 1;
  double plagdet = 0;
  int64_t cases = 0;           // truth cases seen
  int64_t detections = 0;      // detections seen
  int64_t detected_cases = 0;  // cases detected by at least one detection
};

// Accumulates plagdet over many document pairs (micro-average over all cases and detections of
// the corpus, as PAN computes it). Cases and detections of different pairs never interact.
// Not thread-safe; use one per thread and Merge().
class PlagdetAccumulator {
 public:
  // Adds one document pair: its truth cases and the detections reported for it.
  void AddPair(const std::vector<PanCase>& truth, const std::vector<PanCase>& detections);
  void Merge(const PlagdetAccumulator& other);
  // Conventions of PAN's reference implementation: no cases and no detections gives recall =
  // precision = 1; cases but no detections (or the reverse) gives 0 for both; granularity is 1
  // when no case is detected; plagdet is 0 when recall and precision are both 0.
  PlagdetScores Scores() const;

 private:
  double recall_sum_ = 0;     // sum over cases of the detected share of each case
  double precision_sum_ = 0;  // sum over detections of the share of each that is a case
  int64_t cases_ = 0;
  int64_t detections_ = 0;
  int64_t detected_cases_ = 0;
  int64_t detections_per_detected_case_ = 0;  // sum over detected cases of #detections of each
};

}  // namespace textrace

#endif  // TEXTRACE_PAN_H_
