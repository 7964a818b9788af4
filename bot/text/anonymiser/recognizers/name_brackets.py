"""Other names given in brackets or beside a found name: a nickname (« ludovic (ludo pour les
collègues) », « dit jp »), another spelling (« kader (kaddour sur les papiers) », « (écrit amdou
dans le logiciel) »), a full name or the given names in brackets, and the surname typed after the
bracket (« victor (vic) dubois »)."""

from __future__ import annotations

import re

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.recognizers.name_actions import ACTION_AFTER
from bot.text.anonymiser.recognizers.name_cues import (
    AGE_AFTER,
    NEVER_SURNAMES,
    NICKNAME,
    PARTICLES,
    QUOTE_CLOSES,
    QUOTED_NICKNAME_BEFORE,
    Cue,
)
from bot.text.anonymiser.text import Document, Token

# What gives a nickname right before it, after a found name (« jean-pierre lenoir dit jp »,
# « mamadou diallo (on dit djo) ») or anywhere (« tout le monde l'appelle kéké »).
_NICKNAMED_AFTER_NAME = re.compile(r"^\s*\(?\s*(?:dit|dite|alias|on\s+dit|on\s+l'appelle)\s+$")
_NICKNAMED = re.compile(
    r"\b(?:l'appelle(?:nt)?|qu'(?:ils|elles|on)\s+(?:l')?appelle(?:nt)?|"
    r"(?:ils|elles)\s+l'appellent|(?:tout|tt)\s+le\s+monde\s+(?:l')?appelle)\s+[«\"“]?\s*$"
)
_NICKNAMED_CUE = Cue(_NICKNAMED, ("appel",))
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


