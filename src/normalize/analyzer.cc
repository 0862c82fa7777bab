#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/rbbi.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#include "normalize/decode.h"
#include "normalize/furniture.h"
#include "normalize/language.h"
#include "normalize/stopwords.h"
#include "textrace/document.h"
#include "util/ascii.h"
#include "util/flat_map.h"
#include "util/hash.h"

namespace textrace {

TokenGap GapBefore(const AnalyzedDocument& d, uint32_t t) {
  int breaks = 0;
  bool punctuation = false;
  for (uint32_t b = d.tokens[t - 1].end_byte; b < d.tokens[t].begin_byte; ++b) {
    const char c = d.bytes[b];
    if (c == '\n') {
      ++breaks;
    } else if (c == '.' || c == '!' || c == '?') {
      punctuation = true;
    }
  }
  TokenGap g;
  g.paragraph = breaks >= 2;
  g.wrapped = breaks == 1 && !punctuation;
  return g;
}

namespace {

// ICU's word break rules (root locale, ICU 72) for ASCII text, written out: breaking ASCII
// with ICU was half of the analysis time. The classes are Unicode's Word_Break values, with ICU's
// changes ('@' is a letter; ':' does not join letters).
enum class AsciiClass : uint8_t { kOther, kLetter, kDigit, kMidNumLet, kMidNum, kUnderscore };
constexpr std::array<AsciiClass, 128> MakeAsciiClasses() {
  std::array<AsciiClass, 128> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = AsciiClass::kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = AsciiClass::kLetter;
  for (int c = '0'; c <= '9'; ++c) t[c] = AsciiClass::kDigit;
  t['@'] = AsciiClass::kLetter;
  t['.'] = AsciiClass::kMidNumLet;  // joins letters to letters and digits to digits
  t['\''] = AsciiClass::kMidNumLet;
  t[','] = AsciiClass::kMidNum;  // joins digits to digits
  t[';'] = AsciiClass::kMidNum;
  t['_'] = AsciiClass::kUnderscore;  // joins to letters, digits and itself
  return t;
}
constexpr std::array<AsciiClass, 128> kAsciiClasses = MakeAsciiClasses();

// Calls f(begin, end, number) for each word of the ASCII chunk s[0, n) (no white space in it),
// as ICU's word break iterator over a text holding the chunk between white space would: the
// segments whose rule status is a word, and whether that status is UBRK_WORD_NUMBER.
template <typename F>
void ForEachAsciiWord(const char16_t* s, int32_t n, F&& f) {
  using C = AsciiClass;
  auto cls = [&](int32_t k) { return k < n ? kAsciiClasses[s[k]] : C::kOther; };
  auto wordlike = [](C c) { return c == C::kLetter || c == C::kDigit || c == C::kUnderscore; };
  int32_t i = 0;
  while (i < n) {
    if (!wordlike(cls(i))) {
      ++i;
      continue;
    }
    const int32_t begin = i;
    while (true) {
      const C x = cls(i), y = cls(i + 1);
      if (wordlike(y)) {  // WB5, WB8-WB10, WB13a, WB13b
        ++i;
      } else if (x == C::kLetter && y == C::kMidNumLet && cls(i + 2) == C::kLetter) {  // WB6-7
        i += 2;
      } else if (x == C::kDigit && (y == C::kMidNumLet || y == C::kMidNum) &&
                 cls(i + 2) == C::kDigit) {  // WB11-12
        i += 2;
      } else {
        ++i;
        break;
      }
    }
    // ICU's status is that of the state the last character left it in: a letter's is a
    // word's, a digit's a number's; an underscore keeps a number's after one digit ("1_"), and a
    // lone underscore is not a word.
    const C last = cls(i - 1);
    bool word = true, number = last == C::kDigit;
    if (last == C::kUnderscore) {
      if (i - begin == 1) word = false;
      number = i - begin > 1 && cls(i - 2) == C::kDigit;
    }
    if (word) f(begin, i, number);
  }
}

bool IsApostrophe(char16_t c) { return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07; }

class IcuAnalyzer final : public Analyzer {
 public:
  explicit IcuAnalyzer(const AnalyzerOptions& options) : options_(options) {}

