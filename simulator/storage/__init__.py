"""Storage: recordings on disk and the history of attempts in SQLite. No UI imports."""
