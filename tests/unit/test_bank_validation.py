"""Each validation rule: a malformed bank, the exact located message it must produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.bank import BankError, load_bank

GOOD_QUESTION = """\
[[questions]]
id = "q-one"
topic = "Topic"
question = "Why?"
sample_answer = "Because."

[[questions.key_points]]
label = "A point"
terms = ["point"]
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bank(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_a_good_bank_loads(write_bank) -> None:  # type: ignore[no-untyped-def]
    bank = load_bank(write_bank(GOOD_QUESTION))
    assert [q.id for q in bank.questions] == ["q-one"]
    assert bank.questions[0].answer_seconds == 120
    assert bank.questions[0].think_seconds == 10
    assert bank.title == "bank"


# (name, bank text, expected "LINE: message" problems)
CASES = [
    (
        "toml-syntax",
        'title = "x"\n[[questions]]\nid = "a\n',
        ["3: TOML syntax error: Illegal character '\\n' (column 8)"],
    ),
    (
        "unknown-top-level-key",
        'titel = "x"\n' + GOOD_QUESTION,
        ['1: unknown key "titel" at the top level (did you mean "title"?)'],
    ),
    (
        "unknown-question-key",
        GOOD_QUESTION.replace('topic = "Topic"', 'topic = "Topic"\nanwser_seconds = 60'),
        ['4: unknown key "anwser_seconds" in question 1 (did you mean "answer_seconds"?)'],
    ),
    (
        "unknown-key-point-key",
        GOOD_QUESTION.replace('terms = ["point"]', 'terms = ["point"]\nweight = 2'),
        ['10: unknown key "weight" in key point 1 of question "q-one" (allowed: label, terms)'],
    ),
    (
        "unknown-defaults-key",
        "[defaults]\nanswer_second = 60\n" + GOOD_QUESTION,
        ['2: unknown key "answer_second" in [defaults] (did you mean "answer_seconds"?)'],
    ),
    (
        "missing-field",
        GOOD_QUESTION.replace('sample_answer = "Because."\n', ""),
        ['1: missing "sample_answer" in question "q-one"'],
    ),
    (
        "empty-field",
        GOOD_QUESTION.replace('question = "Why?"', 'question = "   "'),
        ['4: "question" in question "q-one" is empty'],
    ),
    (
        "wrong-type-text",
        GOOD_QUESTION.replace('topic = "Topic"', "topic = 7"),
        ['3: "topic" in question "q-one" must be a string, not a number'],
    ),
    (
        "wrong-type-duration",
        GOOD_QUESTION.replace('topic = "Topic"', 'topic = "Topic"\nanswer_seconds = "90"'),
        ['4: "answer_seconds" in question "q-one" must be a whole number of seconds, not a string'],
    ),
    (
        "non-positive-duration",
        GOOD_QUESTION.replace('topic = "Topic"', 'topic = "Topic"\nanswer_seconds = 0'),
        [
            '4: "answer_seconds" in question "q-one" is 0: it must be positive, '
            "between 5 and 1800 seconds"
        ],
    ),
    (
        "absurd-duration",
        GOOD_QUESTION.replace('topic = "Topic"', 'topic = "Topic"\nthink_seconds = 86400'),
        [
            '4: "think_seconds" in question "q-one" is 86400: it must be zero or more, '
            "between 0 and 600 seconds"
        ],
    ),
    (
        "absurd-default-duration",
        "[defaults]\nanswer_seconds = 100000\n" + GOOD_QUESTION,
        [
            '2: "answer_seconds" in [defaults] is 100000: it must be positive, '
            "between 5 and 1800 seconds"
        ],
    ),
    (
        "boolean-duration",
        GOOD_QUESTION.replace('topic = "Topic"', 'topic = "Topic"\nthink_seconds = true'),
        [
            '4: "think_seconds" in question "q-one" must be a whole number of seconds, '
            "not true/false"
        ],
    ),
    (
        "duplicate-id",
        GOOD_QUESTION + "\n" + GOOD_QUESTION,
        ['12: duplicate id "q-one": already used at line 2'],
    ),
    (
        "unsafe-id",
        GOOD_QUESTION.replace('id = "q-one"', 'id = "../etc/passwd"'),
        [
            '2: id "../etc/passwd" in question 1 is not allowed: use lower-case letters, digits '
            "and single hyphens, at most 64 characters (it becomes part of file names)"
        ],
    ),
    (
        "upper-case-id",
        GOOD_QUESTION.replace('id = "q-one"', 'id = "Q One"'),
        [
            '2: id "Q One" in question 1 is not allowed: use lower-case letters, digits '
            "and single hyphens, at most 64 characters (it becomes part of file names)"
        ],
    ),
    (
        "key-point-without-terms",
        GOOD_QUESTION.replace('terms = ["point"]', "terms = []"),
        [
            '9: "terms" in key point 1 of question "q-one" has no terms: list the words that '
            "count as covering it"
        ],
    ),
    (
        "key-point-missing-terms",
        GOOD_QUESTION.replace('terms = ["point"]\n', ""),
        [
            '7: missing "terms" in key point 1 of question "q-one": list the words that count '
            "as covering it"
        ],
    ),
    (
        "key-point-empty-term",
        GOOD_QUESTION.replace('terms = ["point"]', 'terms = ["point", " "]'),
        ['9: "terms" in key point 1 of question "q-one" contains an empty term'],
    ),
    (
        "key-point-missing-label",
        GOOD_QUESTION.replace('label = "A point"\n', ""),
        ['7: missing "label" in key point 1 of question "q-one"'],
    ),
    (
        "empty-key-points",
        GOOD_QUESTION.split("[[questions.key_points]]")[0] + "key_points = []\n",
        ['7: "key_points" in question "q-one" is empty: remove it or add a key point'],
    ),
    (
        "no-questions",
        'title = "Nothing"\n',
        [" no questions: add at least one [[questions]] table"],
    ),
    (
        "questions-not-tables",
        'questions = ["why?"]\n',
        ['1: "questions" must be tables written as [[questions]]'],
    ),
    (
        "empty-file",
        "# just a comment\n",
        [" the file is empty: a bank needs at least one [[questions]] table"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_bank_is_reported_with_its_line(
    write_bank, text: str, expected: list[str]
) -> None:  # type: ignore[no-untyped-def]
    got = problems_of(write_bank(text))
    assert got == expected


def test_every_problem_is_reported_at_once(write_bank) -> None:  # type: ignore[no-untyped-def]
    text = GOOD_QUESTION.replace('id = "q-one"', 'id = "BAD"').replace(
        'topic = "Topic"', "topic = 1"
    ) + GOOD_QUESTION.replace('terms = ["point"]', "terms = []")
    got = problems_of(write_bank(text))
    assert [line.split(":")[0] for line in got] == ["2", "3", "18"]


def test_lines_are_found_inside_multiline_strings_and_arrays(write_bank) -> None:  # type: ignore[no-untyped-def]
    text = '''\
[[questions]]
id = "first"
topic = "T"
question = """
id = "not a key"
"""
sample_answer = "A"
key_points = [
  { label = "one", terms = ["a",
     "b"] },
  { label = "two", terms = [] },
]
'''
    assert problems_of(write_bank(text)) == [
        '11: "terms" in key point 2 of question "first" has no terms: list the words that '
        "count as covering it"
    ]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d, "is a directory, not a question bank file"),
        (lambda d: d / "absent.toml", "no such file"),
        (
            lambda d: _write(d / "b.toml", b"\x89PNG\r\n\x1a\n\x00\x00"),
            "is a binary file, not a TOML question bank",
        ),
        (
            lambda d: _write(d / "l.toml", b'title = "caf\xe9"\n'),
            "not UTF-8 text (byte 0xe9); save it as UTF-8",
        ),
        (
            lambda d: _write(d / "e.toml", b""),
            "the file is empty: a bank needs at least one [[questions]] table",
        ),
    ],
    ids=["directory", "missing", "binary", "latin-1", "zero-bytes"],
)
def test_unreadable_inputs_get_one_clear_message(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert [p.message for p in caught.value.problems] == [expected]


def test_unreadable_file(write_bank, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """chmod cannot stop root (CI runs as root), so the OS refusal is simulated."""
    path = write_bank(GOOD_QUESTION)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert caught.value.problems[0].message == "permission denied: the file cannot be read"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
