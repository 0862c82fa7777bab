// PreparedDocument (textrace/align.h): what the aligner reads of a document, built once per
// document however many pairs it is in: vocabulary, sentence frequencies, each sentence's terms,
// postings and word positions.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "textrace/align.h"

namespace textrace {
namespace {

// Sorts (key, sentence) pairs whose keys are hashes: a counting pass into about one bucket per
// element by the keys' top bits, then each bucket (a word's occurrences, and the odd other word)
// sorted on its own. Linear where std::sort took a third of the preparation.
void SortByKey(std::vector<std::pair<uint64_t, uint32_t>>* v) {
  const size_t m = v->size();
  if (m < 64) {
    std::sort(v->begin(), v->end());
    return;
  }
  int bits = 1;
  while ((size_t{1} << bits) < m) ++bits;
  const size_t buckets = size_t{1} << bits;
  auto bucket = [bits](uint64_t key) { return static_cast<size_t>(key >> (64 - bits)); };
  std::vector<uint32_t> begin(buckets + 1, 0);
  for (const auto& w : *v) ++begin[bucket(w.first) + 1];
  for (size_t b = 0; b < buckets; ++b) begin[b + 1] += begin[b];
  std::vector<std::pair<uint64_t, uint32_t>> out(m);
  std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
  for (const auto& w : *v) out[next[bucket(w.first)]++] = w;
  for (size_t b = 0; b < buckets; ++b) {
    if (begin[b + 1] - begin[b] > 1) std::sort(out.begin() + begin[b], out.begin() + begin[b + 1]);
  }
  v->swap(out);
}

}  // namespace

PreparedDocument::PreparedDocument(const AnalyzedDocument& d) : doc(&d) {
  // The content words as (key, content position), sorted once: one pass over them gives the
  // vocabulary (word ids are ranks of the keys), the sentence frequencies, each sentence's terms,
  // the postings (by word id, then sentence) and the word positions. No hash map and no second
  // sort, where these were most of a scan's verification time.
  const auto sentences = static_cast<uint32_t>(d.sentences.size());
  std::vector<std::pair<uint64_t, uint32_t>> words;
  std::vector<uint32_t> content_sentence;  // per content position (read in key order below)
  words.reserve(d.tokens.size());
  content_token.reserve(d.tokens.size());
  content_sentence.reserve(d.tokens.size());
  for (uint32_t s = 0; s < sentences; ++s) {
    for (uint32_t i = d.sentences[s].first_token; i < d.sentences[s].end_token; ++i) {
      if (!d.tokens[i].stopword && !d.tokens[i].boilerplate) {
        words.emplace_back(d.tokens[i].key, static_cast<uint32_t>(content_token.size()));
        content_token.push_back(i);
        content_sentence.push_back(d.tokens[i].sentence);
      }
    }
  }
  SortByKey(&words);
  content_word.resize(content_token.size());
  positions.resize(content_token.size());
  // At most one word id per content word: reserved once instead of grown.
  vocab.reserve(words.size());
  sentence_freq.reserve(words.size());
  position_begin.reserve(words.size() + 1);
  auto sentence_of = [&](size_t w) { return content_sentence[words[w].second]; };
  // (word id, sentence, occurrences), by id then sentence: the postings' order.
  struct Use {
    uint32_t id, sentence, tf;
  };
  std::vector<Use> uses;
  uses.reserve(words.size());
  sentence_begin.assign(sentences + 1, 0);
  for (size_t i = 0; i < words.size();) {
    const uint64_t key = words[i].first;
    const auto id = static_cast<uint32_t>(vocab.size());
    vocab.push_back(key);
    uint32_t sentence_count = 0;
    position_begin.push_back(static_cast<uint32_t>(i));
    while (i < words.size() && words[i].first == key) {
      const uint32_t s = sentence_of(i);
      size_t j = i;
      for (; j < words.size() && words[j].first == key && sentence_of(j) == s; ++j) {
        content_word[words[j].second] = id;
        positions[j] = words[j].second;
      }
      uses.push_back({id, s, static_cast<uint32_t>(j - i)});
      ++sentence_begin[s + 1];
      ++sentence_count;
      i = j;
    }
    sentence_freq.push_back(sentence_count);
  }
  position_begin.push_back(static_cast<uint32_t>(words.size()));
  for (uint32_t s = 0; s < sentences; ++s) sentence_begin[s + 1] += sentence_begin[s];
  // Terms per sentence, ascending id (ids are visited in ascending order); postings by id.
  terms.resize(uses.size());
  postings.resize(uses.size());
  posting_begin.assign(vocab.size() + 1, 0);
  std::vector<uint32_t> next(sentence_begin.begin(), sentence_begin.end() - 1);
  for (size_t u = 0; u < uses.size(); ++u) {
    const Use& use = uses[u];
    const uint32_t k = next[use.sentence]++;
    terms[k] = {use.id, use.tf};
    postings[u] = {use.sentence, k};
    ++posting_begin[use.id + 1];
  }
  for (size_t i = 1; i < posting_begin.size(); ++i) posting_begin[i] += posting_begin[i - 1];
}

}  // namespace textrace
