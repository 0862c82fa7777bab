// The Analyzer: bytes -> tokens with original offsets, normalized keys, flags and sentences.

#include <gtest/gtest.h>
#include <unicode/unistr.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "normalize/decode.h"
#include "normalize/icu_words_testing.h"
#include "textrace/document.h"
#include "util/hash.h"

namespace textrace {
namespace {

std::unique_ptr<Analyzer> MakeAnalyzer(const std::string& language = "english") {
  AnalyzerOptions o;
  o.language = language;
  auto a = Analyzer::Create(o);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? std::move(a).value() : nullptr;
}

AnalyzedDocument AnalyzeOrDie(Analyzer* an, const std::string& text) {
  auto d = an->Analyze("test", text);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? std::move(d).value() : AnalyzedDocument();
}

std::vector<std::string> TokenTexts(const AnalyzedDocument& d) {
  std::vector<std::string> out;
  for (const Token& t : d.tokens) out.emplace_back(d.Text(t));
  return out;
}

// Invariants every analyzed document must satisfy, whatever its content.
void ExpectConsistent(const AnalyzedDocument& d) {
  uint32_t prev_end_byte = 0, prev_end_char = 0;
  for (size_t i = 0; i < d.tokens.size(); ++i) {
    const Token& t = d.tokens[i];
    EXPECT_LT(t.begin_byte, t.end_byte) << "token " << i;
    EXPECT_LE(t.end_byte, d.bytes.size()) << "token " << i;
    EXPECT_LT(t.begin_char, t.end_char) << "token " << i;
    EXPECT_LE(static_cast<int64_t>(t.end_char), d.char_length) << "token " << i;
    EXPECT_GE(t.begin_byte, prev_end_byte) << "tokens overlap at " << i;
    EXPECT_GE(t.begin_char, prev_end_char) << "tokens overlap at " << i;
    prev_end_byte = t.end_byte;
    prev_end_char = t.end_char;
  }
  // Sentences partition the tokens, in order, and tokens know their sentence.
  uint32_t next = 0;
  for (uint32_t s = 0; s < d.sentences.size(); ++s) {
    EXPECT_EQ(d.sentences[s].first_token, next) << "sentence " << s;
    EXPECT_LT(d.sentences[s].first_token, d.sentences[s].end_token) << "sentence " << s;
    for (uint32_t i = d.sentences[s].first_token; i < d.sentences[s].end_token; ++i) {
      EXPECT_EQ(d.tokens[i].sentence, s) << "token " << i;
    }
    next = d.sentences[s].end_token;
  }
  EXPECT_EQ(next, d.tokens.size());
}

TEST(AnalyzerTest, TokensCarryOriginalOffsets) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const std::string text = "The quick brown fox jumps over the lazy dog.";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  EXPECT_EQ(d.bytes, text);
  EXPECT_EQ(TokenTexts(d), (std::vector<std::string>{"The", "quick", "brown", "fox", "jumps",
                                                     "over", "the", "lazy", "dog"}));
  // ASCII: char offsets equal byte offsets; "fox" is at 16..19.
  ASSERT_EQ(d.tokens.size(), 9u);
  EXPECT_EQ(d.tokens[3].begin_byte, 16u);
  EXPECT_EQ(d.tokens[3].end_byte, 19u);
  for (const Token& t : d.tokens) {
    EXPECT_EQ(t.begin_char, t.begin_byte);
    EXPECT_EQ(t.end_char, t.end_byte);
  }
  EXPECT_EQ(d.char_length, static_cast<int64_t>(text.size()));
}

TEST(AnalyzerTest, OffsetsAfterMultiByteCharacters) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  // "Café" has a 2-byte é; "Zürich" a 2-byte ü; "—" is 3 bytes.
  const std::string text = "Caf\xC3\xA9 owners in Z\xC3\xBCrich \xE2\x80\x94 were running late.";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  EXPECT_EQ(TokenTexts(d), (std::vector<std::string>{"Caf\xC3\xA9", "owners", "in", "Z\xC3\xBCrich",
                                                     "were", "running", "late"}));
  ASSERT_EQ(d.tokens.size(), 7u);
  // "were": byte 28, code point 24 (é and ü have one extra byte each, "—" two).
  const size_t were = text.find("were");
  EXPECT_EQ(d.tokens[4].begin_byte, were);
  EXPECT_EQ(d.tokens[4].begin_char, were - 1 - 1 - 2);
  EXPECT_EQ(d.char_length, static_cast<int64_t>(text.size() - 4));
}

