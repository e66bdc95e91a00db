"""How the coach reads a draft: normalised text that keeps a map back to the user's characters.

People text in lower case, ALL CAPS, with stretched letters ("pleeease"), curly apostrophes and
abbreviations ("u", "ur", "pls"). Rules run on a normalised copy (lower case, apostrophes
dropped, letters repeated three or more times collapsed, whitespace runs made one space) and every
normalised character remembers where it came from, so a finding's span points into the draft
exactly as the user wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = frozenset("'\u2019\u2018`\u00b4")
_SENTENCE_END = re.compile(r"[.!?\n;]+|\s[-\u2013\u2014]\s|(?<=\w)\s*[\U0001F300-\U0001FAFF]+")
_WORD = re.compile(r"[a-z0-9]+")
MAX_WORDS_PER_SENTENCE = 24


@dataclass(frozen=True)
class Normalised:
    text: str  # lower case, apostrophes dropped, stretched letters collapsed
    origin: tuple[int, ...]  # origin[i] = index in the draft of text[i]; origin[len] = len(draft)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The draft span behind text[start:end]."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=8)  # one review normalises its draft in the rules, crisis check and rewrite
def normalise(draft: str) -> Normalised:
    chars: list[str] = []
    origin: list[int] = []
    run_char, run_len = "", 0
    for index, char in enumerate(draft):
        if char in _APOSTROPHES:
            continue
        lower = char.lower()
        if len(lower) != 1:
            lower = char
        if lower.isspace():
            if chars and chars[-1] == " ":
                continue
            lower = " "
        run_len = run_len + 1 if lower == run_char else 1
        run_char = lower
        if run_len >= 3 and lower.isalpha():
            if run_len == 3:  # "pleeease" -> "please": a stretched letter counts once
                chars.pop()
                origin.pop()
            continue
        chars.append(lower)
        origin.append(index)
    origin.append(len(draft))
    return Normalised("".join(chars), tuple(origin))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in normalised text; run-on sentences are cut every ~24 words."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.extend(_chunks(text, start, match.start()))
        start = match.end()
    spans.extend(_chunks(text, start, len(text)))
    return spans


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    words = list(_WORD.finditer(text, start, end))
    if not words:
        return []
    chunks = []
    for first in range(0, len(words), MAX_WORDS_PER_SENTENCE):
        group = words[first : first + MAX_WORDS_PER_SENTENCE]
        chunks.append((group[0].start(), group[-1].end()))
    return chunks


def expand_texting(sentence: str, abbreviations: Mapping[str, str]) -> str:
    """Texting shorthand spelled out for the model: 'u r the best' -> 'you are the best'."""
    words = [abbreviations.get(word, word) for word in _WORD.findall(sentence)]
    return " ".join(words)


def first_words_end(text: str, start: int, end: int, words: int) -> int:
    """Where the first `words` words of text[start:end] end (end if it has no more)."""
    found = list(_WORD.finditer(text, start, end))
    return found[words - 1].end() if 0 < words < len(found) else end


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def shouting_ratio(draft: str) -> float:
    """Share of letters in upper case (0 when there are few letters)."""
    letters = [c for c in draft if c.isalpha()]
    if len(letters) < 12:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)
