// The option table (textrace/options.h): every field of Options and ResourceOptions once, with its
// name, range and help. The CLI's flags, the Python keywords, the reports' "options" and the flag
// tables of docs/cli.md are made from it.
#include "textrace/options.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace textrace {
namespace {

using Group = OptionInfo::Group;
using Type = OptionInfo::Type;

template <typename T>
constexpr Type TypeOf() {
  if constexpr (std::is_same_v<T, bool>) return Type::kBool;
  if constexpr (std::is_same_v<T, int>) return Type::kInt;
  if constexpr (std::is_same_v<T, double>) return Type::kDouble;
  if constexpr (std::is_same_v<T, std::string>) return Type::kString;
  if constexpr (std::is_same_v<T, uint64_t>) return Type::kBytes;
  if constexpr (std::is_same_v<T, std::vector<std::string>>) return Type::kStrings;
}

constexpr double kBig = 1e9;                // "no practical limit" for counts
constexpr double kMaxBytes = 4294967295.0;  // 4 GiB - 1: offsets are 32 bits

// An option of Options: its C++ type is read from the field, so the table cannot disagree with it.
#define TEXTRACE_OPTION(name, group, path, help, min, max, alias)               \
  OptionInfo {                                                                  \
    name, group, TypeOf<decltype(Options{}.path)>(), help, min, max, alias, "", \
        [](Options* o) -> void* { return &o->path; }, nullptr                   \
  }
#define TEXTRACE_CHOICE(name, group, path, help, choices)                     \
  OptionInfo {                                                                \
    name, group, TypeOf<decltype(Options{}.path)>(), help, 0, 0, "", choices, \
        [](Options* o) -> void* { return &o->path; }, nullptr                 \
  }
#define TEXTRACE_RESOURCE(name, path, help, min, max)                                            \
  OptionInfo {                                                                                   \
    name, Group::kResources, TypeOf<decltype(ResourceOptions{}.path)>(), help, min, max, "", "", \
        nullptr, [](ResourceOptions* r) -> void* { return &r->path; }                            \
  }

const std::array kTable = {
    // Input.
    TEXTRACE_OPTION("id_field", Group::kInput, input.id_field, "JSONL field of the document id", 0,
                    0, ""),
    TEXTRACE_OPTION("text_field", Group::kInput, input.text_field,
                    "JSONL field of the document text", 0, 0, ""),
    TEXTRACE_OPTION("date_field", Group::kInput, input.date_field,
                    "JSONL field of the document date", 0, 0, ""),
    TEXTRACE_OPTION("url_field", Group::kInput, input.url_field, "JSONL field of the document URL",
                    0, 0, ""),
    TEXTRACE_CHOICE("input_format", Group::kInput, input.input_format,
                    "How files are read: auto (by name and content), or jsonl, text, warc (WARC "
                    "or ARC), html for every file and standard input",
                    "auto|jsonl|text|warc|html"),
    TEXTRACE_OPTION("strict", Group::kInput, input.strict,
                    "A malformed input line or unreadable file is an error instead of a skip", 0, 0,
                    ""),
    TEXTRACE_OPTION("max_document_bytes", Group::kInput, input.max_document_bytes,
                    "Documents larger than this are skipped as too large (0: no limit below 4 GiB)",
                    0, kMaxBytes, ""),
    TEXTRACE_OPTION("include", Group::kInput, input.include,
                    "Read only the files of directory inputs whose relative path or name matches "
                    "one of these globs (files named as inputs are always read)",
                    0, 0, ""),
    TEXTRACE_OPTION("exclude", Group::kInput, input.exclude,
                    "Leave out the files of directory inputs whose relative path or name matches "
                    "one of these globs (counted as files_excluded, not as skipped)",
                    0, 0, ""),
    TEXTRACE_OPTION("dates", Group::kInput, input.dates_file,
                    "A file of dates by id (lines ID<TAB>DATE, or JSON lines with id and date) for "
                    "documents whose inputs carry none; it wins over their own",
                    0, 0, ""),
    // Analyzer.
    TEXTRACE_OPTION("language", Group::kAnalyzer, analyzer.language,
                    "auto (each document's language detected, its Snowball stemmer), one "
                    "Snowball language for all (english, german, russian, ...) or none",
                    0, 0, ""),
    TEXTRACE_OPTION("stopwords", Group::kAnalyzer, analyzer.stopwords,
                    "Mark function words (English) as stopwords: kept in edits, not scored", 0, 0,
                    ""),
    TEXTRACE_OPTION("furniture", Group::kAnalyzer, analyzer.furniture,
                    "Leave page furniture out of alignment, known by its words: cookie banners, "
                    "affiliate disclosures, comment rules, sign-up notices, copyright lines, "
                    "server warnings",
                    0, 0, ""),
    TEXTRACE_OPTION("repair_mojibake", Group::kAnalyzer, analyzer.repair_mojibake,
                    "Repair UTF-8 that was read as Windows-1252 before segmentation", 0, 0, ""),
    TEXTRACE_OPTION("join_lines", Group::kAnalyzer, analyzer.join_wrapped_lines,
                    "A single line break does not end a sentence (hard-wrapped text); a blank "
                    "line or sentence punctuation still does",
                    0, 0, ""),
    TEXTRACE_OPTION("min_sentence_words", Group::kAnalyzer, analyzer.min_sentence_words,
                    "Sentences with fewer content words are joined to the next one", 0, 1000, ""),
    // Thesaurus.
    TEXTRACE_OPTION("synonyms", Group::kThesaurus, thesaurus.synonyms,
                    "Count words the thesaurus lists as synonyms as matches", 0, 0, ""),
    TEXTRACE_OPTION("thesaurus", Group::kThesaurus, thesaurus.path,
                    "MyThes thesaurus file (default: $TEXTRACE_THESAURUS, else Debian's "
                    "mythes-en-us)",
                    0, 0, ""),
    TEXTRACE_OPTION("thesaurus_max_senses", Group::kThesaurus, thesaurus.max_senses,
                    "Thesaurus entries with more senses than this (very polysemous words) are left "
                    "out",
                    1, 1000, ""),
    // Align.
    TEXTRACE_OPTION("seed_min_cosine", Group::kAlign, align.seed_min_cosine,
                    "Minimum cosine of a seed sentence pair", 0, 1, "seed-cosine"),
    TEXTRACE_OPTION("seed_min_dice", Group::kAlign, align.seed_min_dice,
                    "Minimum Dice coefficient (shared distinct content words) of a seed", 0, 1, ""),
    TEXTRACE_OPTION("seed_dominance", Group::kAlign, align.seed_dominance,
                    "Drop seeds below this fraction of their sentence's best seed (0: keep all)", 0,
                    1, ""),
    TEXTRACE_OPTION("seed_min_containment", Group::kAlign, align.seed_min_containment,
                    "Share of a short sentence's words that a longer one must hold to seed with it "
                    "(a split sentence; 0: off)",
                    0, 1, "seed-containment"),
    TEXTRACE_OPTION("containment_min_words", Group::kAlign, align.containment_min_words,
                    "Shared content words a containment seed needs", 1, 1000, "containment-words"),
    TEXTRACE_OPTION("synonym_weight", Group::kAlign, align.synonym_weight,
                    "A synonym counts as this fraction of a real match", 0, 1, ""),
    TEXTRACE_OPTION("max_gap", Group::kAlign, align.max_gap,
                    "Sentences that may separate seeds of one passage", 0, 1000, ""),
    TEXTRACE_OPTION("passage_min_cosine", Group::kAlign, align.passage_min_cosine,
                    "Minimum cosine of a whole passage pair", 0, 1, "passage-cosine"),
    TEXTRACE_OPTION("single_seed_min_cosine", Group::kAlign, align.single_seed_min_cosine,
                    "Minimum cosine of a passage that rests on one sentence pair", 0, 1,
                    "single-seed-cosine"),
    TEXTRACE_OPTION("weak_seed_min_cosine", Group::kAlign, align.weak_seed_min_cosine,
                    "Minimum cosine of a weak seed that joins a nearby passage (0: none)", 0, 1,
                    "weak-seed-cosine"),
    TEXTRACE_OPTION("weak_seed_min_dice", Group::kAlign, align.weak_seed_min_dice,
                    "Minimum Dice coefficient of a weak seed", 0, 1, "weak-seed-dice"),
    TEXTRACE_OPTION("weak_seed_max_gap", Group::kAlign, align.weak_seed_max_gap,
                    "Sentences that may separate a weak seed from the passage it joins", 0, 1000,
                    "weak-seed-gap"),
    TEXTRACE_OPTION("summary_length_ratio", Group::kAlign, align.summary_length_ratio,
                    "Long/short passage length ratio from which the short side is a summary", 1,
                    1000, "summary-ratio"),
    TEXTRACE_OPTION("summary_max_length_ratio", Group::kAlign, align.summary_max_length_ratio,
                    "Long/short passage length ratio above which it is not a summary", 1, 1e6,
                    "summary-max-ratio"),
    TEXTRACE_OPTION("summary_max_gap", Group::kAlign, align.summary_max_gap,
                    "Sentences of the long side that may separate seeds of one summary passage", 0,
                    kBig, "summary-gap"),
    TEXTRACE_OPTION("summary_min_cosine", Group::kAlign, align.summary_min_cosine,
                    "Minimum cosine of the whole passages of a summary", 0, 1, ""),
    TEXTRACE_OPTION("summary_chain_min_sentences", Group::kAlign, align.summary_chain_min_sentences,
                    "Sentences of an in-order chain that make a summary (0: no summary chains)", 0,
                    1e6, "summary-chain-sentences"),
    TEXTRACE_OPTION("summary_chain_min_seeds", Group::kAlign, align.summary_chain_min_seeds,
                    "Pairs of a summary chain that must be seeds, not weak pairs", 0, 1e6,
                    "summary-chain-seeds"),
    TEXTRACE_OPTION("summary_chain_min_density", Group::kAlign, align.summary_chain_min_density,
                    "Share of the summary's sentences that the chain must hold", 0, 1,
                    "summary-chain-density"),
    TEXTRACE_OPTION(
        "summary_chain_min_seed_cosine", Group::kAlign, align.summary_chain_min_seed_cosine,
        "Minimum cosine of a sentence pair in a summary chain", 0, 1, "summary-chain-seed-cosine"),
    TEXTRACE_OPTION("summary_chain_min_cosine", Group::kAlign, align.summary_chain_min_cosine,
                    "Minimum cosine of the whole passages of a summary chain", 0, 1,
                    "summary-chain-cosine"),
    TEXTRACE_OPTION("summary_chain_min_ratio", Group::kAlign, align.summary_chain_min_ratio,
                    "Long/short length ratio from which an in-order chain is a summary", 1, 1000,
                    "summary-chain-ratio"),
    TEXTRACE_OPTION("grow_edges", Group::kAlign, align.grow_edges,
                    "Grow passages by neighbouring sentences while that raises their similarity", 0,
                    0, ""),
    TEXTRACE_OPTION("trim_min_kept", Group::kAlign, align.trim_min_kept,
                    "Cut passages that keep this share of words to their first and last kept word "
                    "(above 1: never)",
                    0, 2, ""),
    TEXTRACE_OPTION("min_passage_chars", Group::kAlign, align.min_passage_chars,
                    "Drop passages shorter than this many characters on either side", 0, kBig, ""),
    TEXTRACE_OPTION("short_passage_share", Group::kAlign, align.short_passage_share,
                    "Keep a passage under min_passage_chars when it is this share of the shorter "
                    "document and a third of min_passage_chars (0: never)",
                    0, 1, ""),
    TEXTRACE_OPTION("word_cluster_min_words", Group::kAlign, align.word_cluster_min_words,
                    "Distinct shared words of a word cluster, the passages looked for by word "
                    "positions alone when no sentence pairs align (0: off)",
                    0, 1e6, "word-cluster-words"),
    TEXTRACE_OPTION("word_cluster_max_gap", Group::kAlign, align.word_cluster_max_gap,
                    "Content words that may separate the matches of one word cluster", 0, 1e6,
                    "word-cluster-gap"),
    TEXTRACE_OPTION("word_cluster_max_occurrences", Group::kAlign,
                    align.word_cluster_max_occurrences,
                    "Words occurring more often than this in either document take no part in word "
                    "clusters",
                    1, 1e6, "word-cluster-occurrences"),
    TEXTRACE_OPTION("word_cluster_min_cosine", Group::kAlign, align.word_cluster_min_cosine,
                    "Minimum cosine of the whole passages of a word cluster", 0, 1,
                    "word-cluster-cosine"),
    TEXTRACE_OPTION("max_postings", Group::kAlign, align.max_postings,
                    "Words in more sentences than this take no part in seeding (too common)", 1,
                    kBig, ""),
    TEXTRACE_OPTION("edit_scripts", Group::kAlign, align.edit_scripts,
                    "Compute the word-level edit script of each passage pair", 0, 0, ""),
    TEXTRACE_OPTION("summary_copy_coverage", Group::kAlign, align.summary_copy_coverage,
                    "A pair is aligned with the longer document first; when that finds passages "
                    "but no summary, the shorter one's summary of 80% of it (and 50% of the other) "
                    "is taken unless the first passages' kept words cover this share of it "
                    "(copies; 0: longer first only)",
                    0, 10, ""),
    // Candidates.
    TEXTRACE_OPTION("shingle_words", Group::kCandidates, candidates.shingle_words,
                    "Words per shingle for MinHash", 1, 64, ""),
    TEXTRACE_OPTION("minhash_bands", Group::kCandidates, candidates.minhash_bands,
                    "MinHash-LSH bands", 1, 1024, ""),
    TEXTRACE_OPTION("minhash_rows", Group::kCandidates, candidates.minhash_rows,
                    "MinHash values per band", 1, 64, ""),
    TEXTRACE_OPTION("minhash_min_jaccard", Group::kCandidates, candidates.minhash_min_jaccard,
                    "Estimated shingle Jaccard for a MinHash candidate", 0, 1, "minhash-jaccard"),
    TEXTRACE_OPTION("anchors_per_sentence", Group::kCandidates, candidates.anchors_per_sentence,
                    "Rarest words of each sentence whose pairs are its anchors", 2, 64, ""),
    TEXTRACE_OPTION("min_shared_anchors", Group::kCandidates, candidates.min_shared_anchors,
                    "Shared anchors for an anchor candidate", 1, 1e6, ""),
    TEXTRACE_OPTION("strong_shared_anchors", Group::kCandidates, candidates.strong_shared_anchors,
                    "Shared anchors that make a candidate on their own", 1, 1e6, ""),
    TEXTRACE_OPTION("weak_anchor_partners", Group::kCandidates, candidates.weak_anchor_partners,
                    "Best weakly linked partners per document that are verified too", 0, 1e6, ""),
    TEXTRACE_OPTION("min_anchor_rarity", Group::kCandidates, candidates.min_anchor_rarity,
                    "Summed rarity (1/(documents holding it - 1) per shared anchor) an anchor pair "
                    "needs",
                    0, 1e6, ""),
    TEXTRACE_OPTION("min_anchor_overlap", Group::kCandidates, candidates.min_anchor_overlap,
                    "Share of the smaller document's anchors that an anchor pair must share", 0, 1,
                    ""),
    TEXTRACE_OPTION("max_anchor_postings", Group::kCandidates, candidates.max_anchor_postings,
                    "Anchors held by more documents than this are skipped (common word pairs)", 2,
                    kBig, ""),
    TEXTRACE_OPTION("rare_words_per_document", Group::kCandidates,
                    candidates.rare_words_per_document,
                    "Rarest words of each document that the rare-word stage compares", 1, 1e6, ""),
    TEXTRACE_OPTION("rare_word_max_documents", Group::kCandidates,
                    candidates.rare_word_max_documents,
                    "A rare word is held by at most this many documents", 2, kBig, ""),
    TEXTRACE_OPTION("rare_word_min_shared", Group::kCandidates, candidates.rare_word_min_shared,
                    "Rare words two documents must share to be partners", 1, 1e6, ""),
    TEXTRACE_OPTION("rare_word_min_rarity", Group::kCandidates, candidates.rare_word_min_rarity,
                    "Summed rarity (1/(documents holding it - 1) per shared word) partners need", 0,
                    1e6, ""),
    TEXTRACE_OPTION("rare_word_partners", Group::kCandidates, candidates.rare_word_partners,
                    "Best partners by shared rare words that each document proposes (0: no "
                    "rare-word stage)",
                    0, 1e6, ""),
    // Evidence.
    TEXTRACE_OPTION("min_evidence_score", Group::kEvidence, evidence.min_evidence_score,
                    "A pair is reported when a passage reaches this similarity, keeps "
                    "--min-evidence-kept of its words, or is a summary (0 and 0: every aligned "
                    "pair)",
                    0, 1, ""),
    TEXTRACE_OPTION("min_evidence_kept", Group::kEvidence, evidence.min_evidence_kept,
                    "Share of kept words that makes a passage strong evidence on its own (above 1: "
                    "never)",
                    0, 2, ""),
    TEXTRACE_OPTION("min_word_cluster_kept", Group::kEvidence, evidence.min_word_cluster_kept,
                    "A passage found by word positions alone (a word cluster) is evidence only "
                    "with --min-evidence-score and this share of its words kept in order",
                    0, 2, ""),
    // Boilerplate.
    TEXTRACE_OPTION("boilerplate_min_docs", Group::kBoilerplate, boilerplate.min_docs,
                    "A short line in at least this many unrelated documents is boilerplate: kept "
                    "in the text, left out of alignment (0: off)",
                    0, kBig, ""),
    TEXTRACE_OPTION("boilerplate_min_site_docs", Group::kBoilerplate, boilerplate.min_site_docs,
                    "Or in at least this many documents of one site (URL host): its template", 0,
                    kBig, ""),
    TEXTRACE_OPTION("boilerplate_max_line_words", Group::kBoilerplate, boilerplate.max_line_words,
                    "Lines with more words are never boilerplate", 1, 1e6, ""),
    TEXTRACE_OPTION("boilerplate_related_jaccard", Group::kBoilerplate, boilerplate.related_jaccard,
                    "Documents this similar (estimated shingle Jaccard) are copies: their shared "
                    "lines do not count as boilerplate",
                    0, 1, ""),
    // Report.
    TEXTRACE_OPTION("report_texts", Group::kReport, report.report_texts,
                    "The passages' and edits' texts in the JSONL report (without: offsets only, "
                    "about 5x smaller)",
                    0, 0, "no-texts"),
    TEXTRACE_OPTION("report_weak_pairs", Group::kReport, report.report_weak_pairs,
                    "Also the pairs withheld for weak evidence, as weak_pair lines (they join no "
                    "family)",
                    0, 0, "weak-pairs"),
    // Dedup.
    TEXTRACE_CHOICE("keep", Group::kDedup, dedup.keep,
                    "Which document of a group of duplicates is kept: the first in input order, "
                    "the earliest by date, or the longest",
                    "first|earliest|longest"),
    TEXTRACE_OPTION("dedup_near_duplicates", Group::kDedup, dedup.near_duplicates,
                    "Near-duplicates (80% of both documents covered, 80% of words kept) are "
                    "removed too, not only duplicates (95% covered, 97% kept)",
                    0, 0, ""),
    TEXTRACE_OPTION("fast", Group::kDedup, dedup.fast,
                    "The near-duplicate tier: exact and near-duplicates by MinHash of word "
                    "3-grams, no alignment (rewrites, partial copies and summaries are not found)",
                    0, 0, ""),
    TEXTRACE_OPTION("fast_threshold", Group::kDedup, dedup.fast_threshold,
                    "With --fast: the estimated word 3-gram Jaccard similarity from which two "
                    "documents are near-duplicates",
                    0.05, 1, ""),
    // Resources.
    TEXTRACE_RESOURCE("threads", threads, "Worker threads (0: all cores); never changes a result",
                      0, 1024),
    TEXTRACE_RESOURCE("memory", memory_budget,
                      "Memory budget for batches, verification chunks and the candidates' postings "
                      "(4G, 512M, or bytes)",
                      1, 1e15),
    TEXTRACE_RESOURCE("tmp", tmp_dir,
                      "Folder for temporary files (texts, word keys); default $TMPDIR, else /tmp",
                      0, 0),
};

#undef TEXTRACE_OPTION
#undef TEXTRACE_RESOURCE

std::string Dashed(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

void* Field(Options* o, ResourceOptions* r, const OptionInfo& info) {
  return info.field != nullptr ? info.field(o) : info.resource(r);
}

std::string FormatDouble(double x) {
  // The shortest text that reads back as the same double ("0.5", "1e-05").
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), x);
  return ec == std::errc() ? std::string(buffer, end) : fmt::format("{}", x);
}

