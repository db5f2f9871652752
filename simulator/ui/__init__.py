"""The Textual app: screens, widgets and one stylesheet. The only layer that imports Textual."""
