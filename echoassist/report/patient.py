"""Who the report is about, as far as grading needs: sex and body size."""

from __future__ import annotations

import math
import re

from echoassist.report.phrases import SEX_FIELD_WORDS, SEX_WORDS

# "Sex: F", "Gender: Male", "72-year-old man", "54 yo F", "Demographics: female".
_SEX_FIELD = re.compile(
    rf"\b(?:sex|gender)\s*[:=]?\s*({'|'.join(SEX_FIELD_WORDS)})\b", re.IGNORECASE
)
_SEX_WORD = re.compile(rf"\b({'|'.join(w for w in SEX_WORDS if len(w) > 1)})\b", re.IGNORECASE)
_AGE_SEX = re.compile(r"\b\d{1,3}\s*(?:yo|y/o|y\.o\.|yrs?|years?(?:[- ]old)?)?\s*(M|F)\b")
# Only the top of a report states demographics; prose further down may say
# "male-pattern" or quote a relative.
_HEADER_CHARS = 600


def stated_sex(text: str) -> str | None:
    """'m' or 'f' when the report states the patient's sex, else None."""
    head = text[:_HEADER_CHARS]
    for pattern in (_SEX_FIELD, _AGE_SEX, _SEX_WORD):
        m = pattern.search(head)
        if m:
            return SEX_WORDS[m.group(1).lower()]
    return None


def mosteller_bsa(height_cm: float, weight_kg: float) -> float:
    """Body surface area in m2 (Mosteller 1987)."""
    return round(math.sqrt(height_cm * weight_kg / 3600.0), 2)
