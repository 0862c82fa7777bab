#include "scan/spill.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "candidates/candidates.h"
#include "scan/analysis_codec.h"

namespace textrace {
namespace {

TEST(SpillFileTest, ReadsBackWhatWasAppendedFromManyThreads) {
  auto f = SpillFile::Create("");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  std::vector<std::pair<uint64_t, std::string>> written;
  for (int i = 0; i < 200; ++i) {
    std::string data(static_cast<size_t>(i * 37 % 5000), static_cast<char>('a' + i % 26));
    data += std::to_string(i);
    auto offset = (*f)->Append(data);
    ASSERT_TRUE(offset.ok());
    written.emplace_back(*offset, data);
  }
  std::vector<std::thread> readers;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      std::string out;
      for (size_t i = t; i < written.size(); i += 4) {
        if (!(*f)->Read(written[i].first, written[i].second.size(), &out).ok() ||
            out != written[i].second) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
  std::string out;
  const Status past_end = (*f)->Read((*f)->size() - 2, 10, &out);
  EXPECT_FALSE(past_end.ok());
}

TEST(SpillFileTest, MissingDirectoryNamesIt) {
  auto f = SpillFile::Create("/nonexistent/textrace-dir");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("/nonexistent/textrace-dir"), std::string::npos);
}

TEST(SentenceKeysTest, EncodingRoundTripsAndRejectsDamage) {
  SentenceKeys k;
  k.keys = {3, 9, 12, 1, 2, 0xffffffffffffffffULL};
  k.ends = {3, 3, 6};
  const std::string bytes = EncodeSentenceKeys(k);
  SentenceKeys back;
  ASSERT_TRUE(DecodeSentenceKeys(bytes, &back));
  EXPECT_EQ(back.keys, k.keys);
  EXPECT_EQ(back.ends, k.ends);
  EXPECT_FALSE(DecodeSentenceKeys(bytes.substr(0, bytes.size() - 1), &back));
  EXPECT_FALSE(DecodeSentenceKeys("", &back));
  SentenceKeys empty;
  ASSERT_TRUE(DecodeSentenceKeys(EncodeSentenceKeys(empty), &back));
  EXPECT_TRUE(back.keys.empty());
  EXPECT_TRUE(back.ends.empty());
}

}  // namespace
}  // namespace textrace

namespace textrace {
namespace {

TEST(AnalysisCodecTest, RoundTripsAnAnalysisExactly) {
  AnalyzerOptions options;
  auto analyzer = Analyzer::Create(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  const std::string text =
      "Caf\xc3\xa9 owners met on 12 May.\n\nThey said \xe2\x80\x9cthe harbour is full\xe2\x80\x9d; "
      "nobody\x92s boat left. Ein Stra\xc3\x9f"
      "e, 3.5 km long, runs north.";
  auto d = (*analyzer)->Analyze("doc", text);
  ASSERT_TRUE(d.ok());
  ASSERT_GT(d->tokens.size(), 10u);
  const std::string encoded = EncodeAnalysis(*d);
  EXPECT_LT(encoded.size(), d->tokens.size() * 16 + 64) << "compact: about 12 bytes a token";
  AnalyzedDocument back;
  ASSERT_TRUE(DecodeAnalysis(encoded, "doc", text, &back));
  EXPECT_EQ(back.name, d->name);
  EXPECT_EQ(back.bytes, d->bytes);
  EXPECT_EQ(back.char_length, d->char_length);
  EXPECT_EQ(back.invalid_utf8_sequences, d->invalid_utf8_sequences);
  EXPECT_EQ(back.mojibake_repairs, d->mojibake_repairs);
  EXPECT_EQ(back.language, d->language);
  ASSERT_EQ(back.tokens.size(), d->tokens.size());
  for (size_t i = 0; i < back.tokens.size(); ++i) {
    const Token &x = back.tokens[i], &y = d->tokens[i];
    EXPECT_EQ(std::tie(x.begin_byte, x.end_byte, x.begin_char, x.end_char, x.key, x.sentence,
                       x.stopword, x.number),
              std::tie(y.begin_byte, y.end_byte, y.begin_char, y.end_char, y.key, y.sentence,
                       y.stopword, y.number))
        << "token " << i;
  }
  ASSERT_EQ(back.sentences.size(), d->sentences.size());
  for (size_t s = 0; s < back.sentences.size(); ++s) {
    EXPECT_EQ(back.sentences[s].first_token, d->sentences[s].first_token);
    EXPECT_EQ(back.sentences[s].end_token, d->sentences[s].end_token);
  }
  // Damage is detected, not turned into a wrong analysis.
  EXPECT_FALSE(DecodeAnalysis(encoded.substr(0, encoded.size() - 1), "doc", text, &back));
  EXPECT_FALSE(DecodeAnalysis(encoded + "x", "doc", text, &back));
  EXPECT_FALSE(DecodeAnalysis(encoded, "doc", text.substr(0, 10), &back)) << "bytes too short";
  // The detected language travels with the analysis.
  d->language = "ur";
  ASSERT_TRUE(DecodeAnalysis(EncodeAnalysis(*d), "doc", text, &back));
  EXPECT_EQ(back.language, "ur");
}

}  // namespace
}  // namespace textrace
