// The extractor's walk over gumbo's tree (html_extract.h): elements entered and left, what kind
// each is (a block, inline, never text), boilerplate candidates, and the title.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/html_extract.h"
#include "ingest/html_markup.h"

namespace textrace {
namespace html_internal {

namespace {

enum class Kind { kInline, kBlock, kDrop };

Kind KindOf(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_IMG:
      return Kind::kDrop;
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_UL:
      return Kind::kBlock;
    default:
      return Kind::kInline;
  }
}

}  // namespace

void Extractor::Walk(const GumboNode* root) {
  std::vector<Frame> stack;
  Enter(root, &stack);
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next >= f.children->length) {
      Leave(f);
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(f.children->data[f.next++]);
    switch (child->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        NodeText(child->v.text.text);
        break;
      case GUMBO_NODE_ELEMENT:
        Enter(child, &stack);  // may reallocate `stack`: `f` is not used after this
        break;
      default:
        break;  // comments, templates
    }
  }
}

void Extractor::Enter(const GumboNode* node, std::vector<Frame>* stack) {
  const GumboElement& el = node->v.element;
  if (el.tag_namespace != GUMBO_NAMESPACE_HTML) return;  // stray foreign content
  const GumboTag tag = el.tag;
  if (tag == GUMBO_TAG_HEAD) {
    FindTitle(node);
    return;
  }
  if (tag == GUMBO_TAG_TITLE) {
    if (out_->title.empty()) ReadTitle(node);
    return;
  }
  if (tag == GUMBO_TAG_BR) {
    LineBreak();
    return;
  }
  const Kind kind = KindOf(tag);
  if (kind == Kind::kDrop) return;
  Frame f;
  f.children = &el.children;
  f.next = 0;
  f.block_tag = block_tag_;
  f.cand = cand_;
  f.link_depth = link_depth_;
  f.pre_depth = pre_depth_;
  f.sectioning = sectioning_;
  f.block = kind == Kind::kBlock;
  f.candidate = IsCandidate(el);
  if (f.block) {
    HardFlush();
    const bool keep_outer = (block_tag_ == GUMBO_TAG_BLOCKQUOTE || block_tag_ == GUMBO_TAG_PRE) &&
                            (tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV);
    if (!keep_outer) block_tag_ = tag;
  }
  if (f.candidate) {
    if (!f.block) SoftFlush();
    cands_.push_back({cand_, 0, false});
    cand_ = static_cast<int>(cands_.size()) - 1;
  }
  if (tag == GUMBO_TAG_A && gumbo_get_attribute(&el.attributes, "href") != nullptr) {
    ++link_depth_;
  }
  if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_PLAINTEXT) {
    ++pre_depth_;
  }
  if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_SECTION ||
      tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_NAV) {
    ++sectioning_;
  }
  stack->push_back(f);
}

void Extractor::Leave(const Frame& f) {
  if (f.block) {
    HardFlush();
  } else if (f.candidate) {
    SoftFlush();
  }
  block_tag_ = f.block_tag;
  cand_ = f.cand;
  link_depth_ = f.link_depth;
  pre_depth_ = f.pre_depth;
  sectioning_ = f.sectioning;
}

bool Extractor::IsCandidate(const GumboElement& el) const {
  switch (el.tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_FORM:
      return true;
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
      if (sectioning_ == 0) return true;
      break;
    default:
      break;
  }
  for (unsigned i = 0; i < el.attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(el.attributes.data[i]);
    const std::string_view name = a->name;
    const std::string_view value = a->value;
    if (name == "class") {
      if (ClassIsBoilerplate(value)) return true;
    } else if (name == "id") {
      if (NameIsBoilerplate(value)) return true;
    } else if (name == "role") {
      if (RoleIsBoilerplate(value)) return true;
    } else if (name == "hidden") {
      return true;
    } else if (name == "aria-hidden") {
      if (EqualsNoCase(value, "true")) return true;
    }
  }
  return false;
}

void Extractor::FindTitle(const GumboNode* head) {
  const GumboVector& kids = head->v.element.children;
  for (unsigned i = 0; i < kids.length && out_->title.empty(); ++i) {
    const auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_TITLE &&
        k->v.element.tag_namespace == GUMBO_NAMESPACE_HTML) {
      ReadTitle(k);
    }
  }
}

void Extractor::ReadTitle(const GumboNode* title) {
  std::string t;
  bool space = false;
  const GumboVector& kids = title->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    const auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type != GUMBO_NODE_TEXT && k->type != GUMBO_NODE_WHITESPACE) continue;
    const std::string_view s = k->v.text.text;
    for (size_t j = 0; j < s.size();) {
      const Utf8Sequence d = DecodeUtf8(s, j);
      if (IsHtmlSpace(d.cp) || IsUnicodeSpace(d.cp)) {
        space = !t.empty();
      } else {
        if (space) t.push_back(' ');
        space = false;
        t.append(s.substr(j, d.len));
      }
      j += d.len;
    }
  }
  out_->title = std::move(t);
}

}  // namespace html_internal
}  // namespace textrace
