"""Other names of a person already found: a nickname or initials in brackets beside the name,
and the initials of a compound given name used elsewhere in the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import PERSON, Entity
from bot.text.anonymiser.recognizers.name_cues import (
    ACTION_AFTER,
    AGE_AFTER,
    FAMILY_BEFORE,
    JOINER,
    NEVER_SURNAMES,
    NICKNAME,
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
# Initials written together, « K.D. », « S.T. », « T. ».
# (Not « M. » before a name: the title.)
_GLUED_INITIALS = re.compile(r"(?<![\w.])(?!M\.\s+[A-ZÀ-Ý])(?:[A-ZÀ-Ý]\.){1,3}(?![\w])")
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
        if (
            index
            and index - 1 in scores
            and (
                _nickname_in_brackets(document, tokens, index)  # "Ludovic (ludo pour les …)"
                or _quoted_in_brackets(document, tokens, index)  # « valentine caudron ("val") »
            )
        ) or _nicknamed(lex, document, tokens, scores, index):
            mark(index, 0.75)  # a nickname, any word, any case
            nicknames.add(token.key)
            continue
        if _surname_after_nickname(lex, document, tokens, scores, index):
            mark(index, 0.75)  # « franck (frankie) boulanger »
            nicknames.add(token.key)
            continue
        for part in _full_name_in_brackets(lex, document, tokens, scores, index):
            mark(part, 0.75)
            nicknames.add(tokens[part].key)
        if lex.is_context_word(token.key) and not token.is_upper:
            continue
        if token.is_upper and token.text in initials:
            mark(index, 0.75)
            continue
        if not token.is_title or len(token.text) < 2:
            continue  # an acronym in brackets is a role or a scheme: "(CIP chez nous)"
        if token.key in lex.gazetteer and not lex.is_given_name(token.key):
            continue  # "Transports Lecomte (Anzin)", "M. Lemaire (Loon-Plage)": where, not who
        before = document.text[tokens[index - 1].end : token.start] if index else ""
        after = (
            document.text[token.end : tokens[index + 1].start] if index + 1 < len(tokens) else ""
        )
        if re.fullmatch(r"\s*\(\s*", before) and index - 1 in scores:
            mark(index, 0.75)  # "Mwamba (JB …)"
        elif re.fullmatch(r"\s*\(\s*", after) and index + 1 in scores:
            mark(index, 0.75)  # "Kiki (Kimberley …)"
    for index, token in enumerate(tokens):
        if token.key in nicknames and index not in scores:
            mark(index, 0.75)  # the nickname given once, used again (« … mais val préfère »)


# What gives a nickname right before it, after a found name (« jean-pierre lenoir dit jp »,
# « mamadou diallo (on dit djo) ») or anywhere (« tout le monde l'appelle kéké »).
_NICKNAMED_AFTER_NAME = re.compile(r"^\s*\(?\s*(?:dit|dite|alias|on\s+dit|on\s+l'appelle)\s+$")
_NICKNAMED = re.compile(
    r"\b(?:l'appelle(?:nt)?|qu'(?:ils|elles|on)\s+(?:l')?appelle(?:nt)?|"
    r"(?:ils|elles)\s+l'appellent|(?:tout|tt)\s+le\s+monde\s+(?:l')?appelle)\s+[«\"“]?\s*$"
)
_QUE_AFTER = re.compile(r"\s*(?:que\b|qu')")
# Between the bracket and the surname, its particles: « ahmed (hamoud pr les potes) el ouafi ».
_PARTICLES_AFTER_BRACKET = re.compile(r" (?:(?:el|al|ben|van|der|den|de|du|da|dos|le|la) )*")
# Words that follow a name and a bracket as often as a surname does: « (9 ans) ont été… ».
_AFTER_A_BRACKET = frozenset(
    [
        "a",
        "ai",
        "as",
        "ont",
        "est",
        "sont",
        "etait",
        "etaient",
        "fait",
        "font",
        "dit",
        "va",
        "vont",
        "peut",
        "doit",
        "veut",
        "vient",
        "avait",
        "demande",
        "demandent",
        "habite",
        "habitent",
        "loge",
        "travaille",
    ]
)


def _nicknamed(
    lex: Lexicons, document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """A short word given as a nickname (after « l'appelle », or after a found name and « dit »,
    « alias »): one no dictionary knows, or a doubled syllable (« coco »)."""
    token = tokens[index]
    if token.key in NEVER_SURNAMES or len(token.key) > 10 or not token.text.isalpha():
        return False
    word = lex.is_french_word(token.key) or lex.is_context_word(token.key)
    if word and not NICKNAME.match(token.key):
        return False  # « on l'appelle tous les jours »; « tout le monde l'appelle coco »
    if _NICKNAMED.search(document.window_before(token.start, 40)):
        return not _QUE_AFTER.match(document.folded, token.end)
    for previous in (index - 2, index - 3):  # the name, then « dit », « (on dit »
        if previous >= 0 and previous in scores:
            gap = document.folded[tokens[previous].end : token.start]
            return bool(_NICKNAMED_AFTER_NAME.match(gap))
    return False


def _surname_after_nickname(
    lex: Lexicons, document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """The lower-case word right after a bracket that follows a found given name typed in lower
    case: the surname (« victor (vic) dubois a … », « ahmed (hamoud pr les potes) el ouafi »,
    « raymond (ray) jacquet, 57 ans »)."""
    token = tokens[index]
    if not token.is_lower or len(token.key) < 3 or index < 3:
        return False
    if token.key in NEVER_SURNAMES or token.key in _AFTER_A_BRACKET:
        return False
    if ACTION_AFTER.match(" " + token.key):
        return False
    after = document.window_after(token.end, 40)
    if lex.is_french_word(token.key) and not (ACTION_AFTER.match(after) or AGE_AFTER.match(after)):
        return False  # « mr roux (rachid) menace de… »; « franck (frankie) boulanger veut… »
    before = document.text[: token.start]
    close = before.rstrip().rfind(")")
    if close < 0 or not _PARTICLES_AFTER_BRACKET.fullmatch(document.folded, close + 1, token.start):
        return False
    opening = before.rfind("(", 0, close)
    inside = before[opening + 1 : close].split()
    if opening < 0 or not 1 <= len(inside) <= 6 or any(c.isdigit() for c in "".join(inside)):
        return False  # (« mr dupont (52a) sest fait virer »: an age, then a typo)
    given = [i for i in scores if tokens[i].end <= opening and tokens[i].is_lower]
    return bool(given) and before[tokens[max(given)].end : opening].strip() == ""


def _full_name_in_brackets(
    lex: Lexicons, document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> list[int]:
    """« kim (kim-ly tran) », « tom (tommy van den bossche) », « colombe (colombe-marie
    akakpo) »: a given name typed in lower case, then in brackets a full name starting with it or
    with another given name: every word of the brackets and the name before them."""
    if index + 2 >= len(tokens) or not tokens[index].is_lower:
        return []
    name, first = tokens[index], tokens[index + 1]
    if document.gap(name, first).strip() != "(" or not first.is_lower:
        return []
    if not (lex.is_given_name(first.key.split("-")[0]) or index in scores):
        return []
    if not (first.key.startswith(name.key) or index in scores):
        return []
    close = document.text.find(")", first.end)
    if close < 0 or close - first.start > 50:
        return []
    inside = [i for i in range(index + 1, len(tokens)) if tokens[i].end <= close]
    if len(inside) < 2 or any(tokens[i].key in NEVER_SURNAMES - PARTICLES for i in inside):
        return []
    if any(lex.is_context_word(tokens[i].key) and tokens[i].key not in PARTICLES for i in inside):
        return []
    return [index, *inside]


def _nickname_in_brackets(document: Document, tokens: list[Token], index: int) -> bool:
    """A word in brackets or after a comma right after a name, followed by whom it is used
    for (« ludovic (ludo pour les collègues) », « jean-luc, jl pour les intimes »)."""
    before = document.text[tokens[index - 1].end : tokens[index].start]
    after = document.text[tokens[index].end : tokens[index].end + 30]
    return bool(re.fullmatch(r"\s*[(,]\s*", before)) and bool(_USED_FOR.match(after))


# One word in quotes in brackets right after a name (« ("val") », « (« Jo ») »).
_QUOTED_IN_BRACKETS = re.compile(r"\s*\(\s*[«\"“']\s*[^\W\d_][\w'-]*\s*[»\"”']\s*\)")
_USED_FOR = re.compile(
    r"\s+(?:pour|entre)\s+(?:tout\s+le\s+monde|les\s+intimes|(?:les|ses)\s+(?:amis|amies|"
    r"collegues|collègues|proches|potes|copains|copines)|la\s+famille|nous)\b",
    re.I,
)


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
    document: Document, tokens: list[Token], scores: dict[int, float]
) -> Iterator[Entity]:
    """Persons named by their initials alone: the title or the pair says they are a name; and
    the initial of a given name before a found surname ("un jeune, D. Mbaye")."""
    text = document.text
    for pattern in (_TITLE_INITIALS, _INITIALS_APART, _INITIAL_IN_BRACKETS):
        for match in pattern.finditer(text):
            yield Entity(PERSON, match.start(1), match.end(1), 0.8, "person")
    for match in _GLUED_INITIALS.finditer(text):
        before = document.window_before(match.start(), 40)
        if RELATIVE.search(before) or FAMILY_BEFORE.search(before):
            # "son ex-mari, K.D.,", "la mère, S.T.", "la famille T.": a relative's initials
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


def _quoted_in_brackets(document: Document, tokens: list[Token], index: int) -> bool:
    """``tokens[index]`` alone in quotes in brackets right after the token before it."""
    close = document.text.find(")", tokens[index].end)
    return close > 0 and bool(
        _QUOTED_IN_BRACKETS.fullmatch(document.text, tokens[index - 1].end, close + 1)
    )


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
