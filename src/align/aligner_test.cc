// The aligner end to end on small texts written for these tests: copies, lightly edited copies,
// unrelated texts, an excerpt embedded in other text, offsets, determinism.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "textrace/align.h"
#include "textrace/document.h"
#include "textrace/relate.h"
#include "textrace/thesaurus.h"

namespace textrace {
namespace {

// Paragraphs on unrelated topics, each of several sentences of ordinary prose.
const std::string kHarbor =
    "The storm reached the fishing harbour shortly after midnight on Tuesday. Waves taller than "
    "the lighthouse gallery broke over the northern breakwater and flooded the quay. Several "
    "trawlers tore loose from their moorings and drifted against the ferry terminal. Volunteers "
    "from the lifeboat station worked until dawn to secure the remaining vessels. By morning the "
    "harbour master counted eleven damaged boats and one sunken dinghy. Nobody was injured, "
    "although two elderly residents were evacuated from cottages beside the slipway. The council "
    "promised emergency grants for fishermen who lost equipment during the night. Repairs to the "
    "breakwater are expected to take most of the coming winter.";

const std::string kLibrary =
    "The village school finally reopened its library after eighteen months of renovation. "
    "Carpenters replaced the rotten floorboards and built oak shelves along every wall. A local "
    "charity donated three thousand picture books, atlases and encyclopaedias. Pupils voted to "
    "name the reading corner after a retired teacher who founded the chess club. The headmistress "
    "said attendance at lunchtime reading sessions had already doubled. Parents will be allowed to "
    "borrow novels on Saturday mornings from next term.";

const std::string kOrchard =
    "Cider makers across the valley report the smallest apple crop in a decade. A late frost in "
    "April killed most of the blossom before the bees could pollinate it. Growers who covered "
    "their young trees with fleece saved part of the harvest. Prices for bittersweet varieties "
    "have risen sharply at the autumn auction. Several family presses have postponed bottling "
    "until imported fruit arrives from abroad.";

const std::string kRailway =
    "Engineers have restored the narrow gauge railway that once carried slate from the quarries "
    "to the coast. The steam locomotive, built in Leeds in 1893, spent forty years rusting in a "
    "scrapyard. Enthusiasts rebuilt its boiler, wheels and brass fittings by hand over six "
    "summers. Passenger trains will run twice daily between the museum and the estuary viaduct. "
    "Tickets for the opening weekend sold out within an hour of going on sale.";

const std::string kGlacier =
    "Researchers camped on the glacier for three weeks to measure how quickly the ice is "
    "thinning. They drilled boreholes and lowered temperature sensors nearly two hundred metres "
    "deep. Meltwater streams carved blue channels across the surface every afternoon. The "
    "expedition leader warned that the tongue of the glacier had retreated almost a kilometre "
    "since the previous survey. Samples of trapped air bubbles were flown to a laboratory in "
    "Copenhagen for analysis.";

const std::string kMarket =
    "Traders at the covered market protested against a proposed increase in stall rents. "
    "Butchers, cheesemongers and florists closed their shutters for an hour at noon. The mayor "
    "agreed to meet a delegation of stallholders before the budget vote next month. Shoppers "
    "signed a petition asking the city to keep the historic hall open on Sundays.";

const std::string kChess =
    "The regional chess championship ended in a dramatic tiebreak on Sunday evening. A "
    "fourteen-year-old student defeated the defending champion with a daring knight sacrifice. "
    "Spectators crowded around the demonstration board as the clocks ticked down. Organisers "
    "said entries had grown by a third since the tournament moved to the town hall.";

std::unique_ptr<Analyzer> MakeAnalyzer() {
  auto a = Analyzer::Create(AnalyzerOptions{});
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? std::move(a).value() : nullptr;
}

// Replaces the first occurrence of `from` in `s` (which must be there) with `to`.
std::string Swap(std::string s, const std::string& from, const std::string& to) {
  const size_t p = s.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

// Code points in a UTF-8 string.
uint32_t CountChars(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

class AlignerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    analyzer_ = MakeAnalyzer();
    ASSERT_NE(analyzer_, nullptr);
  }

  AnalyzedDocument Doc(const std::string& name, const std::string& text) {
    auto d = analyzer_->Analyze(name, text);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? std::move(d).value() : AnalyzedDocument();
  }

  // Invariants every result must satisfy: spans inside the documents, on token boundaries, with
  // char offsets that count the code points before them; ordered and disjoint in A.
  static void ExpectWellFormed(const AnalyzedDocument& a, const AnalyzedDocument& b,
                               const std::vector<PassagePair>& ps) {
    for (size_t i = 0; i < ps.size(); ++i) {
      SCOPED_TRACE("passage " + std::to_string(i));
      for (const auto& [d, s] : {std::pair(&a, ps[i].a), std::pair(&b, ps[i].b)}) {
        ASSERT_LT(s.begin_byte, s.end_byte);
        ASSERT_LE(s.end_byte, d->bytes.size());
        ASSERT_LT(s.first_token, s.end_token);
        ASSERT_LE(s.end_token, d->tokens.size());
        // The span holds exactly its tokens (plus punctuation and spaces between them).
        EXPECT_LE(s.begin_byte, d->tokens[s.first_token].begin_byte);
        EXPECT_GE(s.end_byte, d->tokens[s.end_token - 1].end_byte);
        if (s.first_token > 0) EXPECT_GE(s.begin_byte, d->tokens[s.first_token - 1].end_byte);
        if (s.end_token < d->tokens.size()) {
          EXPECT_LE(s.end_byte, d->tokens[s.end_token].begin_byte);
        }
        // Char offsets are the code point counts of the bytes before the offsets.
        EXPECT_EQ(s.begin_char, CountChars(d->Slice(0, s.begin_byte)));
        EXPECT_EQ(s.end_char, CountChars(d->Slice(0, s.end_byte)));
      }
      EXPECT_GE(ps[i].score, 0);
      EXPECT_LE(ps[i].score, 1 + 1e-9);
      EXPECT_GE(ps[i].kept, 0);
      EXPECT_LE(ps[i].kept, 1 + 1e-9);
      if (i > 0) {
        EXPECT_LE(ps[i - 1].a.end_byte, ps[i].a.begin_byte) << "overlap or disorder in A";
        EXPECT_LE(ps[i - 1].a.end_token, ps[i].a.first_token);
      }
    }
  }

  std::unique_ptr<Analyzer> analyzer_;
  Aligner aligner_{AlignOptions{}, nullptr};
};

TEST_F(AlignerTest, IdenticalDocumentsAreOneVerbatimPassage) {
  const std::string text = kHarbor + "\n\n" + kLibrary;
  const AnalyzedDocument a = Doc("a", text), b = Doc("b", text);
  const auto ps = aligner_.Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].kind, PassageKind::kVerbatim);
  EXPECT_EQ(ps[0].a.first_token, 0u);
  EXPECT_EQ(ps[0].a.end_token, a.tokens.size());
  EXPECT_EQ(ps[0].b.first_token, 0u);
  EXPECT_EQ(ps[0].b.end_token, b.tokens.size());
  EXPECT_EQ(ps[0].a.begin_byte, ps[0].b.begin_byte);
  EXPECT_EQ(ps[0].a.end_byte, ps[0].b.end_byte);
  EXPECT_NEAR(ps[0].kept, 1.0, 1e-9);
  EXPECT_GT(ps[0].score, 0.99);
  for (const EditOp& e : ps[0].edits) EXPECT_EQ(e.kind, EditKind::kKeep);
  const Comparison c = Relate(a, b, ps);
  EXPECT_EQ(c.relation, Relation::kDuplicate);
  EXPECT_NEAR(c.coverage_a, 1.0, 1e-9);
  EXPECT_NEAR(c.coverage_b, 1.0, 1e-9);
}

