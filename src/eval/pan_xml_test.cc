#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "textrace/pan.h"

namespace textrace {
namespace {

namespace fs = std::filesystem;

bool Equal(const PanCase& a, const PanCase& b) {
  return a.susp.offset == b.susp.offset && a.susp.length == b.susp.length &&
         a.src.offset == b.src.offset && a.src.length == b.src.length;
}

TEST(PanXmlTest, FormatWritesPanDetectionXml) {
  const std::string xml = FormatPanXml("suspicious-document00001.txt", "source-document00002.txt",
                                       {PanCase{{5, 10}, {7, 12}}});
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<document reference=\"suspicious-document00001.txt\">\n"
            "<feature name=\"detected-plagiarism\" this_offset=\"5\" this_length=\"10\" "
            "source_reference=\"source-document00002.txt\" source_offset=\"7\" "
            "source_length=\"12\"/>\n"
            "</document>\n");
}

TEST(PanXmlTest, FormatWithoutDetections) {
  EXPECT_EQ(FormatPanXml("s.txt", "r.txt", {}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<document reference=\"s.txt\">\n"
            "</document>\n");
}

TEST(PanXmlTest, FormatEscapesAttributeValues) {
  const std::string xml = FormatPanXml("a&b\"<c>'.txt", "src&.txt", {PanCase{{1, 2}, {3, 4}}});
  EXPECT_NE(xml.find("reference=\"a&amp;b&quot;&lt;c&gt;&apos;.txt\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("source_reference=\"src&amp;.txt\""), std::string::npos) << xml;
  // The escaped output still parses.
  auto parsed = ParsePanXml(xml, "escaped");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 1u);
}

TEST(PanXmlTest, RoundTrip) {
  const std::vector<PanCase> detections = {
      PanCase{{0, 1}, {2, 3}}, PanCase{{123456789012, 5}, {0, 0}}, PanCase{{40, 60}, {40, 60}}};
  auto parsed = ParsePanXml(FormatPanXml("s.txt", "r.txt", detections), "roundtrip");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), detections.size());
  for (size_t i = 0; i < detections.size(); ++i) {
    EXPECT_TRUE(Equal((*parsed)[i], detections[i])) << "detection " << i;
  }
}