  Status Init() {
    UErrorCode err = U_ZERO_ERROR;
    words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
    if (U_FAILURE(err)) return InternalError(std::string("ICU word break: ") + u_errorName(err));
    sentences_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), err));
    if (U_FAILURE(err))
      return InternalError(std::string("ICU sentence break: ") + u_errorName(err));
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(err);
    if (U_FAILURE(err)) return InternalError(std::string("ICU NFKC_Casefold: ") + u_errorName(err));
    detect_ = options_.language == "auto";
    // The one language, or (auto) the one of documents the detector is not sure of.
    const std::string given = detect_ ? "english" : options_.language;
    fallback_ = std::make_unique<LanguageState>();
    if (given != "none") {
      fallback_->stemmer = sb_stemmer_new(given.c_str(), "UTF_8");
      if (fallback_->stemmer == nullptr) {
        return InvalidArgumentError("no Snowball stemmer for language '" + options_.language +
                                    "' (use 'auto', an ISO 639 name such as 'english', or 'none')");
      }
    }
    fallback_->english = given == "english" || given == "en";
    current_ = fallback_.get();
    return Status::Ok();
  }

  StatusOr<AnalyzedDocument> Analyze(std::string name, std::string bytes) override {
    if (bytes.size() >= std::numeric_limits<uint32_t>::max()) {
      return InvalidArgumentError(name + ": document of " + std::to_string(bytes.size()) +
                                  " bytes is over the 4 GiB limit of one document");
    }
    AnalyzedDocument doc;
    doc.name = std::move(name);
    doc.bytes = std::move(bytes);
    DecodeOptions dopt;
    dopt.repair_mojibake = options_.repair_mojibake;
    DecodedText dec = DecodeText(doc.bytes, dopt);
    if (dec.text.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
      // ICU's break iterators index text with 32-bit signed positions.
      return InvalidArgumentError(doc.name + ": document of " + std::to_string(dec.text.size()) +
                                  " UTF-16 units is over the 2^31 limit of one document");
    }
    doc.char_length = dec.char_length;
    doc.invalid_utf8_sequences = dec.invalid_sequences;
    doc.mojibake_repairs = dec.mojibake_repairs;
    current_ = fallback_.get();
    if (dec.text.empty()) return doc;
    if (detect_) {
      doc.language = DetectLanguage(dec.text);
      current_ = StateFor(doc.language);
    }

    UErrorCode err = U_ZERO_ERROR;
    UText* ut =
        utext_openUChars(nullptr, dec.text.data(), static_cast<int64_t>(dec.text.size()), &err);
    if (U_FAILURE(err)) return InternalError(doc.name + ": ICU utext: " + u_errorName(err));
    // Sentences: a line break inside running text (hard-wrapped or damaged text) does not end a
    // sentence; a blank line or a break after sentence punctuation does (ICU sees to the latter).
    std::u16string joined;
    UText* st = ut;
    if (options_.join_wrapped_lines) {
      joined = dec.text;
      // A line break is "\n", "\r\n" or "\r"; it is joined (made spaces) unless the next or
      // the previous line is blank.
      auto is_break = [&](size_t i) { return joined[i] == u'\n' || joined[i] == u'\r'; };
      for (size_t i = 0; i < joined.size(); ++i) {
        if (!is_break(i)) continue;
        size_t end = i + 1;  // one line break: "\r\n" counts once
        if (joined[i] == u'\r' && end < joined.size() && joined[end] == u'\n') ++end;
        const bool blank_next = end < joined.size() && is_break(end);
        const bool blank_prev = i > 0 && is_break(i - 1);
        if (!blank_next && !blank_prev) {
          for (size_t k = i; k < end; ++k) joined[k] = u' ';
        }
        i = end - 1;
      }
      st = utext_openUChars(nullptr, joined.data(), static_cast<int64_t>(joined.size()), &err);
    }
    sentences_->setText(st, err);
    auto close_texts = [&] {
      if (st != ut) utext_close(st);
      utext_close(ut);
    };
    if (U_FAILURE(err)) {
      close_texts();
      return InternalError(doc.name + ": ICU setText: " + u_errorName(err));
    }

    // Sentence boundaries (in UTF-16 units), consumed as tokens are produced.
    int32_t sentence_end = sentences_->first();
    sentence_end = sentences_->next();
    uint32_t sentence_index = 0;
    bool sentence_has_token = false;
    // The words found, in text order (text[start, end), numbers flagged), become tokens a
    // window at a time: each word folded (into one buffer) and hashed, then looked up in the
    // word cache a few words behind the prefetches of the words to come, and made a token (none
    // when it folds to nothing) in its sentence. The window bounds the buffers whatever the
    // document's length.
    constexpr size_t kWindow = 4096;
    words_found_.clear();
    auto make_tokens = [&] {
      folded_words_.clear();
      for (FoundWord& w : words_found_) {
        const std::string_view folded =
            Fold(std::u16string_view(dec.text).substr(w.start, w.end - w.start));
        w.folded_offset = folded_words_.size();
        w.folded_length = folded.size();
        w.hash = StableHash(folded);
        folded_words_.append(folded);
      }
      StringCache<WordInfo>& cache = current_->cache;
      constexpr size_t kSlotAhead = 16, kStringAhead = 8;
      for (size_t x = 0; x < words_found_.size(); ++x) {
        if (x + kSlotAhead < words_found_.size()) {
          cache.PrefetchSlot(words_found_[x + kSlotAhead].hash);
        }
        if (x + kStringAhead < words_found_.size()) {
          cache.PrefetchString(words_found_[x + kStringAhead].hash);
        }
        const FoundWord& w = words_found_[x];
        if (w.folded_length == 0) continue;
        const std::string_view folded =
            std::string_view(folded_words_).substr(w.folded_offset, w.folded_length);
        Token tok;
        tok.number = w.number;
        if (w.number) {
          tok.key = w.hash;
        } else {
          const WordInfo& info = Lookup(folded, w.hash);
          tok.key = info.key;
          tok.stopword = info.stopword;
        }
        while (sentence_end != icu::BreakIterator::DONE && w.start >= sentence_end) {
          sentence_end = sentences_->next();
          if (sentence_has_token) ++sentence_index;
          sentence_has_token = false;
        }
        tok.begin_byte = dec.unit_byte[w.start];
        tok.end_byte = dec.unit_byte[w.end];
        tok.begin_char = dec.unit_char[w.start];
        tok.end_char = dec.unit_char[w.end];
        tok.sentence = sentence_index;
        sentence_has_token = true;
        doc.tokens.push_back(tok);
      }
      words_found_.clear();
    };
    auto emit_word = [&](int32_t start, int32_t end, bool number) {
      words_found_.push_back({start, end, number});
      if (words_found_.size() == kWindow) make_tokens();
    };
    // Words, chunk by chunk: a chunk is a run of text between ASCII white space, and no word
    // crosses white space (Unicode's word rules join nothing across it that is a word, and
    // their look-ahead and look-behind see white space and a text's edge alike). An all-ASCII
    // chunk is broken by ForEachAsciiWord, ICU's rules for ASCII written out; any other chunk
    // by ICU in the whole text. Both give what ICU gives on the whole text (a test holds them
    // equal on random text).
    const char16_t* text = dec.text.data();
    const int32_t n = static_cast<int32_t>(dec.text.size());
    bool words_set = false;
    int32_t pos = 0;
    while (pos < n) {
      while (pos < n && IsCSpace(text[pos])) ++pos;
      if (pos == n) break;
      const int32_t begin = pos;
      bool ascii = true;
      while (pos < n && !IsCSpace(text[pos])) ascii &= text[pos++] < 0x80;
      if (ascii) {
        ForEachAsciiWord(text + begin, pos - begin, [&](int32_t b, int32_t e, bool number) {
          emit_word(begin + b, begin + e, number);
        });
        continue;
      }
      if (!words_set) {
        words_->setText(ut, err);
        if (U_FAILURE(err)) {
          close_texts();
          return InternalError(doc.name + ": ICU setText: " + u_errorName(err));
        }
        words_set = true;
      }
      // The first boundary after the white space before the chunk: the chunk's start, or (when
      // it starts with combining marks, which join the space before) just past them.
      int32_t start = begin == 0 ? words_->first() : words_->following(begin - 1);
      for (int32_t end = words_->next(); end != icu::BreakIterator::DONE && start < pos;
           start = end, end = words_->next()) {
        const int32_t status = words_->getRuleStatus();
        if (status < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
        emit_word(start, end, status < UBRK_WORD_NUMBER_LIMIT);
      }
    }
    make_tokens();
    close_texts();
    BuildSentences(&doc);
    if (options_.furniture) MarkFurniture(&doc);
    return doc;
  }

  std::string Normalize(std::string_view word) override {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    std::u16string w(reinterpret_cast<const char16_t*>(u.getBuffer()), u.length());
    current_ = fallback_.get();  // a word alone: the given language (auto: English)
    return std::string(Stem(Fold(w)));
  }

 private:
  // NFKC + case folding, apostrophes unified to "'". ASCII takes a fast path. The result is a
  // view of an internal buffer, valid until the next call.
  std::string_view Fold(std::u16string_view w) {
    folded_.clear();
    bool ascii = true;
    for (char16_t c : w) ascii &= c < 0x80;
    if (ascii) {
      for (char16_t c : w) {
        folded_.push_back(AsciiLower(static_cast<char>(c)));
      }
      return folded_;
    }
    UErrorCode err = U_ZERO_ERROR;
    icu::UnicodeString src(false, w.data(), static_cast<int32_t>(w.size()));  // read-only alias
    icu::UnicodeString dst;
    nfkc_cf_->normalize(src, dst, err);
    if (U_FAILURE(err)) dst = src;
    for (int32_t i = 0; i < dst.length(); ++i) {
      if (IsApostrophe(dst.charAt(i))) dst.setCharAt(i, u'\'');
    }
    dst.toUTF8String(folded_);
    return folded_;
  }

  // A word's key and stopword flag, from a cache: words recur (Zipf), and stemming each
  // occurrence anew was a sixth of the analysis time. The cache is cleared when it grows large.
  struct WordInfo {
    uint64_t key = 0;
    bool stopword = false;
  };
  const WordInfo& Lookup(std::string_view folded, uint64_t hash) {
    StringCache<WordInfo>& cache = current_->cache;
    if (const WordInfo* cached = cache.Find(folded, hash)) return *cached;
    const WordInfo info{StableHash(Stem(folded)),
                        options_.stopwords && current_->english && IsEnglishStopword(folded)};
    return cache.Insert(folded, hash, info);
  }
  static constexpr size_t kWordCacheLimit = 1 << 20;

  std::string_view Stem(std::string_view folded) {
    sb_stemmer* stemmer = current_->stemmer;
    if (stemmer == nullptr) return folded;
    const sb_symbol* s = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded.data()),
                                         static_cast<int>(folded.size()));
    if (s == nullptr) return folded;  // out of memory in the stemmer: use the unstemmed form
    return std::string_view(reinterpret_cast<const char*>(s), sb_stemmer_length(stemmer));
  }

  // How the words of one language are read: its stemmer (none where Snowball has none), whether
  // it is English (the stopword list), and its own cache of words read.
  struct LanguageState {
    sb_stemmer* stemmer = nullptr;
    bool english = false;
    StringCache<WordInfo> cache{kWordCacheLimit};
    LanguageState() = default;
    LanguageState(const LanguageState&) = delete;
    LanguageState& operator=(const LanguageState&) = delete;
    ~LanguageState() {
      if (stemmer != nullptr) sb_stemmer_delete(stemmer);
    }
  };

  // A detected language's state, made on first use. The fallback (English) for none (not
  // sure), and for a language Snowball has no stemmer for (Urdu, Chinese, Javanese ...; CLD2's
  // regional codes such as "zh-Hant"): the English stemmer leaves words of other scripts as
  // they are, and two copies of one text that the detector reads differently (a page with much
  // furniture, an odd mix) keep the same keys unless both languages have stemmers.
  LanguageState* StateFor(const std::string& code) {
    if (code.empty() || code == "en") return fallback_.get();
    auto it = languages_.find(code);
    if (it == languages_.end()) {
      // Snowball knows ISO 639-1 codes ("es", "ru").
      sb_stemmer* stemmer = sb_stemmer_new(code.c_str(), "UTF_8");
      std::unique_ptr<LanguageState> state;
      if (stemmer != nullptr) {
        state = std::make_unique<LanguageState>();
        state->stemmer = stemmer;
      }
      it = languages_.emplace(code, std::move(state)).first;
    }
    return it->second != nullptr ? it->second.get() : fallback_.get();
  }

  // Groups tokens into sentences, joining a sentence with fewer than min_sentence_words content
  // words to the next one (the last such one, and the short last line of a hard-wrapped
  // paragraph, to the previous).
  void BuildSentences(AnalyzedDocument* doc) const {
    std::vector<Sentence> raw;
    for (uint32_t i = 0; i < doc->tokens.size(); ++i) {
      if (raw.empty() || doc->tokens[i].sentence != doc->tokens[raw.back().first_token].sentence) {
        raw.push_back({i, i});
      }
      raw.back().end_token = i + 1;
    }
    auto content = [&](const Sentence& s) {
      int n = 0;
      for (uint32_t i = s.first_token; i < s.end_token; ++i) n += !doc->tokens[i].stopword;
      return n;
    };
    std::vector<Sentence>& out = doc->sentences;
    bool pending_short = false;
    for (size_t r = 0; r < raw.size(); ++r) {
      if (pending_short) {
        out.back().end_token = raw[r].end_token;
      } else {
        out.push_back(raw[r]);
      }
      pending_short = content(out.back()) < options_.min_sentence_words;
      // The short last line of a hard-wrapped paragraph joins the line before it, not the
      // next paragraph.
      if (pending_short && out.size() >= 2 && GapBefore(*doc, out.back().first_token).wrapped &&
          (r + 1 == raw.size() || GapBefore(*doc, raw[r + 1].first_token).paragraph)) {
        out[out.size() - 2].end_token = out.back().end_token;
        out.pop_back();
        pending_short = false;
      }
    }
    if (pending_short && out.size() >= 2) {
      out[out.size() - 2].end_token = out.back().end_token;
      out.pop_back();
    }
    for (uint32_t si = 0; si < out.size(); ++si) {
      for (uint32_t i = out[si].first_token; i < out[si].end_token; ++i)
        doc->tokens[i].sentence = si;
    }
  }

  AnalyzerOptions options_;
  std::unique_ptr<icu::BreakIterator> words_;
  std::unique_ptr<icu::BreakIterator> sentences_;
  const icu::Normalizer2* nfkc_cf_ = nullptr;  // owned by ICU
  bool detect_ = false;                        // language "auto"
  std::unique_ptr<LanguageState> fallback_;    // the given language (auto: English)
  // auto: the other languages seen; null for those read with the fallback (no stemmer)
  std::map<std::string, std::unique_ptr<LanguageState>> languages_;
  LanguageState* current_ = nullptr;  // the document's, while it is analyzed
  std::string folded_;
  // A window of the words of the document being analyzed, before they become tokens.
  struct FoundWord {
    int32_t start, end;  // UTF-16 units
    bool number;
    size_t folded_offset = 0, folded_length = 0;  // in folded_words_
    uint64_t hash = 0;                            // of the folded word
  };
  std::vector<FoundWord> words_found_;
  std::string folded_words_;
};

}  // namespace

StatusOr<std::unique_ptr<Analyzer>> Analyzer::Create(const AnalyzerOptions& options) {
  auto a = std::make_unique<IcuAnalyzer>(options);
  RETURN_IF_ERROR(a->Init());
  return std::unique_ptr<Analyzer>(std::move(a));
}

StatusOr<std::string> ReadFileBytes(const std::string& path) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return IoError(path + ": cannot stat: " + ec.message());
  }
  if (std::filesystem::is_directory(st)) return IoError(path + ": is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int e = errno;
    if (e == ENOENT) return NotFoundError(path + ": no such file");
    return IoError(path + ": cannot open: " + std::strerror(e));
  }
  std::string data;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) return IoError(path + ": not a regular file (cannot determine its size)");
  data.resize(static_cast<size_t>(size));
  in.seekg(0, std::ios::beg);
  if (size > 0 && !in.read(data.data(), size)) {
    return IoError(path + ": read failed after " + std::to_string(in.gcount()) + " bytes");
  }
  return data;
}

}  // namespace textrace