TEST_F(AlignerTest, CopyWithFewWordsSwappedIsNearVerbatim) {
  const std::string original = kHarbor + "\n\n" + kLibrary;
  std::string edited = original;
  edited = Swap(edited, "shortly after midnight", "soon after midnight");
  edited = Swap(edited, "Several trawlers", "Many trawlers");
  edited = Swap(edited, "worked until dawn", "toiled until sunrise");
  edited = Swap(edited, "counted eleven damaged", "reported eleven wrecked");
  edited = Swap(edited, "finally reopened", "at last reopened");
  edited = Swap(edited, "donated three thousand", "gave three thousand");
  const AnalyzedDocument a = Doc("original", original), b = Doc("edited", edited);
  const auto ps = aligner_.Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].kind, PassageKind::kNearVerbatim) << "kept " << ps[0].kept;
  EXPECT_LT(ps[0].kept, 0.97);
  EXPECT_GT(ps[0].kept, 0.85);
  // The edit script shows the swapped words.
  bool saw_dawn = false;
  for (const EditOp& e : ps[0].edits) {
    if (e.kind != EditKind::kReplace) continue;
    const std::string_view from =
        a.Slice(a.tokens[e.a_begin].begin_byte, a.tokens[e.a_end - 1].end_byte);
    const std::string_view to =
        b.Slice(b.tokens[e.b_begin].begin_byte, b.tokens[e.b_end - 1].end_byte);
    if (from.find("dawn") != std::string_view::npos) {
      saw_dawn = true;
      EXPECT_NE(to.find("sunrise"), std::string_view::npos) << to;
    }
  }
  EXPECT_TRUE(saw_dawn);
  const Comparison c = Relate(a, b, ps);
  EXPECT_EQ(c.relation, Relation::kNearDuplicate);
}

TEST_F(AlignerTest, UnrelatedTextsHaveNoPassage) {
  const AnalyzedDocument a = Doc("a", kHarbor + "\n\n" + kLibrary + "\n\n" + kOrchard);
  const AnalyzedDocument b = Doc("b", kRailway + "\n\n" + kGlacier + "\n\n" + kChess);
  const auto ps = aligner_.Align(a, b);
  EXPECT_TRUE(ps.empty()) << ps.size() << " passages, first at A bytes " << ps[0].a.begin_byte;
  EXPECT_EQ(Relate(a, b, ps).relation, Relation::kNone);
}

