// Character encodings: labels, decision and decoding to UTF-8 (see charset.h).
//
// Decisions worth knowing:
// - Order: byte-order mark; the declared label (unless the bytes are UTF-16 by their zero-byte
//   pattern and the label says otherwise: a page served as "iso-8859-1" whose bytes are UTF-16
//   cannot be read as the label says); UTF-16 by the zero-byte pattern (before the UTF-8 test,
//   because UTF-16 text of Latin or Cyrillic script is valid UTF-8: its zero bytes are NULs and
//   its other bytes are mostly below 0x80); UTF-8; detection; windows-1252.
// - "Nearly valid" UTF-8: at most 1 invalid sequence in 20 non-ASCII sequences (valid multi-byte
//   ones plus invalid ones), counted over the whole input. Web text often carries a few damaged
//   sequences; legacy 8-bit text has almost no valid multi-byte sequences (a valid one needs a
//   byte C2..F4 followed by the right number of bytes 80..BF). Such text is left `unchanged`:
//   the analyzer replaces the damaged sequences by U+FFFD and repairs mojibake, and offsets stay
//   those of the original bytes. Pure ASCII is UTF-8, except that 7-bit ISO-2022-JP (ESC $ B /
//   ESC $ @) is recognised.
// - UTF-16 without a mark: over the probe (at least 16 bytes), the bytes at one parity (the high
//   bytes) are zero for >= 30% of the code units, or for >= 5% with three values covering >= 90%
//   of that parity (Cyrillic: 0x04, 0x00, 0x20); the other parity is zero for <= 2% of units;
//   and the decoded units have <= 2% unpaired surrogates or control characters.
// - Detection: ICU's detector proposes candidates (its ISO-8859-1 is windows-1252, as in WHATWG).
//   A CJK multi-byte encoding that ICU ranks first with confidence >= 50 is taken (ICU's CJK
//   recognisers count each language's most frequent characters and are reliable; the score
//   below cannot tell CJK encodings apart, each reading the others' bytes as ideographs); CJK
//   candidates below 50 are dropped. windows-1251, windows-1252 and ibm866 are always added
//   (ICU's n-gram models confuse the first two on some texts and have no model for the third),
//   koi8-u when ICU proposes koi8-r. Each candidate decodes a sample (the probe's
//   whitespace-separated tokens that hold a byte >= 0x80) and is scored: words with non-ASCII
//   letters count as good, or as bad when they mix scripts (Latin with Cyrillic or Greek:
//   "fьr"), hold a symbol between letters ("ïðè÷åì"), switch from lower to upper case
//   ("пРИВЕТ"), or are Latin words of more than half non-ASCII letters (Cyrillic read as
//   windows-1252: "Ïðèâåò"); undecodable bytes and C1 controls are bad too. The best of
//   (good - 2 bad) / (good + bad) + ICU confidence / 200 wins. Checked on Russian, Ukrainian,
//   French, German, Spanish, Polish, Czech, Greek, Turkish, Hebrew, Arabic, Japanese, Chinese and
//   Korean text in their legacy encodings, down to one sentence.
// - Decoding uses one ICU converter per call (never shared between threads), in chunks of
//   64 KiB through a UTF-16 pivot; the output is reserved from the ratio seen on the first
//   chunk, so memory stays near input + output. Undecodable bytes become U+FFFD and are counted.
// - UTF-8 input keeps its bytes: `unchanged` without a BOM, the bytes after the BOM with one;
//   invalid sequences are counted in `invalid` but left for the analyzer.
// - ISO-8859-16 is not known: the ICU data this builds against has no converter for it.
#include "normalize/charset.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "normalize/decode.h"

