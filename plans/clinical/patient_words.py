"""Words patients read: the jargon they should never see, a rough reading-level measure, and the
plain "why" of an exercise.

Everything a patient reads (the portal's cards, the printed plan) is written for them: about a
12-year-old's reading level, short sentences, "you", and no cause codes, cause names or engine
phrases. ``jargon_in`` finds the words from the list below; ``readability`` measures sentence length
and the Flesch-Kincaid grade with a small syllable count (good enough to catch clinical prose, not a
replacement for reading the text); ``patient_reason`` is the "Why it is in your plan" line: the
stored reason when it is plain, else a plain sentence for the exercise's kind (plan items stored by
the first engine say "Suits likely foraminal stenosis and age-related degeneration").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.clinical.vocabulary import ExerciseKind

# Matched case-insensitively, on word starts so that stems catch their forms ("spondyl" finds
# spondylolisthesis and spondylosis; "centrali[sz]" finds centralise, centralization...).
JARGON_STEMS: tuple[str, ...] = (
    # causes and their names
    r"stenos",
    r"radicul",
    r"degenerat",
    r"spondyl",
    r"sacroiliac",
    r"foramin",
    r"discogenic",
    r"herniat",
    r"facet",
    r"claudica",
    r"neurogenic",
    r"ankylos",
    r"patholog",
    r"metasta",
    r"cauda equina",
    r"pelvic girdle pain",
    r"inflammatory back pain",
    r"non-?specific",
    # engine and clinical phrases
    r"suits\b",
    r"likely\b",
    r"contraindicat",
    r"flexion",
    r"extension",
    r"extensor",
    r"lumbar",
    r"thoracic",
    r"cervical",
    r"bilateral",
    r"unilateral",
    r"periphera?li[sz]",
    r"centrali[sz]",
    r"directional preference",
    r"supine",
    r"prone\b",
    r"quadruped",
    r"isometric",
    r"propriocept",
    r"transvers",
    r"tensioner",
    r"none usual",
    r"hold \d+ ?min",
    r"aetiolog",
    r"etiolog",
    r"nocicept",
    r"dermatom",
    r"myotom",
)
# Matched as written: short codes that are ordinary words in lower case ("start").
JARGON_CODES: tuple[str, ...] = (
    "MCID",
    "NPRS",
    "ODI",
    "STarT",
    "FABQ",
    "PSFS",
    "RMDQ",
    "SLR",
    "BMI",
    "CPG",
    "JOSPT",
)
_STEMS = re.compile(r"(?<![A-Za-z])(?:" + "|".join(JARGON_STEMS) + r")\w*", re.IGNORECASE | re.MULTILINE)
_CODES = re.compile(r"\b(" + "|".join(JARGON_CODES) + r")\b")
# A vocabulary code left in the text: "muscle_strain_sprain", "spinal_flexion".
_SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def jargon_in(text: str) -> list[str]:
    """The jargon found in ``text``, as written there, in order; [] when it is plain."""
    found = [(m.start(), m.group(0)) for m in _STEMS.finditer(text)]
    found += [(m.start(), m.group(0)) for m in _CODES.finditer(text)]
    found += [(m.start(), m.group(0)) for m in _SNAKE_CASE.finditer(text)]
    return [word for _, word in sorted(found)]


# --- Reading level --------------------------------------------------------------------------------

# About a 12-year-old: US school grade 7 at most, and sentences of 20 words or fewer on average.
MAX_GRADE = 7.0
MAX_WORDS_PER_SENTENCE = 20.0
# No single sentence so long that it needs reading twice.
MAX_SENTENCE_WORDS = 25
# The grade and the average say little about a name or one sentence (held to MAX_SENTENCE_WORDS):
# they are judged from this many words on.
JUDGED_FROM_WORDS = 30

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)?")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: split after a full stop, question or exclamation mark, or a line."""
    return [s.strip() for s in _SENTENCE_END.split(text) if _WORD.search(s)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def syllables(word: str) -> int:
    """A rough syllable count: vowel groups, less a silent final "e" ("move" 1, "gentle" 2)."""
    if word[0].isdigit():
        return 1  # read as a number; "10" is short to read
    low = word.lower().replace("’", "'")
    count = len(_VOWEL_GROUPS.findall(low))
    if low.endswith("e") and not low.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if (
        low.endswith(("ed", "es"))
        and count > 1
        and not low.endswith(("ted", "ded", "ses", "zes", "ces", "ges"))
    ):
        count -= 1
    return max(count, 1)


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int
    longest_sentence: int  # in words

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (US school grade)."""
        if not self.words:
            return 0.0
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables / self.words - 15.59

    def problems(self) -> list[str]:
        """What makes the text too hard, in words; [] when it reads at about a 12-year-old's level."""
        found = []
        if self.words >= JUDGED_FROM_WORDS and self.words_per_sentence > MAX_WORDS_PER_SENTENCE:
            found.append(
                f"{self.words_per_sentence:.1f} words a sentence (at most {MAX_WORDS_PER_SENTENCE:g})"
            )
        if self.longest_sentence > MAX_SENTENCE_WORDS:
            found.append(f"a sentence of {self.longest_sentence} words (at most {MAX_SENTENCE_WORDS})")
        if self.words >= JUDGED_FROM_WORDS and self.grade > MAX_GRADE:
            found.append(f"reading grade {self.grade:.1f} (at most {MAX_GRADE:g})")
        return found


def readability(*texts: str) -> Readability:
    """How hard ``texts`` are to read, taken together."""
    parts = [s for text in texts for s in sentences(text)]
    counts = [words(s) for s in parts]
    return Readability(
        sentences=len(parts),
        words=sum(len(w) for w in counts),
        syllables=sum(syllables(word) for w in counts for word in w),
        longest_sentence=max((len(w) for w in counts), default=0),
    )


# --- Why an exercise is in the plan -----------------------------------------------------------------

KIND_WHY: dict[str, str] = {
    ExerciseKind.MOBILITY: "Gentle movement to ease stiffness and keep your back moving.",
    ExerciseKind.DIRECTIONAL_PREFERENCE: "A movement you repeat to ease your pain.",
    ExerciseKind.STABILIZATION: "Trains the deep tummy and back muscles that support your spine.",
    ExerciseKind.STRENGTHENING: "Builds strength so everyday tasks get easier.",
    ExerciseKind.AEROBIC: "Keeping active eases pain and builds your stamina.",
    ExerciseKind.NERVE_MOBILITY: "Helps a sore nerve move more freely.",
    ExerciseKind.BALANCE: "Improves your balance and lowers the chance of a fall.",
    ExerciseKind.POSTURE: "Helps you change position and loosens a stiff upper back.",
    ExerciseKind.RELAXATION: "Calms tense muscles and a busy mind.",
    ExerciseKind.GRADED_ACTIVITY: "Helps you get back to the things you want to do, step by step.",
}
GENERAL_WHY = "Your therapist chose this exercise to help your back get stronger and move more easily."


def kind_why(kind: str) -> str:
    return KIND_WHY.get(kind, GENERAL_WHY)


def patient_reason(stored: str, kind: str) -> str:
    """The "Why it is in your plan" line: ``stored`` without its sentences that carry jargon (the first
    engine appended "Suits likely <causes>." to a plain sentence), or the plain sentence for the
    exercise's ``kind`` when nothing plain is left."""
    plain = [s for s in sentences(stored) if not jargon_in(s)]
    return " ".join(plain) if plain else kind_why(kind)
