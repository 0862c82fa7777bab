#include "ingest/decompress.h"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "util/utf8.h"

namespace textrace {
namespace {

constexpr size_t kInputBuffer = 64 * 1024;

// Raw bytes of a file descriptor through a buffer, with look-ahead (for magic numbers) and the
// count of bytes handed to the decoder (the offset of the first unconsumed byte in the file).
class RawInput {
 public:
  RawInput(int fd, bool owns_fd) : fd_(fd), owns_fd_(owns_fd), buf_(kInputBuffer) {}
  ~RawInput() {
    if (owns_fd_ && fd_ >= 0) close(fd_);
  }
  RawInput(const RawInput&) = delete;
  RawInput& operator=(const RawInput&) = delete;

  // The buffered, unconsumed bytes.
  const char* data() const { return buf_.data() + pos_; }
  size_t size() const { return end_ - pos_; }
  void Consume(size_t n) {
    pos_ += n;
    offset_ += n;
  }
  uint64_t offset() const { return offset_; }
  bool read_failed() const { return errno_ != 0; }
  int read_errno() const { return errno_; }

  // Makes at least `n` (<= buffer size) bytes available if the file has them. Returns false when
  // fewer are available (end of file or read error).
  bool Ensure(size_t n) {
    if (size() >= n) return true;
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, size());
      end_ -= pos_;
      pos_ = 0;
    }
    while (end_ < n && !eof_ && errno_ == 0) {
      const ssize_t got = read(fd_, buf_.data() + end_, buf_.size() - end_);
      if (got < 0) {
        if (errno == EINTR) continue;
        errno_ = errno;
      } else if (got == 0) {
        eof_ = true;
      } else {
        end_ += static_cast<size_t>(got);
      }
    }
    return end_ >= n;
  }

 private:
  int fd_;
  bool owns_fd_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  uint64_t offset_ = 0;
  bool eof_ = false;
  int errno_ = 0;
};

// Shared state: the raw input, the failure, the byte counter.
class StreamBase : public ByteStream {
 public:
  StreamBase(std::unique_ptr<RawInput> in, uint64_t* counter)
      : in_(std::move(in)), counter_(counter) {}
  bool failed() const override { return failed_; }
  const std::string& error() const override { return error_; }
  int64_t error_offset() const override { return error_offset_; }

 protected:
  // Called with what a Read() returns.
  size_t Count(size_t n) {
    if (counter_ != nullptr) *counter_ += n;
    return n;
  }
  void Fail(std::string message, int64_t offset) {
    failed_ = true;
    error_ = std::move(message);
    error_offset_ = offset;
  }
  // Refills the raw buffer when it is empty. Returns false at the end of the input; a read error
  // is recorded as the failure.
  bool Refill() {
    if (in_->size() > 0 || in_->Ensure(1)) return true;
    if (in_->read_failed()) {
      Fail(std::string("read error: ") + std::strerror(in_->read_errno()), -1);
    }
    return false;
  }

  std::unique_ptr<RawInput> in_;
  uint64_t* counter_;
  bool failed_ = false;
  bool done_ = false;
  std::string error_;
  int64_t error_offset_ = -1;
};

class PlainStream : public StreamBase {
 public:
  using StreamBase::StreamBase;
  Compression compression() const override { return Compression::kNone; }
  size_t Read(char* buf, size_t n) override {
    if (failed_ || done_ || !Refill()) return 0;
    const size_t k = std::min(n, in_->size());
    std::memcpy(buf, in_->data(), k);
    in_->Consume(k);
    return Count(k);
  }
};

