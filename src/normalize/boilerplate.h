// Boilerplate across a collection: short lines that recur in many otherwise unrelated documents
// ("Source link", "Leave a Reply", newsletter and copyright lines). Such lines stay in the text,
// so that offsets remain true, but their tokens take no part in alignment or relations.
//
// A line is a run of tokens with no line break between them. A line is boilerplate when
// - it has at most `max_line_words` tokens (furniture is short; a long paragraph that recurs is
//   syndicated text, which is reuse), and
// - at least `min_docs` documents hold it, or at least `min_site_docs` documents of one site (the
//   host of their URLs: a site's template repeats its lines on every page), and
// - those documents are mostly unrelated: of (up to) the first 8 of them, at most half of the
//   pairs have MinHash-estimated Jaccard similarity >= 0.5. Copies of one story share their
//   short lines too (a byline, a one-sentence paragraph), and must still be found.
#ifndef TEXTRACE_NORMALIZE_BOILERPLATE_H_
#define TEXTRACE_NORMALIZE_BOILERPLATE_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "textrace/document.h"
#include "textrace/options.h"

namespace textrace {

// BoilerplateOptions: textrace/options.h.

struct DocumentLine {
  uint64_t hash = 0;  // of the line's token keys, in order
  uint32_t first_token = 0, end_token = 0;
};

// The lines of `doc` of 1..max_line_words tokens.
std::vector<DocumentLine> ShortLines(const AnalyzedDocument& doc, int max_line_words);

// Collects the short lines of every document of a collection, then decides which are
// boilerplate. Add() in document order; not thread-safe.
class BoilerplateFinder {
 public:
  explicit BoilerplateFinder(BoilerplateOptions options) : options_(options) {}

  // The distinct short-line hashes of document `doc`; `site` identifies its site (a hash of its
  // URL's host), 0 when it has none.
  void Add(uint32_t doc, uint64_t site, const std::vector<DocumentLine>& lines);

  // `similarity(x, y)`: estimated Jaccard similarity of documents x and y. Returns the set of
  // boilerplate line hashes. Frees what Add() collected.
  std::unordered_set<uint64_t> Finish(const std::function<double(uint32_t, uint32_t)>& similarity);

 private:
  BoilerplateOptions options_;
  struct Entry {
    uint64_t line;
    uint32_t doc;
    bool operator<(const Entry& o) const { return line != o.line ? line < o.line : doc < o.doc; }
    bool operator==(const Entry& o) const { return line == o.line && doc == o.doc; }
  };
  std::vector<Entry> entries_;
  std::vector<uint64_t> site_;  // by document
};

// A document's site for the per-site rule: a stable hash of its URL's host, lower case, without
// "www." and port ("https://WWW.Example.com:8080/a" -> hash of "example.com"); 0 when `url` has
// no host.
uint64_t SiteOf(std::string_view url);

// Marks the tokens of `doc`'s boilerplate lines (Token::boilerplate); returns how many.
int64_t MarkBoilerplate(const std::unordered_set<uint64_t>& lines, int max_line_words,
                        AnalyzedDocument* doc);

}  // namespace textrace

#endif  // TEXTRACE_NORMALIZE_BOILERPLATE_H_
