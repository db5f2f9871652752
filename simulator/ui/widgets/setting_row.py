"""One row of the settings screen: a setting's name, value, source, meaning and when it applies.

The row only shows; the settings screen decides what a key does. What a row says is computed
by the plain functions here, so that it can be read (and tested) without a terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from simulator.settings import Source, Spec
from simulator.settings.file import SettingValue

APPLIES = {
    "speech.voice": "from the next question",
    "speech.rate": "from the next question",
    "speech.read_aloud": "from the next question",
    "transcription.engine": "from the next answer, once loaded",
    "transcription.model": "from the next answer, once loaded",
    "practice.drill_size": "from the next drill",
    "practice.live_transcript": "at once",
    "ui.theme": "at once",
}
"""When a saved change takes effect in the running app; every other one after a restart
(the bank's timings, retention and the folders are read at start-up)."""

PREVIEWS = ("speech.voice", "speech.rate")
"""Rows where `p` plays a sample sentence with the values shown."""


def applies(spec: Spec) -> str:
    """ "applies at once", "applies from the next question", "applies after a restart"."""
    return "applies " + APPLIES.get(spec.name, "after a restart")


def overridden(spec: Spec, source: Source, value: object = None) -> str | None:
    """Why a saved value would not be used in this run: a flag or a variable sets it."""
    if source == "flag":
        flag = spec.flag_for(value)
        return f"Set by {flag} for this run: a saved value applies on a run without it."
    if source == "env":
        return f"Set by ${spec.env} for this run: a saved value applies when it is not set."
    return None


def entry_text(value: object) -> str:
    """The value as it is edited in the row's input ("" for none)."""
    return "" if value is None else str(value)


def parse_entry(spec: Spec, text: str) -> SettingValue:
    """The typed text as a value of `spec`; None when emptied and the setting may be unset.

    ValueError with a sentence for the person ("rate must be a whole number from 80 to 400
    words per minute, not "5"") when it is wrong. A relative path is taken from the folder the
    app was started in, as on the command line.
    """
    text = text.strip()
    if not text and spec.default is None:
        return None
    try:
        value: SettingValue = spec.kind.parse(text)
    except ValueError as error:
        raise ValueError(f'{spec.key} must be {error}, not "{text}"') from None
    if isinstance(value, Path):
        value = value.absolute()
    return value


class SettingRow(Vertical, can_focus=True):
    """A setting: `key  value  source` on one line, its meaning under it, then any note (an
    override by a flag or variable, or what is wrong with a typed value)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "screen.move(1)", "Down", show=False),
        Binding("up,k", "screen.move(-1)", "Up", show=False),
        Binding("right", "screen.cycle(1)", "Next choice", show=False),
        Binding("left", "screen.cycle(-1)", "Previous choice", show=False),
    ]

    def __init__(self, spec: Spec) -> None:
        super().__init__(id="setting-" + spec.name.replace(".", "-"), classes="setting")
        self.spec = spec

    def compose(self) -> ComposeResult:
        with Horizontal(classes="setting-head"):
            yield Label(self.spec.key, classes="setting-key")
            yield Label("", classes="setting-value")
            yield Label("", classes="setting-source")
        yield Label(f"{self.spec.doc} ({applies(self.spec)})", classes="setting-doc")
        yield Label("", classes="setting-note")

    def on_mount(self) -> None:
        self.query_one(".setting-note", Label).display = False

    @property
    def field(self) -> Input | None:
        """The input while the value is being typed, else None."""
        return next(iter(self.query(Input)), None)

    def show(self, value: object, source: Source, changed: bool) -> None:
        """Show `value`; `changed`: not saved yet."""
        self.query_one(".setting-value", Label).update(self.spec.show(value))
        flag = self.spec.flag_for(value)
        where = {"flag": f"flag {flag}", "env": f"${self.spec.env}"}.get(source, source)
        self.query_one(".setting-source", Label).update("changed · not saved" if changed else where)
        self.set_class(changed, "-changed")
        self.note(overridden(self.spec, source, value))

    def note(self, text: str | None, error: bool = False) -> None:
        """A line under the meaning: an error in red, else a remark; None hides it."""
        label = self.query_one(".setting-note", Label)
        label.update(text or "")
        label.display = text is not None
        label.set_class(error, "-error")

    async def start_edit(self, value: object) -> None:
        """Show an input with the value, all of it selected (typing replaces it)."""
        field = Input(entry_text(value), compact=True, classes="setting-input")
        await self.mount(field, after=self.query_one(".setting-head"))
        field.focus()

    def end_edit(self) -> None:
        if (field := self.field) is not None:
            field.remove()
        self.focus()
