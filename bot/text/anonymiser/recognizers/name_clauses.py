"""Where a word stands in its sentence: the first word of a sentence or of a clause opened by a
conjunction (« mtn que victoire a signé »), whom a chat request is for (« pour pierre: … »), and
the first name of a list (« olive, rose et mehmet »)."""

from __future__ import annotations

import re

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.recognizers.name_cues import NEVER_SURNAMES
from bot.text.anonymiser.text import Document, Token

# Whom a request is about, typed in chat: « pour pierre: il drache… », « c pr constant, il
# touche l'AAH » (at the very start, or after « c'est »), before a colon or a comma; or at a
# sentence's start before what is to be done for them: « pour aime il faudrait un rdv », « pr
# fidele faut voir avec la caf », « pr prosper et sa soeur ».
FOR_SOMEONE_BEFORE = re.compile(r"(?:^\s*|\bc'?\s?est\s+|\bc\s+)(?:pour|pr)\s+$")
FOR_SOMEONE_AFTER = re.compile(r"\s*[,:]")
_FOR_AT_START = re.compile(r"(?:^|[.!?\n]\s*)(?:pour|pr)\s+$")
_FOR_WHAT_AFTER = re.compile(
    r"\s+(?:il|elle|ils|elles|on|je|j'|jai|faut|il\s+faut)\b|\s+et\s+(?:son|sa|ses)\s"
)


def for_someone(document: Document, token: Token, before: str) -> bool:
    """Whether ``token`` is typed as whom the request is for (``before``: the folded text
    before it)."""
    if FOR_SOMEONE_BEFORE.search(before) and FOR_SOMEONE_AFTER.match(document.text, token.end):
        return True
    opening = document.text[max(0, token.start - 8) : token.start].lower()
    after = document.folded[token.end : token.end + 60]
    return bool(_FOR_AT_START.search(opening) and _FOR_WHAT_AFTER.match(after))


# The very start of the text or of a sentence ended by a full stop, a question or a line break,
# or after a colon (« urgence : claire n'a plus de gaz »); or a clause opened by a conjunction,
# whose subject comes next (« mtn que victoire a signé »).
_OPENS_TEXT_OR_SENTENCE = re.compile(r"(?:^|[.!?\n:])\s*$")
_OPENS_A_CLAUSE = re.compile(r"\b(?:que|quand|lorsque|puisque|pcq)\s+$")


def opens_a_clause(document: Document, token: Token) -> bool:
    """Whether ``token`` is the first word of a sentence or of a clause after a conjunction."""
    if _OPENS_TEXT_OR_SENTENCE.search(document.text[max(0, token.start - 6) : token.start]):
        return True
    return bool(_OPENS_A_CLAUSE.search(document.window_before(token.start, 12)))


_LIST_COMMA = re.compile(r"[ \t]*,[ \t]*")


def listed_before(
    lex: Lexicons, document: Document, tokens: list[Token], found: dict[int, float], index: int
) -> bool:
    """ "olive, rose et mehmet": a given name, even one that is a word, right before the found
    name ``tokens[index]`` in a list of names that goes on with a comma and ends with « et » and
    another found name, written in the same case."""
    if index < 1 or index + 2 >= len(tokens) or index - 1 in found or index + 2 not in found:
        return False
    candidate, name, word = tokens[index - 1], tokens[index], tokens[index + 1]
    return (
        word.text == "et"  # (« Rose, Violette ou Garance » name colours as often as people)
        and bool(_LIST_COMMA.fullmatch(document.gap(candidate, name)))
        and lex.is_given_name(candidate.key)
        and candidate.is_lower == name.is_lower
        and candidate.key not in NEVER_SURNAMES
    )


_LAWYER_BEFORE = re.compile(
    r"\b(?:avocate?s?|notaire|huissiere?|c'est|administrat(?:eur|rice)(?:\s+de\s+biens)?|"
    r"curat(?:eur|rice)|mandataire|mediat(?:eur|rice)(?:\s+de\s+dettes)?)\s*[(:,]?\s*$"
)
_LAWYER_AFTER = re.compile(r"\s*,\s*(?:l'|son\s+|sa\s+)?(?:avocate?|notaire|huissiere?)\b")


def typed_title(lex: Lexicons, document: Document, title: Token, token: Token) -> bool:
    """A title typed in chat that is also a word: « m. » with its full stop (`dotted_m`), and
    « me » (Maître, also a pronoun) beside a lawyer's or a bailiff's trade (« son avocate me
    dubreucq », « c'est me dubois, avocat »)."""
    if title.key == "m":
        return dotted_m(lex, document, title, token)
    if title.key != "me" or not token.is_lower:
        return False
    before = document.window_before(title.start, 40)
    return bool(_LAWYER_BEFORE.search(before) or _LAWYER_AFTER.match(document.folded, token.end))


def dotted_m(lex: Lexicons, document: Document, title: Token, token: Token) -> bool:
    """« m. » with its full stop typed as « Monsieur » in chat: before a word no dictionary
    knows (« m. zouyira »), or before any word set apart by a comma (« le patron, m. jacquet,
    veut… »), never after a number (« à 3 m. du sol »)."""
    if not document.gap(title, token).startswith("."):
        return False
    if lex.looks_like_a_name(token.text):
        return True
    measured = re.search(r"\d\s*$", document.text[max(0, title.start - 3) : title.start])
    return document.text[token.end : token.end + 1] == "," and not measured


_ROLE_TITLES = frozenset({"professeur", "prof", "docteur", "maitre"})


def role_word_after(lex: Lexicons, title: Token, token: Token) -> bool:
    """A word in lower case after a title that is a role, not a civility: the role's own
    qualifier (« professeur principal »), where « madame boulanger » names someone."""
    return title.key in _ROLE_TITLES and token.is_lower and lex.is_french_word(token.key)