TEST(AnalyzerTest, StemmingAndCaseFoldingGiveEqualKeys) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), "running runs Run RUNNING walked");
  ASSERT_EQ(d.tokens.size(), 5u);
  EXPECT_EQ(d.tokens[0].key, d.tokens[1].key);
  EXPECT_EQ(d.tokens[0].key, d.tokens[2].key);
  EXPECT_EQ(d.tokens[0].key, d.tokens[3].key);
  EXPECT_NE(d.tokens[0].key, d.tokens[4].key);
}

TEST(AnalyzerTest, RepeatedWordsGetTheSameKeysAsFirstTime) {
  // The analyzer caches each word's key and stopword flag: a document analyzed by an analyzer
  // that has seen its words must come out exactly as from a fresh one.
  const std::string text =
      "The running dogs ran; the dog runs. Running is what THE dogs do, and 42 dogs ran again.";
  auto fresh = MakeAnalyzer();
  auto used = MakeAnalyzer();
  ASSERT_TRUE(used->Analyze("warm-up", text + " " + text).ok());
  auto x = fresh->Analyze("x", text);
  auto y = used->Analyze("x", text);
  ASSERT_TRUE(x.ok() && y.ok());
  ASSERT_EQ(x->tokens.size(), y->tokens.size());
  for (size_t i = 0; i < x->tokens.size(); ++i) {
    EXPECT_EQ(x->tokens[i].key, y->tokens[i].key) << i;
    EXPECT_EQ(x->tokens[i].stopword, y->tokens[i].stopword) << i;
  }
  // And the cached keys still tell words apart and join inflections.
  EXPECT_EQ(x->tokens[2].key, x->tokens[5].key);  // dogs, dog
  EXPECT_NE(x->tokens[2].key, x->tokens[1].key);  // dogs, running
  EXPECT_TRUE(x->tokens[0].stopword);             // The
  EXPECT_FALSE(x->tokens[2].stopword);            // dogs
}

// A long document's words are made tokens a few thousand at a time: one of 5,000 short
// sentences (25,000 words, numbers and non-ASCII words among them) gives each sentence the
// tokens, keys, offsets and sentence number it has alone.
TEST(AnalyzerTest, ALongDocumentIsReadAsItsSentencesAlone) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const std::string sentence = "Café owners counted 42 ﬁsh. ";  // 5 words
  std::string text;
  for (int k = 0; k < 5000; ++k) text += sentence;
  const AnalyzedDocument one = AnalyzeOrDie(an.get(), sentence);
  const AnalyzedDocument all = AnalyzeOrDie(an.get(), text);
  ASSERT_EQ(one.tokens.size(), 5u);
  ASSERT_EQ(all.tokens.size(), 5u * 5000);
  ASSERT_EQ(all.sentences.size(), 5000u);
  for (size_t t = 0; t < all.tokens.size(); ++t) {
    const Token& got = all.tokens[t];
    const Token& alone = one.tokens[t % 5];
    const auto shift = static_cast<uint32_t>((t / 5) * sentence.size());
    ASSERT_EQ(got.key, alone.key) << t;
    ASSERT_EQ(got.number, alone.number) << t;
    ASSERT_EQ(got.begin_byte, alone.begin_byte + shift) << t;
    ASSERT_EQ(got.end_byte, alone.end_byte + shift) << t;
    ASSERT_EQ(got.sentence, t / 5) << t;
  }
}

