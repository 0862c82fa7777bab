"""Small texts of our own for the browser test (invented; no third-party text).

multi_passage_pair(dir): A and B share three separate paragraphs, with unrelated text on other
topics between them, and B changes one word in each (a word deleted, one replaced, one
inserted), so the pair has three passages and all three kinds of edit.
mojibake_pair(dir): A with its quotes as mojibake, B with them right and one word replaced after
them, so the viewer must show A repaired and still mark the word.
many_copies(dir, n): n documents that all repeat the three shared paragraphs and add one filler
paragraph each, so every two of them are related: n * (n - 1) / 2 pairs, more than the overview
table draws before it is scrolled.
"""

import os

# Shared paragraphs (copied from A into B) and unrelated filler on other topics.
SHARED = [
    "The keeper climbed the spiral stair of the lighthouse every evening at dusk. He trimmed the "
    "wick, polished the brass lens with a soft cloth and wound the clockwork that turned the beam. "
    "On stormy nights he stayed awake until dawn, listening to the foghorn and logging every ship "
    "that passed the reef. The logbook he kept for thirty years now rests in the harbour museum.",
    "A healthy hive holds one queen, a few hundred drones and tens of thousands of workers. The "
    "workers build wax comb, feed the larvae and guard the entrance against wasps. In late summer "
    "the beekeeper lifts the heavy frames, cuts the caps from the comb and spins out the honey. "
    "Enough stores must be left behind, or the colony starves before the spring flowers open.",
    "To mend a punctured tyre, lever the tyre off the rim and pull out the inner tube. Pump a "
    "little air into the tube and hold it near your cheek until you feel the leak. Roughen the "
    "rubber around the hole, spread a thin film of glue and press the patch down firmly. Check the "
    "inside of the tyre for thorns or glass before you fit everything back together.",
]
FILLER_A = [
    "Chess openings have names that sound like old battles. The Sicilian defence answers the king "
    "pawn with a sharp counterattack on the queen side. Beginners often memorise long lines without "
    "understanding the plans behind them. A grandmaster once said that the middlegame is where "
    "ideas matter more than theory. Endgames reward patience, exact counting and active kings. "
    "Club players improve fastest by reviewing their own lost games. Blitz is fun but teaches bad "
    "habits. Correspondence chess allows days of thought for every move.",
    "Sourdough bread starts with a culture of wild yeast and lactic bacteria. The starter is fed "
    "flour and water daily until it doubles within a few hours. A long cold proof in the "
    "refrigerator deepens the sour flavour of the crumb. Bakers score the loaf with a razor so it "
    "opens evenly in the oven. Steam during the first minutes keeps the crust supple while it "
    "rises. Rye flour ferments faster than wheat and makes a denser loaf. A cast iron pot traps "
    "moisture nicely.",
    "The autumn weather in the valley changed quickly this year. Morning mist hung over the river "
    "until almost noon on most days. Farmers hurried to bring the maize in before the rains. "
    "Temperatures dropped below freezing for the first time in early October. Forecasters blamed "
    "a blocking high over the northern sea. Ski resorts in the mountains hoped for an early "
    "season. Road crews stocked salt and grit in every depot.",
    "Our town council meets on the first Tuesday of each month. Residents may speak for three "
    "minutes on any item of the agenda. Last month the debate about parking fees ran past "
    "midnight. The mayor promised a survey of shop owners before any decision. The budget for "
    "street lighting was approved without objection. Minutes of every meeting are posted online "
    "within a week.",
]
FILLER_B = [
    "Saturn's rings are made of countless pieces of ice and rock. Some particles are as small as "
    "grains of dust, others as large as houses. Astronomers think the rings may be younger than "
    "the dinosaurs. Through a small telescope they appear as a thin bright ellipse. Every fifteen "
    "years the rings turn edge on and almost vanish from view. The Cassini probe dived between "
    "the planet and its rings before it burned up. Titan hides beneath a thick orange haze.",
    "Tomatoes need full sun, rich soil and steady watering. Pinch out the side shoots so the plant "
    "puts its strength into the fruit. Marigolds planted nearby are said to deter whitefly. Blight "
    "spreads in warm wet spells and blackens leaves within days. Gardeners save seed from the best "
    "plants for the next year. Green fruit left at the end of the season ripens on a sunny "
    "windowsill. Chutney uses up the rest.",
    "The narrow gauge railway once carried slate from the quarries to the coast. Steam engines "
    "hauled long trains of wagons down the steep valley by gravity. Volunteers rebuilt the line "
    "after it closed in the nineteen forties. Today tourists ride in open carriages through the "
    "oak woods. The old station building now houses a cafe and a model railway. Timetables change "
    "with the seasons.",
    "Origami artists fold a single square of paper without cutting it. The crane is the classic "
    "first model taught to children. Complex designs are planned with crease patterns drawn on a "
    "computer. Wet folding lets thick paper hold soft curves. Some mathematicians study folding "
    "to design solar panels for satellites. Exhibitions display insects with dozens of legs "
    "folded from one sheet.",
]


