#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/input_testing.h"
#include "textrace/ingest.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/textrace_ingest_XXXXXX";
    const char* d = mkdtemp(tmpl);
    EXPECT_NE(d, nullptr);
    path_ = d != nullptr ? d : "/tmp";
  }
  ~TempDir() {
    std::error_code ec;
    // Restore permissions a test may have taken away, so that everything can be removed.
    for (auto it = fs::recursive_directory_iterator(path_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_symlink())
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// gzip-compresses `data` into `path` with zlib's gz* interface.
void WriteGzip(const std::string& path, const std::string& data) {
  fs::create_directories(fs::path(path).parent_path());
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  if (!data.empty()) {
    ASSERT_EQ(gzwrite(f, data.data(), static_cast<unsigned>(data.size())),
              static_cast<int>(data.size()));
  }
  ASSERT_EQ(gzclose(f), Z_OK);
}

std::string GzipBytes(const TempDir& dir, const std::string& data) {
  const std::string tmp = dir / "tmp.gz.part";
  WriteGzip(tmp, data);
  std::string bytes = ReadBytes(tmp);
  fs::remove(tmp);
  return bytes;
}

std::string ZstdBytes(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

struct Result {
  Status status;  // the first error from Open or Next, OK when the run ended normally
  std::vector<InputDocument> docs;
  std::vector<SkipRecord> skipped;
  int64_t documents_read = 0;
  int64_t bytes_read = 0;
};

Result ReadAll(const std::vector<std::string>& inputs, const IngestOptions& options = {}) {
  Result r;
  auto reader = DocumentReader::Open(inputs, options);
  if (!reader.ok()) {
    r.status = reader.status();
    return r;
  }
  while (true) {
    InputDocument doc;
    StatusOr<bool> next = (*reader)->Next(&doc);
    if (!next.ok()) {
      r.status = next.status();
      // The error is sticky.
      InputDocument again;
      EXPECT_FALSE((*reader)->Next(&again).ok());
      break;
    }
    if (!*next) break;
    r.docs.push_back(std::move(doc));
  }
  r.skipped = (*reader)->skipped();
  r.documents_read = (*reader)->documents_read();
  r.bytes_read = (*reader)->bytes_read();
  EXPECT_EQ(r.documents_read, static_cast<int64_t>(r.docs.size()));
  return r;
}

std::vector<std::string> Ids(const Result& r) {
  std::vector<std::string> ids;
  for (const auto& d : r.docs) ids.push_back(d.id);
  return ids;
}

std::string SkipsToString(const Result& r) {
  std::string s;
  for (const auto& k : r.skipped) s += "  " + k.origin + " -> " + k.reason + "\n";
  return s;
}

// The skip whose origin is `origin`, or null.
const SkipRecord* FindSkip(const Result& r, const std::string& origin) {
  for (const auto& k : r.skipped) {
    if (k.origin == origin) return &k;
  }
  return nullptr;
}

// `n` lines of JSONL with pseudo-random (poorly compressible) text, ids "doc0".."docN-1".
std::string RandomJsonl(int n, std::vector<std::string>* texts) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> letter(0, 25);
  std::string out;
  for (int i = 0; i < n; ++i) {
    std::string text;
    for (int j = 0; j < 100; ++j) text += static_cast<char>('a' + letter(rng));
    if (texts != nullptr) texts->push_back(text);
    out += "{\"id\":\"doc" + std::to_string(i) + "\",\"text\":\"" + text + "\"}\n";
  }
  return out;
}

// ---- Directory walk ----------------------------------------------------------------------------

TEST(DocumentReaderTest, DirectoryWalkIsByteWiseSortedByFullPath) {
  TempDir t;
  const std::string d = t / "corpus";
  // Names chosen so that sorting names per directory ("a" < "a-b.txt") differs from sorting
  // full paths ("a-b.txt" < "a.txt" < "a/x.txt" < "a0.txt").
  for (const char* rel : {"b.txt", "a.txt", "a/x.txt", "a-b.txt", "a0.txt", "B.txt",
                          "sub/deeper/c.txt", ".hidden", "sub/a.txt"}) {
    WriteFile(d + "/" + rel, std::string("text of ") + rel + "\n");
  }
  const Result r = ReadAll({d});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  const std::vector<std::string> expected = {
      d + "/.hidden", d + "/B.txt", d + "/a-b.txt",   d + "/a.txt",           d + "/a/x.txt",
      d + "/a0.txt",  d + "/b.txt", d + "/sub/a.txt", d + "/sub/deeper/c.txt"};
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(sorted, expected);  // the expectation itself is byte-wise sorted
  EXPECT_EQ(Ids(r), expected);
  for (const auto& doc : r.docs) {
    EXPECT_EQ(doc.origin, doc.id);
    EXPECT_EQ(doc.text, "text of " + doc.id.substr(d.size() + 1) + "\n");
    EXPECT_TRUE(doc.date.empty());
    EXPECT_TRUE(doc.url.empty());
  }
  EXPECT_TRUE(r.skipped.empty()) << SkipsToString(r);
}

TEST(DocumentReaderTest, IdsJoinThePathAsGiven) {
  TempDir t;
  WriteFile(t / "dir/sub/a.txt", "alpha");
  WriteFile(t / "single.txt", "single");
  const Result r = ReadAll({t / "dir/", t / "single.txt"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  // A trailing slash does not double; a file input keeps its path.
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "dir/sub/a.txt", t / "single.txt"));
  EXPECT_EQ(r.docs[0].text, "alpha");
  EXPECT_EQ(r.bytes_read, 5 + 6);
}

TEST(DocumentReaderTest, InputsInTheOrderGiven) {
  TempDir t;
  WriteFile(t / "z.txt", "zed");
  WriteFile(t / "dir/m.txt", "em");
  WriteFile(t / "a.jsonl", "{\"id\":\"j\",\"text\":\"jay\"}\n");
  const Result r = ReadAll({t / "z.txt", t / "a.jsonl", t / "dir"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "z.txt", "j", t / "dir/m.txt"));
}

// include / exclude choose among the files found in directories, by relative path or base name;
// files named as inputs are always read; what is left out is counted, not skipped.
TEST(DocumentReaderTest, IncludeAndExcludeGlobsChooseFilesOfDirectories) {
  TempDir t;
  const std::string d = t / "seeds";
  WriteFile(d + "/000_a.txt", "alpha");
  WriteFile(d + "/LABELS.md", "# labels");
  WriteFile(d + "/sub/001_b.txt", "beta");
  WriteFile(d + "/sub/NOTES.md", "# notes");
  WriteFile(d + "/drafts/x.txt", "draft");
  WriteFile(t / "README.md", "# named directly");
  auto read = [&](std::vector<std::string> include, std::vector<std::string> exclude) {
    IngestOptions o;
    o.include = std::move(include);
    o.exclude = std::move(exclude);
    auto reader = DocumentReader::Open({d + "/", t / "README.md"}, o);
    EXPECT_TRUE(reader.ok());
    std::vector<std::string> ids;
    InputDocument doc;
    while ((*reader)->Next(&doc).value()) ids.push_back(doc.id.substr(t.path().size() + 1));
    EXPECT_TRUE((*reader)->skipped().empty());
    ids.push_back("excluded " + std::to_string((*reader)->files_excluded()));
    return ids;
  };
  using ::testing::ElementsAre;
  EXPECT_THAT(read({}, {}), ElementsAre("seeds/000_a.txt", "seeds/LABELS.md", "seeds/drafts/x.txt",
                                        "seeds/sub/001_b.txt", "seeds/sub/NOTES.md", "README.md",
                                        "excluded 0"));
  EXPECT_THAT(read({}, {"*.md"}), ElementsAre("seeds/000_a.txt", "seeds/drafts/x.txt",
                                              "seeds/sub/001_b.txt", "README.md", "excluded 2"));
  // By the relative path ("*" also matches "/"), and by the base name.
  EXPECT_THAT(read({}, {"drafts/*", "NOTES.md"}),
              ElementsAre("seeds/000_a.txt", "seeds/LABELS.md", "seeds/sub/001_b.txt",
                          "README.md", "excluded 2"));
  EXPECT_THAT(read({"*.txt"}, {"sub/*"}), ElementsAre("seeds/000_a.txt", "seeds/drafts/x.txt",
                                                      "README.md", "excluded 3"));
  EXPECT_THAT(read({"0*"}, {}), ElementsAre("seeds/000_a.txt", "seeds/sub/001_b.txt",
                                            "README.md", "excluded 3"));
}

// A file met twice (named twice, named and inside a directory given too, or linked twice into
// a directory) is read once; the second time is a skip, not an error, even with `strict`.
TEST(DocumentReaderTest, AFileGivenTwiceIsReadOnce) {
  TempDir t;
  const std::string d = t / "corpus";
  WriteFile(d + "/a.txt", "alpha");
  WriteFile(d + "/b.jsonl", "{\"id\":\"j1\",\"text\":\"one\"}\n");
  fs::create_hard_link(d + "/a.txt", d + "/c.txt");
  fs::create_symlink(d + "/b.jsonl", t / "b-link.jsonl");
  for (bool strict : {false, true}) {
    IngestOptions options;
    options.strict = strict;
    const Result r = ReadAll({d + "/b.jsonl", d, t / "b-link.jsonl", d + "/a.txt"}, options);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_THAT(Ids(r), ::testing::ElementsAre("j1", d + "/a.txt"));
    ASSERT_EQ(r.skipped.size(), 4u) << SkipsToString(r);
    EXPECT_EQ(r.skipped[0].origin, d + "/b.jsonl");
    EXPECT_EQ(r.skipped[0].reason, "already read as '" + d + "/b.jsonl'");
    EXPECT_EQ(r.skipped[1].origin, d + "/c.txt");
    EXPECT_EQ(r.skipped[1].reason, "already read as '" + d + "/a.txt'");
    EXPECT_EQ(r.skipped[2].origin, t / "b-link.jsonl");
    EXPECT_EQ(r.skipped[2].reason, "already read as '" + d + "/b.jsonl'");
    EXPECT_EQ(r.skipped[3].origin, d + "/a.txt");
  }
}

TEST(DocumentReaderTest, SymlinkLoopIsRecordedAndDoesNotHang) {
  TempDir t;
  const std::string d = t / "corpus";
  WriteFile(d + "/a.txt", "alpha");
  WriteFile(d + "/sub/b.txt", "beta");
  fs::create_directory_symlink("..", d + "/sub/loop");      // back to corpus: a loop
  fs::create_directory_symlink("sub", d + "/zlink");        // a second path to sub
  fs::create_directory_symlink(d + "/sub", t / "outside");  // symlinked input directory
  const Result r = ReadAll({d, t / "outside"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(d + "/a.txt", d + "/sub/b.txt"));
  const SkipRecord* loop = FindSkip(r, d + "/sub/loop");
  ASSERT_NE(loop, nullptr) << SkipsToString(r);
  EXPECT_THAT(loop->reason, HasSubstr("symlink loop"));
  const SkipRecord* again = FindSkip(r, d + "/zlink");
  ASSERT_NE(again, nullptr) << SkipsToString(r);
  EXPECT_THAT(again->reason, HasSubstr("already read as '" + d + "/sub'"));
  ASSERT_NE(FindSkip(r, t / "outside"), nullptr) << SkipsToString(r);
  EXPECT_EQ(r.skipped.size(), 3u) << SkipsToString(r);
}

TEST(DocumentReaderTest, SymlinkedDirectoryIsFollowed) {
  TempDir t;
  WriteFile(t / "real/x.txt", "ex");
  fs::create_directory(t / "corpus");
  fs::create_directory_symlink(t / "real", t / "corpus/link");
  const Result r = ReadAll({t / "corpus"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "corpus/link/x.txt"));
}

TEST(DocumentReaderTest, NonRegularEntriesAreRecorded) {
  TempDir t;
  WriteFile(t / "corpus/a.txt", "alpha");
  ASSERT_EQ(mkfifo((t / "corpus/fifo").c_str(), 0600), 0);
  fs::create_symlink(t / "corpus/missing", t / "corpus/broken");
  const Result r = ReadAll({t / "corpus"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "corpus/a.txt"));
  ASSERT_NE(FindSkip(r, t / "corpus/fifo"), nullptr) << SkipsToString(r);
  EXPECT_EQ(FindSkip(r, t / "corpus/fifo")->reason, "not a regular file");
  ASSERT_NE(FindSkip(r, t / "corpus/broken"), nullptr) << SkipsToString(r);
  EXPECT_EQ(FindSkip(r, t / "corpus/broken")->reason, "broken symbolic link");
}

TEST(DocumentReaderTest, NonexistentInputIsNotFound) {
  TempDir t;
  WriteFile(t / "a.txt", "alpha");
  const Result r = ReadAll({t / "a.txt", t / "nope"});
  EXPECT_EQ(r.status.code(), StatusCode::kNotFound);
  EXPECT_THAT(r.status.message(), HasSubstr(t / "nope"));
  EXPECT_EQ(ReadAll({""}).status.code(), StatusCode::kNotFound);
}

TEST(DocumentReaderTest, UnreadableFileIsSkippedWithReason) {
  if (geteuid() == 0) GTEST_SKIP() << "root can read files without permission";
  TempDir t;
  WriteFile(t / "corpus/a.txt", "alpha");
  WriteFile(t / "corpus/b.txt", "beta");
  ASSERT_EQ(chmod((t / "corpus/a.txt").c_str(), 0), 0);
  Result r = ReadAll({t / "corpus"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "corpus/b.txt"));
  ASSERT_NE(FindSkip(r, t / "corpus/a.txt"), nullptr) << SkipsToString(r);
  EXPECT_THAT(FindSkip(r, t / "corpus/a.txt")->reason, HasSubstr("Permission denied"));
  IngestOptions strict;
  strict.strict = true;
  r = ReadAll({t / "corpus"}, strict);
  EXPECT_EQ(r.status.code(), StatusCode::kIoError);
  EXPECT_THAT(r.status.message(), HasSubstr(t / "corpus/a.txt"));
}

TEST(DocumentReaderTest, FileThatFailsToReadIsSkippedEvenForRoot) {
  // /proc/self/mem opens as a regular file and fails on read (EIO), whoever reads it.
  TempDir t;
  WriteFile(t / "corpus/b.txt", "beta");
  ASSERT_EQ(symlink("/proc/self/mem", (t / "corpus/a.txt").c_str()), 0);
  Result r = ReadAll({t / "corpus"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "corpus/b.txt"));
  ASSERT_NE(FindSkip(r, t / "corpus/a.txt"), nullptr) << SkipsToString(r);
  EXPECT_THAT(FindSkip(r, t / "corpus/a.txt")->reason, HasSubstr("Input/output error"));
  IngestOptions strict;
  strict.strict = true;
  r = ReadAll({t / "corpus"}, strict);
  EXPECT_EQ(r.status.code(), StatusCode::kIoError);
  EXPECT_THAT(r.status.message(), HasSubstr(t / "corpus/a.txt"));
}

TEST(DocumentReaderTest, PdfsAndImagesAreNotText) {
  TempDir t;
  // A PDF is mostly ASCII: the control-byte test alone would take it for text.
  WriteFile(t / "c/doc.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
                                 std::string(2000, 'x') + "\n%%EOF\n");
  WriteFile(t / "c/img.jpg", std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10) + "text-like tail");
  WriteFile(t / "c/img.png", std::string("\x89PNG\r\n\x1A\n", 8) + "IHDR");
  WriteFile(t / "c/ok.txt", "plain text");
  const Result r = ReadAll({t / "c"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "c/ok.txt"));
  EXPECT_EQ(FindSkip(r, t / "c/doc.pdf")->reason, "not text (PDF document)");
  EXPECT_EQ(FindSkip(r, t / "c/img.jpg")->reason, "not text (JPEG image)");
  EXPECT_EQ(FindSkip(r, t / "c/img.png")->reason, "not text (PNG image)");
}

TEST(DocumentReaderTest, HtmlFilesGiveTheirMainTextInAnyEncoding) {
  TempDir t;
  // Windows-1251 without any declaration, and UTF-8 with a <meta>; each with a menu.
  const std::string menu =
      "<nav><ul><li><a href='/'>Home</a></li><li><a href='/a'>About</a>"
      "</li></ul></nav>";
  std::string ru = "<html><head><title>x</title></head><body>" + menu + "<article><p>";
  for (unsigned char c : std::string("\xD2\xE0\xE4\xE6\xE8\xEA\xE8\xF1\xF2\xE0\xED "
                                     "\xF1\xF2\xE0\xEB \xF6\xE5\xED\xF2\xF0\xEE\xEC "
                                     "\xF1\xEE\xEF\xF0\xEE\xF2\xE8\xE2\xEB\xE5\xED\xE8\xFF. ")) {
    ru += static_cast<char>(c);
  }
  for (int i = 0; i < 3; ++i) ru += ru.substr(ru.find("<p>") + 3, 62);
  ru += "</p></article></body></html>";
  WriteFile(t / "p/ru.html", ru);
  WriteFile(t / "p/en.htm",
            "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + menu +
                "<main><h1>Caf\xC3\xA9 opens</h1><p>A new caf\xC3\xA9 opened on the harbour "
                "front on Monday, serving breakfast to the fishermen before dawn.</p></main>"
                "</body></html>");
  const Result r = ReadAll({t / "p"});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 2u) << SkipsToString(r);
  EXPECT_EQ(r.docs[0].text_from, "html (utf-8)");
  EXPECT_EQ(r.docs[0].text,
            "Café opens\n\nA new café opened on the harbour front on Monday, serving breakfast "
            "to the fishermen before dawn.");
  EXPECT_EQ(r.docs[1].text_from, "html (windows-1251)");
  EXPECT_THAT(r.docs[1].text, StartsWith("Таджикистан стал центром сопротивления."));
  EXPECT_THAT(r.docs[1].text, ::testing::Not(HasSubstr("Home")));
}

// ---- Text files --------------------------------------------------------------------------------

TEST(DocumentReaderTest, EmptyAndBinaryFilesAreSkipped) {
  TempDir t;
  const std::string d = t / "corpus";
  WriteFile(d + "/empty.txt", "");
  WriteFile(d + "/blank.txt", " \n\t\r\n ");
  std::string nul = "ab\x03\x04";
  nul += std::string(12, '\0') + "payload";
  WriteFile(d + "/nul.bin", nul);
  WriteFile(d + "/control.bin", std::string(40, '\x01') + std::string(60, 'a'));
  WriteFile(d + "/fewcontrols.txt", std::string(5, '\x01') + std::string(95, 'a'));
  // Scraped text with a stray NUL or two (PAN's corpus has such files) is still text.
  WriteFile(d + "/good.txt", std::string(500, 'a') + '\0' + std::string(500, 'b'));
  const Result r = ReadAll({d});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(d + "/fewcontrols.txt", d + "/good.txt"));
  ASSERT_EQ(r.skipped.size(), 4u) << SkipsToString(r);
  EXPECT_EQ(FindSkip(r, d + "/empty.txt")->reason, "empty");
  EXPECT_EQ(FindSkip(r, d + "/blank.txt")->reason, "empty");
  EXPECT_EQ(FindSkip(r, d + "/nul.bin")->reason, "not text (binary: 12 NUL bytes)");
  EXPECT_THAT(FindSkip(r, d + "/control.bin")->reason, StartsWith("not text (binary: 40%"));
}

