// Boilerplate names (html_extract.h): the ids, class names and roles that make an element a
// boilerplate candidate.
#include <string_view>

#include "ingest/html_extract.h"
#include "ingest/html_markup.h"

namespace textrace {
namespace html_internal {

namespace {

// Whole names (lower case) that always mean boilerplate or text for screen readers only.
constexpr std::string_view kWholeNames[] = {
    "screen-reader-text", "sr-only",   "visually-hidden", "visuallyhidden", "respond",
    "disqus_thread",      "skip-link", "skiplink",        "masthead",
};
// Whole class names that hide an element, unless a responsive class shows it again on some
// screens ("hidden md:block", "d-none d-lg-flex").
constexpr std::string_view kHidingNames[] = {"hidden", "d-none", "hide", "invisible"};
// A first or last word starting with one of these.
constexpr std::string_view kPrefixes[] = {
    "nav",    "menu",    "breadcrumb",  "footer",  "sidebar", "comment", "share",      "sharing",
    "social", "related", "newsletter",  "subscri", "cookie",  "consent", "gdpr",       "banner",
    "advert", "adsense", "adsbygoogle", "promo",   "popup",   "modal",   "outbrain",   "taboola",
    "disqus", "signup",  "toolbar",     "sponsor", "paginat", "login",   "searchform",
};
// A first or last word equal to one of these.
constexpr std::string_view kWords[] = {"ad", "ads", "adv", "pager", "search", "skip", "tags"};

// A responsive class that shows an element on some screens ("md:block", "d-lg-flex").
bool ShowsOnSomeScreens(std::string_view name) {
  for (std::string_view d : {":block", ":flex", ":grid", ":inline", ":table", ":contents"}) {
    if (name.find(d) != std::string_view::npos) return true;
  }
  for (std::string_view p : {"d-sm-", "d-md-", "d-lg-", "d-xl-", "d-xxl-"}) {
    if (StartsWithNoCase(name, p)) return true;
  }
  return false;
}

}  // namespace

bool NameIsBoilerplate(std::string_view name) {
  if (name.empty() || name.size() > 80) return false;
  char buf[80];
  for (size_t i = 0; i < name.size(); ++i) buf[i] = AsciiLower(name[i]);
  const std::string_view lower(buf, name.size());
  for (std::string_view w : kWholeNames) {
    if (lower == w) return true;
  }
  // Words: split at '-', '_', ':', '.', and ignore words that are all digits.
  std::string_view first, last;
  size_t p = 0;
  while (p < lower.size()) {
    while (p < lower.size() &&
           (lower[p] == '-' || lower[p] == '_' || lower[p] == ':' || lower[p] == '.')) {
      ++p;
    }
    const size_t s = p;
    bool digits = true;
    while (p < lower.size() && lower[p] != '-' && lower[p] != '_' && lower[p] != ':' &&
           lower[p] != '.') {
      digits &= IsAsciiDigit(lower[p]);
      ++p;
    }
    if (p > s && !digits) {
      if (first.empty()) first = lower.substr(s, p - s);
      last = lower.substr(s, p - s);
    }
  }
  if (first.empty()) return false;
  for (std::string_view w : {first, last}) {
    for (std::string_view k : kPrefixes) {
      if (w.substr(0, k.size()) == k) return true;
    }
    for (std::string_view k : kWords) {
      if (w == k) return true;
    }
  }
  // "widget" only as the first word: WordPress sidebars ("widget", "widget_text",
  // "widget-area"), not page builders' content widgets ("elementor-widget").
  return first.substr(0, 6) == "widget";
}

bool ClassIsBoilerplate(std::string_view classes) {
  bool hiding = false, showing = false;
  size_t p = 0;
  while (p < classes.size()) {
    while (p < classes.size() && IsHtmlSpace(classes[p])) ++p;
    const size_t s = p;
    while (p < classes.size() && !IsHtmlSpace(classes[p])) ++p;
    if (p == s) continue;
    const std::string_view name = classes.substr(s, p - s);
    if (NameIsBoilerplate(name)) return true;
    for (std::string_view h : kHidingNames) hiding |= EqualsNoCase(name, h);
    showing |= ShowsOnSomeScreens(name);
  }
  return hiding && !showing;
}

bool RoleIsBoilerplate(std::string_view role) {
  for (std::string_view r : {"navigation", "banner", "contentinfo", "complementary", "menu",
                             "menubar", "search", "dialog", "alertdialog"}) {
    if (EqualsNoCase(role, r)) return true;
  }
  return false;
}

}  // namespace html_internal
}  // namespace textrace
