// The records an index stores: a document (what a scan report says of it) and a related pair
// (its comparison, passages and edits included), as compact bytes with a version byte.
#ifndef TEXTRACE_INDEX_RECORDS_H_
#define TEXTRACE_INDEX_RECORDS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "textrace/scan.h"

namespace textrace::index {

// A document as the index keeps it: the scan's record, and its analysis counts.
struct DocumentRecord {
  ScanDocument document;
  uint32_t anchors = 0;  // its stored anchors (StoredFeatures)
  uint32_t batch = 0;    // the `add` that brought it, from 1
};
std::string EncodeDocument(const DocumentRecord& r);
bool DecodeDocument(std::string_view bytes, DocumentRecord* r);

// A related pair as the index keeps it; a and b are its key's documents.
std::string EncodePair(const ScanPair& p);
bool DecodePair(std::string_view bytes, uint32_t a, uint32_t b, ScanPair* p);

}  // namespace textrace::index

#endif  // TEXTRACE_INDEX_RECORDS_H_