// gzip, any number of members one after another (what `cat a.gz b.gz` and pigz produce).
class GzipStream : public StreamBase {
 public:
  GzipStream(std::unique_ptr<RawInput> in, uint64_t* counter) : StreamBase(std::move(in), counter) {
    std::memset(&z_, 0, sizeof(z_));
    // 16 + MAX_WBITS: gzip wrapper only (the magic said gzip).
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) {
      Fail("cannot initialize zlib", 0);
    } else {
      initialized_ = true;
    }
  }
  ~GzipStream() override {
    if (initialized_) inflateEnd(&z_);
  }
  Compression compression() const override { return Compression::kGzip; }

  size_t Read(char* buf, size_t n) override {
    if (failed_ || done_) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    const uInt want = z_.avail_out;
    while (z_.avail_out == want) {
      if (member_done_) {
        // Between members: the end of the file, another member, or trailing garbage.
        if (!in_->Ensure(2)) {
          if (in_->read_failed()) {
            Fail(std::string("read error: ") + std::strerror(in_->read_errno()), -1);
          } else if (in_->size() == 0) {
            done_ = true;
          } else {
            Fail("trailing data after gzip stream", static_cast<int64_t>(in_->offset()));
          }
          break;
        }
        const auto* p = reinterpret_cast<const unsigned char*>(in_->data());
        if (p[0] != 0x1f || p[1] != 0x8b) {
          Fail("trailing data after gzip stream", static_cast<int64_t>(in_->offset()));
          break;
        }
        inflateReset(&z_);
        member_done_ = false;
      }
      if (!Refill()) {
        if (!failed_) Fail("truncated gzip stream", static_cast<int64_t>(in_->offset()));
        break;
      }
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in_->data()));
      z_.avail_in = static_cast<uInt>(in_->size());
      const int ret = inflate(&z_, Z_NO_FLUSH);
      in_->Consume(in_->size() - z_.avail_in);
      if (ret == Z_STREAM_END) {
        member_done_ = true;
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        Fail(std::string("corrupt gzip data: ") + (z_.msg != nullptr ? z_.msg : zError(ret)),
             static_cast<int64_t>(in_->offset()));
        break;
      }
    }
    return Count(want - z_.avail_out);
  }

 private:
  z_stream z_;
  bool initialized_ = false;
  bool member_done_ = false;
};

// zstd, any number of frames (skippable frames included).
class ZstdStream : public StreamBase {
 public:
  ZstdStream(std::unique_ptr<RawInput> in, uint64_t* counter)
      : StreamBase(std::move(in), counter), dctx_(ZSTD_createDCtx()) {
    if (dctx_ == nullptr) Fail("cannot initialize zstd", 0);
  }
  ~ZstdStream() override { ZSTD_freeDCtx(dctx_); }
  Compression compression() const override { return Compression::kZstd; }

  size_t Read(char* buf, size_t n) override {
    if (failed_ || done_) return 0;
    ZSTD_outBuffer out{buf, n, 0};
    while (true) {
      const bool eof = !Refill();
      if (failed_) break;
      if (eof && frame_done_) {
        done_ = true;
        break;
      }
      // At the end of the input, one more call with no input flushes what the decoder holds.
      ZSTD_inBuffer in{in_->data(), in_->size(), 0};
      const size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
      in_->Consume(in.pos);
      if (ZSTD_isError(ret)) {
        Fail(std::string("corrupt zstd data: ") + ZSTD_getErrorName(ret),
             static_cast<int64_t>(in_->offset()));
        break;
      }
      frame_done_ = ret == 0;
      if (out.pos > 0) break;
      if (eof) {  // no progress without more input
        Fail("truncated zstd stream", static_cast<int64_t>(in_->offset()));
        break;
      }
    }
    return Count(out.pos);
  }

 private:
  ZSTD_DCtx* dctx_;
  bool frame_done_ = false;  // true between frames (ZSTD_decompressStream returned 0)
};

}  // namespace

std::unique_ptr<ByteStream> ByteStream::Open(int fd, bool owns_fd, uint64_t* bytes_counter) {
  auto in = std::make_unique<RawInput>(fd, owns_fd);
  in->Ensure(4);  // a read error shows again (and is reported) on the first Read()
  const auto* p = reinterpret_cast<const unsigned char*>(in->data());
  if (in->size() >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
    return std::make_unique<GzipStream>(std::move(in), bytes_counter);
  }
  if (in->size() >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) {
    return std::make_unique<ZstdStream>(std::move(in), bytes_counter);
  }
  return std::make_unique<PlainStream>(std::move(in), bytes_counter);
}

