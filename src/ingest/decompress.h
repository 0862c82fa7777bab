// Streaming reads of possibly compressed files: the compression (gzip or zstd) is detected from
// the magic bytes, not from the file name, and decoded a buffer at a time, so that neither the
// whole compressed file nor the whole decompressed data is ever held in memory.
#ifndef TEXTRACE_INGEST_DECOMPRESS_H_
#define TEXTRACE_INGEST_DECOMPRESS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace textrace {

enum class Compression { kNone, kGzip, kZstd };

// The uncompressed bytes of one file descriptor. Not thread-safe.
class ByteStream {
 public:
  virtual ~ByteStream() = default;

  // Reads the first bytes of `fd` to detect the compression. Takes ownership of `fd` (closes it)
  // when `owns_fd`. Every byte returned by Read() is added to `*bytes_counter` when it is not
  // null. Never fails: a read error shows in failed() on the first Read().
  static std::unique_ptr<ByteStream> Open(int fd, bool owns_fd, uint64_t* bytes_counter);

  virtual Compression compression() const = 0;

  // Reads up to `n` (> 0) uncompressed bytes into `buf`; returns how many, 0 at the end of the data
  // or after a failure. May return fewer than `n` before the end.
  virtual size_t Read(char* buf, size_t n) = 0;

  // After Read() returned 0: true when the data did not end cleanly (read error, truncated or
  // corrupt compressed data). Data returned before the failure was decoded correctly.
  virtual bool failed() const = 0;
  // When failed(): what went wrong, e.g. "truncated gzip stream", "corrupt zstd data: ...",
  // "read error: Input/output error".
  virtual const std::string& error() const = 0;
  // When failed(): the offset in the raw (compressed) input where decoding stopped, or -1 for an
  // operating-system read error (which has no meaningful position).
  virtual int64_t error_offset() const = 0;
};

// Reads until `n` bytes are in `*out` (appended) or the stream ends; returns the count appended.
size_t ReadFully(ByteStream* stream, size_t n, std::string* out);

// UTF-16 text as UTF-8, a buffer at a time: `raw_prefix` (bytes already read from `inner`, e.g.
// to tell the format) first, then the rest of `inner`. A byte-order mark at the start is
// dropped; unpaired surrogates and an odd last byte become U+FFFD. compression(), failed(),
// error() and error_offset() are `inner`'s.
std::unique_ptr<ByteStream> Utf16Stream(std::unique_ptr<ByteStream> inner, bool big_endian,
                                        std::string raw_prefix);

// Decodes UTF-16 `in` and appends it to `out` as UTF-8. Returns the bytes used: all of `in` when
// `final`, else all but an incomplete code unit or surrogate pair at the end.
size_t AppendUtf16AsUtf8(std::string_view in, bool big_endian, bool final, std::string* out);

// Lines of a ByteStream, without their "\n" or "\r\n". Lines may be of any length: the buffer
// grows as needed (and shrinks back after a long line).
class LineReader {
 public:
  // `prefix`: bytes already read from the stream, returned first.
  explicit LineReader(ByteStream* stream, std::string prefix = {})
      : stream_(stream), buf_(std::move(prefix)) {}

  // Sets `*line` to the next line (valid until the next call) and returns true; returns false at
  // the end of the data. When the stream failed, an incomplete last line is not returned:
  // partial_line_dropped() tells whether there was one.
  bool Next(std::string_view* line);
  bool partial_line_dropped() const { return partial_dropped_; }

 private:
  static constexpr size_t kChunk = 64 * 1024;
  ByteStream* stream_;
  std::string buf_;
  size_t start_ = 0;  // first byte of the next line in buf_
  size_t scan_ = 0;   // bytes [start_, scan_) are known to contain no '\n'
  bool end_ = false;
  bool partial_dropped_ = false;
};

}  // namespace textrace

#endif  // TEXTRACE_INGEST_DECOMPRESS_H_
