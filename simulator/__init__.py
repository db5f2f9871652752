"""interview-sim: practise spoken interview answers in the terminal, offline."""

__version__ = "0.1.0"
