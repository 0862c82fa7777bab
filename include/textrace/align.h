// The passage aligner: given two analyzed documents, every pair of passages where one reuses the
// other (copied, edited, spun, translated, reordered or summarised), with the words that changed.
//
// Pipeline: seeding (similar sentence pairs, found through an inverted index, with synonyms
// counted as matches) -> extension (seeds clustered into maximal passage pairs, each validated by
// the similarity of the whole passages) -> filtering (overlaps resolved, fragments dropped) ->
// edit scripts (word-level diff of each passage pair).
#ifndef TEXTRACE_ALIGN_H_
#define TEXTRACE_ALIGN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "textrace/document.h"
#include "textrace/options.h"
#include "textrace/thesaurus.h"

namespace textrace {

// A passage of one document, in original offsets, and the tokens it covers.
struct TextSpan {
  uint32_t begin_char = 0, end_char = 0;  // code points, [begin, end)
  uint32_t begin_byte = 0, end_byte = 0;  // bytes, [begin, end)
  uint32_t first_token = 0, end_token = 0;
};

enum class EditKind { kKeep, kReplace, kInsert, kDelete };
const char* EditKindName(EditKind k);  // "keep", "replace", "insert", "delete"

// One step of the word-level edit script turning passage A into passage B. Token ranges index the
// documents' token vectors: kKeep and kReplace cover both, kDelete only A, kInsert only B.
struct EditOp {
  EditKind kind = EditKind::kKeep;
  uint32_t a_begin = 0, a_end = 0;
  uint32_t b_begin = 0, b_end = 0;
  // The same words in original bytes, [begin, end) (both 0 on a side with no words), so a
  // report can show them from the raw text alone.
  uint32_t a_begin_byte = 0, a_end_byte = 0;
  uint32_t b_begin_byte = 0, b_end_byte = 0;
  bool synonym = false;  // kReplace of words the thesaurus lists as synonyms
};

enum class PassageKind { kVerbatim, kNearVerbatim, kParaphrase, kSummary };
const char* PassageKindName(PassageKind k);  // "verbatim", "near_verbatim", ...

struct PassagePair {
  TextSpan a;        // in the first document (PAN's suspicious document)
  TextSpan b;        // in the second document (PAN's source)
  double score = 0;  // cosine similarity of the two passages' tf-isf vectors (exact words), 0..1
  double kept = 0;   // share of words kept unchanged: 2 * kept / (words of A + words of B)
  PassageKind kind = PassageKind::kParaphrase;
  // Found by word positions alone (AlignOptions::word_cluster_min_words), not by aligned
  // sentences: weaker evidence, and its edges are its first and last shared word.
  bool by_words = false;
  std::vector<EditOp> edits;
};


// Exchanges the two sides of a passage pair (and its edit script: inserts become deletes).
void SwapSides(PassagePair* p);

// What the aligner needs of one document, computed once and shared by every pair the document
// is in (a scan verifies many pairs per document). Points into the analyzed document, which must
// outlive it. The members are the aligner's working state, not a stable interface.
struct PreparedDocument {
  explicit PreparedDocument(const AnalyzedDocument& d);

  const AnalyzedDocument* doc;
  std::vector<uint64_t> vocab;           // distinct content-word keys, ascending (the word ids)
  std::vector<uint32_t> sentence_freq;   // per word id: sentences that hold the word
  std::vector<uint32_t> sentence_begin;  // per sentence s: its terms are [begin[s], begin[s+1])
  struct Term {
    uint32_t id;  // word id
    uint32_t tf;  // occurrences in the sentence
  };
  std::vector<Term> terms;              // per sentence, ascending id
  std::vector<uint32_t> posting_begin;  // per word id: postings [begin[id], begin[id+1])
  struct Posting {
    uint32_t sentence;
    uint32_t term;  // index into `terms`
  };
  std::vector<Posting> postings;  // by word id, then sentence
  // The content words in text order (word clusters, AlignOptions::word_cluster_min_words): the
  // token and word id of each, and each word id's positions in that order.
  std::vector<uint32_t> content_token;   // per content position: index into doc->tokens
  std::vector<uint32_t> content_word;    // per content position: word id
  std::vector<uint32_t> position_begin;  // per word id: positions [begin[id], begin[id+1])
  std::vector<uint32_t> positions;       // content positions by word id, ascending
};

// Thread-safe: Align() is const and may be called from many threads at once.
class Aligner {
 public:
  // `thesaurus` may be null (no synonym matching).
  Aligner(AlignOptions options, std::shared_ptr<const Thesaurus> thesaurus);

  // Passage pairs ordered by their position in `a`. Passages do not overlap in `a`.
  std::vector<PassagePair> Align(const AnalyzedDocument& a, const AnalyzedDocument& b) const;
  // The same, from documents prepared once (faster when a document is in many pairs).
  std::vector<PassagePair> Align(const PreparedDocument& a, const PreparedDocument& b) const;

  const AlignOptions& options() const { return options_; }

 private:
  AlignOptions options_;
  std::shared_ptr<const Thesaurus> thesaurus_;
};

// Aligns a document pair the same way in either order (the passages in (a, b) order, disjoint in
// a), as `scan` and `compare --order auto` do (Aligner::Align takes a first: better where a is
// known to hold the summary, as PAN's suspicious documents do). The aligner looks for a summary of
// its second document in its first, then (when nothing aligns) for the reverse; the longer document
// goes first, so a summary inside a longer text is found, and a short source of which a longer text
// copies paragraphs, beside text on its topic, is not read as one summary of both (the copies and
// stray matches around them). When that gives passages but no summary, the shorter document goes
// first too (a whole document summarising a longer one); its summary passages are taken when each
// that summarises from the shorter document covers 80% of it and 50% of the longer, and the first
// passages' kept words (kept share times overlap, summed) cover less than
// AlignOptions::summary_copy_coverage of each one's short side: otherwise copies explain it. 0:
// the longer document first only. See docs/design.md (verification) for the measurements.
std::vector<PassagePair> AlignPair(const Aligner& aligner, const PreparedDocument& a,
                                   const PreparedDocument& b);
std::vector<PassagePair> AlignPair(const Aligner& aligner, const AnalyzedDocument& a,
                                   const AnalyzedDocument& b);

}  // namespace textrace

#endif  // TEXTRACE_ALIGN_H_
