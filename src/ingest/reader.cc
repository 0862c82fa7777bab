// DocumentReader: inputs -> files (directory walk) -> documents (a text file, or the lines of a
// JSONL file), with every document that is not returned recorded as a SkipRecord.
//
// Decisions worth knowing:
// - The id (and origin) of a text file is its path as given, joined with the names of the walk
//   ("dir/sub/a.txt"), compression suffix included ("dir/b.txt.gz"): the id names the file.
// - Compression is detected from the magic bytes (gzip 1f 8b, zstd 28 b5 2f fd), never from the
//   name: "x.gz" holding plain text is read as plain text.
// - The format (IngestOptions::input_format "auto"): a name ending in .jsonl / .ndjson
//   (optionally followed by .gz / .gzip / .zst / .zstd, case-insensitive) is JSONL; then a WARC
//   (see below); then data that, after a byte-order mark (and decoded from UTF-16), starts with
//   '{' and whose first line parses as a JSON object is JSONL, whatever the name (C4's .json.gz);
//   else a text or HTML file. A forced format ("jsonl", "text", "warc", "html") applies to
//   every file and to standard input; "text" never extracts HTML.
// - JSONL in UTF-16 (a byte-order mark, or the zero-byte pattern in the first 8 KB) is decoded
//   to UTF-8 as it is read; a UTF-8 byte-order mark is dropped.
// - Standard input ("-") is JSONL under "auto"; its origin is "<stdin>" (ids "<stdin>:LINE"
//   when missing).
// - Hidden files and directories (".name") are read like any other.
// - `include` / `exclude` globs choose among the files (and other non-directory entries) found
//   in directory inputs, by the path relative to the directory given and by the base name
//   (fnmatch without flags: "*" also matches "/" and a leading "."). Files left out are counted
//   (files_excluded), not skipped: they are not inputs. Directories are always walked.
// - Inside directories only regular files are read (symlinks are followed); anything else (fifo,
//   socket, device, broken symlink) is a SkipRecord. An input named on the command line is read
//   whatever its type (so that `<(zcat ...)` works).
// - A directory is read once per reader, by device and inode: a symlink back to an ancestor is
//   recorded as "symlink loop", a second path to a directory already read as "directory already
//   read". Files likewise: a file given twice, or given and inside a directory given too (or
//   linked twice into one), is read the first time and recorded as "already read as '...'" the
//   next. None of these is an error, even with `strict`.
// - `strict` turns into errors: malformed JSONL lines (bad JSON, not an object, text field
//   missing or not a string, id/date/url of the wrong type), truncated or corrupt compressed data
//   (DataLoss), and unreadable files or directories (IoError). Policy skips stay skips: empty,
//   binary, too large, duplicate id, symlink loop, not a regular file.
// - A JSONL JSON `null` id (or "") counts as missing: the id becomes "path:LINE".
// - Binary: more than 1% NUL bytes, or more than 10% control bytes (< 0x09, 0x0E..0x1F), in the
//   first 8 KiB, unless those bytes are UTF-16 (a BOM, or the zero-byte pattern of UTF-16 text).
// - Text files are decoded by their encoding (normalize/charset.h): UTF-8 (even slightly
//   damaged) is taken as it is; UTF-16, and legacy encodings found by detection, are decoded to
//   UTF-8 and the document says so (InputDocument::text_from).
// - WARC: a file is a WARC when its name ends in .warc (before a compression suffix) or its data
//   starts with "WARC/1.". Response (and resource) records with status 2xx and an HTML or plain
//   text payload become documents; other responses are skipped with the reason (status,
//   content type, undecodable body); request, metadata, warcinfo and conversion records are not
//   documents and are only counted. Skips name "path: byte N" (offset of the record in the
//   uncompressed data) and the record id.
// - ARC (the Internet Archive's format before WARC): a file whose data starts with
//   "filedesc://" or (not being a WARC) is named .arc. Its records are read as WARC response
//   records (the HTTP response of an http(s) URL) or resources (other URLs); the version block
//   and dns: records are not documents and are counted with the WARC records that are not. An
//   ARC record has no id: a document's id is "URL (byte N)", its date the Archive-date as ISO
//   8601. Damaged records ("damaged ARC record: ...") name the file and byte offset.
// - WARC revisit records: a document with empty text and revisit_of = the id of the response it
//   revisits, among the responses this reader read before (any input): by WARC-Refers-To, else
//   WARC-Payload-Digest, else WARC-Refers-To-Target-URI + WARC-Refers-To-Date. Only ids are kept
//   for this (captures_), never texts. A revisit of nothing read is a skip.
// - HTML (files named .html/.htm/.xhtml or whose start looks like HTML, and WARC payloads): the
//   main text is extracted (ingest/html.h); a page without main text is skipped ("no main text").
// - Dates stay text as found; date_from says where from. A page's own date (HtmlText::date) is
//   preferred over WARC-Date and the ARC date, which are the crawl's time. A JSONL date may be a
//   number, kept as its decimal text.
// - A JSONL document's `record` is its line as read (no line ending), for writing it back.
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "ingest/decompress.h"
#include "ingest/html.h"
#include "ingest/json_line.h"
#include "ingest/warc.h"
#include "normalize/charset.h"
#include "textrace/ingest.h"
#include "util/ascii.h"

