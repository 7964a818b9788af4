"""Names in the shapes of team notes: a table typed in chat whose header says which column holds
names (« Nom | Prénom | Date de naissance »), and a list whose items open with a name
(« • Sandra : objectif permis », « • Camélia : cherche une crèche »).

A header is the writer saying what a column is: every word below « Nom » or « Prénom » is a
name, whatever else it could be. A list is weaker evidence: once one item opens with a found
name, the other items opening with a given name (even one that is also a word) or with a word
in no dictionary, before a colon or a bracket, are the other people of the list.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.recognizers.name_actions import ACTION_AFTER
from bot.text.anonymiser.recognizers.name_chat import GREETINGS
from bot.text.anonymiser.recognizers.name_cues import (
    PARTICLES,
    is_relation_word,
)
from bot.text.anonymiser.text import Document, Token, fold_key

NAME_HEADERS = frozenset(
    {
        "nom",
        "noms",
        "prenom",
        "prenoms",
        "nom prenom",
        "prenom nom",
        "nom et prenom",
        "nom/prenom",
        "nom de famille",
        "stagiaire",
        "stagiaires",
        "beneficiaire",
        "personne",
        "salarie",
        "travailleur",
        "qui",
    }
)
# « — trois sœurs — », « (les enfants) », « , ses filles, »: a list's items are people.
PEOPLE_AFTER = re.compile(
    r"^\s*[,(—–-]?\s*(?:(?:ce\s+)?sont\s+)?(?:les|ses|leurs|mes|nos|trois|deux|quatre|des)?\s*"
    r"(?:\d{1,2}\s+|deux\s+|trois\s+|quatre\s+|cinq\s+)?"  # « … sont les 3 enfants de … »
    r"(?:s(?:oe|œ)urs|freres|enfants|filles|fils|cousins|cousines|jumeaux|jumelles|"
    r"stagiaires|salariee?s|beneficiaires|jeunes)\b"
)
BULLET = re.compile(r"[ \t]*(?:[-•*–·>]|\d{1,2}[).]|[a-z][).])[ \t]+")
HEAD_END = re.compile(r"\s*(?::|\(|[-–]\s|,)")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


# What parts a table's cells: typed in chat (« | »), or pasted from a spreadsheet or a
# software's export (a tab, « ; »).
SEPARATORS = ("|", "\t", ";")


def _separator(line: str) -> str | None:
    return next((separator for separator in SEPARATORS if separator in line), None)


def _cells(start: int, line: str, separator: str) -> list[tuple[int, int]]:
    """Spans of a table row's cells, in the text's offsets."""
    spans, begin = [], 0
    for match in re.finditer(re.escape(separator), line):
        spans.append((start + begin, start + match.start()))
        begin = match.end()
    spans.append((start + begin, start + len(line)))
    return spans


def _field_and_value(
    lex: Lexicons, document: Document, cells: list[tuple[int, int]], headers: set[int]
) -> bool:
    """« Nom<tab>MASSON », « Prénom<tab>Émilie »: a form's field and its value, not a header
    row (the value is in capitals, a given name or in no dictionary)."""
    if len(cells) != 2 or headers != {0}:
        return False
    value = document.text[cells[1][0] : cells[1][1]].strip()
    key = fold_key(value)
    return value.isupper() or lex.is_given_name(key) or not lex.is_french_word(key)


def mark_table_names(
    lex: Lexicons, document: Document, tokens: list[Token], mark: Callable[[int, float], None]
) -> None:
    """The words of a table's name columns, under a header that names them (« Nom | Prénom »,
    « nom;prenom;date_naissance » exported from a software, a spreadsheet's tabs)."""
    columns: set[int] | None = None
    width, separator = 0, "|"
    starts = [token.start for token in tokens]
    for start, line in _lines(document.text):
        if separator not in line:
            columns = None
        if columns is None:
            separator = _separator(line) or "|"
            if separator not in line:
                continue
        cells = _cells(start, line, separator)
        headers = {
            i
            for i, (a, b) in enumerate(cells)
            if fold_key(document.text[a:b].strip()) in NAME_HEADERS
        }
        if headers and not _field_and_value(lex, document, cells, headers):
            columns, width = headers, len(cells)
            continue
        if columns is None or len(cells) != width:
            continue
        for column in columns:
            a, b = cells[column]
            for index in range(bisect_left(starts, a), bisect_left(starts, b)):
                if tokens[index].end <= b and tokens[index].text[:1].isalpha():
                    mark(index, 0.9)


