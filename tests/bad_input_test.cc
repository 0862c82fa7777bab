// Bad and extreme input, through the CLI (the TEXTRACE_CLI binary, as a user runs it) and through
// the library: empty, binary, invalid UTF-8, missing, a directory, and a 50 MB document.
//
// Every file is written under a fresh mkdtemp() directory in /tmp, removed at the end.

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/relate.h"
#include "textrace/report.h"

namespace textrace {
namespace {

// ---------------------------------------------------------------------------------------------
// A strict JSON reader (RFC 8259) with UTF-8 validation, so that the CLI's output is checked by
// code independent of the library that wrote it.

struct Json {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  bool boolean = false;
  double number = 0;
  std::string str;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* Get(std::string_view key) const {
    for (const auto& [k, v] : members) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  // Member `key` as a number (NaN when absent or not a number).
  double Num(std::string_view key) const {
    const Json* v = Get(key);
    return v != nullptr && v->kind == kNumber ? v->number : std::nan("");
  }
  // Member `key` as a string ("" when absent or not a string).
  std::string Str(std::string_view key) const {
    const Json* v = Get(key);
    return v != nullptr && v->kind == kString ? v->str : "";
  }
};

// Length of the valid UTF-8 sequence at s[i] (shortest form, no surrogates, <= U+10FFFF), or 0.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < lo || b > hi) return 0;
    lo = 0x80;
    hi = 0xBF;
  }
  return len;
}

bool IsValidUtf8(std::string_view s, size_t* bad_at = nullptr) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      if (bad_at != nullptr) *bad_at = i;
      return false;
    }
    i += n;
  }
  return true;
}

class JsonReader {
 public:
  explicit JsonReader(std::string_view s) : s_(s) {}