namespace textrace {
namespace {

using nlohmann::json;

constexpr size_t kBinaryPrefix = 8192;
constexpr uint64_t kMaxDocumentBytes = 0xFFFFFFFFull;  // offsets are 32-bit
// WARC blocks larger than this are streamed past, not held (a lying Content-Length must not make
// the reader buffer the rest of a crawl).
constexpr uint64_t kMaxWarcBlock = 1ull << 30;
constexpr char kStdinName[] = "<stdin>";

std::string Errno(int e) { return std::strerror(e); }

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

bool IsJsonlName(std::string_view path) {
  for (std::string_view z : {".gz", ".gzip", ".zst", ".zstd"}) {
    if (EndsWithNoCase(path, z)) {
      path.remove_suffix(z.size());
      break;
    }
  }
  return EndsWithNoCase(path, ".jsonl") || EndsWithNoCase(path, ".ndjson");
}

// A JSON integer that nlohmann's dump() writes back as it is: -?[1-9][0-9]{0,17} or 0.
bool IsPlainInteger(std::string_view s) {
  const bool negative = !s.empty() && s.front() == '-';
  const std::string_view digits = s.substr(negative ? 1 : 0);
  if (digits.empty() || digits.size() > 18) return false;
  if (digits.front() == '0' && (digits.size() > 1 || negative)) return false;
  return std::all_of(digits.begin(), digits.end(), [](char c) { return IsAsciiDigit(c); });
}

// The name without a compression suffix.
std::string_view WithoutCompression(std::string_view path) {
  for (std::string_view z : {".gz", ".gzip", ".zst", ".zstd"}) {
    if (EndsWithNoCase(path, z)) {
      path.remove_suffix(z.size());
      break;
    }
  }
  return path;
}

bool IsWarcName(std::string_view path) { return EndsWithNoCase(WithoutCompression(path), ".warc"); }
bool IsArcName(std::string_view path) { return EndsWithNoCase(WithoutCompression(path), ".arc"); }

// An ARC file starts with its version block, whose URL is "filedesc://NAME".
bool StartsArc(std::string_view prefix) { return prefix.substr(0, 11) == "filedesc://"; }

bool IsHtmlName(std::string_view path) {
  path = WithoutCompression(path);
  return EndsWithNoCase(path, ".html") || EndsWithNoCase(path, ".htm") ||
         EndsWithNoCase(path, ".xhtml");
}

bool IsHtmlType(std::string_view media_type) {
  return media_type == "text/html" || media_type == "application/xhtml+xml";
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (!IsCSpace(c)) return false;
  }
  return true;
}

// "not text (binary: ...)" when the prefix looks binary, else nullopt.
std::optional<std::string> BinaryReason(std::string_view prefix) {
  size_t nul = 0;
  size_t control = 0;
  for (char ch : prefix) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) ++nul;
    if (c < 0x09 || (c >= 0x0E && c <= 0x1F)) ++control;
  }
  // A few stray NULs or control bytes occur in real text (scraped pages, PAN's corpus): the
  // analyzer turns them into spaces. Binary data has many: random bytes are ~10% control bytes.
  if (nul * 100 > prefix.size()) {
    return "not text (binary: " + std::to_string(nul) + " NUL bytes)";
  }
  if (control * 10 > prefix.size()) {
    return "not text (binary: " + std::to_string(control * 100 / prefix.size()) +
           "% control bytes)";
  }
  return std::nullopt;
}

// "not text (PDF document)" and the like when `prefix` starts with the signature of a common
// binary format that may pass the control-byte test (a PDF is mostly ASCII), else nullopt.
std::optional<std::string> FormatReason(std::string_view prefix) {
  static constexpr std::pair<std::string_view, std::string_view> kSignatures[] = {
      {"%PDF-", "PDF document"},
      {"\xFF\xD8\xFF", "JPEG image"},
      {"\x89PNG\r\n\x1A\n", "PNG image"},
      {"GIF87a", "GIF image"},
      {"GIF89a", "GIF image"},
      {"PK\x03\x04", "ZIP archive (or .docx, .epub, .odt)"},
      {"\x7F"
       "ELF",
       "executable"},
      {"{\\rtf", "RTF document"},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "MS Office document"},
      {"%!PS", "PostScript document"},
  };
  for (const auto& [magic, name] : kSignatures) {
    if (prefix.substr(0, magic.size()) == magic) return "not text (" + std::string(name) + ")";
  }
  if (prefix.size() >= 12 && prefix.substr(0, 4) == "RIFF" && prefix.substr(8, 4) == "WEBP") {
    return "not text (WebP image)";
  }
  return std::nullopt;
}

