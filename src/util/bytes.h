// Little binary encodings for stored records: varints, fixed-width big-endian numbers (which sort
// as numbers when they are keys), doubles and length-prefixed strings, written to a string and
// read back with bounds checks.
#ifndef TEXTRACE_UTIL_BYTES_H_
#define TEXTRACE_UTIL_BYTES_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace textrace {

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  void Signed(int64_t v) { Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void U32BE(uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out_->push_back(static_cast<char>(v >> s));
  }
  void U64BE(uint64_t v) {
    for (int s = 56; s >= 0; s -= 8) out_->push_back(static_cast<char>(v >> s));
  }
  void Double(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    U64BE(bits);
  }
  void Bytes(std::string_view s) {
    Varint(s.size());
    out_->append(s);
  }

 private:
  std::string* out_;
};

// Reads what a ByteWriter wrote. Every read fails (returns false, and ok() turns false) past the
// end or on a malformed varint; values read after a failure are 0 or empty.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      const auto b = static_cast<unsigned char>(in_[pos_++]);
      *v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (b < 0x80) return true;
    }
    return Fail();
  }
  bool Signed(int64_t* v) {
    uint64_t u = 0;
    if (!Varint(&u)) return false;
    *v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
    return true;
  }
  bool U32BE(uint32_t* v) {
    *v = 0;
    if (in_.size() - pos_ < 4 || pos_ > in_.size()) return Fail();
    for (int i = 0; i < 4; ++i) *v = (*v << 8) | static_cast<unsigned char>(in_[pos_++]);
    return true;
  }
  bool U64BE(uint64_t* v) {
    *v = 0;
    if (in_.size() - pos_ < 8 || pos_ > in_.size()) return Fail();
    for (int i = 0; i < 8; ++i) *v = (*v << 8) | static_cast<unsigned char>(in_[pos_++]);
    return true;
  }
  bool Double(double* v) {
    uint64_t bits = 0;
    if (!U64BE(&bits)) return false;
    std::memcpy(v, &bits, sizeof bits);
    return true;
  }
  bool Bytes(std::string* s) {
    uint64_t n = 0;
    if (!Varint(&n) || n > in_.size() - pos_) return Fail();
    s->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }

 private:
  bool Fail() {
    ok_ = false;
    pos_ = in_.size();
    return false;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// Big-endian document numbers and keys: byte order is number order.
inline std::string U32Key(uint32_t v) {
  std::string out;
  ByteWriter(&out).U32BE(v);
  return out;
}
inline std::string U64Key(uint64_t v) {
  std::string out;
  ByteWriter(&out).U64BE(v);
  return out;
}

}  // namespace textrace

#endif  // TEXTRACE_UTIL_BYTES_H_