TEST(AnalyzerTest, LigatureIsNormalized) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  // U+FB01 LATIN SMALL LIGATURE FI: NFKC turns "ﬁle" into "file".
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), "\xEF\xAC\x81le file FILE fine");
  ASSERT_EQ(d.tokens.size(), 4u);
  EXPECT_EQ(d.Text(d.tokens[0]), "\xEF\xAC\x81le");  // the original text is untouched
  EXPECT_EQ(d.tokens[0].key, d.tokens[1].key);
  EXPECT_EQ(d.tokens[0].key, d.tokens[2].key);
  EXPECT_NE(d.tokens[0].key, d.tokens[3].key);
}

TEST(AnalyzerTest, CurlyAndStraightApostrophesGiveEqualKeys) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const AnalyzedDocument d =
      AnalyzeOrDie(an.get(), "Afghanistan\xE2\x80\x99s Afghanistan's Afghanistan");
  // Each possessive is one token, not "Afghanistan" + "s".
  ASSERT_EQ(d.tokens.size(), 3u);
  EXPECT_EQ(d.Text(d.tokens[0]), "Afghanistan\xE2\x80\x99s");
  EXPECT_EQ(d.tokens[0].key, d.tokens[1].key);
  // The English stemmer strips the possessive.
  EXPECT_EQ(d.tokens[0].key, d.tokens[2].key);
}

TEST(AnalyzerTest, StopwordsAndNumbersAreFlagged) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), "The farmers of the valley sold 2021 apples");
  ASSERT_EQ(d.tokens.size(), 8u);
  auto find = [&](const std::string& w) -> const Token& {
    for (const Token& t : d.tokens) {
      if (d.Text(t) == w) return t;
    }
    ADD_FAILURE() << "no token " << w;
    return d.tokens[0];
  };
  EXPECT_TRUE(find("The").stopword);
  EXPECT_TRUE(find("the").stopword);
  EXPECT_TRUE(find("of").stopword);
  EXPECT_FALSE(find("farmers").stopword);
  EXPECT_FALSE(find("valley").stopword);
  EXPECT_TRUE(find("2021").number);
  EXPECT_FALSE(find("2021").stopword);
  EXPECT_FALSE(find("apples").number);
  EXPECT_FALSE(find("The").number);
}

TEST(AnalyzerTest, StopwordsCanBeTurnedOff) {
  AnalyzerOptions o;
  o.stopwords = false;
  auto an = Analyzer::Create(o);
  ASSERT_TRUE(an.ok());
  const AnalyzedDocument d = AnalyzeOrDie(an->get(), "The farmers of the valley");
  for (const Token& t : d.tokens) EXPECT_FALSE(t.stopword) << d.Text(t);
}

TEST(AnalyzerTest, SentenceSegmentation) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const std::string text =
      "The storm destroyed many old houses near the river. Farmers lost their entire harvest "
      "this autumn. Government officials promised quick financial help soon.";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  ASSERT_EQ(d.sentences.size(), 3u);
  EXPECT_EQ(d.Text(d.tokens[d.sentences[1].first_token]), "Farmers");
  EXPECT_EQ(d.Text(d.tokens[d.sentences[2].first_token]), "Government");
  EXPECT_EQ(d.Text(d.tokens[d.sentences[2].end_token - 1]), "soon");
}

TEST(AnalyzerTest, ShortHeadingIsJoinedToNextSentence) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const std::string text =
      "Breaking News\n\nThe storm destroyed many old houses near the river. Farmers lost their "
      "entire harvest this autumn. Government officials promised quick financial help soon.";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  // The two-word heading is not a sentence of its own: it starts the first sentence.
  ASSERT_EQ(d.sentences.size(), 3u);
  EXPECT_EQ(d.sentences[0].first_token, 0u);
  EXPECT_EQ(d.Text(d.tokens[d.sentences[0].end_token - 1]), "river");
  EXPECT_EQ(d.Text(d.tokens[d.sentences[1].first_token]), "Farmers");
}

TEST(AnalyzerTest, ShortLastSentenceIsJoinedToPrevious) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const std::string text =
      "The storm destroyed many old houses near the river. Farmers lost their entire harvest "
      "this autumn. Source link";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  ASSERT_EQ(d.sentences.size(), 2u);
  EXPECT_EQ(d.Text(d.tokens[d.sentences[1].end_token - 1]), "link");
}

