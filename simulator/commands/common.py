"""What several sub-commands share."""

from __future__ import annotations

from simulator.bank import BankError, Question, load_bank
from simulator.errors import UserError
from simulator.settings import Settings


def load_question(settings: Settings, question_id: str) -> Question:
    """The question `question_id` of the selected bank, or a UserError saying why not."""
    try:
        return load_bank(settings.questions_path).get(question_id)
    except BankError as error:
        raise UserError(str(error)) from None
    except KeyError as error:
        raise UserError(str(error.args[0])) from None
