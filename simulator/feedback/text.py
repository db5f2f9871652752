"""Words of a text with their places, in a form that tolerates how answers are spoken and typed.

Everything the feedback layer compares goes through here, so "Kafka's", "kafka" and "KAFKA", or
"two-phase" and "2 phase", are the same thing to every rule. The rules, in order:

* **Tokens.** A token is a run of letters and digits, with an inner apostrophe kept
  ("can't", "Kafka's"). Every other character separates tokens, so hyphens, slashes and plus
  signs split words: "two-phase" is "two" "phase", "pub/sub" is "pub" "sub", "N+1" is "N" "1".
  Each token keeps its character span in the original text, for highlighting.
* **Normal form.** Lower case, a curly apostrophe made straight, a possessive "'s" dropped
  ("Kafka's" -> "kafka"), and number words up to twenty written as digits ("two" -> "2"), so a
  spoken number and a written one agree.
* **Stem.** A light, conservative suffix stripper for inflection only (see `stem`): plurals and
  third persons ("shards", "queries", "batches"), "-ing" and "-ed" ("sharding", "sharded",
  "instrumenting"), and a final silent "e" ("cache" and "caching" both give "cach"). It never
  removes derivational suffixes ("-ation", "-ment", "-ly", "-ity"), so "instrumentation" is not
  "instrument" and "eventual" is not "event". A stem is a comparison key, not a word.
* **Stop words** (`STOP_WORDS`) are function words that carry no topic; a term made only of
  them never matches, and they do not count towards the overlap with a sample answer.
* **Hesitations** (`HESITATIONS`: um, uh, er, erm, ah, hmm, with their lengthened spellings) are
  sounds rather than words: they may sit inside a phrase without breaking it.
* **Same word** (`same_word`): equal normal forms or equal stems; for acronyms, the acronym rule;
  for long words, the fuzzy rule for speech-to-text near-misses (see `similar_spelling`).
* **Joined words** (`join_tokens`): adjacent tokens can be compared as one word, so
  "open telemetry" meets "OpenTelemetry", "zip kin" meets "Zipkin" and "two PC" meets "2PC".
  The matcher in `simulator.feedback.coverage` decides which tokens it joins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {word: str(value) for value, word in enumerate(_NUMBERS.split())}
"""Spoken numbers and their digits: "two phase commit" is "2 phase commit"."""

_STOP_WORDS = """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each etc few for from further had hadn't has
    hasn't have haven't having he he'd he'll her here hers herself him himself his how i i'd
    i'll i'm i've if in into is isn't it its itself just let like may me might more most
    much must mustn't my myself no nor not now of off on once only or other ought our ours
    ourselves out over own per same shall shan't she she'd she'll should shouldn't so some
    such than that the their theirs them themselves then there these they they'd they'll
    they're they've this those through to too under until up upon us use used uses using
    very via was wasn't we we'd we'll we're we've well were weren't what when where whether
    which while who whom why will with won't would wouldn't yet you you'd you'll you're
    you've your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
"""Function words (and "use", "like", "via", which every answer has): never a topic on their own.

Listed in normal form: "it's" and "let's" are "it" and "let" (the possessive rule strips "'s").
"""

HESITATIONS = {
    "um": "um",
    "umm": "um",
    "ummm": "um",
    "uh": "uh",
    "uhh": "uh",
    "uhhh": "uh",
    "er": "er",
    "err": "er",
    "erm": "erm",
    "ah": "ah",
    "ahh": "ah",
    "hmm": "hmm",
    "hm": "hmm",
    "hmmm": "hmm",
    "mm": "hmm",
    "mmm": "hmm",
}
"""Non-lexical hesitation sounds, spelling variants mapped to one name."""

_PROTECTED = frozenset({"https", "tls", "mtls", "dns", "aws", "nats", "always", "perhaps", "thus"})
"""Words ending in "s" that are not plurals; the stemmer leaves them alone."""

