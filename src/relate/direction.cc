// Which document of a pair derives from the other, from their dates.
#include "textrace/relate.h"

namespace textrace {

// ISO 8601 dates compare as text.
DirectionFinding DirectionFromDates(std::string_view date_a, std::string_view date_b) {
  DirectionFinding f;
  if (date_a.empty() || date_b.empty()) {
    f.reason = date_a.empty() && date_b.empty() ? "no dates"
               : date_a.empty()                 ? "no date on a"
                                                : "no date on b";
  } else if (date_a == date_b) {
    f.reason = "same date";
  } else {
    f.direction = date_a < date_b ? Direction::kAToB : Direction::kBToA;
  }
  return f;
}

}  // namespace textrace
