// The names of the enums that reports, the CLI and the Python module show, in one place.
#include <optional>
#include <string_view>

#include "textrace/relate.h"
#include "textrace/scan.h"

namespace textrace {

const char* EditKindName(EditKind k) {
  switch (k) {
    case EditKind::kKeep: return "keep";
    case EditKind::kReplace: return "replace";
    case EditKind::kInsert: return "insert";
    case EditKind::kDelete: return "delete";
  }
  return "?";
}

const char* PassageKindName(PassageKind k) {
  switch (k) {
    case PassageKind::kVerbatim: return "verbatim";
    case PassageKind::kNearVerbatim: return "near_verbatim";
    case PassageKind::kParaphrase: return "paraphrase";
    case PassageKind::kSummary: return "summary";
  }
  return "?";
}

const char* ScanStageName(ScanProgress::Stage s) {
  switch (s) {
    case ScanProgress::Stage::kReading: return "reading";
    case ScanProgress::Stage::kCandidates: return "candidates";
    case ScanProgress::Stage::kVerifying: return "verifying";
    case ScanProgress::Stage::kDone: return "done";
  }
  return "?";
}

const char* RelationName(Relation r) {
  switch (r) {
    case Relation::kNone: return "none";
    case Relation::kDuplicate: return "duplicate";
    case Relation::kNearDuplicate: return "near_duplicate";
    case Relation::kRewrite: return "rewrite";
    case Relation::kPartial: return "partial";
    case Relation::kSummary: return "summary";
  }
  return "?";
}

const char* DirectionName(Direction d) {
  switch (d) {
    case Direction::kUnknown: return "unknown";
    case Direction::kAToB: return "a_to_b";
    case Direction::kBToA: return "b_to_a";
  }
  return "?";
}

const char* CandidateStageName(CandidateStage s) {
  switch (s) {
    case CandidateStage::kExact: return "exact";
    case CandidateStage::kMinHash: return "minhash";
    case CandidateStage::kAnchors: return "anchors";
    case CandidateStage::kRareWords: return "rare_words";
  }
  return "?";
}

std::optional<Relation> RelationFromName(std::string_view name) {
  for (Relation r : {Relation::kNone, Relation::kDuplicate, Relation::kNearDuplicate,
                     Relation::kRewrite, Relation::kPartial, Relation::kSummary}) {
    if (name == RelationName(r)) return r;
  }
  return std::nullopt;
}

std::optional<Direction> DirectionFromName(std::string_view name) {
  for (Direction d : {Direction::kUnknown, Direction::kAToB, Direction::kBToA}) {
    if (name == DirectionName(d)) return d;
  }
  return std::nullopt;
}

}  // namespace textrace
