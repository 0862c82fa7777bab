// Test helpers that make inputs as crawlers and archives hold them: gzip data, WARC and ARC
// records, HTTP responses. For tests only (header-only; links zlib).
#ifndef TEXTRACE_INGEST_INPUT_TESTING_H_
#define TEXTRACE_INGEST_INPUT_TESTING_H_

#include <zlib.h>

#include <string>

namespace textrace::testing {

// A WARC/1.0 record of `type` ("response", "request", ...) holding `block`; `length` overrides
// the Content-Length (for damaged records).
inline std::string Record(const std::string& type, const std::string& id,
                          const std::string& block, long long length = -1,
                          const std::string& uri = "http://example.com/a") {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + id +
         ">\r\nWARC-Date: 2021-10-08T10:00:00Z\r\nWARC-Target-URI: " + uri +
         "\r\nContent-Type: application/http; msgtype=" + type + "\r\nContent-Length: " +
         std::to_string(length < 0 ? static_cast<long long>(block.size()) : length) +
         "\r\n\r\n" + block + "\r\n\r\n";
}

// The version block that starts an ARC file (version 1).
inline std::string ArcVersionBlock(const std::string& name = "test.arc") {
  const std::string block =
      "1 0 textrace tests\nURL IP-address Archive-date Content-type Archive-length\n";
  return "filedesc://" + name + " 0.0.0.0 20010101000000 text/plain " +
         std::to_string(block.size()) + "\n" + block + "\n";
}

// An ARC (version 1) record holding `content` (an HTTP response for an http URL); `length`
// overrides the Archive-length (for damaged records).
inline std::string ArcRecord(const std::string& url, const std::string& content,
                             const std::string& date = "19961104142103",
                             const std::string& type = "text/html", long long length = -1) {
  return url + " 192.0.2.7 " + date + " " + type + " " +
         std::to_string(length < 0 ? static_cast<long long>(content.size()) : length) + "\n" +
         content + "\n";
}

// An HTTP response with `headers` and `body`.
inline std::string Http(const std::string& body,
                        const std::string& headers = "Content-Type: text/html",
                        int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) + " OK\r\n" + headers + "\r\n\r\n" + body;
}

// `data` as one gzip member.
inline std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace textrace::testing

#endif  // TEXTRACE_INGEST_INPUT_TESTING_H_
