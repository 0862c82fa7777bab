#include "ingest/warc.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "ingest/input_testing.h"

namespace textrace {
namespace {

using testing::Gzip;
using testing::Http;
using testing::Record;

// Reads every record of `data` (written to a temporary file, so ByteStream sees a real fd).
struct Outcome {
  std::vector<WarcRecord> records;
  std::vector<std::string> problems;
  std::vector<int64_t> problem_offsets;
  bool stream_failed = false;
};

Outcome ReadAll(const std::string& data, uint64_t max_block = 1 << 20,
               WarcReader::Format format = WarcReader::Format::kWarc) {
  char path[] = "/tmp/textrace_warc_testXXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
  lseek(fd, 0, SEEK_SET);
  unlink(path);
  std::unique_ptr<ByteStream> stream = ByteStream::Open(fd, true, nullptr);
  WarcReader reader(stream.get(), max_block, {}, format);
  Outcome out;
  for (int guard = 0; guard < 1000; ++guard) {
    WarcRecord rec;
    std::string problem;
    int64_t offset = -1;
    const WarcReader::Result r = reader.Next(&rec, &problem, &offset);
    if (r == WarcReader::Result::kEnd) break;
    if (r == WarcReader::Result::kDamaged) {
      out.problems.push_back(problem);
      out.problem_offsets.push_back(offset);
    } else {
      out.records.push_back(std::move(rec));
    }
  }
  out.stream_failed = stream->failed();
  return out;
}

TEST(WarcReaderTest, ReadsRecordsWithTheirHeaders) {
  const std::string page = Http("<html><body><p>Hello</p></body></html>");
  const std::string data = Record("warcinfo", "1", "software: test\r\n") +
                           Record("request", "2", "GET /a HTTP/1.1\r\n\r\n") +
                           Record("response", "3", page);
  const Outcome o = ReadAll(data);
  EXPECT_TRUE(o.problems.empty()) << o.problems[0];
  ASSERT_EQ(o.records.size(), 3u);
  EXPECT_EQ(o.records[0].type, "warcinfo");
  EXPECT_EQ(o.records[2].type, "response");
  EXPECT_EQ(o.records[2].record_id, "urn:uuid:3");
  EXPECT_EQ(o.records[2].target_uri, "http://example.com/a");
  EXPECT_EQ(o.records[2].date, "2021-10-08T10:00:00Z");
  EXPECT_EQ(o.records[2].block, page);
  EXPECT_EQ(o.records[0].offset, 0);
  EXPECT_EQ(o.records[1].offset,
            static_cast<int64_t>(Record("warcinfo", "1", "software: test\r\n").size()));
}

TEST(WarcReaderTest, GzipMemberPerRecordReadsTheSame) {
  const std::string a = Record("response", "a", Http("<p>one</p>"));
  const std::string b = Record("response", "b", Http("<p>two</p>"));
  const Outcome o = ReadAll(Gzip(a) + Gzip(b));
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[1].record_id, "urn:uuid:b");
  EXPECT_EQ(o.records[1].offset, static_cast<int64_t>(a.size()));
  EXPECT_FALSE(o.stream_failed);
}

TEST(WarcReaderTest, ContentLengthTooShortSkipsOnlyThatRecord) {
  const std::string body = Http("<p>a page whose length is misstated</p>");
  const std::string data = Record("response", "1", Http("<p>first</p>")) +
                           Record("response", "2", body, static_cast<long long>(body.size()) - 10) +
                           Record("response", "3", Http("<p>third</p>"));
  const Outcome o = ReadAll(data);
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[0].record_id, "urn:uuid:1");
  EXPECT_EQ(o.records[1].record_id, "urn:uuid:3");
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_NE(o.problems[0].find("Content-Length"), std::string::npos) << o.problems[0];
  EXPECT_NE(o.problems[0].find("urn:uuid:2"), std::string::npos) << o.problems[0];
  EXPECT_EQ(o.problem_offsets[0],
            static_cast<int64_t>(Record("response", "1", Http("<p>first</p>")).size()));
}

TEST(WarcReaderTest, ContentLengthTooLongSkipsOnlyThatRecord) {
  const std::string body = Http("<p>second</p>");
  const std::string data =
      Record("response", "1", Http("<p>first</p>")) +
      Record("response", "2", body, static_cast<long long>(body.size()) + 40) +
      Record("response", "3",
             Http("<p>third, long enough to hold the overrun of the second record's length</p>")) +
      Record("response", "4", Http("<p>fourth</p>"));
  const Outcome o = ReadAll(data);
  std::vector<std::string> ids;
  for (const WarcRecord& r : o.records) ids.push_back(r.record_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"urn:uuid:1", "urn:uuid:3", "urn:uuid:4"}));
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_NE(o.problems[0].find("Content-Length"), std::string::npos) << o.problems[0];
}

