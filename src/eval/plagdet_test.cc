// Hand-computed plagdet cases. Notation: a case or detection is written susp[a,b) src[c,d);
// |x| = susp length + src length.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "textrace/pan.h"

namespace textrace {
namespace {

PanCase Make(int64_t susp_offset, int64_t susp_length, int64_t src_offset, int64_t src_length) {
  return PanCase{CharRange{susp_offset, susp_length}, CharRange{src_offset, src_length}};
}

PlagdetScores ScorePair(const std::vector<PanCase>& truth, const std::vector<PanCase>& detections) {
  PlagdetAccumulator acc;
  acc.AddPair(truth, detections);
  return acc.Scores();
}

TEST(PlagdetTest, PerfectDetection) {
  const std::vector<PanCase> truth = {Make(10, 100, 20, 80)};
  const PlagdetScores s = ScorePair(truth, truth);
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 1);
  EXPECT_EQ(s.cases, 1);
  EXPECT_EQ(s.detections, 1);
  EXPECT_EQ(s.detected_cases, 1);
}

TEST(PlagdetTest, CaseDetectedByTwoHalves) {
  // Case susp[0,100) src[0,100); detections are its two halves. Every character of the case is
  // covered (recall 1), every detected character is in the case (precision 1), but the case is
  // reported twice: granularity 2, plagdet = 1 / log2(1 + 2) = 1 / log2(3) ≈ 0.631.
  const std::vector<PanCase> truth = {Make(0, 100, 0, 100)};
  const std::vector<PanCase> detections = {Make(0, 50, 0, 50), Make(50, 50, 50, 50)};
  const PlagdetScores s = ScorePair(truth, detections);
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 2);
  EXPECT_DOUBLE_EQ(s.plagdet, 1 / std::log2(3.0));
  EXPECT_EQ(s.detected_cases, 1);
}

TEST(PlagdetTest, DetectionPartlyOutsideCase) {
  // Case susp[100,200) src[0,100), |s| = 200.
  // Detection susp[150,300) src[0,100), |r| = 150 + 100 = 250.
  // Shared: susp[150,200) = 50, src[0,100) = 100, total 150.
  // recall = 150/200 = 0.75, precision = 150/250 = 0.6, granularity 1,
  // plagdet = F1 = 2·0.75·0.6 / 1.35 = 0.9 / 1.35 = 2/3.
  const PlagdetScores s = ScorePair({Make(100, 100, 0, 100)}, {Make(150, 150, 0, 100)});
  EXPECT_DOUBLE_EQ(s.recall, 0.75);
  EXPECT_DOUBLE_EQ(s.precision, 0.6);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_NEAR(s.plagdet, 2.0 / 3.0, 1e-12);
}

TEST(PlagdetTest, OverlapInSuspOnlyDetectsNothing) {
  // Same suspicious range, but the source ranges src[0,100) and src[500,600) are disjoint: the
  // detection points at the wrong source passage and detects nothing.
  const PlagdetScores s = ScorePair({Make(0, 100, 0, 100)}, {Make(0, 100, 500, 100)});
  EXPECT_DOUBLE_EQ(s.recall, 0);
  EXPECT_DOUBLE_EQ(s.precision, 0);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 0);
  EXPECT_EQ(s.detected_cases, 0);
}

TEST(PlagdetTest, TouchingRangesDoNotOverlap) {
  // susp[0,10) and susp[10,20) share no code point.
  const PlagdetScores s = ScorePair({Make(0, 10, 0, 10)}, {Make(10, 10, 0, 10)});
  EXPECT_EQ(s.detected_cases, 0);
  EXPECT_DOUBLE_EQ(s.recall, 0);
  EXPECT_DOUBLE_EQ(s.precision, 0);
}

TEST(PlagdetTest, OverlappingDetectionsAreNotDoubleCounted) {
  // Case susp[0,100) src[0,100); detections susp[0,60) src[0,60) and susp[40,100) src[40,100)
  // overlap each other on [40,60). The union covers the case exactly once: recall 1 (not 1.2),
  // each detection lies inside the case: precision 1, granularity 2.
  const PlagdetScores s =
      ScorePair({Make(0, 100, 0, 100)}, {Make(0, 60, 0, 60), Make(40, 60, 40, 60)});
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 2);
}

