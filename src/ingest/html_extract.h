// The extractor (private to src/ingest/): it walks gumbo's tree (html_walk.cc), cuts its text
// into pieces (html_text.cc) and chooses the blocks of main text (html_select.cc), telling
// boilerplate containers by their names (html_boilerplate.cc). html.cc's file comment says how.
#ifndef TEXTRACE_INGEST_HTML_EXTRACT_H_
#define TEXTRACE_INGEST_HTML_EXTRACT_H_

#include <gumbo.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/html.h"
#include "ingest/html_clean.h"
#include "util/ascii.h"
#include "util/utf8.h"

namespace textrace {
namespace html_internal {

struct Piece {
  uint32_t begin, end;  // in Extractor::buf_
  uint32_t words, chars, link_chars;
  int cand;       // innermost boilerplate candidate, -1 if none
  uint32_t para;  // pieces of one block element share it
  GumboTag tag;
  bool space_before;  // whitespace separated it from the previous piece
};

struct Candidate {
  int parent;
  uint64_t own_good = 0;
  bool keep = false;
};

// The Unicode spaces other than ASCII whitespace that collapse like it: NBSP, U+2000..U+200A ...
inline bool IsUnicodeSpace(char32_t c) {
  return c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0x1680 || c == 0x2028 || c == 0x2029 || c == 0x85;
}

// Ideographs and kana: written without spaces, counted as half a word each.
inline bool IsCjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x3FFFF);
}

// ---- Boilerplate names (html_boilerplate.cc) ----

// An id or class name that names boilerplate in its first or last word ("main-nav",
// "site-footer", "related-posts" ...), or as a whole ("sr-only", "masthead" ...).
bool NameIsBoilerplate(std::string_view name);
// A class attribute with a boilerplate name, or one that hides the element ("hidden", "d-none")
// without a responsive class that shows it again on some screens.
bool ClassIsBoilerplate(std::string_view classes);
// The ARIA roles of boilerplate: navigation, banner, contentinfo, complementary, menu ...
bool RoleIsBoilerplate(std::string_view role);

// ---- The extractor ----

class Extractor {
 public:
  Extractor(const HtmlOptions& options, std::string_view source, const std::vector<TextRun>& runs,
            HtmlText* out)
      : options_(options), source_(source), runs_(runs), out_(out) {}

  // Cuts the tree's text into pieces. The tree is not used after this.
  void Read(const GumboNode* root) {
    if (root == nullptr || root->type != GUMBO_NODE_ELEMENT) return;
    Walk(root);
    HardFlush();
  }

  // Chooses the blocks and writes HtmlText::text, blocks and blocks_dropped.
  void Select() {
    SelectBlocks();
    ReleaseBuffers();
  }

 private:
  struct Frame {
    const GumboVector* children;
    unsigned next;
    // State to restore when the element ends.
    GumboTag block_tag;
    int cand;
    int link_depth;
    int pre_depth;
    int sectioning;
    bool block;
    bool candidate;
  };

  struct Block {
    uint32_t first, last;  // pieces [first, last)
    uint32_t words = 0, chars = 0, link_chars = 0;
    GumboTag tag;
    int cls = 0;  // kBad, kShort, kGood
    bool kept = false;
  };
  enum { kBad = 0, kShort = 1, kGood = 2 };

  // ---- The tree (html_walk.cc) ----

  // Visits the tree depth first, without recursion.
  void Walk(const GumboNode* root);
  // An element's start: the title, a line break, or a frame for its children (a block, a
  // boilerplate candidate, a link, preformatted text, a sectioning element); dropped elements are
  // skipped whole.
  void Enter(const GumboNode* node, std::vector<Frame>* stack);
  // An element's end: the state of its parent back.
  void Leave(const Frame& f);
  // Whether the element is a boilerplate candidate (html.cc's file comment says which).
  bool IsCandidate(const GumboElement& el) const;
  // The first <title> in <head>.
  void FindTitle(const GumboNode* head);
  // The title's text, whitespace collapsed.
  void ReadTitle(const GumboNode* title);

  // ---- Pieces (html_text.cc) ----

  // Opens a piece at the end of the buffer.
  void Begin();
  // The pending space or line break, written before more text of the piece.
  void Separator();
  // A text node's text, with the markers of text runs replaced by the runs.
  void NodeText(std::string_view s);
  // Appends text to the current piece: whitespace collapsed (kept in <pre>), CR LF and CR as LF,
  // invalid UTF-8 as U+FFFD.
  void Text(std::string_view s);
  // A <br>: a line break inside the block; two in a row end the block.
  void LineBreak();
  // Ends the current piece, keeping it when it holds text; `hard` also ends the block.
  void Close(bool hard);
  void HardFlush() { Close(true); }
  // Ends the current piece but not the block (an inline boilerplate candidate starts or ends).
  void SoftFlush();

  // ---- Selection (html_select.cc) ----

  // kBad (no text, or too much of it link text), kGood (min_block_words words) or kShort.
  int Classify(uint32_t words, uint32_t chars, uint32_t link_chars) const;
  // Keeps the candidates holding the page's good text, then the good blocks and the short ones
  // next to them, and writes the text.
  void SelectBlocks();
  void ReleaseBuffers();

  const HtmlOptions& options_;
  std::string_view source_;
  const std::vector<TextRun>& runs_;
  HtmlText* out_;

  std::string buf_;
  std::vector<Piece> pieces_;
  std::vector<Candidate> cands_;

  GumboTag block_tag_ = GUMBO_TAG_BODY;
  int cand_ = -1;
  int link_depth_ = 0;
  int pre_depth_ = 0;
  int sectioning_ = 0;

  bool piece_open_ = false;
  size_t piece_begin_ = 0;
  bool space_before_ = false;
  bool pending_space_ = false;
  bool pending_newline_ = false;
  bool in_word_ = false;
  uint32_t words_ = 0, chars_ = 0, link_chars_ = 0, cjk_ = 0;
  uint32_t para_ = 0;
};

}  // namespace html_internal
}  // namespace textrace

#endif  // TEXTRACE_INGEST_HTML_EXTRACT_H_