TEST(DocumentReaderTest, TooLargeDocumentsAreSkipped) {
  TempDir t;
  const std::string big(100, 'x');
  WriteFile(t / "big.txt", big);
  WriteGzip(t / "big.txt.gz", big);
  WriteFile(t / "small.txt", "small");
  WriteFile(t / "d.jsonl",
            "{\"id\":\"j1\",\"text\":\"" + big + "\"}\n{\"id\":\"j2\",\"text\":\"ok\"}\n");
  IngestOptions options;
  options.max_document_bytes = 50;
  const Result r =
      ReadAll({t / "big.txt", t / "big.txt.gz", t / "small.txt", t / "d.jsonl"}, options);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "small.txt", "j2"));
  ASSERT_EQ(r.skipped.size(), 3u) << SkipsToString(r);
  EXPECT_EQ(FindSkip(r, t / "big.txt")->reason, "too large (100 bytes > 50)");
  EXPECT_EQ(FindSkip(r, t / "big.txt.gz")->reason, "too large (100 bytes > 50)");
  EXPECT_EQ(FindSkip(r, t / "d.jsonl:1")->reason, "too large (100 bytes > 50)");
}

TEST(DocumentReaderTest, DuplicateIdsAreSkippedNamingTheFirst) {
  TempDir t;
  WriteFile(t / "a.txt", "alpha");
  WriteFile(t / "d.jsonl",
            "{\"id\":\"x\",\"text\":\"one\"}\n"
            "{\"id\":\"" +
                t / "a.txt" + "\",\"text\":\"clash with a file\"}\n");
  WriteFile(t / "e.jsonl", "{\"id\":\"x\",\"text\":\"two\"}\n");
  const Result r = ReadAll({t / "a.txt", t / "d.jsonl", t / "e.jsonl", t / "a.txt"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "a.txt", "x"));
  ASSERT_EQ(r.skipped.size(), 3u) << SkipsToString(r);
  EXPECT_EQ(r.skipped[0].origin, t / "d.jsonl:2");
  EXPECT_EQ(r.skipped[0].reason,
            "duplicate id '" + t / "a.txt" + "' (first at " + t / "a.txt" + ")");
  EXPECT_EQ(r.skipped[1].origin, t / "e.jsonl:1");
  EXPECT_EQ(r.skipped[1].reason, "duplicate id 'x' (first at " + t / "d.jsonl:1" + ")");
  // The same file a second time: not read again.
  EXPECT_EQ(r.skipped[2].origin, t / "a.txt");
  EXPECT_EQ(r.skipped[2].reason, "already read as '" + t / "a.txt" + "'");
}