TEST(PlagdetTest, OneDetectionSpanningTwoCases) {
  // Cases A susp[0,50) src[0,50) and B susp[100,50) src[100,50); detection susp[0,150)
  // src[0,150), |r| = 300. Both cases are fully covered: recall 1. The detection covers
  // 50+50 (A) + 50+50 (B) = 200 case characters of its 300: precision 2/3. Each case is detected
  // once: granularity 1. plagdet = F1(2/3, 1) = (4/3) / (5/3) = 0.8.
  const PlagdetScores s =
      ScorePair({Make(0, 50, 0, 50), Make(100, 50, 100, 50)}, {Make(0, 150, 0, 150)});
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_NEAR(s.precision, 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_NEAR(s.plagdet, 0.8, 1e-12);
  EXPECT_EQ(s.detected_cases, 2);
}

TEST(PlagdetTest, TwoPairsMerged) {
  // Pair 1: the two-halves example (recall sum 1, precision sum 2, one case detected twice).
  // Pair 2: one case, no detection (recall sum 0).
  // Corpus: recall = 1/2, precision = 2/2 = 1, granularity = 2/1 = 2,
  // plagdet = F1(1, 0.5) / log2(3) = (2/3) / log2(3).
  PlagdetAccumulator a;
  a.AddPair({Make(0, 100, 0, 100)}, {Make(0, 50, 0, 50), Make(50, 50, 50, 50)});
  PlagdetAccumulator b;
  b.AddPair({Make(0, 100, 0, 100)}, {});
  a.Merge(b);
  const PlagdetScores s = a.Scores();
  EXPECT_EQ(s.cases, 2);
  EXPECT_EQ(s.detections, 2);
  EXPECT_EQ(s.detected_cases, 1);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 2);
  EXPECT_NEAR(s.plagdet, (2.0 / 3.0) / std::log2(3.0), 1e-12);

  // Adding both pairs to one accumulator gives the same result.
  PlagdetAccumulator c;
  c.AddPair({Make(0, 100, 0, 100)}, {Make(0, 50, 0, 50), Make(50, 50, 50, 50)});
  c.AddPair({Make(0, 100, 0, 100)}, {});
  EXPECT_DOUBLE_EQ(c.Scores().plagdet, s.plagdet);
}

TEST(PlagdetTest, PairsDoNotInteract) {
  // The detection of pair 2 has exactly the range of the case of pair 1, but they belong to
  // different document pairs: nothing is detected, recall = precision = 0.
  PlagdetAccumulator acc;
  acc.AddPair({Make(0, 100, 0, 100)}, {});
  acc.AddPair({}, {Make(0, 100, 0, 100)});
  const PlagdetScores s = acc.Scores();
  EXPECT_DOUBLE_EQ(s.recall, 0);
  EXPECT_DOUBLE_EQ(s.precision, 0);
  EXPECT_DOUBLE_EQ(s.plagdet, 0);
  EXPECT_EQ(s.detected_cases, 0);
}

TEST(PlagdetTest, EmptyConventions) {
  // Nothing to find and nothing found: perfect.
  PlagdetAccumulator empty;
  empty.AddPair({}, {});
  PlagdetScores s = empty.Scores();
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 1);
  EXPECT_DOUBLE_EQ(PlagdetAccumulator().Scores().plagdet, 1);

  // Cases but no detections, and the reverse: both measures 0, plagdet 0.
  s = ScorePair({Make(0, 10, 0, 10)}, {});
  EXPECT_DOUBLE_EQ(s.recall, 0);
  EXPECT_DOUBLE_EQ(s.precision, 0);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 0);
  s = ScorePair({}, {Make(0, 10, 0, 10)});
  EXPECT_DOUBLE_EQ(s.recall, 0);
  EXPECT_DOUBLE_EQ(s.precision, 0);
  EXPECT_DOUBLE_EQ(s.plagdet, 0);
}

TEST(PlagdetTest, ZeroLengthCasesAndDetections) {
  // An empty case cannot be detected and contributes recall 0 (no division by zero). The full
  // case next to it is detected perfectly: recall = (0 + 1) / 2 = 0.5, precision 1.
  PlagdetScores s = ScorePair({Make(5, 0, 5, 0), Make(0, 10, 0, 10)}, {Make(0, 10, 0, 10)});
  EXPECT_FALSE(std::isnan(s.recall));
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_EQ(s.detected_cases, 1);

  // An empty detection detects nothing and has precision 0: precision = (1 + 0) / 2.
  s = ScorePair({Make(0, 10, 0, 10)}, {Make(0, 10, 0, 10), Make(3, 0, 3, 0)});
  EXPECT_FALSE(std::isnan(s.precision));
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
}

}  // namespace
}  // namespace textrace