TEST_F(AlignerTest, EmbeddedExcerptIsFoundInPlace) {
  // A: its own text, then two paragraphs taken from the source, then its own text again.
  const std::string a_text = kRailway + "\n\n" + kGlacier + "\n\n" + kHarbor + "\n\n" + kLibrary +
                             "\n\n" + kMarket + "\n\n" + kChess;
  // The source: the two paragraphs after one of its own.
  const std::string b_text = kOrchard + "\n\n" + kHarbor + "\n\n" + kLibrary;
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", b_text);
  const size_t region_begin = a_text.find(kHarbor);
  const size_t region_end = a_text.find(kLibrary) + kLibrary.size();
  const auto ps = aligner_.Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_FALSE(ps.empty());
  std::string found_a;
  for (const PassagePair& p : ps) {
    EXPECT_GE(p.a.begin_byte, region_begin);
    EXPECT_LE(p.a.end_byte, region_end);
    // The same text on the B side: B holds the paragraphs after kOrchard.
    EXPECT_GE(p.b.begin_byte, kOrchard.size());
    found_a += a.Slice(p.a.begin_byte, p.a.end_byte);
  }
  // The copied sentences are inside the passages.
  EXPECT_NE(found_a.find("Volunteers from the lifeboat station worked until dawn"),
            std::string::npos);
  EXPECT_NE(found_a.find("Pupils voted to name the reading corner"), std::string::npos);
  // And the passages cover nearly all of the copied region.
  size_t covered = 0;
  for (const PassagePair& p : ps) covered += p.a.end_byte - p.a.begin_byte;
  EXPECT_GT(covered, 0.9 * (region_end - region_begin));
  const Comparison c = Relate(a, b, ps);
  EXPECT_EQ(c.relation, Relation::kPartial);
  EXPECT_GT(c.coverage_a, 0.2);
  EXPECT_LT(c.coverage_a, 0.6);
}

TEST_F(AlignerTest, CharOffsetsCountCodePointsBeforeMultiByteText) {
  // Multi-byte characters before the copied paragraph: char offsets fall behind byte offsets by
  // the extra bytes. The prefix is a paragraph of its own, unrelated to the copy.
  const std::string prefix =
      "Caf\xC3\xA9 owners in Z\xC3\xBCrich \xE2\x80\x94 na\xC3\xAFve or not \xE2\x80\x94 "
      "complained about the new r\xC3\xA9sum\xC3\xA9 rules for seasonal staff. The "
      "Stra\xC3\x9F"
      "enbahn strike \xE2\x80\x9C"
      "lasted four days\xE2\x80\x9D, according to "
      "the union. Trams \xF0\x9F\x9A\x8B resumed their normal timetable across the whole city on "
      "Friday morning.";
  const std::string a_text = prefix + "\n\n" + kHarbor;
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", kHarbor);
  const auto ps = aligner_.Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_EQ(ps.size(), 1u);
  const uint32_t extra = static_cast<uint32_t>(prefix.size() - CountChars(prefix));
  ASSERT_GT(extra, 0u);
  EXPECT_EQ(ps[0].a.begin_byte, a_text.find(kHarbor));
  EXPECT_EQ(ps[0].a.begin_char, ps[0].a.begin_byte - extra);
  EXPECT_EQ(ps[0].a.end_char, ps[0].a.end_byte - extra);
  EXPECT_LT(ps[0].a.begin_char, ps[0].a.begin_byte);
  // On the pure-ASCII side, chars and bytes agree.
  EXPECT_EQ(ps[0].b.begin_char, ps[0].b.begin_byte);
  EXPECT_EQ(ps[0].b.end_char, ps[0].b.end_byte);
  // Both sides cover the same text.
  EXPECT_EQ(a.Slice(ps[0].a.begin_byte, ps[0].a.end_byte),
            b.Slice(ps[0].b.begin_byte, ps[0].b.end_byte));
}

TEST_F(AlignerTest, PassagesAreOrderedAndDisjointInA) {
  // A reuses three paragraphs of B, in a different order and with its own text between them.
  const std::string a_text =
      kLibrary + "\n\n" + kChess + "\n\n" + kRailway + "\n\n" + kMarket + "\n\n" + kHarbor;
  const std::string b_text =
      kHarbor + "\n\n" + kOrchard + "\n\n" + kRailway + "\n\n" + kGlacier + "\n\n" + kLibrary;
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", b_text);
  const auto ps = aligner_.Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_EQ(ps.size(), 3u);
  const std::string* order[] = {&kLibrary, &kRailway, &kHarbor};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(a.Slice(ps[i].a.begin_byte, ps[i].a.end_byte),
              b.Slice(ps[i].b.begin_byte, ps[i].b.end_byte));
    EXPECT_EQ(ps[i].a.begin_byte, a_text.find(*order[i]));
    EXPECT_EQ(ps[i].b.begin_byte, b_text.find(*order[i]));
  }
}

