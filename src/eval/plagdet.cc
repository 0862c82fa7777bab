// PAN's plagdet measure (Potthast et al., COLING 2010): character-level recall and precision,
// macro-averaged over cases and detections respectively, with a penalty for granularity (a case
// reported as many fragments).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "textrace/pan.h"

namespace textrace {
namespace {

int64_t Length(const CharRange& r) { return std::max<int64_t>(r.length, 0); }

// Overlap means at least one shared code point, so empty ranges overlap nothing and ranges that
// merely touch ([0,10) and [10,20)) do not overlap.
bool Overlaps(const CharRange& a, const CharRange& b) {
  return a.length > 0 && b.length > 0 && a.offset < b.end() && b.offset < a.end();
}

// Whether a detection detects a case. The relation is symmetric, so it also says whether the case
// counts toward that detection's precision.
bool Detects(const PanCase& a, const PanCase& b) {
  return Overlaps(a.susp, b.susp) && Overlaps(a.src, b.src);
}

// Number of code points of `target` covered by the union of the `dimension` ranges of `others`.
// The ranges may overlap each other, so they are clipped to `target`, sorted and merged rather
// than summed.
int64_t CoveredLength(const CharRange& target, const std::vector<const PanCase*>& others,
                      CharRange PanCase::*dimension) {
  std::vector<std::pair<int64_t, int64_t>> clipped;
  clipped.reserve(others.size());
  for (const PanCase* other : others) {
    const CharRange& r = other->*dimension;
    const int64_t lo = std::max(target.offset, r.offset);
    const int64_t hi = std::min(target.end(), r.end());
    if (lo < hi) clipped.emplace_back(lo, hi);
  }
  std::sort(clipped.begin(), clipped.end());
  int64_t covered = 0;
  int64_t run_lo = 0;
  int64_t run_hi = 0;
  bool in_run = false;
  for (const auto& [lo, hi] : clipped) {
    if (in_run && lo <= run_hi) {
      run_hi = std::max(run_hi, hi);
      continue;
    }
    if (in_run) covered += run_hi - run_lo;
    run_lo = lo;
    run_hi = hi;
    in_run = true;
  }
  if (in_run) covered += run_hi - run_lo;
  return covered;
}

// |a ∩ ⋃others| / |a|, where both the intersection and the size add the suspicious and the source
// dimension. An empty `a` scores 0 (it cannot be detected, nor be a correct detection).
double CoveredShare(const PanCase& a, const std::vector<const PanCase*>& others) {
  const int64_t size = Length(a.susp) + Length(a.src);
  if (size == 0 || others.empty()) return 0;
  const int64_t covered =
      CoveredLength(a.susp, others, &PanCase::susp) + CoveredLength(a.src, others, &PanCase::src);
  return static_cast<double>(covered) / static_cast<double>(size);
}

}  // namespace

void PlagdetAccumulator::AddPair(const std::vector<PanCase>& truth,
                                 const std::vector<PanCase>& detections) {
  cases_ += static_cast<int64_t>(truth.size());
  detections_ += static_cast<int64_t>(detections.size());

  // O(|S|·|R|) per pair; a pair has a handful of cases, and the detections of one pair are few
  // unless the detector is badly broken, in which case the score is the least of the problems.
  std::vector<const PanCase*> matched;
  for (const PanCase& s : truth) {
    matched.clear();
    for (const PanCase& r : detections) {
      if (Detects(r, s)) matched.push_back(&r);
    }
    recall_sum_ += CoveredShare(s, matched);
    if (!matched.empty()) {
      ++detected_cases_;
      detections_per_detected_case_ += static_cast<int64_t>(matched.size());
    }
  }
  for (const PanCase& r : detections) {
    matched.clear();
    for (const PanCase& s : truth) {
      if (Detects(r, s)) matched.push_back(&s);
    }
    precision_sum_ += CoveredShare(r, matched);
  }
}

void PlagdetAccumulator::Merge(const PlagdetAccumulator& other) {
  recall_sum_ += other.recall_sum_;
  precision_sum_ += other.precision_sum_;
  cases_ += other.cases_;
  detections_ += other.detections_;
  detected_cases_ += other.detected_cases_;
  detections_per_detected_case_ += other.detections_per_detected_case_;
}

PlagdetScores PlagdetAccumulator::Scores() const {
  PlagdetScores scores;
  scores.cases = cases_;
  scores.detections = detections_;
  scores.detected_cases = detected_cases_;
  if (cases_ == 0 && detections_ == 0) {
    scores.recall = 1;
    scores.precision = 1;
  } else if (cases_ == 0 || detections_ == 0) {
    scores.recall = 0;
    scores.precision = 0;
  } else {
    scores.recall = recall_sum_ / static_cast<double>(cases_);
    scores.precision = precision_sum_ / static_cast<double>(detections_);
  }
  scores.granularity = detected_cases_ == 0 ? 1.0
                                            : static_cast<double>(detections_per_detected_case_) /
                                                  static_cast<double>(detected_cases_);
  const double sum = scores.recall + scores.precision;
  if (sum > 0) {
    const double f1 = 2 * scores.recall * scores.precision / sum;
    scores.plagdet = f1 / std::log2(1 + scores.granularity);
  }
  return scores;
}

}  // namespace textrace
