// WARC records and the HTTP messages inside them.
//
// Decisions worth knowing:
// - A record is trusted only as far as it checks out: after Content-Length bytes of block, the
//   next bytes must be the record end (CR/LF) and then the end of the data or the next "WARC/"
//   header. When they are not, Content-Length lied (too short or too long): the record is
//   reported as damaged, and reading goes on at the next line that starts a record ("WARC/1.")
//   after the damaged record's headers. Its block is not guessed at.
// - Header names are case-insensitive; continuation lines (leading space or tab) are joined.
// - Offsets are in the uncompressed stream, counted from the start of the file.
#include "ingest/warc.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "normalize/charset.h"
#include "util/ascii.h"

namespace textrace {
namespace {

constexpr size_t kMaxHeaderLine = 64 * 1024;
constexpr size_t kMaxHeaderLines = 1024;
constexpr size_t kReadChunk = 256 * 1024;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string StripAngles(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

// Printable ASCII excerpt of `s` for messages.
std::string Excerpt(std::string_view s) {
  std::string out;
  for (char ch : s.substr(0, 40)) {
    const auto c = static_cast<unsigned char>(ch);
    out += (c >= 0x20 && c < 0x7F) ? ch : '?';
  }
  if (s.size() > 40) out += "...";
  return out;
}

bool ParseUint(std::string_view s, uint64_t* out) {
  s = Trim(s);
  if (s.empty() || s.size() > 19) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string MediaType(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  return AsciiToLower(Trim(content_type.substr(0, semi)));
}

namespace {

// Decodes a chunked body; false when it is not well-formed chunked data.
bool Dechunk(std::string_view in, std::string* out) {
  out->clear();
  size_t p = 0;
  while (true) {
    const size_t eol = in.find('\n', p);
    if (eol == std::string_view::npos) return false;
    std::string_view size_line = in.substr(p, eol - p);
    const size_t ext = size_line.find(';');
    size_line = Trim(size_line.substr(0, ext));
    if (size_line.empty() || size_line.size() > 15) return false;
    uint64_t n = 0;
    for (char c : size_line) {
      const int d = HexDigitValue(c);
      if (d < 0) return false;
      n = n * 16 + static_cast<uint64_t>(d);
    }
    p = eol + 1;
    if (n == 0) return true;  // trailers, if any, are ignored
    if (n > in.size() - p) return false;
    out->append(in.substr(p, n));
    p += n;
    // CRLF (or LF) after the chunk data.
    if (p < in.size() && in[p] == '\r') ++p;
    if (p < in.size() && in[p] == '\n') ++p;
    if (p >= in.size()) return true;  // a missing last chunk: accept what came
  }
}

// Inflates a gzip or zlib/deflate body; false on damage. Stops at `limit` output bytes.
bool Inflate(std::string_view in, bool raw_deflate, std::string* out, uint64_t limit) {
  out->clear();
  z_stream z{};
  const int window = raw_deflate ? -MAX_WBITS : 32 + MAX_WBITS;  // 32: gzip or zlib header
  if (inflateInit2(&z, window) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  char buf[64 * 1024];
  int ret = Z_OK;
  while (ret == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    ret = inflate(&z, Z_NO_FLUSH);
    if (ret != Z_OK && ret != Z_STREAM_END) break;
    out->append(buf, sizeof(buf) - z.avail_out);
    if (out->size() > limit) {
      ret = Z_MEM_ERROR;
      break;
    }
    if (ret == Z_OK && z.avail_in == 0 && z.avail_out != 0) break;  // input ended early
  }
  inflateEnd(&z);
  return ret == Z_STREAM_END;
}

}  // namespace

WarcReader::WarcReader(ByteStream* stream, uint64_t max_block_bytes, std::string prefix)
    : stream_(stream), max_block_(max_block_bytes), buf_(std::move(prefix)) {}

bool WarcReader::Fill(size_t need) {
  while (buf_.size() - pos_ < need && !end_) {
    // Drop what was consumed before growing the buffer.
    const size_t drop = std::min(pos_, mark_);
    if (drop > 0 && (drop >= kReadChunk || drop * 2 >= buf_.size())) {
      buf_.erase(0, drop);
      consumed_ += static_cast<int64_t>(drop);
      pos_ -= drop;
      if (mark_ != std::string::npos) mark_ -= drop;
    }
    const size_t want = std::max(kReadChunk, need - (buf_.size() - pos_));
    const size_t got = ReadFully(stream_, want, &buf_);
    if (got < want) end_ = true;
  }
  return buf_.size() - pos_ >= need;
}

bool WarcReader::ReadLine(std::string_view* line, bool* too_long) {
  *too_long = false;
  size_t scan = pos_;
  while (true) {
    const size_t nl = buf_.find('\n', scan);
    if (nl != std::string::npos) {
      std::string_view l(buf_.data() + pos_, nl - pos_);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (l.size() > kMaxHeaderLine) *too_long = true;
      *line = l;
      pos_ = nl + 1;
      return true;
    }
    if (buf_.size() - pos_ > kMaxHeaderLine) {
      *too_long = true;
      return false;
    }
    const size_t have = buf_.size() - pos_;
    if (!Fill(have + 1)) {
      if (have == 0) return false;
      *line = std::string_view(buf_.data() + pos_, have);  // last line without a newline
      pos_ = buf_.size();
      return true;
    }
    scan = pos_ + have;
  }
}

bool WarcReader::Resync() {
  // A record starts at a line beginning "WARC/1."; we are at a line start after a damaged part.
  constexpr std::string_view kStart = "\nWARC/1.";
  while (true) {
    const size_t hit = buf_.find(kStart, pos_);
    if (hit != std::string::npos) {
      pos_ = hit + 1;
      return true;
    }
    // Keep the last few bytes: the marker may straddle the buffer's end.
    const size_t keep = std::min(buf_.size() - pos_, kStart.size() - 1);
    pos_ = buf_.size() - keep;
    if (end_) {
      pos_ = buf_.size();
      return false;
    }
    Fill(keep + kReadChunk);
    if (buf_.size() - pos_ <= keep && end_) {
      pos_ = buf_.size();
      return false;
    }
  }
}

WarcReader::Result WarcReader::Next(WarcRecord* record, std::string* problem, int64_t* offset) {
  problem->clear();
  if (resync_pending_) {
    resync_pending_ = false;
    if (!Resync()) return Result::kEnd;
  }
  // Blank lines between records are tolerated.
  std::string_view line;
  bool too_long = false;
  while (true) {
    *offset = consumed_ + static_cast<int64_t>(pos_);
    if (!ReadLine(&line, &too_long)) {
      if (too_long) {
        *problem = "not a WARC record: no line end in " + std::to_string(kMaxHeaderLine) + " bytes";
        resync_pending_ = true;
        return Result::kDamaged;
      }
      return Result::kEnd;
    }
    if (!Trim(line).empty()) break;
  }
  if (line.substr(0, 5) != "WARC/") {
    *problem = "expected a WARC record header, found '" + Excerpt(line) + "'";
    resync_pending_ = true;
    return Result::kDamaged;
  }
  *record = WarcRecord();
  record->offset = *offset;
  record->version = std::string(Trim(line));
  bool have_length = false;
  std::string last_name;
  for (size_t n = 0;; ++n) {
    if (n == kMaxHeaderLines || !ReadLine(&line, &too_long) || too_long) {
      *problem = n == kMaxHeaderLines
                     ? "more than " + std::to_string(kMaxHeaderLines) + " header lines"
                     : "the record's headers do not end";
      if (!record->record_id.empty()) *problem += " (record " + record->record_id + ")";
      resync_pending_ = true;
      return Result::kDamaged;
    }
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') continue;  // continuation: ignored
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // tolerated: not a header line
    const std::string_view name = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsNoCase(name, "WARC-Type")) {
      record->type = AsciiToLower(value);
    } else if (EqualsNoCase(name, "WARC-Record-ID")) {
      record->record_id = StripAngles(value);
    } else if (EqualsNoCase(name, "WARC-Target-URI")) {
      record->target_uri = StripAngles(value);
    } else if (EqualsNoCase(name, "WARC-Date")) {
      record->date = std::string(value);
    } else if (EqualsNoCase(name, "Content-Type")) {
      record->content_type = std::string(value);
    } else if (EqualsNoCase(name, "Content-Length")) {
      have_length = ParseUint(value, &record->content_length);
      if (!have_length) {
        *problem = "Content-Length '" + Excerpt(value) + "' is not a number";
      }
    }
  }
  const std::string id_note =
      record->record_id.empty() ? "" : " (record " + record->record_id + ")";
  if (!have_length) {
    if (problem->empty()) *problem = "no Content-Length";
    *problem += id_note;
    resync_pending_ = true;
    return Result::kDamaged;
  }
  // The block, then the record end: CR/LF bytes, then the next record or the end of the data.
  const uint64_t length = record->content_length;
  const int64_t block_offset = consumed_ + static_cast<int64_t>(pos_);
  mark_ = pos_;  // the block's start stays in the buffer until the record checks out
  struct Unmark {
    size_t* mark;
    ~Unmark() { *mark = std::string::npos; }
  } unmark{&mark_};
  auto lied = [&](const std::string& how) {
    *problem = "Content-Length " + std::to_string(length) + " does not match the record " + how +
               id_note + "; record skipped";
    return Result::kDamaged;
  };
  if (length > max_block_) {
    // Skipped over without holding it: checked like any other block.
    mark_ = std::string::npos;
    uint64_t left = length;
    while (left > 0) {
      if (!Fill(1)) break;
      const size_t take = static_cast<size_t>(std::min<uint64_t>(left, buf_.size() - pos_));
      pos_ += take;
      left -= take;
    }
    if (left > 0) {
      *problem = "record truncated: the data ends " + std::to_string(left) +
                 " bytes before its Content-Length" + id_note;
      return Result::kDamaged;
    }
    record->too_large = true;
  } else {
    if (!Fill(static_cast<size_t>(length))) {
      // Short data: a lying Content-Length when another record follows, else a truncated file.
      if (buf_.find("\nWARC/1.", mark_) != std::string::npos) {
        resync_pending_ = true;
        return lied("(it runs past the next record)");
      }
      *problem = "record truncated: the data ends " +
                 std::to_string(length - (buf_.size() - mark_)) +
                 " bytes before its Content-Length" + id_note;
      pos_ = buf_.size();
      return Result::kDamaged;
    }
    pos_ += static_cast<size_t>(length);
  }
  // The record end.
  Fill(24);
  size_t p = pos_;
  size_t crlf = 0;
  while (p < buf_.size() && (buf_[p] == '\r' || buf_[p] == '\n') && crlf < 16) {
    ++p;
    ++crlf;
  }
  const bool at_end = p == buf_.size() && end_;
  const bool next_record = buf_.compare(p, 5, "WARC/") == 0 && crlf >= 1;
  if (!at_end && !next_record) {
    // Go back to the block and look for the real next record from there.
    if (!record->too_large) pos_ = mark_;
    resync_pending_ = true;
    return lied("(no record end after " + std::to_string(length) + " bytes of block at byte " +
                std::to_string(block_offset) + ")");
  }
  if (!record->too_large) record->block.assign(buf_, mark_, static_cast<size_t>(length));
  pos_ = p;
  return Result::kRecord;
}

HttpResponse ParseHttpResponse(std::string_view message, uint64_t max_body_bytes) {
  HttpResponse r;
  size_t p = 0;
  auto next_line = [&](std::string_view* line) {
    if (p >= message.size()) return false;
    size_t nl = message.find('\n', p);
    if (nl == std::string_view::npos) nl = message.size();
    std::string_view l = message.substr(p, nl - p);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    *line = l;
    p = nl + 1;
    return true;
  };
  std::string_view line;
  if (!next_line(&line) || line.substr(0, 5) != "HTTP/") {
    r.problem = "not an HTTP response";
    return r;
  }
  {
    const size_t sp = line.find(' ');
    uint64_t code = 0;
    if (sp != std::string_view::npos) ParseUint(line.substr(sp + 1, 3), &code);
    r.status = static_cast<int>(code);
    if (r.status == 0) {
      r.problem = "bad HTTP status line '" + Excerpt(line) + "'";
      return r;
    }
  }
  std::string transfer, encoding;
  bool ended = false;
  while (next_line(&line)) {
    if (line.empty()) {
      ended = true;
      break;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsNoCase(name, "Content-Type")) {
      r.content_type = MediaType(value);
      r.charset = CharsetFromContentType(value);
    } else if (EqualsNoCase(name, "Transfer-Encoding")) {
      transfer = AsciiToLower(value);
    } else if (EqualsNoCase(name, "Content-Encoding")) {
      encoding = AsciiToLower(value);
    }
  }
  if (!ended) {
    r.problem = "the HTTP headers do not end";
    return r;
  }
  std::string_view body = message.substr(std::min(p, message.size()));
  std::string decoded;
  if (transfer.find("chunked") != std::string::npos) {
    // Crawlers often store the body already dechunked but keep the header: when the body is not
    // chunked data, it is taken as it is.
    if (Dechunk(body, &decoded)) {
      r.body = std::move(decoded);
      body = r.body;
    }
  }
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    const bool gzip_magic = body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
                            static_cast<unsigned char>(body[1]) == 0x8b;
    const bool zlib_header =
        body.size() >= 2 && (static_cast<unsigned char>(body[0]) & 0x0f) == 8 &&
        ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 ==
            0;
    if (gzip_magic || zlib_header) {
      if (!Inflate(body, false, &decoded, max_body_bytes)) {
        r.problem = "Content-Encoding " + encoding + ": the body does not decompress";
        r.body.clear();
        return r;
      }
      r.body = std::move(decoded);
      return r;
    }
    if (encoding == "deflate" && Inflate(body, true, &decoded, max_body_bytes)) {
      r.body = std::move(decoded);
      return r;
    }
    // Otherwise stored already decoded (many crawlers do): taken as it is.
  } else if (!encoding.empty() && encoding != "identity") {
    r.problem = "Content-Encoding '" + encoding + "' is not supported";
    r.body.clear();
    return r;
  }
  if (r.body.empty()) r.body.assign(body);
  return r;
}

}  // namespace textrace
