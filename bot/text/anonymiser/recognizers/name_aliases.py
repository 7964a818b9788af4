"""Other names of a person already found: a nickname or initials in brackets beside the name,
and the initials of a compound given name used elsewhere in the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import PERSON, Entity
from bot.text.anonymiser.recognizers.name_brackets import (
    full_name_in_brackets,
    nickname_in_brackets,
    nicknamed,
    prefix_in_brackets,
    quoted_between,
    quoted_in_brackets,
    quoted_nickname,
    short_form_before,
    shouted_in_brackets,
    spelled_in_brackets,
    surname_after_nickname,
)
from bot.text.anonymiser.recognizers.name_cues import (
    AGE_AFTER,
    FAMILY_BEFORE,
    JOINER,
    PARTICLES,
    RELATIVE,
)
from bot.text.anonymiser.text import Document, Token

# One initial ("D.") or a compound one ("J.-P.", "J.P.").
_INITIAL = r"[A-ZÀ-Ý]\.(?:-?[A-ZÀ-Ý]\.)*"
# A person named by initials only: after a title ("Mme D.", "M. J.-P. V."), or two initials
# apart ("J.-P. V.", "K. D."), where an abbreviation is written in one piece ("S.A.", "N.B.").
_TITLE_INITIALS = re.compile(
    rf"(?<![\w.])(?:M\.?|Mr\.?|Mme\.?|Mmes|Mlle\.?|Melle|Me|Dr\.?|[Mm]adame|[Mm]onsieur|"
    rf"[Mm]ademoiselle)\s{{1,2}}((?:{_INITIAL})(?:\s(?:{_INITIAL}))*)(?!\w)"
)
# (Exactly two: "le plan A. B. C." is a list; "M. J. Dupont" opens with the title.)
_INITIALS_APART = re.compile(
    rf"(?<![\w.-])(?<![A-ZÀ-Ý]\.\s)(?!M\.\s)((?:{_INITIAL})\s(?:{_INITIAL}))(?![\w-])(?!\s[A-ZÀ-Ý]\.)"
)
# Initials written together, « K.D. », « S.T. », « T. », « T.V.D.B. ».
# (Not « M. » before a name: the title.)
_GLUED_INITIALS = re.compile(r"(?<![\w.])(?!M\.\s+[A-ZÀ-Ý])(?:[A-ZÀ-Ý]\.){1,4}(?![\w])")
# One initial alone in brackets after a word is a name's short form ("Mme Dupont (D.)"), not
# after a number ("la note n° 4 (A.)").
_INITIAL_IN_BRACKETS = re.compile(r"(?<=[^\W\d_] )\(\s*([A-ZÀ-Ý]\.)\s*\)")


_ARTICLES = frozenset({"la", "le", "les", "l", "du", "des", "au", "aux", "un", "une"})


def mark_aliases(
    lex: Lexicons,
    document: Document,
    tokens: list[Token],
    scores: dict[int, float],
    mark: Callable[[int, float], None],
) -> None:
    """A nickname or initials set in brackets beside a found name: "Kiki (Kimberley V.)",
    "Jean-Baptiste Mwamba (JB pour les intimes)"; and initials of a found name anywhere
    ("JB" for "Jean-Baptiste", "T.V." after "Tran Van")."""
    initials = _initials(tokens, scores)
    nicknames: set[str] = set()
    for index, token in enumerate(tokens):
        if index in scores:
            continue
        beside = index and index - 1 in scores
        if (
            (beside and nickname_in_brackets(document, tokens, index))  # "Ludovic (ludo pour …)"
            or (beside and prefix_in_brackets(document, tokens, index))  # « victor (vic) »
            or (beside and quoted_in_brackets(document, tokens, index))  # « caudron ("val") »
            or quoted_between(document, tokens, scores, index)  # Olivier « olive » Maes
            or quoted_nickname(document, tokens, scores, index)  # « Jérémy Noël, dit « Jé » »
            or spelled_in_brackets(document, tokens, scores, index)  # « (écrit amdou dans … »
            or short_form_before(lex, document, tokens, scores, index)  # « ju (julien) »
            or nicknamed(lex, document, tokens, scores, index)
        ):
            mark(index, 0.75)  # a nickname, any word, any case
            nicknames.add(token.key)
            continue
        if surname_after_nickname(lex, document, tokens, scores, index):
            mark(index, 0.75)  # « franck (frankie) boulanger »
            nicknames.add(token.key)
            continue
        if lex.is_context_word(token.key) and not token.is_upper:
            continue
        if token.is_upper and token.text in initials and token.key not in lex.institutions:
            mark(index, 0.75)  # not « le CV » after « Claire Vandewalle »: a word of the field
            continue
        if shouted_in_brackets(document, tokens, scores, index):
            mark(index, 0.75)  # « MR BAH (ALPHA OUMAR) »: a word between two found names
            continue
        if not token.is_title or len(token.text) < 2:
            continue  # an acronym in brackets is a role or a scheme: "(CIP chez nous)"
        if token.key in lex.gazetteer and not lex.is_given_name(token.key):
            continue  # "Transports Lecomte (Anzin)", "M. Lemaire (Loon-Plage)": where, not who
        if token.key in lex.famous_names:
            continue  # « son père Gérard (Alzheimer) »: an illness named after someone, not him
        if _organisation_in_brackets(lex, document, token):
            continue  # « Mme Roux (Département du Nord) »: whom she works for, not her name
        if _beside_a_bracketed_name(lex, document, tokens, scores, index):
            mark(index, 0.75)  # "Mwamba (JB …)", "Kiki (Kimberley …)", "Doudou (Mme Ndiaye)"
    for index in range(len(tokens)):  # once the nicknames are known: « dimi, dimitris … »
        for part in full_name_in_brackets(lex, document, tokens, scores, index):
            mark(part, 0.75)
            nicknames.add(tokens[part].key)
    for index, token in enumerate(tokens):
        if token.key in nicknames and index not in scores:
            mark(index, 0.75)  # the nickname given once, used again (« … mais val préfère »)


def _beside_a_bracketed_name(
    lex: Lexicons, document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """A word in brackets right after a found name, or right before a bracket that opens with
    a found name or with a title and a found name."""
    token = tokens[index]
    before = document.text[tokens[index - 1].end : token.start] if index else ""
    if re.fullmatch(r"\s*\(\s*", before) and index - 1 in scores:
        return True
    after = document.text[token.end : tokens[index + 1].start] if index + 1 < len(tokens) else ""
    return bool(re.fullmatch(r"\s*\(\s*", after)) and (
        index + 1 in scores or _titled_name(lex, tokens, scores, index + 1)
    )


def _titled_name(lex: Lexicons, tokens: list[Token], scores: dict[int, float], at: int) -> bool:
    """A title and a found name at ``at`` (« (Mme Ndiaye) »)."""
    return at + 1 < len(tokens) and tokens[at].key in lex.titles and at + 1 in scores


def _initials(tokens: list[Token], scores: dict[int, float]) -> set[str]:
    """Upper-case initials of each found name and of its compound given names."""
    found: set[str] = set()
    for index in scores:
        token = tokens[index]
        parts = [p for p in token.text.split("-") if p]
        if len(parts) > 1:
            found.add("".join(p[0].upper() for p in parts))
        if index + 1 in scores:
            following = tokens[index + 1].text.split("-")
            found.add("".join(p[0].upper() for p in parts + following))
    return {value for value in found if len(value) >= 2}


def initials_only(
    lex: Lexicons, document: Document, tokens: list[Token], scores: dict[int, float]
) -> Iterator[Entity]:
    """Persons named by their initials alone: the title or the pair says they are a name, or
    two found names of the text begin with their letters (« Geoffrey … M. Vandenbroucke …
    on le note G.V. »); and the initial of a given name before a found surname ("un jeune,
    D. Mbaye")."""
    text = document.text
    for pattern in (_TITLE_INITIALS, _INITIALS_APART, _INITIAL_IN_BRACKETS):
        for match in pattern.finditer(text):
            yield Entity(PERSON, match.start(1), match.end(1), 0.8, "person")
    glued = list(_GLUED_INITIALS.finditer(text))
    named = {match.group() for match in glued if _initials_name(lex, document, match)}
    named |= {m.group() for m in glued if _initials_of_found_names(lex, tokens, scores, m.group())}
    for match in glued:
        if match.group() in named:
            # "son ex-mari, K.D.,", "la famille T.", "(K., 19 ans": a person's initials, and
            # the same initials wherever they come again (« M.D. ne veut pas … »)
            yield Entity(PERSON, match.start(), match.end(), 0.8, "person")
    for index in scores:
        initial = tokens[index - 1] if index else None
        if (
            initial is not None
            and len(initial.text) == 1
            and initial.text.isupper()
            and initial.text != "M"  # "M. Martin": the title
            # a letter standing alone, not the key letter of a number ("1729799C. Ibrahim")
            and not text[initial.start - 1 : initial.start].isalnum()
            and text[initial.end : tokens[index].start] == ". "
            and tokens[index].is_capitalised
        ):
            yield Entity(PERSON, initial.start, initial.end + 1, 0.8, "person")


def _initials_name(lex: Lexicons, document: Document, match: re.Match[str]) -> bool:
    """Glued initials after a relation word, after « famille », or standing alone (not after
    a given name: « Sesarai D. (19 ans) » is one name) before an age."""
    letters = "".join(char for char in match.group() if char.isalpha()).casefold()
    if letters in lex.institutions:
        return False  # « C.P.A.S., 3 ans de suivi »: a body of the field written with dots
    before = document.window_before(match.start(), 40)
    if RELATIVE.search(before) or FAMILY_BEFORE.search(before):
        return True
    alone = not before.rstrip()[-1:].isalpha()
    return alone and bool(AGE_AFTER.match(document.folded[match.end() : match.end() + 12]))


def _initials_of_found_names(
    lex: Lexicons, tokens: list[Token], scores: dict[int, float], initials: str
) -> bool:
    """Two initials (« S.C. ») whose letters open two different found names, in either order;
    not an abbreviation of the field written with dots (« C.V. »)."""
    letters = [char for char in initials if char.isalpha()]
    if len(letters) != 2 or "".join(letters).casefold() in lex.institutions:
        return False
    found = [tokens[index] for index in scores if len(tokens[index].text) > 1]
    for first in found:
        if first.text[0] != letters[0]:
            continue
        if any(other is not first and other.text[0] == letters[1] for other in found):
            return True
    return False


def _organisation_in_brackets(lex: Lexicons, document: Document, token: Token) -> bool:
    """A word of the dictionary (no given name, no particle) before « de », « du »: the
    start of an organisation's name (« Département du Nord », « Maison de l'emploi »)."""
    if not lex.is_french_word(token.key) or lex.is_given_name(token.key):
        return False
    after = document.folded[token.end : token.end + 5]
    return token.key not in PARTICLES and bool(re.match(r"\s+(?:de|du|des|d')", after))


def propagate(
    lex: Lexicons,
    document: Document,
    tokens: list[Token],
    scores: dict[int, float],
    mark: Callable[[int, float], None],
) -> None:
    """Every occurrence of a found name goes, in every casing ("Innocent", "innocent"), with
    the particles it was found with ("Van den Bossche" takes "VAN DEN BOSSCHE" whole).

    A name that is also a word must match with its accents ("Marie" takes "marie", not
    "marié"); other names match on their folded form ("Hélène", "HELENE").
    """
    found: dict[str, float] = {}
    # "Violette, de son vrai nom Marie-Violette Delhaye": a part of a compound given name,
    # written with its capital elsewhere (not « violette » the colour).
    capitalised_parts: dict[str, float] = {}
    particles = {tokens[i].key for i in scores if tokens[i].key in PARTICLES}
    for index, score in scores.items():
        token = tokens[index]
        if token.key in PARTICLES or len(token.key) < 2:
            continue
        keys = [token.key, token.text.casefold()]
        if "-" in token.key and not lex.is_given_name(token.key):
            # "Benali-Durand … (nom d'usage Durand)": each part of a compound surname.
            keys += [part for part in token.key.split("-") if len(part) > 2]
        elif "-" in token.key:
            for part in token.key.split("-"):
                if len(part) > 2 and lex.is_given_name(part):
                    capitalised_parts[part] = max(capitalised_parts.get(part, 0.0), score)
        for key in keys:
            found[key] = max(found.get(key, 0.0), score)
    titled = {t.key for t in tokens if t.is_title}
    found = {
        key: score for key, score in found.items() if not lex.is_context_word(key) or key in titled
    }
    _lower_case_names(tokens, scores, found)
    for index, token in enumerate(tokens):
        if index in scores:
            continue
        key = token.text.casefold() if lex.is_ambiguous_name(token.key) else token.key
        if token.is_lower and token.text in found:
            key = token.text
        if key not in found:
            after_article = index and tokens[index - 1].key in _ARTICLES  # « la Pierre Bleue »
            if token.is_title and token.key in capitalised_parts and not after_article:
                mark(index, min(capitalised_parts[token.key], 0.75))
            elif _misspelt(lex, token, found):
                mark(index, 0.7)
            continue
        if token.is_lower and found[key] < 0.7 and lex.is_french_word(token.key):
            continue  # "Express Colis Sambre … 180 colis": a weak guess spares the word
        mark(index, min(found[key], 0.75))
    for index in sorted(scores):
        if tokens[index].key not in PARTICLES:
            _particles_before(document, tokens, index, particles, mark)


def _lower_case_names(
    tokens: list[Token], scores: dict[int, float], found: dict[str, float]
) -> None:
    """« marie doit … marie est en oisp »: a name found typed in lower case is the same name
    written the same way again, even one that is also a word once folded (« marié »)."""
    for index, score in scores.items():
        token = tokens[index]
        if token.is_lower and score >= 0.7 and len(token.text) >= 4:
            found.setdefault(token.text, score)


def _misspelt(lex: Lexicons, token: Token, found: dict[str, float]) -> bool:
    """A capitalised word in no dictionary one letter away from a found name of six letters
    or more: the same name written again another way (« Zerrouki … Zerouki »)."""
    if token.is_lower or len(token.key) < 5 or not lex.looks_like_a_name(token.text):
        return False
    return any(
        len(name) >= 6
        and name[0] == token.key[0]
        and found[name] >= 0.6
        and _one_edit(name, token.key)
        for name in found
    )


def _one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _particles_before(
    document: Document,
    tokens: list[Token],
    index: int,
    particles: set[str],
    mark: Callable[[int, float], None],
) -> None:
    """The particles a found name was written with, before another occurrence of it."""
    position = index - 1
    while (
        position >= 0
        and index - position <= 3
        and tokens[position].key in particles
        and not tokens[position].is_lower
        and JOINER.match(document.gap(tokens[position], tokens[position + 1]))
    ):
        mark(position, 0.75)
        position -= 1
