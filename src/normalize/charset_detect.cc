// Statistical charset detection (charset_internal.h; charset.cc's file comment says how): ICU's
// detector proposes candidates, a few are always added, and each is scored by how plausible the
// words of its reading are.
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/charset_internal.h"
#include "util/ascii.h"

namespace textrace {
namespace charset_internal {
namespace {

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

struct Candidate {
  std::string_view encoding;
  int confidence = 0;  // ICU's, 0 for the ones added here
  double score = 0;
  int64_t good = 0, bad = 0;
};

// Script families for the mixed-script test.
enum Family { kNone, kLatin, kCyrillic, kGreek, kCjk, kHangul, kOther };

Family FamilyOf(UChar32 c) {
  if (c < 0x80) return IsAsciiAlpha(c) ? kLatin : kNone;
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode sc = uscript_getScript(c, &err);
  switch (sc) {
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
      return kNone;
    case USCRIPT_LATIN:
      return kLatin;
    case USCRIPT_CYRILLIC:
      return kCyrillic;
    case USCRIPT_GREEK:
      return kGreek;
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_BOPOMOFO:
      return kCjk;
    case USCRIPT_HANGUL:
      return kHangul;
    default:
      return kOther;
  }
}

// A character that does not belong between two letters: a non-ASCII symbol (÷ × № ¤ ...) or
// Latin-1 punctuation other than the middle dot (Catalan "l·l") and the soft hyphen. Quotes,
// dashes and CJK punctuation are normal there.
bool IsJunk(UChar32 c, uint32_t mask) {
  if (c < 0x80) return false;
  if (mask & U_GC_S_MASK) return true;
  return c >= 0xA0 && c <= 0xBF && c != 0xB7 && c != 0xAD && !(mask & U_GC_Z_MASK);
}

// Scores decoded text: counts of plausible and implausible words (see the file comment).
void ScoreText(const UChar* s, int32_t len, int64_t* good, int64_t* bad) {
  struct Word {
    int letters = 0, non_ascii = 0;
    Family family = kNone;
    bool mixed = false, junk = false, case_flip = false, prev_lower = false;
  };
  Word w;
  bool in_word = false, junk_pending = false;
  auto end_word = [&] {
    if (!in_word) return;
    in_word = false;
    junk_pending = false;
    if (w.non_ascii == 0 && !w.junk) return;  // ASCII words read the same in every candidate
    bool ok = !w.mixed && !w.junk && !w.case_flip;
    if (ok && w.family == kLatin && 2 * w.non_ascii > w.letters + 1) ok = false;
    if (ok) {
      ++*good;
    } else {
      ++*bad;
    }
  };
  int32_t i = 0;
  while (i < len) {
    UChar32 c;
    U16_NEXT(s, i, len, c);
    const uint32_t mask = U_GET_GC_MASK(c);
    if (mask & (U_GC_L_MASK | U_GC_M_MASK)) {
      if (!in_word) {
        w = Word();
        in_word = true;
      }
      if (junk_pending) {
        w.junk = true;
        junk_pending = false;
      }
      if (mask & U_GC_L_MASK) {
        ++w.letters;
        if (c >= 0x80) ++w.non_ascii;
        const Family f = FamilyOf(c);
        if (f != kNone) {
          if (w.family == kNone) {
            w.family = f;
          } else if (f != w.family) {
            // Latin letters inside CJK or Hangul text are normal ("iPhone手机").
            const bool latin_with_east_asian =
                (f == kLatin && (w.family == kCjk || w.family == kHangul)) ||
                (w.family == kLatin && (f == kCjk || f == kHangul));
            if (latin_with_east_asian) {
              if (w.family == kLatin) w.family = f;
            } else {
              w.mixed = true;
            }
          }
        }
        if ((mask & U_GC_LU_MASK) && w.prev_lower) w.case_flip = true;
        w.prev_lower = (mask & U_GC_LL_MASK) != 0;
      }
      continue;
    }
    const bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ||
                         (c >= 0x7F && c <= 0x9F) || c == 0xFFFD;
    if (control) {
      end_word();
      ++*bad;
      continue;
    }
    if (in_word && IsJunk(c, mask)) {
      if (junk_pending) {
        end_word();  // two symbols in a row: not inside a word
      } else {
        junk_pending = true;
      }
      continue;
    }
    end_word();
  }
  end_word();
}

// The tokens of `probe` that hold a byte >= 0x80, joined by '\n' (at most `limit` bytes). All
// the candidates read ASCII alike, so only these tell them apart. Tokens end at ASCII whitespace
// and '<' '>', which are never the second byte of a multi-byte character in the supported
// encodings.
std::string Sample(std::string_view probe, bool truncated, size_t limit) {
  std::string out;
  size_t p = 0;
  const size_t n = probe.size();
  auto is_sep = [](unsigned char c) { return IsHtmlSpace(c) || c == '<' || c == '>'; };
  while (p < n && out.size() < limit) {
    while (p < n && is_sep(static_cast<unsigned char>(probe[p]))) ++p;
    const size_t start = p;
    bool high = false;
    while (p < n && !is_sep(static_cast<unsigned char>(probe[p]))) {
      high |= static_cast<unsigned char>(probe[p]) >= 0x80;
      ++p;
    }
    if (p == n && truncated) break;  // the last token may be cut in the middle of a character
    if (high) {
      out.append(probe.substr(start, p - start));
      out.push_back('\n');
    }
  }
  return out;
}

void ScoreCandidate(std::string_view sample, Candidate* c) {
  c->good = c->bad = 0;
  ConverterPtr cnv = OpenConverter(c->encoding);
  if (!cnv) {
    c->score = -1e9;
    return;
  }
  int64_t invalid = 0;
  if (!SetCounting(cnv.get(), &invalid)) {
    c->score = -1e9;
    return;
  }
  std::vector<UChar> buf(sample.size() + 16);
  UErrorCode err = U_ZERO_ERROR;
  const int32_t len = ucnv_toUChars(cnv.get(), buf.data(), static_cast<int32_t>(buf.size()),
                                    sample.data(), static_cast<int32_t>(sample.size()), &err);
  if (U_FAILURE(err) && err != U_STRING_NOT_TERMINATED_WARNING) {
    c->score = -1e9;
    return;
  }
  ScoreText(buf.data(), std::min<int32_t>(len, static_cast<int32_t>(buf.size())), &c->good,
            &c->bad);
  const double total = static_cast<double>(std::max<int64_t>(1, c->good + c->bad));
  c->score = (static_cast<double>(c->good) - 2.0 * static_cast<double>(c->bad)) / total +
             c->confidence / 200.0;
}

bool IsCjk(std::string_view enc) {
  return enc == "shift_jis" || enc == "euc-jp" || enc == "gbk" || enc == "gb18030" ||
         enc == "euc-kr" || enc == "big5";
}

}  // namespace

CharsetDecision Detect(std::string_view bytes, size_t first_non_ascii, size_t max_probe) {
  max_probe = std::max<size_t>(max_probe, 256);
  // Start the probe shortly before the first non-ASCII byte: a long ASCII head (markup, an
  // English preamble) says nothing about the encoding. ASCII bytes are character boundaries.
  size_t start = 0;
  if (first_non_ascii != std::string_view::npos && first_non_ascii > max_probe / 2) {
    start = first_non_ascii - std::min<size_t>(first_non_ascii, 1024);
  }
  const std::string_view probe = bytes.substr(start, max_probe);
  const bool truncated = start + probe.size() < bytes.size();

  std::vector<Candidate> candidates;
  auto add = [&](std::string_view enc, int conf) {
    if (enc.empty() || enc == "utf-8" || enc == "utf-16le" || enc == "utf-16be" ||
        enc == "iso-2022-jp") {
      return;
    }
    for (Candidate& c : candidates) {
      if (c.encoding == enc) {
        c.confidence = std::max(c.confidence, conf);
        return;
      }
    }
    Candidate c;
    c.encoding = enc;
    c.confidence = conf;
    candidates.push_back(c);
  };
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&err));
  if (U_SUCCESS(err)) {
    ucsdet_enableInputFilter(det.get(), true);
    ucsdet_setText(det.get(), probe.data(), static_cast<int32_t>(probe.size()), &err);
    int32_t count = 0;
    const UCharsetMatch** matches =
        U_SUCCESS(err) ? ucsdet_detectAll(det.get(), &count, &err) : nullptr;
    if (U_SUCCESS(err) && matches != nullptr) {
      for (int32_t i = 0; i < count && candidates.size() < 8; ++i) {
        UErrorCode e = U_ZERO_ERROR;
        const char* name = ucsdet_getName(matches[i], &e);
        const int32_t conf = ucsdet_getConfidence(matches[i], &e);
        if (U_FAILURE(e) || name == nullptr || conf < 5) continue;
        add(LookUp(AsciiToLower(name)), conf);
      }
    }
  }
  const std::string sample = Sample(probe, truncated, 32 * 1024);
  // ICU's multi-byte recognisers count the most frequent characters of each language: a high
  // confidence there is reliable, and the plausibility score cannot tell CJK encodings apart
  // (each reads the others' bytes as valid ideographs). A CJK encoding is therefore taken when
  // ICU ranks it first with confidence >= 50 and its reading is mostly plausible, and is not
  // considered at all with confidence below 50.
  if (!candidates.empty() && IsCjk(candidates.front().encoding) &&
      candidates.front().confidence >= 50) {
    Candidate& top = candidates.front();
    ScoreCandidate(sample, &top);
    if (top.good > 0 && top.bad * 4 <= top.good) {
      CharsetDecision d;
      d.encoding = std::string(top.encoding);
      d.source = "detected";
      d.confidence = top.confidence;
      return d;
    }
  }
  std::erase_if(candidates,
                [](const Candidate& c) { return IsCjk(c.encoding) && c.confidence < 50; });
  add("windows-1252", 0);
  add("windows-1251", 0);
  add("ibm866", 0);  // DOS Cyrillic: ICU has no model for it
  if (std::any_of(candidates.begin(), candidates.end(),
                  [](const Candidate& c) { return c.encoding == "koi8-r"; })) {
    add("koi8-u", 0);  // ICU's KOI8-R model also matches Ukrainian KOI8-U
  }

  Candidate* best = nullptr;
  for (Candidate& c : candidates) {
    ScoreCandidate(sample, &c);
    if (best == nullptr || c.score > best->score ||
        (c.score == best->score && c.confidence > best->confidence)) {
      best = &c;
    }
  }
  CharsetDecision d;
  if (best == nullptr || (best->good == 0 && best->confidence < 10)) {
    d.encoding = "windows-1252";
    d.source = "fallback";
    d.confidence = 100;
    return d;
  }
  d.encoding = std::string(best->encoding);
  d.source = "detected";
  const double plausible = static_cast<double>(best->good) /
                           static_cast<double>(std::max<int64_t>(1, best->good + best->bad));
  d.confidence =
      std::clamp(std::max(best->confidence, static_cast<int>(plausible * 60.0 + 0.5)), 1, 100);
  return d;
}

}  // namespace charset_internal
}  // namespace textrace
