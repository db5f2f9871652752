"""A session report, readable on its own: Markdown, HTML or JSON.

Built from the history (what was stored when each answer was assessed), so the report, the
screens and `history --json` show the same figures.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from simulator.bank import QuestionBank
from simulator.storage.history import AttemptRecord

FORMATS = ("md", "html", "json")


def _entry(record: AttemptRecord, bank: QuestionBank) -> dict[str, Any]:
    try:
        sample = bank.get(record.question_id).sample_answer
    except KeyError:
        sample = ""
    feedback = record.feedback_data or {}
    coverage = feedback.get("coverage", [])
    return {
        "attempt": record.id,
        "question_id": record.question_id,
        "question": record.question,
        "topic": record.topic,
        "start": record.started_at.isoformat(),
        "status": record.status,
        "duration_seconds": round(record.duration_seconds, 1),
        "transcript": record.transcript or "",
        "sample_answer": sample,
        "covered": [c["label"] for c in coverage if c.get("covered")],
        "missed": [c["label"] for c in coverage if not c.get("covered")],
        "content": feedback.get("content"),
        "delivery": None if record.status == "typed" else feedback.get("delivery"),
        "audio_path": str(record.audio_path) if record.audio_path else None,
    }


def session_entries(records: Sequence[AttemptRecord], bank: QuestionBank) -> list[dict[str, Any]]:
    """The latest attempt of each question, in the order they were first answered."""
    latest: dict[str, AttemptRecord] = {}
    for record in sorted(records, key=lambda r: (r.started_at, r.id)):
        if record.status not in ("abandoned", "recording"):
            latest[record.question_id] = record
    return [_entry(r, bank) for r in latest.values()]


def _figures(entry: dict[str, Any]) -> str:
    content, delivery = entry["content"] or {}, entry["delivery"] or {}
    parts = [f"score {content['score']}/100" if content else "not assessed"]
    if entry["status"] == "typed":  # no speaking time, pace or pauses: never "0 wpm"
        return " · ".join([*parts, "typed"])
    parts.append(f"{entry['duration_seconds']:.0f} s")
    if delivery:
        parts.append(f"{delivery['words_per_minute']:.0f} wpm")
        parts.append(f"{delivery['filler_count']} fillers")
        parts.append(f"longest pause {delivery['longest_silence_seconds']:.1f} s")
    return " · ".join(parts)


def render(session_id: str, entries: list[dict[str, Any]], fmt: str) -> str:
    """The report in `fmt` (md, html or json)."""
    scores = [e["content"]["score"] for e in entries if e["content"]]
    average = round(sum(scores) / len(scores)) if scores else None
    if fmt == "json":
        return json.dumps({"session": session_id, "average_score": average,
                           "answers": entries}, indent=2)  # fmt: skip
    lines = [f"# Interview practice: session {session_id}", ""]
    plural = "s" * (len(entries) != 1)
    lines.append(f"{len(entries)} question{plural} answered" + (
        f", average score {average}/100." if average is not None else "."))  # fmt: skip
    for number, entry in enumerate(entries, start=1):
        lines += ["", f"## {number}. {entry['question']}", "", f"*{_figures(entry)}*", ""]
        if entry["content"]:
            lines += [entry["content"]["explanation"], ""]
        lines += ["**Covered:** " + (", ".join(entry["covered"]) or "none"),
                  "", "**Missed:** " + (", ".join(entry["missed"]) or "none"), ""]  # fmt: skip
        lines += ["### Your answer", "", entry["transcript"] or "(no transcript)", ""]
        lines += ["### Sample answer", "", entry["sample_answer"]]
    markdown = "\n".join(lines) + "\n"
    if fmt == "md":
        return markdown
    return _html(session_id, markdown)


def _html(session_id: str, markdown: str) -> str:
    """A minimal, dependency-free rendering of the Markdown above."""
    body = []
    for line in markdown.splitlines():
        text = html.escape(line)
        if line.startswith("### "):
            body.append(f"<h3>{text[4:]}</h3>")
        elif line.startswith("## "):
            body.append(f"<h2>{text[3:]}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{text[2:]}</h1>")
        elif line.startswith("*") and line.endswith("*") and not line.startswith("**"):
            body.append(f"<p><em>{text[1:-1]}</em></p>")
        elif line.startswith("**"):
            label, _, rest = text[2:].partition(":** ")
            body.append(f"<p><strong>{label}:</strong> {rest}</p>")
        elif line:
            body.append(f"<p>{text}</p>")
    title = html.escape(f"Interview practice: session {session_id}")
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}'
        "</title><style>body{font-family:sans-serif;max-width:50em;margin:2em auto;"
        "line-height:1.5}h2{margin-top:2em}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
