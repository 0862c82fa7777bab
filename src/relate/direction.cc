// Which document of a pair derives from the other, from their dates read as instants.
#include "textrace/date.h"
#include "textrace/relate.h"

namespace textrace {

DirectionFinding DirectionFromDates(const std::optional<Date>& a, std::string_view text_a,
                                    const std::optional<Date>& b, std::string_view text_b) {
  DirectionFinding f;
  if (text_a.empty() || text_b.empty()) {
    f.reason = text_a.empty() && text_b.empty() ? "no dates"
               : text_a.empty()                 ? "no date on a"
                                                : "no date on b";
  } else if (!a.has_value() || !b.has_value()) {
    const bool on_a = !a.has_value();
    f.reason = std::string("unparseable date on ") + (on_a ? "a" : "b") + ": '" +
               std::string(on_a ? text_a : text_b) + "'";
  } else if (const int order = CompareDates(*a, *b); order != 0) {
    f.direction = order < 0 ? Direction::kAToB : Direction::kBToA;
  } else if (a->precision == Date::Precision::kDay || b->precision == Date::Precision::kDay) {
    f.reason = "same day: " + FormatDate({a->seconds, Date::Precision::kDay});
  } else {
    f.reason = "same time: " + FormatDate(*a);
  }
  return f;
}

DirectionFinding DirectionFromDates(std::string_view date_a, std::string_view date_b) {
  return DirectionFromDates(ParseDate(date_a), date_a, ParseDate(date_b), date_b);
}

}  // namespace textrace