// The parser's message without its "[json.exception.parse_error.101] parse error at line 1, "
// prefix, not too long, and printable ASCII: it quotes the input, which may be invalid UTF-8
// (bytes outside 0x20..0x7E become "\xNN").
std::string ParseMessage(std::string_view m) {
  if (!m.empty() && m[0] == '[') {
    const size_t close = m.find("] ");
    if (close != std::string_view::npos) m.remove_prefix(close + 2);
  }
  const std::string_view line1 = "parse error at line 1, ";
  if (m.substr(0, line1.size()) == line1) m.remove_prefix(line1.size());
  constexpr size_t kMax = 200;
  std::string out;
  for (char ch : m) {
    if (out.size() >= kMax) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F) {
      out += ch;
    } else {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A file or directory by device and inode.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The byte order of UTF-16 bytes (true: big-endian), told by a byte-order mark or the zero-byte
// pattern of UTF-16 text; nullopt when `prefix` is not UTF-16.
std::optional<bool> Utf16Order(std::string_view prefix) {
  if (prefix.substr(0, 2) == "\xFF\xFE") return false;
  if (prefix.substr(0, 2) == "\xFE\xFF") return true;
  if (prefix.find('\0') == std::string_view::npos) return std::nullopt;  // the common case
  const std::string encoding = DecideCharset(prefix).encoding;
  if (encoding == "utf-16le") return false;
  if (encoding == "utf-16be") return true;
  return std::nullopt;
}

// Whether the data whose first bytes are `*prefix` is JSON Lines: after a byte-order mark (and
// decoded from UTF-16), it starts with '{' and its first line parses as a JSON object. Reads on
// from `stream` into `*prefix` to the end of the first line, or `max_line` bytes.
bool StartsJsonl(ByteStream* stream, uint64_t max_line, std::string* prefix) {
  const std::optional<bool> big_endian = Utf16Order(*prefix);
  const size_t unit = big_endian.has_value() ? 2 : 1;
  size_t start = 0;
  if (!big_endian.has_value()) {
    if (prefix->compare(0, 3, kUtf8Bom) == 0) start = 3;
  } else if (prefix->compare(0, 2, *big_endian ? "\xFE\xFF" : "\xFF\xFE") == 0) {
    start = 2;
  }
  // The character at `i` (UTF-16: the code unit, when it is ASCII), or -1.
  auto char_at = [&](size_t i) -> int {
    if (i + unit > prefix->size()) return -1;
    if (unit == 1) return static_cast<unsigned char>((*prefix)[i]);
    const char hi = (*prefix)[*big_endian ? i : i + 1], lo = (*prefix)[*big_endian ? i + 1 : i];
    return hi == 0 ? static_cast<unsigned char>(lo) : -1;
  };
  if (char_at(start) != '{') return false;
  size_t end = start;  // the first line's end, searched from here
  while (true) {
    while (end + unit <= prefix->size() && char_at(end) != '\n') end += unit;
    if (end + unit <= prefix->size()) break;  // found
    if (prefix->size() > max_line) return false;
    if (ReadFully(stream, 1 << 20, prefix) == 0) break;  // the data ends: one line
  }
  std::string_view raw = std::string_view(*prefix).substr(start, end - start);
  std::string line;
  if (big_endian.has_value()) {
    AppendUtf16AsUtf8(raw, *big_endian, /*final=*/true, &line);
    raw = line;
  }
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  const json first = json::parse(raw.begin(), raw.end(), nullptr, /*allow_exceptions=*/false);
  return first.is_object();
}

// An HTML page's main text into `d`: text, text_from, and the date the page states for itself
// (date, date_from), if any. When the page has no main text: the skip reason.
std::optional<std::string> ReadPage(std::string_view bytes, std::string_view http_charset,
                                    InputDocument* d) {
  HtmlText h = ExtractHtml(bytes, http_charset);
  if (IsBlank(h.text)) {
    return "no main text in the HTML page (" + std::to_string(h.blocks_dropped) +
           " blocks dropped as navigation or boilerplate)";
  }
  d->text = std::move(h.text);
  d->text_from = "html (" + h.charset.encoding + ")";
  d->date = std::move(h.date);
  d->date_from = std::move(h.date_from);
  return std::nullopt;
}

struct FileId {
  dev_t dev;
  ino_t ino;
  bool operator<(const FileId& o) const { return dev != o.dev ? dev < o.dev : ino < o.ino; }
  bool operator==(const FileId& o) const { return dev == o.dev && ino == o.ino; }
};

enum class EntryKind { kFile, kDir, kOther, kError };

struct Entry {
  std::string path;      // as shown in ids and origins
  std::string sort_key;  // name, + "/" for directories: DFS order == byte-wise full-path order
  EntryKind kind = EntryKind::kFile;
  std::string problem;  // kOther / kError: the skip reason
  FileId file{};        // kFile: its device and inode
};

struct Frame {
  FileId id;
  std::vector<Entry> entries;
  size_t next = 0;
};

// A file to read: a text document or JSONL.
struct FileTask {
  std::string path;  // display path ("<stdin>" for standard input)
  bool is_stdin = false;
  std::optional<FileId> file;  // device and inode, when known
};

// How a file is read (IngestOptions::input_format, or what "auto" found).
enum class Format { kJsonl, kArchive, kText, kHtml };


struct WarcState {
  std::string path;
  bool arc = false;  // an ARC file
  std::unique_ptr<ByteStream> stream;
  std::unique_ptr<WarcReader> reader;
};

struct JsonlState {
  std::string path;
  std::unique_ptr<ByteStream> stream;
  std::unique_ptr<LineReader> lines;
  int64_t line_no = 0;
  std::vector<JsonLineField> fields;  // the fast path's, reused line to line
};

class ReaderImpl : public DocumentReader {
 public:
  ReaderImpl(std::vector<std::string> inputs, IngestOptions options)
      : inputs_(std::move(inputs)), options_(std::move(options)) {
    date_from_ = "jsonl field '" + options_.date_field + "'";
    limit_ = options_.max_document_bytes == 0
                 ? kMaxDocumentBytes
                 : std::min<uint64_t>(options_.max_document_bytes, kMaxDocumentBytes);
  }

  StatusOr<bool> Next(InputDocument* doc) override {
    if (!error_.ok()) return error_;
    *doc = InputDocument();  // the fields a document does not have stay empty
    StatusOr<bool> r = NextImpl(doc);
    if (!r.ok()) {
      error_ = r.status();
      jsonl_.reset();
    } else if (*r) {
      ++documents_read_;
    }
    return r;
  }
  const std::vector<SkipRecord>& skipped() const override { return skipped_; }
  int64_t documents_read() const override { return documents_read_; }
  int64_t bytes_read() const override { return static_cast<int64_t>(bytes_read_); }
  int64_t warc_records_not_documents() const override { return warc_other_; }
  int64_t files_excluded() const override { return files_excluded_; }

 private:
  StatusOr<bool> NextImpl(InputDocument* doc) {
    while (true) {
      if (jsonl_ != nullptr) {
        ASSIGN_OR_RETURN(const bool got, NextJsonl(doc));
        if (got) return true;
        jsonl_.reset();
        continue;
      }
      if (warc_ != nullptr) {
        ASSIGN_OR_RETURN(const bool got, NextWarc(doc));
        if (got) return true;
        warc_.reset();
        continue;
      }
      ASSIGN_OR_RETURN(std::optional<FileTask> task, NextFile());
      if (!task.has_value()) return false;
      ASSIGN_OR_RETURN(const bool got, OpenInput(*task, doc));
      if (got) return true;
    }
  }

  // Records a skip; with `strict` and `is_error`, returns it as an error instead.
  Status Skip(std::string origin, std::string reason, bool is_error = false,
              StatusCode code = StatusCode::kDataLoss) {
    if (is_error && options_.strict) return Status(code, origin + ": " + reason);
    skipped_.push_back(SkipRecord{std::move(origin), std::move(reason)});
    return Status::Ok();
  }

  // The failure of a stream as a skip (or an error).
  Status StreamFailure(const std::string& path, const ByteStream& s, const std::string& extra) {
    if (s.error_offset() < 0) {
      return Skip(path, s.error() + extra, true, StatusCode::kIoError);
    }
    return Skip(path + ": byte " + std::to_string(s.error_offset()), s.error() + extra, true);
  }

  // A document passes the id check: false (and a skip) when the id was seen before.
  bool ClaimId(const std::string& id, const std::string& origin) {
    auto [it, inserted] = ids_.emplace(id, origin);
    if (inserted) return true;
    skipped_.push_back(
        SkipRecord{origin, "duplicate id '" + id + "' (first at " + it->second + ")"});
    return false;
  }

  std::string TooLarge(uint64_t n) const {
    return "too large (" + std::to_string(n) + " bytes > " + std::to_string(limit_) + ")";
  }

  // ---- The walk ----------------------------------------------------------------------------

  StatusOr<std::optional<FileTask>> NextFile() {
    while (true) {
      if (!stack_.empty()) {
        Frame& top = stack_.back();
        if (top.next == top.entries.size()) {
          stack_.pop_back();
          continue;
        }
        Entry e = std::move(top.entries[top.next++]);
        if (e.kind != EntryKind::kDir && Excluded(e.path)) {
          ++files_excluded_;
          continue;
        }
        switch (e.kind) {
          case EntryKind::kFile: {
            ASSIGN_OR_RETURN(const bool first, FirstTime(e.path, e.file));
            if (!first) continue;
            return std::optional<FileTask>(FileTask{e.path, false, e.file});
          }
          case EntryKind::kDir:
            RETURN_IF_ERROR(EnterDirectory(e.path));
            continue;
          case EntryKind::kOther:
            RETURN_IF_ERROR(Skip(e.path, e.problem));
            continue;
          case EntryKind::kError:
            RETURN_IF_ERROR(Skip(e.path, e.problem, true, StatusCode::kIoError));
            continue;
        }
      }
      if (next_input_ == inputs_.size()) return std::optional<FileTask>();
      const std::string& input = inputs_[next_input_++];
      if (input == "-") return std::optional<FileTask>(FileTask{kStdinName, true, std::nullopt});
      struct stat st;
      if (stat(input.c_str(), &st) != 0) {
        RETURN_IF_ERROR(Skip(input, "cannot open: " + Errno(errno), true, StatusCode::kIoError));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        walk_root_ = input;
        RETURN_IF_ERROR(EnterDirectory(input));
        continue;
      }
      const FileId id{st.st_dev, st.st_ino};
      ASSIGN_OR_RETURN(const bool first, FirstTime(input, id));
      if (!first) continue;
      return std::optional<FileTask>(FileTask{input, false, id});
    }
  }

  // Whether options_.include and exclude leave out `path`, a file found in the walk of the
  // directory input walk_root_.
  bool Excluded(const std::string& path) const {
    if (options_.include.empty() && options_.exclude.empty()) return false;
    std::string_view rel = path;
    rel.remove_prefix(std::min(walk_root_.size(), rel.size()));
    if (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
    const std::string relative(rel);
    const std::string base = path.substr(path.rfind('/') + 1);
    auto matches = [&](const std::vector<std::string>& globs) {
      return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
        return fnmatch(g.c_str(), relative.c_str(), 0) == 0 ||
               fnmatch(g.c_str(), base.c_str(), 0) == 0;
      });
    };
    if (!options_.include.empty() && !matches(options_.include)) return true;
    return matches(options_.exclude);
  }

  // True the first time a file is met; after that false, and a skip naming the path it was read
  // as (the same file given twice, or given and inside a directory given too).
  StatusOr<bool> FirstTime(const std::string& path, const FileId& id) {
    auto [it, inserted] = files_seen_.emplace(id, path);
    if (inserted) return true;
    RETURN_IF_ERROR(Skip(path, "already read as '" + it->second + "'"));
    return false;
  }

  // Lists `path` (a directory, symlinks resolved) onto the stack, unless it was read before.
  Status EnterDirectory(const std::string& path) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      return Skip(path, "cannot open directory: " + Errno(errno), true, StatusCode::kIoError);
    }
    const FileId id{st.st_dev, st.st_ino};
    if (auto it = dirs_seen_.find(id); it != dirs_seen_.end()) {
      const bool ancestor =
          std::any_of(stack_.begin(), stack_.end(), [&](const Frame& f) { return f.id == id; });
      if (ancestor) return Skip(path, "symlink loop (same directory as '" + it->second + "')");
      return Skip(path, "directory already read as '" + it->second + "'");
    }
    DIR* dir = opendir(path.c_str());
    if (dir == nullptr) {
      return Skip(path, "cannot open directory: " + Errno(errno), true, StatusCode::kIoError);
    }
    dirs_seen_.emplace(id, path);
    Frame frame;
    frame.id = id;
    int read_errno = 0;
    while (true) {
      errno = 0;
      const dirent* d = readdir(dir);
      if (d == nullptr) {
        read_errno = errno;
        break;
      }
      const std::string name = d->d_name;
      if (name == "." || name == "..") continue;
      Entry e;
      e.path = JoinPath(path, name);
      e.sort_key = name;
      struct stat es;
      if (stat(e.path.c_str(), &es) != 0) {
        const int err = errno;
        struct stat ls;
        if (lstat(e.path.c_str(), &ls) == 0 && S_ISLNK(ls.st_mode) && err == ENOENT) {
          e.kind = EntryKind::kOther;
          e.problem = "broken symbolic link";
        } else {
          e.kind = EntryKind::kError;
          e.problem = "cannot open: " + Errno(err);
        }
      } else if (S_ISDIR(es.st_mode)) {
        e.kind = EntryKind::kDir;
        e.sort_key += '/';
      } else if (S_ISREG(es.st_mode)) {
        e.kind = EntryKind::kFile;
        e.file = FileId{es.st_dev, es.st_ino};
      } else {
        e.kind = EntryKind::kOther;
        e.problem = "not a regular file";
      }
      frame.entries.push_back(std::move(e));
    }
    closedir(dir);
    std::sort(frame.entries.begin(), frame.entries.end(),
              [](const Entry& a, const Entry& b) { return a.sort_key < b.sort_key; });
    stack_.push_back(std::move(frame));
    if (read_errno != 0) {
      return Skip(path, "error listing directory: " + Errno(read_errno), true,
                  StatusCode::kIoError);
    }
    return Status::Ok();
  }

  // Opens a file for reading; -1 (and a skip or an error) when it cannot be opened.
  StatusOr<int> OpenFile(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      RETURN_IF_ERROR(Skip(path, "cannot open: " + Errno(errno), true, StatusCode::kIoError));
    }
    return fd;
  }

  // ---- Text files --------------------------------------------------------------------------

  // Opens a file (or standard input) and decides how to read it. JSONL and web archives become
  // the file that NextJsonl / NextWarc read from (false is returned); a text or HTML file is
  // read whole into `doc` (true), or skipped (false).
  StatusOr<bool> OpenInput(const FileTask& task, InputDocument* doc) {
    int fd = STDIN_FILENO;
    if (!task.is_stdin) {
      ASSIGN_OR_RETURN(fd, OpenFile(task.path));
      if (fd < 0) return false;
    }
    struct stat st;
    const bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    std::unique_ptr<ByteStream> stream =
        ByteStream::Open(fd, /*owns_fd=*/!task.is_stdin, &bytes_read_);
    std::string prefix;
    ReadFully(stream.get(), kBinaryPrefix, &prefix);
    const Format format = DecideFormat(task, stream.get(), &prefix);
    if (format == Format::kJsonl) {
      OpenJsonl(task.path, std::move(stream), std::move(prefix));
      return false;
    }
    if (stream->failed()) {
      RETURN_IF_ERROR(StreamFailure(task.path, *stream, ""));
      return false;
    }
    if (format == Format::kArchive) {
      auto state = std::make_unique<WarcState>();
      state->path = task.path;
      state->arc = StartsArc(prefix) || (IsArcName(task.path) && prefix.compare(0, 5, "WARC/") != 0);
      state->reader = std::make_unique<WarcReader>(
          stream.get(), std::min<uint64_t>(limit_, kMaxWarcBlock) + 1, std::move(prefix),
          state->arc ? WarcReader::Format::kArc : WarcReader::Format::kWarc);
      state->stream = std::move(stream);
      warc_ = std::move(state);
      return false;
    }
    const bool plain_file = regular && stream->compression() == Compression::kNone;
    if (plain_file && static_cast<uint64_t>(st.st_size) > limit_) {
      RETURN_IF_ERROR(Skip(task.path, TooLarge(static_cast<uint64_t>(st.st_size))));
      return false;
    }
    return ReadTextFile(task, format, std::move(stream), std::move(prefix),
                        plain_file ? static_cast<size_t>(st.st_size) : 0, doc);
  }

  // The format of a file whose first bytes (kBinaryPrefix of them, or all when fewer) are
  // `*prefix`: IngestOptions::input_format, or under "auto" by name and content. The JSONL check
  // may read on to the end of the first line, into `*prefix`.
  Format DecideFormat(const FileTask& task, ByteStream* stream, std::string* prefix) {
    const std::string& forced = options_.input_format;
    if (forced == "jsonl") return Format::kJsonl;
    if (forced == "warc") return Format::kArchive;
    if (forced == "text") return Format::kText;
    if (forced == "html") return Format::kHtml;
    if (task.is_stdin || IsJsonlName(task.path)) return Format::kJsonl;
    if (IsWarcName(task.path) || prefix->compare(0, 7, "WARC/1.") == 0 || IsArcName(task.path) ||
        StartsArc(*prefix)) {
      return Format::kArchive;
    }
    const uint64_t max_line = std::max<uint64_t>(limit_, uint64_t{64} << 20);
    if (StartsJsonl(stream, max_line, prefix)) return Format::kJsonl;
    return Format::kText;
  }

  StatusOr<bool> ReadTextFile(const FileTask& task, Format format,
                              std::unique_ptr<ByteStream> stream, std::string text,
                              size_t file_size, InputDocument* doc) {
    // The checks look at the first kBinaryPrefix bytes (the JSONL check may have read more).
    const std::string_view prefix = std::string_view(text).substr(0, kBinaryPrefix);
    // UTF-16 is full of zero bytes: decided before the binary check.
    const CharsetDecision prefix_charset = DecideCharset(prefix);
    const bool utf16 = prefix_charset.encoding.rfind("utf-16", 0) == 0;
    if (auto signature = FormatReason(prefix); signature.has_value()) {
      RETURN_IF_ERROR(Skip(task.path, *signature));
      return false;
    }
    if (auto binary = BinaryReason(prefix); binary.has_value() && !utf16) {
      RETURN_IF_ERROR(Skip(task.path, *binary));
      return false;
    }
    const bool html =
        format == Format::kHtml ||
        (format == Format::kText && options_.input_format == "auto" &&
         (IsHtmlName(task.path) || LooksLikeHtml(prefix)));
    if (file_size > 0) text.reserve(file_size);
    // The rest: kept while within the limit, then only counted.
    uint64_t total = text.size();
    bool over = total > limit_;
    if (over) std::string().swap(text);
    std::string scratch;
    constexpr size_t kChunk = 1 << 20;
    while (true) {
      // Read into the scratch buffer and append: reading straight into `text` would leave each
      // document with a chunk's worth of spare capacity (a megabyte for a 5 KB document).
      scratch.clear();
      const size_t got = ReadFully(stream.get(), kChunk, &scratch);
      if (got == 0) break;
      if (!over) text.append(scratch);
      total += got;
      if (!over && total > limit_) {
        over = true;
        std::string().swap(text);
      }
    }
    if (stream->failed()) {
      RETURN_IF_ERROR(StreamFailure(task.path, *stream, ""));
      return false;
    }
    if (total > limit_) {
      RETURN_IF_ERROR(Skip(task.path, TooLarge(total)));
      return false;
    }
    if (IsBlank(text)) {
      RETURN_IF_ERROR(Skip(task.path, "empty"));
      return false;
    }
    InputDocument d;
    if (html) {
      if (std::optional<std::string> none = ReadPage(text, "", &d); none.has_value()) {
        RETURN_IF_ERROR(Skip(task.path, *none));
        return false;
      }
    } else {
      ASSIGN_OR_RETURN(const bool ok, Decode(task.path, "", &text, &d.text_from));
      if (!ok) return false;
      d.text = std::move(text);
    }
    if (!ClaimId(task.path, task.path)) return false;
    d.id = task.path;
    d.text.shrink_to_fit();  // the whole collection is held in memory: no spare capacity
    d.origin = task.path;
    *doc = std::move(d);
    return true;
  }

  // Plain text in any encoding to UTF-8, in place. False (and a skip) when nothing is left.
  StatusOr<bool> Decode(const std::string& origin, std::string_view declared, std::string* text,
                        std::string* text_from) {
    text_from->clear();
    Utf8Text u = ToUtf8(*text, declared);
    if (!u.unchanged) {
      *text = std::move(u.text);
      *text_from = u.charset.encoding;
    }
    if (IsBlank(*text)) {
      RETURN_IF_ERROR(Skip(origin, "empty"));
      return false;
    }
    return true;
  }

  // ---- WARC --------------------------------------------------------------------------------

  StatusOr<bool> NextWarc(InputDocument* doc) {
    WarcState& s = *warc_;
    WarcRecord rec;
    std::string problem;
    int64_t offset = 0;
    while (true) {
      const WarcReader::Result r = s.reader->Next(&rec, &problem, &offset);
      const std::string at = s.path + ": byte " + std::to_string(offset);
      if (r == WarcReader::Result::kEnd) {
        if (s.stream->failed()) RETURN_IF_ERROR(StreamFailure(s.path, *s.stream, ""));
        return false;
      }
      if (r == WarcReader::Result::kDamaged) {
        RETURN_IF_ERROR(
            Skip(at, std::string(s.arc ? "damaged ARC record: " : "damaged WARC record: ") + problem,
                 true));
        continue;
      }
      // An ARC record has no id: its URL names it, with its position.
      const std::string& name = s.arc ? rec.target_uri : rec.record_id;
      const std::string origin = at + (name.empty() ? "" : " (" + name + ")");
      if (rec.type == "revisit") {
        ASSIGN_OR_RETURN(const bool got, Revisit(rec, at, origin, doc));
        if (got) return true;
        continue;
      }
      if (rec.type != "response" && rec.type != "resource") {
        ++warc_other_;
        continue;
      }
      // A response that revisit records may name: read as a document, or not (a skip).
      std::optional<uint32_t> capture;
      if (rec.type == "response" && !s.arc) {
        capture = AddCapture(rec, rec.record_id.empty() ? at : rec.record_id);
      }
      if (rec.too_large) {
        RETURN_IF_ERROR(Skip(origin, TooLarge(rec.content_length)));
        continue;
      }
      std::string media_type, charset, body;
      if (rec.type == "response") {
        HttpResponse http = ParseHttpResponse(rec.block, limit_);
        if (!http.problem.empty()) {
          RETURN_IF_ERROR(Skip(origin, "HTTP response: " + http.problem, true));
          continue;
        }
        if (http.status < 200 || http.status > 299) {
          RETURN_IF_ERROR(Skip(origin, "HTTP status " + std::to_string(http.status)));
          continue;
        }
        media_type = std::move(http.content_type);
        charset = std::move(http.charset);
        body = std::move(http.body);
      } else {
        media_type = MediaType(rec.content_type);
        charset = CharsetFromContentType(rec.content_type);
        body = std::move(rec.block);
      }
      std::string().swap(rec.block);
      if (body.size() > limit_) {
        RETURN_IF_ERROR(Skip(origin, TooLarge(body.size())));
        continue;
      }
      const std::string_view prefix = std::string_view(body).substr(0, kBinaryPrefix);
      const bool html = IsHtmlType(media_type) || (media_type.empty() && LooksLikeHtml(prefix));
      const bool plain = media_type == "text/plain";
      const std::string declared = media_type.empty() ? "missing" : media_type;
      if (!html && !plain) {
        RETURN_IF_ERROR(Skip(origin, "not HTML or text (Content-Type " + declared + ")"));
        continue;
      }
      // Servers mislabel: a PDF or an image served as text/html is still not a page.
      if (auto format = FormatReason(prefix); format.has_value()) {
        RETURN_IF_ERROR(Skip(origin, *format + " despite Content-Type " + declared));
        continue;
      }
      if (IsBlank(body)) {
        RETURN_IF_ERROR(Skip(origin, "empty"));
        continue;
      }
      InputDocument d;
      if (html) {
        if (std::optional<std::string> none = ReadPage(body, charset, &d); none.has_value()) {
          RETURN_IF_ERROR(Skip(origin, *none));
          continue;
        }
      } else {
        const bool utf16 = DecideCharset(prefix, charset).encoding.rfind("utf-16", 0) == 0;
        if (auto binary = BinaryReason(prefix); binary.has_value() && !utf16) {
          RETURN_IF_ERROR(Skip(origin, *binary));
          continue;
        }
        ASSIGN_OR_RETURN(const bool ok, Decode(origin, charset, &body, &d.text_from));
        if (!ok) continue;
        d.text = std::move(body);
      }
      // The page's own date (its publication) over the record's (the crawl's).
      if (d.date.empty() && !rec.date.empty()) {
        d.date = std::move(rec.date);
        d.date_from = s.arc ? "ARC date" : "WARC-Date";
      }
      std::string id = s.arc                    ? rec.target_uri + " (byte " + std::to_string(offset) + ")"
                       : rec.record_id.empty() ? at
                                               : rec.record_id;
      if (!ClaimId(id, origin)) continue;
      if (capture.has_value()) captures_[*capture].document = true;
      d.id = std::move(id);
      d.text.shrink_to_fit();
      d.url = std::move(rec.target_uri);
      d.origin = origin;
      *doc = std::move(d);
      return true;
    }
  }

  // A response record, for revisits to find by its record id, payload digest, or target URI and
  // date: its index in captures_.
  uint32_t AddCapture(const WarcRecord& rec, const std::string& id) {
    const auto index = static_cast<uint32_t>(captures_.size());
    captures_.push_back(Capture{id, false});
    if (!rec.record_id.empty()) captures_by_id_.emplace(rec.record_id, index);
    if (!rec.payload_digest.empty()) captures_by_digest_.emplace(rec.payload_digest, index);
    if (!rec.target_uri.empty() && !rec.date.empty()) {
      captures_by_uri_date_.emplace(rec.target_uri + '\n' + rec.date, index);
    }
    return index;
  }

  // A revisit record: a document with empty text naming the response it revisits (by
  // WARC-Refers-To, else the payload digest, else the target URI and date), or a skip when the
  // inputs read so far hold no such response, or it was not read as a document.
  StatusOr<bool> Revisit(const WarcRecord& rec, const std::string& at, const std::string& origin,
                         InputDocument* doc) {
    auto find = [](const std::unordered_map<std::string, uint32_t>& map, const std::string& key) {
      auto it = key.empty() ? map.end() : map.find(key);
      return it == map.end() ? std::optional<uint32_t>() : std::optional<uint32_t>(it->second);
    };
    std::optional<uint32_t> found = find(captures_by_id_, rec.refers_to);
    if (!found.has_value()) found = find(captures_by_digest_, rec.payload_digest);
    if (!found.has_value() && !rec.refers_to_target_uri.empty() && !rec.refers_to_date.empty()) {
      found = find(captures_by_uri_date_, rec.refers_to_target_uri + '\n' + rec.refers_to_date);
    }
    if (!found.has_value()) {
      std::string named;
      auto name = [&](const char* header, const std::string& value) {
        if (value.empty()) return;
        named += (named.empty() ? "" : ", ") + std::string(header) + " " + value;
      };
      name("WARC-Refers-To", rec.refers_to);
      name("WARC-Payload-Digest", rec.payload_digest);
      name("WARC-Refers-To-Target-URI", rec.refers_to_target_uri);
      name("WARC-Refers-To-Date", rec.refers_to_date);
      RETURN_IF_ERROR(Skip(origin, "revisit of a capture not in the inputs: " +
                                       (named.empty() ? "the record names none" : named)));
      return false;
    }
    const Capture& c = captures_[*found];
    if (!c.document) {
      RETURN_IF_ERROR(Skip(origin, "revisit of " + c.id + ", which was not read as a document"));
      return false;
    }
    std::string id = rec.record_id.empty() ? at : rec.record_id;
    if (!ClaimId(id, origin)) return false;
    doc->id = std::move(id);
    doc->text.clear();
    doc->date = rec.date;
    if (!rec.date.empty()) doc->date_from = "WARC-Date";
    doc->url = rec.target_uri;
    doc->origin = origin;
    doc->text_from.clear();
    doc->revisit_of = c.id;
    return true;
  }

  // ---- JSONL -------------------------------------------------------------------------------

  // Makes `stream` (whose first bytes, already read, are `prefix`) the JSONL file read next:
  // UTF-16 decoded to UTF-8, a UTF-8 byte-order mark dropped.
  void OpenJsonl(const std::string& path, std::unique_ptr<ByteStream> stream, std::string prefix) {
    auto state = std::make_unique<JsonlState>();
    state->path = path;
    if (const std::optional<bool> big_endian = Utf16Order(prefix); big_endian.has_value()) {
      stream = Utf16Stream(std::move(stream), *big_endian, std::move(prefix));
      prefix.clear();
    } else if (prefix.compare(0, 3, kUtf8Bom) == 0) {
      prefix.erase(0, 3);
    }
    state->stream = std::move(stream);
    state->lines = std::make_unique<LineReader>(state->stream.get(), std::move(prefix));
    jsonl_ = std::move(state);
  }

  // An optional string field: true and `*out` set (empty when absent or null), or false with
  // `*why` when the field has another type.
  // With `number`, a number is taken too, as its decimal text (a date as a Unix epoch).
  bool OptionalString(const json& obj, const std::string& field, std::string* out,
                      std::string* why, bool number = false) {
    out->clear();
    auto it = obj.find(field);
    if (it == obj.end() || it->is_null()) return true;
    if (number && it->is_number()) {
      *out = it->dump();
      return true;
    }
    if (!it->is_string()) {
      *why = "field '" + field + (number ? "' is not a string or number" : "' is not a string");
      return false;
    }
    *out = it->get<std::string>();
    return true;
  }

  // A JSONL line by nlohmann's parser: true with the fields set, or false when the line was
  // skipped (recorded with its reason).
  StatusOr<bool> ParseJsonlLine(std::string_view line, const std::string& origin,
                                const std::string& n, std::string* id, std::string* text,
                                std::string* date, std::string* url) {
    json obj;
    try {
      obj = json::parse(line.begin(), line.end());
    } catch (const json::exception& e) {
      RETURN_IF_ERROR(Skip(origin, "malformed JSON: " + ParseMessage(e.what()), true));
      return false;
    }
    if (!obj.is_object()) {
      RETURN_IF_ERROR(Skip(origin, "line " + n + ": not a JSON object", true));
      return false;
    }
    auto tv = obj.find(options_.text_field);
    if (tv == obj.end() || !tv->is_string()) {
      RETURN_IF_ERROR(Skip(
          origin, "line " + n + ": field '" + options_.text_field + "' missing or not a string",
          true));
      return false;
    }
    auto idv = obj.find(options_.id_field);
    if (idv != obj.end() && !idv->is_null()) {
      if (idv->is_string()) {
        *id = idv->get<std::string>();
      } else if (idv->is_number()) {
        *id = idv->dump();  // decimal text
      } else {
        RETURN_IF_ERROR(Skip(
            origin, "line " + n + ": field '" + options_.id_field + "' is not a string or number",
            true));
        return false;
      }
    }
    std::string why;
    if (!OptionalString(obj, options_.date_field, date, &why, /*number=*/true) ||
        !OptionalString(obj, options_.url_field, url, &why)) {
      RETURN_IF_ERROR(Skip(origin, "line " + n + ": " + why, true));
      return false;
    }
    *text = std::move(tv->get_ref<std::string&>());
    return true;
  }

  StatusOr<bool> NextJsonl(InputDocument* doc) {
    JsonlState& s = *jsonl_;
    std::string_view line;
    while (true) {
      if (!s.lines->Next(&line)) {
        if (s.stream->failed()) {
          const std::string extra =
              s.lines->partial_line_dropped()
                  ? "; incomplete line " + std::to_string(s.line_no + 1) + " dropped"
                  : "";
          RETURN_IF_ERROR(StreamFailure(s.path, *s.stream, extra));
        }
        return false;
      }
      ++s.line_no;
      if (IsBlank(line)) continue;
      const std::string n = std::to_string(s.line_no);
      std::string origin = s.path + ":" + n;
      std::string id, text, date, url;
      // The common line (an object whose id, text, date and url are strings or null) is read by
      // the fast path; every other line, and every line with an error, by nlohmann's parser,
      // whose messages say what is wrong.
      auto find = [&](const std::string& key) -> JsonLineField* {
        for (JsonLineField& f : s.fields) {
          if (f.key == key) return &f;
        }
        return nullptr;
      };
      auto plain = [&](const std::string& key) {  // absent, a string or null
        const JsonLineField* f = find(key);
        return f == nullptr || f->kind != JsonLineField::Kind::kOther;
      };
      // A date may be a whole number (a Unix epoch): its text as written is what nlohmann's
      // dump() would give it when it is in int64's range and not "-0".
      const JsonLineField* epoch = nullptr;
      auto plain_date = [&] {
        const JsonLineField* f = find(options_.date_field);
        if (f == nullptr || f->kind != JsonLineField::Kind::kOther) return true;
        if (!IsPlainInteger(f->raw)) return false;
        epoch = f;
        return true;
      };
      if (ParseFlatJsonLine(line, &s.fields) && plain(options_.text_field) &&
          plain(options_.id_field) && plain_date() && plain(options_.url_field)) {
        auto string_field = [&](const std::string& key) -> JsonLineField* {
          JsonLineField* f = find(key);
          return f != nullptr && f->kind == JsonLineField::Kind::kString ? f : nullptr;
        };
        JsonLineField* t = string_field(options_.text_field);
        if (t == nullptr) {
          RETURN_IF_ERROR(Skip(
              origin, "line " + n + ": field '" + options_.text_field + "' missing or not a string",
              true));
          continue;
        }
        if (const JsonLineField* f = string_field(options_.id_field)) id = f->value;
        if (const JsonLineField* f = string_field(options_.date_field)) date = f->value;
        if (epoch != nullptr) date.assign(epoch->raw);
        if (const JsonLineField* f = string_field(options_.url_field)) url = f->value;
        text = std::move(t->value);
      } else {
        ASSIGN_OR_RETURN(const bool parsed, ParseJsonlLine(line, origin, n, &id, &text, &date, &url));
        if (!parsed) continue;
      }
      if (id.empty()) id = origin;
      if (text.size() > limit_) {
        RETURN_IF_ERROR(Skip(origin, TooLarge(text.size())));
        continue;
      }
      if (IsBlank(text)) {
        RETURN_IF_ERROR(Skip(origin, "empty"));
        continue;
      }
      if (!ClaimId(id, origin)) continue;
      doc->id = std::move(id);
      doc->text = std::move(text);
      if (!date.empty()) doc->date_from = date_from_;
      doc->record.assign(line);
      doc->date = std::move(date);
      doc->url = std::move(url);
      doc->origin = std::move(origin);
      doc->text_from.clear();
      return true;
    }
  }

  std::vector<std::string> inputs_;
  IngestOptions options_;
  std::string date_from_;  // InputDocument::date_from of a JSONL date
  uint64_t limit_;
  size_t next_input_ = 0;
  std::vector<Frame> stack_;
  std::map<FileId, std::string> dirs_seen_;   // directory read -> the path it was read as
  std::map<FileId, std::string> files_seen_;  // file read -> the path it was read as
  std::unique_ptr<JsonlState> jsonl_;
  std::unique_ptr<WarcState> warc_;
  int64_t warc_other_ = 0;
  std::string walk_root_;  // the directory input being walked, as given
  int64_t files_excluded_ = 0;
  std::unordered_map<std::string, std::string> ids_;  // id -> origin of its first document
  // WARC response records read so far (ids only), for revisit records to name.
  struct Capture {
    std::string id;  // the document id it has, or would have had
    bool document;   // read as a document (not skipped)
  };
  std::vector<Capture> captures_;
  std::unordered_map<std::string, uint32_t> captures_by_id_, captures_by_digest_,
      captures_by_uri_date_;
  std::vector<SkipRecord> skipped_;
  int64_t documents_read_ = 0;
  uint64_t bytes_read_ = 0;
  Status error_;
};

}  // namespace

