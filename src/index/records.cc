// Index records as bytes (records.h).
#include "index/records.h"

#include "util/bytes.h"

namespace textrace::index {
namespace {

// 2: the document's language after its batch (records of version 1, without it, are read as
// having none).
constexpr uint64_t kDocumentVersion = 2;
constexpr uint64_t kPairVersion = 1;

void PutSpan(ByteWriter* w, const TextSpan& s) {
  for (uint32_t v : {s.begin_char, s.end_char, s.begin_byte, s.end_byte, s.first_token,
                     s.end_token}) {
    w->Varint(v);
  }
}

bool GetU32(ByteReader* r, uint32_t* v) {
  uint64_t x = 0;
  if (!r->Varint(&x) || x > UINT32_MAX) return false;
  *v = static_cast<uint32_t>(x);
  return true;
}

bool GetSpan(ByteReader* r, TextSpan* s) {
  return GetU32(r, &s->begin_char) && GetU32(r, &s->end_char) && GetU32(r, &s->begin_byte) &&
         GetU32(r, &s->end_byte) && GetU32(r, &s->first_token) && GetU32(r, &s->end_token);
}

}  // namespace

std::string EncodeDocument(const DocumentRecord& r) {
  std::string out;
  ByteWriter w(&out);
  const ScanDocument& d = r.document;
  w.Varint(kDocumentVersion);
  for (const std::string* s : {&d.id, &d.date, &d.url, &d.origin, &d.text_from, &d.fields,
                               &d.date_from}) {
    w.Bytes(*s);
  }
  w.Varint(static_cast<uint64_t>(d.bytes));
  w.Varint(static_cast<uint64_t>(d.chars));
  w.Varint(static_cast<uint64_t>(d.words));
  w.Varint(d.when.has_value() ? (d.when->precision == Date::Precision::kDay ? 1 : 2) : 0);
  if (d.when.has_value()) w.Signed(d.when->seconds);
  w.Varint(r.anchors);
  w.Varint(r.batch);
  w.Bytes(d.language);
  return out;
}

bool DecodeDocument(std::string_view bytes, DocumentRecord* r) {
  ByteReader in(bytes);
  ScanDocument& d = r->document;
  uint64_t version = 0, bytes_n = 0, chars = 0, words = 0, when = 0;
  if (!in.Varint(&version) || version < 1 || version > kDocumentVersion) return false;
  for (std::string* s : {&d.id, &d.date, &d.url, &d.origin, &d.text_from, &d.fields,
                         &d.date_from}) {
    if (!in.Bytes(s)) return false;
  }
  if (!in.Varint(&bytes_n) || !in.Varint(&chars) || !in.Varint(&words) || !in.Varint(&when)) {
    return false;
  }
  d.bytes = static_cast<int64_t>(bytes_n);
  d.chars = static_cast<int64_t>(chars);
  d.words = static_cast<int64_t>(words);
  d.when.reset();
  if (when > 2) return false;
  if (when > 0) {
    Date date;
    if (!in.Signed(&date.seconds)) return false;
    date.precision = when == 1 ? Date::Precision::kDay : Date::Precision::kSecond;
    d.when = date;
  }
  if (!GetU32(&in, &r->anchors) || !GetU32(&in, &r->batch)) return false;
  d.language.clear();
  if (version >= 2 && !in.Bytes(&d.language)) return false;
  return in.done();
}

std::string EncodePair(const ScanPair& p) {
  std::string out;
  ByteWriter w(&out);
  const Comparison& c = p.comparison;
  w.Varint(kPairVersion);
  w.Varint(static_cast<uint64_t>(c.relation));
  w.Double(c.coverage_a);
  w.Double(c.coverage_b);
  w.Varint(static_cast<uint64_t>(p.direction));
  w.Bytes(p.direction_reason);
  w.Varint(static_cast<uint64_t>(p.found_by));
  w.Varint(c.passages.size());
  for (const PassagePair& pp : c.passages) {
    PutSpan(&w, pp.a);
    PutSpan(&w, pp.b);
    w.Double(pp.score);
    w.Double(pp.kept);
    w.Varint(static_cast<uint64_t>(pp.kind));
    w.Varint(pp.by_words ? 1 : 0);
    w.Varint(pp.edits.size());
    for (const EditOp& e : pp.edits) {
      w.Varint(static_cast<uint64_t>(e.kind) | (e.synonym ? 8 : 0));
      for (uint32_t v : {e.a_begin, e.a_end, e.b_begin, e.b_end, e.a_begin_byte, e.a_end_byte,
                         e.b_begin_byte, e.b_end_byte}) {
        w.Varint(v);
      }
    }
  }
  return out;
}

bool DecodePair(std::string_view bytes, uint32_t a, uint32_t b, ScanPair* p) {
  ByteReader in(bytes);
  uint64_t version = 0, relation = 0, direction = 0, found_by = 0, passages = 0;
  *p = ScanPair();
  p->a = a;
  p->b = b;
  Comparison& c = p->comparison;
  if (!in.Varint(&version) || version != kPairVersion || !in.Varint(&relation) ||
      relation > static_cast<uint64_t>(Relation::kSummary) || !in.Double(&c.coverage_a) ||
      !in.Double(&c.coverage_b) || !in.Varint(&direction) ||
      direction > static_cast<uint64_t>(Direction::kBToA) || !in.Bytes(&p->direction_reason) ||
      !in.Varint(&found_by) || found_by > static_cast<uint64_t>(CandidateStage::kRareWords) ||
      !in.Varint(&passages) || passages > bytes.size()) {
    return false;
  }
  c.relation = static_cast<Relation>(relation);
  p->direction = static_cast<Direction>(direction);
  p->found_by = static_cast<CandidateStage>(found_by);
  c.passages.resize(passages);
  for (PassagePair& pp : c.passages) {
    uint64_t kind = 0, by_words = 0, edits = 0;
    if (!GetSpan(&in, &pp.a) || !GetSpan(&in, &pp.b) || !in.Double(&pp.score) ||
        !in.Double(&pp.kept) || !in.Varint(&kind) ||
        kind > static_cast<uint64_t>(PassageKind::kSummary) || !in.Varint(&by_words) ||
        !in.Varint(&edits) || edits > bytes.size()) {
      return false;
    }
    pp.kind = static_cast<PassageKind>(kind);
    pp.by_words = by_words != 0;
    pp.edits.resize(edits);
    for (EditOp& e : pp.edits) {
      uint64_t k = 0;
      if (!in.Varint(&k) || (k & 7) > static_cast<uint64_t>(EditKind::kDelete)) return false;
      e.kind = static_cast<EditKind>(k & 7);
      e.synonym = (k & 8) != 0;
      for (uint32_t* v : {&e.a_begin, &e.a_end, &e.b_begin, &e.b_end, &e.a_begin_byte,
                          &e.a_end_byte, &e.b_begin_byte, &e.b_end_byte}) {
        if (!GetU32(&in, v)) return false;
      }
    }
  }
  return in.done();
}

}  // namespace textrace::index
