// Sentence keys (what the anchor and rare-word stages read of a document): their making from an
// analyzed document, their byte encoding for the spill files, and the collection's document
// frequency of content words.
#include <algorithm>
#include <cstring>

#include "candidates/candidates.h"
#include "candidates/stages.h"

namespace textrace {
namespace {

void AddKeys(const AnalyzedDocument& d, size_t first, size_t last, SentenceKeys* k) {
  const size_t begin = k->keys.size();
  for (uint32_t t = d.sentences[first].first_token; t < d.sentences[last].end_token; ++t) {
    if (!d.tokens[t].stopword) k->keys.push_back(d.tokens[t].key);
  }
  std::sort(k->keys.begin() + begin, k->keys.end());
  k->keys.erase(std::unique(k->keys.begin() + begin, k->keys.end()), k->keys.end());
  k->ends.push_back(static_cast<uint32_t>(k->keys.size()));
}

}  // namespace

SentenceKeys MakeSentenceKeys(const AnalyzedDocument& d) {
  SentenceKeys k;
  for (size_t s = 0; s < d.sentences.size(); ++s) AddKeys(d, s, s, &k);
  // A run of sentences parted only by single line breaks (hard-wrapped lines: e-mail, text from
  // PDF, a copy pasted into a narrow box) is also read as one sentence: the other copy of the
  // text breaks its lines elsewhere, or not at all.
  for (size_t s = 0; s + 1 < d.sentences.size();) {
    size_t e = s;
    while (e + 1 < d.sentences.size() && GapBefore(d, d.sentences[e + 1].first_token).wrapped) ++e;
    if (e > s) AddKeys(d, s, e, &k);
    s = e + 1;
  }
  return k;
}

namespace {

// memcpy that allows empty ranges with null pointers (std::memcpy does not).
void CopyBytes(void* to, const void* from, size_t n) {
  if (n > 0) std::memcpy(to, from, n);
}

}  // namespace

std::string EncodeSentenceKeys(const SentenceKeys& k) {
  const uint32_t counts[2] = {static_cast<uint32_t>(k.ends.size()),
                              static_cast<uint32_t>(k.keys.size())};
  std::string out(sizeof(counts) + k.ends.size() * 4 + k.keys.size() * 8, '\0');
  char* p = out.data();
  std::memcpy(p, counts, sizeof(counts));
  p += sizeof(counts);
  CopyBytes(p, k.ends.data(), k.ends.size() * 4);
  p += k.ends.size() * 4;
  CopyBytes(p, k.keys.data(), k.keys.size() * 8);
  return out;
}

bool DecodeSentenceKeys(std::string_view bytes, SentenceKeys* out) {
  uint32_t counts[2];
  if (bytes.size() < sizeof(counts)) return false;
  std::memcpy(counts, bytes.data(), sizeof(counts));
  if (bytes.size() != sizeof(counts) + uint64_t{counts[0]} * 4 + uint64_t{counts[1]} * 8) {
    return false;
  }
  out->ends.resize(counts[0]);
  out->keys.resize(counts[1]);
  const char* p = bytes.data() + sizeof(counts);
  CopyBytes(out->ends.data(), p, out->ends.size() * 4);
  CopyBytes(out->keys.data(), p + out->ends.size() * 4, out->keys.size() * 8);
  return out->ends.empty() || out->ends.back() == out->keys.size();
}

std::vector<uint64_t> DistinctKeys(const SentenceKeys& k) {
  std::vector<uint64_t> distinct(k.keys);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  return distinct;
}

void AddDocumentFrequency(const std::vector<uint64_t>& distinct_keys, DocumentFrequency* df) {
  for (uint64_t key : distinct_keys) ++(*df)[key];
}

namespace candidates_internal {

void KeyFrequencies(const SentenceKeys& k, const DocumentFrequency& df,
                    std::vector<uint32_t>* out) {
  out->resize(k.keys.size());
  for (size_t t = 0; t < k.keys.size(); ++t) {
    const uint32_t* f = df.Find(k.keys[t]);
    (*out)[t] = f == nullptr ? 0 : *f;
  }
}

}  // namespace candidates_internal
}  // namespace textrace
