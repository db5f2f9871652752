"""A horizontal input-level meter in dBFS."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from simulator.meter import METER_FLOOR_DBFS, meter_fill


class LevelMeter(Widget):
    """Shows the microphone level: -60 dBFS empty, 0 dBFS full; red near clipping."""

    level: reactive[float] = reactive(METER_FLOOR_DBFS)

    def render(self) -> Text:
        label = f" {self.level:6.1f} dBFS"
        width = max(4, self.size.width - len(label))
        filled = meter_fill(self.level, width)
        style = (
            "bold red" if self.level > -3 else "bold yellow" if self.level > -12 else "bold green"
        )
        bar = Text("█" * filled, style=style)
        bar.append("░" * (width - filled), style="dim")
        bar.append(label)
        return bar
