"""The keys of every screen, in one place."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# interview-sim keys

**Home**: arrows or j/k move, `/` filter, Enter practise the question, `s` session over the
questions shown (`S` shuffled), `d` drill of the questions due now (weakest first), `h`
history, `?` this help, ctrl+p every action, `q` quit. Under each question: its last score
and trend, and when it is next due (#n is its place in the drill).

**Practice**: the question is read aloud (`r` repeat, `m` mute). Then think time, then the
answer is recorded. Space starts answering early, and ends the answer early. `t` types the
answer instead. Esc abandons the attempt (after a confirm).

**Review**: Tab switches between your answer and the sample answer (arrows scroll). `p` plays
your recording, space pauses, left/right seek 5 s. `1`-`4` rate the answer Again, Hard, Good
or Easy instead of what its score gives (the schedule follows). `a` answers again, `n` next
question, Esc home.

**Summary**: arrows choose an attempt, Enter opens it, Esc home.

**Settings** (`,`, between questions): arrows move, Enter toggles, cycles or types a value
(left/right cycle a choice), `p` hears the voice and rate, `x` back to the default, ctrl+s
saves to the settings file (your comments kept), Esc leaves.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help-close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
