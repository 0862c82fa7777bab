// The extractor's selection (html_extract.h): which candidates and blocks hold the main text
// (jusText-like, by words and link density, with the context of short blocks and headings), and
// the text written from them.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "ingest/html_extract.h"
#include "ingest/html_markup.h"

namespace textrace {
namespace html_internal {

namespace {

bool IsHeading(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6; }

}  // namespace

int Extractor::Classify(uint32_t words, uint32_t chars, uint32_t link_chars) const {
  if (chars == 0) return kBad;
  if (static_cast<double>(link_chars) > options_.max_link_density * static_cast<double>(chars)) {
    return kBad;
  }
  return static_cast<int>(words) >= options_.min_block_words ? kGood : kShort;
}

void Extractor::SelectBlocks() {
  // 1. Good text per candidate, measured on whole paragraphs before any removal.
  uint64_t total_good = 0;
  for (size_t i = 0; i < pieces_.size();) {
    size_t j = i;
    uint32_t words = 0, chars = 0, links = 0;
    while (j < pieces_.size() && pieces_[j].para == pieces_[i].para) {
      words += pieces_[j].words;
      chars += pieces_[j].chars;
      links += pieces_[j].link_chars;
      ++j;
    }
    if (Classify(words, chars, links) == kGood) {
      for (size_t k = i; k < j; ++k) {
        total_good += pieces_[k].chars;
        if (pieces_[k].cand >= 0) cands_[pieces_[k].cand].own_good += pieces_[k].chars;
      }
    }
    i = j;
  }
  // 2. Candidates holding half of it are kept, with their ancestors (parents come first).
  for (int c = static_cast<int>(cands_.size()) - 1; c >= 0; --c) {
    Candidate& cand = cands_[c];
    if (total_good > 0 && cand.own_good * 2 >= total_good) cand.keep = true;
    if (cand.keep && cand.parent >= 0) cands_[cand.parent].keep = true;
  }
  // 3. Blocks: the pieces of one paragraph outside removed candidates.
  std::vector<Block> blocks;
  int removed = 0;
  for (size_t i = 0; i < pieces_.size();) {
    size_t j = i;
    while (j < pieces_.size() && pieces_[j].para == pieces_[i].para) ++j;
    Block b;
    b.first = static_cast<uint32_t>(i);
    b.last = static_cast<uint32_t>(j);
    b.tag = pieces_[i].tag;
    bool any = false, any_removed = false;
    for (size_t k = i; k < j; ++k) {
      const Piece& p = pieces_[k];
      if (p.cand >= 0 && !cands_[p.cand].keep) {
        any_removed = true;
        continue;
      }
      any = true;
      b.words += p.words;
      b.chars += p.chars;
      b.link_chars += p.link_chars;
    }
    if (any) {
      b.cls = Classify(b.words, b.chars, b.link_chars);
      blocks.push_back(b);
    } else if (any_removed) {
      ++removed;
    }
    i = j;
  }
  // 4. Context: short blocks and headings.
  const bool any_good =
      std::any_of(blocks.begin(), blocks.end(), [](const Block& b) { return b.cls == kGood; });
  // Without a good block, the short ones are the text only when there is enough of them (a
  // poem, a list of short lines); "Page not found. Back to the home page." is not.
  uint64_t short_words = 0;
  for (const Block& b : blocks) {
    if (b.cls == kShort) short_words += b.words;
  }
  const int near_good = (options_.min_block_words + 1) / 2;
  const int n = static_cast<int>(blocks.size());
  std::vector<int> prev(n), next(n), next_dist(n);
  int last = kBad;
  for (int i = 0; i < n; ++i) {
    prev[i] = last;
    if (blocks[i].cls != kShort) last = blocks[i].cls;
  }
  last = kBad;
  int dist = 0;
  for (int i = n - 1; i >= 0; --i) {
    next[i] = last;
    next_dist[i] = dist;
    if (blocks[i].cls != kShort) {
      last = blocks[i].cls;
      dist = 0;
    } else {
      ++dist;
    }
  }
  for (int i = 0; i < n; ++i) {
    Block& b = blocks[i];
    if (b.cls == kGood) {
      b.kept = true;
    } else if (b.cls == kShort) {
      if (!any_good) {
        b.kept = short_words >= 2 * static_cast<uint64_t>(options_.min_block_words);
      } else if (IsHeading(b.tag)) {
        b.kept = next[i] == kGood && next_dist[i] <= 3;
      } else if (prev[i] == kGood && next[i] == kGood) {
        b.kept = true;
      } else if (prev[i] == kGood || next[i] == kGood) {
        b.kept = static_cast<int>(b.words) >= near_good;
      }
    }
    if (!b.kept) ++removed;
  }
  out_->blocks_dropped = removed;
  // 5. The text.
  std::string& text = out_->text;
  size_t size = 0;
  for (const Block& b : blocks) {
    if (b.kept) size += pieces_[b.last - 1].end - pieces_[b.first].begin + 2;
  }
  text.reserve(size);
  for (const Block& b : blocks) {
    if (!b.kept) continue;
    if (!text.empty()) text.append("\n\n");
    HtmlBlock hb;
    hb.begin = static_cast<uint32_t>(text.size());
    bool first = true, skipped = false;
    for (uint32_t k = b.first; k < b.last; ++k) {
      const Piece& p = pieces_[k];
      if (p.cand >= 0 && !cands_[p.cand].keep) {
        skipped = true;
        continue;
      }
      if (!first && (p.space_before || skipped)) text.push_back(' ');
      text.append(buf_, p.begin, p.end - p.begin);
      first = false;
      skipped = false;
    }
    hb.end = static_cast<uint32_t>(text.size());
    hb.tag = gumbo_normalized_tagname(b.tag);
    out_->blocks.push_back(std::move(hb));
  }
}

void Extractor::ReleaseBuffers() {
  std::string().swap(buf_);
  std::vector<Piece>().swap(pieces_);
}

}  // namespace html_internal
}  // namespace textrace