size_t AppendUtf16AsUtf8(std::string_view in, bool big_endian, bool final, std::string* out) {
  const auto* b = reinterpret_cast<const unsigned char*>(in.data());
  auto unit = [&](size_t i) -> char32_t {
    return big_endian ? (char32_t{b[i]} << 8) | b[i + 1] : (char32_t{b[i + 1]} << 8) | b[i];
  };
  size_t i = 0;
  while (i + 2 <= in.size()) {
    const char32_t u = unit(i);
    if (u < 0x80) {
      out->push_back(static_cast<char>(u));
      i += 2;
    } else if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 4 > in.size()) {
        if (!final) return i;
        AppendUtf8(kReplacementCharacter, out);
        i += 2;
        continue;
      }
      const char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        AppendUtf8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), out);
        i += 4;
      } else {
        AppendUtf8(kReplacementCharacter, out);
        i += 2;
      }
    } else {
      AppendUtf8(u >= 0xDC00 && u <= 0xDFFF ? kReplacementCharacter : u, out);
      i += 2;
    }
  }
  if (i < in.size() && final) {  // an odd last byte
    AppendUtf8(kReplacementCharacter, out);
    i = in.size();
  }
  return i;
}

namespace {

class Utf16Decoder : public ByteStream {
 public:
  Utf16Decoder(std::unique_ptr<ByteStream> inner, bool big_endian, std::string raw)
      : inner_(std::move(inner)), big_endian_(big_endian), raw_(std::move(raw)) {}
  Compression compression() const override { return inner_->compression(); }
  bool failed() const override { return inner_->failed(); }
  const std::string& error() const override { return inner_->error(); }
  int64_t error_offset() const override { return inner_->error_offset(); }

  size_t Read(char* buf, size_t n) override {
    while (pos_ == out_.size()) {
      out_.clear();
      pos_ = 0;
      if (!ended_ && ReadFully(inner_.get(), kChunk, &raw_) < kChunk) ended_ = true;
      if (raw_.empty()) return 0;
      size_t used = AppendUtf16AsUtf8(raw_, big_endian_, ended_, &out_);
      if (!started_ && !out_.empty()) {
        started_ = true;
        if (out_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // the byte-order mark
      }
      raw_.erase(0, used);
    }
    const size_t k = std::min(n, out_.size() - pos_);
    std::memcpy(buf, out_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  static constexpr size_t kChunk = 64 * 1024;
  std::unique_ptr<ByteStream> inner_;
  bool big_endian_;
  std::string raw_;  // read, not yet decoded
  std::string out_;  // decoded, returned up to pos_
  size_t pos_ = 0;
  bool ended_ = false;
  bool started_ = false;
};

}  // namespace

std::unique_ptr<ByteStream> Utf16Stream(std::unique_ptr<ByteStream> inner, bool big_endian,
                                        std::string raw_prefix) {
  return std::make_unique<Utf16Decoder>(std::move(inner), big_endian, std::move(raw_prefix));
}

size_t ReadFully(ByteStream* stream, size_t n, std::string* out) {
  const size_t old = out->size();
  out->resize(old + n);
  size_t got = 0;
  while (got < n) {
    const size_t k = stream->Read(out->data() + old + got, n - got);
    if (k == 0) break;
    got += k;
  }
  out->resize(old + got);
  return got;
}

bool LineReader::Next(std::string_view* line) {
  while (true) {
    const size_t nl = buf_.find('\n', scan_);
    if (nl != std::string::npos) {
      size_t end = nl;
      if (end > start_ && buf_[end - 1] == '\r') --end;
      *line = std::string_view(buf_).substr(start_, end - start_);
      start_ = scan_ = nl + 1;
      return true;
    }
    scan_ = buf_.size();
    if (end_) {
      if (start_ == buf_.size()) return false;
      if (stream_->failed()) {
        partial_dropped_ = true;
        start_ = scan_ = buf_.size();
        return false;
      }
      size_t end = buf_.size();
      if (end > start_ && buf_[end - 1] == '\r') --end;
      *line = std::string_view(buf_).substr(start_, end - start_);
      start_ = scan_ = buf_.size();
      return true;
    }
    // Drop the lines already returned, then read more.
    if (start_ > 0) {
      buf_.erase(0, start_);
      scan_ -= start_;
      start_ = 0;
      if (buf_.capacity() > 4 * kChunk && buf_.size() < buf_.capacity() / 4) buf_.shrink_to_fit();
    }
    if (ReadFully(stream_, kChunk, &buf_) == 0) end_ = true;
  }
}

}  // namespace textrace
