// Page furniture recognised by what it says, in one document: cookie and consent banners,
// affiliate-link disclosures, comment rules and forms, registration and subscription notices,
// copyright lines, and server warnings left in a page ("Warning: ... on line 12"). The
// collection's boilerplate rule (boilerplate.h) needs a line to recur in many documents; a small
// crawl of many sites holds each site's furniture on two or three pages, where it is read as
// shared text unless it is known for what it is.
//
// A line (a run of tokens with no line break; a block of an HTML page) of at most
// kMaxFurnitureWords words is furniture when
// - it holds a phrase that is nothing but furniture ("your email address will not be
//   published", "as an amazon associate", a PHP error with its file and line), anywhere in the
//   document (in its body, a line of at most kMaxCueWords words), or
// - it is at the document's edge (among its first kEdgeLines or last kEdgeLines lines, in a
//   document of more than 2 * kEdgeLines lines: a short text is all body), of at most
//   kMaxCueWords words, and holds a subject with a cue of that subject (whole words, and phrases
//   on word boundaries, unless said):
//   - a word starting "cookie" with a word starting "accept", "consent", "agree", "privacy",
//     "browsing", "setting", "preference", "experience", "personali", or their German, French,
//     Spanish, Italian, Portuguese or Dutch forms (furniture.cc lists them);
//   - "affiliate link(s)", or "affiliate(s)" / "afiliado(s)" with "commission(s)", "earn(s)",
//     "compensated", "compensation", "qualifying", "provision", "comisión";
//   - "comment(s)", "commenting" or "commenters" with a word starting "moderat", "policy",
//     "policies", "approv", "guideline", "respectful", "civil", "abusive" or "logged";
//   - "sign up", "sign in", "log in", "login", "subscribe", "subscriber(s)", "subscription",
//     "register" or "registration" with "newsletter(s)", "inbox", "account", "unlimited",
//     "continue reading", "already a subscriber", "already a member", "already have an account";
//   - at most 30 words with "all rights reserved", "copyright" followed by a year, or the sign
//     followed by a year.
// A line in the body of an article about cookie law is not at the edge and stays.
// Its tokens are marked Token::boilerplate: kept in the text, left out of alignment and coverage.
#ifndef TEXTRACE_NORMALIZE_FURNITURE_H_
#define TEXTRACE_NORMALIZE_FURNITURE_H_

#include <cstdint>
#include <string_view>

#include "textrace/document.h"

namespace textrace {

inline constexpr int kMaxFurnitureWords = 80;  // for a phrase
inline constexpr int kMaxCueWords = 40;        // for a subject and its cue
inline constexpr int kEdgeLines = 3;

// Whether one line's text is furniture; `at_edge`: the line is at the document's edge.
bool IsFurnitureLine(std::string_view line, bool at_edge);

// Marks the tokens of `doc`'s furniture lines as boilerplate; returns how many tokens.
int64_t MarkFurniture(AnalyzedDocument* doc);

}  // namespace textrace

#endif  // TEXTRACE_NORMALIZE_FURNITURE_H_
