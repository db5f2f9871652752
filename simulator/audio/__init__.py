"""Sound: speak questions, record and play answers, transcribe them. No UI imports here."""