TEST(AnalyzerTest, ShortLastLineOfAWrappedParagraphStaysInIt) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  // Each line is a sentence (join_wrapped_lines is off). The wrapped paragraph's short last line
  // joins the line before it; a short sentence after sentence punctuation still joins the next.
  const std::string text =
      "The storm destroyed many old houses\nnear the river after midnight on\nTuesday.\n\n"
      "Farmers lost their entire harvest. Too bad.\n\nGovernment officials promised help soon.";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  ASSERT_EQ(d.sentences.size(), 4u);
  EXPECT_EQ(d.Text(d.tokens[d.sentences[1].first_token]), "near");
  EXPECT_EQ(d.Text(d.tokens[d.sentences[1].end_token - 1]), "Tuesday");
  EXPECT_EQ(d.Text(d.tokens[d.sentences[2].end_token - 1]), "harvest");
  EXPECT_EQ(d.Text(d.tokens[d.sentences[3].first_token]), "Too");
}

TEST(AnalyzerTest, EmptyInput) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  auto d = an->Analyze("empty.txt", "");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->name, "empty.txt");
  EXPECT_TRUE(d->tokens.empty());
  EXPECT_TRUE(d->sentences.empty());
  EXPECT_EQ(d->char_length, 0);
  EXPECT_EQ(d->invalid_utf8_sequences, 0);
}

TEST(AnalyzerTest, WhitespaceAndPunctuationOnly) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), "  \n\n ... !!! --- \t\n");
  EXPECT_TRUE(d.tokens.empty());
  EXPECT_TRUE(d.sentences.empty());
  EXPECT_EQ(d.char_length, 19);
}

TEST(AnalyzerTest, BinaryGarbageDoesNotCrash) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  std::mt19937 rng(12345);
  std::string bytes(64 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
  for (size_t i = 0; i < bytes.size(); i += 97) bytes[i] = '\0';  // plenty of NULs
  auto d = an->Analyze("garbage.bin", bytes);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->bytes, bytes);
  // Random bytes are mostly invalid UTF-8; every one is accounted for as a code point.
  EXPECT_GT(d->invalid_utf8_sequences, 1000);
  EXPECT_GT(d->char_length, 0);
  EXPECT_LE(d->char_length, static_cast<int64_t>(bytes.size()));
  ExpectConsistent(*d);
}

TEST(AnalyzerTest, MojibakeQuoteBeforeWord) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  // The scraped "âIf we leave": the lone "â" is what is left of a curly quote.
  const std::string text = "The minister said \xC3\xA2If we leave now, the war returns.\xC3\xA2";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  EXPECT_GE(d.mojibake_repairs, 1);
  const Token* if_token = nullptr;
  for (const Token& t : d.tokens) {
    if (d.Text(t) == "If") if_token = &t;
    EXPECT_EQ(d.Text(t).find("\xC3\xA2"), std::string_view::npos) << d.Text(t);
  }
  ASSERT_NE(if_token, nullptr) << "no token 'If'";
  EXPECT_EQ(if_token->begin_byte, text.find("If"));
  EXPECT_EQ(if_token->begin_char, text.find("If") - 1);  // â is two bytes, one code point
  EXPECT_TRUE(if_token->stopword);                       // it is the English word "if"
}

