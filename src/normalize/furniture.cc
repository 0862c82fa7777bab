#include "normalize/furniture.h"

#include <initializer_list>
#include <string>
#include <vector>

#include "util/ascii.h"

namespace textrace {
namespace {

// The line's words: ASCII letters lowered, digits, and any non-ASCII byte (so "datenschutz",
// "confidentialité" and "privacidad" are words); everything else separates.
std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::string w;
  for (const char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if (IsAsciiAlpha(c) || IsAsciiDigit(c) || u >= 0x80) {
      w.push_back(AsciiLower(c));
    } else if (!w.empty()) {
      words.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  return words;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool HasWordStarting(const std::vector<std::string>& words,
                     std::initializer_list<std::string_view> prefixes) {
  for (const std::string& w : words) {
    for (std::string_view p : prefixes) {
      if (StartsWith(w, p)) return true;
    }
  }
  return false;
}

// Phrases that are nothing but furniture, as space-joined words.
constexpr std::string_view kPhrases[] = {
    "your email address will not be published",
    "required fields are marked",
    "you must be logged in to post a comment",
    "save my name email and website in this browser",
    "this site uses akismet to reduce spam",
    "learn how your comment data is processed",
    "comments are closed",
    "as an amazon associate",
    "this post may contain affiliate links",
    "this post contains affiliate links",
    "this article contains affiliate links",
    "please enable javascript to view the comments",
};

// "Warning: include(x.php): failed to open stream ... in /var/www/a.php on line 12".
bool ServerWarning(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  bool head = false;
  for (std::string_view h : {"warning:", "notice:", "deprecated:", "fatal error:", "parse error:",
                             "strict standards:", "php warning:", "php notice:"}) {
    head |= StartsWithNoCase(line, h);
  }
  if (!head) return false;
  const size_t on_line = line.substr(0, 600).find(" on line ");
  return on_line != std::string_view::npos && on_line + 9 < line.size() &&
         IsAsciiDigit(line[on_line + 9]);
}

bool Year(const std::string& w) {
  return w.size() == 4 && (StartsWith(w, "19") || StartsWith(w, "20")) && IsAsciiDigit(w[2]) &&
         IsAsciiDigit(w[3]);
}

}  // namespace

bool IsFurnitureLine(std::string_view line, bool at_edge) {
  if (ServerWarning(line)) return true;
  if (!at_edge) {
    // A line of the body: only a phrase can make it furniture. Most hold none of the phrases'
    // rarer words (checked on a reused buffer, without splitting the line into words).
    if (line.size() > 600) return false;
    thread_local std::string lower;
    lower.assign(line);
    for (char& c : lower) c = AsciiLower(c);
    bool maybe = false;
    for (std::string_view w : {"published", "required", "logged", "browser", "akismet", "comment",
                               "associate", "affiliate", "javascript"}) {
      maybe |= lower.find(w) != std::string::npos;
    }
    if (!maybe) return false;
  }
  const std::vector<std::string> words = Words(line);
  if (words.empty() || words.size() > static_cast<size_t>(kMaxFurnitureWords)) return false;
  std::string joined;
  for (const std::string& w : words) {
    if (!joined.empty()) joined.push_back(' ');
    joined += w;
  }
  for (std::string_view p : kPhrases) {
    if (joined.find(p) != std::string::npos) return true;
  }
  // The rules by subject: short lines at the edge only. Banners and notices are a sentence or
  // two; a paragraph that happens to hold a subject and a cue word is not one.
  if (!at_edge || words.size() > static_cast<size_t>(kMaxCueWords)) return false;
  // Cookie and consent banners, in the languages whose banners say "cookies".
  if (HasWordStarting(words, {"cookie"}) &&
      HasWordStarting(words, {"accept",         "consent",          "agree",       "privacy",
                              "browsing",       "setting",          "preference",  "experience",
                              "personali",      "verwende",         "akzeptier",   "zustimm",
                              "datenschutz",    "einstellung",      "utilis",      "consentement",
                              "confidentialit", "param\xC3\xA8tre", "utilizamos",  "usamos",
                              "acept",          "consentimiento",   "privacidad",  "navegaci",
                              "configuraci",    "utilizziamo",      "accett",      "consenso",
                              "aceit",          "consentimento",    "privacidade", "gebruik",
                              "accepteer",      "toestemming"})) {
    return true;
  }
  // Affiliate-link disclosures.
  if (joined.find("affiliate link") != std::string::npos ||
      (HasWordStarting(words, {"affiliat", "afiliad"}) &&
       HasWordStarting(words,
                       {"commission", "earn", "compensat", "qualifying", "provision", "comisi"}))) {
    return true;
  }
  // Comment rules.
  if (HasWordStarting(words, {"comment"}) &&
      HasWordStarting(words, {"moderat", "policy", "policies", "approv", "guideline", "respectful",
                              "civil", "abusive", "logged"})) {
    return true;
  }
  // Registration and subscription notices.
  const bool sign_up = joined.find("sign up") != std::string::npos ||
                       joined.find("sign in") != std::string::npos ||
                       joined.find("log in") != std::string::npos ||
                       HasWordStarting(words, {"subscri", "login", "register"});
  if (sign_up && (HasWordStarting(words, {"newsletter", "inbox", "account", "unlimited"}) ||
                  joined.find("continue reading") != std::string::npos ||
                  joined.find("already a") != std::string::npos)) {
    return true;
  }
  // Copyright lines: "all rights reserved", or the mark with a year.
  if (words.size() <= 30) {
    if (joined.find("all rights reserved") != std::string::npos) return true;
    const bool mark =
        line.find("\xC2\xA9") != std::string_view::npos || HasWordStarting(words, {"copyright"});
    bool year = false;
    for (const std::string& w : words) year |= Year(w);
    if (mark && year) return true;
  }
  return false;
}

int64_t MarkFurniture(AnalyzedDocument* doc) {
  // The lines: runs of tokens with no line break in the bytes between them.
  struct Line {
    uint32_t first, end;
  };
  std::vector<Line> lines;
  const auto n = static_cast<uint32_t>(doc->tokens.size());
  uint32_t begin = 0;
  for (uint32_t i = 1; i <= n; ++i) {
    if (i < n) {
      bool brk = false;
      for (uint32_t b = doc->tokens[i - 1].end_byte; b < doc->tokens[i].begin_byte && !brk; ++b) {
        brk = doc->bytes[b] == '\n' || doc->bytes[b] == '\r';
      }
      if (!brk) continue;
    }
    lines.push_back({begin, i});
    begin = i;
  }
  int64_t marked = 0;
  for (size_t l = 0; l < lines.size(); ++l) {
    const Line& line = lines[l];
    const bool at_edge =
        l < static_cast<size_t>(kEdgeLines) || l + static_cast<size_t>(kEdgeLines) >= lines.size();
    // Furniture is short: in the body, a notice or a warning of a line or two.
    if (line.end - line.first >
        static_cast<uint32_t>(at_edge ? kMaxFurnitureWords : kMaxCueWords)) {
      continue;
    }
    // The line's text, from its first token to its last.
    const uint32_t from = doc->tokens[line.first].begin_byte;
    const uint32_t to = doc->tokens[line.end - 1].end_byte;
    if (!IsFurnitureLine(std::string_view(doc->bytes).substr(from, to - from), at_edge)) continue;
    for (uint32_t t = line.first; t < line.end; ++t) doc->tokens[t].boilerplate = true;
    marked += line.end - line.first;
  }
  return marked;
}

}  // namespace textrace