MIN_FUZZY_LENGTH = 6
"""Shortest stem (both sides) the fuzzy rule looks at: shorter words are too easily confused
("citus"/"citrus", "flink"/"flank", "scale"/"stale", "graph"/"graphql")."""


@dataclass(frozen=True)
class Token:
    """A word of a text: as written, normalised, stemmed, and where it is (`text[start:end]`)."""

    raw: str
    norm: str
    stem: str
    start: int
    end: int
    parts: int = 1
    """How many written words `join_tokens` made this from."""
    joins_stop_word: bool = False
    """Made by `join_tokens` from words one of which is a stop word ("it's" + "impossible"):
    such a join may equal a word, but is never a near-miss of one."""

    @property
    def cased(self) -> str:
        """As written, but a number word as its digits: "two" -> "2", so "two PC" is "2PC"."""
        return self.norm if self.raw.lower() in NUMBER_WORDS else self.raw

    @property
    def is_stop(self) -> bool:
        """A function word, or a hesitation: no topic of its own."""
        return self.norm in STOP_WORDS or self.norm in HESITATIONS

    @property
    def is_hesitation(self) -> bool:
        return self.norm in HESITATIONS


def normalize_word(raw: str) -> str:
    """The normal form of one token: lower case, possessive dropped, number words as digits."""
    word = raw.lower().replace("\u2019", "'")
    if word.endswith("'s") and len(word) > 2:
        word = word[:-2]
    return NUMBER_WORDS.get(word, word)


def _undouble(word: str) -> str:
    """ "shipp" -> "ship" after "-ing"/"-ed" came off; "ll", "ss" and "zz" stay ("install")."""
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "aeiouylsz":
        return word[:-1]
    return word


def _has_vowel(word: str) -> bool:
    return any(c in "aeiouy" for c in word)