// ---- JSONL -------------------------------------------------------------------------------------

const char kJsonl[] =
    "{\"id\":\"d1\",\"text\":\"hello\",\"date\":\"2020-01-01\",\"url\":\"http://x/1\"}\n"  // 1
    "\n"                                                                                   // 2
    "{\"id\":42,\"text\":\"numeric id\"}\n"                                                // 3
    "{\"text\":\"no id\"}\n"                                                               // 4
    "{\"id\":\"d5\",\"text\": oops}\n"                                                     // 5
    "{\"id\":\"d6\",\"text\":\"after bad\"}\r\n"                                           // 6
    "   \t\r\n"                                                                            // 7
    "{\"id\":\"d8\"}\n"                                                                    // 8
    "{\"id\":\"d9\",\"text\":\"  \"}\n"                                                    // 9
    "{\"id\":\"d1\",\"text\":\"dup\"}\n"                                                   // 10
    "{\"id\":\"d11\",\"text\":123}\n"                                                      // 11
    "[1,2]\n"                                                                              // 12
    "{\"id\":\"d13\",\"text\":\"last, no newline\"}";                                      // 13

TEST(DocumentReaderTest, JsonlFieldsIdsAndSkips) {
  TempDir t;
  const std::string f = t / "c.jsonl";
  WriteFile(f, kJsonl);
  const Result r = ReadAll({f});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre("d1", "42", f + ":4", "d6", "d13"));
  ASSERT_EQ(r.docs.size(), 5u);
  EXPECT_EQ(r.docs[0].text, "hello");
  EXPECT_EQ(r.docs[0].date, "2020-01-01");
  EXPECT_EQ(r.docs[0].url, "http://x/1");
  EXPECT_EQ(r.docs[0].origin, f + ":1");
  EXPECT_EQ(r.docs[1].text, "numeric id");
  EXPECT_EQ(r.docs[1].origin, f + ":3");
  EXPECT_TRUE(r.docs[1].date.empty());
  EXPECT_EQ(r.docs[2].origin, f + ":4");
  EXPECT_EQ(r.docs[3].text, "after bad");  // read after the malformed line, "\r\n" handled
  EXPECT_EQ(r.docs[4].text, "last, no newline");
  EXPECT_EQ(r.docs[4].origin, f + ":13");

  ASSERT_EQ(r.skipped.size(), 6u) << SkipsToString(r);
  EXPECT_EQ(r.skipped[0].origin, f + ":5");
  EXPECT_THAT(r.skipped[0].reason, StartsWith("malformed JSON: "));
  EXPECT_EQ(r.skipped[1].origin, f + ":8");
  EXPECT_EQ(r.skipped[1].reason, "line 8: field 'text' missing or not a string");
  EXPECT_EQ(r.skipped[2].origin, f + ":9");
  EXPECT_EQ(r.skipped[2].reason, "empty");
  EXPECT_EQ(r.skipped[3].origin, f + ":10");
  EXPECT_EQ(r.skipped[3].reason, "duplicate id 'd1' (first at " + f + ":1)");
  EXPECT_EQ(r.skipped[4].reason, "line 11: field 'text' missing or not a string");
  EXPECT_EQ(r.skipped[5].origin, f + ":12");
  // 11 non-blank lines, each either returned or skipped.
  EXPECT_EQ(r.documents_read + static_cast<int64_t>(r.skipped.size()), 11);
  EXPECT_EQ(r.bytes_read, static_cast<int64_t>(sizeof(kJsonl) - 1));
}

TEST(DocumentReaderTest, JsonlOtherValuesAreSkippedOrReadAsBefore) {
  // Values the fast path skips (ingest/json_line.h) are ignored where no field needs them, and
  // where one does the line is read by nlohmann's parser, with the same ids and messages.
  TempDir t;
  const std::string f = t / "c.jsonl";
  WriteFile(f,
            "{\"id\": \"m1\", \"text\": \"with meta\", \"meta\": {\"tags\": [1, true, null]}, "
            "\"n\": -2.5e3}\n"
            "{\"id\": 7.5, \"text\": \"float id\"}\n"
            "{\"id\": true, \"text\": \"bool id\"}\n"
            "{\"id\": \"m4\", \"text\": \"object date\", \"date\": {\"y\": 2020}}\n"
            "{\"id\": \"m5\", \"text\": 5}\n"
            "{\"id\": \"m6\", \"text\": \"bad inside meta\", \"meta\": [1,]}\n"
            "{\"id\": \"m7\", \"text\": \"list url\", \"url\": [\"http://x/\"]}\n"
            "{\"id\": \"m8\", \"text\": null}\n"
            "{\"id\": 12, \"text\": \"integer id\", \"date\": null}\n");
  const Result r = ReadAll({f});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre("m1", "7.5", "12"));
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].text, "with meta");
  EXPECT_EQ(r.docs[1].text, "float id");
  EXPECT_EQ(r.docs[2].text, "integer id");
  ASSERT_EQ(r.skipped.size(), 6u) << SkipsToString(r);
  EXPECT_EQ(r.skipped[0].reason, "line 3: field 'id' is not a string or number");
  EXPECT_EQ(r.skipped[1].reason, "line 4: field 'date' is not a string or number");
  EXPECT_EQ(r.skipped[2].reason, "line 5: field 'text' missing or not a string");
  EXPECT_EQ(r.skipped[3].origin, f + ":6");
  EXPECT_THAT(r.skipped[3].reason, StartsWith("malformed JSON: "));
  EXPECT_EQ(r.skipped[4].reason, "line 7: field 'url' is not a string");
  EXPECT_EQ(r.skipped[5].reason, "line 8: field 'text' missing or not a string");
}