TEST_F(AlignerTest, SynonymSwapsAreMarkedInEditScript) {
  // A spun copy: one content word per sentence swapped for a synonym. With the synonyms listed,
  // the passage keeps them as synonym replacements.
  const std::string original = kHarbor;
  std::string spun = original;
  spun = Swap(spun, "The storm reached", "The tempest reached");
  spun = Swap(spun, "Waves taller", "Waves higher");
  spun = Swap(spun, "tore loose", "broke loose");
  spun = Swap(spun, "secure the remaining", "fasten the remaining");
  const AnalyzedDocument a = Doc("a", original), b = Doc("b", spun);
  auto th = Thesaurus::FromPairs(
      {{"storm", "tempest"}, {"taller", "higher"}, {"tore", "broke"}, {"secure", "fasten"}},
      analyzer_.get());
  const Aligner with(AlignOptions{}, th);
  const auto ps = with.Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_EQ(ps.size(), 1u);
  int synonyms = 0;
  for (const EditOp& e : ps[0].edits) synonyms += e.synonym;
  EXPECT_EQ(synonyms, 4);
  // Without a thesaurus the same swaps are plain replacements.
  const auto plain = aligner_.Align(a, b);
  ASSERT_EQ(plain.size(), 1u);
  for (const EditOp& e : plain[0].edits) EXPECT_FALSE(e.synonym);
}

// A harbour story in sixteen sentences, and a three-sentence summary of it in other words.
const std::string kStormReport =
    "The storm reached the fishing harbour shortly after midnight on Tuesday, driven by gusts "
    "that the coastguard measured at ninety knots. Waves taller than the lighthouse gallery "
    "broke over the northern breakwater and flooded the quay. Several trawlers tore loose "
    "from their moorings and drifted against the ferry terminal. Volunteers from the lifeboat "
    "station worked until dawn to secure the remaining vessels. A crane used to unload "
    "catches toppled into the water near the fish market. Electricity failed across the lower "
    "town at about two o'clock. Families in the terraces above the beach listened to the sea "
    "dragging shingle through the streets. Shopkeepers on the promenade found their windows "
    "smashed and their stock soaked. By morning the harbour master counted eleven damaged "
    "boats and one sunken dinghy. Divers inspected the hull of the ferry before it was "
    "allowed to sail again. Nobody was injured, although two elderly residents were evacuated "
    "from cottages beside the slipway. The railway line along the cliffs stayed closed "
    "because of fallen rocks. Insurance assessors arrived from the city on Wednesday "
    "afternoon. Schools opened late so that teachers could help clear debris from the "
    "playground. The council promised emergency grants for fishermen who lost nets, pots and "
    "engines during the night. Engineers said repairs to the shattered breakwater are "
    "expected to take most of the coming winter.";
const std::string kStormSummary =
    "A ninety-knot storm hit the fishing harbour after midnight on Tuesday, with waves "
    "flooding the quay and breakwater. The harbour master later counted eleven boats damaged "
    "and a dinghy sunk, though nobody was injured. Fishermen who lost nets and engines were "
    "promised council grants, and engineers expect breakwater repairs to last the winter.";

TEST_F(AlignerTest, SummaryIsFoundWhicheverDocumentIsA) {
  // The summary opens a digest that also carries unrelated stories, so the document holding the
  // summary is the longer one: the scan, which puts the shorter document first, makes the
  // summarised report A. A summary must be found either way round.
  const std::string digest =
      kStormSummary + "\n\n" + kLibrary + "\n\n" + kOrchard + "\n\n" + kRailway;
  const AnalyzedDocument report = Doc("report", kStormReport), digest_doc = Doc("digest", digest);
  ASSERT_LT(report.bytes.size(), digest_doc.bytes.size());
  for (const bool report_first : {true, false}) {
    SCOPED_TRACE(report_first ? "report is A" : "digest is A");
    const AnalyzedDocument& a = report_first ? report : digest_doc;
    const AnalyzedDocument& b = report_first ? digest_doc : report;
    const auto ps = aligner_.Align(a, b);
    ExpectWellFormed(a, b, ps);
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].kind, PassageKind::kSummary);
    const TextSpan& in_report = report_first ? ps[0].a : ps[0].b;
    const TextSpan& in_digest = report_first ? ps[0].b : ps[0].a;
    // The summary side is the summary paragraph, not the stories after it.
    EXPECT_LE(in_digest.end_byte, kStormSummary.size());
    EXPECT_GE(in_digest.end_byte - in_digest.begin_byte, kStormSummary.size() / 2);
    // The summarised side spans most of the report.
    EXPECT_GE(in_report.end_byte - in_report.begin_byte, kStormReport.size() * 4 / 5);
  }
}

TEST_F(AlignerTest, EmptyDocumentHasNoPassages) {
  const AnalyzedDocument empty = Doc("empty", "");
  const AnalyzedDocument blank = Doc("blank", "  \n\n\t ");
  const AnalyzedDocument text = Doc("text", kHarbor);
  for (const auto* x : {&empty, &blank}) {
    EXPECT_TRUE(aligner_.Align(*x, text).empty());
    EXPECT_TRUE(aligner_.Align(text, *x).empty());
    EXPECT_TRUE(aligner_.Align(*x, *x).empty());
    const Comparison c = Relate(*x, text, {});
    EXPECT_EQ(c.relation, Relation::kNone);
    EXPECT_EQ(c.coverage_a, 0);
  }
}