def mark_list_names(
    lex: Lexicons,
    document: Document,
    tokens: list[Token],
    scores: dict[int, float],
    mark: Callable[[int, float], None],
) -> None:
    """The other heads of a list in which one item opens with a found name."""
    starts = {token.start: index for index, token in enumerate(tokens)}
    block: list[int] = []
    for start, line in [*_lines(document.text), (len(document.text) + 1, "")]:
        bullet = BULLET.match(line)
        head = starts.get(start + bullet.end()) if bullet else None
        if head is not None:
            block.append(head)
            continue
        if any(index in scores for index in block):
            for index in block:
                if index not in scores and _may_head(lex, document, tokens[index]):
                    mark(index, 0.75)
        block = []


def _may_head(lex: Lexicons, document: Document, token: Token) -> bool:
    if not token.is_title or not HEAD_END.match(document.text, token.end):
        return False
    return lex.is_given_name(token.key) or lex.looks_like_a_name(token.text)


def enumerated_names(
    lex: Lexicons, document: Document, tokens: list[Token], found: dict[int, float]
) -> Iterator[int]:
    """ "Ambre, Iris et Capucine — trois sœurs —": the given names listed with commas before a
    found one that an « et » or an « ou » joins to the next name of the list. When the found
    name is also a word, the list must say its items are people (« Ambre, Jade ou Iris : ce
    sont les noms des salles » stays)."""
    for index in list(found):
        name = tokens[index]
        if not name.is_title or not lex.is_given_name(name.key) or index + 2 >= len(tokens):
            continue
        if tokens[index + 1].key not in {"et", "ou"} or not tokens[index + 2].is_title:
            continue
        if lex.is_ambiguous_name(name.key) and not _people_after(document, tokens[index + 2]):
            continue
        position = index - 1
        while position >= 0 and position not in found:
            candidate = tokens[position]
            if document.gap(candidate, tokens[position + 1]).strip() != ",":
                break
            if not candidate.is_title or not lex.is_given_name(candidate.key):
                break
            if candidate.key in lex.gazetteer or candidate.key in lex.institutions:
                break
            yield position
            position -= 1


def _people_after(document: Document, last: Token) -> bool:
    """After a list of names that are also words, what says they are people: what they do
    (« … sont accueillies ») or what they are to each other (« — trois sœurs — »)."""
    after = document.folded[last.end : last.end + 40]
    return ACTION_AFTER.match(after) is not None or PEOPLE_AFTER.match(after) is not None


# « Omid (12), Sara (8), Yasin (3) »: a name and its age in brackets, as lists of children go.
_AGED_IN_BRACKETS = re.compile(r"[ \t]*\(\d{1,2}(?:[ \t]*ans?)?\)")


def aged_alike(
    lex: Lexicons, document: Document, tokens: list[Token], found: dict[int, float]
) -> Iterator[int]:
    """Capitalised words written like a found name of the same line, with an age in brackets
    after them (« Enfants : Omid (12), Sara (8), Yasin (3) »)."""
    text = document.text
    aged = [i for i in found if _AGED_IN_BRACKETS.match(text, tokens[i].end)]
    if not aged:
        return
    lines = {text.count("\n", 0, tokens[i].start) for i in aged}
    for index, token in enumerate(tokens):
        if index in found or not token.is_title or len(token.text) < 3:
            continue
        if not _AGED_IN_BRACKETS.match(text, token.end):
            continue
        if lex.is_context_word(token.key) and not lex.is_given_name(token.key):
            continue  # « Article 60 (12) »
        if text.count("\n", 0, token.start) in lines:
            yield index


def listed_places(lex: Lexicons, document: Document) -> set[int]:
    """Towns listed together (« Albert, Péronne, Doullens : les transports… »): a town that is
    also a given name is the town when two others of the list are towns and no given names.
    A town followed by a capitalised word is left out (« à Namur, Florence Dupont a dit »)."""
    tokens = document.tokens

    def town(index: int) -> bool:
        token = tokens[index]
        if not token.is_title:
            return False
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if (
            following is not None
            and following.is_capitalised
            and document.gap(token, following) in (" ", "-")
        ):
            return False
        return lex.is_place_as_written(token.text) or token.key in lex.gazetteer

    runs: list[list[int]] = []
    for index, token in enumerate(tokens):
        if not town(index):
            continue
        previous = runs[-1][-1] if runs else None
        if previous == index - 1 and _LIST_GAP.fullmatch(document.gap(tokens[previous], token)):
            runs[-1].append(index)
        else:
            runs.append([index])
    listed = {
        index
        for run in runs
        if sum(not lex.is_given_name(tokens[i].key) for i in run) >= 2
        for index in run
    }
    return listed | _districts(lex, document)


