"""Find the line of a key in TOML text.

`tomllib` gives values but no positions, and every validation message must name a line.
This scanner follows table headers (`[t]`, `[[t]]`), key assignments, multi-line strings
and multi-line arrays just far enough to map key paths such as
`("questions", 2, "key_points", 0, "terms")` to line numbers. It never decides validity:
`tomllib` does that first.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_ARRAY_TABLE = re.compile(r"^\[\[\s*([^\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"""^("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*(.*)$""")


def _bracket_balance(value: str) -> int:
    """Net count of `[` minus `]` outside quoted strings, up to a comment."""
    depth, quote = 0, ""
    i = 0
    while i < len(value):
        ch = value[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        i += 1
    return depth


class LineIndex:
    """Line numbers (1-based) of the tables and keys of one TOML document."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        self._scan(text.splitlines())

    def line_of(self, *path: str | int) -> int | None:
        """Line of `path`, or of its nearest enclosing table or key that has one."""
        key: KeyPath = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return None

    def line_at(self, *path: str | int) -> int | None:
        """Line of exactly `path` (a table header or a key), or None when it is not written."""
        return self._lines.get(tuple(path))

    def _scan(self, lines: list[str]) -> None:
        counts: dict[KeyPath, int] = {}
        current: KeyPath = ()
        closing = ""  # delimiter that ends the multi-line string we are inside
        array_path: KeyPath | None = None  # multi-line array being skipped
        depth = 0
        items = 0
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if closing:
                if closing in line:
                    closing = ""
                continue
            if array_path is not None:
                if depth == 1 and line.startswith("{"):
                    self._lines.setdefault((*array_path, items), number)
                    items += 1
                depth += _bracket_balance(line)
                if depth <= 0:
                    array_path = None
                continue
            if not line or line.startswith("#"):
                continue
            if match := _ARRAY_TABLE.match(line):
                parent = self._resolve(match.group(1).split(".")[:-1], counts)
                name = match.group(1).split(".")[-1].strip()
                index = counts.get((*parent, name), -1) + 1
                counts[(*parent, name)] = index
                current = (*parent, name, index)
                self._lines[current] = number
            elif match := _TABLE.match(line):
                current = self._resolve(match.group(1).split("."), counts)
                self._lines.setdefault(current, number)
            elif match := _KEY.match(line):
                key = match.group(1).strip("\"'")
                self._lines.setdefault((*current, key), number)
                value = match.group(2)
                for delimiter in ('"""', "'''"):
                    if value.startswith(delimiter) and value.count(delimiter) == 1:
                        closing = delimiter
                if value.startswith("[") and (balance := _bracket_balance(value)) > 0:
                    array_path, depth, items = (*current, key), balance, 0

    @staticmethod
    def _resolve(names: list[str], counts: dict[KeyPath, int]) -> KeyPath:
        """Turn dotted header names into a key path, entering the latest element of arrays."""
        path: KeyPath = ()
        for name in (n.strip().strip("\"'") for n in names):
            path = (*path, name)
            if path in counts:
                path = (*path, counts[path])
        return path