TEST(AnalyzerTest, CyrillicWithoutStemming) {
  auto an = MakeAnalyzer("none");
  ASSERT_NE(an, nullptr);
  const std::string text =
      "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xE2\x80\x94 \xD1\x81\xD1\x82\xD0\xBE"
      "\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB0 \xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD0\xB8.";
  // "Москва — столица России."
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  ASSERT_EQ(d.tokens.size(), 3u);
  EXPECT_EQ(d.Text(d.tokens[0]), "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
  EXPECT_EQ(d.tokens[1].begin_char, 9u);   // 6 letters, space, dash, space
  EXPECT_EQ(d.tokens[1].begin_byte, 17u);  // 12 + 1 + 3 + 1
  // Case folding applies to Cyrillic too: "МОСКВА" and "Москва" are one word.
  const AnalyzedDocument upper =
      AnalyzeOrDie(an.get(), "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90");
  ASSERT_EQ(upper.tokens.size(), 1u);
  EXPECT_EQ(upper.tokens[0].key, d.tokens[0].key);
}

TEST(AnalyzerTest, ThaiIsSegmentedIntoWords) {
  auto an = MakeAnalyzer("none");
  ASSERT_NE(an, nullptr);
  // "ภาษาไทยง่ายนิดเดียว" ("Thai is quite easy"): no spaces between words; ICU's dictionary
  // segmentation must split it into several tokens that tile the text.
  const std::string text =
      "\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2\xE0\xB9\x84\xE0\xB8\x97\xE0\xB8\xA2"
      "\xE0\xB8\x87\xE0\xB9\x88\xE0\xB8\xB2\xE0\xB8\xA2\xE0\xB8\x99\xE0\xB8\xB4\xE0\xB8\x94"
      "\xE0\xB9\x80\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB8\xA2\xE0\xB8\xA7";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ExpectConsistent(d);
  ASSERT_GE(d.tokens.size(), 2u);
  EXPECT_EQ(d.tokens.front().begin_byte, 0u);
  EXPECT_EQ(d.tokens.back().end_byte, text.size());
  std::string joined;
  for (const Token& t : d.tokens) joined += d.Text(t);
  EXPECT_EQ(joined, text);
}

// The analyzer breaks text into words chunk by chunk (runs between ASCII white space), ASCII
// chunks by its own rules. Whatever the text, its words must be exactly those of ICU's word
// break iterator run over the whole text: same offsets, same number flags, same keys.
TEST(AnalyzerTest, WordsAreThoseOfIcuOverTheWholeText) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  IcuWordBreaker icu_words;
  ASSERT_TRUE(icu_words.ok());
  // Pieces whose word-break classes interact: letters, digits, the ASCII MidLetter, MidNum and
  // MidNumLet marks, underscores, every kind of ASCII white space, and non-ASCII characters that
  // join (combining marks, ZWJ, soft hyphen), separate (no-break and em spaces, NEL), or are
  // segmented by other rules (CJK, Thai by dictionary, Hebrew, emoji, full-width digits).
  const std::vector<std::string> pieces = {
      "a", "Z", "word", "Don", "U", "0", "9", "42", ".", ",", ";", ":", "'", "_", "-", "@", "\"",
      "$", "(", "/", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\v", "\f",
      "\xC3\xA9",          // é
      "\xCC\x81",          // combining acute accent
      "\xE2\x80\x99",      // right single quotation mark
      "\xC2\xA0",          // no-break space
      "\xE2\x80\x83",      // em space
      "\xE2\x80\x8D",      // zero-width joiner
      "\xC2\xAD",          // soft hyphen
      "\xC2\x85",          // next line
      "\xE4\xB8\xAD",      // 中
      "\xE0\xB8\x81\xE0\xB8\xB2",  // Thai
      "\xD7\x90",          // Hebrew alef
      "\xF0\x9F\x98\x80",  // emoji
      "\xEF\xBC\x91",      // full-width 1
      "\xEF\xAC\x81",      // ligature fi
      "https://example.com/a_b?c=1.5", "e.g.", "3,000.50", "O'Neil's",
      std::string(60, 'x'),  // longer than a cached chunk
  };
  std::mt19937 rng(12345);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), length(1, 24);
  int compared_words = 0;
  for (int iteration = 0; iteration < 30000; ++iteration) {
    std::string text;
    for (size_t n = length(rng); n > 0; --n) text += pieces[pick(rng)];
    const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
    // The expected words: ICU over the whole decoded text.
    const DecodedText dec = DecodeText(text);
    size_t t = 0;
    for (const IcuWord& w : icu_words.Words(dec.text)) {
      std::string word;  // as decoded (control characters are dropped)
      icu::UnicodeString(false, dec.text.data() + w.begin, w.end - w.begin).toUTF8String(word);
      if (!w.number && an->Normalize(word).empty()) continue;  // folds to nothing: no token
      ASSERT_LT(t, d.tokens.size()) << "missing word '" << word << "' in '" << text << "'";
      const Token& tok = d.tokens[t++];
      ASSERT_EQ(tok.begin_char, dec.unit_char[w.begin]) << "'" << word << "' in '" << text << "'";
      ASSERT_EQ(tok.end_char, dec.unit_char[w.end]) << "'" << word << "' in '" << text << "'";
      ASSERT_EQ(tok.number, w.number) << "'" << word << "' in '" << text << "'";
      if (!w.number) {
        ASSERT_EQ(tok.key, StableHash(an->Normalize(word))) << "'" << word << "' in '" << text;
      }
      ++compared_words;
    }
    ASSERT_EQ(t, d.tokens.size()) << "extra words in '" << text << "'";
  }
  EXPECT_GT(compared_words, 100000);
}