TEST_F(AlignerTest, ShortCopyIsFoundWithSmallerMinPassageChars) {
  // Only one sentence is copied (87 characters): below the default fragment limit of 150
  // characters, found once min_passage_chars is lowered. This fixture is short on purpose.
  const std::string copied =
      "Volunteers from the lifeboat station worked until dawn to secure the remaining vessels.";
  const std::string a_text = kRailway + "\n\n" + copied + "\n\n" + kChess;
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", kHarbor);
  EXPECT_TRUE(aligner_.Align(a, b).empty()) << "a " << CountChars(copied) << "-char fragment";
  AlignOptions o;
  o.min_passage_chars = 60;
  const Aligner small(o, nullptr);
  const auto ps = small.Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_EQ(ps.size(), 1u);
  // The whole sentence, its full stop included.
  EXPECT_EQ(a.Slice(ps[0].a.begin_byte, ps[0].a.end_byte), copied);
}

// A report and an abstractive summary of it: every sentence of the summary retells one or two of
// the report's, in order, mostly in other words (few shared phrases, shared names and figures).
const std::string kReservoirReport =
    "The county water board voted on Thursday to spend nine million pounds on a new reservoir "
    "above the village of Ashcombe, ending a dispute that has divided the valley for six years.\n"
    "Engineers will build an earth dam across the Brenning stream, flooding forty hectares of "
    "rough pasture and a disused sawmill.\n"
    "The board's chairman, Tobias Kerrow, said the dry summers of recent years had left the "
    "existing reservoirs at record lows, and that rationing had been avoided last August only by "
    "pumping from the river.\n"
    "Farmers who graze sheep on the land will receive compensation, and the board has promised to "
    "move a footpath that walkers have used since the eighteenth century.\n"
    "A campaign group, Save Ashcombe Valley, collected four thousand signatures against the plan "
    "and argued that leaking pipes waste more water than the reservoir would hold.\n"
    "Its spokeswoman, Imogen Haverley, said the group would consider a legal challenge once the "
    "planning documents are published.\n"
    "The board replied that it replaces more than thirty kilometres of mains every year and that "
    "repairs alone cannot keep pace with a growing population.\n"
    "Construction is due to begin next spring and should take about three years.\n"
    "When full, the reservoir will supply roughly sixty thousand homes.\n";
const std::vector<std::string> kReservoirSummary = {
    "After six years of argument, water managers have approved a nine million pound reservoir "
    "near Ashcombe.",
    "An earthen barrier on the Brenning will drown forty hectares of grazing and an old timber "
    "mill.",
    "Tobias Kerrow, the board chairman, blamed the dry summers that nearly forced rationing.",
    "Opponents from Save Ashcombe Valley, backed by four thousand signatures, say fixing leaks "
    "would save more, and Imogen Haverley hinted at a court case.",
    "Work starts next spring, lasts three years, and will serve about sixty thousand "
    "households.",
};

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

TEST_F(AlignerTest, AbstractiveSummaryIsFoundByItsInOrderChain) {
  // Only two of the summary's five sentences pass as seeds (no thesaurus here), and they do not
  // make a passage of their own: without the chain there is nothing.
  const AnalyzedDocument summary = Doc("summary", Lines(kReservoirSummary));
  const AnalyzedDocument report = Doc("report", kReservoirReport);
  AlignOptions no_chains;
  no_chains.summary_chain_min_sentences = 0;
  no_chains.word_cluster_min_words = 0;
  EXPECT_TRUE(Aligner(no_chains, nullptr).Align(summary, report).empty());

  for (const bool summary_first : {true, false}) {
    SCOPED_TRACE(summary_first ? "summary is A" : "report is A");
    const AnalyzedDocument& a = summary_first ? summary : report;
    const AnalyzedDocument& b = summary_first ? report : summary;
    const auto ps = aligner_.Align(a, b);
    ExpectWellFormed(a, b, ps);
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].kind, PassageKind::kSummary);
    const TextSpan& in_summary = summary_first ? ps[0].a : ps[0].b;
    const TextSpan& in_report = summary_first ? ps[0].b : ps[0].a;
    // All of the summary, and the report from its first sentence to (at least) the one the
    // summary's last sentence retells.
    EXPECT_EQ(in_summary.begin_byte, 0u);
    EXPECT_GE(in_summary.end_byte + 2, summary.bytes.size());
    EXPECT_EQ(in_report.begin_byte, 0u);
    EXPECT_GE(in_report.end_byte, kReservoirReport.find("three years"));
    EXPECT_EQ(Relate(a, b, ps).relation, Relation::kSummary);
  }
}

