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

struct AlignOptions {
  // Seeding: a sentence pair is a seed when both its cosine (tf-isf weights) and its Dice
  // coefficient (shared distinct content words) reach these.
  double seed_min_cosine = 0.33;
  double seed_min_dice = 0.33;
  // A seed is dropped when its cosine is below this fraction of the best seed of its sentence in
  // A or in B (0 keeps all): a copied sentence should not also pair with its neighbours.
  double seed_dominance = 0.6;
  // A sentence pair is also a seed when the shorter sentence is contained in the longer: at least
  // containment_min_words shared content words, and this share of the shorter one's words (by
  // count and by tf-isf weight) in the longer (0: no containment seeds). A sentence split in two,
  // or cut by a hard line break, seeds with the whole this way.
  double seed_min_containment = 0.8;
  int containment_min_words = 3;
  // Words listed as synonyms count as shared, at this fraction of a real match.
  double synonym_weight = 0.8;
  // Extension: seeds closer than this many sentences (in both documents) join one passage.
  int max_gap = 4;
  // A passage pair is kept only if the cosine of the whole passages reaches this; otherwise its
  // seeds are clustered again with a smaller gap.
  double passage_min_cosine = 0.34;
  // A passage resting on a single seed (one sentence pair) is weak evidence: two texts on one
  // topic share such sentences. It is kept only with at least this whole-passage cosine.
  double single_seed_min_cosine = 0.5;
  // Weak seeds: sentence pairs below the seed thresholds that still share at least two content
  // words, with a cosine of at least weak_seed_min_cosine (0: no weak seeds) and a Dice
  // coefficient of at least weak_seed_min_dice. Obfuscation that shuffles words
  // across sentence boundaries, or cuts a sentence to its half, leaves one seed and weak
  // neighbours. A weak seed never makes a passage, but joins the passage of a seed within
  // weak_seed_max_gap sentences on both sides and counts as evidence for the single-seed rule.
  double weak_seed_min_cosine = 0.25;
  double weak_seed_min_dice = 0;
  int weak_seed_max_gap = 1;
  // Summary detection: seeds of a stretch of one document joined across gaps of up to
  // summary_max_gap sentences in the other; when the long side is at least summary_length_ratio
  // and at most summary_max_length_ratio times longer than the short side, the short side
  // summarises the long one. Both directions are tried. Such a passage pair needs a
  // whole-passage cosine of summary_min_cosine.
  double summary_length_ratio = 3.0;
  double summary_max_length_ratio = 20.0;
  int summary_max_gap = 1000;
  double summary_min_cosine = 0.34;
  // Summary chains: a summary retells its source in order, mostly in other words. Sentences of
  // one side each paired (by a seed, or a weak pair of at least summary_chain_min_seed_cosine
  // sharing two content words) with sentences of the other that come in the same order, over a
  // stretch summary_chain_min_ratio to summary_max_length_ratio times longer, make a summary when
  // the chain holds at
  // least summary_chain_min_sentences sentences and summary_chain_min_density of the short
  // stretch's sentences, and the whole passages reach summary_chain_min_cosine. 0 sentences: off.
  int summary_chain_min_sentences = 3;
  int summary_chain_min_seeds = 2;  // of its pairs, how many must be seeds (not weak pairs)
  double summary_chain_min_density = 0.6;
  double summary_chain_min_seed_cosine = 0.15;
  double summary_chain_min_cosine = 0.2;
  double summary_chain_min_ratio = 2.0;
  // Grow passages by neighbouring sentences while that raises their similarity.
  bool grow_edges = true;
  // A passage pair that keeps at least this share of its words (a copy, lightly edited) is cut to
  // its first and last unchanged word: there its true edges are known to the word. Reworded
  // passages keep sentence edges, the best estimate where words were shuffled or replaced.
  // Above 1: never cut.
  double trim_min_kept = 0.7;
  // Passages shorter than this (code points, on either side) are dropped as fragments.
  int min_passage_chars = 150;
  // Word clusters: when the sentence pairs give no passage at all, the shared content words are
  // clustered by position alone, for reuse whose sentences did not survive (random obfuscation
  // merges and cuts them, and drops most words of a short passage). Two occurrences of one word,
  // one in each document, are a match; matches within word_cluster_max_gap content words of each
  // other in both documents join one cluster, whose edge matches more than half that gap from the
  // next one inwards are dropped. A cluster is a passage pair when it holds at least
  // word_cluster_min_words distinct words, at most half of them capitalized (texts on one story
  // share strings of names), its whole passages reach word_cluster_min_cosine, its longer side is
  // min_passage_chars long and its shorter side a third of that. Words occurring more than
  // word_cluster_max_occurrences times in either document take no part. 0 words: off.
  int word_cluster_min_words = 8;
  int word_cluster_max_gap = 8;
  int word_cluster_max_occurrences = 8;
  double word_cluster_min_cosine = 0.4;
  // Posting lists longer than this are skipped in seeding: such words are too common to tell
  // sentences apart, and skipping them keeps very large documents tractable.
  int max_postings = 2000;
  // Compute the word-level edit script of each passage pair.
  bool edit_scripts = true;
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
// `summary_copy_coverage` of each one's short side: otherwise copies explain it. 0: the longer
// document first only. See docs/design.md (verification) for the measurements.
inline constexpr double kDefaultSummaryCopyCoverage = 0.65;
std::vector<PassagePair> AlignPair(const Aligner& aligner, const PreparedDocument& a,
                                   const PreparedDocument& b,
                                   double summary_copy_coverage = kDefaultSummaryCopyCoverage);
std::vector<PassagePair> AlignPair(const Aligner& aligner, const AnalyzedDocument& a,
                                   const AnalyzedDocument& b,
                                   double summary_copy_coverage = kDefaultSummaryCopyCoverage);

// How two documents relate, from their aligned passages.
enum class Relation { kNone, kDuplicate, kNearDuplicate, kRewrite, kPartial, kSummary };
const char* RelationName(Relation r);  // "none", "duplicate", "near_duplicate", ...

struct Comparison {
  Relation relation = Relation::kNone;
  double coverage_a = 0;  // share of A's words inside aligned passages
  double coverage_b = 0;
  std::vector<PassagePair> passages;
};

// Classifies a document pair from its passages: duplicate (nearly all of both, words kept),
// near_duplicate (most of both, few words changed), summary (most of one side maps onto a stretch
// of the other at least twice as long), rewrite (most of both map onto each other in order, words
// changed), partial (some passages), none.
Comparison Relate(const AnalyzedDocument& a, const AnalyzedDocument& b,
                  std::vector<PassagePair> passages);

}  // namespace textrace

#endif  // TEXTRACE_ALIGN_H_