// ASCII chunks take a fast path that writes ICU's word rules out: every string of up to five
// characters from the classes that the rules tell apart (and every pair of printable ASCII
// characters) must give ICU's words, with ICU's number flags.
TEST(AnalyzerTest, AsciiWordsAreIcusOnEveryShortString) {
  auto an = MakeAnalyzer("none");
  ASSERT_NE(an, nullptr);
  IcuWordBreaker icu_words;
  ASSERT_TRUE(icu_words.ok());
  auto expect_icu = [&](const std::string& chunk) {
    const std::string text = "x " + chunk + " y";  // a chunk between white space
    const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
    const std::vector<IcuWord> words = icu_words.Words(std::u16string(text.begin(), text.end()));
    if (words.size() != d.tokens.size()) return false;
    for (size_t t = 0; t < words.size(); ++t) {
      if (d.tokens[t].begin_byte != static_cast<uint32_t>(words[t].begin) ||
          d.tokens[t].end_byte != static_cast<uint32_t>(words[t].end) ||
          d.tokens[t].number != words[t].number) {
        return false;
      }
    }
    return true;
  };
  int strings = 0;
  const std::string classes = "aZ@1.,;:'_\"-#";
  std::string chunk;
  for (size_t length = 1; length <= 5; ++length) {
    std::vector<size_t> digit(length, 0);
    while (true) {
      chunk.clear();
      for (size_t k : digit) chunk += classes[k];
      ASSERT_TRUE(expect_icu(chunk)) << "'" << chunk << "'";
      ++strings;
      size_t k = 0;
      while (k < length && ++digit[k] == classes.size()) digit[k++] = 0;
      if (k == length) break;
    }
  }
  for (char a = 33; a < 127; ++a) {
    for (char b = 33; b < 127; ++b) {
      ASSERT_TRUE(expect_icu(std::string{a, b})) << "'" << a << b << "'";
      ++strings;
    }
  }
  EXPECT_EQ(strings, 13 + 169 + 2197 + 28561 + 371293 + 94 * 94);
}

TEST(AnalyzerTest, NormalizeMatchesTokenKeys) {
  auto an = MakeAnalyzer();
  ASSERT_NE(an, nullptr);
  EXPECT_EQ(an->Normalize("Running"), an->Normalize("runs"));
  EXPECT_EQ(an->Normalize("Running"), an->Normalize("run"));
  EXPECT_NE(an->Normalize("Running"), an->Normalize("walks"));
  EXPECT_EQ(an->Normalize("\xEF\xAC\x81le"), an->Normalize("FILE"));
}

TEST(AnalyzerTest, UnknownLanguageIsInvalidArgument) {
  AnalyzerOptions o;
  o.language = "klingon";
  auto a = Analyzer::Create(o);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("klingon"), std::string::npos) << a.status().message();
}

