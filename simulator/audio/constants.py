"""Values the command line needs before any audio library is loaded (start-up stays fast)."""

DEFAULT_RATE = 175
"""Words per minute: espeak-ng's own default and a natural pace (pyttsx3 would use 200)."""
ENGINES = ("whisper", "sphinx")
DEFAULT_WHISPER_MODEL = "base"
SAMPLE_RATE = 16_000
"""Every recording and every engine works at 16 kHz mono."""