def write_paragraphs(d, files):
    """Writes each (name, paragraphs) of files to d/name, paragraphs parted by blank lines;
    returns the paths."""
    paths = []
    for name, paras in files:
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n\n".join(paras) + "\n")
        paths.append(path)
    return paths


def multi_passage_pair(d):
    """Writes d/a.txt and d/b.txt; returns their paths."""
    s = SHARED
    b_shared = [s[0].replace("soft cloth", "cloth"),                # a word deleted
                s[1].replace("heavy frames", "full frames"),        # a word replaced
                s[2].replace("press the patch", "press the rubber patch")]  # a word inserted
    a = [FILLER_A[0], s[0], FILLER_A[1], s[1], FILLER_A[2], s[2], FILLER_A[3]]
    b = [FILLER_B[0], FILLER_B[3], b_shared[0], FILLER_B[1], b_shared[1], FILLER_B[2], b_shared[2]]
    return write_paragraphs(d, (("a.txt", a), ("b.txt", b)))


def many_copies(d, n):
    """Writes n documents d/copy-NN.txt; returns d."""
    fillers = FILLER_A + FILLER_B
    for i in range(n):
        paras = ["Copy %d" % i] + SHARED + [fillers[i % len(fillers)]]
        with open(os.path.join(d, "copy-%02d.txt" % i), "w", encoding="utf-8") as f:
            f.write("\n\n".join(paras) + "\n")
    return d


# Curly quotes of UTF-8 read as Windows-1252 and written back ("mojibake"): “ became "â€œ" and
# ” became "â€" followed by U+009D, three characters for one; a quote whose last bytes were lost
# is a lone "â".
MOJIBAKE_OPEN, MOJIBAKE_CLOSE, MOJIBAKE_LONE = "\u00e2\u20ac\u0153", "\u00e2\u20ac\u009d", "\u00e2"


def mojibake_pair(d):
    """Writes d/moji-a.txt, whose quotes are mojibake, and d/moji-b.txt, the same text with its
    quotes right and one word replaced ("heavy frames" -> "full frames", after the quotes);
    returns their paths."""
    quote = ("%sWe keep the lamp lit for every ship,%s the keeper said. %sEvery night,%s he added."
             % (MOJIBAKE_OPEN, MOJIBAKE_CLOSE, MOJIBAKE_OPEN, MOJIBAKE_CLOSE))
    lone = "%sNever again,%s said the old beekeeper." % (MOJIBAKE_LONE, MOJIBAKE_LONE)
    a = [SHARED[0], quote, lone, SHARED[1]]
    b = [SHARED[0], quote.replace(MOJIBAKE_OPEN, "\u201c").replace(MOJIBAKE_CLOSE, "\u201d"),
         lone.replace(MOJIBAKE_LONE, '"'), SHARED[1].replace("heavy frames", "full frames")]
    return write_paragraphs(d, (("moji-a.txt", a), ("moji-b.txt", b)))
