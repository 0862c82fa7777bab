#include "scan/spill.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "scan/candidates.h"

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
