#include "report/progress_line.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace textrace {
namespace {

std::string Eta(double seconds) {
  const int t = static_cast<int>(seconds + 0.5);
  return fmt::format("ETA {}:{:02d}", t / 60, t % 60);
}

std::string Percent(double done, double total) {
  return fmt::format("{:.0f}%", total > 0 ? 100.0 * std::min(done, total) / total : 0.0);
}

}  // namespace

std::string FormatProgressLine(const ScanProgress& p, int width) {
  using Stage = ScanProgress::Stage;
  // (text, rank): rank 0 is always kept; the highest rank goes first when the line is too long.
  std::vector<std::pair<std::string, int>> fields;
  const double mb = p.bytes / 1e6;
  switch (p.stage) {
    case Stage::kReading: {
      fields = {{"reading", 0},
                {fmt::format("{} documents", p.documents), 0},
                {fmt::format("{:.1f} MB", mb), 2}};
      const bool known = p.input_bytes > 0;
      if (known) fields.emplace_back(Percent(p.bytes, p.input_bytes), 1);
      if (p.seconds >= kMinRateSeconds) {
        const double rate = mb / p.seconds;
        fields.emplace_back(fmt::format("{:.0f} docs/s", p.documents / p.seconds), 4);
        fields.emplace_back(fmt::format("{:.1f} MB/s", rate), 3);
        if (known && rate > 0) fields.emplace_back(Eta((p.input_bytes - p.bytes) / 1e6 / rate), 1);
      }
      break;
    }
    case Stage::kCandidates:
      fields = {{"candidates", 0}};
      if (p.passes > 0) {
        fields.emplace_back(fmt::format("pass {}/{}", p.pass, p.passes), 0);
        fields.emplace_back(fmt::format("{}/{} documents", p.pass_done, p.pass_total), 1);
        fields.emplace_back(Percent(p.pass_done, p.pass_total), 0);
      } else {
        fields.emplace_back(fmt::format("{} documents", p.documents), 0);
        fields.emplace_back(fmt::format("{:.1f} MB read", mb), 2);
      }
      break;
    case Stage::kVerifying: {
      fields = {{"verifying", 0},
                {fmt::format("{}/{} pairs", p.pairs_done, p.pairs_total), 0},
                {Percent(p.pairs_done, p.pairs_total), 1}};
      if (p.stage_seconds >= kMinRateSeconds) {
        const double rate = p.pairs_done / p.stage_seconds;
        fields.emplace_back(fmt::format("{:.0f} pairs/s", rate), 3);
        if (rate > 0) fields.emplace_back(Eta((p.pairs_total - p.pairs_done) / rate), 1);
      }
      break;
    }
    case Stage::kDone:
      return "";
  }
  const size_t room = static_cast<size_t>(std::max(width - 1, 1));
  auto join = [&] {
    std::string line;
    for (const auto& [text, rank] : fields) line += (line.empty() ? "" : "  ") + text;
    return line;
  };
  std::string line = join();
  while (line.size() > room) {
    // The last of the fields of the highest rank goes first.
    auto drop = fields.end();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (it->second > 0 && (drop == fields.end() || it->second >= drop->second)) drop = it;
    }
    if (drop == fields.end()) break;
    fields.erase(drop);
    line = join();
  }
  if (line.size() > room) line.resize(room);  // ASCII only
  return line;
}

}  // namespace textrace