// A date may be a number (a Unix epoch): kept as its decimal text, by the fast path and by
// nlohmann's alike; it used to skip the document. date_from names the field.
TEST(DocumentReaderTest, JsonlDatesMayBeNumbersAndSayWhereTheyCameFrom) {
  TempDir t;
  const std::string f = t / "d.jsonl";
  WriteFile(f,
            "{\"id\":\"e1\",\"text\":\"a\",\"date\":1554163200}\n"
            "{\"id\":\"e2\",\"text\":\"b\",\"date\":1554163200.5}\n"
            "{\"id\":\"e3\",\"text\":\"c\",\"date\":-0}\n"
            "{\"id\":\"e4\",\"text\":\"d\",\"date\":12345678901234567890}\n"
            "{\"id\":\"e5\",\"text\":\"e\",\"date\":\"2019-04-02\"}\n"
            "{\"id\":\"e6\",\"text\":\"f\"}\n"
            "{\"id\":\"e7\",\"text\":\"g\",\"date\":-86400,\"id\":\"e7\"}\n");
  const Result r = ReadAll({f});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_TRUE(r.skipped.empty()) << SkipsToString(r);
  std::vector<std::string> dates, from;
  for (const InputDocument& d : r.docs) {
    dates.push_back(d.date);
    from.push_back(d.date_from);
  }
  EXPECT_THAT(dates, ::testing::ElementsAre("1554163200", "1554163200.5", "0",
                                            "12345678901234567890", "2019-04-02", "", "-86400"));
  const std::string field = "jsonl field 'date'";
  EXPECT_THAT(from, ::testing::ElementsAre(field, field, field, field, field, "", field));
  IngestOptions o;
  o.date_field = "published";
  WriteFile(t / "p.jsonl", "{\"text\":\"a\",\"published\":\"2020-01-01\"}\n");
  const Result p = ReadAll({t / "p.jsonl"}, o);
  ASSERT_EQ(p.docs.size(), 1u);
  EXPECT_EQ(p.docs[0].date_from, "jsonl field 'published'");
}

// A JSONL document carries its input line byte for byte (without the line ending): escapes,
// spacing, other fields and key order as written, whichever parser read it. Other inputs: none.
TEST(DocumentReaderTest, JsonlDocumentsCarryTheirLineAsIs) {
  TempDir t;
  const std::vector<std::string> lines = {
      "{\"id\": \"a\",  \"text\": \"caf\\u00e9\", \"meta\": {\"k\": [1, 2.50]}}",
      "{\"text\":\"dup keys\",\"id\":\"b\",\"id\":\"b2\"}",  // nlohmann's parser
      "  {\"id\":\"c\",\"text\":\"spaces around\"}  "};
  WriteFile(t / "r.jsonl", "\xEF\xBB\xBF" + lines[0] + "\r\n" + lines[1] + "\n\n" + lines[2]);
  WriteFile(t / "t.txt", "plain text");
  const Result r = ReadAll({t / "r.jsonl", t / "t.txt"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.docs.size(), 4u) << SkipsToString(r);
  EXPECT_EQ(r.docs[0].text, "café");
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(r.docs[i].record, lines[i]) << i;
  EXPECT_EQ(r.docs[1].id, "b2");
  EXPECT_EQ(r.docs[3].record, "");
}

TEST(DocumentReaderTest, JsonlStrictModeFailsNamingFileAndLine) {
  TempDir t;
  const std::string f = t / "c.jsonl";
  WriteFile(f, kJsonl);
  IngestOptions options;
  options.strict = true;
  const Result r = ReadAll({f}, options);
  EXPECT_EQ(r.status.code(), StatusCode::kDataLoss);
  EXPECT_THAT(r.status.message(), StartsWith(f + ":5: malformed JSON: "));
  EXPECT_THAT(Ids(r), ::testing::ElementsAre("d1", "42", f + ":4"));
  EXPECT_TRUE(r.skipped.empty());
}

TEST(DocumentReaderTest, JsonlMalformedReasonIsPrintableAscii) {
  TempDir t;
  const std::string f = t / "u.jsonl";
  WriteFile(f, "{\"id\":\"a\",\"text\":\"\xff\xfe\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n");
  const Result r = ReadAll({f});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre("b"));
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].origin, f + ":1");
  EXPECT_THAT(r.skipped[0].reason, StartsWith("malformed JSON: "));
  EXPECT_THAT(r.skipped[0].reason, HasSubstr("\\xff"));
  for (char c : r.skipped[0].reason) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7F) << r.skipped[0].reason;
  }
}

TEST(DocumentReaderTest, JsonlCustomFieldNames) {
  TempDir t;
  const std::string f = t / "c.ndjson";
  WriteFile(f,
            "{\"doc_id\":7,\"body\":\"b1\",\"published\":\"2021-02-03\",\"link\":\"u\","
            "\"id\":\"ignored\",\"text\":\"ignored\"}\n"
            "{\"id\":\"x\",\"text\":\"no body\"}\n");
  IngestOptions options;
  options.id_field = "doc_id";
  options.text_field = "body";
  options.date_field = "published";
  options.url_field = "link";
  const Result r = ReadAll({f}, options);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "7");
  EXPECT_EQ(r.docs[0].text, "b1");
  EXPECT_EQ(r.docs[0].date, "2021-02-03");
  EXPECT_EQ(r.docs[0].url, "u");
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].reason, "line 2: field 'body' missing or not a string");
}

TEST(DocumentReaderTest, JsonlLongLines) {
  TempDir t;
  std::string text(3 * 1024 * 1024 + 17, 'a');
  for (size_t i = 0; i < text.size(); i += 1000) text[i] = ' ';
  const std::string content =
      "{\"id\":\"long\",\"text\":\"" + text + "\"}\n" + "{\"id\":\"short\",\"text\":\"s\"}\n";
  WriteFile(t / "long.jsonl", content);
  WriteGzip(t / "long.jsonl.gz", content);
  for (const std::string f : {t / "long.jsonl", t / "long.jsonl.gz"}) {
    const Result r = ReadAll({f});
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    ASSERT_EQ(r.docs.size(), 2u) << f;
    EXPECT_EQ(r.docs[0].text, text);
    EXPECT_EQ(r.docs[1].origin, f + ":2");
    EXPECT_EQ(r.bytes_read, static_cast<int64_t>(content.size()));
  }
}

// ---- Compression -------------------------------------------------------------------------------

void ExpectSameDocs(const Result& a, const Result& b) {
  ASSERT_EQ(a.docs.size(), b.docs.size());
  for (size_t i = 0; i < a.docs.size(); ++i) {
    EXPECT_EQ(a.docs[i].id, b.docs[i].id);
    EXPECT_EQ(a.docs[i].text, b.docs[i].text);
    EXPECT_EQ(a.docs[i].date, b.docs[i].date);
    EXPECT_EQ(a.docs[i].url, b.docs[i].url);
  }
  EXPECT_EQ(a.bytes_read, b.bytes_read);
}

TEST(DocumentReaderTest, GzipAndZstdJsonlReadLikePlain) {
  TempDir t;
  const std::string content =
      RandomJsonl(300, nullptr) + "{\"id\":\"dated\",\"text\":\"t\",\"date\":\"2000-01-01\"}\n";
  WriteFile(t / "p.jsonl", content);
  WriteGzip(t / "p.jsonl.gz", content);
  WriteFile(t / "p.jsonl.zst", ZstdBytes(content));
  WriteFile(t / "gz-without-suffix.jsonl", GzipBytes(t, content));  // detected by magic
  const Result plain = ReadAll({t / "p.jsonl"});
  ASSERT_TRUE(plain.status.ok()) << plain.status.ToString();
  ASSERT_EQ(plain.docs.size(), 301u);
  EXPECT_EQ(plain.docs[300].date, "2000-01-01");
  for (const char* name : {"p.jsonl.gz", "p.jsonl.zst", "gz-without-suffix.jsonl"}) {
    SCOPED_TRACE(name);
    const Result r = ReadAll({t / name});
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_TRUE(r.skipped.empty()) << SkipsToString(r);
    ExpectSameDocs(plain, r);
    EXPECT_EQ(r.docs[0].origin, t / name + ":1");
  }
}

TEST(DocumentReaderTest, GzipAndZstdTextFilesReadLikePlain) {
  TempDir t;
  std::string content;
  for (int i = 0; i < 5000; ++i) content += "line " + std::to_string(i) + " of the text\n";
  WriteFile(t / "c/a.txt", content);
  WriteGzip(t / "c/b.txt.gz", content);
  WriteFile(t / "c/c.txt.zst", ZstdBytes(content));
  WriteFile(t / "c/d.txt", ZstdBytes(content));  // zstd without the suffix
  const Result r = ReadAll({t / "c"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_TRUE(r.skipped.empty()) << SkipsToString(r);
  // The id keeps the compression suffix: it names the file.
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "c/a.txt", t / "c/b.txt.gz", t / "c/c.txt.zst",
                                             t / "c/d.txt"));
  for (const auto& d : r.docs) EXPECT_EQ(d.text, content) << d.id;
  EXPECT_EQ(r.bytes_read, static_cast<int64_t>(4 * content.size()));
}

