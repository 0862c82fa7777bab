// What a pair's aligned passages mean: the relation of the two documents, whether the evidence is
// strong enough for a collection report, and which document derives from the other.
#ifndef TEXTRACE_RELATE_H_
#define TEXTRACE_RELATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/align.h"
#include "textrace/date.h"
#include "textrace/document.h"
#include "textrace/options.h"

namespace textrace {

// How two documents relate, from their aligned passages.
enum class Relation { kNone, kDuplicate, kNearDuplicate, kRewrite, kPartial, kSummary };

struct Comparison {
  Relation relation = Relation::kNone;
  double coverage_a = 0;  // share of A's words inside aligned passages
  double coverage_b = 0;
  std::vector<PassagePair> passages;
};

// Classifies a document pair from its passages: duplicate (nearly all of both, words kept),
// near_duplicate (most of both, few words changed), summary (most of one side maps onto a stretch
// of the other at least twice as long), rewrite (most of both map onto each other in order, words
// changed), partial (some passages), none.
Comparison Relate(const AnalyzedDocument& a, const AnalyzedDocument& b,
                  std::vector<PassagePair> passages);

// The passages' similarity (PassagePair::score) and kept share (PassagePair::kept), each weighted
// by the passages' words on both sides: one number for the pair. 0 without passages.
double PairScore(const Comparison& c);
double PairKept(const Comparison& c);

// Whether a related pair's passages are evidence a collection report accepts (EvidenceOptions):
// a summary, or a passage as similar as min_evidence_score or keeping min_evidence_kept of its
// words; a word cluster needs both its similarity and min_word_cluster_kept.
bool StrongEvidence(const Comparison& c, const EvidenceOptions& o);

// Which of two documents derives from the other.
enum class Direction { kUnknown, kAToB, kBToA };
struct DirectionFinding {
  Direction direction = Direction::kUnknown;
  // Why it is unknown: "no dates", "no date on a" ("on b"), "unparseable date on a: 'yesterday'",
  // "same day: 2024-01-05" (a date without a time on either side), "same time: ..."; else empty.
  std::string reason;
};
// From the documents' dates as given (empty: no date), read by ParseDate (textrace/date.h): the
// earlier document is the source.
DirectionFinding DirectionFromDates(std::string_view date_a, std::string_view date_b);
// The same from dates read once: `a` and `b` are ParseDate of `text_a` and `text_b`.
DirectionFinding DirectionFromDates(const std::optional<Date>& a, std::string_view text_a,
                                    const std::optional<Date>& b, std::string_view text_b);

// The names reports use (defined in one place, src/api/names.cc, with PassageKindName and
// EditKindName of align.h and CandidateStageName of scan.h), and back from a name.
const char* RelationName(Relation r);    // "none", "duplicate", "near_duplicate", "rewrite", ...
const char* DirectionName(Direction d);  // "unknown", "a_to_b", "b_to_a"
std::optional<Relation> RelationFromName(std::string_view name);
std::optional<Direction> DirectionFromName(std::string_view name);

}  // namespace textrace

#endif  // TEXTRACE_RELATE_H_