std::string RangeText(const OptionInfo& info) {
  if (info.type == Type::kInt || info.type == Type::kBytes) {
    return fmt::format("a whole number from {} to {}", static_cast<int64_t>(info.min),
                       static_cast<int64_t>(info.max));
  }
  return fmt::format("a number from {} to {}", FormatDouble(info.min), FormatDouble(info.max));
}

Status OutOfRange(const OptionInfo& info, std::string_view value) {
  return InvalidArgumentError(fmt::format("option {} (--{}) is {}: expected {}", info.name,
                                          Dashed(info.name), value, RangeText(info)));
}

// Checks a number against the option's range.
Status CheckRange(const OptionInfo& info, double x, std::string_view text) {
  if (!std::isfinite(x) || x < info.min || x > info.max) return OutOfRange(info, text);
  return Status::Ok();
}

StatusOr<double> ParseNumber(const OptionInfo& info, std::string_view text) {
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return InvalidArgumentError(
        fmt::format("option {} (--{}): '{}' is not a number", info.name, Dashed(info.name), text));
  }
  return x;
}

// "4G", "512M", "100K", "1000000" (a B may follow the unit).
StatusOr<uint64_t> ParseBytes(const OptionInfo& info, std::string_view text) {
  std::string_view number = text;
  double scale = 1;
  if (!number.empty() && (number.back() == 'B' || number.back() == 'b')) number.remove_suffix(1);
  if (!number.empty()) {
    switch (number.back()) {
      case 'K':
      case 'k':
        scale = 1 << 10;
        break;
      case 'M':
      case 'm':
        scale = 1 << 20;
        break;
      case 'G':
      case 'g':
        scale = double(1 << 30);
        break;
      case 'T':
      case 't':
        scale = double(1 << 30) * 1024;
        break;
      default:
        break;
    }
    if (scale != 1) number.remove_suffix(1);
  }
  double x = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), x);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size()) {
    return InvalidArgumentError(fmt::format(
        "option {} (--{}): '{}' is not a size (expected 4G, 512M, 100K or a number of bytes)",
        info.name, Dashed(info.name), text));
  }
  x *= scale;
  RETURN_IF_ERROR(CheckRange(info, x, text));
  return static_cast<uint64_t>(x);
}

