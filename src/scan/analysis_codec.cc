#include "scan/analysis_codec.h"

#include <cstring>

namespace textrace {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
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
  std::string out;
  out.reserve(16 + d.tokens.size() * 13 + d.sentences.size() * 2);
  PutVarint(static_cast<uint64_t>(d.char_length), &out);
  PutVarint(static_cast<uint64_t>(d.invalid_utf8_sequences), &out);
  PutVarint(static_cast<uint64_t>(d.mojibake_repairs), &out);
  PutVarint(d.tokens.size(), &out);
  PutVarint(d.sentences.size(), &out);
  uint32_t byte = 0, chr = 0;
  for (const Token& t : d.tokens) {
    // Tokens are in text order: each starts at or after the previous one's end.
    PutVarint(t.begin_byte - byte, &out);
    PutVarint(t.end_byte - t.begin_byte, &out);
    PutVarint(t.begin_char - chr, &out);
    PutVarint(t.end_char - t.begin_char, &out);
    char key[8];
    std::memcpy(key, &t.key, 8);
    out.append(key, 8);
    out.push_back(static_cast<char>((t.stopword ? 1 : 0) | (t.number ? 2 : 0)));
    byte = t.end_byte;
    chr = t.end_char;
  }
  for (const Sentence& s : d.sentences) PutVarint(s.end_token - s.first_token, &out);
  return out;
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
  AnalyzedDocument d;
  d.name = std::move(name);
  d.bytes = std::move(bytes);
  d.char_length = static_cast<int64_t>(chars);
  d.invalid_utf8_sequences = static_cast<int64_t>(invalid);
  d.mojibake_repairs = static_cast<int64_t>(repairs);
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
