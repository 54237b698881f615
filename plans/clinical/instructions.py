"""How an exercise's library text reads to the patient: its instructions as steps, and its
precautions only when they say something."""

from __future__ import annotations

import re

# Precautions that say nothing to a patient ("None.", "None usual"), compared without a final stop.
NO_PRECAUTIONS = frozenset({"", "none", "none usual"})


def steps(instructions: str) -> list[str]:
    """The lines of the instructions without their own numbering ("1.", "2)"): the page numbers them."""
    return [re.sub(r"^\s*\d+[.)]\s*", "", line) for line in instructions.splitlines() if line.strip()]


def take_care(precautions: str) -> str:
    """The precautions without the sentences that say nothing ("None usual. Keep the range small."
    is "Keep the range small.")."""
    text = precautions.strip()
    if text.rstrip(".").lower() in NO_PRECAUTIONS:
        return ""
    kept = [s for s in re.split(r"(?<=\.)\s+", text) if s.strip().rstrip(".").lower() not in NO_PRECAUTIONS]
    return " ".join(kept)