namespace textrace {
namespace {

// ---- Labels ---------------------------------------------------------------------------------

// The WHATWG Encoding Standard's labels, by encoding, plus a few common extras (cp932, cp936,
// cp949, cp950, win-1251 ...). Labels are matched lower-cased and trimmed; a second table keyed
// by the letters and digits only ("iso_8859-5" -> "iso88595") catches spelling variants.
struct LabelGroup {
  const char* name;
  const char* labels;  // separated by spaces
};

constexpr LabelGroup kLabelGroups[] = {
    {"utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {"ibm866", "866 cp866 csibm866 ibm866 ibm-866"},
    {"iso-8859-2",
     "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {"iso-8859-3",
     "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {"iso-8859-4",
     "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {"iso-8859-5",
     "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
     "iso_8859-5:1988"},
    {"iso-8859-6",
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
     "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {"iso-8859-7",
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
     "iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {"iso-8859-8",
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
     "iso_8859-8 iso_8859-8:1988 visual"},
    {"iso-8859-8-i", "csiso88598i iso-8859-8-i logical"},
    {"iso-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {"iso-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {"iso-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {"iso-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9 latin9 latin-9"},
    {"koi8-r", "cskoi8r koi koi8 koi8-r koi8_r"},
    {"koi8-u", "koi8-ru koi8-u"},
    {"macintosh", "csmacintosh mac macintosh x-mac-roman"},
    {"windows-874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874 cp874"},
    {"windows-1250", "cp1250 windows-1250 x-cp1250"},
    {"windows-1251", "cp1251 windows-1251 x-cp1251"},
    {"windows-1252",
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
    {"windows-1253", "cp1253 windows-1253 x-cp1253"},
    {"windows-1254",
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
     "latin5 windows-1254 x-cp1254"},
    {"windows-1255", "cp1255 windows-1255 x-cp1255"},
    {"windows-1256", "cp1256 windows-1256 x-cp1256"},
    {"windows-1257", "cp1257 windows-1257 x-cp1257"},
    {"windows-1258", "cp1258 windows-1258 x-cp1258"},
    {"x-mac-cyrillic", "x-mac-cyrillic x-mac-ukrainian"},
    {"gbk",
     "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk cp936 "
     "windows-936"},
    {"gb18030", "gb18030"},
    {"big5", "big5 big5-hkscs cn-big5 csbig5 x-x-big5 cp950 windows-950"},
    {"euc-jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"iso-2022-jp", "csiso2022jp iso-2022-jp"},
    {"shift_jis",
     "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis cp932 windows-932"},
    {"euc-kr",
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
     "ksc_5601 windows-949 cp949 uhc"},
    {"utf-16be", "unicodefffe utf-16be"},
    {"utf-16le", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
};

std::string AlnumKey(std::string_view s) {
  std::string k;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) k.push_back(c);
  }
  return k;
}

struct LabelTables {
  std::unordered_map<std::string, std::string_view> exact, loose;
};

const LabelTables& Tables() {
  static const LabelTables* tables = [] {
    auto* t = new LabelTables;
    for (const LabelGroup& g : kLabelGroups) {
      std::string_view labels = g.labels;
      while (!labels.empty()) {
        const size_t sp = std::min(labels.find(' '), labels.size());
        const std::string label(labels.substr(0, sp));
        labels.remove_prefix(std::min(labels.size(), sp + 1));
        t->exact.emplace(label, g.name);
        t->loose.emplace(AlnumKey(label), g.name);
      }
    }
    // "win1251", "win-1252", "windows1250" ...
    static const char* const kWin[] = {"windows-1250", "windows-1251", "windows-1252",
                                       "windows-1253", "windows-1254", "windows-1255",
                                       "windows-1256", "windows-1257", "windows-1258"};
    for (int i = 0; i < 9; ++i) {
      const std::string n = std::to_string(1250 + i);
      t->loose.emplace("win" + n, kWin[i]);
      t->loose.emplace("windows" + n, kWin[i]);
      t->loose.emplace("cp" + n, kWin[i]);
      t->loose.emplace("xcp" + n, kWin[i]);
    }
    return t;
  }();
  return *tables;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool IsHtmlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHtmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view LookUp(const std::string& lower) {
  const LabelTables& t = Tables();
  if (auto it = t.exact.find(lower); it != t.exact.end()) return it->second;
  if (auto it = t.loose.find(AlnumKey(lower)); it != t.loose.end()) return it->second;
  return {};
}

// The ICU converter name for a canonical name (WHATWG decoders where ICU has them).
const char* IcuName(std::string_view canonical) {
  if (canonical == "gbk") return "gb18030";  // WHATWG decodes GBK with the gb18030 decoder
  if (canonical == "shift_jis") return "windows-31j";
  if (canonical == "euc-kr") return "windows-949";
  if (canonical == "big5") return "big5-hkscs";
  if (canonical == "iso-8859-8-i") return "iso-8859-8";
  if (canonical == "ibm866") return "ibm-866";
  if (canonical == "utf-16le") return "UTF-16LE";
  if (canonical == "utf-16be") return "UTF-16BE";
  return nullptr;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// A converter for a canonical name, or null.
ConverterPtr OpenConverter(std::string_view canonical) {
  const char* icu = IcuName(canonical);
  std::string name = icu != nullptr ? icu : std::string(canonical);
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr cnv(ucnv_open(name.c_str(), &err));
  if (U_FAILURE(err)) cnv.reset();
  if (!cnv && canonical == "big5") {
    err = U_ZERO_ERROR;
    cnv.reset(ucnv_open("big5", &err));
    if (U_FAILURE(err)) cnv.reset();
  }
  return cnv;
}

// ICU callback: an undecodable sequence becomes U+FFFD and is counted in *context.
void U_CALLCONV CountAndReplace(const void* context, UConverterToUnicodeArgs* args,
                                const char* /*code_units*/, int32_t /*length*/,
                                UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone
  ++*static_cast<int64_t*>(const_cast<void*>(context));
  *err = U_ZERO_ERROR;
  static const UChar kReplacementChar = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kReplacementChar, 1, 0, err);
}

bool SetCounting(UConverter* cnv, int64_t* counter) {
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(cnv, CountAndReplace, counter, nullptr, nullptr, &err);
  return U_SUCCESS(err);
}

// ---- UTF-8 and UTF-16 -----------------------------------------------------------------------

struct Utf8Stats {
  int64_t valid_multi = 0;  // valid sequences of 2..4 bytes
  int64_t invalid = 0;      // invalid sequences (each becomes one U+FFFD when decoded)
  size_t first_non_ascii = std::string_view::npos;
};

Utf8Stats ScanUtf8(std::string_view s) {
  Utf8Stats st;
  const size_t n = s.size();
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  size_t p = 0;
  while (p < n) {
    // ASCII, 8 bytes at a time.
    while (p + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, b + p, 8);
      if (w & 0x8080808080808080ull) break;
      p += 8;
    }
    while (p < n && b[p] < 0x80) ++p;
    if (p >= n) break;
    if (st.first_non_ascii == std::string_view::npos) st.first_non_ascii = p;
    bool valid = false;
    const uint32_t len = Utf8SequenceAt(s, p, &valid);
    if (valid) {
      ++st.valid_multi;
    } else {
      ++st.invalid;
    }
    p += len;
  }
  return st;
}

bool NearlyValidUtf8(const Utf8Stats& st) {
  return st.invalid == 0 || st.invalid * 20 <= st.valid_multi + st.invalid;
}

// "utf-16le", "utf-16be" or "" by the zero-byte pattern of `probe`.
std::string_view Utf16Pattern(std::string_view probe) {
  const size_t n = probe.size() & ~size_t{1};
  if (n < 16) return {};
  const auto* b = reinterpret_cast<const unsigned char*>(probe.data());
  std::array<uint32_t, 256> even{}, odd{};
  for (size_t i = 0; i < n; i += 2) {
    ++even[b[i]];
    ++odd[b[i + 1]];
  }
  const uint64_t units = n / 2;
  auto high_parity_ok = [&](const std::array<uint32_t, 256>& hist) {
    const uint64_t zeros = hist[0];
    if (zeros * 10 >= units * 3) return true;
    if (zeros * 20 < units) return false;
    std::array<uint32_t, 256> sorted = hist;
    std::partial_sort(sorted.begin(), sorted.begin() + 3, sorted.end(), std::greater<>());
    return (uint64_t{sorted[0]} + sorted[1] + sorted[2]) * 10 >= units * 9;
  };
  auto low_parity_ok = [&](const std::array<uint32_t, 256>& hist) {
    return uint64_t{hist[0]} * 50 <= units;
  };
  auto units_ok = [&](bool little) {
    uint64_t bad = 0;
    for (size_t i = 0; i + 1 < n;) {
      const uint16_t u = little ? static_cast<uint16_t>(b[i] | (b[i + 1] << 8))
                                : static_cast<uint16_t>((b[i] << 8) | b[i + 1]);
      i += 2;
      if (U16_IS_LEAD(u)) {
        if (i + 1 < n) {
          const uint16_t v = little ? static_cast<uint16_t>(b[i] | (b[i + 1] << 8))
                                    : static_cast<uint16_t>((b[i] << 8) | b[i + 1]);
          if (U16_IS_TRAIL(v)) {
            i += 2;
            continue;
          }
          ++bad;
        }
      } else if (U16_IS_TRAIL(u) || u == 0xFFFE || u == 0xFFFF) {
        ++bad;
      } else if (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f') {
        ++bad;
      }
    }
    return bad * 50 <= units;
  };
  const bool le = high_parity_ok(odd) && low_parity_ok(even);
  const bool be = high_parity_ok(even) && low_parity_ok(odd);
  if (le && (!be || odd[0] >= even[0]) && units_ok(true)) return "utf-16le";
  if (be && units_ok(false)) return "utf-16be";
  return {};
}

// ---- Detection ------------------------------------------------------------------------------

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
  if (c < 0x80) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? kLatin : kNone;
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
  auto is_sep = [](unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '<' || c == '>';
  };
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
        std::string lower(name);
        for (char& ch : lower) ch = AsciiLower(ch);
        add(LookUp(lower), conf);
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

bool LooksLikeIso2022Jp(std::string_view probe) {
  for (size_t p = probe.find('\x1b'); p != std::string_view::npos; p = probe.find('\x1b', p + 1)) {
    const std::string_view s = probe.substr(p + 1, 2);
    if (s == "$B" || s == "$@") return true;
  }
  return false;
}

CharsetDecision Make(std::string_view enc, std::string_view source, size_t bom = 0) {
  CharsetDecision d;
  d.encoding = std::string(enc);
  d.source = std::string(source);
  d.confidence = 100;
  d.bom_bytes = bom;
  return d;
}

CharsetDecision Decide(std::string_view bytes, std::string_view declared, size_t max_probe,
                       Utf8Stats* utf8_stats, bool* utf8_scanned) {
  *utf8_scanned = false;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return Make("utf-8", "bom", 3);
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") return Make("utf-16le", "bom", 2);
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") return Make("utf-16be", "bom", 2);
  max_probe = std::max<size_t>(max_probe, 16);
  const std::string_view probe = bytes.substr(0, max_probe);
  const std::string_view utf16 = Utf16Pattern(probe);
  const std::string label = CanonicalEncoding(declared);
  if (!label.empty()) {
    if (!utf16.empty() && utf16 != label) return Make(utf16, "utf-16-pattern");
    return Make(label, "declared");
  }
  if (!utf16.empty()) return Make(utf16, "utf-16-pattern");
  *utf8_stats = ScanUtf8(bytes);
  *utf8_scanned = true;
  if (utf8_stats->first_non_ascii == std::string_view::npos) {
    if (LooksLikeIso2022Jp(probe)) {
      CharsetDecision d = Make("iso-2022-jp", "detected");
      d.confidence = 90;
      return d;
    }
    return Make("utf-8", "utf-8");
  }
  if (NearlyValidUtf8(*utf8_stats)) return Make("utf-8", "utf-8");
  return Detect(bytes, utf8_stats->first_non_ascii, max_probe);
}

// Decodes `bytes` from `canonical` to UTF-8; undecodable sequences become U+FFFD and are counted.
std::string Convert(std::string_view bytes, std::string_view canonical, int64_t* invalid) {
  ConverterPtr cnv = OpenConverter(canonical);
  if (!cnv) cnv = OpenConverter("windows-1252");
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr utf8(ucnv_open("UTF-8", &err));
  std::string out;
  if (!cnv || !utf8 || U_FAILURE(err) || !SetCounting(cnv.get(), invalid)) {
    // Cannot happen with ICU's data present; keep the contract (never fail): ASCII only.
    out.reserve(bytes.size());
    for (char c : bytes) {
      if (static_cast<unsigned char>(c) < 0x80) {
        out.push_back(c);
      } else {
        out.append("\xEF\xBF\xBD");
        ++*invalid;
      }
    }
    return out;
  }
  constexpr size_t kChunk = 64 * 1024;
  std::vector<UChar> pivot(kChunk);
  std::vector<char> buf(3 * kChunk);
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* src = bytes.data();
  const char* const src_end = bytes.data() + bytes.size();
  bool reset = true;
  bool reserved = false;
  while (true) {
    // Feed the source in chunks too, so that the first output tells the expansion ratio.
    const char* chunk_end = src_end - src > static_cast<ptrdiff_t>(kChunk) ? src + kChunk : src_end;
    const char* const chunk_start = src;
    const bool flush = chunk_end == src_end;
    char* target = buf.data();
    err = U_ZERO_ERROR;
    ucnv_convertEx(utf8.get(), cnv.get(), &target, buf.data() + buf.size(), &src, chunk_end,
                   pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset,
                   flush, &err);
    reset = false;
    if (!reserved && src > chunk_start) {
      reserved = true;
      const double ratio =
          static_cast<double>(target - buf.data()) / static_cast<double>(src - chunk_start);
      out.reserve(static_cast<size_t>(static_cast<double>(bytes.size()) * ratio * 1.05) + 64);
    }
    out.append(buf.data(), static_cast<size_t>(target - buf.data()));
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(err)) {
      // Not expected (errors go to the callback); never loop forever: the rest becomes U+FFFD.
      if (src < src_end) {
        out.append("\xEF\xBF\xBD");
        ++*invalid;
      }
      break;
    }
    if (flush && src == src_end) break;
  }
  return out;
}

}  // namespace

std::string CharsetFromContentType(std::string_view content_type) {
  // type/subtype *( ";" name "=" ( token | quoted-string ) ), tolerant of spaces and case.
  size_t i = content_type.find(';');
  const size_t n = content_type.size();
  while (i != std::string_view::npos && i < n) {
    while (i < n && (content_type[i] == ';' || IsHtmlSpace(content_type[i]))) ++i;
    const size_t name_start = i;
    while (i < n && content_type[i] != '=' && content_type[i] != ';') ++i;
    if (i >= n || content_type[i] == ';') continue;  // a parameter without a value
    std::string name(Trim(content_type.substr(name_start, i - name_start)));
    for (char& c : name) c = AsciiLower(c);
    ++i;  // '='
    while (i < n && IsHtmlSpace(content_type[i])) ++i;
    std::string value;
    if (i < n && (content_type[i] == '"' || content_type[i] == '\'')) {
      const char quote = content_type[i++];
      while (i < n && content_type[i] != quote) {
        if (content_type[i] == '\\' && i + 1 < n) ++i;
        value.push_back(content_type[i++]);
      }
      if (i < n) ++i;  // closing quote
    } else {
      while (i < n && content_type[i] != ';' && content_type[i] != ',' &&
             !IsHtmlSpace(content_type[i])) {
        value.push_back(content_type[i++]);
      }
    }
    if (name == "charset") {
      std::string out(Trim(value));
      for (char& c : out) c = AsciiLower(c);
      return out;
    }
    i = content_type.find(';', i);
  }
  return "";
}

std::string CanonicalEncoding(std::string_view label) {
  label = Trim(label);
  if (label.empty() || label.size() > 64) return "";
  std::string lower(label);
  for (char& c : lower) c = AsciiLower(c);
  if (std::string_view found = LookUp(lower); !found.empty()) return std::string(found);
  // ICU's alias table knows more spellings ("ibm-5348", "ms-ansi", "x-mac-greek" ...): resolve
  // the label to an ICU converter and take that converter's standard names.
  UErrorCode err = U_ZERO_ERROR;
  const char* internal = ucnv_getAlias(lower.c_str(), 0, &err);
  if (U_FAILURE(err) || internal == nullptr) return "";
  for (const char* standard : {"WINDOWS", "MIME", "IANA"}) {
    UErrorCode e = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(internal, standard, &e);
    if (U_FAILURE(e) || name == nullptr) continue;
    std::string n(name);
    for (char& c : n) c = AsciiLower(c);
    if (std::string_view found = LookUp(n); !found.empty()) return std::string(found);
  }
  return "";
}

CharsetDecision DecideCharset(std::string_view bytes, std::string_view declared, size_t max_probe) {
  Utf8Stats stats;
  bool scanned = false;
  return Decide(bytes, declared, max_probe, &stats, &scanned);
}

Utf8Text ToUtf8(std::string_view bytes, std::string_view declared) {
  Utf8Text out;
  Utf8Stats stats;
  bool scanned = false;
  out.charset = Decide(bytes, declared, 64 * 1024, &stats, &scanned);
  const std::string_view body = bytes.substr(std::min(out.charset.bom_bytes, bytes.size()));
  if (out.charset.encoding == "utf-8") {
    if (!scanned || out.charset.bom_bytes > 0) stats = ScanUtf8(body);
    out.invalid = stats.invalid;
    if (out.charset.bom_bytes == 0) {
      out.unchanged = true;
    } else {
      out.text.assign(body);
    }
    return out;
  }
  out.text = Convert(body, out.charset.encoding, &out.invalid);
  return out;
}

}  // namespace textrace