  // Parses one complete document (trailing whitespace allowed); on failure `error()` says where.
  bool Parse(Json* out) {
    SkipSpace();
    if (!Value(out, 0)) return false;
    SkipSpace();
    if (p_ != s_.size()) return Fail("trailing data");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  bool Fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at byte " + std::to_string(p_);
    return false;
  }
  void SkipSpace() {
    while (p_ < s_.size() &&
           (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) {
      ++p_;
    }
  }
  bool Literal(std::string_view word) {
    if (s_.substr(p_, word.size()) != word) return Fail("bad literal");
    p_ += word.size();
    return true;
  }
  bool Value(Json* v, int depth) {
    if (depth > 64) return Fail("too deep");
    if (p_ >= s_.size()) return Fail("unexpected end");
    switch (s_[p_]) {
      case '{':
        return Object(v, depth);
      case '[':
        return Array(v, depth);
      case '"':
        v->kind = Json::kString;
        return String(&v->str);
      case 't':
        v->kind = Json::kBool;
        v->boolean = true;
        return Literal("true");
      case 'f':
        v->kind = Json::kBool;
        v->boolean = false;
        return Literal("false");
      case 'n':
        v->kind = Json::kNull;
        return Literal("null");
      default:
        return Number(v);
    }
  }
  bool Object(Json* v, int depth) {
    v->kind = Json::kObject;
    ++p_;
    SkipSpace();
    if (p_ < s_.size() && s_[p_] == '}') {
      ++p_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (p_ >= s_.size() || s_[p_] != '"') return Fail("expected key");
      std::string key;
      if (!String(&key)) return false;
      SkipSpace();
      if (p_ >= s_.size() || s_[p_] != ':') return Fail("expected ':'");
      ++p_;
      SkipSpace();
      Json member;
      if (!Value(&member, depth + 1)) return false;
      v->members.emplace_back(std::move(key), std::move(member));
      SkipSpace();
      if (p_ < s_.size() && s_[p_] == ',') {
        ++p_;
        continue;
      }
      if (p_ < s_.size() && s_[p_] == '}') {
        ++p_;
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }
  bool Array(Json* v, int depth) {
    v->kind = Json::kArray;
    ++p_;
    SkipSpace();
    if (p_ < s_.size() && s_[p_] == ']') {
      ++p_;
      return true;
    }
    while (true) {
      SkipSpace();
      Json item;
      if (!Value(&item, depth + 1)) return false;
      v->items.push_back(std::move(item));
      SkipSpace();
      if (p_ < s_.size() && s_[p_] == ',') {
        ++p_;
        continue;
      }
      if (p_ < s_.size() && s_[p_] == ']') {
        ++p_;
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }
  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  bool Hex4(uint32_t* out) {
    if (p_ + 4 > s_.size()) return Fail("short \\u escape");
    *out = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[p_++];
      *out <<= 4;
      if (c >= '0' && c <= '9') {
        *out |= c - '0';
      } else if (c >= 'a' && c <= 'f') {
        *out |= c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        *out |= c - 'A' + 10;
      } else {
        return Fail("bad hex digit");
      }
    }
    return true;
  }
  bool String(std::string* out) {
    ++p_;  // opening quote
    while (true) {
      if (p_ >= s_.size()) return Fail("unterminated string");
      const auto c = static_cast<unsigned char>(s_[p_]);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return Fail("raw control character in string");
      if (c == '\\') {
        if (++p_ >= s_.size()) return Fail("unterminated escape");
        const char e = s_[p_++];
        switch (e) {
          case '"':
            out->push_back('"');
            break;
          case '\\':
            out->push_back('\\');
            break;
          case '/':
            out->push_back('/');
            break;
          case 'b':
            out->push_back('\b');
            break;
          case 'f':
            out->push_back('\f');
            break;
          case 'n':
            out->push_back('\n');
            break;
          case 'r':
            out->push_back('\r');
            break;
          case 't':
            out->push_back('\t');
            break;
          case 'u': {
            uint32_t cp;
            if (!Hex4(&cp)) return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail("lone low surrogate");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t lo;
              if (s_.substr(p_, 2) != "\\u" || (p_ += 2, !Hex4(&lo)) || lo < 0xDC00 ||
                  lo > 0xDFFF) {
                return Fail("lone high surrogate");
              }
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            AppendUtf8(cp, out);
            break;
          }
          default:
            return Fail("bad escape");
        }
        continue;
      }
      const size_t n = Utf8SequenceLength(s_, p_);
      if (n == 0) return Fail("invalid UTF-8 in string");
      out->append(s_.substr(p_, n));
      p_ += n;
    }
  }
  bool Number(Json* v) {
    const size_t start = p_;
    auto digits = [&] {
      const size_t d = p_;
      while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') ++p_;
      return p_ > d;
    };
    if (p_ < s_.size() && s_[p_] == '-') ++p_;
    if (p_ < s_.size() && s_[p_] == '0') {
      ++p_;
    } else if (!digits()) {
      return Fail("bad value");
    }
    if (p_ < s_.size() && s_[p_] == '.') {
      ++p_;
      if (!digits()) return Fail("bad fraction");
    }
    if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) {
      ++p_;
      if (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-')) ++p_;
      if (!digits()) return Fail("bad exponent");
    }
    v->kind = Json::kNumber;
    v->number = std::strtod(std::string(s_.substr(start, p_ - start)).c_str(), nullptr);
    return true;
  }

  std::string_view s_;
  size_t p_ = 0;
  std::string error_;
};

TEST(JsonReaderSelfTest, AcceptsValidAndRejectsInvalid) {
  // The checker itself must be able to fail, or the CLI tests below prove nothing.
  Json v;
  EXPECT_TRUE(
      JsonReader(R"({"a": [1, -2.5e3, true, null], "b": "x\u00e9\ud83d\ude00"})").Parse(&v));
  EXPECT_EQ(v.Get("b")->str, "x\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(v.Get("a")->items.size(), 4u);
  EXPECT_FALSE(JsonReader(R"({"a": 1,})").Parse(&v));
  EXPECT_FALSE(JsonReader("{\"a\": \"\xFF\"}").Parse(&v));          // invalid UTF-8
  EXPECT_FALSE(JsonReader("{\"a\": \"\xED\xA0\x80\"}").Parse(&v));  // encoded surrogate
  EXPECT_FALSE(JsonReader("{\"a\": \"line\nbreak\"}").Parse(&v));   // raw control character
  EXPECT_FALSE(JsonReader(R"({"a": "\ud83d"})").Parse(&v));         // lone surrogate escape
  EXPECT_FALSE(JsonReader("[1] [2]").Parse(&v));
  EXPECT_FALSE(JsonReader("").Parse(&v));
}

// ---------------------------------------------------------------------------------------------

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAll(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

// A paragraph written for these tests, and a second, unrelated one.
const std::string kText =
    "The storm reached the fishing harbour shortly after midnight on Tuesday. Waves taller than "
    "the lighthouse gallery broke over the northern breakwater and flooded the quay. Several "
    "trawlers tore loose from their moorings and drifted against the ferry terminal. Volunteers "
    "from the lifeboat station worked until dawn to secure the remaining vessels. By morning the "
    "harbour master counted eleven damaged boats and one sunken dinghy. Nobody was injured, "
    "although two elderly residents were evacuated from cottages beside the slipway.\n";
const std::string kOtherText =
    "Engineers have restored the narrow gauge railway that once carried slate from the quarries "
    "to the coast. The steam locomotive spent forty years rusting in a scrapyard. Enthusiasts "
    "rebuilt its boiler, wheels and brass fittings by hand over six summers.\n";

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/textrace_bad_input_XXXXXX";
    const char* d = mkdtemp(tmpl);
    ASSERT_NE(d, nullptr) << "mkdtemp failed";
    dir_ = new std::string(d);
  }
  static void TearDownTestSuite() {
    if (dir_ != nullptr) {
      std::error_code ec;
      std::filesystem::remove_all(*dir_, ec);
      delete dir_;
      dir_ = nullptr;
    }
  }
  void SetUp() override {
    ASSERT_NE(dir_, nullptr);
    ASSERT_TRUE(std::filesystem::exists(TEXTRACE_CLI))
        << "CLI binary " << TEXTRACE_CLI << " not built: build target textrace_cli first";
    auto an = Analyzer::Create(AnalyzerOptions{});
    ASSERT_TRUE(an.ok()) << an.status().ToString();
    analyzer_ = std::move(an).value();
  }

  static std::string Path(const std::string& name) { return *dir_ + "/" + name; }

  // Runs the CLI with `args` (already shell-quoted where needed), capturing stdout and stderr.
  static CliResult Run(const std::string& args) {
    static int n = 0;
    const std::string out = Path("cli_out_" + std::to_string(n));
    const std::string err = Path("cli_err_" + std::to_string(n++));
    const std::string cmd = std::string("'") + TEXTRACE_CLI + "' " + args + " >'" + out + "' 2>'" +
                            err + "' </dev/null";
    const int status = std::system(cmd.c_str());
    CliResult r;
    if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (status != -1 && WIFSIGNALED(status)) r.exit_code = 128 + WTERMSIG(status);
    r.out = ReadAll(out);
    r.err = ReadAll(err);
    return r;
  }

  static std::string Quote(const std::string& path) { return "'" + path + "'"; }

  AnalyzedDocument Analyze(const std::string& path) {
    auto bytes = ReadFileBytes(path);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    auto d = analyzer_->Analyze(path, bytes.ok() ? std::move(bytes).value() : "");
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? std::move(d).value() : AnalyzedDocument();
  }

  // Parses CLI JSON output, checking it is valid UTF-8 first.
  static bool ParseJson(const std::string& text, Json* out) {
    size_t bad = 0;
    EXPECT_TRUE(IsValidUtf8(text, &bad)) << "invalid UTF-8 in JSON output at byte " << bad;
    JsonReader reader(text);
    const bool ok = reader.Parse(out);
    EXPECT_TRUE(ok) << "invalid JSON: " << reader.error() << "\n" << text.substr(0, 2000);
    return ok;
  }

  // JSON passages are within their documents' bytes and chars.
  static void ExpectPassagesInBounds(const Json& j, double a_bytes, double b_bytes) {
    const Json* ps = j.Get("passages");
    ASSERT_NE(ps, nullptr);
    const double a_chars = j.Get("a")->Num("chars"), b_chars = j.Get("b")->Num("chars");
    for (const Json& p : ps->items) {
      for (const auto& [side, bytes, chars] :
           {std::tuple("a", a_bytes, a_chars), std::tuple("b", b_bytes, b_chars)}) {
        const Json* s = p.Get(side);
        ASSERT_NE(s, nullptr);
        EXPECT_LE(0, s->Num("byte_begin"));
        EXPECT_LT(s->Num("byte_begin"), s->Num("byte_end"));
        EXPECT_LE(s->Num("byte_end"), bytes);
        EXPECT_LE(0, s->Num("char_begin"));
        EXPECT_LT(s->Num("char_begin"), s->Num("char_end"));
        EXPECT_LE(s->Num("char_end"), chars);
        EXPECT_LE(s->Num("char_end"), s->Num("byte_end"));
      }
    }
  }

  static std::string* dir_;
  std::unique_ptr<Analyzer> analyzer_;
};

std::string* BadInputTest::dir_ = nullptr;

// compare reads a document as scan does, and scan skips an empty file: compare says so, naming
// the file, whichever side it is on, and aligns nothing.
TEST_F(BadInputTest, EmptyFileIsRefusedByCompareAsScanSkipsIt) {
  const std::string empty = Path("empty.txt"), text = Path("text.txt");
  WriteAll(empty, "");
  WriteAll(text, kText);
  for (const auto& args : {Quote(empty) + " " + Quote(text), Quote(text) + " " + Quote(empty)}) {
    for (const char* format : {"text", "json"}) {
      const CliResult r = Run(std::string("compare --format ") + format + " " + args);
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_NE(r.err.find(empty + ": empty"), std::string::npos) << r.err;
      EXPECT_EQ(r.err.find(text + ":"), std::string::npos) << r.err;
      EXPECT_TRUE(r.out.empty()) << r.out;
    }
  }
  // The library: an empty document, no passages.
  const AnalyzedDocument a = Analyze(empty), b = Analyze(text);
  EXPECT_TRUE(a.tokens.empty());
  const auto ps = Aligner(AlignOptions{}, nullptr).Align(a, b);
  EXPECT_TRUE(ps.empty());
  EXPECT_EQ(Relate(a, b, ps).relation, Relation::kNone);
}

// A binary file is not a document to scan, nor to compare: compare refuses it with scan's
// reason, naming the file (it used to align 64 KB of noise as thousands of "words"). The
// analyzer and aligner still take any bytes without crashing.
TEST_F(BadInputTest, BinaryFileIsRefusedByCompareAndDoesNotCrashTheAligner) {
  std::mt19937 rng(2024);
  std::string bytes(64 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
  for (size_t i = 0; i < bytes.size(); i += 50) bytes[i] = '\0';
  const std::string bin = Path("random.bin"), text = Path("text.txt");
  WriteAll(bin, bytes);
  WriteAll(text, kText);
  for (const auto& args : {Quote(bin) + " " + Quote(text), Quote(text) + " " + Quote(bin),
                           Quote(bin) + " " + Quote(bin)}) {
    const CliResult r = Run("compare --format json " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(bin + ": not text (binary"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  // The library.
  const AnalyzedDocument a = Analyze(bin), b = Analyze(text);
  EXPECT_GT(a.invalid_utf8_sequences, 0);
  EXPECT_EQ(a.bytes.size(), bytes.size());
  const Aligner aligner(AlignOptions{}, nullptr);
  EXPECT_TRUE(aligner.Align(a, b).empty());
  aligner.Align(a, a);  // must not crash, whatever it finds
}

TEST_F(BadInputTest, InvalidUtf8IsCountedAndJsonStaysValid) {
  // kText with 3 lone 0xFF bytes and 2 truncated sequences (E2 82, the first two bytes of "€")
  // between words: 5 invalid sequences, and the words themselves unchanged, so A still copies
  // the text and the passage's text in the JSON has to carry the damage.
  std::string damaged = kText;
  size_t at = 0;
  const char* inserts[] = {"\xFF", "\xE2\x82", "\xFF", "\xE2\x82", "\xFF"};
  for (const char* ins : inserts) {
    at = damaged.find(". ", at + 1);
    ASSERT_NE(at, std::string::npos);
    damaged.insert(at + 2, std::string(ins) + " ");
  }
  // The reader takes a file for UTF-8 while at most 1 in 20 of its non-ASCII sequences is
  // invalid (else it detects a legacy encoding, as for the seeds' mojibake): a paragraph of
  // accented words keeps this one UTF-8, as damaged UTF-8 usually is.
  std::string accents = "\n\n";
  for (int i = 0; i < 40; ++i)
    accents +=
        "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
        "e \xC3\xA0 la carte. ";
  damaged += accents;
  const std::string bad = Path("bad_utf8.txt"), text = Path("text.txt");
  WriteAll(bad, damaged);
  WriteAll(text, kText);
  const CliResult r = Run("compare --format json " + Quote(bad) + " " + Quote(text));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("5 invalid UTF-8 sequence"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(text + ": "), std::string::npos) << "clean file warned about: " << r.err;
  Json v;
  ASSERT_TRUE(ParseJson(r.out, &v));
  EXPECT_EQ(v.Get("a")->Num("invalid_utf8_sequences"), 5);
  EXPECT_EQ(v.Get("b")->Num("invalid_utf8_sequences"), 0);
  ExpectPassagesInBounds(v, damaged.size(), kText.size());
  ASSERT_FALSE(v.Get("passages")->items.empty());
  const Json& p = v.Get("passages")->items[0];
  // The invalid bytes are shown as U+FFFD in the passage text.
  EXPECT_NE(p.Get("a")->Get("text")->str.find("\xEF\xBF\xBD"), std::string::npos);
  // The library counts the same.
  const AnalyzedDocument a = Analyze(bad);
  EXPECT_EQ(a.invalid_utf8_sequences, 5);
  // Char offsets count each invalid sequence as one code point.
  // Each insertion is one invalid sequence (one code point, as its U+FFFD) and a space; each
  // accented letter is two bytes and one code point.
  EXPECT_EQ(a.char_length, static_cast<int64_t>(kText.size() + accents.size()) + 5 * 2 - 160);
}

TEST_F(BadInputTest, NonexistentFileIsAnErrorNamingIt) {
  const std::string text = Path("text.txt"), missing = Path("no_such_file.txt");
  WriteAll(text, kText);
  const CliResult r = Run("compare " + Quote(missing) + " " + Quote(text));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  const CliResult r2 = Run("compare " + Quote(text) + " " + Quote(missing));
  EXPECT_NE(r2.exit_code, 0);
  EXPECT_NE(r2.err.find(missing), std::string::npos) << r2.err;
  // The library.
  auto bytes = ReadFileBytes(missing);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kNotFound);
  EXPECT_NE(bytes.status().message().find(missing), std::string::npos);
}

TEST_F(BadInputTest, DirectoryIsAnErrorNamingIt) {
  const std::string text = Path("text.txt"), sub = Path("subdir");
  WriteAll(text, kText);
  std::filesystem::create_directory(sub);
  for (const auto& args : {Quote(sub) + " " + Quote(text), Quote(text) + " " + Quote(sub)}) {
    const CliResult r = Run("compare " + args);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_LT(r.exit_code, 128) << "crashed: " << r.err;
    EXPECT_NE(r.err.find(sub), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("directory"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

// DISABLED: library bug. ReadFileBytes() on a directory throws std::bad_alloc on ext4 (the
// directory opens as an ifstream, seekg(0, end) reports a size near 2^63, and the resize throws)
// instead of returning IoError; on tmpfs it returns the intended "not a regular file" IoError.
// `compare` checks for directories itself, so only this library call shows it.
TEST_F(BadInputTest, LibraryReadOfDirectoryIsAnError) {
  const std::string sub = Path("subdir_lib");
  std::filesystem::create_directory(sub);
  StatusOr<std::string> bytes = IoError("not run");
  EXPECT_NO_THROW(bytes = ReadFileBytes(sub));
  EXPECT_FALSE(bytes.ok());
  if (!bytes.ok()) EXPECT_NE(bytes.status().message().find(sub), std::string::npos);
}

// DISABLED: same bug, seen by a CLI user: `--thesaurus` naming a directory aborts the process
// ("terminate called after throwing an instance of 'std::bad_alloc'", exit 134) instead of
// printing "textrace: error: DIR: ..." and exiting 1. `eval pan` reading a document path that is
// a directory goes through the same ReadFileBytes().
TEST_F(BadInputTest, ThesaurusThatIsADirectoryIsAnError) {
  const std::string text = Path("text.txt"), sub = Path("subdir_th");
  WriteAll(text, kText);
  std::filesystem::create_directory(sub);
  const CliResult r =
      Run("compare --thesaurus " + Quote(sub) + " " + Quote(text) + " " + Quote(text));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_LT(r.exit_code, 128) << "crashed: " << r.err;
  EXPECT_NE(r.err.find("textrace: error: " + sub), std::string::npos) << r.err;
}

// Deterministic generated prose: pseudo-words from syllables, each sentence numbered so that no
// two are the same.
class ProseGenerator {
 public:
  std::string Sentence(uint64_t n) {
    static const char* kSyllables[] = {"ka",  "lo",  "mi",  "ren", "tas", "vo",  "bri", "del",
                                       "fu",  "gan", "hor", "ist", "jum", "ple", "qua", "sor",
                                       "tin", "ub",  "wex", "yal", "zo",  "nar", "cel", "dun"};
    constexpr int kCount = sizeof(kSyllables) / sizeof(kSyllables[0]);
    std::string s = "Record " + std::to_string(n) + " says";
    const int words = 8 + static_cast<int>(Next() % 7);
    for (int w = 0; w < words; ++w) {
      s += ' ';
      const int syl = 2 + static_cast<int>(Next() % 2);
      for (int k = 0; k < syl; ++k) s += kSyllables[Next() % kCount];
      if (w == words / 2) s += ',';
    }
    s += ". ";
    return s;
  }

 private:
  uint64_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 33;
  }
  uint64_t state_ = 88172645463325252ULL;
};

TEST_F(BadInputTest, FiftyMegabyteDocument) {
  const auto start = std::chrono::steady_clock::now();
  constexpr size_t kTarget = 50u << 20;
  ProseGenerator gen;
  std::string big;
  big.reserve(kTarget + 1000);
  std::string copied;  // a run of consecutive sentences from the middle, copied by the small doc
  size_t copy_begin = 0;
  bool copying = false;
  for (uint64_t n = 0; big.size() < kTarget; ++n) {
    if (n % 8 == 7) {  // paragraphs
      big += "\n\n";
      if (copying) copied += "\n\n";
    }
    if (copy_begin == 0 && big.size() >= kTarget / 2) {
      copy_begin = big.size();
      copying = true;
    }
    const std::string s = gen.Sentence(n);
    big += s;
    if (copying) copied += s;
    if (copied.size() >= 600) copying = false;
  }
  ASSERT_GT(copied.size(), 300u);
  const size_t copy_end = copy_begin + copied.size() - 1;  // without the trailing space
  ASSERT_EQ(big.substr(copy_begin, copied.size()), copied);
  const std::string small =
      "Engineers have restored the narrow gauge railway that once carried "
      "slate from the quarries to the coast.\n\n" +
      copied +
      "\n\nThe steam locomotive spent forty years rusting in a "
      "scrapyard before enthusiasts rebuilt it.\n";
  const std::string big_path = Path("big.txt"), small_path = Path("small.txt");
  WriteAll(big_path, big);
  WriteAll(small_path, small);
  big.clear();
  big.shrink_to_fit();

  const CliResult r = Run("compare --format json " + Quote(big_path) + " " + Quote(small_path));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json v;
  ASSERT_TRUE(ParseJson(r.out, &v));
  const double big_size = static_cast<double>(std::filesystem::file_size(big_path));
  EXPECT_EQ(v.Get("a")->Num("bytes"), big_size);
  EXPECT_EQ(v.Get("a")->Num("chars"), big_size);  // ASCII
  ExpectPassagesInBounds(v, big_size, small.size());
  // The copied run is found where it is in both documents, and nothing else is.
  const Json* ps = v.Get("passages");
  ASSERT_EQ(ps->items.size(), 1u) << r.out.substr(0, 3000);
  const Json& p = ps->items[0];
  const double small_begin = static_cast<double>(small.find(copied));
  EXPECT_GE(p.Get("a")->Num("byte_begin"), copy_begin);
  EXPECT_LE(p.Get("a")->Num("byte_end"), copy_end);
  EXPECT_GE(p.Get("a")->Num("byte_end") - p.Get("a")->Num("byte_begin"), 0.9 * copied.size());
  EXPECT_GE(p.Get("b")->Num("byte_begin"), small_begin);
  EXPECT_LE(p.Get("b")->Num("byte_end"), small_begin + copied.size());
  EXPECT_EQ(p.Get("a")->Get("text")->str, p.Get("b")->Get("text")->str);
  EXPECT_EQ(p.Get("kind")->str, "verbatim");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ info ] 50 MB document compared in %.1f s\n", seconds);
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAddressSanitizer = true;
#else
constexpr bool kUnderAddressSanitizer = false;
#endif

TEST_F(BadInputTest, TwoHundredMegabyteDocumentInAScan) {
  if (kUnderAddressSanitizer) {
    GTEST_SKIP() << "a 200 MB document needs about 3.5 GB, three times that under "
                    "AddressSanitizer: the release build runs this test";
  }
  const auto start = std::chrono::steady_clock::now();
  constexpr size_t kTarget = 200u << 20;
  const std::string dir = Path("huge");
  std::filesystem::create_directories(dir);
  ProseGenerator gen;
  std::string copied;
  {
    std::ofstream out(dir + "/huge.txt", std::ios::binary);
    size_t written = 0;
    std::string chunk;
    for (uint64_t n = 0; written < kTarget; ++n) {
      std::string s = gen.Sentence(n);
      if (n % 8 == 7) s += "\n\n";
      if (written >= kTarget / 2 && copied.size() < 800) copied += s;
      chunk += s;
      if (chunk.size() > (1 << 20)) {
        out << chunk;
        written += chunk.size();
        chunk.clear();
      }
    }
    out << chunk;
  }
  WriteAll(dir + "/small.txt", "A short note quoting the long document.\n\n" + copied +
                                   "\n\nAnd a closing line of its own about something else.\n");
  const CliResult r = Run("scan --threads 2 " + Quote(dir) + " -o " + Quote(Path("huge.jsonl")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Both documents are read; the copied passage is found.
  EXPECT_NE(r.err.find("2 documents (20"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("0 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 related pairs (1 partial)"), std::string::npos) << r.err;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ info ] 200 MB document scanned in %.1f s\n", seconds);
  std::filesystem::remove_all(dir);
}

TEST_F(BadInputTest, ScanTextFormatIsAlignedColumnsWithoutColourOnAPipe) {
  const std::string dir = Path("textformat");
  std::filesystem::create_directories(dir);
  WriteAll(dir + "/a.txt", kText);
  WriteAll(dir + "/b.txt", kText);
  WriteAll(dir + "/c.txt", "Something else entirely, about the weather in the hills today.");
  const CliResult r = Run("scan " + Quote(dir) + " --format text");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << "colour on a pipe";
  std::istringstream lines(r.out);
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  EXPECT_EQ(header.rfind("relation", 0), 0u) << r.out;
  EXPECT_EQ(row.rfind("duplicate", 0), 0u) << r.out;
  // Columns line up: the A and B ids (long ones keep their end) start where the header says.
  const size_t col_a = header.find("direction") + 11, col_b = header.rfind(" B") + 1;
  ASSERT_EQ(header.substr(col_a, 1), "A") << r.out;
  ASSERT_GT(row.size(), col_b) << r.out;
  EXPECT_NE(row[col_a], ' ') << r.out;
  EXPECT_EQ(row[col_a - 1], ' ') << r.out;
  EXPECT_NE(row[col_b], ' ') << r.out;
  EXPECT_EQ(row[col_b - 1], ' ') << r.out;
  EXPECT_EQ(row.substr(col_b - 7, 5), "a.txt") << r.out;
  EXPECT_TRUE(row.ends_with("b.txt")) << r.out;
  EXPECT_NE(r.out.find("family 1: 2 documents"), std::string::npos) << r.out;
  // On a pipe without --format, the JSON report as before; a bad --format is a usage error.
  EXPECT_EQ(Run("scan " + Quote(dir)).out.rfind("{\"", 0), 0u);
  const CliResult bad = Run("scan " + Quote(dir) + " --format xml");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("--format xml"), std::string::npos) << bad.err;
}

TEST_F(BadInputTest, ScanOntoAFullDiskFailsAndLeavesNoReport) {
  // A file size limit stands in for a full disk: writes past it fail (EFBIG) as they would with
  // ENOSPC. SIGXFSZ is ignored so that the write fails instead of killing the process.
  const std::string dir = Path("fulldisk");
  std::filesystem::create_directories(dir + "/in");
  for (int i = 0; i < 6; ++i) WriteAll(dir + "/in/" + std::to_string(i) + ".txt", kText);
  const std::string report = dir + "/report.jsonl";
  // The limit, 24 blocks (12 KB in dash's 512-byte blocks, 24 KB in bash's), is above each
  // temporary file (the six analyses parked come to some 7 KB) and below the report (some 47 KB).
  const std::string cmd = "trap '' XFSZ; ulimit -f 24; exec '" + std::string(TEXTRACE_CLI) +
                          "' scan " + Quote(dir + "/in") + " -o " + Quote(report) + " 2>" +
                          Quote(dir + "/err");
  WriteAll(dir + "/run.sh", cmd + "\n");
  const int status = std::system(("/bin/sh " + Quote(dir + "/run.sh") + " </dev/null").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 0);
  const std::string err = ReadAll(dir + "/err");
  EXPECT_NE(err.find("File too large"), std::string::npos) << err;
  EXPECT_NE(err.find(dir), std::string::npos) << "the message names the file: " << err;
  // No report, and no half-written temporary file beside it.
  EXPECT_FALSE(std::filesystem::exists(report));
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
  EXPECT_NE(err.find("no report written"), std::string::npos) << err;
}

TEST_F(BadInputTest, ScanReportSurvivesAClosedStderr) {
  // `textrace scan ... 2>&1 | head -1`: the reader of stderr goes away before the run ends. The
  // summary goes to stderr only after the report is in place, so a finished run keeps its report
  // even when writing the summary kills the process (SIGPIPE).
  const std::string dir = Path("closedstderr");
  std::filesystem::create_directories(dir + "/in");
  WriteAll(dir + "/in/a.txt", kText);
  WriteAll(dir + "/in/b.txt", kText + "\n" + kOtherText);
  const std::string report = dir + "/report.jsonl";
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);  // nobody will ever read stderr
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGPIPE, SIG_DFL);
    ::dup2(fds[1], STDERR_FILENO);
    const std::string in = dir + "/in";
    ::execl(TEXTRACE_CLI, "textrace", "scan", in.c_str(), "-o", report.c_str(), "--no-progress",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 127) << "could not run the CLI";
  const std::string written = ReadAll(report);
  EXPECT_NE(written.find("\"type\":\"pair\""), std::string::npos) << written;
  EXPECT_NE(written.find("\"type\":\"run\""), std::string::npos) << written;
}

}  // namespace
}  // namespace textrace

namespace textrace {
namespace {

// Regressions found in review: each reproduces a reported bug.

TEST_F(BadInputTest, CoverageCountsRepeatedTextOnce) {
  // A holds the paragraph once, B three times: B-side passages may overlap, but coverage is a
  // share of words and never exceeds 1.
  const std::string a = Path("once.txt"), b = Path("thrice.txt");
  WriteAll(a, kText);
  WriteAll(b, kText + "\n" + kOtherText + "\n" + kText + "\n" + kOtherText + "\n" + kText);
  const AnalyzedDocument da = Analyze(a), db = Analyze(b);
  const Comparison c = Relate(da, db, Aligner(AlignOptions{}, nullptr).Align(da, db));
  ASSERT_FALSE(c.passages.empty());
  EXPECT_LE(c.coverage_a, 1.0);
  EXPECT_LE(c.coverage_b, 1.0);
  EXPECT_GT(c.coverage_a, 0.9);
}

TEST_F(BadInputTest, JsonTextHasAsManyCharsAsItsOffsets) {
  // Truncated sequences (E2 82, F0 9F 98) count as one code point each in the offsets; the JSON
  // text must have one U+FFFD for each, so text length == char_end - char_begin.
  std::string damaged = kText;
  damaged.insert(40, "\xE2\x82");
  damaged.insert(120, "\xF0\x9F\x98");
  damaged.insert(200, "\xC3");
  const std::string a = Path("damaged.txt"), b = Path("clean.txt");
  WriteAll(a, damaged);
  WriteAll(b, kText);
  const CliResult r = Run("compare --format json " + Quote(a) + " " + Quote(b));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j;
  ASSERT_TRUE(ParseJson(r.out, &j));
  const Json* ps = j.Get("passages");
  ASSERT_NE(ps, nullptr);
  ASSERT_FALSE(ps->items.empty());
  for (const Json& p : ps->items) {
    const Json* s = p.Get("a");
    const std::string text = s->Str("text");
    size_t code_points = 0;
    for (unsigned char c : text) code_points += (c & 0xC0) != 0x80;
    EXPECT_EQ(static_cast<double>(code_points), s->Num("char_end") - s->Num("char_begin"));
  }
}

TEST_F(BadInputTest, ScanPassagesAreDisjointInA) {
  // The first document (in input order) is the longer one, and the second repeats a paragraph
  // of it: scan aligns the shorter first and swaps sides, and must still keep passages disjoint
  // in the first document.
  const std::string dir = Path("disjoint");
  std::filesystem::create_directories(dir);
  WriteAll(dir + "/a_long.txt", kText + "\n" + kOtherText + "\n" + kOtherText + kOtherText);
  WriteAll(dir + "/b_short.txt", kText + "\n" + kText);
  const std::string report = Path("disjoint.jsonl");
  const CliResult r = Run("scan --threads 2 " + Quote(dir) + " -o " + Quote(report));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(ReadAll(report));
  std::string line;
  int pairs = 0;
  while (std::getline(in, line)) {
    Json j;
    ASSERT_TRUE(ParseJson(line, &j));
    if (j.Str("type") != "pair") continue;
    ++pairs;
    EXPECT_LE(j.Num("coverage_a"), 1.0);
    EXPECT_LE(j.Num("coverage_b"), 1.0);
    const Json* ps = j.Get("passages");
    for (size_t x = 0; x < ps->items.size(); ++x) {
      for (size_t y = x + 1; y < ps->items.size(); ++y) {
        const Json* p = ps->items[x].Get("a");
        const Json* q = ps->items[y].Get("a");
        EXPECT_TRUE(p->Num("byte_end") <= q->Num("byte_begin") ||
                    q->Num("byte_end") <= p->Num("byte_begin"))
            << "passages overlap in a";
      }
    }
  }
  EXPECT_EQ(pairs, 1);
}

TEST_F(BadInputTest, ScanReportReplacesASymlinkTargetAndLeavesNoTempFiles) {
  const std::string dir = Path("symout");
  std::filesystem::create_directories(dir + "/in");
  WriteAll(dir + "/in/a.txt", kText);
  WriteAll(dir + "/in/b.txt", kText);
  WriteAll(dir + "/target.jsonl", "old");
  std::filesystem::create_symlink("target.jsonl", dir + "/link.jsonl");
  const CliResult r = Run("scan " + Quote(dir + "/in") + " -o " + Quote(dir + "/link.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::is_symlink(dir + "/link.jsonl"));
  EXPECT_NE(ReadAll(dir + "/target.jsonl"), "old");
  EXPECT_NE(ReadAll(dir + "/target.jsonl").find("\"type\":\"run\""), std::string::npos);
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
}

TEST_F(BadInputTest, ScanToAnUnwritablePlaceFailsAndWritesNothing) {
  const std::string dir = Path("unwritable");
  std::filesystem::create_directories(dir + "/in");
  WriteAll(dir + "/in/a.txt", kText);
  // A directory as the output, and an output in a missing directory.
  const CliResult r1 = Run("scan " + Quote(dir + "/in") + " -o " + Quote(dir));
  EXPECT_NE(r1.exit_code, 0);
  EXPECT_NE(r1.err.find(dir), std::string::npos) << r1.err;
  const CliResult r2 = Run("scan " + Quote(dir + "/in") + " -o " + Quote(dir + "/no/such.jsonl"));
  EXPECT_NE(r2.exit_code, 0);
  EXPECT_NE(r2.err.find("no/such.jsonl"), std::string::npos) << r2.err;
  // A read-only file system (even root cannot create files in /proc).
  const CliResult r3 = Run("scan " + Quote(dir + "/in") + " -o /proc/textrace-report.jsonl");
  EXPECT_NE(r3.exit_code, 0);
  EXPECT_NE(r3.err.find("/proc/textrace-report.jsonl"), std::string::npos) << r3.err;
  EXPECT_FALSE(std::filesystem::exists("/proc/textrace-report.jsonl"));
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
}

TEST_F(BadInputTest, ScanMemoryAndTemporaryDirectoryFlags) {
  const std::string dir = Path("budget");
  std::filesystem::create_directories(dir + "/in");
  std::filesystem::create_directories(dir + "/tmp");
  WriteAll(dir + "/in/a.txt", kText);
  WriteAll(dir + "/in/b.txt", kText);
  // A size that does not parse is a usage error naming the value.
  const CliResult bad =
      Run("scan " + Quote(dir + "/in") + " --memory 4X -o " + Quote(dir + "/r.jsonl"));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--memory): '4X' is not a size"), std::string::npos) << bad.err;
  // A missing --tmp directory is named; no report appears.
  const CliResult no_tmp = Run("scan " + Quote(dir + "/in") + " --tmp " + Quote(dir + "/none") +
                               " -o " + Quote(dir + "/r.jsonl"));
  EXPECT_NE(no_tmp.exit_code, 0);
  EXPECT_NE(no_tmp.err.find(dir + "/none"), std::string::npos) << no_tmp.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/r.jsonl"));
  // A tiny budget and a temporary directory of our own: the duplicate is found, the temporary
  // files are gone afterwards, and with stderr not a terminal there is no progress line.
  const CliResult ok = Run("scan " + Quote(dir + "/in") + " --memory 1M --tmp " +
                           Quote(dir + "/tmp") + " -o " + Quote(dir + "/r.jsonl"));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.err.find("1 related pairs (1 duplicate)"), std::string::npos) << ok.err;
  EXPECT_EQ(ok.err.find('\r'), std::string::npos) << "progress drawn on a pipe";
  EXPECT_TRUE(std::filesystem::is_empty(dir + "/tmp"));
}

}  // namespace
}  // namespace textrace

namespace textrace {
namespace {

// Inputs and outputs that cannot hurt: an output never destroys an input, a hopeless run fails
// before its work, and scripts get exit codes they can use.

TEST_F(BadInputTest, AnOutputThatIsAnInputIsRefusedBeforeAnyWork) {
  const std::string dir = Path("overwrite");
  std::filesystem::create_directories(dir + "/in");
  const std::string corpus = dir + "/corpus.jsonl";
  const std::string lines =
      "{\"id\":\"a\",\"text\":\"The storm reached the harbour.\"}\n"
      "{\"id\":\"b\",\"text\":\"The storm reached the harbour.\"}\n";
  WriteAll(corpus, lines);
  WriteAll(dir + "/in/a.txt", kText);
  WriteAll(dir + "/in/b.txt", kText);
  std::filesystem::create_symlink(corpus, dir + "/link.jsonl");
  const std::string c = Quote(corpus), in = Quote(dir + "/in"), link = Quote(dir + "/link.jsonl");
  const std::string a = Quote(dir + "/in/a.txt"), b = Quote(dir + "/in/b.txt");
  struct Case {
    std::string args, output, input;
  };
  const Case cases[] = {
      {"scan " + c + " -o " + c, corpus, corpus},
      {"scan " + c + " -o " + link, dir + "/link.jsonl", corpus},
      {"scan " + c + " --html " + c, corpus, corpus},
      {"scan " + in + " -o " + Quote(dir + "/in/report.jsonl"), dir + "/in/report.jsonl",
       dir + "/in"},
      {"dedup " + c + " -o " + c, corpus, corpus},
      {"dedup " + c + " -o " + Quote(dir + "/kept.jsonl") + " --map " + link, dir + "/link.jsonl",
       corpus},
      {"dedup " + c + " -o " + Quote(dir + "/kept.jsonl") + " --report " + c, corpus, corpus},
      {"extract " + c + " -o " + c, corpus, corpus},
      {"compare " + a + " " + b + " --html " + b, dir + "/in/b.txt", dir + "/in/b.txt"},
      // Two outputs that are one file.
      {"scan " + in + " -o " + Quote(dir + "/r.jsonl") + " --html " + Quote(dir + "/./r.jsonl"),
       dir + "/./r.jsonl", dir + "/r.jsonl"},
      {"dedup " + c + " -o " + Quote(dir + "/kept.jsonl") + " --map " + Quote(dir + "/kept.jsonl"),
       dir + "/kept.jsonl", dir + "/kept.jsonl"},
  };
  for (const Case& k : cases) {
    const CliResult r = Run(k.args);
    EXPECT_EQ(r.exit_code, 2) << k.args << "\n" << r.err;
    EXPECT_NE(r.err.find("textrace: error: " + k.output + ": "), std::string::npos)
        << k.args << "\n"
        << r.err;
    EXPECT_NE(r.err.find(k.input), std::string::npos) << k.args << "\n" << r.err;
    // Refused before any work: no summary, no output.
    EXPECT_EQ(r.err.find("textrace scan:"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("textrace dedup:"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << k.args << "\n" << r.out;
    EXPECT_EQ(ReadAll(corpus), lines) << k.args;
    EXPECT_EQ(ReadAll(dir + "/in/b.txt"), kText) << k.args;
  }
  for (const char* name : {"in/report.jsonl", "r.jsonl", "kept.jsonl"}) {
    EXPECT_FALSE(std::filesystem::exists(dir + "/" + name)) << name;
  }
  // Standard output is always allowed, however often it is named.
  const CliResult ok = Run("dedup " + c + " -o - --map - --report /dev/null --no-progress");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST_F(BadInputTest, AnOutputFolderThatCannotBeWrittenFailsBeforeTheScan) {
  const std::string dir = Path("nofolder");
  std::filesystem::create_directories(dir + "/in");
  WriteAll(dir + "/in/a.txt", kText);
  WriteAll(dir + "/in/b.txt", kText);
  const std::string in = Quote(dir + "/in"), missing = dir + "/no/such.html";
  for (const std::string& args :
       {"scan " + in + " -o " + Quote(Path("nofolder.jsonl")) + " --html " + Quote(missing),
        "dedup " + in + " -o " + Quote(Path("nofolder_kept.jsonl")) + " --map " + Quote(missing),
        "scan " + in + " --html /proc/textrace-report.html"}) {
    const CliResult r = Run(args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.err;
    EXPECT_TRUE(r.err.find(missing) != std::string::npos ||
                r.err.find("/proc/textrace-report.html") != std::string::npos)
        << r.err;
    // At once: nothing was scanned, and the other output was not written.
    EXPECT_EQ(r.err.find("documents"), std::string::npos) << args << "\n" << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(Path("nofolder.jsonl")));
  EXPECT_FALSE(std::filesystem::exists(Path("nofolder_kept.jsonl")));
  const CliResult c = Run("compare " + Quote(dir + "/in/a.txt") + " " + Quote(dir + "/in/b.txt") +
                          " --html " + Quote(missing));
  EXPECT_EQ(c.exit_code, 1) << c.err;
  EXPECT_TRUE(c.out.empty()) << "compared before the check: " << c.out;
}

TEST_F(BadInputTest, ThreadsAreCheckedAndCappedToTheCores) {
  const std::string dir = Path("threads");
  std::filesystem::create_directories(dir + "/in");
  WriteAll(dir + "/in/a.txt", kText);
  WriteAll(dir + "/in/b.txt", kText + "\n" + kOtherText);
  const std::string in = Quote(dir + "/in");
  for (const char* value : {"100000", "-1", "1025"}) {
    const CliResult r = Run("scan " + in + " --threads " + value);
    EXPECT_EQ(r.exit_code, 2) << value << "\n" << r.err;
    EXPECT_NE(r.err.find("(--threads) is " + std::string(value) +
                         ": expected a whole number from 0 to 1024"),
              std::string::npos)
        << r.err;
  }
  const CliResult one = Run("scan " + in + " --threads 1 -o " + Quote(dir + "/one.jsonl"));
  const CliResult many = Run("scan " + in + " --threads 1024 -o " + Quote(dir + "/many.jsonl"));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(many.exit_code, 0) << many.err;
  EXPECT_EQ(ReadAll(dir + "/one.jsonl"), ReadAll(dir + "/many.jsonl"));
  EXPECT_EQ(one.err.find("note:"), std::string::npos) << one.err;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (cores < 1024) {
    const std::string note = "textrace: note: --threads 1024: this machine has " +
                             std::to_string(cores) + (cores == 1 ? " core" : " cores") +
                             "; using " + std::to_string(cores) + "\n";
    EXPECT_EQ(many.err.rfind(note, 0), 0u) << many.err;
  }
  // eval pan takes --threads too.
  const CliResult eval = Run("eval pan " + Quote(dir + "/none") + " --threads 1024");
  EXPECT_EQ(eval.exit_code, 1) << eval.err;
  if (cores < 1024) EXPECT_NE(eval.err.find("note: --threads 1024"), std::string::npos);
}

TEST_F(BadInputTest, AScanThatScansNoDocumentFailsAndStillWritesItsReport) {
  const std::string dir = Path("allskipped");
  std::filesystem::create_directories(dir + "/in");
  std::filesystem::create_directories(dir + "/empty");
  WriteAll(dir + "/in/empty.txt", "");
  WriteAll(dir + "/in/binary.bin", std::string("\x01\x02\x00\x03\xFF\x00", 6) + "abc");
  const std::string report = dir + "/report.jsonl", kept = dir + "/kept.jsonl";
  const CliResult scan = Run("scan " + Quote(dir + "/in") + " -o " + Quote(report));
  EXPECT_EQ(scan.exit_code, 1) << scan.err;
  const std::string error =
      "textrace: error: no document was scanned: all 2 inputs were skipped (see above)\n";
  EXPECT_TRUE(scan.err.ends_with(error)) << scan.err;
  EXPECT_NE(scan.err.find("empty.txt"), std::string::npos) << "skips listed above: " << scan.err;
  EXPECT_NE(ReadAll(report).find("\"type\":\"run\""), std::string::npos);
  const CliResult dedup =
      Run("dedup " + Quote(dir + "/in") + " -o " + Quote(kept) + " --report " + Quote(report));
  EXPECT_EQ(dedup.exit_code, 1) << dedup.err;
  EXPECT_TRUE(dedup.err.ends_with(error)) << dedup.err;
  EXPECT_TRUE(std::filesystem::exists(kept));
  // One input, skipped; no input document at all.
  const CliResult one = Run("scan " + Quote(dir + "/in/empty.txt") + " -o " + Quote(report));
  EXPECT_EQ(one.exit_code, 1) << one.err;
  EXPECT_TRUE(one.err.ends_with(
      "textrace: error: no document was scanned: the only input was skipped (see above)\n"))
      << one.err;
  const CliResult none = Run("scan " + Quote(dir + "/empty") + " -o " + Quote(report));
  EXPECT_EQ(none.exit_code, 1) << none.err;
  EXPECT_TRUE(
      none.err.ends_with("textrace: error: no document was scanned: the inputs hold no document\n"))
      << none.err;
  // One document scanned is a run: exit 0, the skips said as before.
  WriteAll(dir + "/in/a.txt", kText);
  const CliResult ok = Run("scan " + Quote(dir + "/in") + " -o " + Quote(report));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.err.find("textrace: error"), std::string::npos) << ok.err;
}

TEST_F(BadInputTest, CompareExitCodeSaysWhetherTheDocumentsAreRelated) {
  const std::string a = Path("exit_a.txt"), b = Path("exit_b.txt"), c = Path("exit_c.txt");
  WriteAll(a, kText);
  WriteAll(b, kText + "\n" + kOtherText);
  WriteAll(c, kOtherText);
  const CliResult related = Run("compare --exit-code " + Quote(a) + " " + Quote(b));
  EXPECT_EQ(related.exit_code, 1) << related.err;
  EXPECT_NE(related.out.find("relation: "), std::string::npos) << related.out;
  EXPECT_EQ(related.out.find("relation: none"), std::string::npos) << related.out;
  const CliResult unrelated = Run("compare --exit-code " + Quote(a) + " " + Quote(c));
  EXPECT_EQ(unrelated.exit_code, 0) << unrelated.err;
  EXPECT_NE(unrelated.out.find("relation: none"), std::string::npos) << unrelated.out;
  // Trouble is 2, whatever it would be without the flag (a missing file: 1).
  const CliResult missing = Run("compare --exit-code " + Quote(a) + " " + Quote(Path("none")));
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("textrace: error: "), std::string::npos) << missing.err;
  EXPECT_EQ(Run("compare " + Quote(a) + " " + Quote(Path("none"))).exit_code, 1);
  EXPECT_EQ(Run("compare --exit-code --format xml " + Quote(a) + " " + Quote(b)).exit_code, 2);
  // Without the flag, a comparison that ran exits 0 either way.
  EXPECT_EQ(Run("compare " + Quote(a) + " " + Quote(b)).exit_code, 0);
  EXPECT_EQ(Run("compare --format json " + Quote(a) + " " + Quote(c)).exit_code, 0);
  EXPECT_NE(Run("compare --help").out.find("--exit-code"), std::string::npos);
}

TEST_F(BadInputTest, DedupWritesTheKeptDocumentsToStandardOutput) {
  const std::string dir = Path("dedupstdout");
  std::filesystem::create_directories(dir);
  WriteAll(dir + "/a.txt", kText);
  WriteAll(dir + "/b.txt", kText);
  WriteAll(dir + "/c.txt", kOtherText);
  const CliResult r = Run("dedup " + Quote(dir) + " -o - --map " + Quote(Path("dedup_map.jsonl")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Two kept documents, one JSON line each, and nothing else on stdout.
  std::istringstream in(r.out);
  std::string line;
  std::vector<std::string> ids;
  while (std::getline(in, line)) {
    Json j;
    ASSERT_TRUE(ParseJson(line, &j));
    ids.push_back(j.Str("id"));
    EXPECT_FALSE(j.Str("text").empty());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{dir + "/a.txt", dir + "/c.txt"})) << r.out;
  EXPECT_NE(r.err.find("textrace dedup: kept 2 of 3 documents, removed 1 duplicates"),
            std::string::npos)
      << r.err;
  EXPECT_NE(ReadAll(Path("dedup_map.jsonl")).find("\"duplicate_of\""), std::string::npos);
  EXPECT_NE(Run("dedup --help").out.find("- for standard output"), std::string::npos);
}

}  // namespace
}  // namespace textrace
