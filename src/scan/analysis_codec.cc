#include "scan/analysis_codec.h"

#include <cstring>

namespace textrace {
namespace {

// Writes `v` as a varint at `p` and returns the end; at most 10 bytes.
char* PutVarint(uint64_t v, char* p) {
  while (v >= 0x80) {
    *p++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}

// Reads a varint at *p (advancing it); false past `end` or on an overlong encoding.
bool GetVarint(const char** p, const char* end, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*p == end) return false;
    const auto byte = static_cast<unsigned char>(*(*p)++);
    *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

std::string EncodeAnalysis(const AnalyzedDocument& d) {
  // Written through a pointer into a per-thread buffer with room for the longest encoding (5
  // varints of up to 10 bytes, then per token 4 varints of up to 5 bytes and 9 bytes, per
  // sentence one of up to 5), then copied out at its size: a push_back per byte was most of the
  // encoding's time, and a string of the longest size held twice the memory while parked.
  static thread_local std::string buffer;
  const size_t longest = 60 + d.language.size() + d.tokens.size() * 29 + d.sentences.size() * 5;
  if (buffer.size() < longest) buffer.resize(longest);
  char* const start = buffer.data();
  char* p = start;
  p = PutVarint(static_cast<uint64_t>(d.char_length), p);
  p = PutVarint(static_cast<uint64_t>(d.invalid_utf8_sequences), p);
  p = PutVarint(static_cast<uint64_t>(d.mojibake_repairs), p);
  p = PutVarint(d.tokens.size(), p);
  p = PutVarint(d.sentences.size(), p);
  p = PutVarint(d.language.size(), p);
  std::memcpy(p, d.language.data(), d.language.size());
  p += d.language.size();
  uint32_t byte = 0, chr = 0;
  for (const Token& t : d.tokens) {
    // Tokens are in text order: each starts at or after the previous one's end.
    p = PutVarint(t.begin_byte - byte, p);
    p = PutVarint(t.end_byte - t.begin_byte, p);
    p = PutVarint(t.begin_char - chr, p);
    p = PutVarint(t.end_char - t.begin_char, p);
    std::memcpy(p, &t.key, 8);
    p[8] = static_cast<char>((t.stopword ? 1 : 0) | (t.number ? 2 : 0) | (t.boilerplate ? 4 : 0));
    p += 9;
    byte = t.end_byte;
    chr = t.end_char;
  }
  for (const Sentence& s : d.sentences) p = PutVarint(s.end_token - s.first_token, p);
  return std::string(start, p);
}

bool DecodeAnalysis(std::string_view encoded, std::string name, std::string bytes,
                    AnalyzedDocument* out) {
  const char* p = encoded.data();
  const char* end = p + encoded.size();
  uint64_t chars, invalid, repairs, tokens, sentences;
  if (!GetVarint(&p, end, &chars) || !GetVarint(&p, end, &invalid) ||
      !GetVarint(&p, end, &repairs) || !GetVarint(&p, end, &tokens) ||
      !GetVarint(&p, end, &sentences) || tokens > encoded.size() || sentences > tokens) {
    return false;
  }
  uint64_t language;
  if (!GetVarint(&p, end, &language) || language > static_cast<uint64_t>(end - p)) return false;
  std::string code(p, language);
  p += language;
  AnalyzedDocument d;
  d.name = std::move(name);
  d.bytes = std::move(bytes);
  d.char_length = static_cast<int64_t>(chars);
  d.invalid_utf8_sequences = static_cast<int64_t>(invalid);
  d.mojibake_repairs = static_cast<int64_t>(repairs);
  d.language = std::move(code);
  d.tokens.resize(tokens);
  uint64_t byte = 0, chr = 0;
  for (Token& t : d.tokens) {
    uint64_t gap, len, cgap, clen;
    if (!GetVarint(&p, end, &gap) || !GetVarint(&p, end, &len) || !GetVarint(&p, end, &cgap) ||
        !GetVarint(&p, end, &clen) || end - p < 9) {
      return false;
    }
    const uint64_t b0 = byte + gap, b1 = b0 + len, c0 = chr + cgap, c1 = c0 + clen;
    if (b1 > d.bytes.size() || c1 > chars) return false;
    t.begin_byte = static_cast<uint32_t>(b0);
    t.end_byte = static_cast<uint32_t>(b1);
    t.begin_char = static_cast<uint32_t>(c0);
    t.end_char = static_cast<uint32_t>(c1);
    std::memcpy(&t.key, p, 8);
    t.stopword = (p[8] & 1) != 0;
    t.number = (p[8] & 2) != 0;
    t.boilerplate = (p[8] & 4) != 0;  // furniture (the collection's boilerplate is marked later)
    p += 9;
    byte = b1;
    chr = c1;
  }
  d.sentences.resize(sentences);
  uint32_t first = 0;
  for (uint32_t s = 0; s < sentences; ++s) {
    uint64_t len;
    if (!GetVarint(&p, end, &len) || len > tokens - first) return false;
    d.sentences[s] = {first, first + static_cast<uint32_t>(len)};
    for (uint32_t i = first; i < first + len; ++i) d.tokens[i].sentence = s;
    first += static_cast<uint32_t>(len);
  }
  if (p != end || first != tokens) return false;
  *out = std::move(d);
  return true;
}

}  // namespace textrace
