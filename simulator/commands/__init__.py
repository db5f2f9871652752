"""Sub-command handlers of the command line, one module per area."""
