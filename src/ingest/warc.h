// WARC (ISO 28500) files, as crawlers write them: records of named headers and a block, one
// gzip member per record in .warc.gz (the gzip layer is ByteStream's); ARC files, the Internet
// Archive's format before WARC, read into the same records; and the HTTP responses inside
// response records.
#ifndef TEXTRACE_INGEST_WARC_H_
#define TEXTRACE_INGEST_WARC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/decompress.h"

namespace textrace {

// A WARC record, or an ARC record read as one: ARC's URL is target_uri, its Archive-date the
// date (as ISO 8601: 19961104142103 is 1996-11-04T14:21:03Z), its Content-type content_type;
// it has no record id. Its type is "response" for an http(s) URL (the block is the HTTP
// response), "filedesc" for the version block, "dns" for DNS lookups, "resource" otherwise.
struct WarcRecord {
  int64_t offset = 0;        // of the record's first byte in the uncompressed stream
  std::string version;       // "WARC/1.0", "WARC/1.1"; "ARC/1", "ARC/2"
  std::string type;          // WARC-Type, lower case: "response", "request", "warcinfo", ...
  std::string record_id;     // WARC-Record-ID, without the angle brackets
  std::string target_uri;    // WARC-Target-URI, without angle brackets
  std::string date;          // WARC-Date
  std::string content_type;  // Content-Type of the block
  std::string payload_digest;  // WARC-Payload-Digest ("sha1:..."), as given
  // Revisit records: the record revisited (WARC-Refers-To, without the angle brackets), or its
  // target URI and date (WARC-Refers-To-Target-URI, WARC-Refers-To-Date).
  std::string refers_to, refers_to_target_uri, refers_to_date;
  std::string block;         // the block (empty when it was larger than the limit: too_large)
  uint64_t content_length = 0;
  bool too_large = false;  // the block was larger than the reader's limit and was skipped over
};

// Reads WARC (or ARC) records one at a time from an uncompressed stream. Damage is reported per
// record and reading goes on at the next record header line where it can ("WARC/1." or a line
// that parses as an ARC record header).
class WarcReader {
 public:
  enum class Format { kWarc, kArc };
  // `max_block_bytes`: larger blocks are skipped over (not held in memory) and marked too_large.
  // `prefix`: bytes already read from the stream (by a caller that sniffed the format); they are
  // read first. `stream` must outlive the reader.
  WarcReader(ByteStream* stream, uint64_t max_block_bytes, std::string prefix = {},
             Format format = Format::kWarc);

  enum class Result { kRecord, kEnd, kDamaged };
  // kRecord: `*record` is the next record. kDamaged: a record was unreadable; `*problem` says why
  // and `*offset` where (uncompressed byte offset), and reading can go on. kEnd: no more records
  // (check the stream's failed() for a truncated or corrupt file).
  Result Next(WarcRecord* record, std::string* problem, int64_t* offset);

 private:
  bool Fill(size_t need);  // at least `need` bytes buffered from pos_, unless the stream ended
  // A line without its "\r\n" (valid until the next call); false at the end of the data, or
  // with `*too_long` when no line end comes within the header line limit.
  bool ReadLine(std::string_view* line, bool* too_long);
  bool Resync();  // skips to the next line starting with "WARC/1."; false at the end
  // The first line of the next record (past a damaged part and blank lines): kRecord with
  // `*line`, kEnd, or kDamaged when no line ends within the header line limit.
  Result FirstLine(std::string_view* line, std::string* problem, int64_t* offset);
  Result NextArc(WarcRecord* record, std::string* problem, int64_t* offset);
  bool ResyncArc();  // skips to the next line that is an ARC record header; false at the end
  // The block of `length` bytes at pos_ into record->block (or skipped over, too_large), and the
  // record end after it: kRecord, or kDamaged with `*problem`.
  Result ReadBlock(uint64_t length, const std::string& id_note, WarcRecord* record,
                   std::string* problem);
  // Whether a record header line starts after buf_[from] (at a line start) in the buffered data.
  bool NextRecordAfter(size_t from) const;
  // Whether the line at buf_[p] is an ARC record header (`loose`: starts like one).
  bool ArcHeaderAt(size_t p, bool loose = false) const;

  ByteStream* stream_;
  uint64_t max_block_;
  std::string buf_;
  size_t pos_ = 0;
  size_t mark_ = std::string::npos;  // Fill() keeps buf_ from here on (a block being checked)
  int64_t consumed_ = 0;             // stream offset of buf_[0]
  bool end_ = false;
  bool resync_pending_ = false;  // the last record was damaged: look for the next one first
  Format format_;
  int arc_version_ = 0;  // from the ARC version block: 1 or 2 (0 before it)
};

struct HttpResponse {
  int status = 0;            // 200, 301, 404 ...; 0 when the status line was not HTTP
  std::string content_type;  // media type, lower case, without parameters: "text/html"
  std::string charset;       // charset parameter of Content-Type, canonical ("" if none)
  std::string body;          // dechunked and decompressed (gzip/deflate) when so encoded
  std::string problem;       // non-empty when the body could not be decoded as declared
};

// The media type of a Content-Type value, lower case, without parameters ("text/html").
std::string MediaType(std::string_view content_type);

// Parses an HTTP response message (a WARC response record's block). A body larger than
// `max_body_bytes` once decompressed is a problem ("does not decompress").
HttpResponse ParseHttpResponse(std::string_view message, uint64_t max_body_bytes = 1ull << 32);

}  // namespace textrace

#endif  // TEXTRACE_INGEST_WARC_H_
