"""Settings: every setting with its meaning, value and source; change, hear and save them.

Opened with `,` from any screen. Changes are kept on this screen until ctrl+s writes them to
the settings file (comments and layout kept); the app then applies what can be applied in a
running app (see `widgets.setting_row.APPLIES`). The theme is shown at once while it is
chosen, and put back if the changes are discarded.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, Label, ProgressBar

from simulator.settings import SECTIONS, SPECS, Settings, SettingsFileError, Spec
from simulator.settings.fields import Boolean, Choice
from simulator.settings.file import SettingValue, write_settings
from simulator.ui.messages import EngineChanged, SettingsApplied, SettingsSaved
from simulator.ui.screens.base import InterviewScreen
from simulator.ui.widgets.setting_row import PREVIEWS, SettingRow, parse_entry


class SettingsScreen(InterviewScreen):
    """The settings, grouped by the sections of the settings file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "change", "Change", id="settings-change",
                tooltip="Toggle, cycle or type the highlighted setting"),
        Binding("p", "preview", "Hear it", id="settings-preview",
                tooltip="Read a sample sentence with the voice and rate shown"),
        Binding("x", "reset", "Default", id="settings-reset",
                tooltip="Back to the default: the key leaves the settings file"),
        Binding("ctrl+s", "save", "Save", id="settings-save",
                tooltip="Write the changes to the settings file and apply them"),
        Binding("escape", "close", "Close", id="settings-close",
                tooltip="Leave the settings (a second Esc discards unsaved changes)"),
        Binding("space", "change", "Change", show=False),
    ]  # fmt: skip

    AUTO_FOCUS = ""  # the first row is focused without scrolling the file line away

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[str, SettingValue] = {}
        """Changed, not saved yet: by `section.key`; None is back to the default."""
        self._theme_before: str | None = None
        self._discard_armed = False

    @property
    def settings(self) -> Settings:
        return self.interview.settings

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings", can_focus=False):
            yield Label(self._file_line(), id="settings-file")
            for section, cls in SECTIONS.items():
                about = (cls.__doc__ or "").split(":", 1)[-1].strip()
                yield Label(f"[{section}] {about}", classes="settings-section", markup=False)
                for spec in SPECS.values():
                    if spec.section == section:
                        yield SettingRow(spec)
        yield Label("", id="settings-status")
        yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="settings-loading")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        for row in self.query(SettingRow):
            self._show(row)
        loading = self.interview.engine_loading
        self.status(f"Loading {loading}…" if loading else None, loading=loading is not None)
        self.query(SettingRow).first().focus(scroll_visible=False)

    def _file_line(self) -> str:
        if self.settings.file is None:
            return "No settings file: changes last for this run only."
        ignored = " (it has problems: fix them by hand to save here)" * self.settings.file_ignored
        return f"Saves to {self.settings.shown_file}{ignored}. ctrl+s saves, Esc leaves."

    def _show(self, row: SettingRow) -> None:
        name = row.spec.name
        row.show(self.shown_value(row.spec), self.settings.source(name), name in self.pending)

    def shown_value(self, spec: Spec) -> object:
        """The value on screen: the unsaved change, else the setting in use."""
        if spec.name not in self.pending:
            return self.settings.value(spec.name)
        value = self.pending[spec.name]
        return spec.default if value is None else value

    def status(self, text: str | None, error: bool = False, loading: bool = False) -> None:
        """The line above the footer: what is happening (a sample, a model loading)."""
        label = self.query_one("#settings-status", Label)
        label.update(text or "")
        label.display = text is not None
        label.set_class(error, "-error")
        self.query_one("#settings-loading", ProgressBar).display = loading

    def _row(self) -> SettingRow | None:
        return self.focused if isinstance(self.focused, SettingRow) else None

    def change(self, row: SettingRow, value: SettingValue) -> None:
        """Keep `value` as the row's unsaved change (the theme shows at once)."""
        name = row.spec.name
        self.pending[name] = value
        self._discard_armed = False
        if name == "ui.theme":
            self._theme_before = self._theme_before or self.app.theme
            self.app.theme = str(self.shown_value(row.spec))
        self._show(row)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "preview":
            row = self._row()
            return row is not None and row.spec.name in PREVIEWS
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # the keys

    def action_move(self, step: int) -> None:
        if self._row() is not None:
            (self.focus_next if step > 0 else self.focus_previous)(SettingRow)

    async def action_change(self) -> None:
        row = self._row()
        if row is None:
            return
        kind, value = row.spec.kind, self.shown_value(row.spec)
        if isinstance(kind, Boolean):
            self.change(row, not value)
        elif isinstance(kind, Choice):
            self.action_cycle(1)
        else:
            await row.start_edit(value)

    def action_cycle(self, step: int) -> None:
        row = self._row()
        if row is None or not isinstance(row.spec.kind, Choice):
            return
        choices = row.spec.kind.choices
        current = self.shown_value(row.spec)
        at = choices.index(str(current)) if current in choices else -1
        self.change(row, choices[(at + step) % len(choices)])

    def action_reset(self) -> None:
        row = self._row()
        if row is not None:
            self.change(row, None)

    @on(Input.Submitted, ".setting-input")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        row = next(a for a in event.input.ancestors if isinstance(a, SettingRow))
        self._commit(row)

    def _commit(self, row: SettingRow) -> bool:
        """Take the row's typed value; False, with the error under the row, if it is wrong."""
        try:
            value = parse_entry(row.spec, row.field.value if row.field else "")
        except ValueError as error:
            row.note(str(error), error=True)
            return False
        row.end_edit()
        self.change(row, value)
        return True

    def _editing(self) -> SettingRow | None:
        return next((row for row in self.query(SettingRow) if row.field is not None), None)

    def action_close(self) -> None:
        if (row := self._editing()) is not None:
            row.end_edit()
            self._show(row)
            return
        if self.pending and not self._discard_armed:
            self._discard_armed = True
            self.notify("Not saved: ctrl+s saves, Esc again leaves without saving.")
            return
        if self._theme_before is not None:
            self.app.theme = self._theme_before
        self.dismiss()

    def action_save(self) -> None:
        if (row := self._editing()) is not None and not self._commit(row):
            self.notify("Not saved: a value is wrong (see the red line).", severity="error")
            return
        if not self.pending:
            self.notify("Nothing changed.")
            return
        self.write(dict(self.pending))

    @work(thread=True, exclusive=True, group="settings-file")
    def write(self, values: dict[str, SettingValue]) -> None:
        """Write the changes (disk: off the event loop), then hand them to the app."""
        path = self.settings.file
        if path is not None:
            try:
                write_settings(path, values)
            except (SettingsFileError, OSError, ValueError) as error:
                self.call_while_shown(self.status, f"Not saved: {error}", True)
                return
        # To the app itself: the run takes what the file now says even if the screen was
        # left while the file was written.
        self.app.post_message(SettingsSaved(values))
        where = "for this run" if self.settings.file is None else f"to {self.settings.shown_file}"
        self.app.call_from_thread(
            self.notify, f"Saved {len(values)} setting{'s' * (len(values) > 1)} {where}."
        )
        self.call_while_shown(self._saved)

    def _saved(self) -> None:
        self.pending.clear()
        self._theme_before = None

    @on(SettingsApplied)
    def _applied(self) -> None:
        """The app replaced its settings: show the values and sources now in use."""
        for row in self.query(SettingRow):
            self._show(row)
        if loading := self.interview.engine_loading:
            self.status(f"Loading {loading}…", loading=True)

    def action_preview(self) -> None:
        voice = self.shown_value(SPECS["speech.voice"])
        rate = self.shown_value(SPECS["speech.rate"])
        assert isinstance(rate, int) and (voice is None or isinstance(voice, str))
        self.status(f"Reading a sample at {rate} words per minute…")
        self.preview(voice, rate)

    @work(thread=True, exclusive=True, group="voice-preview")
    def preview(self, voice: str | None, rate: int) -> None:
        notice = self.interview.practice.preview_voice(voice, rate)
        self.call_while_shown(self.status, notice, notice is not None)

    @on(EngineChanged)
    def _engine_changed(self, message: EngineChanged) -> None:
        self.status(message.notice or message.done, error=message.notice is not None)
        self.query_one("#settings-loading", ProgressBar).display = False
