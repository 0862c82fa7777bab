// Dates read into instants, and the direction they give a pair.
#include "textrace/date.h"

#include <gtest/gtest.h>

#include <string>

#include "textrace/relate.h"

namespace textrace {
namespace {

std::string Iso(std::string_view text) {
  const auto d = ParseDate(text);
  return d.has_value() ? FormatDate(*d) : "none";
}

TEST(ParseDateTest, ReadsTheFormsDocumentsCarry) {
  EXPECT_EQ(Iso("2024-01-05"), "2024-01-05");
  EXPECT_EQ(Iso("2024-1-5"), "2024-01-05");
  EXPECT_EQ(Iso("20240105"), "2024-01-05");
  EXPECT_EQ(Iso(" 2024-01-05 "), "2024-01-05");
  EXPECT_EQ(Iso("2024-01-05T10:30"), "2024-01-05T10:30:00Z");
  EXPECT_EQ(Iso("2024-01-05T10:30:15.250Z"), "2024-01-05T10:30:15Z");
  EXPECT_EQ(Iso("2024-01-05 10:30:15"), "2024-01-05T10:30:15Z") << "no offset: UTC";
  EXPECT_EQ(Iso("2024-01-09T23:00:00-05:00"), "2024-01-10T04:00:00Z");
  EXPECT_EQ(Iso("2024-01-10T01:00:00+0100"), "2024-01-10T00:00:00Z");
  EXPECT_EQ(Iso("2024-01-10T01:00:00+01"), "2024-01-10T00:00:00Z");
  EXPECT_EQ(Iso("Tue, 15 Nov 1994 08:12:31 GMT"), "1994-11-15T08:12:31Z");
  EXPECT_EQ(Iso("15 Nov 1994 08:12 -0800"), "1994-11-15T16:12:00Z");
  EXPECT_EQ(Iso("Fri, 05 Jan 2024 10:30:00 EST"), "2024-01-05T15:30:00Z");
  EXPECT_EQ(Iso("Jan 3, 2024"), "2024-01-03");
  EXPECT_EQ(Iso("January 3 2024"), "2024-01-03");
  EXPECT_EQ(Iso("3 January 2024"), "2024-01-03");
  EXPECT_EQ(Iso("3 Jan. 2024"), "2024-01-03");
  EXPECT_EQ(Iso("Sept 3rd, 2024"), "2024-09-03");
  EXPECT_EQ(Iso("Friday, January 5, 2024"), "2024-01-05");
  EXPECT_EQ(Iso("1704067200"), "2024-01-01T00:00:00Z") << "Unix seconds";
  EXPECT_EQ(Iso("1704067200000"), "2024-01-01T00:00:00Z") << "Unix milliseconds";
  EXPECT_EQ(Iso("2024-02-29"), "2024-02-29") << "a leap day";
}

TEST(ParseDateTest, RefusesWhatIsNoDate) {
  for (const char* text : {"", "yesterday", "2024-13-45", "2023-02-29", "2024-01-32", "2024",
                           "12345", "2024-01-05T25:00", "2024-01-05Tnoon", "Smarch 3, 2024",
                           "2024-01-05 and more", "0999-01-01"}) {
    EXPECT_FALSE(ParseDate(text).has_value()) << "'" << text << "'";
  }
}

TEST(ParseDateTest, InstantsCompareWhereTextDoesNot) {
  auto earlier = [](std::string_view a, std::string_view b) {
    return CompareDates(*ParseDate(a), *ParseDate(b)) < 0;
  };
  // Each of these was ordered wrongly as text.
  EXPECT_TRUE(earlier("2024-1-5", "2024-01-10"));
  EXPECT_TRUE(earlier("Jan 3, 2024", "2024-01-10"));
  EXPECT_TRUE(earlier("2024-01-10T01:00:00Z", "2024-01-09T23:00:00-05:00"));
  EXPECT_TRUE(earlier("1704067200", "2024-01-02"));
  // A date without a time is a day: the same day as any time in it.
  EXPECT_EQ(CompareDates(*ParseDate("2024-01-10"), *ParseDate("2024-01-10T23:59:00Z")), 0);
  EXPECT_EQ(CompareDates(*ParseDate("2024-01-10T10:00Z"), *ParseDate("2024-01-10T11:00Z")), -1);
}

TEST(DirectionTest, TheEarlierIsTheSourceAndUnknownsSayWhy) {
  EXPECT_EQ(DirectionFromDates("2024-1-5", "2024-01-10").direction, Direction::kAToB);
  EXPECT_EQ(DirectionFromDates("2024-01-09T23:00:00-05:00", "2024-01-10T01:00:00Z").direction,
            Direction::kBToA);
  auto reason = [](std::string_view a, std::string_view b) {
    const DirectionFinding f = DirectionFromDates(a, b);
    EXPECT_EQ(f.direction, Direction::kUnknown);
    return f.reason;
  };
  EXPECT_EQ(reason("", ""), "no dates");
  EXPECT_EQ(reason("", "2024-01-05"), "no date on a");
  EXPECT_EQ(reason("yesterday", "2024-01-05"), "unparseable date on a: 'yesterday'");
  EXPECT_EQ(reason("2024-01-05", "2024-13-45"), "unparseable date on b: '2024-13-45'");
  EXPECT_EQ(reason("2024-01-05", "2024-01-05T18:00:00Z"), "same day: 2024-01-05");
  EXPECT_EQ(reason("2024-01-05T18:00:00Z", "2024-01-05T19:00:00+01:00"),
            "same time: 2024-01-05T18:00:00Z");
}

}  // namespace
}  // namespace textrace
