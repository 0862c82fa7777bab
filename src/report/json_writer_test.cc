#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace textrace {
namespace {

// What the writer writes is what nlohmann writes for the value it means: parsing it and dumping
// it again gives the same bytes.
void ExpectCanonical(const std::string& out) {
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(out)) << out;
  EXPECT_EQ(j.dump(), out);
}

TEST(JsonWriterTest, WritesWhatNlohmannWrites) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.EndArray();
  w.Key("b");
  w.BeginObject();
  w.EndObject();
  w.Field("c", "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \x01\x1f del \x7f");
  w.Field("d", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  w.Key("e");
  w.BeginArray();
  for (double x : {0.0, 1.0, 0.5, 0.0001, 0.1234, 1e-7, 123456789.125, 1e20, -2.5}) w.Double(x);
  for (int64_t x : {int64_t{0}, int64_t{-7}, int64_t{4294967295}, int64_t{1} << 53}) w.Int(x);
  w.Bool(true);
  w.Bool(false);
  w.EndArray();
  w.IntField("f", 42);
  w.EndObject();
  ExpectCanonical(out);
  EXPECT_NE(out.find(R"("a":[],"b":{},"c":"quote \" backslash \\ slash / tab \t nl \n cr \r)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"(nul \u0001\u001f del )"), std::string::npos) << out;
}

TEST(JsonWriterTest, ReplacesInvalidUtf8AsUtf8SafeDoes) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.String("ok \xC3 cut, \xC0\x80 overlong, \xFF, end \xE2\x82");
  w.EndArray();
  ExpectCanonical(out);
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(out, "[\"ok " + fffd + " cut, " + fffd + fffd + " overlong, " + fffd + ", end " +
                     fffd + "\"]");
}

TEST(JsonWriterTest, NonFiniteNumbersAreNull) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.Double(std::numeric_limits<double>::quiet_NaN());
  w.Double(std::numeric_limits<double>::infinity());
  w.EndArray();
  EXPECT_EQ(out, "[null,null]");
}

TEST(JsonWriterTest, LongPlainRunsAndEscapesAtEveryOffset) {
  // The writer skips 8 plain bytes at a time: a special byte at any position in a word is seen.
  for (size_t at = 0; at < 24; ++at) {
    for (const char* special : {"\"", "\\", "\n", "\x02", "\xC3\xA9", "\xC3"}) {
      std::string s(24, 'x');
      s.insert(at, special);
      std::string out;
      JsonWriter w(&out);
      w.BeginArray();
      w.String(s);
      w.EndArray();
      ExpectCanonical(out);
      if (HasFailure()) return;
    }
  }
}

}  // namespace
}  // namespace textrace
