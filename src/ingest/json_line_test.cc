#include "ingest/json_line.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace textrace {
namespace {

using Kind = JsonLineField::Kind;

// What nlohmann's parser makes of a line, read through its SAX interface so that repeated keys
// show: whether the line is an object, and its top-level keys with the kind of each value and
// the string values.
struct NlohmannView {
  bool parsed = false;
  bool object = false;
  int depth = 0;  // the deepest nesting seen
  struct Field {
    std::string key;
    Kind kind = Kind::kOther;
    std::string value;
  };
  std::vector<Field> fields;
};

class TopLevelSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit TopLevelSax(NlohmannView* v) : v_(v) {}
  bool null() override { return Value(Kind::kNull, ""); }
  bool boolean(bool) override { return Value(Kind::kOther, ""); }
  bool number_integer(number_integer_t) override { return Value(Kind::kOther, ""); }
  bool number_unsigned(number_unsigned_t) override { return Value(Kind::kOther, ""); }
  bool number_float(number_float_t, const string_t&) override { return Value(Kind::kOther, ""); }
  bool string(string_t& s) override { return Value(Kind::kString, s); }
  bool binary(binary_t&) override { return Value(Kind::kOther, ""); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) v_->object = true;
    Open();
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1 && v_->object) v_->fields.push_back({k, Kind::kOther, ""});
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    Open();
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  void Open() {
    Value(Kind::kOther, "");  // an array or object as a field's value
    v_->depth = std::max(v_->depth, ++depth_);
  }
  bool Value(Kind kind, const std::string& s) {
    if (depth_ == 1 && v_->object) {
      v_->fields.back().kind = kind;
      v_->fields.back().value = s;
    }
    return true;
  }
  NlohmannView* v_;
  int depth_ = 0;
};

NlohmannView Nlohmann(const std::string& line) {
  NlohmannView v;
  TopLevelSax sax(&v);
  v.parsed = nlohmann::json::sax_parse(line, &sax, nlohmann::json::input_format_t::json, true);
  return v;
}

bool UniqueKeys(const NlohmannView& v) {
  std::map<std::string, int> seen;
  for (const auto& f : v.fields) {
    if (seen[f.key]++ > 0) return false;
  }
  return true;
}

// The fast path accepts exactly the lines nlohmann reads as an object of 1 to 32 fields with no
// top-level key twice (nested at most 64 deep, no byte-order mark), with the same keys, kinds and
// string values. Returns the fast path's answer.
bool ExpectAgrees(const std::string& line) {
  std::vector<JsonLineField> fields;
  const bool fast = ParseFlatJsonLine(line, &fields);
  const NlohmannView ref = Nlohmann(line);
  const bool bom = line.rfind("\xEF\xBB\xBF", 0) == 0;
  const bool expected = ref.parsed && ref.object && !ref.fields.empty() &&
                        ref.fields.size() <= 32 && ref.depth <= 64 && UniqueKeys(ref) && !bom;
  EXPECT_EQ(fast, expected) << "line: " << line;
  if (!fast || !expected) return fast;
  EXPECT_EQ(fields.size(), ref.fields.size()) << line;
  if (fields.size() != ref.fields.size()) return fast;
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].key, ref.fields[i].key) << line;
    EXPECT_EQ(fields[i].kind, ref.fields[i].kind) << line;
    EXPECT_EQ(fields[i].value, ref.fields[i].value) << line;
  }
  return fast;
}

TEST(JsonLineTest, ReadsAFlatObjectOfStrings) {
  std::vector<JsonLineField> f;
  ASSERT_TRUE(ParseFlatJsonLine(
      R"( {"id": "d1", "text":"Line one.\nLine \"two\" \u00e9\ud83d\ude00 \/ \\ \t", "url" : null} )",
      &f));
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].key, "id");
  EXPECT_EQ(f[0].value, "d1");
  EXPECT_EQ(f[1].key, "text");
  EXPECT_EQ(f[1].value, "Line one.\nLine \"two\" \xC3\xA9\xF0\x9F\x98\x80 / \\ \t");
  EXPECT_EQ(f[2].key, "url");
  EXPECT_EQ(f[2].kind, Kind::kNull);
}

