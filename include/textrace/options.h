// Every option of the engine, in one place: what shapes a result (Options: how inputs are read,
// analyzed and aligned, how a collection's candidates are found, what evidence a reported pair
// needs, what the report carries) apart from what only decides how fast and in how much memory
// it is computed (ResourceOptions). Each field says its default; the same input and Options give
// the same result whatever the ResourceOptions.
//
// One table (OptionTable) lists every field once, with its name, range and help: the CLI's
// flags, the Python module's keyword arguments, the options a report records and the flag tables
// of docs/cli.md are all made from it, so none of them can miss a field.
#ifndef TEXTRACE_OPTIONS_H_
#define TEXTRACE_OPTIONS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "textrace/status.h"

namespace textrace {

// How collections are read (DocumentReader, textrace/ingest.h).
struct IngestOptions {
  // JSONL field names.
  std::string id_field = "id";
  std::string text_field = "text";
  std::string date_field = "date";
  std::string url_field = "url";
  // How files are read: "auto" (by name and content: .jsonl/.ndjson, or data that starts with a
  // JSON object line, is JSONL; a WARC or ARC is a web archive; an HTML page gives its main text;
  // other files are a text document each; standard input is JSONL), or one reading for every
  // file and standard input: "jsonl", "text" (one document, no HTML extraction), "warc" (a WARC,
  // or an ARC), "html" (a page, its main text).
  std::string input_format = "auto";
  // A malformed line (or unreadable file) is an error instead of a skip.
  bool strict = false;
  // Documents larger than this are skipped ("too large"); 0 = no limit below 4 GiB.
  uint64_t max_document_bytes = 0;
  // Glob patterns (fnmatch, where * also matches /) for the files found in directory inputs,
  // matched against the path relative to the directory given and against the base name: with
  // `include`, only files matching one of them are read; files matching one of `exclude` are
  // not. Files left out are not inputs: DocumentReader::files_excluded() counts them. A file
  // named as an input is always read.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // Dates for documents by id, for inputs that carry none (directories of files): a file of
  // lines "ID<TAB>DATE", or JSON lines {"id": ..., "date": ...}. A date there replaces the
  // document's own. Empty: none.
  std::string dates_file;
};

// How text becomes words and sentences (Analyzer, textrace/document.h).
struct AnalyzerOptions {
  // "auto": each document's language detected (CLD2, from its first 512 UTF-16 units) and its
  // words stemmed with that language's Snowball stemmer, where Snowball has one (none for Urdu,
  // Chinese ...; English where the detector is not sure). Or one Snowball language for every
  // document ("english", "german", "russian", ... or an ISO code), or "none" for no stemming.
  std::string language = "auto";
  // Mark the language's function words as stopwords (known for English only for now).
  bool stopwords = true;
  // Repair UTF-8-read-as-Windows-1252 mojibake before segmentation.
  bool repair_mojibake = true;
  // A single line break does not end a sentence (only a blank line or sentence punctuation
  // does): text that is hard-wrapped, or damaged by copying, keeps its sentences whole.
  bool join_wrapped_lines = false;
  // Recognise page furniture by its words (cookie banners, affiliate disclosures, comment rules,
  // registration notices, copyright lines, server warnings; src/normalize/furniture.h): kept in
  // the text, left out of alignment and coverage, as boilerplate is, even in one document.
  bool furniture = true;
  // Sentences shorter than this many content words are joined to the next one, so that headings
  // and fragments do not become seeds of their own.
  int min_sentence_words = 4;
};

// Synonyms (Thesaurus, textrace/thesaurus.h): the lever against article spinners.
struct ThesaurusOptions {
  // Match words listed as synonyms (at AlignOptions::synonym_weight of a real match).
  bool synonyms = true;
  // A MyThes .dat file; empty: $TEXTRACE_THESAURUS, else the compiled-in default (Debian's
  // mythes-en-us). A missing default is a warning (no synonyms), a missing named file an error.
  std::string path;
  // Entries with more senses than this (very polysemous words like "get") are left out.
  int max_senses = 8;
};

// How two documents are aligned (Aligner, textrace/align.h).
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
  // Short documents (headlines, abstracts, posts, single sentences) can be related as a whole: a
  // passage shorter than min_passage_chars is kept when it is at least this share of the shorter
  // document's length, and a third of min_passage_chars long. 0: the floor is absolute.
  double short_passage_share = 0.5;
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
  // How a pair is aligned the same way in either order (AlignPair, textrace/align.h): the longer
  // document first; when that gives passages but no summary, the shorter first too, whose
  // summary passages are taken unless the first passages' kept words cover this share of each
  // one's short side (copies explain it). 0: the longer document first only.
  double summary_copy_coverage = 0.65;
};

