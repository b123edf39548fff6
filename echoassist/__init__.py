"""EchoAssist: an offline cardiology assistant (ECG/echo Q&A, echo report grading)."""

__version__ = "0.1.0"