TEST(AnalyzerTest, OtherSnowballLanguage) {
  auto an = MakeAnalyzer("german");
  ASSERT_NE(an, nullptr);
  // German stemming: "Häuser" / "Häusern" share a stem; offsets still point into the original.
  const std::string text = "Die H\xC3\xA4user und den H\xC3\xA4usern";
  const AnalyzedDocument d = AnalyzeOrDie(an.get(), text);
  ASSERT_EQ(d.tokens.size(), 5u);
  EXPECT_EQ(d.tokens[1].key, d.tokens[4].key);
  EXPECT_EQ(d.Text(d.tokens[4]), "H\xC3\xA4usern");
  // Stopwords are known for English only.
  for (const Token& t : d.tokens) EXPECT_FALSE(t.stopword);
}

// Texts written for these tests, long enough for the detector to be sure.
const char kSpanish[] =
    "El alcalde de la ciudad visit\xC3\xB3 ayer las casas que el r\xC3\xADo inund\xC3\xB3 "
    "durante la tormenta de la semana pasada. Los vecinos le pidieron ayuda para reparar cada "
    "casa antes del invierno, y el gobierno regional prometi\xC3\xB3 fondos para las familias "
    "afectadas por el agua y del barrio m\xC3\xA1s afectado.";
const char kEnglish[] =
    "The mayor of the city visited the houses that the river flooded during last week's storm. "
    "Residents asked him for help to repair each house before the winter, and the regional "
    "government promised money for the families hit by the water.";
// "The Prime Minister of Pakistan chaired a meeting in Islamabad today in which the country's
// economic situation was discussed in detail. Ministers said that the government will present
// new measures next week."
const char kUrdu[] =
    "\xD9\xBE\xD8\xA7\xDA\xA9\xD8\xB3\xD8\xAA\xD8\xA7\xD9\x86 \xDA\xA9\xDB\x92 "
    "\xD9\x88\xD8\xB2\xDB\x8C\xD8\xB1 \xD8\xA7\xD8\xB9\xD8\xB8\xD9\x85 \xD9\x86\xDB\x92 "
    "\xD8\xA2\xD8\xAC \xD8\xA7\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD8\xA2\xD8\xA8\xD8\xA7\xD8\xAF "
    "\xD9\x85\xDB\x8C\xDA\xBA \xD8\xA7\xDB\x8C\xDA\xA9 \xD8\xA7\xD8\xAC\xD9\x84\xD8\xA7\xD8\xB3 "
    "\xDA\xA9\xDB\x8C \xD8\xB5\xD8\xAF\xD8\xA7\xD8\xB1\xD8\xAA \xDA\xA9\xDB\x8C \xD8\xAC\xD8\xB3 "
    "\xD9\x85\xDB\x8C\xDA\xBA \xD9\x85\xD9\x84\xDA\xA9 \xDA\xA9\xDB\x8C "
    "\xD9\x85\xD8\xB9\xD8\xA7\xD8\xB4\xDB\x8C "
    "\xD8\xB5\xD9\x88\xD8\xB1\xD8\xAA\xD8\xAD\xD8\xA7\xD9\x84 "
    "\xD9\xBE\xD8\xB1 \xD8\xAA\xD9\x81\xD8\xB5\xDB\x8C\xD9\x84\xDB\x8C \xD8\xBA\xD9\x88\xD8\xB1 "
    "\xDA\xA9\xDB\x8C\xD8\xA7 \xDA\xAF\xDB\x8C\xD8\xA7\xDB\x94 "
    "\xD9\x88\xD8\xB2\xD8\xB1\xD8\xA7\xD8\xA1 "
    "\xD9\x86\xDB\x92 \xDA\xA9\xDB\x81\xD8\xA7 \xDA\xA9\xDB\x81 "
    "\xD8\xAD\xDA\xA9\xD9\x88\xD9\x85\xD8\xAA "
    "\xD8\xA7\xDA\xAF\xD9\x84\xDB\x92 \xDB\x81\xD9\x81\xD8\xAA\xDB\x92 \xD9\x86\xD8\xA6\xDB\x92 "
    "\xD8\xA7\xD9\x82\xD8\xAF\xD8\xA7\xD9\x85\xD8\xA7\xD8\xAA \xD9\xBE\xDB\x8C\xD8\xB4 "
    "\xDA\xA9\xD8\xB1\xDB\x92 \xDA\xAF\xDB\x8C\xDB\x94";

