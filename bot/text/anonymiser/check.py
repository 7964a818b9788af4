"""Words the anonymiser kept that might still identify someone: shown to the requester to check.

The recognizers need evidence before they remove a word; a surname no lexicon knows at the start
of a sentence, or a business named without a work phrase, has none. So the requester sees, in
the anonymised text, the words that *could* be names or places of work — capitalised words and
given names of the lexicon — minus everything the lexicons call context (institutions, towns,
titles, street types, chains, everyday words), and masks those that do identify.

>>> [w.text for w in words_to_check("Le dossier Vanhamme est bloqué au CPAS de Namur.")]
['Vanhamme']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from bot.text.anonymiser.lexicons import Lexicons, default_lexicons
from bot.text.anonymiser.model import EMPLOYER, PERSON, PLACEHOLDERS
from bot.text.anonymiser.recognizers.employer_cues import TRADES
from bot.text.anonymiser.recognizers.name_actions import ACTION_AFTER
from bot.text.anonymiser.recognizers.name_cues import (
    CLITIC_AFTER,
    PARTICLES,
    STRICT_TITLES,
)
from bot.text.anonymiser.recognizers.name_evidence import DETERMINER_BEFORE
from bot.text.anonymiser.text import Document, Token, fold_key

MASKED = "[MASQUÉ]"
# The placeholders already in the text ("[PERSONNE]", "[MASQUÉ]"): never words to check.
PLACEHOLDER = re.compile(r"\[[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ-]+\]")
_JOINERS = frozenset({" ", "-"})
_FAMILY = frozenset({"famille", "clan", "epoux", "epouse"})  # "Famille Petit"
_NAME_CUES = STRICT_TITLES | _FAMILY
_PRONOUNS = frozenset({"ce", "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "moi"})
_SAINTS = frozenset({"saint", "sainte", "st", "ste"})
_TOWN_BEFORE = re.compile(r"(?:\b(?:a|en|vers|fui|depuis)\s+)$")  # "à Kharkiv", never "à Marie"
_LONG_ACRONYM = 6  # "DUPONT" shouted is a name; "CPAS", "ADIL" are organisations


@dataclass(frozen=True)
class WordToCheck:
    """One word (or name of several words) of the text, with every place it occurs.

    ``spans`` are (start, end) offsets in the text checked; the first ``lead`` characters of
    each occurrence are a trade word that stays ("Boulangerie" of "Boulangerie Moreau").
    """

    text: str
    spans: tuple[tuple[int, int], ...]
    placeholder: str = MASKED
    lead: int = 0


def words_to_check(text: str, lexicons: Lexicons | None = None) -> list[WordToCheck]:
    """The words to check in an anonymised ``text``, in order of first appearance."""
    lex = lexicons or default_lexicons()
    document = Document(text)
    tokens = document.tokens
    skipped = _placeholder_tokens(document) | document.tokens_within(lex.protected_phrases)
    runs: list[tuple[int, int]] = []
    for index in range(len(tokens)):
        if index in skipped or (runs and index <= runs[-1][1]):
            continue
        if _suspect(document, lex, index):
            runs.append(_grow(document, lex, skipped, index))
    words: dict[str, WordToCheck] = {}
    for first, last in runs:
        phrase = text[tokens[first].start : tokens[last].end]
        key = fold_key(phrase)
        if key not in words:
            words[key] = _occurrences(document, lex, phrase, tokens[first : last + 1])
    return list(words.values())


def find_word(text: str, word: str, lexicons: Lexicons | None = None) -> WordToCheck | None:
    """Every occurrence of ``word`` (any casing, any accents) outside placeholders; None when
    the text has none."""
    lex = lexicons or default_lexicons()
    document = Document(text)
    words = Document(word.strip()).tokens
    if not words:
        return None
    found = _occurrences(document, lex, word.strip(), words)
    return found if found.spans else None


def mask(text: str, words: list[WordToCheck]) -> str:
    """``text`` with every occurrence of ``words`` replaced by its placeholder."""
    cuts = sorted((start + w.lead, -end, w.placeholder) for w in words for start, end in w.spans)
    pieces: list[str] = []
    position = 0
    for start, negative_end, placeholder in cuts:
        if start < position:
            continue  # inside a longer word masked already ("Marie" within "Marie Lefort")
        pieces += [text[position:start], placeholder]
        position = -negative_end
    pieces.append(text[position:])
    return "".join(pieces)


def _placeholder_tokens(document: Document) -> set[int]:
    tokens = document.tokens
    starts = [token.start for token in tokens]
    inside: set[int] = set()
    for match in PLACEHOLDER.finditer(document.text):
        index = bisect_left(starts, match.start())
        while index < len(tokens) and tokens[index].end <= match.end():
            inside.add(index)
            index += 1
    return inside


def _context(lex: Lexicons, key: str) -> bool:
    return lex.is_context_word(key) or key in lex.chains or key in lex.famous_names


def _suspect(document: Document, lex: Lexicons, index: int) -> bool:
    """Whether a word could be a name: a given name, or a capital nothing else explains."""
    token = document.tokens[index]
    key = token.key
    given = lex.is_given_name(key)
    if len(key) < 2 or key in TRADES:
        return False
    if _context(lex, key) and not given and key not in lex.common_words:
        return False  # institutions, towns, titles, street types, chains
    if key.rsplit("-", 1)[-1] in _PRONOUNS or (
        index and document.tokens[index - 1].key in lex.places
    ):
        return False  # "Pouvez-vous", "Est-ce"; "Charleroi Sud"
    if document.text[token.end : token.end + 1] in ("'", "’"):
        return False  # "Quelqu'un", "C'est"
    if document.mostly_upper or token.is_lower:
        return given and not lex.is_ambiguous_name(key)
    if token.is_upper:
        return given or (len(key) >= _LONG_ACRONYM and key not in lex.common_words)
    before = document.window_before(token.start)
    if DETERMINER_BEFORE.search(before) or _place_shaped(lex, key, before):
        return False  # "la Toussaint", "à Kharkiv", "Saint-Omer"
    if not document.starts_sentence(token):
        if key in lex.common_words:  # "Famille Petit", but "Rose" only as a given name
            previous = document.tokens[index - 1].key if index else ""
            after_cue = previous in lex.titles or previous in _NAME_CUES
            return given or after_cue
        return True
    # Opening a sentence, a capital says nothing: a name if a verb of a person follows
    # ("Lefort doit…", "Marie a 3 enfants"), as the recognizers read it.
    after = document.window_after(token.end)
    acts = bool(ACTION_AFTER.match(after) or CLITIC_AFTER.match(after))
    following = document.tokens[index + 1] if index + 1 < len(document.tokens) else None
    if following is not None and _joined(document, index, index + 1):
        acts = acts or (following.is_title and not _context(lex, following.key))
    if given and (acts or not lex.is_ambiguous_name(key)):
        return True  # "Marie doit…", "France Dupuis est suivie", but "Pierre et Paul"
    return acts and key not in lex.common_words


def _place_shaped(lex: Lexicons, key: str, before: str) -> bool:
    """A town the lexicon lacks: after "à", "en", "vers", or a compound of saints and towns."""
    parts = key.split("-")
    if len(parts) > 1 and (parts[0] in _SAINTS or any(p in lex.places for p in parts)):
        return True
    return bool(_TOWN_BEFORE.search(before))


def _grow(document: Document, lex: Lexicons, skipped: set[int], index: int) -> tuple[int, int]:
    """The whole name around a suspect word: the capitalised words joined to it ("Marie
    Lefort", "Ateliers Gribouille"), a trade word before it, particles between ("Marc de
    Backer")."""
    tokens = document.tokens

    def joinable(i: int) -> bool:
        token = tokens[i]
        if i in skipped or not token.is_capitalised:
            return False
        return token.key in TRADES or not (token.key in lex.places or _context(lex, token.key))

    first = last = index
    while first > 0 and _joined(document, first - 1, first) and joinable(first - 1):
        first -= 1
    while last + 1 < len(tokens):
        step = last + 1
        if (
            tokens[step].key in PARTICLES
            and tokens[step].is_lower
            and step + 1 < len(tokens)
            and _joined(document, last, step)
            and _joined(document, step, step + 1)
            and joinable(step + 1)
        ):
            last = step + 1
        elif _joined(document, last, step) and joinable(step):
            last = step
        else:
            break
    return first, last


def _joined(document: Document, left: int, right: int) -> bool:
    tokens = document.tokens
    return document.gap(tokens[left], tokens[right]) in _JOINERS


def _occurrences(document: Document, lex: Lexicons, phrase: str, words: list[Token]) -> WordToCheck:
    """Every occurrence of the phrase in the text, in any casing, outside placeholders."""
    keys = [fold_key(t.text) for t in words]
    pattern = re.compile(r"(?<![\w-])" + r"[\s-]+".join(re.escape(k) for k in keys) + r"(?![\w-])")
    inside = [m.span() for m in PLACEHOLDER.finditer(document.text)]
    spans = tuple(
        m.span()
        for m in pattern.finditer(document.folded)
        if not any(s <= m.start() < e for s, e in inside)
    )
    leading = 0
    while leading < len(words) - 1 and keys[leading] in TRADES:
        leading += 1
    if leading:
        placeholder, lead = PLACEHOLDERS[EMPLOYER], words[leading].start - words[0].start
    elif any(lex.is_given_name(k) for k in keys):
        placeholder, lead = PLACEHOLDERS[PERSON], 0
    else:
        placeholder, lead = MASKED, 0
    return WordToCheck(phrase, spans, placeholder, lead)
