// The extractor's pieces (html_extract.h): the text of the tree cut at blocks, line breaks and
// boilerplate candidates, whitespace collapsed, words and link characters counted.
#include <string_view>

#include "ingest/html_extract.h"
#include "ingest/html_markup.h"

namespace textrace {
namespace html_internal {

void Extractor::Begin() {
  piece_open_ = true;
  piece_begin_ = buf_.size();
  space_before_ = pending_space_ || pending_newline_;
  pending_space_ = pending_newline_ = false;
}

void Extractor::Separator() {
  if (pending_newline_) {
    buf_.push_back('\n');
  } else if (pending_space_) {
    buf_.push_back(' ');
  }
  pending_space_ = pending_newline_ = false;
}

void Extractor::NodeText(std::string_view s) {
  size_t p = 0;
  while (!runs_.empty()) {
    const size_t m = s.find(kMarkOpen, p);
    if (m == std::string_view::npos) break;
    Text(s.substr(p, m - p));
    size_t q = m + kMarkOpen.size();
    size_t index = 0;
    while (q < s.size() && IsAsciiDigit(s[q]) && index < runs_.size()) {
      index = index * 10 + static_cast<size_t>(s[q++] - '0');
    }
    if (index < runs_.size() && s.compare(q, kMarkClose.size(), kMarkClose) == 0) {
      const TextRun& r = runs_[index];
      Text(source_.substr(r.begin, r.end - r.begin));
      p = q + kMarkClose.size();
    } else {
      Text(s.substr(m, kMarkOpen.size()));
      p = m + kMarkOpen.size();
    }
  }
  Text(s.substr(p));
}

void Extractor::Text(std::string_view s) {
  if (s.empty()) return;
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const bool pre = pre_depth_ > 0;
  const bool link = link_depth_ > 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = u[i];
    char32_t cp = b;
    uint32_t len = 1;
    if (b >= 0x80) {
      const Utf8Sequence d = DecodeUtf8(s, i);
      cp = d.cp;
      len = d.len;
    }
    const bool space = b < 0x80 ? IsHtmlSpace(b) : IsUnicodeSpace(cp);
    if (space) {
      in_word_ = false;
      if (pre) {
        if (!piece_open_) Begin();
        Separator();
        if (b == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
          // CR LF: the LF follows
        } else {
          buf_.push_back(b == '\r' ? '\n' : (b < 0x80 ? static_cast<char>(b) : ' '));
        }
      } else if (piece_open_) {
        pending_space_ = true;
      }
      i += len;
      continue;
    }
    if (b == 0) {  // NUL: dropped, as gumbo does in body text
      ++i;
      continue;
    }
    if (!piece_open_) {
      Begin();
    } else {
      Separator();
    }
    if (cp == 0xFFFD && b >= 0x80) {
      buf_.append("\xEF\xBF\xBD");
    } else {
      buf_.append(s.substr(i, len));
    }
    ++chars_;
    if (link) ++link_chars_;
    if (IsCjk(cp)) {
      ++cjk_;
      in_word_ = true;
    } else if (!in_word_) {
      in_word_ = true;
      ++words_;
    }
    i += len;
  }
}

void Extractor::LineBreak() {
  in_word_ = false;
  if (pre_depth_ > 0) {
    if (!piece_open_) Begin();
    Separator();
    buf_.push_back('\n');
    return;
  }
  if (!piece_open_) return;
  if (pending_newline_) {  // two <br> in a row: a new block
    HardFlush();
    return;
  }
  pending_newline_ = true;
}

void Extractor::Close(bool hard) {
  if (piece_open_) {
    size_t end = buf_.size();
    while (end > piece_begin_ && IsHtmlSpace(buf_[end - 1])) --end;  // <pre> trailing blanks
    size_t begin = piece_begin_;
    while (begin < end && (buf_[begin] == '\n' || buf_[begin] == '\r')) ++begin;
    if (end > begin && chars_ > 0) {
      Piece p;
      p.begin = static_cast<uint32_t>(begin);
      p.end = static_cast<uint32_t>(end);
      p.words = words_ + (cjk_ + 1) / 2;
      p.chars = chars_;
      p.link_chars = link_chars_;
      p.cand = cand_;
      p.para = para_;
      p.tag = block_tag_;
      p.space_before = space_before_;
      pieces_.push_back(p);
    } else {
      buf_.resize(piece_begin_);
    }
  }
  piece_open_ = false;
  words_ = chars_ = link_chars_ = cjk_ = 0;
  in_word_ = false;
  pending_newline_ = false;
  if (hard) {
    pending_space_ = false;
    ++para_;
  }
}

void Extractor::SoftFlush() {
  const bool space = pending_space_ || pending_newline_;
  Close(false);
  pending_space_ = space;
}

}  // namespace html_internal
}  // namespace textrace
