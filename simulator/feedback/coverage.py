"""Which key points an answer covers, and where it says so.

A key point is covered when any of its terms occurs in the answer. A term occurs when its
words can be lined up with the answer's words (see `simulator.feedback.text` for what makes
two words the same):

* **All words, in order, adjacent.** Every word of a multi-word term must be there, in the
  term's order ("apache" alone is not "Apache Kafka", "correlation" alone is not
  "correlation ID"). Between two of the term's words the answer may put at most one word
  that says nothing (a hesitation such as "um", a determiner, or "plus"/"slash"/"dash": "track
  the requests", "loose, uh, coupling", "N plus one"; see `SKIPPABLE`), never a word of
  content ("track incoming requests") nor a conjunction ("Apache and Kafka").
* **Words may be joined.** Up to three adjacent words on either side may be compared as one,
  so "open telemetry" matches "OpenTelemetry", "zip kin" "Zipkin", "two PC" "2PC", "data
  loader" "DataLoader", and a term written "open telemetry" matches "OpenTelemetry".
* **Spellings.** Case, possessives, hyphens, plurals and "-ing"/"-ed" forms, and spoken
  numbers are tolerated ("Kafka's", "two phase commit", "2-phase commit", "shards",
  "partitioning"). Long words (six letters or more) also match one misspelling (two from
  eleven letters) with the same first letter, for speech-to-text near-misses ("Zipken").
  Short words must be exact up to inflection: "cash" is not "cache", "graph" is not
  "GraphQL", "flank" is not "Flink".
* **Acronyms** written in capitals in the bank ("BASE", "ACID", "JWT") match only that
  acronym, in capitals when the answer uses capitals at all: "based" and "a base" are not
  "BASE".
* **Not stop words alone.** A term whose words are all stop words never matches.

Everything is deterministic: the same texts always give the same spans. Spans are character
offsets into the text they were found in, from the first matched word's start to the last's
end, so a UI can highlight `text[span.start:span.end]`. Overlapping matches of one point keep
the longest ("Kafka Streams" over "Kafka").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from simulator.audio.transcribe import Transcript
from simulator.bank.model import KeyPoint
from simulator.feedback.text import Token, has_capitals, join_tokens, same_word, tokenize

MAX_JOINED = 3
"""Most words compared as one ("zip kin", "open tele metry")."""
MAX_SKIPPED = 1
"""Most empty words the answer may put between two words of a term."""
SKIPPABLE = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "my", "our", "your", "their", "its"}
    | {"his", "her", "some", "all", "any", "each", "every"}
    | {"plus", "slash", "dash", "hyphen", "dot", "point"}
)
"""Words (with hesitations) that may sit between two words of a term: determiners ("track the
requests") and spoken punctuation ("N plus one", "pub slash sub"). Not conjunctions: "Apache
and Kafka" names two things, not "Apache Kafka"."""


@dataclass(frozen=True)
class Span:
    """Where a term was found: `text[start:end]`, and which of the point's terms it was."""

    start: int
    end: int
    term: str


@dataclass(frozen=True)
class PointCoverage:
    """One key point: whether the answer covers it, and where (in the answer, in the sample)."""

    point: KeyPoint
    covered: bool
    matches: tuple[Span, ...]
    sample_matches: tuple[Span, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "label": self.point.label,
            "terms": list(self.point.terms),
            "covered": self.covered,
            "matches": [vars(s).copy() for s in self.matches],
            "sample_matches": [vars(s).copy() for s in self.sample_matches],
        }


def _skippable(token: Token) -> bool:
    return token.is_hesitation or token.norm in SKIPPABLE


class PreparedText:
    """A text tokenised once for many searches, with its joined word groups cached."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.case_sensitive = has_capitals(text)
        self._joined: dict[tuple[int, int], Token] = {}

    def unit(self, start: int, count: int) -> Token:
        key = (start, count)
        if key not in self._joined:
            self._joined[key] = join_tokens(self.tokens[start : start + count])
        return self._joined[key]


def prepare(text: str) -> PreparedText:
    """Tokenise `text` once to search it for many terms."""
    return PreparedText(text)


@lru_cache(maxsize=4096)
def term_tokens(term: str) -> tuple[Token, ...]:
    """The words of a bank term."""
    return tuple(tokenize(term))


@lru_cache(maxsize=4096)
def _joined(words: tuple[Token, ...]) -> Token:
    """A bank term's words joined (`join_tokens`), made once: every text position asks."""
    return join_tokens(words)


def _match_at(term: Sequence[Token], i: int, text: PreparedText, j: int) -> int | None:
    """Line up term words `i:` with text tokens from `j`; the end token index, or None."""
    tokens = text.tokens
    for a in range(1, min(MAX_JOINED, len(term) - i) + 1):
        expected = term[i] if a == 1 else _joined(tuple(term[i : i + a]))
        if expected.norm[:1] != tokens[j].norm[:1]:
            continue  # every way `same_word` matches keeps the first letter (or digit)
        for b in range(1, min(MAX_JOINED, len(tokens) - j) + 1):
            if not same_word(expected, text.unit(j, b), text.case_sensitive):
                continue
            end = _match_rest(term, i + a, text, j + b)
            if end is not None:
                return end
    return None


def _match_rest(term: Sequence[Token], i: int, text: PreparedText, j: int) -> int | None:
    """Continue after a matched word, allowing up to `MAX_SKIPPED` empty words first."""
    if i == len(term):
        return j
    for skipped in range(MAX_SKIPPED + 1):
        at = j + skipped
        if at >= len(text.tokens) or (skipped and not _skippable(text.tokens[at - 1])):
            return None
        end = _match_at(term, i, text, at)
        if end is not None:
            return end
    return None


def find_term(term: str, text: str | PreparedText) -> list[Span]:
    """Every place `term` occurs in `text`, left to right, not overlapping."""
    words = term_tokens(term)
    if not words or all(w.is_stop for w in words):
        return []
    prepared = text if isinstance(text, PreparedText) else PreparedText(text)
    spans = []
    j = 0
    while j < len(prepared.tokens):
        end = _match_at(words, 0, prepared, j)
        if end is None:
            j += 1
            continue
        spans.append(Span(prepared.tokens[j].start, prepared.tokens[end - 1].end, term))
        j = end
    return spans


def _point_spans(point: KeyPoint, text: PreparedText) -> tuple[Span, ...]:
    """All matches of a point's terms, longest kept where they overlap, in text order."""
    found = [span for term in point.terms for span in find_term(term, text)]
    found.sort(key=lambda s: (-(s.end - s.start), s.start))
    kept: list[Span] = []
    for span in found:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return tuple(sorted(kept, key=lambda s: s.start))


def cover(
    key_points: Sequence[KeyPoint], transcript: str | Transcript, sample_answer: str
) -> tuple[PointCoverage, ...]:
    """Each key point, in order: covered by the answer or not, with spans in both texts."""
    text = PreparedText(transcript.text if isinstance(transcript, Transcript) else transcript)
    sample = PreparedText(sample_answer)
    result = []
    for point in key_points:
        matches = _point_spans(point, text)
        result.append(PointCoverage(point, bool(matches), matches, _point_spans(point, sample)))
    return tuple(result)


def contains_word(expected: Token, text: str | PreparedText) -> bool:
    """Whether the text says the single word `expected`, possibly split ("open telemetry")."""
    prepared = text if isinstance(text, PreparedText) else PreparedText(text)
    return any(
        same_word(expected, prepared.unit(j, b), prepared.case_sensitive)
        for j in range(len(prepared.tokens))
        for b in range(1, min(MAX_JOINED, len(prepared.tokens) - j) + 1)
    )