TEST(WarcReaderTest, LengthPastTheEndOfTheFileIsATruncatedRecord) {
  const std::string data = Record("response", "1", Http("<p>first</p>")) +
                           Record("response", "2", Http("<p>second</p>"), 5000);
  const Outcome o = ReadAll(data);
  ASSERT_EQ(o.records.size(), 1u);
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_NE(o.problems[0].find("truncated"), std::string::npos) << o.problems[0];
}

TEST(WarcReaderTest, GarbageBeforeARecordIsReportedAndSkipped) {
  const std::string data =
      "this is not a warc header\r\nmore junk\r\n" + Record("response", "1", Http("<p>first</p>"));
  const Outcome o = ReadAll(data);
  ASSERT_EQ(o.records.size(), 1u);
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_NE(o.problems[0].find("expected a WARC record header"), std::string::npos);
  EXPECT_EQ(o.problem_offsets[0], 0);
}

TEST(WarcReaderTest, MissingOrBadContentLength) {
  std::string bad = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: twelve\r\n\r\nabc\r\n\r\n";
  const Outcome o = ReadAll(bad + Record("response", "2", Http("<p>x</p>")));
  ASSERT_EQ(o.records.size(), 1u);
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_NE(o.problems[0].find("not a number"), std::string::npos) << o.problems[0];
}

TEST(WarcReaderTest, BlockOverTheLimitIsSkippedOverNotHeld) {
  const std::string big(5000, 'x');
  const Outcome o =
      ReadAll(Record("resource", "1", big) + Record("response", "2", Http("<p>x</p>")),
              /*max_block=*/1000);
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_TRUE(o.records[0].too_large);
  EXPECT_TRUE(o.records[0].block.empty());
  EXPECT_EQ(o.records[0].content_length, 5000u);
  EXPECT_FALSE(o.records[1].too_large);
}

TEST(WarcReaderTest, TruncatedGzipKeepsTheRecordsBefore) {
  const std::string a = Gzip(Record("response", "a", Http("<p>one</p>")));
  const std::string b = Gzip(Record("response", "b", Http(std::string(3000, 'y'))));
  const Outcome o = ReadAll(a + b.substr(0, b.size() / 2));
  ASSERT_GE(o.records.size(), 1u);
  EXPECT_EQ(o.records[0].record_id, "urn:uuid:a");
  EXPECT_TRUE(o.stream_failed);
}

// ---- ARC -----------------------------------------------------------------------------------

using testing::ArcRecord;
using testing::ArcVersionBlock;

Outcome ReadArc(const std::string& data) {
  return ReadAll(data, 1 << 20, WarcReader::Format::kArc);
}

TEST(ArcReaderTest, ReadsTheVersionBlockAndRecords) {
  const std::string page = Http("<html><body><p>Hello</p></body></html>");
  const std::string data = ArcVersionBlock() + ArcRecord("dns:www.example.com", "192.0.2.7\n",
                                                         "19961104142102", "text/dns") +
                           ArcRecord("http://www.example.com:80/index.html", page) +
                           ArcRecord("ftp://ftp.example.com/README", "Read me.\n",
                                     "199611041422", "text/plain") +
                           // A URL with a space, written unescaped by an old crawler.
                           ArcRecord("http://www.example.com/a b.html", page, "19961104");
  const Outcome o = ReadArc(data);
  ASSERT_TRUE(o.problems.empty()) << o.problems[0];
  ASSERT_EQ(o.records.size(), 5u);
  EXPECT_EQ(o.records[0].type, "filedesc");
  EXPECT_EQ(o.records[0].version, "ARC/1");
  EXPECT_EQ(o.records[1].type, "dns");
  const WarcRecord& r = o.records[2];
  EXPECT_EQ(r.type, "response");
  EXPECT_EQ(r.target_uri, "http://www.example.com:80/index.html");
  EXPECT_EQ(r.date, "1996-11-04T14:21:03Z");
  EXPECT_EQ(r.content_type, "text/html");
  EXPECT_EQ(r.block, page);
  EXPECT_EQ(r.offset, static_cast<int64_t>(data.find("http://www.example.com:80")));
  EXPECT_EQ(o.records[3].type, "resource");
  EXPECT_EQ(o.records[3].date, "1996-11-04T14:22Z");
  EXPECT_EQ(o.records[3].block, "Read me.\n");
  EXPECT_EQ(o.records[4].target_uri, "http://www.example.com/a b.html");
  EXPECT_EQ(o.records[4].date, "1996-11-04");
  // One gzip member per record (.arc.gz) reads the same.
  std::string gz = Gzip(ArcVersionBlock());
  gz += Gzip(ArcRecord("http://www.example.com:80/index.html", page));
  const Outcome z = ReadArc(gz);
  ASSERT_EQ(z.records.size(), 2u);
  EXPECT_EQ(z.records[1].block, page);
}

