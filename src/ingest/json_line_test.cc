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

// What nlohmann's parser makes of a line, read through its SAX interface so that repeated keys
// show: the top-level keys with their string values (nullopt for null), and whether the line is a
// flat object of strings and nulls at all.
struct NlohmannView {
  bool parsed = false;
  bool flat = false;  // an object whose values are all strings or null
  std::vector<std::pair<std::string, std::optional<std::string>>> fields;
};

class FlatSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit FlatSax(NlohmannView* v) : v_(v) {}
  bool null() override { return Value(std::nullopt); }
  bool boolean(bool) override { return Other(); }
  bool number_integer(number_integer_t) override { return Other(); }
  bool number_unsigned(number_unsigned_t) override { return Other(); }
  bool number_float(number_float_t, const string_t&) override { return Other(); }
  bool string(string_t& s) override { return Value(s); }
  bool binary(binary_t&) override { return Other(); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) top_object_ = true;
    if (depth_++ > 0) v_->flat = false;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1 && top_object_) v_->fields.emplace_back(k, std::nullopt);
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;  // a top-level array is never flat, so its elements are not fields
    v_->flat = false;
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
  bool Value(std::optional<std::string> s) {
    if (depth_ == 1 && top_object_) {
      v_->fields.back().second = std::move(s);
    } else if (depth_ == 0) {
      v_->flat = false;  // a bare string or null, not an object
    }
    return true;
  }
  bool Other() {
    v_->flat = false;
    return true;
  }
  NlohmannView* v_;
  int depth_ = 0;
  bool top_object_ = false;
};

NlohmannView Nlohmann(const std::string& line) {
  NlohmannView v;
  v.flat = true;
  FlatSax sax(&v);
  v.parsed = nlohmann::json::sax_parse(line, &sax, nlohmann::json::input_format_t::json, true);
  if (!v.parsed) v.flat = false;
  return v;
}

bool UniqueKeys(const NlohmannView& v) {
  std::map<std::string, int> seen;
  for (const auto& f : v.fields) {
    if (seen[f.first]++ > 0) return false;
  }
  return true;
}

// The fast path accepts exactly the lines nlohmann reads as a flat object of strings and nulls
// with no key twice (and no byte-order mark), with the same keys and values.
// Returns the fast path's answer.
bool ExpectAgrees(const std::string& line) {
  std::vector<JsonLineField> fields;
  const bool fast = ParseFlatJsonLine(line, &fields);
  const NlohmannView ref = Nlohmann(line);
  const bool bom = line.rfind("\xEF\xBB\xBF", 0) == 0;
  const bool expected = ref.parsed && ref.flat && !ref.fields.empty() && UniqueKeys(ref) && !bom;
  EXPECT_EQ(fast, expected) << "line: " << line;
  if (!fast || !expected) return fast;
  EXPECT_EQ(fields.size(), ref.fields.size()) << line;
  if (fields.size() != ref.fields.size()) return fast;
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].key, ref.fields[i].first) << line;
    EXPECT_EQ(fields[i].is_null, !ref.fields[i].second.has_value()) << line;
    if (ref.fields[i].second) EXPECT_EQ(fields[i].value, *ref.fields[i].second) << line;
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
  EXPECT_TRUE(f[2].is_null);
}

TEST(JsonLineTest, LeavesEverythingElseToNlohmann) {
  std::vector<JsonLineField> f;
  for (const char* line : {
           R"({"id": 7, "text": "a"})",            // a number
           R"({"text": "a", "ok": true})",          // a boolean
           R"({"text": "a", "meta": {"x": "y"}})",  // nested
           R"({"text": ["a"]})",                    // an array
           R"({})",                                 // nothing to read
           R"({"text": "a", "text": "b"})",         // nlohmann keeps the last
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
       }) {
    EXPECT_FALSE(ParseFlatJsonLine(line, &f)) << line;
    ExpectAgrees(line);
  }
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
  const std::vector<std::string> others = {"null", "true", "1", "-2.5e3", "[]", "{}", "{\"a\":\"b\"}",
                                           "nul", "\"\""};
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
  EXPECT_FALSE(f[0].is_null);
}

}  // namespace
}  // namespace textrace