TEST_F(AlignerTest, SummaryInReverseOrderIsNoChain) {
  // The same sentences backwards: the seeds are there, the order is not.
  std::vector<std::string> reversed(kReservoirSummary.rbegin(), kReservoirSummary.rend());
  const AnalyzedDocument a = Doc("reversed", Lines(reversed));
  const AnalyzedDocument b = Doc("report", kReservoirReport);
  // (Word clusters, which look at no order of sentences, find the one summary sentence that
  // retells a report sentence closely; they are off here.)
  AlignOptions no_clusters;
  no_clusters.word_cluster_min_words = 0;
  EXPECT_TRUE(Aligner(no_clusters, nullptr).Align(a, b).empty());
}

TEST_F(AlignerTest, SameTopicAndNamesAreNoSummary) {
  // Another story from the same valley: the same board, stream and village, no retelling.
  const std::string other =
      "Walkers in the Ashcombe valley have complained that the water board left a gate open above "
      "the Brenning stream, letting sheep onto the road.\n"
      "The board said the gate belongs to a farmer and that its own staff only inspect the "
      "reservoir fence once a month.\n"
      "Councillors will discuss the footpath and the cattle grid at their meeting in the village "
      "hall on Monday evening.\n"
      "A retired engineer, who spent thirty years maintaining pumps for the county, offered to "
      "repair the stile for free.\n"
      "The parish magazine will print a map of the new route for anyone who wants to walk it this "
      "summer.\n";
  const AnalyzedDocument a = Doc("other", other), b = Doc("report", kReservoirReport);
  EXPECT_TRUE(aligner_.Align(a, b).empty());
  EXPECT_TRUE(aligner_.Align(b, a).empty());
}

TEST_F(AlignerTest, WeakNeighbourMakesASingleSeedPassage) {
  // An obfuscated retelling of two sentences of kHarbor between unrelated text: the first is one
  // seed (cosine about 0.4, under the single-seed rule's 0.5), the second keeps only three of its
  // words (a weak pair). Alone the seed is no passage; with its weak neighbour it is.
  const std::string retold =
      "Monstrous waves taller than the old lighthouse gallery came over the breakwater, and soon "
      "the whole quay was under water. Loose trawlers drifted while the crews kept shouting from "
      "the pier.";
  const std::string a_text = kOrchard + "\n\n" + retold +
                             " Some volunteers stayed out all "
                             "night in the rain.\n\n" +
                             kChess;
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", kHarbor);
  AlignOptions no_weak;
  no_weak.weak_seed_min_cosine = 0;
  no_weak.summary_chain_min_sentences = 0;
  no_weak.word_cluster_min_words = 0;
  EXPECT_TRUE(Aligner(no_weak, nullptr).Align(a, b).empty());
  AlignOptions weak = no_weak;
  weak.weak_seed_min_cosine = AlignOptions{}.weak_seed_min_cosine;
  const auto ps = Aligner(weak, nullptr).Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_EQ(ps.size(), 1u);
  // A: the retold sentences; B: the two sentences they retell.
  EXPECT_EQ(ps[0].a.begin_byte, a_text.find("Monstrous"));
  EXPECT_GE(ps[0].a.end_byte, a_text.find("pier"));
  EXPECT_EQ(ps[0].b.begin_byte, kHarbor.find("Waves taller"));
  EXPECT_GE(ps[0].b.end_byte, kHarbor.find("ferry terminal"));
  EXPECT_LE(ps[0].b.end_byte, kHarbor.find("Volunteers"));
}

