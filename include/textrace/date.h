// Dates of documents, as instants: who copied whom is decided by which document is earlier, and
// dates come in every form (ISO 8601 with or without a time and offset, HTTP and e-mail dates,
// written dates, Unix epoch numbers). Text comparison gets them wrong ("2024-1-5" after
// "2024-01-10"); ParseDate reads them into instants that compare.
#ifndef TEXTRACE_DATE_H_
#define TEXTRACE_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace textrace {

struct Date {
  enum class Precision { kDay, kSecond };
  // Seconds since 1970-01-01T00:00:00Z. A day-precision date is its day's start in UTC.
  int64_t seconds = 0;
  Precision precision = Precision::kSecond;
};

// Reads a date, or nullopt when `text` is not one (or names no real day: 2024-13-45, 2023-02-29).
// Accepted, with surrounding spaces:
// - ISO 8601: 2024-01-05 (also 2024-1-5, 20240105), 2024-01-05T10:30, 2024-01-05T10:30:00,
//   with fractions of a second, and Z, +02:00, +0200 or -05 as offset; a space may stand for
//   the T. A date and time without an offset is read as UTC.
// - RFC 2822 and HTTP dates: "Tue, 05 Jan 2024 10:30:00 GMT", "5 Jan 2024 10:30 +0100"
//   (UT, GMT, UTC, Z and the US zones EST, EDT, CST, CDT, MST, MDT, PST, PDT).
// - Written dates: "Jan 5, 2024", "January 5 2024", "5 January 2024", "5 Jan. 2024",
//   "Friday, January 5, 2024" (English month names and abbreviations).
// - Unix epoch numbers: seconds (9 to 11 digits) or milliseconds (12 or 13 digits).
// Years 1000 to 9999. Dates without a time have day precision.
std::optional<Date> ParseDate(std::string_view text);

// ISO 8601 in UTC: "2024-01-05" for day precision, "2024-01-05T10:30:00Z" otherwise.
std::string FormatDate(const Date& d);

// Which of two dates is earlier: -1 when a is, 1 when b is, 0 when they cannot be told apart
// (the same instant; or, when either has day precision, the same UTC day).
int CompareDates(const Date& a, const Date& b);

}  // namespace textrace

#endif  // TEXTRACE_DATE_H_
