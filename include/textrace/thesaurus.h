// Synonyms by meaning class, the lever against article spinners, which swap words for thesaurus
// synonyms. Loaded from a MyThes thesaurus file (Debian's mythes-en-us; the same kind of list the
// spinners draw from).
#ifndef TEXTRACE_THESAURUS_H_
#define TEXTRACE_THESAURUS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/document.h"
#include "textrace/status.h"

namespace textrace {

class Thesaurus {
 public:
  // Loads a MyThes .dat file. Words are keyed with `analyzer` (so a synonym pair matches tokens of
  // documents analyzed with the same options). Only one-word synonyms of one-word entries are
  // kept, and only those the file marks as plain synonyms or "similar term": generic, related and
  // antonym terms are not the same meaning. Entries with more than `max_senses` senses (very
  // polysemous words like "get" or "run") are skipped: their synonyms match too much.
  static StatusOr<std::shared_ptr<const Thesaurus>> LoadMyThes(const std::string& path,
                                                               Analyzer* analyzer,
                                                               int max_senses = 8);
  // Builds one from explicit word pairs (tests, user-supplied lists).
  static std::shared_ptr<const Thesaurus> FromPairs(
      const std::vector<std::pair<std::string, std::string>>& pairs, Analyzer* analyzer);

  // The thesaurus as bytes, and back: the keyed synonym pairs, so that a saved thesaurus opens in
  // milliseconds (an index keeps the one it was made with). FromBytes fails on bytes that
  // ToBytes did not make (DataLoss).
  std::string ToBytes() const;
  static StatusOr<std::shared_ptr<const Thesaurus>> FromBytes(std::string_view bytes);

  // The default thesaurus path compiled in (Debian's English MyThes), overridden by the
  // TEXTRACE_THESAURUS environment variable.
  static std::string DefaultPath();

  // True when the two token keys are different words listed as synonyms. Thread-safe.
  bool AreSynonyms(uint64_t a, uint64_t b) const;
  size_t pair_count() const { return pairs_.size(); }

 private:
  // Builds the lookup table from pairs_.
  void Finish();
  std::vector<uint64_t> pairs_;  // sorted, distinct UnorderedPairKey()s (never 0)
  // Open-addressing hash set over pairs_ (0 = empty slot), for O(1) lookups in the aligner's
  // inner loop; a power of two in size, at most half full.
  std::vector<uint64_t> table_;
  uint64_t mask_ = 0;
};

}  // namespace textrace

#endif  // TEXTRACE_THESAURUS_H_