TEST_F(AlignerTest, HardWrappedCopyIsFoundWhereverItsLinesBreak) {
  // One long sentence copied word for word, but hard-wrapped: every line break ends a sentence
  // (AnalyzerOptions::join_wrapped_lines is off), so the copy is seven short "sentences", each
  // with a small part of the original's words and a low cosine with the whole. Containment seeds
  // pair each line with the sentence that holds it.
  const std::string sentence =
      "The regional water board announced on Friday that it will spend forty million euros over "
      "the next decade replacing the cracked cast iron mains beneath the old town, installing "
      "smart meters in every household, and building a second reservoir in the hills above the "
      "river to protect the city against the long summer droughts that have emptied its wells "
      "three times since the turn of the century.";
  std::string wrapped;  // lines of 5 to 9 words, broken at no punctuation in particular
  int words = 0, line = 0;
  for (char c : sentence) {
    if (c == ' ' && ++words == 5 + (line % 5)) {
      wrapped += '\n';
      words = 0;
      ++line;
    } else {
      wrapped += c;
    }
  }
  const std::string a_text = kRailway + "\n\n" + wrapped + "\n\n" + kChess;
  const std::string b_text = kGlacier + "\n\n" + sentence + "\n\n" + kOrchard;
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", b_text);
  ASSERT_GE(a.sentences.size(), 5 + 6u) << "the fixture must split the copy into lines";
  const auto ps = aligner_.Align(a, b);
  ExpectWellFormed(a, b, ps);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].a.begin_byte, a_text.find("The regional"));
  EXPECT_EQ(ps[0].a.end_byte, a_text.find("century.") + 8);
  EXPECT_EQ(ps[0].b.begin_byte, b_text.find("The regional"));
  EXPECT_EQ(ps[0].b.end_byte, b_text.find("century.") + 8);
  EXPECT_EQ(ps[0].kind, PassageKind::kVerbatim);
  // Without containment seeds no sentence pair aligns; the copy is still found by its words
  // alone (a word cluster), with its edges at its first and last word.
  AlignOptions off;
  off.seed_min_containment = 0;
  const auto by_words = Aligner(off, nullptr).Align(a, b);
  ExpectWellFormed(a, b, by_words);
  ASSERT_EQ(by_words.size(), 1u);
  EXPECT_TRUE(by_words[0].by_words);
  EXPECT_FALSE(ps[0].by_words);
  EXPECT_EQ(by_words[0].a.begin_byte, a_text.find("regional"));
  EXPECT_EQ(by_words[0].b.begin_byte, b_text.find("regional"));
  EXPECT_EQ(by_words[0].a.end_byte, a_text.find("century.") + 8);
  EXPECT_EQ(by_words[0].kind, PassageKind::kVerbatim);
  off.word_cluster_min_words = 0;
  EXPECT_TRUE(Aligner(off, nullptr).Align(a, b).empty());

  // A long first line is a seed on its own (cosine about 0.5); its contained siblings must not
  // crowd it out of the passage.
  const size_t cut = sentence.find(" over");
  std::string long_first = sentence.substr(0, cut) + "\n";
  for (size_t i = cut + 1, words = 0; i < sentence.size(); ++i) {
    long_first += sentence[i] == ' ' && ++words % 5 == 0 ? '\n' : sentence[i];
  }
  const std::string a2_text = kRailway + "\n\n" + long_first + "\n\n" + kChess;
  const AnalyzedDocument a2 = Doc("a2", a2_text);
  AlignOptions no_grow;  // growing the edges would add the line back; the seeds must hold it
  no_grow.grow_edges = false;
  const auto ps2 = Aligner(no_grow, nullptr).Align(a2, b);
  ExpectWellFormed(a2, b, ps2);
  ASSERT_EQ(ps2.size(), 1u);
  EXPECT_EQ(ps2[0].a.begin_byte, a2_text.find("The regional"));
  EXPECT_EQ(ps2[0].a.end_byte, a2_text.find("century.") + 8);
}

TEST_F(AlignerTest, Deterministic) {
  const std::string a_text = kRailway + "\n\n" + kHarbor + "\n\n" + kMarket + "\n\n" + kLibrary;
  std::string b_text = kOrchard + "\n\n" + kHarbor + "\n\n" + kLibrary;
  b_text = Swap(b_text, "worked until dawn", "toiled until sunrise");
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", b_text);
  const auto x = aligner_.Align(a, b);
  const auto y = aligner_.Align(a, b);
  ASSERT_FALSE(x.empty());
  ASSERT_EQ(x.size(), y.size());
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].a.begin_byte, y[i].a.begin_byte);
    EXPECT_EQ(x[i].a.end_byte, y[i].a.end_byte);
    EXPECT_EQ(x[i].a.begin_char, y[i].a.begin_char);
    EXPECT_EQ(x[i].a.end_char, y[i].a.end_char);
    EXPECT_EQ(x[i].b.begin_byte, y[i].b.begin_byte);
    EXPECT_EQ(x[i].b.end_byte, y[i].b.end_byte);
    EXPECT_EQ(x[i].score, y[i].score);
    EXPECT_EQ(x[i].kept, y[i].kept);
    EXPECT_EQ(x[i].kind, y[i].kind);
    ASSERT_EQ(x[i].edits.size(), y[i].edits.size());
    for (size_t k = 0; k < x[i].edits.size(); ++k) {
      EXPECT_EQ(x[i].edits[k].kind, y[i].edits[k].kind);
      EXPECT_EQ(x[i].edits[k].a_begin, y[i].edits[k].a_begin);
      EXPECT_EQ(x[i].edits[k].b_begin, y[i].edits[k].b_begin);
    }
  }
  // A freshly built analyzer and aligner give the same result.
  auto other = MakeAnalyzer();
  auto a2 = other->Analyze("a", a_text);
  auto b2 = other->Analyze("b", b_text);
  ASSERT_TRUE(a2.ok() && b2.ok());
  const auto z = Aligner(AlignOptions{}, nullptr).Align(*a2, *b2);
  ASSERT_EQ(z.size(), x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(z[i].a.begin_byte, x[i].a.begin_byte);
    EXPECT_EQ(z[i].b.end_byte, x[i].b.end_byte);
    EXPECT_EQ(z[i].score, x[i].score);
  }
}

// A planting guide of short lines, and a copy that keeps about half the words of each line and
// runs them together into one sentence (what PAN's random obfuscation does to short passages).
const std::string kGuide =
    "Spring planting guide for a small vegetable plot.\n"
    "Soak the bean seeds overnight in lukewarm water.\n"
    "Dig the bed to a depth of thirty centimetres.\n"
    "Mix two buckets of compost into every square metre.\n"
    "Sow carrots thinly in rows twenty centimetres apart.\n"
    "Water the seedlings each evening during dry weeks.\n"
    "Cover young lettuce with fleece when frost is forecast.\n";