TEST(PanXmlTest, ParsesTruthFileWithExtraAttributes) {
  // Like a PAN 2013 truth file, plus what the format allows: single quotes, attributes in any
  // order and across lines, entities and markup characters inside quoted values, a metadata
  // feature without offsets (skipped), a comment holding a fake feature, and an element with a
  // similar name.
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<document reference=\"suspicious-document00005.txt\">\n"
      "<feature name=\"about\" authors=\"x\" lang=\"en\" />\n"
      "<!-- <feature this_offset=\"1\" this_length=\"1\" source_offset=\"1\" "
      "source_length=\"1\"/> -->\n"
      "<features this_offset=\"9\" this_length=\"9\" source_offset=\"9\" source_length=\"9\"/>\n"
      "<feature name=\"plagiarism\" obfuscation=\"random\" source_length=\"698\" "
      "source_offset=\"1300\" source_reference=\"source-document01090.txt\" this_length=\"697\" "
      "this_offset=\"3593\" type=\"artificial\" />\n"
      "<feature\n  type='artificial'\n  this_offset = '10'\tthis_length='20'\n"
      "  note='a &gt; b &amp; c /> \"d\"' source_length='40' source_offset='30'></feature>\n"
      "</document>\n";
  auto parsed = ParsePanXml(xml, "truth.xml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_TRUE(Equal((*parsed)[0], PanCase{{3593, 697}, {1300, 698}}));
  EXPECT_TRUE(Equal((*parsed)[1], PanCase{{10, 20}, {30, 40}}));
}

TEST(PanXmlTest, FeatureWithoutSourceRangeIsSkipped) {
  // Intrinsic-detection cases of older PAN corpora have no source range.
  auto parsed = ParsePanXml(
      "<document><feature name=\"plagiarism\" this_offset=\"1\" this_length=\"2\"/></document>",
      "intrinsic.xml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->empty());
}

TEST(PanXmlTest, MalformedNumberNamesFileAndOffset) {
  const std::string xml =
      "<document>\n<feature this_offset=\"12x\" this_length=\"2\" source_offset=\"3\" "
      "source_length=\"4\"/>\n</document>\n";
  auto parsed = ParsePanXml(xml, "bad-number.xml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kDataLoss);
  const std::string& message = parsed.status().message();
  EXPECT_NE(message.find("bad-number.xml"), std::string::npos) << message;
  EXPECT_NE(message.find("byte " + std::to_string(xml.find("12x"))), std::string::npos) << message;
  EXPECT_NE(message.find("this_offset"), std::string::npos) << message;
}

TEST(PanXmlTest, NegativeEmptyAndOverflowingNumbersAreErrors) {
  for (const char* value : {"-1", "", "+3", "1.5", "99999999999999999999"}) {
    const std::string xml = std::string("<feature this_offset=\"0\" this_length=\"") + value +
                            "\" source_offset=\"0\" source_length=\"1\"/>";
    auto parsed = ParsePanXml(xml, "numbers.xml");
    EXPECT_FALSE(parsed.ok()) << "value \"" << value << "\" was accepted";
    EXPECT_EQ(parsed.status().code(), StatusCode::kDataLoss);
  }
}

TEST(PanXmlTest, UnterminatedElementIsAnError) {
  for (const char* xml : {"<document><feature this_offset=\"1\" this_length=\"2\"",
                          "<document><feature this_offset=\"1",
                          "<document><feature this_offset=\"1\"\n<feature/></document>"}) {
    auto parsed = ParsePanXml(xml, "cut.xml");
    ASSERT_FALSE(parsed.ok()) << xml;
    EXPECT_EQ(parsed.status().code(), StatusCode::kDataLoss);
    EXPECT_NE(parsed.status().message().find("cut.xml: byte "), std::string::npos)
        << parsed.status().message();
  }
}

TEST(PanXmlTest, EmptyDocumentHasNoCases) {
  auto parsed = ParsePanXml("<document reference=\"x.txt\">\n</document>\n", "empty.xml");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->empty());
}

TEST(PanXmlTest, ReadFile) {
  const fs::path dir = fs::temp_directory_path() / "textrace_pan_xml_test";
  fs::create_directories(dir);
  const fs::path path = dir / "pair.xml";
  {
    std::ofstream out(path, std::ios::binary);
    out << FormatPanXml("s.txt", "r.txt", {PanCase{{5, 10}, {7, 12}}});
  }
  auto parsed = ReadPanXmlFile(path.string());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_TRUE(Equal((*parsed)[0], PanCase{{5, 10}, {7, 12}}));

  // A directory opens but cannot be read.
  auto dir_read = ReadPanXmlFile(dir.string());
  EXPECT_FALSE(dir_read.ok());
  fs::remove_all(dir);
}

TEST(PanXmlTest, MissingFileIsNotFound) {
  const std::string path = "/nonexistent-textrace-dir/missing.xml";
  auto parsed = ReadPanXmlFile(path);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kNotFound);
  EXPECT_NE(parsed.status().message().find(path), std::string::npos) << parsed.status().message();
}

// Reads the real PAN 2013 training truth, when the shared data is present.
TEST(PanXmlTest, RealTruthFiles) {
  const fs::path dir =
      fs::path(TEXTRACE_SOURCE_DIR "/../shared/data/pan13-train") / "02-no-obfuscation";
  if (!fs::is_directory(dir)) {
    GTEST_SKIP() << "PAN 2013 training data not found at " << dir.string();
  }
  PlagdetAccumulator self_score;
  int files = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".xml") continue;
    ++files;
    auto parsed = ReadPanXmlFile(entry.path().string());
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    ASSERT_FALSE(parsed->empty()) << entry.path();
    for (const PanCase& c : *parsed) {
      EXPECT_GT(c.susp.length, 0) << entry.path();
      EXPECT_GT(c.src.length, 0) << entry.path();
    }
    self_score.AddPair(*parsed, *parsed);
  }
  ASSERT_GT(files, 0) << "no XML files in " << dir.string();
  const PlagdetScores s = self_score.Scores();
  EXPECT_DOUBLE_EQ(s.recall, 1);
  EXPECT_DOUBLE_EQ(s.precision, 1);
  EXPECT_DOUBLE_EQ(s.granularity, 1);
  EXPECT_DOUBLE_EQ(s.plagdet, 1);
  EXPECT_EQ(s.detected_cases, s.cases);
}

}  // namespace
}  // namespace textrace