TEST(JsonLineTest, SkipsOtherValuesAfterCheckingThem) {
  std::vector<JsonLineField> f;
  ASSERT_TRUE(ParseFlatJsonLine(
      R"({"id": 7, "text": "a", "ok": true, "no": false, "meta": {"x": ["y", -0.5e-3, {}], "z": null},)"
      R"( "list": [], "big": 123456789012345678901234567890})",
      &f));
  ASSERT_EQ(f.size(), 7u);
  EXPECT_EQ(f[0].kind, Kind::kOther);
  EXPECT_EQ(f[1].kind, Kind::kString);
  EXPECT_EQ(f[1].value, "a");
  const char* keys[] = {"id", "text", "ok", "no", "meta", "list", "big"};
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(f[i].key, keys[i]);
  for (size_t i : {2, 3, 4, 5, 6}) EXPECT_EQ(f[i].kind, Kind::kOther) << f[i].key;
  // Numbers at the edges of what a double holds, as nlohmann takes them.
  for (const std::string& n : std::vector<std::string>{"1.7976931348623157e308", "4.9e-324", "1e-400", "-0", "9223372036854775808",
        "18446744073709551616", "123456789012345678", "1" + std::string(308, '0'),
        "1.8e308", "-1.8e308", "2" + std::string(308, '0'), "1e999999"}) {
    ExpectAgrees(R"({"text": "a", "n": )" + n + "}");
  }
}

TEST(JsonLineTest, DeclinesNestingPast64LikeTheOracle) {
  // The top-level object counts as one: 63 arrays inside it are 64 open at once.
  for (int arrays : {62, 63, 64}) {
    for (const char* inner : {"", "1"}) {
      const std::string line = R"({"text": "a", "m": )" + std::string(arrays, '[') + inner +
                               std::string(arrays, ']') + "}";
      std::vector<JsonLineField> f;
      EXPECT_EQ(ParseFlatJsonLine(line, &f), arrays <= 63) << arrays << " arrays, '" << inner << "'";
      ExpectAgrees(line);
    }
  }
}

TEST(JsonLineTest, LeavesEverythingElseToNlohmann) {
  std::vector<JsonLineField> f;
  for (const char* line : {
           R"({})",                                  // nothing to read
           R"({"text": "a", "text": "b"})",          // nlohmann keeps the last
           "\xEF\xBB\xBF{\"text\": \"a\"}",          // byte-order mark
           "{\"text\": \"\xC0\x80\"}",               // overlong UTF-8
           "{\"text\": \"\xED\xA0\x80\"}",           // a surrogate in UTF-8
           "{\"text\": \"\xF5\x80\x80\x80\"}",       // above U+10FFFF
           "{\"text\": \"\xE2\x82\"}",               // cut short
           R"({"text": "\ud800"})",                 // lone high surrogate
           R"({"text": "\udc00"})",                 // lone low surrogate
           R"({"text": "\ud800\u0041"})",           // high surrogate, then no low one
           R"({"text": "\x41"})",                   // no such escape
           R"({"text": "\u12G4"})",                 // not hex
           "{\"text\": \"a\tb\"}",                   // a raw control character
           R"({"text": "a"} x)",                    // trailing garbage
           R"({"text": "a",})",                     // trailing comma
           R"({"text": "a" "id": "b"})",            // missing comma
           R"({"text": "a")",                       // unclosed
           R"({"text": "a)",                        // unterminated string
           R"(["text", "a"])",                      // not an object
           R"({"text": nul})",                      // not a literal
           R"({"text": "a", "n": 1e400})",          // a number no double holds
           R"({"text": "a", "n": 01})",             // a leading zero
           R"({"text": "a", "n": 1.})",             // no digits after the point
           R"({"text": "a", "n": .5})",             // none before it
           R"({"text": "a", "n": +1})",             // a plus sign
           R"({"text": "a", "n": 1e})",             // no exponent digits
           R"({"text": "a", "m": {"k": "\ud800"}})",  // a bad string inside a skipped value
           R"({"text": "a", "m": [1, 2,]})",        // trailing comma inside
           R"({"text": "a", "m": {"k" 1}})",        // missing colon inside
           R"({"text": "a", "m": {1: 2}})",         // a key that is not a string
           R"({"text": "a", "m": truth})",          // not a literal
       }) {
    EXPECT_FALSE(ParseFlatJsonLine(line, &f)) << line;
    ExpectAgrees(line);
  }
  // Nesting past 64 is left to nlohmann, which reads it.
  const std::string deep = "{\"text\": \"a\", \"m\": " + std::string(70, '[') +
                           std::string(70, ']') + "}";
  EXPECT_FALSE(ParseFlatJsonLine(deep, &f));
  EXPECT_TRUE(nlohmann::json::accept(deep));
}