const std::string kGuideCut =
    "The planting guide for the vegetable, soak seeds overnight in water and dig the bed "
    "thirty, buckets of compost per metre, carrots in rows twenty apart, seedlings in the dry "
    "evening, lettuce under fleece against frost.";

TEST_F(AlignerTest, CutAndMergedCopyIsFoundByItsWordsAlone) {
  // (The chess report after the copy ends on "Sunday evening", and the guide's watering line
  // has "evening" too: a chance match that must not stretch the passage.)
  const std::string a_text = kGlacier + "\n\n" + kGuideCut + "\n\n" + kChess;
  const std::string b_text = kRailway + "\n\n" + kGuide + "\n" + kMarket;
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", b_text);
  // No sentence pair of it aligns: each line keeps too few of its words in the one long sentence.
  AlignOptions sentences_only;
  sentences_only.word_cluster_min_words = 0;
  EXPECT_TRUE(Aligner(sentences_only, nullptr).Align(a, b).empty());

  for (const bool guide_first : {false, true}) {
    SCOPED_TRACE(guide_first ? "the guide is A" : "the copy is A");
    const AnalyzedDocument& x = guide_first ? b : a;
    const AnalyzedDocument& y = guide_first ? a : b;
    const auto ps = aligner_.Align(x, y);
    ExpectWellFormed(x, y, ps);
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_TRUE(ps[0].by_words);
    const TextSpan& copy = guide_first ? ps[0].b : ps[0].a;
    const TextSpan& guide = guide_first ? ps[0].a : ps[0].b;
    // From the first shared word to the last, on both sides.
    EXPECT_EQ(copy.begin_byte, a_text.find("planting guide"));
    EXPECT_EQ(copy.end_byte, a_text.find("frost.") + 6);
    EXPECT_EQ(guide.begin_byte, b_text.find("planting guide"));
    EXPECT_EQ(guide.end_byte, b_text.find("frost is") + 5);
    EXPECT_GE(ps[0].score, AlignOptions{}.word_cluster_min_cosine);
    // Not a summary by length: a cut copy keeps words, it does not retell.
    EXPECT_EQ(ps[0].kind, PassageKind::kParaphrase);
    // The edit script keeps the shared words in order.
    ASSERT_FALSE(ps[0].edits.empty());
    EXPECT_EQ(ps[0].edits.front().kind, EditKind::kKeep);
    EXPECT_EQ(ps[0].edits.back().kind, EditKind::kKeep);
  }

  // Fewer shared words than the cluster needs: nothing.
  AlignOptions strict;
  strict.word_cluster_min_words = 30;
  EXPECT_TRUE(Aligner(strict, nullptr).Align(a, b).empty());
}

TEST_F(AlignerTest, WordsSharedAcrossTheDocumentsMakeNoCluster) {
  // Unrelated texts with some words in common, spread out: no cluster is dense enough.
  const std::string a_text = kHarbor + "\n\n" + kLibrary + "\n\n" + kOrchard;
  const std::string b_text = kRailway + "\n\n" + kGlacier + "\n\n" + kMarket + "\n\n" + kChess;
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", b_text);
  EXPECT_TRUE(aligner_.Align(a, b).empty());
}

TEST_F(AlignerTest, NamesOfOneStoryMakeNoWordCluster) {
  // Two reports of one meeting name the same people, places and bodies, many in a row, in other
  // sentences. Sentence seeding is off here, so only word clusters could pair them.
  const std::string a_text =
      "Senator Marguerite Olafsen and Governor Desmond Achterberg met Mayor Lucinda Pravik in "
      "Omaha, where the Riverside Housing Trust and the Platte Valley Water Board showed them "
      "the flooded streets.";
  const std::string b_text =
      "Reporters waited in the rain for hours. Mayor Lucinda Pravik of Omaha arrived first, "
      "then Senator Marguerite Olafsen with Governor Desmond Achterberg; nobody from the "
      "Riverside Housing Trust or the Platte Valley Water Board would comment.";
  const AnalyzedDocument a = Doc("a", a_text), b = Doc("b", b_text);
  AlignOptions clusters_only;
  clusters_only.seed_min_cosine = 2;  // no sentence pair passes
  clusters_only.seed_min_containment = 0;
  clusters_only.summary_chain_min_sentences = 0;
  clusters_only.min_passage_chars = 100;
  EXPECT_TRUE(Aligner(clusters_only, nullptr).Align(a, b).empty());
  // The same options find the cut copy of the guide, whose shared words are ordinary ones.
  const AnalyzedDocument copy = Doc("copy", kGuideCut), guide = Doc("guide", kGuide);
  const auto ps = Aligner(clusters_only, nullptr).Align(copy, guide);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_TRUE(ps[0].by_words);
}

TEST_F(AlignerTest, EditScriptsCanBeTurnedOff) {
  AlignOptions o;
  o.edit_scripts = false;
  const AnalyzedDocument a = Doc("a", kHarbor), b = Doc("b", kHarbor);
  const auto ps = Aligner(o, nullptr).Align(a, b);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_TRUE(ps[0].edits.empty());
  EXPECT_NEAR(ps[0].kept, 1.0, 1e-9);  // still measured
}

}  // namespace
}  // namespace textrace
