"""The question bank: the questions, their sample answers and key points, loaded from TOML."""

from simulator.bank.loader import load_bank
from simulator.bank.model import BankError, KeyPoint, Problem, Question, QuestionBank

__all__ = ["BankError", "KeyPoint", "Problem", "Question", "QuestionBank", "load_bank"]