TEST(ArcReaderTest, VersionTwoHeadersHaveTenFields) {
  const std::string block =
      "2 0 textrace tests\nURL IP-address Archive-date Content-type Result-code Checksum "
      "Location Offset Filename Archive-length\n";
  const std::string page = Http("<p>Hello</p>");
  const std::string data =
      "filedesc://t.arc 0.0.0.0 20010101000000 text/plain 200 - - 0 t.arc " +
      std::to_string(block.size()) + "\n" + block + "\n" +
      "http://example.com/ 192.0.2.7 20010203040506 text/html 200 abc - 123 t.arc " +
      std::to_string(page.size()) + "\n" + page + "\n";
  const Outcome o = ReadArc(data);
  ASSERT_TRUE(o.problems.empty()) << o.problems[0];
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[0].version, "ARC/2");
  EXPECT_EQ(o.records[1].target_uri, "http://example.com/");
  EXPECT_EQ(o.records[1].date, "2001-02-03T04:05:06Z");
  EXPECT_EQ(o.records[1].block, page);
}

// A record whose length lies, or a header that is not one, is reported at its offset, and
// reading goes on at the next line that is a record header.
TEST(ArcReaderTest, DamagedRecordsAreReportedAndSkipped) {
  const std::string page = Http("<p>Hello</p>");
  const std::string lying = ArcRecord("http://a.example/", page, "19961104142103", "text/html",
                                      static_cast<long long>(page.size()) - 5);
  const std::string good = ArcRecord("http://b.example/", page);
  const std::string data = ArcVersionBlock() + lying + good;
  const Outcome o = ReadArc(data);
  ASSERT_EQ(o.records.size(), 2u);
  EXPECT_EQ(o.records[1].target_uri, "http://b.example/");
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_EQ(o.problems[0],
            "Archive-length " + std::to_string(page.size() - 5) +
                " does not match the record (no record end after " +
                std::to_string(page.size() - 5) + " bytes of block at byte " +
                std::to_string(ArcVersionBlock().size() + lying.find("HTTP/")) +
                ") (http://a.example/); record skipped");
  EXPECT_EQ(o.problem_offsets[0], static_cast<int64_t>(ArcVersionBlock().size()));
  const Outcome g = ReadArc("this is not a header line\n" + ArcVersionBlock() + good);
  ASSERT_EQ(g.records.size(), 2u);
  ASSERT_EQ(g.problems.size(), 1u);
  EXPECT_EQ(g.problems[0],
            "expected an ARC record header (URL IP-address Archive-date Content-type "
            "Archive-length), found 'this is not a header line'");
  EXPECT_EQ(g.problem_offsets[0], 0);
  // Cut short: the last record is truncated.
  const std::string cut = ArcVersionBlock() + good.substr(0, good.size() - 8);
  const Outcome c = ReadArc(cut);
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].rfind("record truncated: the data ends", 0), 0u) << c.problems[0];
}

TEST(HttpResponseTest, StatusTypeAndCharset) {
  const HttpResponse r =
      ParseHttpResponse(Http("<p>x</p>", "Content-Type: text/HTML; Charset=\"Windows-1251\"", 200));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html");
  EXPECT_EQ(r.charset, "windows-1251");
  EXPECT_EQ(r.body, "<p>x</p>");
  EXPECT_TRUE(r.problem.empty());
  EXPECT_EQ(ParseHttpResponse(Http("", "Location: /b", 301)).status, 301);
}

TEST(HttpResponseTest, ChunkedAndGzipBodiesAreDecoded) {
  const HttpResponse chunked =
      ParseHttpResponse(Http("5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n",
                             "Content-Type: text/plain\r\nTransfer-Encoding: chunked"));
  EXPECT_EQ(chunked.body, "Hello, world");
  // Stored already dechunked, header kept: taken as it is.
  EXPECT_EQ(ParseHttpResponse(Http("<p>plain</p>", "Transfer-Encoding: chunked")).body,
            "<p>plain</p>");
  const HttpResponse gz = ParseHttpResponse(
      Http(Gzip("<p>zipped</p>"), "Content-Type: text/html\r\nContent-Encoding: gzip"));
  EXPECT_EQ(gz.body, "<p>zipped</p>");
  EXPECT_TRUE(gz.problem.empty());
  const HttpResponse broken =
      ParseHttpResponse(Http(Gzip("<p>zipped</p>").substr(0, 12), "Content-Encoding: gzip"));
  EXPECT_FALSE(broken.problem.empty());
  EXPECT_NE(ParseHttpResponse(Http("x", "Content-Encoding: br")).problem.find("br"),
            std::string::npos);
}

TEST(HttpResponseTest, NotHttp) {
  EXPECT_FALSE(ParseHttpResponse("<html>no status line</html>").problem.empty());
  EXPECT_FALSE(ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n").problem.empty());
}

}  // namespace
}  // namespace textrace
