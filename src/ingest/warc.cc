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
#include <vector>

#include "normalize/charset.h"
#include "util/ascii.h"

namespace textrace {
namespace {

constexpr size_t kMaxHeaderLine = 64 * 1024;
constexpr size_t kMaxArcHeaderLine = 8 * 1024;
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

// The WARC headers kept as text, and the record's field for each (`angles`: a URI or id that may
// come in angle brackets, kept without them).
struct TextHeader {
  std::string_view name;
  std::string WarcRecord::*field;
  bool angles;
};
constexpr TextHeader kTextHeaders[] = {
    {"WARC-Record-ID", &WarcRecord::record_id, true},
    {"WARC-Target-URI", &WarcRecord::target_uri, true},
    {"WARC-Date", &WarcRecord::date, false},
    {"Content-Type", &WarcRecord::content_type, false},
    {"WARC-Payload-Digest", &WarcRecord::payload_digest, false},
    {"WARC-Refers-To", &WarcRecord::refers_to, true},
    {"WARC-Refers-To-Target-URI", &WarcRecord::refers_to_target_uri, true},
    {"WARC-Refers-To-Date", &WarcRecord::refers_to_date, false},
};

// An ARC record header line: "URL IP-address Archive-date Content-type Archive-length" (version
// 1), or with Result-code Checksum Location Offset Filename before the length (version 2).
struct ArcHeader {
  std::string url, date, content_type;
  uint64_t length = 0;
};

// Parses an ARC header line of `version` (1, 2, or 0 when not known: ten fields are version 2).
// The URL may hold spaces (old crawlers wrote them unescaped): the fields are counted from the
// end. The date must be 8 to 14 digits and the URL must have a scheme.
bool ParseArcHeader(std::string_view line, int version, ArcHeader* h) {
  std::vector<std::string_view> f;
  for (size_t p = 0; p < line.size() && f.size() <= 64;) {
    const size_t sp = line.find(' ', p);
    const size_t e = sp == std::string_view::npos ? line.size() : sp;
    if (e > p) f.push_back(line.substr(p, e - p));
    p = e + 1;
  }
  const size_t fields = version == 2 || (version == 0 && f.size() == 10) ? 10 : 5;
  if (f.size() < fields || !ParseUint(f.back(), &h->length)) return false;
  const size_t url_end = f.size() - fields + 1;  // the URL is f[0, url_end)
  const std::string_view date = f[url_end + 1];
  if (date.size() < 8 || date.size() > 14 ||
      !std::all_of(date.begin(), date.end(), [](char c) { return IsAsciiDigit(c); })) {
    return false;
  }
  h->url.clear();
  for (size_t i = 0; i < url_end; ++i) {
    if (i > 0) h->url += ' ';
    h->url += f[i];
  }
  const size_t colon = h->url.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  h->date = std::string(date);
  h->content_type = std::string(f[url_end + 2]);
  return true;
}

// Whether `line` starts like an ARC header: a URL scheme ("http:", "dns:", "filedesc:") and at
// least five fields. The check of a record's end: a header that starts so but does not parse is
// the next record's damage, not this one's.
bool LooksLikeArcHeader(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (IsAsciiAlnum(line[i]) || line[i] == '+' || line[i] == '-' ||
                             line[i] == '.')) {
    ++i;
  }
  if (i == 0 || i >= line.size() || line[i] != ':' || !IsAsciiAlpha(line[0])) return false;
  return std::count(line.begin(), line.end(), ' ') >= 4;
}

// An ARC date (YYYYMMDDhhmmss, or a prefix of it down to the day) as ISO 8601.
std::string ArcDateIso(std::string_view d) {
  if (d.size() < 8) return std::string(d);
  std::string out;
  out.reserve(20);
  // The digits d[from, from + n) after a separator.
  auto part = [&](char separator, size_t from, size_t n) {
    out.push_back(separator);
    out.append(d.data() + from, n);
  };
  out.append(d.data(), 4);
  part('-', 4, 2);
  part('-', 6, 2);
  if (d.size() >= 12) {
    part('T', 8, 2);
    part(':', 10, 2);
    if (d.size() == 14) part(':', 12, 2);
    out.push_back('Z');
  }
  return out;
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

WarcReader::WarcReader(ByteStream* stream, uint64_t max_block_bytes, std::string prefix,
                       Format format)
    : stream_(stream), max_block_(max_block_bytes), buf_(std::move(prefix)), format_(format) {}

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

bool WarcReader::NextRecordAfter(size_t from) const {
  if (format_ == Format::kWarc) return buf_.find("\nWARC/1.", from) != std::string::npos;
  for (size_t nl = buf_.find('\n', from); nl != std::string::npos; nl = buf_.find('\n', nl + 1)) {
    if (ArcHeaderAt(nl + 1)) return true;
  }
  return false;
}

bool WarcReader::ArcHeaderAt(size_t p, bool loose) const {
  if (p >= buf_.size()) return false;
  const size_t nl = buf_.find('\n', p);
  if (nl == std::string::npos && !end_) return false;  // not whole in the buffer
  std::string_view line(buf_.data() + p, (nl == std::string::npos ? buf_.size() : nl) - p);
  if (line.size() > kMaxArcHeaderLine) return false;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ArcHeader h;
  return loose ? LooksLikeArcHeader(line) : ParseArcHeader(line, arc_version_, &h);
}

bool WarcReader::ResyncArc() {
  // A record starts at a line that parses as an ARC header; we are at a line start.
  while (true) {
    const size_t nl = buf_.find('\n', pos_);
    if (nl == std::string::npos) {
      if (end_) {
        const bool header = ArcHeaderAt(pos_);
        if (!header) pos_ = buf_.size();
        return header;
      }
      // A line too long to be a header: dropped, and read on.
      if (buf_.size() - pos_ > kMaxArcHeaderLine) pos_ = buf_.size();
      Fill(buf_.size() - pos_ + kReadChunk);
      continue;
    }
    if (ArcHeaderAt(pos_)) return true;
    pos_ = nl + 1;
  }
}

WarcReader::Result WarcReader::FirstLine(std::string_view* line, std::string* problem,
                                         int64_t* offset) {
  problem->clear();
  if (resync_pending_) {
    resync_pending_ = false;
    if (!(format_ == Format::kArc ? ResyncArc() : Resync())) return Result::kEnd;
  }
  bool too_long = false;
  while (true) {  // blank lines between records are tolerated
    *offset = consumed_ + static_cast<int64_t>(pos_);
    if (!ReadLine(line, &too_long)) {
      if (!too_long) return Result::kEnd;
      *problem = std::string(format_ == Format::kArc ? "not an ARC" : "not a WARC") +
                 " record: no line end in " + std::to_string(kMaxHeaderLine) + " bytes";
      resync_pending_ = true;
      return Result::kDamaged;
    }
    if (!Trim(*line).empty()) return Result::kRecord;
  }
}

WarcReader::Result WarcReader::NextArc(WarcRecord* record, std::string* problem,
                                       int64_t* offset) {
  std::string_view line;
  if (const Result r = FirstLine(&line, problem, offset); r != Result::kRecord) return r;
  ArcHeader h;
  if (!ParseArcHeader(line, arc_version_, &h)) {
    *problem = "expected an ARC record header (URL IP-address Archive-date Content-type "
               "Archive-length), found '" +
               Excerpt(line) + "'";
    resync_pending_ = true;
    return Result::kDamaged;
  }
  *record = WarcRecord();
  record->offset = *offset;
  record->version = arc_version_ == 2 ? "ARC/2" : "ARC/1";
  if (StartsWithNoCase(h.url, "filedesc:")) {
    record->type = "filedesc";
  } else if (StartsWithNoCase(h.url, "dns:")) {
    record->type = "dns";
  } else if (StartsWithNoCase(h.url, "http://") || StartsWithNoCase(h.url, "https://")) {
    record->type = "response";
  } else {
    record->type = "resource";
  }
  record->target_uri = std::move(h.url);
  record->date = ArcDateIso(h.date);
  record->content_type = std::move(h.content_type);
  record->content_length = h.length;
  const Result r = ReadBlock(h.length, " (" + Excerpt(record->target_uri) + ")", record, problem);
  if (r == Result::kRecord && record->type == "filedesc" && arc_version_ == 0) {
    // The version block: "1 0 Alexa Internet" (the version, reserved, the origin) first.
    arc_version_ = record->block.compare(0, 2, "2 ") == 0 ? 2 : 1;
    record->version = arc_version_ == 2 ? "ARC/2" : "ARC/1";
  }
  return r;
}

WarcReader::Result WarcReader::Next(WarcRecord* record, std::string* problem, int64_t* offset) {
  if (format_ == Format::kArc) return NextArc(record, problem, offset);
  std::string_view line;
  if (const Result r = FirstLine(&line, problem, offset); r != Result::kRecord) return r;
  bool too_long = false;
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
    const auto text = std::find_if(std::begin(kTextHeaders), std::end(kTextHeaders),
                                   [&](const TextHeader& h) { return EqualsNoCase(name, h.name); });
    if (text != std::end(kTextHeaders)) {
      record->*text->field = text->angles ? StripAngles(value) : std::string(value);
    } else if (EqualsNoCase(name, "WARC-Type")) {
      record->type = AsciiToLower(value);
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
  return ReadBlock(record->content_length, id_note, record, problem);
}

WarcReader::Result WarcReader::ReadBlock(uint64_t length, const std::string& id_note,
                                         WarcRecord* record, std::string* problem) {
  // The block, then the record end: CR/LF bytes, then the next record or the end of the data.
  const bool arc = format_ == Format::kArc;
  const std::string length_name = arc ? "Archive-length" : "Content-Length";
  const int64_t block_offset = consumed_ + static_cast<int64_t>(pos_);
  mark_ = pos_;  // the block's start stays in the buffer until the record checks out
  struct Unmark {
    size_t* mark;
    ~Unmark() { *mark = std::string::npos; }
  } unmark{&mark_};
  auto lied = [&](const std::string& how) {
    *problem = length_name + " " + std::to_string(length) + " does not match the record " + how +
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
      *problem = "record truncated: the data ends " + std::to_string(left) + " bytes before its " +
                 length_name + id_note;
      return Result::kDamaged;
    }
    record->too_large = true;
  } else {
    if (!Fill(static_cast<size_t>(length))) {
      // Short data: a lying length when another record follows, else a truncated file.
      if (NextRecordAfter(mark_)) {
        resync_pending_ = true;
        return lied("(it runs past the next record)");
      }
      *problem = "record truncated: the data ends " +
                 std::to_string(length - (buf_.size() - mark_)) + " bytes before its " +
                 length_name + id_note;
      pos_ = buf_.size();
      return Result::kDamaged;
    }
    pos_ += static_cast<size_t>(length);
  }
  // The record end: line ends, then the next record's header line or the end of the data (an ARC
  // header line is read whole to be checked).
  Fill(arc ? kMaxArcHeaderLine : 24);
  size_t p = pos_;
  size_t crlf = 0;
  while (p < buf_.size() && (buf_[p] == '\r' || buf_[p] == '\n') && crlf < 16) {
    ++p;
    ++crlf;
  }
  const bool at_end = p == buf_.size() && end_;
  bool next_record = false;
  if (arc) {
    const size_t rel = p - pos_;
    Fill(rel + kMaxArcHeaderLine);  // may move the buffer
    p = pos_ + rel;
    next_record = crlf >= 1 && ArcHeaderAt(p, /*loose=*/true);
  } else {
    next_record = buf_.compare(p, 5, "WARC/") == 0 && crlf >= 1;
  }
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