TEST(DocumentReaderTest, MultiMemberGzip) {
  TempDir t;
  const std::string content = RandomJsonl(50, nullptr);
  const size_t cut = content.size() / 2 + 7;  // a line split across the two members
  WriteFile(t / "m.jsonl.gz",
            GzipBytes(t, content.substr(0, cut)) + GzipBytes(t, content.substr(cut)));
  WriteFile(t / "m.txt.gz",
            GzipBytes(t, "first member, ") + GzipBytes(t, "") + GzipBytes(t, "third member"));
  const Result r = ReadAll({t / "m.jsonl.gz", t / "m.txt.gz"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_TRUE(r.skipped.empty()) << SkipsToString(r);
  ASSERT_EQ(r.docs.size(), 51u);
  EXPECT_EQ(r.docs[49].id, "doc49");
  EXPECT_EQ(r.docs[50].text, "first member, third member");
}

// Writes `compressed` cut at 60% to `path` and checks that the lines before the cut are returned
// and the cut is recorded.
void CheckTruncated(const TempDir& t, const std::string& compressed, const std::string& name,
                    const std::string& reason) {
  SCOPED_TRACE(name);
  std::vector<std::string> texts;
  RandomJsonl(5000, &texts);
  const std::string path = t / name;
  WriteFile(path, compressed.substr(0, compressed.size() * 6 / 10));
  WriteFile(t / "after.txt", "read after the truncated file");
  const Result r = ReadAll({path, t / "after.txt"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_GE(r.docs.size(), 1000u);
  ASSERT_LT(r.docs.size(), 5000u);
  for (size_t i = 0; i + 1 < r.docs.size(); ++i) {
    ASSERT_EQ(r.docs[i].id, "doc" + std::to_string(i));
    ASSERT_EQ(r.docs[i].text, texts[i]);
  }
  EXPECT_EQ(r.docs.back().id, t / "after.txt");
  ASSERT_EQ(r.skipped.size(), 1u) << SkipsToString(r);
  EXPECT_THAT(r.skipped[0].origin, StartsWith(path + ": byte "));
  EXPECT_THAT(r.skipped[0].reason, StartsWith(reason));

  IngestOptions strict;
  strict.strict = true;
  const Result s = ReadAll({path}, strict);
  EXPECT_EQ(s.status.code(), StatusCode::kDataLoss);
  EXPECT_THAT(s.status.message(), StartsWith(path + ": byte "));
  EXPECT_THAT(s.status.message(), HasSubstr(reason));
  EXPECT_EQ(s.docs.size() + 1, r.docs.size());
}

TEST(DocumentReaderTest, TruncatedGzipKeepsTheDocumentsBeforeTheCut) {
  TempDir t;
  CheckTruncated(t, GzipBytes(t, RandomJsonl(5000, nullptr)), "cut.jsonl.gz",
                 "truncated gzip stream");
}

TEST(DocumentReaderTest, TruncatedZstdKeepsTheDocumentsBeforeTheCut) {
  TempDir t;
  CheckTruncated(t, ZstdBytes(RandomJsonl(5000, nullptr)), "cut.jsonl.zst",
                 "truncated zstd stream");
}

TEST(DocumentReaderTest, TruncatedOrCorruptCompressedTextFileIsSkipped) {
  TempDir t;
  std::string content;
  for (int i = 0; i < 2000; ++i) content += "line " + std::to_string(i) + "\n";
  const std::string gz = GzipBytes(t, content);
  WriteFile(t / "c/cut.txt.gz", gz.substr(0, gz.size() - 10));
  std::string corrupt = gz;
  for (size_t i = 20; i < 60; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  WriteFile(t / "c/corrupt.txt.gz", corrupt);
  const std::string zst = ZstdBytes(content);
  WriteFile(t / "c/cut.txt.zst", zst.substr(0, zst.size() / 2));
  WriteFile(t / "c/ok.txt", "fine");
  const Result r = ReadAll({t / "c"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(t / "c/ok.txt"));
  ASSERT_EQ(r.skipped.size(), 3u) << SkipsToString(r);
  EXPECT_THAT(r.skipped[0].origin, StartsWith(t / "c/corrupt.txt.gz: byte "));
  EXPECT_THAT(r.skipped[0].reason, StartsWith("corrupt gzip data: "));
  EXPECT_EQ(r.skipped[1].origin, t / "c/cut.txt.gz: byte " + std::to_string(gz.size() - 10));
  EXPECT_EQ(r.skipped[1].reason, "truncated gzip stream");
  EXPECT_THAT(r.skipped[2].origin, StartsWith(t / "c/cut.txt.zst: byte "));
  EXPECT_EQ(r.skipped[2].reason, "truncated zstd stream");
}

TEST(DocumentReaderTest, TrailingGarbageAfterGzipIsRecorded) {
  TempDir t;
  const std::string gz = GzipBytes(t, "{\"id\":\"a\",\"text\":\"x\"}\n");
  WriteFile(t / "g.jsonl.gz", gz + "garbage");
  const Result r = ReadAll({t / "g.jsonl.gz"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre("a"));
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].origin, t / "g.jsonl.gz: byte " + std::to_string(gz.size()));
  EXPECT_EQ(r.skipped[0].reason, "trailing data after gzip stream");
}

// ---- Standard input ----------------------------------------------------------------------------

TEST(DocumentReaderTest, StdinIsReadAsJsonlPossiblyCompressed) {
  TempDir t;
  const std::string content = "{\"id\":\"s1\",\"text\":\"from stdin\"}\n{\"text\":\"no id\"}\n";
  WriteFile(t / "in.zst", ZstdBytes(content));
  const int saved = dup(STDIN_FILENO);
  ASSERT_GE(saved, 0);
  const int fd = open((t / "in.zst").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(dup2(fd, STDIN_FILENO), STDIN_FILENO);
  close(fd);
  const Result r = ReadAll({"-"});
  dup2(saved, STDIN_FILENO);
  close(saved);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre("s1", "<stdin>:2"));
  EXPECT_EQ(r.docs[0].text, "from stdin");
  EXPECT_EQ(r.docs[0].origin, "<stdin>:1");
}

// Reads `input` (a file) with standard input redirected from `stdin_path`.
Result ReadWithStdin(const std::string& stdin_path, const IngestOptions& options) {
  const int saved = dup(STDIN_FILENO);
  EXPECT_GE(saved, 0);
  const int fd = open(stdin_path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(dup2(fd, STDIN_FILENO), STDIN_FILENO);
  close(fd);
  Result r = ReadAll({"-"}, options);
  dup2(saved, STDIN_FILENO);
  close(saved);
  return r;
}

// ---- Input formats -----------------------------------------------------------------------------

// C4's shards are named .json.gz (and .json once unpacked): JSON Lines by their content, a JSON
// object on the first line, whatever the name; text that merely starts with '{' stays text.
TEST(DocumentReaderTest, JsonLinesAreRecognisedByContent) {
  TempDir t;
  const std::string c4 =
      "{\"url\":\"https://a.example/1\",\"text\":\"First page.\",\"timestamp\":\"2019-04-25T12:57:54Z\"}\n"
      "{\"url\":\"https://b.example/2\",\"text\":\"Second page.\",\"timestamp\":\"2019-04-26T01:02:03Z\"}\n";
  WriteFile(t / "c4-train.00000-of-01024.json.gz", GzipBytes(t, c4));
  WriteFile(t / "unpacked.json", c4);
  WriteFile(t / "bom.dat", "\xEF\xBB\xBF" + c4);
  WriteFile(t / "braces.txt", "{not json} but a text that starts with a brace\nsecond line\n");
  WriteFile(t / "pretty.json", "{\n  \"text\": \"a JSON document over several lines\"\n}\n");
  const Result r = ReadAll({t / "c4-train.00000-of-01024.json.gz", t / "unpacked.json",
                            t / "bom.dat", t / "braces.txt", t / "pretty.json"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  const std::string c4name = t / "c4-train.00000-of-01024.json.gz";
  EXPECT_THAT(Ids(r), ::testing::ElementsAre(c4name + ":1", c4name + ":2", t / "unpacked.json:1",
                                             t / "unpacked.json:2", t / "bom.dat:1",
                                             t / "bom.dat:2", t / "braces.txt",
                                             t / "pretty.json"));
  EXPECT_EQ(r.docs[0].text, "First page.");
  EXPECT_EQ(r.docs[0].url, "https://a.example/1");
  EXPECT_EQ(r.docs[5].text, "Second page.");
  EXPECT_TRUE(r.skipped.empty()) << SkipsToString(r);
  // A first line longer than the 8 KB the format is first told by.
  const std::string long_text(100000, 'x');
  WriteFile(t / "long.json", "{\"text\":\"" + long_text + "\"}\n{\"text\":\"y\"}\n");
  const Result l = ReadAll({t / "long.json"});
  ASSERT_EQ(l.docs.size(), 2u) << SkipsToString(l);
  EXPECT_EQ(l.docs[0].text, long_text);
}

// --input-format forces one reading on every file (and standard input).
TEST(DocumentReaderTest, InputFormatForcesTheReading) {
  TempDir t;
  const std::string page =
      "<html><body><p>This paragraph is the main text of the page, long enough to be kept as "
      "one.</p></body></html>\n";
  WriteFile(t / "page.html", page);
  WriteFile(t / "lines.txt", "{\"id\":\"l1\",\"text\":\"one\"}\nnot json\n");
  WriteFile(t / "page.txt", page);
  auto read = [&](const char* format, const std::vector<std::string>& inputs) {
    IngestOptions o;
    o.input_format = format;
    return ReadAll(inputs, o);
  };
  // auto: the page's text, the JSONL line (and the malformed one skipped), the page by content.
  const Result a = read("auto", {t / "page.html", t / "lines.txt", t / "page.txt"});
  ASSERT_EQ(a.docs.size(), 3u) << SkipsToString(a);
  EXPECT_EQ(a.docs[0].text_from, "html (utf-8)");
  EXPECT_EQ(a.docs[1].id, "l1");
  EXPECT_EQ(a.docs[2].text_from, "html (utf-8)");
  EXPECT_EQ(a.skipped.size(), 1u);
  // text: each file one document, its bytes as they are.
  const Result x = read("text", {t / "page.html", t / "lines.txt"});
  ASSERT_EQ(x.docs.size(), 2u) << SkipsToString(x);
  EXPECT_EQ(x.docs[0].text, page);
  EXPECT_EQ(x.docs[0].text_from, "");
  EXPECT_EQ(x.docs[1].id, t / "lines.txt");
  // jsonl: every line of every file.
  const Result j = read("jsonl", {t / "lines.txt", t / "page.txt"});
  EXPECT_THAT(Ids(j), ::testing::ElementsAre("l1"));
  EXPECT_EQ(j.skipped.size(), 2u) << SkipsToString(j);
  // html: a page whatever its name and start.
  WriteFile(t / "fragment.txt", "Intro line\n" + page);
  const Result h = read("html", {t / "fragment.txt"});
  ASSERT_EQ(h.docs.size(), 1u) << SkipsToString(h);
  EXPECT_EQ(h.docs[0].text_from, "html (utf-8)");
  // warc: a file that is not one is damaged records, not a document.
  const Result w = read("warc", {t / "lines.txt"});
  EXPECT_TRUE(w.docs.empty());
  ASSERT_EQ(w.skipped.size(), 1u);
  EXPECT_THAT(w.skipped[0].reason, StartsWith("damaged WARC record: expected a WARC record"));
  // Standard input: JSONL under auto, else as the format says.
  EXPECT_THAT(Ids(ReadWithStdin(t / "lines.txt", IngestOptions())), ::testing::ElementsAre("l1"));
  IngestOptions text;
  text.input_format = "text";
  const Result s = ReadWithStdin(t / "page.html", text);
  ASSERT_EQ(s.docs.size(), 1u);
  EXPECT_EQ(s.docs[0].id, "<stdin>");
  EXPECT_EQ(s.docs[0].text, page);
  // An unknown format is refused at once.
  IngestOptions bad;
  bad.input_format = "xml";
  const Result b = ReadAll({t / "page.html"}, bad);
  EXPECT_EQ(b.status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(b.status.message(), HasSubstr("--input-format"));
}

// One document from memory follows input_format's text and html as a file would.
TEST(DocumentReaderTest, DocumentFromBytesFollowsTheInputFormat) {
  const std::string page =
      "Notes: the <b>main</b> text of the page, long enough to be kept as one block of words.\n";
  IngestOptions o;
  EXPECT_EQ(DocumentFromBytes("a.txt", page, o)->text, page) << "not HTML by its start";
  o.input_format = "html";
  EXPECT_EQ(DocumentFromBytes("a.txt", page, o)->text_from, "html (utf-8)");
  o.input_format = "text";
  EXPECT_EQ(DocumentFromBytes("a.html", page, o)->text, page);
}

// UTF-16 JSON Lines (with a byte-order mark, or without: by the zero-byte pattern) are decoded,
// not reported line by line as malformed JSON.
TEST(DocumentReaderTest, Utf16JsonLinesAreDecoded) {
  TempDir t;
  const std::u16string lines =
      u"{\"id\":\"r1\",\"text\":\"Привет, мир: 𝄞 a UTF-16 line.\"}\r\n{\"id\":\"r2\",\"text\":\"Second.\"}\r\n";
  auto encode = [&](bool big_endian, bool bom) {
    std::string out;
    if (bom) out = big_endian ? std::string("\xFE\xFF", 2) : std::string("\xFF\xFE", 2);
    for (char16_t c : lines) {
      const char hi = static_cast<char>(c >> 8), lo = static_cast<char>(c & 0xff);
      out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
    }
    return out;
  };
  WriteFile(t / "le.jsonl", encode(false, true));
  WriteFile(t / "be.jsonl", encode(true, true));
  WriteFile(t / "nobom.json", encode(false, false));
  WriteGzip(t / "be.json.gz", encode(true, true));
  for (const char* name : {"le.jsonl", "be.jsonl", "nobom.json", "be.json.gz"}) {
    const Result r = ReadAll({t / name});
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_TRUE(r.skipped.empty()) << name << "\n" << SkipsToString(r);
    ASSERT_EQ(r.docs.size(), 2u) << name;
    EXPECT_EQ(r.docs[0].text, "Привет, мир: 𝄞 a UTF-16 line.") << name;
    EXPECT_EQ(r.docs[1].id, "r2");
    EXPECT_EQ(r.docs[1].origin, t / name + ":2");
    EXPECT_EQ(r.docs[1].record, "{\"id\":\"r2\",\"text\":\"Second.\"}");  // as UTF-8
  }
}

// ---- Accounting --------------------------------------------------------------------------------

TEST(DocumentReaderTest, EveryPlantedDocumentIsReturnedOrSkipped) {
  TempDir t;
  const std::string d = t / "corpus";
  int planted = 0;
  auto plant = [&](const std::string& rel, const std::string& bytes, int docs) {
    WriteFile(d + "/" + rel, bytes);
    planted += docs;
  };
  plant("a.txt", "alpha", 1);
  plant("empty.txt", "", 1);
  plant("bin/x.bin", std::string("\0\0\0\x01", 4), 1);
  plant("sub/c.jsonl", kJsonl, 11);
  plant("sub/deeper/d.jsonl.gz", GzipBytes(t, RandomJsonl(20, nullptr)), 20);
  plant("sub/deeper/e.jsonl.zst", ZstdBytes(RandomJsonl(20, nullptr)), 20);  // all duplicates
  plant("z.txt.gz", GzipBytes(t, "zed"), 1);
  fs::create_directory_symlink("..", d + "/sub/up");  // a loop: recorded, no documents
  const Result r = ReadAll({d});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.documents_read, 2 + 5 + 20);
  // Every planted document, plus the one loop record.
  EXPECT_EQ(r.documents_read + static_cast<int64_t>(r.skipped.size()), planted + 1)
      << SkipsToString(r);
  ASSERT_NE(FindSkip(r, d + "/sub/up"), nullptr);
}

// ---- WARC and encodings ------------------------------------------------------------------------

std::string WarcRecordBytes(const std::string& type, const std::string& id,
                            const std::string& block, long long length = -1) {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + id +
         ">\r\nWARC-Date: 2021-10-0" + id.substr(0, 1) +
         "T10:00:00Z\r\nWARC-Target-URI: https://site" + id + ".example/story\r\n" +
         "Content-Type: application/http; msgtype=" + type + "\r\nContent-Length: " +
         std::to_string(length < 0 ? static_cast<long long>(block.size()) : length) + "\r\n\r\n" +
         block + "\r\n\r\n";
}

std::string HttpBytes(int status, const std::string& content_type, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(DocumentReaderTest, WarcResponsesBecomeDocumentsAndTheRestIsAccountedFor) {
  TempDir t;
  const std::string story = "Tajikistan has become the hub of the Afghan resistance.\n";
  const std::string lying = HttpBytes(200, "text/plain", "a record whose length lies");
  std::vector<std::string> records = {
      WarcRecordBytes("warcinfo", "0info", "software: test\r\n"),
      WarcRecordBytes("request", "1req", "GET /story HTTP/1.1\r\nHost: site1\r\n\r\n"),
      WarcRecordBytes("response", "1doc", HttpBytes(200, "text/plain; charset=utf-8", story)),
      WarcRecordBytes("metadata", "1meta", "fetchTimeMs: 12\r\n"),
      WarcRecordBytes("response", "2missing", HttpBytes(404, "text/html", "<p>Not found</p>")),
      WarcRecordBytes("response", "3image",
                      HttpBytes(200, "image/jpeg",
                                std::string("\xff\xd8\xff\xe0", 4) + std::string(500, '\x01'))),
      WarcRecordBytes("response", "4pdf", HttpBytes(200, "application/pdf", "%PDF-1.4 ...")),
      WarcRecordBytes("response", "5lies", lying, static_cast<long long>(lying.size()) - 7),
      WarcRecordBytes("revisit", "6again", "HTTP/1.1 200 OK\r\n\r\n"),
      WarcRecordBytes("response", "7second", HttpBytes(200, "text/plain", "Second document.\n")),
  };
  std::string gz;
  for (const std::string& r : records) gz += GzipBytes(t, r);
  WriteFile(t / "crawl.warc.gz", gz);
  auto reader = DocumentReader::Open({t / "crawl.warc.gz"}, IngestOptions());
  ASSERT_TRUE(reader.ok());
  std::vector<InputDocument> docs;
  InputDocument d;
  while (true) {
    StatusOr<bool> next = (*reader)->Next(&d);
    ASSERT_TRUE(next.ok()) << next.status().ToString();
    if (!*next) break;
    docs.push_back(d);
  }
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "urn:uuid:1doc");
  EXPECT_EQ(docs[0].url, "https://site1doc.example/story");
  EXPECT_EQ(docs[0].date, "2021-10-01T10:00:00Z");
  EXPECT_EQ(docs[0].text, story);
  EXPECT_THAT(docs[0].origin, HasSubstr("crawl.warc.gz: byte "));
  EXPECT_EQ(docs[1].id, "urn:uuid:7second");
  // warcinfo, request, metadata: not documents, counted.
  EXPECT_EQ((*reader)->warc_records_not_documents(), 3);
  const std::vector<SkipRecord>& skipped = (*reader)->skipped();
  std::string all;
  for (const SkipRecord& k : skipped) all += k.origin + " -> " + k.reason + "\n";
  ASSERT_EQ(skipped.size(), 5u) << all;
  EXPECT_THAT(all, HasSubstr("urn:uuid:2missing) -> HTTP status 404"));
  EXPECT_THAT(all, HasSubstr("urn:uuid:3image) -> not HTML or text (Content-Type image/jpeg)"));
  EXPECT_THAT(all, HasSubstr("urn:uuid:4pdf) -> not HTML or text (Content-Type application/pdf)"));
  EXPECT_THAT(all, HasSubstr("damaged WARC record: Content-Length"));
  EXPECT_THAT(all, HasSubstr("urn:uuid:5lies"));
  EXPECT_THAT(all, HasSubstr("revisit"));
  // Every skip names the file and the byte offset of its record.
  size_t offset = 0;
  for (size_t i = 0; i < 4; ++i) offset += records[i].size();  // the 404 record
  EXPECT_EQ(skipped[0].origin,
            t / "crawl.warc.gz" + ": byte " + std::to_string(offset) + " (urn:uuid:2missing)");
}

// A WARC record with the given headers (besides type, id and length) and block.
std::string WarcWithHeaders(const std::string& type, const std::string& id,
                            const std::string& headers, const std::string& block) {
  return "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + id + ">\r\n" +
         headers + "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block +
         "\r\n\r\n";
}

// A revisit record (the same payload as an earlier capture, stored without it) is a document
// with empty text naming the document it revisits: by WARC-Refers-To, else the payload digest,
// else the target URI and date of the capture; one that names nothing read is a skip.
TEST(DocumentReaderTest, WarcRevisitsNameTheCaptureTheyRevisit) {
  TempDir t;
  const std::string page = HttpBytes(200, "text/plain", "The harbour reopened on Monday.\n");
  const std::string uri = "WARC-Target-URI: https://news.example/harbour\r\n";
  const std::string first_date = "WARC-Date: 2021-10-01T10:00:00Z\r\n";
  auto revisit = [&](const std::string& id, const std::string& headers) {
    return WarcWithHeaders("revisit", id,
                           uri + "WARC-Date: 2021-11-01T10:00:00Z\r\n"
                                 "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/"
                                 "identical-payload-digest\r\n" +
                               headers,
                           "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
  };
  WriteFile(t / "a.warc",
            WarcWithHeaders("response", "r1",
                            uri + first_date + "WARC-Payload-Digest: sha1:AAAA\r\n", page) +
                WarcWithHeaders("response", "r2",
                                "WARC-Target-URI: https://news.example/gone\r\n" + first_date +
                                    "WARC-Payload-Digest: sha1:GONE\r\n",
                                HttpBytes(404, "text/html", "<p>Not found</p>")) +
                revisit("v1", "WARC-Refers-To: <urn:uuid:r1>\r\nWARC-Payload-Digest: sha1:AAAA\r\n") +
                revisit("v2", "WARC-Payload-Digest: sha1:AAAA\r\n") +
                revisit("v3", "WARC-Refers-To-Target-URI: <https://news.example/harbour>\r\n"
                              "WARC-Refers-To-Date: 2021-10-01T10:00:00Z\r\n") +
                revisit("v4", "WARC-Refers-To: <urn:uuid:elsewhere>\r\n"
                              "WARC-Payload-Digest: sha1:ZZZZ\r\n") +
                revisit("v5", "WARC-Payload-Digest: sha1:GONE\r\n"));
  // A later file of the same inputs revisits a capture of the first.
  WriteFile(t / "b.warc.gz",
            GzipBytes(t, revisit("v6", "WARC-Refers-To: <urn:uuid:r1>\r\n")));
  const Result r = ReadAll({t / "a.warc", t / "b.warc.gz"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_THAT(Ids(r), ::testing::ElementsAre("urn:uuid:r1", "urn:uuid:v1", "urn:uuid:v2",
                                             "urn:uuid:v3", "urn:uuid:v6"));
  EXPECT_EQ(r.docs[0].revisit_of, "");
  for (size_t i = 1; i < r.docs.size(); ++i) {
    EXPECT_EQ(r.docs[i].revisit_of, "urn:uuid:r1") << r.docs[i].id;
    EXPECT_EQ(r.docs[i].text, "");
    EXPECT_EQ(r.docs[i].url, "https://news.example/harbour");
    EXPECT_EQ(r.docs[i].date, "2021-11-01T10:00:00Z");
  }
  ASSERT_EQ(r.skipped.size(), 3u) << SkipsToString(r);
  EXPECT_EQ(r.skipped[0].reason, "HTTP status 404");
  EXPECT_THAT(r.skipped[1].origin, HasSubstr("(urn:uuid:v4)"));
  EXPECT_EQ(r.skipped[1].reason,
            "revisit of a capture not in the inputs: WARC-Refers-To urn:uuid:elsewhere, "
            "WARC-Payload-Digest sha1:ZZZZ");
  EXPECT_EQ(r.skipped[2].reason,
            "revisit of urn:uuid:r2, which was not read as a document");
  // extract writes the revisit with its empty text and the document it revisits.
  const auto line = nlohmann::json::parse(DocumentJsonLine(r.docs[1]));
  EXPECT_EQ(line["text"], "");
  EXPECT_EQ(line["revisit_of"], "urn:uuid:r1");
  EXPECT_FALSE(nlohmann::json::parse(DocumentJsonLine(r.docs[0])).contains("revisit_of"));
}

// A page's own date (its publication) is preferred over the WARC-Date (the crawl's time), and
// date_from says which one a document has; HTML files and pages from memory have theirs too.
TEST(DocumentReaderTest, PageDatesArePreferredOverTheCrawlDate) {
  using testing::ArcRecord;
  using testing::ArcVersionBlock;
  TempDir t;
  const std::string paragraph =
      "<p>The harbour reopened on Monday after the storm, and the first ferries crossed.</p>";
  const std::string dated =
      "<html><head><meta property=\"article:published_time\" content=\"2019-05-01T06:00:00Z\">"
      "</head><body>" + paragraph + "</body></html>";
  const std::string undated = "<html><body>" + paragraph + "</body></html>";
  WriteFile(t / "crawl.warc",
            WarcRecordBytes("response", "1dated", HttpBytes(200, "text/html", dated)) +
                WarcRecordBytes("response", "2undated", HttpBytes(200, "text/html", undated)) +
                WarcRecordBytes("response", "3plain",
                                HttpBytes(200, "text/plain", "Plain text of the crawl.\n")));
  WriteFile(t / "page.html", dated);
  WriteFile(t / "old.arc", ArcVersionBlock() + ArcRecord("http://old.example/", HttpBytes(200, "text/html", undated)) +
                               ArcRecord("http://old.example/dated", HttpBytes(200, "text/html", dated)));
  const Result r = ReadAll({t / "crawl.warc", t / "page.html", t / "old.arc"});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.docs.size(), 6u) << SkipsToString(r);
  std::vector<std::string> got;
  for (const InputDocument& d : r.docs) got.push_back(d.date + " | " + d.date_from);
  EXPECT_THAT(got, ::testing::ElementsAre("2019-05-01T06:00:00Z | article:published_time",
                                          "2021-10-02T10:00:00Z | WARC-Date",
                                          "2021-10-03T10:00:00Z | WARC-Date",
                                          "2019-05-01T06:00:00Z | article:published_time",
                                          "1996-11-04T14:21:03Z | ARC date",
                                          "2019-05-01T06:00:00Z | article:published_time"));
  const auto from_memory = DocumentFromBytes("page.html", dated, IngestOptions());
  ASSERT_TRUE(from_memory.ok());
  EXPECT_EQ(from_memory->date, "2019-05-01T06:00:00Z");
  EXPECT_EQ(from_memory->date_from, "article:published_time");
  const auto line = nlohmann::json::parse(DocumentJsonLine(r.docs[1]));
  EXPECT_EQ(line["date_from"], "WARC-Date");
}

TEST(DocumentReaderTest, WarcPayloadMislabelledAsHtmlIsNotAPage) {
  TempDir t;
  WriteFile(t / "a.warc",
            WarcRecordBytes("response", "1pdf",
                            HttpBytes(200, "text/html", "%PDF-1.5\n" + std::string(500, 'x'))));
  const Result r = ReadAll({t / "a.warc"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].reason, "not text (PDF document) despite Content-Type text/html");
}

TEST(DocumentReaderTest, WarcIsRecognisedByContentWhateverItsName) {
  TempDir t;
  WriteFile(t / "dump.dat",
            WarcRecordBytes("response", "1x", HttpBytes(200, "text/plain", "Hello world.\n")));
  const Result r = ReadAll({t / "dump.dat"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_THAT(Ids(r), ::testing::ElementsAre("urn:uuid:1x"));
}

TEST(DocumentReaderTest, WarcStrictModeFailsOnADamagedRecord) {
  TempDir t;
  const std::string body = HttpBytes(200, "text/plain", "text");
  WriteFile(t / "a.warc", WarcRecordBytes("response", "1", body, 3));
  IngestOptions strict;
  strict.strict = true;
  const Result r = ReadAll({t / "a.warc"}, strict);
  EXPECT_FALSE(r.status.ok());
  EXPECT_THAT(r.status.message(), HasSubstr(t / "a.warc: byte 0"));
}

// ARC files (the Internet Archive's format before WARC) are read as WARC records are: each 2xx
// HTML or text response a document, the rest accounted for; they used to be one text document
// with their headers and markup as words.
TEST(DocumentReaderTest, ArcRecordsAreReadAsWarcRecordsAre) {
  using testing::ArcRecord;
  using testing::ArcVersionBlock;
  TempDir t;
  const std::string story = "<html><body><p>The harbour reopened on Monday after the storm, "
                            "and the first ferries crossed to the islands.</p></body></html>";
  const std::string arc =
      ArcVersionBlock("crawl.arc") +
      ArcRecord("dns:www.example.com", "192.0.2.7\n", "19961104142102", "text/dns") +
      ArcRecord("http://www.example.com:80/story.html", HttpBytes(200, "text/html", story)) +
      ArcRecord("http://www.example.com:80/gone.html",
                HttpBytes(404, "text/html", "<p>Not found</p>")) +
      ArcRecord("http://www.example.com:80/logo.gif", HttpBytes(200, "image/gif", "GIF89a..."),
                "19961104142104", "image/gif") +
      ArcRecord("http://www.example.com:80/notes.txt",
                HttpBytes(200, "text/plain", "Plain notes of the crawl.\n"), "19961104142105",
                "text/plain");
  WriteFile(t / "crawl.arc", arc);
  WriteFile(t / "crawl-by-content.dat", arc);
  std::string gz;
  for (size_t p = 0; p < arc.size();) {  // one gzip member per record
    size_t next = arc.find("\nhttp://", p);
    const size_t dns = arc.find("\ndns:", p);
    next = std::min(next, dns);
    next = next == std::string::npos ? arc.size() : next + 1;
    gz += GzipBytes(t, arc.substr(p, next - p));
    p = next;
  }
  WriteFile(t / "crawl.arc.gz", gz);
  for (const char* name : {"crawl.arc", "crawl-by-content.dat", "crawl.arc.gz"}) {
    SCOPED_TRACE(name);
    auto reader = DocumentReader::Open({t / name}, IngestOptions());
    ASSERT_TRUE(reader.ok());
    std::vector<InputDocument> docs;
    InputDocument d;
    while ((*reader)->Next(&d).value()) docs.push_back(d);
    ASSERT_EQ(docs.size(), 2u);
    const size_t at = arc.find("http://www.example.com:80/story.html");
    EXPECT_EQ(docs[0].id, "http://www.example.com:80/story.html (byte " + std::to_string(at) + ")");
    EXPECT_EQ(docs[0].url, "http://www.example.com:80/story.html");
    EXPECT_EQ(docs[0].date, "1996-11-04T14:21:03Z");
    EXPECT_EQ(docs[0].text,
              "The harbour reopened on Monday after the storm, and the first ferries crossed to "
              "the islands.");
    EXPECT_EQ(docs[0].text_from, "html (utf-8)");
    EXPECT_EQ(docs[0].origin, t / name + ": byte " + std::to_string(at) +
                                  " (http://www.example.com:80/story.html)");
    EXPECT_EQ(docs[1].text, "Plain notes of the crawl.\n");
    EXPECT_EQ((*reader)->warc_records_not_documents(), 2);  // the version block, dns
    const std::vector<SkipRecord>& skipped = (*reader)->skipped();
    ASSERT_EQ(skipped.size(), 2u);
    EXPECT_EQ(skipped[0].reason, "HTTP status 404");
    EXPECT_EQ(skipped[1].reason, "not HTML or text (Content-Type image/gif)");
  }
  // A malformed ARC is refused record by record, naming the file and the byte offset.
  const std::string bad = ArcVersionBlock() + "http://x.example/ 192.0.2.7 yesterday text/html 12\n"
                                              "<p>Hello</p>\n";
  WriteFile(t / "bad.arc", bad);
  const Result r = ReadAll({t / "bad.arc"});
  ASSERT_TRUE(r.status.ok());
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.skipped.size(), 1u) << SkipsToString(r);
  EXPECT_EQ(r.skipped[0].origin, t / "bad.arc: byte " + std::to_string(ArcVersionBlock().size()));
  EXPECT_THAT(r.skipped[0].reason, StartsWith("damaged ARC record: expected an ARC record header"));
  IngestOptions strict;
  strict.strict = true;
  const Result s = ReadAll({t / "bad.arc"}, strict);
  EXPECT_EQ(s.status.code(), StatusCode::kDataLoss);
  EXPECT_THAT(s.status.message(), StartsWith(t / "bad.arc: byte "));
}

TEST(DocumentReaderTest, Utf16FilesAreDecodedNotCalledBinary) {
  TempDir t;
  const std::u16string text = u"Привет, мир. Hello, world: a UTF-16 document.\n";
  std::string le("\xff\xfe", 2), be("\xfe\xff", 2), le_nobom;
  for (char16_t c : text) {
    le += static_cast<char>(c & 0xff);
    le += static_cast<char>(c >> 8);
    be += static_cast<char>(c >> 8);
    be += static_cast<char>(c & 0xff);
  }
  le_nobom = le.substr(2);
  WriteFile(t / "le.txt", le);
  WriteFile(t / "be.txt", be);
  WriteFile(t / "nobom.txt", le_nobom);
  const Result r = ReadAll({t / "le.txt", t / "be.txt", t / "nobom.txt"});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 3u) << SkipsToString(r);
  const std::string utf8 = "Привет, мир. Hello, world: a UTF-16 document.\n";
  for (const InputDocument& d : r.docs) EXPECT_EQ(d.text, utf8) << d.id;
  EXPECT_EQ(r.docs[0].text_from, "utf-16le");
  EXPECT_EQ(r.docs[1].text_from, "utf-16be");
  EXPECT_EQ(r.docs[2].text_from, "utf-16le");
}

TEST(DocumentReaderTest, LegacyEncodingsWithoutDeclarationAreDetected) {
  TempDir t;
  // Windows-1251: "Таджикистан стал центром афганского сопротивления. Москва поддерживает
  // президента Рахмона, а Талибан угрожает границе." written byte by byte (А=0xC0 .. я=0xFF).
  auto cp1251 = [](const std::u16string& s) {
    std::string out;
    for (char16_t c : s) {
      if (c < 0x80) {
        out += static_cast<char>(c);
      } else if (c >= u'А' && c <= u'я') {
        out += static_cast<char>(0xC0 + (c - u'А'));
      }
    }
    return out;
  };
  const std::u16string ru =
      u"Таджикистан стал центром афганского сопротивления. Москва поддерживает президента "
      u"Рахмона, а Талибан угрожает границе. Лидеры сопротивления живут в Душанбе.\n";
  WriteFile(t / "ru.txt", cp1251(ru));
  // Windows-1252: accents and curly quotes.
  WriteFile(t / "fr.txt",
            "\x93L\xe9gislatives\x94: le ministre a d\xe9"
            "clar\xe9 que la r\xe9"
            "forme \xe9tait "
            "n\xe9"
            "cessaire. Les \xe9l\xe8ves fran\xe7"
            "ais et les \xe9tudiants ont "
            "manifest\xe9 \xe0 Paris.\n");
  const Result r = ReadAll({t / "ru.txt", t / "fr.txt"});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 2u) << SkipsToString(r);
  EXPECT_EQ(r.docs[0].text_from, "windows-1251");
  EXPECT_THAT(r.docs[0].text, HasSubstr("Таджикистан стал центром"));
  EXPECT_EQ(r.docs[1].text_from, "windows-1252");
  EXPECT_THAT(r.docs[1].text, HasSubstr("“Législatives”: le ministre a déclaré"));
  // UTF-8 input stays the input's own bytes.
  WriteFile(t / "u.txt", "Déjà vu, “quoted”.\n");
  const Result u = ReadAll({t / "u.txt"});
  ASSERT_EQ(u.docs.size(), 1u);
  EXPECT_EQ(u.docs[0].text, "Déjà vu, “quoted”.\n");
  EXPECT_EQ(u.docs[0].text_from, "");
}

}  // namespace
}  // namespace textrace
