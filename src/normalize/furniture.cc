#include "normalize/furniture.h"

#include <initializer_list>
#include <string>
#include <vector>

#include "util/ascii.h"

namespace textrace {
namespace {

// The line's words: ASCII letters lowered, digits, and any non-ASCII byte (so "datenschutz",
// "confidentialité" and "privacidad" are words); everything else separates, and the copyright
// sign.
std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::string w;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    const auto u = static_cast<unsigned char>(c);
    // The copyright sign separates ("\xC2\xA9" "2021" is a year).
    const bool sign = u == 0xC2 && i + 1 < line.size() && line[i + 1] == '\xA9';
    if (sign) ++i;
    if (!sign && (IsAsciiAlpha(c) || IsAsciiDigit(c) || u >= 0x80)) {
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

bool HasWord(const std::vector<std::string>& words, std::initializer_list<std::string_view> any) {
  for (const std::string& w : words) {
    for (std::string_view a : any) {
      if (w == a) return true;
    }
  }
  return false;
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
  // The words joined by spaces, with a space at each end: a phrase is found on word boundaries
  // (" sign in " is not in "design in").
  std::string joined = " ";
  for (const std::string& w : words) {
    joined += w;
    joined.push_back(' ');
  }
  auto has = [&joined](std::string_view phrase) {
    std::string padded = " ";
    padded += phrase;
    padded.push_back(' ');
    return joined.find(padded) != std::string::npos;
  };
  for (std::string_view p : kPhrases) {
    if (has(p)) return true;
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
  if (has("affiliate link") || has("affiliate links") ||
      (HasWord(words, {"affiliate", "affiliates", "afiliado", "afiliados"}) &&
       HasWord(words, {"commission", "commissions", "earn", "earns", "compensated", "compensation",
                       "qualifying", "provision", "comisi\xC3\xB3n"}))) {
    return true;
  }
  // Comment rules.
  if (HasWord(words, {"comment", "comments", "commenting", "commenters"}) &&
      HasWordStarting(words, {"moderat", "policy", "policies", "approv", "guideline", "respectful",
                              "civil", "abusive", "logged"})) {
    return true;
  }
  // Registration and subscription notices.
  const bool sign_up = has("sign up") || has("sign in") || has("log in") ||
                       HasWord(words, {"subscribe", "subscriber", "subscribers", "subscription",
                                       "login", "register", "registration"});
  if (sign_up && (HasWord(words, {"newsletter", "newsletters", "inbox", "account", "unlimited"}) ||
                  has("continue reading") || has("already a subscriber") ||
                  has("already a member") || has("already have an account"))) {
    return true;
  }
  // Copyright lines: "all rights reserved", or the mark followed by a year ("Copyright 2021",
  // "(c) 2021", "Copyright (c) 1995-2003"), not a headline on a copyright case.
  if (words.size() <= 30) {
    if (has("all rights reserved")) return true;
    for (size_t k = 0; k + 1 < words.size(); ++k) {
      if (words[k] == "copyright" && Year(words[k + 1])) return true;
    }
    for (size_t at = line.find("\xC2\xA9"); at != std::string_view::npos;
         at = line.find("\xC2\xA9", at + 2)) {
      std::string_view rest = line.substr(at + 2);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (rest.size() >= 4 && Year(std::string(rest.substr(0, 4))) &&
          (rest.size() == 4 || !IsAsciiDigit(rest[4]))) {
        return true;
      }
    }
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
    // A page has a body between its edges: in a document of few lines (a post, a JSON text on
    // one line) every line is body.
    const bool at_edge = lines.size() > 2 * static_cast<size_t>(kEdgeLines) &&
                         (l < static_cast<size_t>(kEdgeLines) ||
                          l + static_cast<size_t>(kEdgeLines) >= lines.size());
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
