#include "normalize/boilerplate.h"

#include <algorithm>
#include <string>

#include "util/ascii.h"
#include "util/hash.h"

namespace textrace {
namespace {

// A line break between two consecutive tokens: in the bytes between them.
bool BreakBetween(const AnalyzedDocument& doc, const Token& prev, const Token& next) {
  for (uint32_t b = prev.end_byte; b < next.begin_byte; ++b) {
    const char c = doc.bytes[b];
    if (c == '\n' || c == '\r') return true;
  }
  return false;
}

uint64_t Mix(uint64_t h, uint64_t key) {
  h ^= key + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 31);
}

}  // namespace

std::vector<DocumentLine> ShortLines(const AnalyzedDocument& doc, int max_line_words) {
  std::vector<DocumentLine> lines;
  const auto n = static_cast<uint32_t>(doc.tokens.size());
  uint32_t begin = 0;
  for (uint32_t i = 1; i <= n; ++i) {
    if (i < n && !BreakBetween(doc, doc.tokens[i - 1], doc.tokens[i])) continue;
    if (i - begin <= static_cast<uint32_t>(max_line_words)) {
      uint64_t h = 0x2545f4914f6cdd1dULL ^ (i - begin);
      for (uint32_t t = begin; t < i; ++t) h = Mix(h, doc.tokens[t].key);
      lines.push_back({h, begin, i});
    }
    begin = i;
  }
  return lines;
}

void BoilerplateFinder::Add(uint32_t doc, uint64_t site, const std::vector<DocumentLine>& lines) {
  if (options_.min_docs <= 0) return;
  if (site_.size() <= doc) site_.resize(doc + 1, 0);
  site_[doc] = site;
  const size_t start = entries_.size();
  for (const DocumentLine& l : lines) entries_.push_back({l.hash, doc});
  // Each document counts once per line.
  std::sort(entries_.begin() + static_cast<std::ptrdiff_t>(start), entries_.end());
  entries_.erase(std::unique(entries_.begin() + static_cast<std::ptrdiff_t>(start), entries_.end()),
                 entries_.end());
}

std::unordered_set<uint64_t> BoilerplateFinder::Finish(
    const std::function<double(uint32_t, uint32_t)>& similarity) {
  std::unordered_set<uint64_t> out;
  std::sort(entries_.begin(), entries_.end());
  constexpr size_t kSample = 8;
  // Are the first documents (in input order) of `docs` mostly not copies of each other?
  auto unrelated = [&](const std::vector<uint32_t>& docs) {
    const size_t m = std::min(docs.size(), kSample);
    int pairs = 0, related = 0;
    for (size_t x = 0; x < m; ++x) {
      for (size_t y = x + 1; y < m; ++y) {
        ++pairs;
        related += similarity(docs[x], docs[y]) >= options_.related_jaccard;
      }
    }
    return related * 2 <= pairs;
  };
  std::vector<uint32_t> docs;
  std::vector<std::pair<uint64_t, uint32_t>> by_site;
  for (size_t i = 0; i < entries_.size();) {
    size_t j = i;
    while (j < entries_.size() && entries_[j].line == entries_[i].line) ++j;
    const size_t n = j - i;
    bool boilerplate = false;
    if (n >= static_cast<size_t>(options_.min_docs)) {
      docs.clear();
      for (size_t k = i; k < j; ++k) docs.push_back(entries_[k].doc);
      boilerplate = unrelated(docs);
    }
    if (!boilerplate && options_.min_site_docs > 0 &&
        n >= static_cast<size_t>(options_.min_site_docs)) {
      // One site's template: the documents of the site that holds the line most often.
      by_site.clear();
      for (size_t k = i; k < j; ++k) {
        const uint64_t site = site_[entries_[k].doc];
        if (site != 0) by_site.emplace_back(site, entries_[k].doc);
      }
      std::sort(by_site.begin(), by_site.end());
      for (size_t a = 0; a < by_site.size() && !boilerplate;) {
        size_t b = a;
        while (b < by_site.size() && by_site[b].first == by_site[a].first) ++b;
        if (b - a >= static_cast<size_t>(options_.min_site_docs)) {
          docs.clear();
          for (size_t k = a; k < b; ++k) docs.push_back(by_site[k].second);
          boilerplate = unrelated(docs);
        }
        a = b;
      }
    }
    if (boilerplate) out.insert(entries_[i].line);
    i = j;
  }
  entries_ = {};
  site_ = {};
  return out;
}

uint64_t SiteOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return 0;
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host = AsciiToLower(rest);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  if (host.empty()) return 0;
  const uint64_t h = StableHash(host);
  return h == 0 ? 1 : h;
}

int64_t MarkBoilerplate(const std::unordered_set<uint64_t>& lines, int max_line_words,
                        AnalyzedDocument* doc) {
  if (lines.empty()) return 0;
  int64_t marked = 0;
  for (const DocumentLine& l : ShortLines(*doc, max_line_words)) {
    if (!lines.contains(l.hash)) continue;
    for (uint32_t t = l.first_token; t < l.end_token; ++t) doc->tokens[t].boilerplate = true;
    marked += l.end_token - l.first_token;
  }
  return marked;
}

}  // namespace textrace