TEST(JsonLineTest, ManyFieldsAndTrailingNulGoToNlohmann) {
  std::vector<JsonLineField> f;
  // Past 32 fields the line is nlohmann's, so that checking keys for repeats stays cheap on a
  // line of a million keys.
  std::string many = "{";
  for (int i = 0; i < 33; ++i) many += "\"k" + std::to_string(i) + "\": null, ";
  std::string ok = many.substr(0, many.rfind(", \"k32\"")) + "}";
  EXPECT_TRUE(ParseFlatJsonLine(ok, &f));
  EXPECT_EQ(f.size(), 32u);
  many += "\"text\": \"a\"}";
  EXPECT_FALSE(ParseFlatJsonLine(many, &f));
  EXPECT_TRUE(nlohmann::json::accept(many));
  // nlohmann stops at a NUL byte after the object; the fast path leaves such a line to it.
  const std::string nul("{\"text\": \"a\"}\0junk", 18);
  EXPECT_FALSE(ParseFlatJsonLine(nul, &f));
}

TEST(JsonLineTest, AgreesWithNlohmannOnRandomLines) {
  // Lines built from pieces that exercise every rule, most of them valid JSON.
  const std::vector<std::string> string_pieces = {
      "plain words ", "x", "\\n", "\\\"", "\\\\", "\\/", "\\b\\f\\r\\t", "\\u0041", "\\u00e9",
      "\\u20AC", "\\ud83d\\ude00", "\\u0000", "\\ud800", "\\udfff", "\\uD834\\uDD1E", "\\q",
      "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC3", "\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
      "\xEF\xBF\xBF", "\x01", "\x7F", "\"", "\\", "12345678", "abcdefghijklmnop"};
  const std::vector<std::string> keys = {"id", "text", "date", "url", "t\\u0065xt", "a b", ""};
  const std::vector<std::string> others = {
      "null", "true", "false", "1", "-0", "-2.5e3", "1E+2", "0.000001", "1e400", "-1e-400", "01",
      "1.", ".5", "12345678901234567890123", "[]", "{}", "{\"a\":\"b\"}", "[1,[2,{\"x\":[null]}]]",
      "{\"a\":{\"b\":\"\\ud800\"}}", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "[\"\xC3\"]", "nul",
      "\"\"", "tru", "[true false]"};
  const std::vector<std::string> spaces = {"", "", " ", "\t", "  \r\n "};
  std::mt19937 rng(20261204);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  auto str = [&] {
    std::string s = "\"";
    const int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) s += pick(string_pieces);
    // Mostly well-formed: drop the pieces that break a string, three times in four.
    if (rng() % 4 != 0 && !nlohmann::json::accept(s + "\"")) s = "\"ok";
    return s + "\"";
  };
  int accepted = 0;
  constexpr int kRounds = 20000;
  for (int round = 0; round < kRounds; ++round) {
    std::string line = pick(spaces) + "{";
    const int n = static_cast<int>(rng() % 5);
    for (int i = 0; i < n; ++i) {
      if (i > 0) line += pick(spaces) + ",";
      line += pick(spaces) + "\"" + pick(keys) + "\"" + pick(spaces) + ":" + pick(spaces);
      line += rng() % 10 == 0 ? pick(others) : str();
    }
    line += pick(spaces) + "}" + pick(spaces);
    if (rng() % 20 == 0) line.erase(rng() % line.size(), 1);  // a random cut
    if (rng() % 50 == 0) line.insert(rng() % line.size(), "\x0B");  // not JSON whitespace
    accepted += ExpectAgrees(line);
    if (HasFailure()) return;
  }
  // Both answers were exercised often.
  EXPECT_GT(accepted, kRounds / 4);
  EXPECT_LT(accepted, kRounds * 3 / 4);
}

TEST(JsonLineTest, ReusesFieldsFromLineToLine) {
  std::vector<JsonLineField> f;
  ASSERT_TRUE(ParseFlatJsonLine(R"({"a": "1", "b": "2", "c": "3"})", &f));
  ASSERT_TRUE(ParseFlatJsonLine(R"({"text": "only"})", &f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].key, "text");
  EXPECT_EQ(f[0].value, "only");
  EXPECT_EQ(f[0].kind, Kind::kString);
}

}  // namespace
}  // namespace textrace