def _districts(lex: Lexicons, document: Document) -> set[int]:
    """« à Lille (Wazemmes) », « Charleroi (Jumet) »: one capitalised word in brackets right
    after a town is its district, not a person (a given name there still needs its clues)."""
    tokens = document.tokens
    found: set[int] = set()
    for index in range(1, len(tokens)):
        town, word = tokens[index - 1], tokens[index]
        if document.gap(town, word) != " (" or not word.is_title:
            continue
        closes = document.text[word.end : word.end + 1] == ")"
        placed = lex.is_place_as_written(town.text) or town.key in lex.gazetteer
        if closes and placed and town.is_title and not lex.is_given_name(word.key):
            found.add(index)
    return found


_LIST_GAP = re.compile(r"\s*[,/]\s*|\s+(?:et|ou)\s+")


def chains_after_chez(lex: Lexicons, document: Document) -> set[int]:
    """A national chain after « chez », « via » or « pour » (« elle a postulé chez Zara »): the
    shop, not a person, even when it is also a given name; not with a surname after it, but
    with the town of its branch (« chez McDonald's Louvroil »)."""
    tokens = document.tokens
    found: set[int] = set()
    for index in range(1, len(tokens)):
        if tokens[index].key not in lex.chains or tokens[index - 1].key not in _SHOP_BEFORE:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or not following.is_title:
            found.add(index)
        elif _branch_town(lex, document, tokens[index], following):
            found |= {index, index + 1}
    chain = document.tokens_within(lex.chain_phrases)
    for index in chain:
        after = index + 1
        beside = after < len(tokens) and after not in chain
        if beside and _branch_town(lex, document, tokens[index], tokens[after]):
            found.add(after)
    return found


def _branch_town(lex: Lexicons, document: Document, chain: Token, token: Token) -> bool:
    """A town right after a chain's name, in the same phrase (« Lidl Mouscron »; not « … chez
    Lidl. Beaumont, son mari, … », a surname that is also a town)."""
    if document.gap(chain, token) != " " or not token.is_title:
        return False
    return token.key in lex.gazetteer and not lex.is_given_name(token.key)


_SHOP_BEFORE = frozenset({"chez", "via", "pour"})


# What closes a record typed in chat after the given name: a comma, a full stop, an age, a
# phone, « et » and the next person (« petit jeremy 19ans », « el amrani fatima, 0478… »).
RECORD_AFTER = re.compile(r"[ \t]*(?:[,.;:(/]|$|\d|(?:et|tel|gsm|ne|nee)\b)")
# Words that open a chat message before a given name without being a surname.
NOT_FIRST = GREETINGS | frozenset(
    [
        "merci",
        "bravo",
        "slt",
        "bjr",
        "cc",
        "re",
        "ok",
        "alors",
        "donc",
        "mais",
        "et",
        "ou",
        "avec",
        "pour",
        "chez",
        "voila",
        "voici",
        "hier",
        "demain",
        "rdv",
        "vu",
        "appeler",
    ]
)


def mark_surnames_typed_first(
    lex: Lexicons,
    document: Document,
    tokens: list[Token],
    scores: dict[int, float],
    mark: Callable[[int, float], None],
) -> None:
    """A surname typed before the given name at the start of a chat message or a line, in
    lower case, even one that is a word (« boulanger kevin et lenoir sarah », « van der linden
    kevin, gsm … », « leroy, pierre-yves. 44 ans »); not a greeting or a relation word."""
    for index in list(scores):
        given = tokens[index]
        if index == 0 or not given.is_lower or not lex.is_given_name(given.key):
            continue
        if not RECORD_AFTER.match(document.folded, given.end):
            continue
        surname = tokens[index - 1]
        gap = document.gap(surname, given)
        if not (gap in {" ", "\t"} or (gap == ", " and not lex.is_context_word(surname.key))):
            continue
        run = [index - 1]
        while run[0] > 0 and tokens[run[0] - 1].key in PARTICLES and tokens[run[0] - 1].is_lower:
            if document.gap(tokens[run[0] - 1], tokens[run[0]]) != " ":
                break
            run.insert(0, run[0] - 1)
        if _opens_a_line(document, tokens[run[0]]) and _may_be_a_surname(lex, surname):
            for part in run:
                mark(part, 0.75)


def _opens_a_line(document: Document, token: Token) -> bool:
    before = document.text[: token.start].rstrip(" \t-•*")
    return before == "" or before.endswith("\n")


def _may_be_a_surname(lex: Lexicons, token: Token) -> bool:
    key = token.key
    return (
        token.is_lower
        and len(key) >= 3
        and key not in NOT_FIRST
        and key not in PARTICLES
        and key not in lex.titles
        and key not in lex.institutions
        and not is_relation_word(key)
    )
