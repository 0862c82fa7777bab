// Dates in the forms documents carry them, read into instants (textrace/date.h).
#include "textrace/date.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <string>

namespace textrace {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The inverse: year, month, day of a day number.
void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

bool LeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool ValidDay(int64_t y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && LeapYear(y));
}

// A cursor over the text with the small readers the forms need.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  size_t pos() const { return i_; }
  void reset(size_t i) { i_ = i; }
  bool Eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void SkipSpaces() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  // Between min and max digits; false (position unchanged) otherwise.
  bool Digits(int min, int max, int64_t* out) {
    size_t j = i_;
    int64_t v = 0;
    while (j < s_.size() && j - i_ < static_cast<size_t>(max) &&
           std::isdigit(static_cast<unsigned char>(s_[j]))) {
      v = v * 10 + (s_[j] - '0');
      ++j;
    }
    if (j - i_ < static_cast<size_t>(min)) return false;
    if (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) return false;
    i_ = j;
    *out = v;
    return true;
  }
  // A run of ASCII letters, lower-cased.
  std::string Word() {
    std::string w;
    while (!done() && std::isalpha(static_cast<unsigned char>(s_[i_]))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(s_[i_])));
      ++i_;
    }
    return w;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// 1..12 for an English month name or its abbreviation ("sept" too), else 0.
int MonthNumber(const std::string& w) {
  static constexpr std::array<const char*, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    const std::string name = kNames[m];
    if (w == name || w == name.substr(0, 3) || (m == 8 && w == "sept")) return m + 1;
  }
  return 0;
}

bool IsWeekday(const std::string& w) {
  for (const char* d : {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                        "sunday"}) {
    const std::string day = d;
    if (w == day || w == day.substr(0, 3)) return true;
  }
  return false;
}

// HH:MM[:SS[.fraction]] into seconds of the day.
bool Time(Cursor* c, int64_t* seconds) {
  int64_t h = 0, m = 0, s = 0;
  if (!c->Digits(1, 2, &h) || !c->Eat(':') || !c->Digits(2, 2, &m)) return false;
  if (c->Eat(':')) {
    if (!c->Digits(2, 2, &s)) return false;
    if (c->Eat('.') || c->Eat(',')) {
      int64_t fraction = 0;
      if (!c->Digits(1, 9, &fraction)) return false;
    }
  }
  if (h > 23 || m > 59 || s > 60) return false;  // 60: a leap second
  *seconds = h * 3600 + m * 60 + std::min<int64_t>(s, 59);
  return true;
}