def nicknamed(
    lex: Lexicons, document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """A short word given as a nickname (after « l'appelle », or after a found name and « dit »,
    « alias »): one no dictionary knows, or a doubled syllable (« coco »)."""
    token = tokens[index]
    if token.key in NEVER_SURNAMES or len(token.key) > 10 or not token.text.isalpha():
        return False
    # What stands between the name found two or three words before and this word: « dit »,
    # « (on dit ».
    gaps = [
        document.folded[tokens[previous].end : token.start]
        for previous in (index - 2, index - 3)
        if previous >= 0 and previous in scores
    ]
    if any("(" in gap and _NICKNAMED_AFTER_NAME.match(gap) for gap in gaps):
        return True  # « rose-marie lenoir (on dit rosie) »: in brackets, even a word
    before = document.window_before(token.start, 40)
    if not gaps and not _NICKNAMED_CUE.may_end(before):
        return False  # no name just before, no « l'appelle »: most words (first: the cheapest)
    word = lex.is_french_word(token.key)  # (context words included)
    if word and not NICKNAME.match(token.key):
        return False  # « on l'appelle tous les jours »; « tout le monde l'appelle coco »
    if _NICKNAMED_CUE.ends(before):
        return not _QUE_AFTER.match(document.folded, token.end)
    return bool(gaps) and bool(_NICKNAMED_AFTER_NAME.match(gaps[0]))


def surname_after_nickname(
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
    text = document.text
    close = text.rfind(")", 0, token.start)
    if close < 0 or not _PARTICLES_AFTER_BRACKET.fullmatch(document.folded, close + 1, token.start):
        return False  # (first: most words follow no bracket, and this costs least to tell)
    if ACTION_AFTER.match(" " + token.key):
        return False
    after = document.window_after(token.end, 40)
    if lex.is_french_word(token.key) and not (ACTION_AFTER.match(after) or AGE_AFTER.match(after)):
        return False  # « mr roux (rachid) menace de… »; « franck (frankie) boulanger veut… »
    opening = text.rfind("(", 0, close)
    inside = text[opening + 1 : close].split()
    if opening < 0 or not 1 <= len(inside) <= 6 or any(c.isdigit() for c in "".join(inside)):
        return False  # (« mr dupont (52a) sest fait virer »: an age, then a typo)
    given = [i for i in scores if tokens[i].end <= opening and tokens[i].is_lower]
    return bool(given) and text[tokens[max(given)].end : opening].strip() == ""


def full_name_in_brackets(
    lex: Lexicons, document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> list[int]:
    """« kim (kim-ly tran) », « tom (tommy van den bossche) », « jp (jean-pierre duchene) »,
    « nico (nicolas de la fuente, espagnol) »: a given name, a short form or initials typed in
    lower case, then in brackets a full name starting with it (or with another given name, or
    with the compound name it abbreviates): every word of the name in brackets, up to the
    bracket or a comma, and the word before them."""
    if index + 2 >= len(tokens) or not tokens[index].is_lower:
        return []
    name, first = tokens[index], tokens[index + 1]
    opener = document.gap(name, first).strip()
    if opener not in ("(", ",") or not first.is_lower:
        return []
    initials = "".join(part[:1] for part in first.key.split("-"))
    extends = first.key.startswith(name.key) or (len(initials) > 1 and initials == name.key)
    if opener == "," and not (extends and index in scores and first.key != name.key):
        return []  # « dimi, dimitris papadopoulos, vole… »: after a comma, only what it extends
    if not (extends or (index in scores and lex.is_given_name(first.key.split("-")[0]))):
        return []
    ends = [document.text.find(sign, first.end) for sign in ("),.;" if opener == "," else "),")]
    close = min((at for at in ends if at >= 0), default=-1)
    if close < 0 or close - first.start > 50:
        return []
    inside = [i for i in range(index + 1, len(tokens)) if tokens[i].end <= close]
    if len(inside) < 2 or any(tokens[i].key in NEVER_SURNAMES - PARTICLES for i in inside):
        return []
    if any(lex.is_context_word(tokens[i].key) and tokens[i].key not in PARTICLES for i in inside):
        return []
    return [index, *inside]


def prefix_in_brackets(document: Document, tokens: list[Token], index: int) -> bool:
    """« victor (vic) dubois »: the start of the found name before it, alone in brackets."""
    name, token = tokens[index - 1], tokens[index]
    if document.gap(name, token).strip() != "(" or len(token.key) < 3:
        return False
    closed = document.text[token.end : token.end + 2].lstrip().startswith(")")
    return closed and name.key.startswith(token.key) and name.key != token.key


def nickname_in_brackets(document: Document, tokens: list[Token], index: int) -> bool:
    """A word in brackets or after a comma right after a name, followed by whom it is used
    for (« ludovic (ludo pour les collègues) », « jean-luc, jl pour les intimes ») or where it
    is written so (« kader (kaddour sur les papiers) »)."""
    before = document.text[tokens[index - 1].end : tokens[index].start]
    after = document.folded[tokens[index].end : tokens[index].end + 30]
    if not re.fullmatch(r"\s*[(,]\s*", before):
        return False
    return bool(_USED_FOR.match(after) or _WRITTEN_SO.match(after))


def shouted_in_brackets(
    document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """In a text typed in capitals, the first word in brackets after a found name when the next
    word there is found too: the given names (« MR BAH (ALPHA OUMAR) »)."""
    if not (document.mostly_upper and 0 < index < len(tokens) - 1):
        return False
    if index - 1 not in scores or index + 1 not in scores:
        return False
    opened = document.gap(tokens[index - 1], tokens[index]).strip() == "("
    return opened and document.gap(tokens[index], tokens[index + 1]) == " "


def spelled_in_brackets(
    document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """The other spelling of a found name, given in brackets (« amadou diallo (écrit amdou
    dans le logiciel) »)."""
    if index < 2 or index - 2 not in scores or not tokens[index].text.replace("-", "").isalpha():
        return False
    gap = document.folded[tokens[index - 2].end : tokens[index].start]
    return bool(re.fullmatch(r"\s*\(\s*(?:ecrit|ecrite|orthographie|orthographiee)\s+", gap))


# One word in quotes in brackets right after a name (« ("val") », « (« Jo ») »).
_QUOTED_IN_BRACKETS = re.compile(r"\s*\(\s*[«\"“']\s*[^\W\d_][\w'-]*\s*[»\"”']\s*\)")
# Where a spelling of the name stands (folded text): « (kaddour sur les papiers) ».
_WRITTEN_SO = re.compile(
    r"\s+(?:(?:sur|ds|dans)\s+(?:les|ses|son|sa|le|la|l')\s*(?:papiers|carte|badge|passeport|"
    r"titre|acte|contrat|fiche|logiciel|dossier|documents|registre)|(?:a|à)\s+l'etat\s+civil|"
    r"de\s+son\s+vrai\s+nom|pour\s+l'administration|officiellement)\b"
)
_USED_FOR = re.compile(
    r"\s+(?:pour|entre)\s+(?:tout\s+le\s+monde|les\s+intimes|(?:les|ses)\s+(?:amis|amies|"
    r"collegues|collègues|proches|potes|copains|copines)|la\s+famille|nous)\b",
    re.I,
)


def quoted_in_brackets(document: Document, tokens: list[Token], index: int) -> bool:
    """``tokens[index]`` alone in quotes in brackets right after the token before it."""
    close = document.text.find(")", tokens[index].end)
    return close > 0 and bool(
        _QUOTED_IN_BRACKETS.fullmatch(document.text, tokens[index - 1].end, close + 1)
    )


_ONE_WORD_IN_BRACKETS = re.compile(r"\s*\(\s*([a-z][a-z'-]{2,})\s*\)")


def surname_in_brackets(lex: Lexicons, after: str) -> bool:
    """A bracket right after the word holding one word alone that no dictionary knows, or a
    given name that is no word: the person's other name (« honore (ouedraogo) », « m. boucher
    (jerome) »)."""
    match = _ONE_WORD_IN_BRACKETS.match(after)
    if match is None:
        return False
    word = match.group(1)
    if lex.is_given_name(word):
        return not lex.is_ambiguous_name(word)  # not « la rose (fleur) »
    parts = word.removeprefix("ex-").split("-")  # not « justice (ex-huissier) »
    return not all(lex.is_french_word(part) for part in parts)


def short_form_before(
    lex: Lexicons, document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """A short lower-case word in no dictionary right before a found given name alone in
    brackets, opening with its letters: the name the person goes by (« ju (julien) », « lo
    (laurence) », « cat (catherine) »)."""
    if index + 1 >= len(tokens) or index + 1 not in scores:
        return False
    short, full = tokens[index], tokens[index + 1]
    if not short.is_lower or not 2 <= len(short.key) <= 4 or not short.text.isalpha():
        return False
    if document.gap(short, full).strip() != "(" or not document.text.startswith(")", full.end):
        return False
    if short.key in NEVER_SURNAMES or short.key in PARTICLES or lex.is_french_word(short.key):
        return False
    opens = full.key.startswith(short.key) or (len(short.key) == 2 and full.key[0] == short.key[0])
    return opens and lex.is_given_name(full.key)


_OPENING_QUOTE = re.compile(r"[ \t]*[«\"“][ \t]*")
_CLOSING_QUOTE = re.compile(r"[ \t]*[»\"”][ \t]*")
_DEFINED_AS = re.compile(r"[ \t]*=[ \t]*")


def quoted_between(
    document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """The nickname in quotes between a given name and a surname found around it (« Olivier
    « olive » Maes »), and a word set equal to a found full name (« mo = Mohamed Chergui »)."""
    if not 0 < index < len(tokens) - 1 or index + 1 not in scores:
        return False
    token, after = tokens[index], tokens[index + 1]
    if _DEFINED_AS.fullmatch(document.gap(token, after)):
        return token.is_lower and index + 2 in scores  # a full name: given name and surname
    before = tokens[index - 1]
    return (
        index - 1 in scores
        and bool(_OPENING_QUOTE.fullmatch(document.gap(before, token)))
        and bool(_CLOSING_QUOTE.fullmatch(document.gap(token, after)))
    )


def in_nickname_quotes(document: Document, token: Token, before: str) -> bool:
    """Whether ``token`` stands alone in quotes after « dit », « alias », « se fait appeler »…
    (``before``: the folded text before it)."""
    return bool(QUOTE_CLOSES.match(document.text, token.end)) and bool(
        QUOTED_NICKNAME_BEFORE.search(before)
    )


def quoted_nickname(
    document: Document, tokens: list[Token], scores: dict[int, float], index: int
) -> bool:
    """A nickname in quotes after a found name and « dit », « alias »…, any word, even a
    pronoun's spelling (« Jérémy Noël, dit « Jé » », « M. Lefort, dit « le Grand » »); not
    what someone said (« il a dit « Non » »)."""
    token = tokens[index]
    if not in_nickname_quotes(document, token, document.window_before(token.start, 40)):
        return False
    said = next(
        (i for i in range(index - 1, max(-1, index - 4), -1) if tokens[i].key in _SAID), None
    )
    return said is not None and said - 1 in scores


_SAID = frozenset({"dit", "dite", "alias", "surnomme", "surnommee"})