// Whether `value` is one of the option's choices.
bool IsChoice(const OptionInfo& info, std::string_view value) {
  std::string_view rest = info.choices;
  while (!rest.empty()) {
    const size_t bar = rest.find('|');
    if (rest.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return false;
}

}  // namespace

std::string OptionInfo::Flag() const {
  if (type == Type::kBool && field != nullptr) {
    Options defaults;
    if (*static_cast<bool*>(field(&defaults))) return "--no-" + Dashed(name);
  }
  return "--" + Dashed(name);
}

std::span<const OptionInfo> OptionTable() { return kTable; }

const OptionInfo* FindOption(std::string_view name) {
  const std::string dashed = Dashed(name);
  for (const OptionInfo& info : kTable) {
    if (info.name == name || Dashed(info.name) == dashed ||
        (!info.alias.empty() && Dashed(info.alias) == dashed)) {
      return &info;
    }
  }
  return nullptr;
}

namespace {

// Levenshtein distance over bytes (option names are ASCII).
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

const OptionInfo* ClosestOption(std::string_view name) {
  const std::string dashed = Dashed(name);
  const OptionInfo* best = nullptr;
  size_t best_distance = std::max<size_t>(2, dashed.size() / 3) + 1;
  for (const OptionInfo& info : kTable) {
    for (std::string_view spelling : {info.name, info.alias}) {
      if (spelling.empty()) continue;
      const size_t d = EditDistance(dashed, Dashed(spelling));
      if (d < best_distance) {
        best_distance = d;
        best = &info;
      }
    }
  }
  return best;
}

const char* OptionGroupName(OptionInfo::Group g) {
  switch (g) {
    case Group::kInput:
      return "input";
    case Group::kAnalyzer:
      return "analyzer";
    case Group::kThesaurus:
      return "thesaurus";
    case Group::kAlign:
      return "align";
    case Group::kCandidates:
      return "candidates";
    case Group::kEvidence:
      return "evidence";
    case Group::kBoilerplate:
      return "boilerplate";
    case Group::kReport:
      return "report";
    case Group::kDedup:
      return "dedup";
    case Group::kResources:
      return "resources";
  }
  return "?";
}

std::string GetOption(const Options& o, const ResourceOptions& r, const OptionInfo& info) {
  void* p = Field(const_cast<Options*>(&o), const_cast<ResourceOptions*>(&r), info);
  switch (info.type) {
    case Type::kBool:
      return *static_cast<bool*>(p) ? "true" : "false";
    case Type::kInt:
      return std::to_string(*static_cast<int*>(p));
    case Type::kDouble:
      return FormatDouble(*static_cast<double*>(p));
    case Type::kString:
      return *static_cast<std::string*>(p);
    case Type::kBytes:
      return std::to_string(*static_cast<uint64_t*>(p));
    case Type::kStrings: {
      std::string out;
      for (const std::string& s : *static_cast<std::vector<std::string>*>(p)) {
        if (!out.empty()) out += ',';
        out += s;
      }
      return out;
    }
  }
  return "";
}

Status SetOption(Options* o, ResourceOptions* r, const OptionInfo& info, std::string_view value) {
  void* p = Field(o, r, info);
  switch (info.type) {
    case Type::kBool:
      if (value == "true" || value == "1") {
        *static_cast<bool*>(p) = true;
      } else if (value == "false" || value == "0") {
        *static_cast<bool*>(p) = false;
      } else {
        return InvalidArgumentError(
            fmt::format("option {}: '{}' is not true or false", info.name, value));
      }
      return Status::Ok();
    case Type::kInt: {
      ASSIGN_OR_RETURN(const double x, ParseNumber(info, value));
      RETURN_IF_ERROR(CheckRange(info, x, value));
      if (x != std::floor(x)) {
        return InvalidArgumentError(fmt::format("option {} (--{}) is {}: expected {}", info.name,
                                                Dashed(info.name), value, RangeText(info)));
      }
      *static_cast<int*>(p) = static_cast<int>(x);
      return Status::Ok();
    }
    case Type::kDouble: {
      ASSIGN_OR_RETURN(const double x, ParseNumber(info, value));
      RETURN_IF_ERROR(CheckRange(info, x, value));
      *static_cast<double*>(p) = x;
      return Status::Ok();
    }
    case Type::kString:
      if (!info.choices.empty() && !IsChoice(info, value)) {
        return InvalidArgumentError(fmt::format("option {} (--{}) is '{}': expected one of {}",
                                                info.name, Dashed(info.name), value, info.choices));
      }
      *static_cast<std::string*>(p) = std::string(value);
      return Status::Ok();
    case Type::kBytes: {
      ASSIGN_OR_RETURN(*static_cast<uint64_t*>(p), ParseBytes(info, value));
      return Status::Ok();
    }
    case Type::kStrings: {
      auto* list = static_cast<std::vector<std::string>*>(p);
      list->clear();
      while (!value.empty()) {
        const size_t comma = value.find(',');
        if (comma != 0) list->emplace_back(value.substr(0, comma));
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

std::string OptionDefaultText(const OptionInfo& info) {
  const Options o;
  const ResourceOptions r;
  std::string text = GetOption(o, r, info);
  if (info.type == Type::kBytes) {
    uint64_t n = std::stoull(text);
    for (const char* unit : {"K", "M", "G", "T"}) {
      if (n == 0 || n % 1024 != 0) break;
      n /= 1024;
      text = std::to_string(n) + unit;
    }
  }
  return text;
}

namespace {

Status ValidateNumbers(Options* o, ResourceOptions* r, bool resources) {
  for (const OptionInfo& info : kTable) {
    if ((info.group == Group::kResources) != resources) continue;
    void* p = Field(o, r, info);
    double x = 0;
    switch (info.type) {
      case Type::kString:
        if (!info.choices.empty())
          RETURN_IF_ERROR(SetOption(o, r, info, *static_cast<std::string*>(p)));
        continue;
      case Type::kInt:
        x = *static_cast<int*>(p);
        break;
      case Type::kDouble:
        x = *static_cast<double*>(p);
        break;
      case Type::kBytes:
        x = static_cast<double>(*static_cast<uint64_t*>(p));
        break;
      default:
        continue;
    }
    RETURN_IF_ERROR(CheckRange(info, x, GetOption(*o, *r, info)));
  }
  return Status::Ok();
}

}  // namespace

Status ValidateOptions(const Options& o) {
  Options copy = o;
  ResourceOptions unused;
  RETURN_IF_ERROR(ValidateNumbers(&copy, &unused, false));
  for (const auto* name : {&o.input.id_field, &o.input.text_field}) {
    if (name->empty()) {
      return InvalidArgumentError(name == &o.input.id_field ? "option id_field is empty"
                                                            : "option text_field is empty");
    }
  }
  return Status::Ok();
}

Status ValidateInputFormat(std::string_view format) {
  Options o;
  ResourceOptions r;
  return SetOption(&o, &r, *FindOption("input_format"), format);
}

Status ValidateResources(const ResourceOptions& r) {
  Options unused;
  ResourceOptions copy = r;
  return ValidateNumbers(&unused, &copy, true);
}

}  // namespace textrace