uint64_t KeyOf(const AnalyzedDocument& d, std::string_view word) {
  for (const Token& t : d.tokens) {
    if (d.Text(t) == word) return t.key;
  }
  ADD_FAILURE() << "no token '" << word << "'";
  return 0;
}

TEST(AnalyzerTest, AutoReadsEachDocumentInItsOwnLanguage) {
  auto an = MakeAnalyzer("auto");
  ASSERT_NE(an, nullptr);
  // Spanish: found, and stemmed as Spanish ("afectadas" and "afectado" are one word), with no
  // English stopwords ("a", "he" are not Spanish function words).
  const AnalyzedDocument es = AnalyzeOrDie(an.get(), kSpanish);
  ExpectConsistent(es);
  EXPECT_EQ(es.language, "es");
  EXPECT_EQ(KeyOf(es, "casas"), KeyOf(es, "casa"));
  EXPECT_EQ(KeyOf(es, "afectadas"), KeyOf(es, "afectado"));
  for (const Token& t : es.tokens) EXPECT_FALSE(t.stopword) << es.Text(t);
  // The English stemmer does not join them: what a Spanish collection lost before.
  auto english = MakeAnalyzer("english");
  ASSERT_NE(english, nullptr);
  const AnalyzedDocument es_as_en = AnalyzeOrDie(english.get(), kSpanish);
  EXPECT_NE(KeyOf(es_as_en, "afectadas"), KeyOf(es_as_en, "afectado"));
  EXPECT_EQ(es_as_en.language, "") << "a given language is not detected";
  // English after Spanish in the same analyzer: English stems and stopwords again, and the keys
  // of an English text are those of the English analyzer (a collection read before stays as it
  // was).
  const AnalyzedDocument en = AnalyzeOrDie(an.get(), kEnglish);
  EXPECT_EQ(en.language, "en");
  EXPECT_EQ(KeyOf(en, "houses"), KeyOf(en, "house"));
  const AnalyzedDocument en_as_en = AnalyzeOrDie(english.get(), kEnglish);
  ASSERT_EQ(en.tokens.size(), en_as_en.tokens.size());
  for (size_t i = 0; i < en.tokens.size(); ++i) {
    EXPECT_EQ(en.tokens[i].key, en_as_en.tokens[i].key) << en.Text(en.tokens[i]);
    EXPECT_EQ(en.tokens[i].stopword, en_as_en.tokens[i].stopword) << en.Text(en.tokens[i]);
  }
  // Urdu: found; Snowball has no Urdu stemmer, so it is read as English is (which leaves its
  // words as they are).
  const AnalyzedDocument ur = AnalyzeOrDie(an.get(), kUrdu);
  ExpectConsistent(ur);
  EXPECT_EQ(ur.language, "ur");
  EXPECT_GT(ur.tokens.size(), 30u);
  // Too little text to be sure: no language, read as English.
  const AnalyzedDocument short_text = AnalyzeOrDie(an.get(), "Houses, 12.");
  EXPECT_EQ(short_text.language, "");
  ASSERT_EQ(short_text.tokens.size(), 2u);
  EXPECT_EQ(short_text.tokens[0].key, KeyOf(en, "house"));
}

}  // namespace
}  // namespace textrace

namespace textrace {
namespace {

TEST(AnalyzerWrappedLinesTest, WrappedLinesJoinWithLfAndCrlf) {
  AnalyzerOptions o;
  o.join_wrapped_lines = true;
  o.min_sentence_words = 0;
  auto an = Analyzer::Create(o);
  ASSERT_TRUE(an.ok());
  for (const std::string eol : {"\n", "\r\n"}) {
    const std::string text = "The cat sat on the" + eol + "mat and the dog" + eol +
                             "ran away. Next one" + eol + "is here." + eol + eol +
                             "A new paragraph" + eol;
    auto d = (*an)->Analyze("wrapped", text);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->sentences.size(), 3u) << "line ends " << (eol == "\n" ? "LF" : "CRLF");
  }
}

}  // namespace
}  // namespace textrace
