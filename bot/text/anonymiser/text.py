"""Text helpers shared by the recognizers: accent folding that keeps offsets, and word tokens.

Folding maps each character to exactly one character, so an offset in the folded text is the
same offset in the original: recognizers search the folded text and report original spans.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Hashable
from functools import cache, cached_property, lru_cache
from typing import NamedTuple, TypeVar

T = TypeVar("T")

# Format characters (Unicode category Cf, as of Python 3.11's Unicode 14): zero-width spaces
# and joiners, soft hyphen, bidi embeddings, overrides and isolates, BOM, word joiner, tags.
# A unit test checks this class against unicodedata.
FORMAT_CHARACTERS = re.compile(
    "["
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
    "]"
)
# A word, hyphenated parts included; "N'Diaye", "M'Bappé", "O'Brien" stay one word (the
# elisions "l'", "d'", "n'" before a lower-case word do not).
_WORD = re.compile(r"(?:[NMO]['’](?=[A-ZÀ-Ý][a-zà-ÿ]))?[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_BREAK = re.compile(r"(?:^|[.!?:;\n•*]|\s-)\s*$")


def normalise(text: str) -> str:
    """The text as the anonymiser reads and posts it: NFKC, without format characters.

    NFKC turns full-width digits, ligatures and no-break spaces into their plain forms, so
    "０４７８" is a phone number and "M.\u00a0Lambert" a title and a name.
    """
    if text.isascii():
        return text
    # Format characters are invisible in every client and would split a word in two for the
    # recognizers ("Du\u200bbois").
    return unicodedata.normalize("NFKC", FORMAT_CHARACTERS.sub("", text))


# Letters with a stroke or without a dot that no decomposition takes to their base letter:
# « Yıldız » is « yildiz », « Wałęsa » « walesa ».
_BASE_LETTERS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŀ": "l"}


@cache
def fold_char(char: str) -> str:
    """Lower-case, accent-free form of one character (always one character long)."""
    base = unicodedata.normalize("NFD", char)[0].lower()
    base = _BASE_LETTERS.get(base, base)
    return base[0] if base else char


class _FoldTable(dict[int, str]):
    """``str.translate``'s table for `fold`, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, accent-free text of the same length as ``text``."""
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=65_536)
def fold_key(text: str) -> str:
    """Key for lexicon look-ups: folded, with typographic apostrophes and spaces unified."""
    return " ".join(fold(text).replace("’", "'").split())


class Token(NamedTuple):
    """A word of the text with its casing class (worked out once, by `token`: the recognizers
    ask it of every token many times)."""

    text: str
    start: int
    end: int
    key: str
    is_upper: bool
    is_title: bool
    is_capitalised: bool
    is_lower: bool


def token(text: str, start: int, end: int, key: str) -> Token:
    # Every letter upper case, and at least two of them ("CAF", not "A"); most words are not,
    # and ``str.isupper`` says so without looking at each letter.
    upper = text.isupper() and _all_letters_upper(text)
    capitalised = text[:1].isupper()
    title = capitalised and not upper
    return Token(text, start, end, key, upper, title, capitalised, text.islower())


def _all_letters_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# Chat drops the apostrophe of an elision (« j ai », « l appelle », « c est », « qu il »): the
# folded copy, which every cue is matched on, gets it back (the same length, so offsets hold).
_ELIDED_IN_CHAT = re.compile(r"(?<![\w'.-])([cdjlmnst]|qu) (?=[aeiouyh])")


class Document:
    """A text prepared once for every recognizer: folded copy and word tokens."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = _ELIDED_IN_CHAT.sub("\\1'", fold(text).replace("’", "'"))
        self._within: dict[re.Pattern[str], set[int]] = {}
        self._remembered: dict[Hashable, object] = {}

    @cached_property
    def tokens(self) -> list[Token]:
        return [
            token(m.group(), m.start(), m.end(), self.folded[m.start() : m.end()])
            for m in _WORD.finditer(self.text)
        ]

    @cached_property
    def mostly_upper(self) -> bool:
        """True for a message typed in capitals, where casing says nothing about names."""
        letters = sum(map(str.isalpha, self.text))
        return letters >= 20 and sum(map(str.isupper, self.text)) > 0.7 * letters

    def tokens_within(self, pattern: re.Pattern[str]) -> set[int]:
        """Indexes of the tokens lying wholly inside a match of ``pattern`` on the folded text."""
        cached = self._within.get(pattern)
        if cached is not None:
            return cached
        inside: set[int] = set()
        tokens = self.tokens
        starts = [token.start for token in tokens]
        for match in pattern.finditer(self.folded):
            index = bisect_left(starts, match.start())
            while index < len(tokens) and tokens[index].end <= match.end():
                inside.add(index)
                index += 1
        self._within[pattern] = inside
        return inside

    def remembered(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What ``compute`` gives for this document, computed once for every recognizer that
        asks under ``key`` (quoted signs are both an employer's find and names' protection)."""
        if key not in self._remembered:
            self._remembered[key] = compute()
        return self._remembered[key]  # type: ignore[return-value]

    def gap(self, left: Token, right: Token) -> str:
        return self.text[left.end : right.start]

    def starts_sentence(self, token: Token) -> bool:
        """Whether a capital letter on ``token`` is explained by its place in the sentence."""
        before = self.text[max(0, token.start - 40) : token.start]
        return bool(_SENTENCE_BREAK.search(before))

    def window_before(self, start: int, size: int = 50) -> str:
        return self.folded[max(0, start - size) : start]

    def window_after(self, end: int, size: int = 30) -> str:
        return self.folded[end : end + size]