// An offset from UTC in seconds: Z, +HH:MM, +HHMM, +HH, or (RFC 2822) a zone name.
bool Offset(Cursor* c, int64_t* offset, bool names) {
  if (c->Eat('Z') || c->Eat('z')) {
    *offset = 0;
    return true;
  }
  const char sign = c->peek();
  if (sign == '+' || sign == '-') {
    c->Eat(sign);
    int64_t h = 0, m = 0;
    const size_t at = c->pos();
    if (c->Digits(4, 4, &h)) {
      m = h % 100;
      h /= 100;
    } else {
      c->reset(at);
      if (!c->Digits(1, 2, &h)) return false;
      if (c->Eat(':') && !c->Digits(2, 2, &m)) return false;
    }
    if (h > 14 || m > 59) return false;
    *offset = (sign == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return true;
  }
  if (!names) return false;
  const size_t at = c->pos();
  std::string zone;
  while (!c->done() && std::isalpha(static_cast<unsigned char>(c->peek()))) {
    zone += static_cast<char>(std::toupper(static_cast<unsigned char>(c->peek())));
    c->Eat(c->peek());
  }
  struct Zone {
    const char* name;
    int hours;
  };
  static constexpr Zone kZones[] = {{"UT", 0},   {"UTC", 0},  {"GMT", 0},  {"EST", -5},
                                    {"EDT", -4}, {"CST", -6}, {"CDT", -5}, {"MST", -7},
                                    {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
  for (const Zone& z : kZones) {
    if (zone == z.name) {
      *offset = int64_t{z.hours} * 3600;
      return true;
    }
  }
  c->reset(at);
  return false;
}

std::optional<Date> Make(int64_t y, int m, int d, std::optional<int64_t> time, int64_t offset) {
  if (!ValidDay(y, m, d)) return std::nullopt;
  Date out;
  out.seconds = DaysFromCivil(y, m, d) * 86400;
  if (time.has_value()) {
    out.seconds += *time - offset;
    out.precision = Date::Precision::kSecond;
  } else {
    out.precision = Date::Precision::kDay;
  }
  return out;
}

// An optional time (and offset) after a date: [T| ]HH:MM[:SS][offset].
bool TimeAfterDate(Cursor* c, std::optional<int64_t>* time, int64_t* offset, bool names) {
  if (c->done()) return true;
  if (!(c->Eat('T') || c->Eat('t') || c->Eat(' '))) return false;
  c->SkipSpaces();
  int64_t t = 0;
  if (!Time(c, &t)) return false;
  *time = t;
  c->SkipSpaces();
  if (!c->done() && !Offset(c, offset, names)) return false;
  c->SkipSpaces();
  return c->done();
}

// ISO 8601: YYYY-MM-DD (or unpadded, or YYYYMMDD), then an optional time.
std::optional<Date> Iso(std::string_view text) {
  Cursor c(text);
  int64_t y = 0, m = 0, d = 0;
  if (!c.Digits(4, 4, &y)) {
    int64_t compact = 0;
    if (!c.Digits(8, 8, &compact)) return std::nullopt;
    y = compact / 10000;
    m = compact / 100 % 100;
    d = compact % 100;
  } else if (!c.Eat('-') || !c.Digits(1, 2, &m) || !c.Eat('-') || !c.Digits(1, 2, &d)) {
    return std::nullopt;
  }
  std::optional<int64_t> time;
  int64_t offset = 0;
  if (!TimeAfterDate(&c, &time, &offset, /*names=*/false)) return std::nullopt;
  return Make(y, static_cast<int>(m), static_cast<int>(d), time, offset);
}

// Written and RFC 2822 dates: [weekday[,]] (D Month Y | Month D[,] Y) [time [zone]].
std::optional<Date> Written(std::string_view text) {
  Cursor c(text);
  std::string word = c.Word();
  if (IsWeekday(word)) {
    c.Eat('.');
    c.Eat(',');
    c.SkipSpaces();
    word = c.Word();
  }
  int64_t y = 0, d = 0;
  int m = 0;
  if (word.empty()) {  // D Month Y
    if (!c.Digits(1, 2, &d)) return std::nullopt;
    c.Eat('.');
    c.SkipSpaces();
    m = MonthNumber(c.Word());
    if (m == 0) return std::nullopt;
    c.Eat('.');
    c.Eat(',');
    c.SkipSpaces();
    if (!c.Digits(4, 4, &y)) return std::nullopt;
  } else {  // Month D[,] Y
    m = MonthNumber(word);
    if (m == 0) return std::nullopt;
    c.Eat('.');
    c.SkipSpaces();
    if (!c.Digits(1, 2, &d)) return std::nullopt;
    for (const char* suffix : {"st", "nd", "rd", "th"}) {
      const size_t at = c.pos();
      if (c.Word() == suffix) break;
      c.reset(at);
    }
    c.Eat(',');
    c.SkipSpaces();
    if (!c.Digits(4, 4, &y)) return std::nullopt;
  }
  std::optional<int64_t> time;
  int64_t offset = 0;
  c.Eat(',');
  if (!TimeAfterDate(&c, &time, &offset, /*names=*/true)) return std::nullopt;
  return Make(y, m, static_cast<int>(d), time, offset);
}

// Seconds (9 to 11 digits: 1973 to 5138) or milliseconds (12 or 13) since the epoch. Shorter
// numbers are not taken for dates (a year alone, or a count).
std::optional<Date> Epoch(std::string_view text) {
  if (text.size() < 9 || text.size() > 13) return std::nullopt;
  int64_t v = 0;
  for (char ch : text) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  if (text.size() >= 12) v /= 1000;
  Date out;
  out.seconds = v;
  out.precision = Date::Precision::kSecond;
  return out;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.empty()) return std::nullopt;
  if (auto e = Epoch(text)) return e;
  if (auto iso = Iso(text)) return iso;
  return Written(text);
}

std::string FormatDate(const Date& d) {
  const int64_t days = d.seconds >= 0 ? d.seconds / 86400 : (d.seconds - 86399) / 86400;
  int64_t y = 0;
  int m = 0, day = 0;
  CivilFromDays(days, &y, &m, &day);
  char buffer[64];
  if (d.precision == Date::Precision::kDay) {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d", static_cast<long long>(y), m, day);
  } else {
    const int64_t s = d.seconds - days * 86400;
    std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y), m, day, static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  }
  return buffer;
}

int CompareDates(const Date& a, const Date& b) {
  auto day = [](int64_t s) { return s >= 0 ? s / 86400 : (s - 86399) / 86400; };
  int64_t x = a.seconds, y = b.seconds;
  if (a.precision == Date::Precision::kDay || b.precision == Date::Precision::kDay) {
    x = day(x);
    y = day(y);
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace textrace
