// Encoding labels (charset.h): the WHATWG label tables, CanonicalEncoding and
// CharsetFromContentType.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "normalize/charset.h"
#include "normalize/charset_internal.h"
#include "util/ascii.h"

namespace textrace {
namespace {

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
    if (IsAsciiLower(c) || IsAsciiDigit(c)) k.push_back(c);
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

// `s` without the white space (as <cctype>'s isspace) at its ends.
std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsCSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsCSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

namespace charset_internal {

std::string_view LookUp(const std::string& lower) {
  const LabelTables& t = Tables();
  if (auto it = t.exact.find(lower); it != t.exact.end()) return it->second;
  if (auto it = t.loose.find(AlnumKey(lower)); it != t.loose.end()) return it->second;
  return {};
}

}  // namespace charset_internal

using charset_internal::LookUp;

std::string CharsetFromContentType(std::string_view content_type) {
  // type/subtype *( ";" name "=" ( token | quoted-string ) ), tolerant of spaces and case.
  size_t i = content_type.find(';');
  const size_t n = content_type.size();
  while (i != std::string_view::npos && i < n) {
    while (i < n && (content_type[i] == ';' || IsCSpace(content_type[i]))) ++i;
    const size_t name_start = i;
    while (i < n && content_type[i] != '=' && content_type[i] != ';') ++i;
    if (i >= n || content_type[i] == ';') continue;  // a parameter without a value
    const std::string name = AsciiToLower(Trim(content_type.substr(name_start, i - name_start)));
    ++i;  // '='
    while (i < n && IsCSpace(content_type[i])) ++i;
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
             !IsCSpace(content_type[i])) {
        value.push_back(content_type[i++]);
      }
    }
    if (name == "charset") {
      return AsciiToLower(Trim(value));
    }
    i = content_type.find(';', i);
  }
  return "";
}

std::string CanonicalEncoding(std::string_view label) {
  label = Trim(label);
  if (label.empty() || label.size() > 64) return "";
  const std::string lower = AsciiToLower(label);
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
    if (std::string_view found = LookUp(AsciiToLower(name)); !found.empty()) {
      return std::string(found);
    }
  }
  return "";
}

}  // namespace textrace