// How a collection's candidate pairs are found without comparing all pairs (src/candidates/).
struct CandidateOptions {
  // MinHash-LSH (near-duplicates): word shingles of this many words, bands x rows hash values.
  // A pair becomes a candidate when it collides in a band and its estimated Jaccard similarity
  // reaches minhash_min_jaccard.
  int shingle_words = 5;
  int minhash_bands = 20;
  int minhash_rows = 5;
  double minhash_min_jaccard = 0.3;
  // Rewrite prefilter: each sentence's `anchors_per_sentence` rarest content words (collection
  // document frequency >= 2) give its anchors, one per pair of those words. Two documents sharing
  // at least `strong_shared_anchors` anchors are a candidate. Sharing fewer (but at least
  // `min_shared_anchors`) is weak evidence, which chance matches of rare words also give, and
  // more often the larger the collection: such a pair is a candidate only when one of the two
  // documents has it among its `weak_anchor_partners` best weak partners (most shared anchors,
  // then the rarest). So weak candidates grow with the collection, not with its square. Pairs
  // must also share `min_anchor_overlap` of the smaller document's anchors. Anchors in more than
  // `max_anchor_postings` documents are skipped, so common words cost nothing.
  // Every anchor pair, strong or weak, also needs `min_anchor_rarity`: its shared anchors weigh
  // 1 / (documents holding the anchor - 1) each, so an anchor only the two hold counts 1 and one
  // that 9 documents hold counts 1/8. Shared anchors that many documents hold are what a topic,
  // not a copy, gives, and they are what grows with the square of the collection: on a 250 MB
  // generated collection 13,350 strong pairs weighed under 1, and 9 of them were related.
  int anchors_per_sentence = 5;
  int min_shared_anchors = 2;
  int strong_shared_anchors = 4;
  int weak_anchor_partners = 2;
  double min_anchor_rarity = 0.5;
  double min_anchor_overlap = 0.0;
  int max_anchor_postings = 200;
  // Rare words (summaries and heavy rewording, whose anchors break): each document's
  // `rare_words_per_document` rarest content words held by 2 to `rare_word_max_documents`
  // documents. Two documents sharing at least `rare_word_min_shared` of them, weighing at least
  // `rare_word_min_rarity` (each 1 / (documents holding it - 1)), are partners; each document
  // proposes its `rare_word_partners` best (0: no rare-word stage).
  int rare_words_per_document = 128;
  int rare_word_max_documents = 50;
  int rare_word_min_shared = 5;
  double rare_word_min_rarity = 1.0;
  int rare_word_partners = 3;
};

// The evidence a pair needs to be reported by a collection scan: at least one passage that is a
// summary, or whose similarity (PassagePair::score) reaches min_evidence_score, or that keeps
// min_evidence_kept of its words unchanged. Two texts on one topic or one news event share
// sentences that align loosely (score 0.35-0.5 with most words changed); a pair compared on its
// own is suspect already, but in a collection most pairs with such passages only are not reuse.
// A pair whose passages all fall short is not reported (ScanStats::weak_pairs counts them).
// 0 and 0: report every aligned pair.
struct EvidenceOptions {
  double min_evidence_score = 0.5;
  double min_evidence_kept = 0.25;
  // A passage found by word positions alone (PassagePair::by_words) is evidence only with both:
  // a similarity of min_evidence_score and this share of its words kept in order. Texts on one
  // news event share its names, figures and key words closely enough to cluster, in other
  // sentences; a shuffled or cut copy keeps runs of its words.
  double min_word_cluster_kept = 0.4;
};

// Boilerplate across a collection (short lines in many unrelated documents: "Leave a Reply"):
// kept in the text, left out of alignment and relations. See src/normalize/boilerplate.h.
struct BoilerplateOptions {
  int min_docs = 5;              // a line in at least this many documents; 0 = off
  int min_site_docs = 3;         // or in this many of one site (URL host): its template
  int max_line_words = 40;       // longer lines are never boilerplate
  double related_jaccard = 0.5;  // documents this similar are copies: their lines not counted
};

// What a scan report carries.
struct ReportOptions {
  // The passages' and edits' texts. Without them a pair keeps every offset (texts can be cut
  // from the input), the report is several times smaller and no text is read back to write it.
  bool report_texts = true;
  // Also the pairs withheld for weak evidence (EvidenceOptions), in ScanResult::weak_pairs and
  // as "weak_pair" lines: what a reader checks when a pair they expected is missing. They join no
  // family and no dedup decision.
  bool report_weak_pairs = false;
};

// What `dedup` keeps of each group of duplicates (Dedup, textrace/scan.h).
struct DedupOptions {
  // Which document of a group is kept: "first" in input order (as corpus deduplicators do),
  // "earliest" (by date: dated before undated, then first), or "longest" (most words, then
  // first).
  std::string keep = "first";
  // Near-duplicates count as duplicates too: relation near_duplicate (passages cover 80% of the
  // words of both documents and keep 80% of them unchanged) as well as duplicate (95% covered,
  // 97% kept). Off: duplicates only.
  bool near_duplicates = true;
  // The near-duplicate tier instead of the full scan (FastDedup, textrace/scan.h): no alignment,
  // and near-duplicates are pairs whose word 3-gram Jaccard similarity, estimated by MinHash, is
  // fast_threshold or more.
  bool fast = false;
  double fast_threshold = 0.3;
};

