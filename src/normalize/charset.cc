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
//
// The parts: labels (charset_labels.cc), detection (charset_detect.cc), decoding through ICU
// (charset_convert.cc); this file holds the decision and the UTF-8 and UTF-16 tests.
#include "normalize/charset.h"

#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "normalize/charset_internal.h"
#include "util/utf8.h"

namespace textrace {
namespace {

using charset_internal::Convert;
using charset_internal::Detect;

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

// ---- The decision ---------------------------------------------------------------------------

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

}  // namespace

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