StatusOr<std::unique_ptr<DocumentReader>> DocumentReader::Open(
    const std::vector<std::string>& inputs, const IngestOptions& options) {
  if (options.text_field.empty()) return InvalidArgumentError("the text field name is empty");
  RETURN_IF_ERROR(ValidateInputFormat(options.input_format));
  for (const std::string& input : inputs) {
    if (input == "-") continue;
    struct stat st;
    if (input.empty() || (stat(input.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR))) {
      return NotFoundError("input '" + input + "' does not exist");
    }
  }
  return std::unique_ptr<DocumentReader>(new ReaderImpl(inputs, options));
}

StatusOr<InputDocument> DocumentFromBytes(std::string name, std::string bytes,
                                          const IngestOptions& options) {
  // As ReaderImpl::ReadTextFile decides for a plain file, with the same reasons.
  auto refuse = [&](const std::string& reason) {
    return InvalidArgumentError(name + ": " + reason);
  };
  const uint64_t limit =
      options.max_document_bytes == 0 ? kMaxDocumentBytes
                                      : std::min<uint64_t>(options.max_document_bytes, kMaxDocumentBytes);
  if (bytes.size() > limit) {
    return refuse("too large (" + std::to_string(bytes.size()) + " bytes > " +
                  std::to_string(limit) + ")");
  }
  const std::string_view prefix = std::string_view(bytes).substr(0, kBinaryPrefix);
  const bool utf16 = DecideCharset(prefix).encoding.rfind("utf-16", 0) == 0;
  if (auto format = FormatReason(prefix); format.has_value()) return refuse(*format);
  if (auto binary = BinaryReason(prefix); binary.has_value() && !utf16) return refuse(*binary);
  const bool html = options.input_format == "html" ||
                    (options.input_format != "text" && (IsHtmlName(name) || LooksLikeHtml(prefix)));
  if (IsBlank(bytes)) return refuse("empty");
  InputDocument d;
  if (html) {
    if (std::optional<std::string> none = ReadPage(bytes, "", &d); none.has_value()) {
      return refuse(*none);
    }
  } else {
    Utf8Text u = ToUtf8(bytes, "");
    if (u.unchanged) {
      d.text = std::move(bytes);
    } else {
      d.text = std::move(u.text);
      d.text_from = u.charset.encoding;
    }
    if (IsBlank(d.text)) return refuse("empty");
  }
  d.id = name;
  d.origin = std::move(name);
  return d;
}

}  // namespace textrace