// Everything that shapes a result. Reports record all of it (OptionsJson).
struct Options {
  IngestOptions input;
  AnalyzerOptions analyzer;
  ThesaurusOptions thesaurus;
  AlignOptions align;
  CandidateOptions candidates;
  EvidenceOptions evidence;
  BoilerplateOptions boilerplate;
  ReportOptions report;
  DedupOptions dedup;
};

// What only decides how fast and in how much memory a result is computed: never its content.
struct ResourceOptions {
  // Worker threads; 0 = all hardware threads. At most 1024; more than the cores run (the CLI caps
  // them to the cores).
  int threads = 0;
  // Memory budget in bytes: documents are analyzed in batches and verified in chunks sized to it.
  uint64_t memory_budget = uint64_t{3} << 30;
  // Where the texts and the per-sentence word keys wait between the stages (unlinked files);
  // empty: $TMPDIR, else /tmp.
  std::string tmp_dir;
};

// One option of the table.
struct OptionInfo {
  // kStrings: a list (std::vector<std::string>): a repeatable CLI flag, a JSON array in reports,
  // comma-separated text for GetOption and SetOption.
  enum class Type { kBool, kInt, kDouble, kString, kBytes, kStrings };
  // Which structure holds it; also which commands take it (the CLI's verbs).
  enum class Group {
    kInput,        // IngestOptions: scan, dedup, extract, eval pairs
    kAnalyzer,     // AnalyzerOptions: every verb that aligns
    kThesaurus,    // ThesaurusOptions: likewise
    kAlign,        // AlignOptions: likewise
    kCandidates,   // CandidateOptions: scan, dedup, eval pairs
    kEvidence,     // EvidenceOptions: scan, dedup, eval pairs
    kBoilerplate,  // BoilerplateOptions: scan, dedup, eval pairs
    kReport,       // ReportOptions: scan, dedup
    kDedup,        // DedupOptions: dedup
    kResources,    // ResourceOptions: scan, dedup (threads: eval too); never in a report
  };
  // The option's one name: the report's key, the Python keyword, and with dashes the CLI flag
  // (--min-passage-chars). A bool whose default is true is turned off by --no-NAME on the CLI.
  // Unique across groups, so it may differ from the C++ field ("boilerplate_min_docs" is
  // BoilerplateOptions::min_docs, "join_lines" AnalyzerOptions::join_wrapped_lines).
  std::string_view name;
  Group group;
  Type type;
  std::string_view help;  // one sentence, for --help and docs/cli.md
  // Numbers: the accepted range, inclusive.
  double min = 0, max = 0;
  // An older CLI spelling that still works ("--seed-cosine"), or empty.
  std::string_view alias;
  // Text options with a fixed set of values: them, separated by "|" ("first|earliest|longest").
  std::string_view choices;
  // The field in an Options or ResourceOptions (by Group); null for the other.
  void* (*field)(Options*) = nullptr;
  void* (*resource)(ResourceOptions*) = nullptr;

  // The CLI flag: "--" + name with dashes, or "--no-" + that for a bool that defaults to true.
  std::string Flag() const;
};

// Every option, in the order of the structures above.
std::span<const OptionInfo> OptionTable();
// The option of that name (or CLI spelling without the dashes, "seed_cosine"), or null.
const OptionInfo* FindOption(std::string_view name);
const char* OptionGroupName(OptionInfo::Group g);  // "input", "analyzer", ...
// The option whose name (or older spelling) is nearest to `name` by edit distance, for a "did you
// mean" after FindOption found none; null when none is close (more than a third of the letters,
// at least 2, would have to change).
const OptionInfo* ClosestOption(std::string_view name);

// The value of an option as text ("0.5", "true", "english"; bytes as a count; a list joined by
// commas), and setting it from text (numbers in the C locale; bools as true/false/1/0; bytes also
// as 4G, 512M, 100K; a list split at commas, "" for none).
// SetOption checks the range: InvalidArgument naming the option, its flag and the range.
std::string GetOption(const Options& o, const ResourceOptions& r, const OptionInfo& info);
Status SetOption(Options* o, ResourceOptions* r, const OptionInfo& info, std::string_view value);

// The default of an option as the CLI and docs show it: "0.5", "true", "english", "3G" (bytes
// in the largest whole unit), "" for an empty string.
std::string OptionDefaultText(const OptionInfo& info);

// Checks every value against its range (and that numbers are finite): InvalidArgument naming
// the first option out of range, its flag and what is accepted. Every entry point that takes
// Options calls it.
Status ValidateOptions(const Options& o);
Status ValidateResources(const ResourceOptions& r);
// IngestOptions::input_format: one of auto, jsonl, text, warc, html (ValidateOptions checks it).
Status ValidateInputFormat(std::string_view format);

}  // namespace textrace

#endif  // TEXTRACE_OPTIONS_H_
