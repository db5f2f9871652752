"""A horizontal input-level meter in dBFS."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FLOOR_DBFS = -60.0


class LevelMeter(Widget):
    """Shows the microphone level: -60 dBFS empty, 0 dBFS full; red near clipping."""

    level: reactive[float] = reactive(FLOOR_DBFS)

    def render(self) -> Text:
        label = f" {self.level:6.1f} dBFS"
        width = max(4, self.size.width - len(label))
        filled = round(width * min(1.0, max(0.0, (self.level - FLOOR_DBFS) / -FLOOR_DBFS)))
        style = (
            "bold red" if self.level > -3 else "bold yellow" if self.level > -12 else "bold green"
        )
        bar = Text("█" * filled, style=style)
        bar.append("░" * (width - filled), style="dim")
        bar.append(label)
        return bar
