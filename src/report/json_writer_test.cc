#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "report/json_util.h"

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
      w.String(s);
      // The same bytes as nlohmann's dump of the string made safe: the value, not just the form.
      EXPECT_EQ(out, nlohmann::json(Utf8Safe(s)).dump()) << at << " " << special;
      if (HasFailure()) return;
    }
  }
}

TEST(JsonWriterTest, ScriptSafeStringsHideEndTagsAndComments) {
  // At every offset, so the word-at-a-time skip sees each '<'.
  for (size_t at = 0; at < 20; ++at) {
    for (const char* tricky : {"</script>", "<!-- x -->", "<b>", "<", "\b\f<\n"}) {
      std::string s(20, 'x');
      s.insert(at, tricky);
      std::string out = "\"";
      AppendJsonEscaped(s, true, &out);
      out += "\"";
      EXPECT_EQ(out.find("</"), std::string::npos) << out;
      EXPECT_EQ(out.find("<!--"), std::string::npos) << out;
      EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), s) << out;
      // Without script_safe, what nlohmann writes.
      std::string plain;
      AppendJsonEscaped(s, false, &plain);
      EXPECT_EQ("\"" + plain + "\"", nlohmann::json(s).dump());
      if (HasFailure()) return;
    }
  }
}

TEST(JsonWriterTest, PassagesAsTheReportSchemaSaysThem) {
  // Documented in docs/report-format.md: spans with offsets, words and text; edits with their
  // words and byte ranges; the passage's kind, similarity and kept share rounded to 4 places.
  const std::string a = "The cat sat on the mat.", b = "The dog sat on the rug.";
  PassagePair p;
  p.a = {0, 23, 0, 23, 0, 6};
  p.b = {0, 23, 0, 23, 0, 6};
  p.kind = PassageKind::kNearVerbatim;
  p.score = 0.666666;
  p.kept = 2.0 / 3.0;
  p.edits = {{EditKind::kKeep, 0, 1, 0, 1, 0, 3, 0, 3, false},
             {EditKind::kReplace, 1, 2, 1, 2, 4, 7, 4, 7, true},
             {EditKind::kDelete, 2, 3, 2, 2, 8, 11, 0, 0, false}};
  std::string out;
  JsonWriter w(&out);
  WritePassagesJson(a, b, {p}, true, &w);
  EXPECT_EQ(out,
            R"([{"a":{"byte_begin":0,"byte_end":23,"char_begin":0,"char_end":23,)"
            R"("text":"The cat sat on the mat.","words":6},"aligned_by":"sentences",)"
            R"("b":{"byte_begin":0,"byte_end":23,"char_begin":0,"char_end":23,)"
            R"("text":"The dog sat on the rug.","words":6},)"
            R"("edits":[{"a":"The","a_bytes":[0,3],"b":"The","b_bytes":[0,3],"op":"keep"},)"
            R"({"a":"cat","a_bytes":[4,7],"b":"dog","b_bytes":[4,7],"op":"replace","synonym":true},)"
            R"({"a":"sat","a_bytes":[8,11],"op":"delete"}],)"
            R"("kept":0.6667,"kind":"near_verbatim","score":0.6667}])");
  out.clear();
  JsonWriter bare(&out);
  WritePassagesJson(a, b, {p}, false, &bare);
  EXPECT_EQ(out.find("text"), std::string::npos);
  EXPECT_EQ(out.find("\"a\":\"The\""), std::string::npos);
  EXPECT_NE(out.find(R"({"a_bytes":[4,7],"b_bytes":[4,7],"op":"replace","synonym":true})"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace textrace
