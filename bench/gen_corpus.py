#!/usr/bin/python3
"""Generates a synthetic document collection with planted text reuse and writes the truth beside it.

usage: bench/gen_corpus.py --out DIR --mb 100 [--seed 1] [--format jsonl|dir|both] [--train PATH...]

Writes
  DIR/corpus.jsonl   one {"id", "text", "date"} object per line      (--format jsonl or both)
  DIR/docs/<id>      one UTF-8 text file per document, name = id      (--format dir or both)
  DIR/truth.tsv      original<TAB>derived<TAB>kind, one planted (parent, child) edge a line
  DIR/families.tsv   id<TAB>family for every document of a planted family (root source + all derived)

Base text comes from a word-level Markov chain (order 2 where the training text offers at least
three different continuations, order 1 otherwise, mixed with an order-1 chain of the document's
"topic", a random group of training files) trained at start-up on the texts given by --train
(default: ../shared/data/pan13-train/src/*.txt relative to the repository root), with random
names, years and figures per document. About 10% of the documents are derived from others, in
equal shares of the kinds verbatim, near_duplicate, spun, partial and summary; some derive from a
derived document (chains). Synonyms come from the MyThes thesaurus (--thesaurus).

Every document is a pure function of (seed, its number in the plan), so a derived document
regenerates its parent instead of keeping the corpus in memory; the output is written in a
shuffled order (same --seed, same bytes). Only the Python standard library is used.
"""
import argparse
import bisect
import collections
import datetime
import glob
import json
import os
import random
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TRAIN = os.path.join(HERE, "..", "..", "shared", "data", "pan13-train", "src", "*.txt")
DEFAULT_THESAURUS = "/usr/share/mythes/th_en_US_v2.dat"

KINDS = ("verbatim", "near_duplicate", "spun", "partial", "summary")
DERIVED_SHARE = 0.10        # share of documents derived from another one
CHAIN_SHARE = 0.12          # share of derived documents whose parent is itself derived
SIBLING_SHARE = 0.2         # share of derived documents that reuse an already used source
CHAIN_PARENT_KINDS = ("verbatim", "near_duplicate", "spun")
TOPICS = 48                 # groups of training files
TOPIC_WEIGHT = 0.3         # chance that a word comes from the topic chain
ORDER2_MIN_DISTINCT = 2     # order-2 contexts need this many different continuations
MAX_SENT_TOKENS = 45
BASE_DATE = datetime.date(2015, 1, 1)
BASE_DAYS = 9 * 365

STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each either even ever every few for from further get gets got had hadn't has
hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's may me might
more most much must mustn't my myself neither no nor not now of off on once one only or other
ought our ours ourselves out over own per rather same shall shan't she she'd she'll she's should
shouldn't since so some such than that that's the their theirs them themselves then there there's
these they they'd they'll they're they've this those though through thus to too under until up
upon us very was wasn't we we'd we'll we're we've were weren't what what's when when's where
where's whether which while who who's whom whose why why's will with within without won't would
wouldn't yet you you'd you'll you're you've your yours yourself yourselves
""".split())

ABBREVIATIONS = frozenset(("mr", "mrs", "ms", "dr", "st", "prof", "jr", "sr", "inc", "ltd", "co",
                           "corp", "vs", "etc", "jan", "feb", "aug", "sept", "oct", "nov", "dec"))

WORD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9'&.\-]*$")
STRIP_CHARS = "\"'“”‘’()[]{}<>*_#|«»"

# ---------------------------------------------------------------------------------------------
# Training


def tokenize_line(line):
    """Tokens of one line of training text: words and the punctuation , ; : . ! ?"""
    line = (line.replace("’", "'").replace("‘", "'").replace("“", " ").replace("”", " ")
            .replace("—", " ").replace("–", " ").replace("\u00a0", " "))
    out = []
    for chunk in line.split():
        chunk = chunk.strip(STRIP_CHARS)
        if not chunk:
            continue
        punct = ""
        while chunk and chunk[-1] in ".,;:!?":
            punct = chunk[-1] if not punct or punct in ",;:" else punct
            chunk = chunk[:-1]
        chunk = chunk.strip(STRIP_CHARS)
        if punct == "." and chunk and ("." in chunk or chunk.lower() in ABBREVIATIONS):
            chunk += "."          # U.S. e.g. Mr.
            punct = ""
        if not chunk:
            if punct and out and out[-1] not in ".,;:!?":
                out.append(punct)
            continue
        if len(chunk) > 20 or not WORD_RE.match(chunk) or "--" in chunk:
            if out and out[-1] not in ".,;:!?":
                out.append(",")   # a dropped token (URL, symbol) leaves a pause, not a join
            continue
        out.append(chunk)
        if punct:
            out.append(punct)
    # drop a leading punctuation and repeated punctuation
    clean = []
    for t in out:
        if t in ".,;:!?" and (not clean or clean[-1] in ".,;:!?"):
            if t in ".!?" and clean and clean[-1] in ",;:":
                clean[-1] = t
            continue
        clean.append(t)
    return clean


class Model:
    """Word-level Markov chains over interned words: global order 2 with order-1 backoff, and an
    order-1 chain per topic (group of training files)."""

    def __init__(self, paths, seed):
        t0 = time.time()
        self.words = ["<s>"]            # id 0 = sentence start
        self.ids = {"<s>": 0}
        sentences = []                  # (topic, [ids])
        dropped = 0
        rng = random.Random(seed * 7919 + 17)
        topic_of = list(range(len(paths)))
        rng.shuffle(topic_of)
        for fi, path in enumerate(paths):
            topic = topic_of[fi] % TOPICS
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    toks = tokenize_line(line)
                    if sum(1 for t in toks if t not in ".,;:!?") < 5:
                        continue            # headings, bylines, menu items
                    if toks[-1] not in ".!?":
                        if toks[-1] in ",;:":
                            toks[-1] = "."
                        else:
                            toks.append(".")
                    sent = []
                    for t in toks:
                        i = self.ids.get(t)
                        if i is None:
                            i = self.ids[t] = len(self.words)
                            self.words.append(t)
                        sent.append(i)
                        if t in ".!?":
                            if len(sent) >= 4 and self._prose(sent):
                                sentences.append((topic, sent))
                            else:
                                dropped += 1
                            sent = []
        if not sentences:
            sys.exit("gen_corpus: no training text found")
        print(f"gen_corpus: {len(sentences)} training sentences, {dropped} dropped (too short or "
              "not prose)", file=sys.stderr)
        V = self.V = len(self.words)
        self.end_ids = {self.ids[p] for p in ".!?" if p in self.ids}
        self.punct_ids = {self.ids[p] for p in ".,;:!?" if p in self.ids}
        o1 = collections.defaultdict(list)
        o2 = collections.defaultdict(list)
        topic1 = [collections.defaultdict(list) for _ in range(TOPICS)]
        ntok = 0
        for topic, sent in sentences:
            w1 = w2 = 0
            tc = topic1[topic]
            for w in sent:
                o1[w2].append(w)
                o2[w1 * V + w2].append(w)
                tc[w2].append(w)
                w1, w2 = w2, w
            ntok += len(sent)
        self.o1 = {k: tuple(v) for k, v in o1.items()}
        self.o2 = {k: tuple(v) for k, v in o2.items() if len(set(v)) >= ORDER2_MIN_DISTINCT}
        self.topic1 = [{k: tuple(v) for k, v in tc.items()} for tc in topic1]
        # vocabulary (lowercase) by frequency, for inserted words in edits
        freq = collections.Counter()
        for _, sent in sentences:
            freq.update(sent)
        self.common = [self.words[i] for i, c in freq.most_common(6000)
                       if self.words[i] not in ".,;:!?" and self.words[i].islower()]
        self.lower_vocab = {w.lower() for w in self.words}
        print(f"gen_corpus: trained on {len(paths)} files, {ntok} tokens, {V} word types, "
              f"{len(self.o2)} order-2 contexts in {time.time() - t0:.1f} s", file=sys.stderr)

    def _prose(self, sent):
        """Whether a training sentence reads like prose: keyword lists and tables (runs of rare
        words a chain would copy verbatim) have few function words."""
        words = [self.words[i] for i in sent if self.words[i] not in ".,;:!?"]
        stop = sum(1 for w in words if w.lower() in STOPWORDS)
        return stop >= 0.2 * len(words)

    def sentence(self, r, topic):
        """Token ids of one sentence, ending with . ! or ?"""
        o1, o2, tc, V = self.o1, self.o2, self.topic1[topic], self.V
        ends = self.end_ids
        for _attempt in range(8):
            w1 = w2 = 0
            out = []
            while True:
                s = None
                if r() < TOPIC_WEIGHT:
                    s = tc.get(w2)
                if s is None:
                    s = o2.get(w1 * V + w2)
                    if s is None:
                        s = o1[w2]
                w = s[int(r() * len(s))]
                out.append(w)
                if w in ends:
                    break
                if len(out) >= MAX_SENT_TOKENS:
                    while out and out[-1] in self.punct_ids:
                        out.pop()
                    out.append(self.ids["."])
                    break
                w1, w2 = w2, w
            if len(out) >= 6:
                return out
        return out


# ---------------------------------------------------------------------------------------------
# Names, numbers, detokenizing

SYL_A = ("ka", "mar", "el", "dor", "ben", "sa", "li", "ver", "to", "ra", "an", "jo", "mi", "ha",
         "ce", "lo", "ne", "vi", "gre", "tor", "bel", "fa", "da", "ro", "za", "pe", "qui", "wen",
         "os", "ul", "bra", "sten", "cal", "dru", "fen", "gal", "hol", "ix", "kel", "mor")
SYL_B = ("na", "ric", "len", "ton", "ia", "dra", "ven", "mir", "las", "son", "ley", "wood",
         "berg", "ford", "ina", "o", "an", "et", "ard", "win", "ska", "vic", "rell", "mont", "by",
         "ham", "worth", "ez", "ani", "ov", "ski", "ier", "ett", "all", "ine", "us", "ow", "ak")
ORG_SUFFIX = ("Group", "Institute", "Foundation", "Council", "Holdings", "University", "Agency",
              "Partners", "Labs", "Association", "Trust", "Systems")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def make_name(rng, parts=2):
    s = rng.choice(SYL_A) + "".join(rng.choice(SYL_B) for _ in range(parts - 1))
    return s.capitalize()


class Entities:
    """The people, places, organisations, years and figures of one document."""

    def __init__(self, rng, date_year):
        self.people = [(make_name(rng, rng.randint(2, 3)), make_name(rng, rng.randint(2, 3)))
                       for _ in range(rng.randint(2, 4))]
        self.places = [make_name(rng, rng.randint(2, 3)) for _ in range(rng.randint(1, 3))]
        self.orgs = [f"{make_name(rng, 2)} {rng.choice(ORG_SUFFIX)}" for _ in range(rng.randint(1, 2))]
        self.years = [rng.randint(1950, date_year) for _ in range(rng.randint(2, 4))]

    def person(self, rng):
        first, last = rng.choice(self.people)
        return f"{first} {last}" if rng.random() < 0.4 else last

    def proper(self, rng):
        x = rng.random()
        if x < 0.5:
            return self.person(rng)
        if x < 0.8:
            return rng.choice(self.places)
        return rng.choice(self.orgs)

    def figure(self, rng):
        x = rng.random()
        if x < 0.3:
            return str(rng.choice(self.years))
        if x < 0.55:
            return f"{rng.randint(2, 95)} percent"
        if x < 0.75:
            return f"{rng.randint(1, 999):,}".replace(",", "") if rng.random() < 0.5 else \
                f"{rng.randint(1000, 999999):,}"
        if x < 0.9:
            return f"${rng.randint(1, 900)} million"
        return f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"

    def phrase(self, rng):
        x = rng.random()
        if x < 0.2:
            return f", said {self.person(rng)}"
        if x < 0.35:
            return f", according to {self.person(rng)} of the {rng.choice(self.orgs)}"
        if x < 0.5:
            return f" in {rng.choice(self.places)}"
        if x < 0.65:
            return f" in {rng.choice(self.years)}"
        if x < 0.8:
            return f", up {rng.randint(2, 60)} percent from {rng.choice(self.years)}"
        if x < 0.9:
            return f" by {rng.randint(2, 400)} people"
        return f", {self.person(rng)} told the {rng.choice(self.places)} {rng.choice(('Herald', 'Times', 'Post', 'Gazette'))}"


def render_sentence(model, ids, rng, ents):
    words = model.words
    parts = []
    first = True
    in_name = False     # inside a run of capitalized words being replaced by one entity
    for i in ids:
        w = words[i]
        if w in ".,;:!?":
            in_name = False
            if parts and not (w == "." and parts[-1].endswith(".")):
                parts[-1] += w
            continue
        if not first:
            if w[0].isupper() and w != "I":
                if in_name:
                    continue
                if rng.random() < 0.3:
                    w = ents.proper(rng)
                    in_name = True
                    parts.append(w)
                    continue
            elif w[0].isdigit() and rng.random() < 0.6:
                w = str(rng.choice(ents.years)) if len(w) == 4 and w[:2] in ("19", "20") \
                    else str(rng.randint(1, 10 ** min(len(w), 6) - 1))
        in_name = False
        parts.append(w)
        first = False
    if not parts:
        return ""
    s = " ".join(parts)
    s = s[0].upper() + s[1:]
    if rng.random() < 0.12 and len(parts) > 3:
        end = s[-1]
        s = s[:-1].rstrip(",;:") + ents.phrase(rng) + end
    elif rng.random() < 0.05 and len(parts) > 3:
        s = s[:-1].rstrip(",;:") + f", with {ents.figure(rng)}" + s[-1]
    return s


def base_text(model, rng, topic, target_len, date_year):
    """Paragraphs of generated sentences until target_len characters; ends with a newline."""
    ents = Entities(rng, date_year)
    r = rng.random
    paras = []
    total = 0
    while total < target_len:
        sents = []
        for _ in range(rng.randint(2, 7)):
            s = render_sentence(model, model.sentence(r, topic), rng, ents)
            if s:
                sents.append(s)
                total += len(s) + 1
            if total >= target_len:
                break
        if sents:
            paras.append(" ".join(sents))
            total += 1
    return "\n\n".join(paras) + "\n"


# ---------------------------------------------------------------------------------------------
# Thesaurus


class Thesaurus:
    """Synonyms of the words the generator can produce (single words or two-word phrases,
    hypernyms and antonyms left out), loaded from MyThes once."""

    def __init__(self, path, vocab):
        t0 = time.time()
        need = set()
        for w in vocab:
            need.add(w)
            if w.endswith("s") and len(w) > 3:
                need.add(w[:-1])
        self.syn = {}       # word -> tuple of synonyms (first senses first)
        self.noun_syn = {}  # word -> tuple of noun-sense single-word synonyms (for plurals)
        self.adj_only = set()
        with open(path, encoding="utf-8", errors="replace") as f:
            f.readline()
            while True:
                head = f.readline()
                if not head:
                    break
                word, _, n = head.rstrip("\n").rpartition("|")
                try:
                    n = int(n)
                except ValueError:
                    continue
                senses = [f.readline() for _ in range(n)]
                if word not in need:
                    continue
                syns, nouns, poss = [], [], []
                for line in senses:
                    fields = line.rstrip("\n").split("|")
                    pos = fields[0]
                    poss.append(pos)
                    for s in fields[1:]:
                        if "(" in s or s.lower() == word or not s or len(s.split()) > 2:
                            continue
                        if not all(c.isalpha() or c in " -'" for c in s):
                            continue
                        if s not in syns:
                            syns.append(s)
                        if pos == "(noun)" and " " not in s and s not in nouns:
                            nouns.append(s)
                    if len(syns) >= 12:
                        break
                if syns:
                    self.syn[word] = tuple(syns)
                if nouns:
                    self.noun_syn[word] = tuple(nouns)
                if poss and all(p in ("(adj)", "(adv)") for p in poss):
                    self.adj_only.add(word)
        print(f"gen_corpus: thesaurus: {len(self.syn)} words with synonyms in "
              f"{time.time() - t0:.1f} s", file=sys.stderr)

    def synonym(self, word, rng):
        """A synonym of word (capitalization kept), or None."""
        low = word.lower()
        cands = self.syn.get(low)
        plural = False
        if cands is None and low.endswith("s") and len(low) > 3:
            cands = self.noun_syn.get(low[:-1])
            plural = True
        if not cands:
            return None
        # favour the first (most common) sense's words
        k = len(cands)
        s = cands[min(int(rng.random() ** 2 * k), k - 1)]
        if plural:
            if s.endswith("y") and s[-2:-1] not in ("a", "e", "o", "u"):
                s = s[:-1] + "ies"
            else:
                s = s + ("es" if s.endswith(("s", "x", "ch", "sh")) else "s")
        return match_case(word, s)


def match_case(orig, s):
    if orig.isupper() and len(orig) > 1:
        return s.upper()
    if orig[:1].isupper():
        return s[:1].upper() + s[1:]
    return s


# ---------------------------------------------------------------------------------------------
# Derivations. Texts are paragraphs ("\n\n"-separated) of space-separated sentences.

SPLIT_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$])")
CORE_RE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def paragraphs(text):
    return [p for p in text.strip().split("\n\n") if p.strip()]


def sentences_of(par):
    return [s for s in SPLIT_SENT.split(par.strip()) if s]


def join_text(paras):
    return "\n\n".join(paras) + "\n"


def split_core(chunk):
    m = CORE_RE.match(chunk)
    return m.group(1), m.group(2), m.group(3)


def edit_words(text, rng, model, rate, thes=None):
    """Deletes, inserts and replaces about `rate` of the words, partly in short bursts."""
    out_paras = []
    for par in paragraphs(text):
        chunks = par.split(" ")
        n = len(chunks)
        todo = [False] * n
        budget = int(round(n * rate))
        while budget > 0:
            burst = 1 if rng.random() < 0.6 else rng.randint(2, 4)
            i = rng.randrange(n)
            for j in range(i, min(n, i + burst)):
                if not todo[j]:
                    todo[j] = True
                    budget -= 1
        out = []
        for j, c in enumerate(chunks):
            if not todo[j]:
                out.append(c)
                continue
            pre, core, post = split_core(c)
            op = rng.random()
            if op < 0.3 and not post and j > 0:
                continue                                  # delete (not a sentence's last word)
            if op < 0.6:                                  # replace
                new = thes.synonym(core, rng) if thes and core else None
                if new is None:
                    new = rng.choice(model.common)
                out.append(pre + match_case(core, new) + post)
            else:                                         # insert a word after it
                out.append(c)
                if not post:
                    out.append(rng.choice(model.common))
                else:
                    out[-1] = pre + core + " " + rng.choice(model.common) + post
        if out:
            s = " ".join(out)
            out_paras.append(s[0].upper() + s[1:])
    return join_text(out_paras)


def derive_verbatim(src, rng, **_):
    x = rng.random()
    if x < 0.5:
        return src
    if x < 0.7:
        return src.rstrip("\n")
    if x < 0.85:
        return src + "\n"
    return src.rstrip("\n") + "  \n"


def derive_near_duplicate(src, rng, model, thes, ents_rng, date, **_):
    rate = rng.uniform(0.05, 0.14)
    text = edit_words(src, rng, model, rate, thes)
    paras = paragraphs(text)
    x = rng.random()
    name = f"{make_name(ents_rng, 2)} {make_name(ents_rng, 3)}"
    if x < 0.2:
        paras.insert(0, f"By {name}.")
    elif x < 0.35:
        paras.insert(0, f"Updated {date}.")
    elif x < 0.5 and len(paras) > 2:
        last = sentences_of(paras[-1])
        paras[-1] = " ".join(last[:-1]) if len(last) > 1 else paras[-1]
    elif x < 0.65:
        paras.append(rng.choice((
            f"Copyright {date[:4]} {make_name(ents_rng, 2)} Media. All rights reserved.",
            f"Reporting by {name}; editing by {make_name(ents_rng, 2)} {make_name(ents_rng, 2)}.",
            "Share this article with your friends.",
            f"This story was first published on {date}.")))
    return join_text(paras)


# what spinners do to function words
FUNCTION_SPIN = {
    "also": "additionally", "because": "since", "many": "numerous", "very": "extremely",
    "often": "frequently", "however": "nevertheless", "but": "yet", "while": "whereas",
    "about": "regarding", "much": "considerably", "few": "several", "get": "obtain",
    "gets": "obtains", "got": "obtained", "just": "simply", "now": "currently",
    "then": "subsequently", "so": "therefore", "thus": "hence", "could": "might",
    "each": "every", "every": "each", "within": "inside", "until": "till",
    "though": "although", "although": "though", "before": "prior to", "after": "following",
    "using": "utilizing", "whether": "if",
}
SYNONYM_COVERAGE = 0.7      # share of generated content words that have a thesaurus synonym


def derive_spun(src, rng, thes, **_):
    """Replaces 40-60% of the content words (and about half of some function words) by
    synonyms, keeping everything else, sentence order included."""
    rate = rng.uniform(0.40, 0.60)
    p_syn = min(1.0, rate / SYNONYM_COVERAGE)   # words without a synonym stay
    out_paras = []
    for par in paragraphs(src):
        out = []
        for c in par.split(" "):
            pre, core, post = split_core(c)
            low = core.lower()
            if not core or core[0].isdigit():
                pass
            elif low in STOPWORDS or low in FUNCTION_SPIN:
                new = FUNCTION_SPIN.get(low)
                if new is not None and rng.random() < 0.6:
                    c = pre + match_case(core, new) + post
            elif rng.random() < p_syn:
                new = thes.synonym(core, rng)
                if new is not None:
                    c = pre + new + post
            out.append(c)
        out_paras.append(" ".join(out))
    return join_text(out_paras)


def shorten_sentence(s, rng, thes):
    end = s[-1] if s[-1] in ".!?" else "."
    body = s[:-1] if s[-1] in ".!?" else s
    clauses = [c.strip() for c in body.split(",") if c.strip()]
    if len(clauses) > 1:
        keep = [clauses[0]] + [c for c in clauses[1:] if rng.random() < 0.45]
        clauses = keep
    words = " ".join(clauses).split()
    out = []
    for k, w in enumerate(words):
        pre, core, post = split_core(w)
        low = core.lower()
        if k > 0 and (low in thes.adj_only or (low.endswith("ly") and len(low) > 4)) \
                and rng.random() < 0.6:
            continue
        if low not in STOPWORDS and core and rng.random() < 0.25:
            new = thes.synonym(core, rng)
            if new is not None:
                w = pre + new + post
        out.append(w)
    if len(out) > 14 and rng.random() < 0.5:
        out = out[:rng.randint(10, 14)]
    while out and out[-1].lower().strip(",;:") in STOPWORDS:
        out.pop()
    if len(out) < 3:
        return ""
    r = " ".join(out).rstrip(",;:")
    return r[0].upper() + r[1:] + end


def derive_summary(src, rng, thes, **_):
    ratio = rng.uniform(0.15, 0.30)
    target = ratio * len(src)
    sents = [s for p in paragraphs(src) for s in sentences_of(p)]
    order = list(range(len(sents)))
    rng.shuffle(order)
    chosen = {}
    total = 0
    for i in order:
        if total >= target:
            break
        s = shorten_sentence(sents[i], rng, thes)
        if s:
            chosen[i] = s
            total += len(s) + 1
    picked = [chosen[i] for i in sorted(chosen)]
    if len(picked) > 4:
        cut = rng.randint(2, len(picked) - 2)
        return join_text([" ".join(picked[:cut]), " ".join(picked[cut:])])
    return join_text([" ".join(picked)])


def derive_partial(src, rng, model, thes, topic, date_year, **_):
    """A new document with 1-3 passages (2-6 sentences each) of src, 15-40% of its length."""
    sents = [s for p in paragraphs(src) for s in sentences_of(p)]
    npass = rng.randint(1, 3)
    frac = rng.uniform(0.15, 0.40)
    passages = []
    used = [False] * len(sents)
    for _ in range(npass):
        ln = rng.randint(2, 6)
        for _try in range(10):
            st = rng.randrange(max(1, len(sents) - ln + 1))
            if not any(used[st:st + ln]):
                break
        else:
            continue
        for k in range(st, min(len(sents), st + ln)):
            used[k] = True
        passages.append((st, " ".join(sents[st:st + ln])))
    passages.sort()
    passages = [p for _, p in passages]
    plen = sum(len(p) for p in passages)
    host_len = max(400, int(plen * (1 - frac) / frac))
    host = paragraphs(base_text(model, rng, topic, host_len, date_year))
    out = []
    for p in passages:
        if rng.random() < 0.5:
            p = edit_words(p, rng, model, rng.uniform(0.01, 0.05), thes).strip()
        out.append(p)
    # insert the passages as paragraphs at random places, in source order
    slots = sorted(rng.randint(0, len(host)) for _ in out)
    res = []
    k = 0
    for i in range(len(host) + 1):
        while k < len(out) and slots[k] == i:
            res.append(out[k])
            k += 1
        if i < len(host):
            res.append(host[i])
    return join_text(res)


DERIVE = {"verbatim": derive_verbatim, "near_duplicate": derive_near_duplicate,
          "spun": derive_spun, "partial": derive_partial, "summary": derive_summary}


# ---------------------------------------------------------------------------------------------
# Plan


def sample_length(rng):
    """Base document length in characters: a log-normal spread clipped to 1-12 KB, mean ~4 KB."""
    return int(min(12000, max(1000, rng.lognormvariate(8.15, 0.55))))


def plan(n_total, rng):
    """docs[i] = dict(kind, parent, topic, length, day); base documents have kind None."""
    n_derived = int(round(n_total * DERIVED_SHARE))
    n_base = n_total - n_derived
    docs = []
    for i in range(n_base):
        docs.append({"kind": None, "parent": None, "topic": rng.randrange(TOPICS),
                     "length": sample_length(rng), "day": rng.randrange(BASE_DAYS)})
    kinds = [KINDS[j % len(KINDS)] for j in range(n_derived)]
    rng.shuffle(kinds)
    used_sources = []
    chain_parents = []
    for kind in kinds:
        parent = None
        if chain_parents and rng.random() < CHAIN_SHARE:
            parent = rng.choice(chain_parents)
        elif used_sources and rng.random() < SIBLING_SHARE:
            parent = rng.choice(used_sources)
        else:
            for _try in range(20):
                parent = rng.randrange(n_base)
                if kind != "summary" or docs[parent]["length"] >= 3000:
                    break
            used_sources.append(parent)
        if kind == "summary" and docs[parent]["kind"] is None and docs[parent]["length"] < 2000:
            for _try in range(20):
                parent = rng.randrange(n_base)
                if docs[parent]["length"] >= 3000:
                    break
        p = docs[parent]
        idx = len(docs)
        docs.append({"kind": kind, "parent": parent, "topic": rng.randrange(TOPICS),
                     "length": p["length"], "day": p["day"] + rng.randint(1, 400)})
        if kind in CHAIN_PARENT_KINDS:
            chain_parents.append(idx)
    return docs


def expected_size(d, docs):
    k = d["kind"]
    if k is None or k in ("verbatim", "near_duplicate"):
        return d["length"]
    if k == "spun":
        return d["length"] * 1.05
    if k == "summary":
        return d["length"] * 0.22
    return 2000    # partial: passages of ~2-4 sentences over 15-40%


# ---------------------------------------------------------------------------------------------


class Generator:
    def __init__(self, model, thes, docs, seed):
        self.model, self.thes, self.docs, self.seed = model, thes, docs, seed
        self.cache = collections.OrderedDict()      # recent derived documents and parents
        self.parents = {d["parent"] for d in docs if d["parent"] is not None}

    def date(self, i):
        return (BASE_DATE + datetime.timedelta(days=self.docs[i]["day"])).isoformat()

    def text(self, i):
        t = self.cache.get(i)
        if t is not None:
            self.cache.move_to_end(i)
            return t
        d = self.docs[i]
        rng = random.Random(self.seed * 1000003 + i)
        year = int(self.date(i)[:4])
        if d["kind"] is None:
            t = base_text(self.model, rng, d["topic"], d["length"], year)
        else:
            src = self.text(d["parent"])
            t = DERIVE[d["kind"]](src, rng, model=self.model, thes=self.thes,
                                  ents_rng=random.Random(self.seed * 1000003 + i + 555555555),
                                  date=self.date(i), topic=d["topic"], date_year=year)
        if d["kind"] is not None or i in self.parents:
            self.cache[i] = t
            if len(self.cache) > 512:
                self.cache.popitem(last=False)
        return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--mb", type=float, default=100, help="total text size in MB (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=("jsonl", "dir", "both"), default="both")
    ap.add_argument("--train", nargs="+", default=[DEFAULT_TRAIN],
                    help="training texts (files, directories or glob patterns)")
    ap.add_argument("--thesaurus", default=DEFAULT_THESAURUS)
    args = ap.parse_args()
    t0 = time.time()

    paths = []
    for p in args.train:
        if os.path.isdir(p):
            paths += glob.glob(os.path.join(p, "*.txt"))
        else:
            paths += glob.glob(p)
    paths = sorted(set(paths))
    if not paths:
        sys.exit(f"gen_corpus: no training files in {args.train}")
    model = Model(paths, args.seed)
    thes = Thesaurus(args.thesaurus, model.lower_vocab)

    # plan: size the collection from the planned lengths
    target = args.mb * 1e6
    n = max(20, int(target / 4000))
    for _ in range(3):
        docs = plan(n, random.Random(args.seed))
        est = sum(expected_size(d, docs) for d in docs) * 1.02
        n = max(20, int(round(n * target / est)))
    docs = plan(n, random.Random(args.seed))
    order = list(range(n))
    random.Random(args.seed * 31 + 7).shuffle(order)      # order[pos] = plan index
    width = max(6, len(str(n - 1)))
    ids = [None] * n
    for pos, i in enumerate(order):
        ids[i] = f"d{pos:0{width}d}.txt"

    gen = Generator(model, thes, docs, args.seed)

    os.makedirs(args.out, exist_ok=True)
    want_jsonl = args.format in ("jsonl", "both")
    want_dir = args.format in ("dir", "both")
    jf = open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") \
        if want_jsonl else None
    ddir = os.path.join(args.out, "docs")
    if want_dir:
        os.makedirs(ddir, exist_ok=True)
        if any(True for _ in os.scandir(ddir)):
            print(f"gen_corpus: warning: {ddir} is not empty; files of an earlier run stay",
                  file=sys.stderr)
    total_bytes = 0
    last = time.time()
    for pos, i in enumerate(order):
        t = gen.text(i)
        total_bytes += len(t.encode("utf-8"))
        if jf:
            jf.write(json.dumps({"id": ids[i], "text": t, "date": gen.date(i)},
                                ensure_ascii=False) + "\n")
        if want_dir:
            with open(os.path.join(ddir, ids[i]), "w", encoding="utf-8", newline="") as f:
                f.write(t)
        if time.time() - last > 30:
            last = time.time()
            print(f"gen_corpus: {pos + 1}/{n} documents, {total_bytes / 1e6:.1f} MB, "
                  f"{last - t0:.0f} s", file=sys.stderr)
    if jf:
        jf.close()

    # truth and families
    per_kind = collections.Counter()
    chains = 0
    with open(os.path.join(args.out, "truth.tsv"), "w", encoding="utf-8") as f:
        for i, d in sorted(enumerate(docs), key=lambda x: ids[x[0]]):
            if d["kind"] is None:
                continue
            f.write(f"{ids[d['parent']]}\t{ids[i]}\t{d['kind']}\n")
            per_kind[d["kind"]] += 1
            chains += docs[d["parent"]]["kind"] is not None
    root = {}
    for i, d in enumerate(docs):
        if d["kind"] is not None:
            r = d["parent"]
            while docs[r]["kind"] is not None:
                r = docs[r]["parent"]
            root[i] = r
            root[r] = r
    fam_no = {}
    for r in sorted({r for r in root.values()}, key=lambda r: ids[r]):
        fam_no[r] = len(fam_no) + 1
    with open(os.path.join(args.out, "families.tsv"), "w", encoding="utf-8") as f:
        for i in sorted(root, key=lambda i: ids[i]):
            f.write(f"{ids[i]}\t{fam_no[root[i]]}\n")

    el = time.time() - t0
    print(f"gen_corpus: {n} documents, {total_bytes / 1e6:.1f} MB of text, "
          f"{len(fam_no)} families ({len(root)} documents), {sum(per_kind.values())} planted "
          f"pairs ({chains} in chains): "
          + ", ".join(f"{k} {per_kind[k]}" for k in KINDS)
          + f"; {el:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
