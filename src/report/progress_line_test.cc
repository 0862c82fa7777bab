// The scan's progress line: no rate before its stage has run long enough to measure one, the
// candidate stage's passes, and a line that fits the terminal (so that updates overwrite it).
#include "report/progress_line.h"

#include <gtest/gtest.h>

namespace textrace {
namespace {

using Stage = ScanProgress::Stage;

ScanProgress Verifying(int64_t done, int64_t total, double stage_seconds) {
  ScanProgress p;
  p.stage = Stage::kVerifying;
  p.pairs_done = done;
  p.pairs_total = total;
  p.seconds = 12 + stage_seconds;
  p.stage_seconds = stage_seconds;
  return p;
}

TEST(ProgressLineTest, NoRateBeforeTheStageHasRunAWhile) {
  // The first report of the stage: 4096 pairs over a stage time near zero once showed
  // "18533936652 pairs/s".
  const std::string early = FormatProgressLine(Verifying(4096, 120000, 2.2e-7), 200);
  EXPECT_EQ(early, "verifying  4096/120000 pairs  3%");
  EXPECT_EQ(FormatProgressLine(Verifying(0, 120000, 0), 200), "verifying  0/120000 pairs  0%");
  const std::string later = FormatProgressLine(Verifying(4096, 120000, 2.0), 200);
  EXPECT_EQ(later, "verifying  4096/120000 pairs  3%  2048 pairs/s  ETA 0:57");

  ScanProgress r;
  r.stage = Stage::kReading;
  r.documents = 300;
  r.bytes = 4'000'000;
  r.input_bytes = 40'000'000;
  r.seconds = 0.01;
  EXPECT_EQ(FormatProgressLine(r, 200), "reading  300 documents  4.0 MB  10%");
  r.seconds = 2;
  EXPECT_EQ(FormatProgressLine(r, 200),
            "reading  300 documents  4.0 MB  10%  150 docs/s  2.0 MB/s  ETA 0:18");
}

TEST(ProgressLineTest, TheCandidateStageShowsItsPasses) {
  ScanProgress p;
  p.stage = Stage::kCandidates;
  p.documents = 250000;
  p.bytes = 1'000'000'000;
  EXPECT_EQ(FormatProgressLine(p, 200), "candidates  250000 documents  1000.0 MB read");
  p.pass = 2;
  p.passes = 3;
  p.pass_done = 65536;
  p.pass_total = 250000;
  EXPECT_EQ(FormatProgressLine(p, 200), "candidates  pass 2/3  65536/250000 documents  26%");
}

TEST(ProgressLineTest, TheLineFitsTheTerminal) {
  ScanProgress r;
  r.stage = Stage::kReading;
  r.documents = 1234567;
  r.bytes = 987'654'321;
  r.input_bytes = 2'000'000'000;
  r.seconds = 100;
  for (int width = 1; width <= 120; ++width) {
    for (const ScanProgress& p : {r, Verifying(123456, 9876543, 50)}) {
      const std::string line = FormatProgressLine(p, width);
      EXPECT_LT(line.size(), static_cast<size_t>(std::max(width, 2))) << width << ": " << line;
    }
  }
  // At 40 columns the least useful fields go first: the counts and the share done stay.
  EXPECT_EQ(FormatProgressLine(r, 40), "reading  1234567 documents  49%");
  EXPECT_EQ(FormatProgressLine(Verifying(123456, 9876543, 50), 40),
            "verifying  123456/9876543 pairs  1%");
  EXPECT_EQ(FormatProgressLine(Verifying(123456, 9876543, 50), 60),
            "verifying  123456/9876543 pairs  1%  ETA 65:50");
  // Narrower than the first fields: cut.
  EXPECT_EQ(FormatProgressLine(r, 12), "reading  12");
  EXPECT_EQ(FormatProgressLine(ScanProgress{.stage = Stage::kDone}, 80), "");
}

}  // namespace
}  // namespace textrace