def stem(word: str) -> str:
    """A comparison key for inflected forms of `word` (in normal form); not a dictionary word.

    Rules, at most one suffix each, applied only when at least three letters with a vowel
    remain (so "string", "need" and "red" stay whole):

    * plurals: "-ies" -> "y" (queries -> query); "-es" after s, x, z, ch, sh (batches ->
      batch, indexes -> index); otherwise "-s", but not after "s", "u" or in "-sis"/"-xis"
      (class, status, analysis), and never on the few words in `_PROTECTED` (https, TLS);
    * "-ing" and "-ed" ("-ied" -> "y"; not "-eed": speed, need), with a doubled final consonant
      undone (mapping -> map);
    * then a final "e" is dropped, so "cache", "caches", "cached" and "caching" all give "cach"
      and "phase"/"phases" give "phas".

    Digits and words of three letters or fewer are returned unchanged.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word in _PROTECTED:
        return word
    base = word
    if base.endswith(("ies", "ied")) and len(base) > 4:
        base = base[:-3] + "y"
    elif base.endswith("es") and base[:-2].endswith(("s", "x", "z", "ch", "sh")) and len(base) > 4:
        base = base[:-2]
    elif base.endswith("s") and not base.endswith(("ss", "us", "sis", "xis")):
        base = base[:-1]
    elif base.endswith("ing") and len(base) >= 6 and _has_vowel(base[:-3]):
        base = _undouble(base[:-3])
    elif (
        base.endswith("ed")
        and not base.endswith("eed")
        and len(base) >= 5
        and _has_vowel(base[:-2])
    ):
        base = _undouble(base[:-2])
    if base.endswith("e") and len(base) > 3:
        base = base[:-1]
    return base


def tokenize(text: str) -> list[Token]:
    """The tokens of `text` in order, each with its span: `text[t.start:t.end] == t.raw`."""
    tokens = []
    for match in _TOKEN.finditer(text):
        norm = normalize_word(match.group())
        tokens.append(Token(match.group(), norm, stem(norm), match.start(), match.end()))
    return tokens


def join_tokens(tokens: Sequence[Token]) -> Token:
    """Adjacent tokens as one word ("open" "telemetry" -> "opentelemetry"), spanning them all."""
    if len(tokens) == 1:
        return tokens[0]
    raw = "".join(t.cased for t in tokens)
    norm = "".join(t.norm for t in tokens)
    stop = any(t.is_stop or t.joins_stop_word for t in tokens)
    return Token(raw, norm, stem(norm), tokens[0].start, tokens[-1].end, len(tokens), stop)


@lru_cache(maxsize=8192)
def is_acronym(raw: str) -> bool:
    """Written as an acronym: at least two letters, all capitals ("JWT", "BASE", "2PC")."""
    letters = [c for c in raw if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=8192)
def _acronym_letters(raw: str) -> tuple[str, bool]:
    """`raw` without a possessive or plural "s", lower case, and whether it was in capitals.

    "JWTs" -> ("jwt", True), "ACID's" -> ("acid", True), "ids" -> ("ids", False): a plural
    in lower case keeps its "s", and the caller accepts the acronym with or without one.
    """
    word = raw.replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith("s") and len(word) > 2 and word[:-1].isupper():
        word = word[:-1]
    return word.lower(), is_acronym(word)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): edits, swaps of neighbours."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def similar_spelling(a: str, b: str) -> bool:
    """Speech-to-text near-misses of one long word ("zipken" for "zipkin"), on stems.

    Both stems alphabetic, at least `MIN_FUZZY_LENGTH` letters, with the same first letter
    (prefixes change meaning: "inconsistent", "asynchronous", "unavailable" are not near-misses
    of their roots), and at most one edit (a letter added, dropped, changed, or two swapped)
    for words of up to ten letters, two from eleven. One edit in ten letters is what a
    recogniser's misspelling of a name looks like; at two edits, nine-letter words start to
    meet other words ("container"/"contained", "monitoring"/"mentoring").
    """
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()) or min(len(a), len(b)) < MIN_FUZZY_LENGTH:
        return False
    if a[0] != b[0]:
        return False
    allowed = 1 if max(len(a), len(b)) <= 10 else 2
    return abs(len(a) - len(b)) <= allowed and edit_distance(a, b) <= allowed


def same_word(expected: Token, heard: Token, case_sensitive: bool = True) -> bool:
    """Whether `heard` (from an answer) says the word `expected` (from a term or sample).

    * Acronyms (`is_acronym`: "BASE", "JWT", "2PC") match only as that acronym: the same
      letters, optionally with a plural or possessive "s", never by stem or fuzzily, and,
      when `case_sensitive` (the answer has capital letters at all), written in capitals too.
      So "BASE" is not "based" nor "a base"; a typed all-lower-case answer still matches "jwt".
    * Otherwise equal normal forms, equal stems, or, for words that are not stop words (nor
      joins with one), `similar_spelling` stems; for joined words only with letters changed
      or swapped, not added or dropped, so a join never hides a missing word
      ("correlation" is not "correlation ID").
    """
    if is_acronym(expected.cased):
        letters, in_capitals = _acronym_letters(heard.cased)
        if case_sensitive and not in_capitals:
            return False
        wanted, _ = _acronym_letters(expected.cased)
        return letters in (wanted, wanted + "s")
    if expected.norm == heard.norm or expected.stem == heard.stem:
        return True
    if expected.is_stop or heard.is_stop or expected.joins_stop_word or heard.joins_stop_word:
        return False
    if (expected.parts > 1 or heard.parts > 1) and len(expected.stem) != len(heard.stem):
        return False  # a join may be misspelt ("zip ken"), not missing a word ("correlation")
    return similar_spelling(expected.stem, heard.stem)


def has_capitals(text: str) -> bool:
    """Whether the text uses capital letters at all: if not, case says nothing (typed in lower
    case), and acronyms are matched without it."""
    return any(c.isupper() for c in text)
