"""What the employer recognizer knows of single words (a chain, a town, a word of context, how
close two words stand), and its two passes that need no work phrase: a business's name written
before its legal form (« via Sambre Contact SRL »), and a business named again elsewhere in the
text in another casing."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import EMPLOYER, Entity
from bot.text.anonymiser.recognizers.employer_cues import (
    ARTICLES,
    CONNECTORS,
    ESTABLISHMENTS,
    LEGAL_FORMS,
    LOWER_SIGN_OPENERS,
    NAME_LEGAL_FORMS,
    NOT_KIND,
    ORGANISATION_TRADES,
    SECTORS,
    SHORT_LEGAL_FORMS,
    TRADES,
    is_trade,
)
from bot.text.anonymiser.text import Document, Token, fold_key

# What describes a sign set apart before it: « , une petite ferme maraîchère », « , un garage ».
_DESCRIBED = re.compile(
    r"[ \t]*,[ \t]*(?:une?|notre|leur)\s+(?:(?:petite?|grande?|jeune|vieille|nouvelle?)\s+)?"
    r"(?P<kind>[a-z][\w-]*)"
)
# Kinds that describe an organisation as well as a business (« La Sambrienne, une société de
# logement », « La Ressourcerie, une entreprise d'insertion »): they do not make a sign one.
_NOT_DESCRIBING = ORGANISATION_TRADES | frozenset(
    ["societe", "entreprise", "cooperative", "scop", "scic", "agence", "cabinet", "institut",
     "exploitation", "ets", "etablissements", "atelier"]
)  # fmt: skip

_NAME = r"[A-ZÀ-Ý][\w'’-]+"
# « Les Frères Ramos », « Dubois & Fils », « Lambert Frères »: a family's firm.
FAMILY_FIRM = re.compile(
    rf"\b(?:[Ll]es\s+)?Fr[èe]res\s+(?P<after>{_NAME}(?:\s+{_NAME})?)"
    rf"|\b(?P<before>{_NAME})\s+(?:(?:&|et|ET)\s+(?:[Ff]ils|FILS|[Cc]ie|CIE|[Ff]r[èe]res)|&\s*(?:Co|CO)"
    rf"|Fr[èe]res|FR[ÈE]RES)\b"
)
# Words of a trade after an owner's name typed in chat: « chez vandeputte transport ».
OWNER_TRADES = frozenset(
    ["transport", "transports", "services", "construction", "constructions", "batiment",
     "renovation", "multiservices", "jardins", "auto", "autos", "pneus", "toitures", "bois",
     "construct", "clean", "cleaning", "bouw"]
)  # fmt: skip


# What a family firm's name carries after it: « & Fils », « & Co », « Frères », « et frères »
# (« Wattiez & Fils »,
# « Rocha Frères »). A legal form stays, before the name or after it (« SPRL », « asbl »), as the
# trade word does: it says what kind of business it is and no more.
FAMILY_AFTER = re.compile(
    r"[ \t]*(?:&|et)[ \t]*(?:[Ff]ils|FILS|[Cc]o|CO|[Cc]ie|CIE|[Ff]r[èe]res|FR[ÈE]RES|[Ff]illes)\b"
    r"|[ \t]+(?:[Ff]r[èe]res|FR[ÈE]RES)\b"
)


# What a business's name may carry at its edges that says only what kind of business it is.
KINDS = TRADES | SECTORS | ESTABLISHMENTS | LEGAL_FORMS
_SIGN_WORD = re.compile(r"[^\W\d_][\w'’&+-]*")
_ACRONYM = re.compile(r"[A-Z]{2,6}")


def without_kinds(text: str, entity: Entity, lex: Lexicons | None = None) -> Entity:
    """``entity`` without the trade words before it, which are context (« Propreté
    [EMPLOYEUR] »), never emptied nor left a town alone (« SARL Paysages Wattrelos » is the
    sign); for a quoted sign (no ``lex``), without the legal forms after it too (« 'nettoyage
    [EMPLOYEUR] sprl' »): a business named before its legal form takes it (« via Sambre
    Contact SRL »)."""
    words = list(_SIGN_WORD.finditer(text, entity.start, entity.end))
    first, last = 0, len(words) - 1
    while first < last and fold_key(words[first].group()) in KINDS:
        first += 1
    while lex is None and last > first and fold_key(words[last].group()) in LEGAL_FORMS:
        last -= 1
    if not words or (first == 0 and last == len(words) - 1):
        return entity
    rest = [fold_key(w.group()) for w in words[first : last + 1]]
    if lex is not None and all(key in lex.places or key in lex.gazetteer for key in rest):
        return entity
    start = entity.start if first == 0 else words[first].start()
    end = entity.end if last == len(words) - 1 else words[last].end()
    return Entity(entity.type, start, end, entity.score, entity.recognizer)


def with_family(text: str, entity: Entity) -> Entity:
    """``entity`` with the « & Fils » or « Frères » written after the name."""
    after = FAMILY_AFTER.match(text, entity.end)
    if after is None:
        return entity
    return Entity(EMPLOYER, entity.start, after.end(), entity.score, entity.recognizer)


class EmployerWords:
    name = "employer"

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def _family_firms(self, document: Document) -> Iterator[Entity]:
        """A family's firm (« Les Frères Ramos », « Dubois & Fils », « Lefort & Cie ») and an
        owner's name typed in lower case before a trade after « chez » (« chez vandeputte
        transport »)."""
        lex = self.lex
        for match in FAMILY_FIRM.finditer(document.text):
            group = "after" if match.group("after") else "before"
            key = fold_key(match.group(group))
            if key in lex.institutions or key in lex.chains or key in lex.titles:
                continue
            if group == "before" and lex.is_given_name(key):
                continue
            yield Entity(EMPLOYER, match.start(group), match.end(group), 0.88, self.name)
        tokens = document.tokens
        for index in range(1, len(tokens) - 1):
            owner, trade = tokens[index], tokens[index + 1]
            if tokens[index - 1].key != "chez" or trade.key not in OWNER_TRADES:
                continue
            if (
                owner.is_lower
                and len(owner.key) >= 4
                and lex.looks_like_a_name(owner.text)
                and owner.key not in lex.gazetteer
                and not lex.is_given_name(owner.key)
            ):
                yield Entity(EMPLOYER, owner.start, owner.end, 0.88, self.name)

    def _described_signs(
        self, document: Document, tokens: list[Token], protected: set[int]
    ) -> Iterator[Entity]:
        """A sign that the text describes as a business right after it, set apart by a comma
        (« Le Potager des Coquelicots, une petite ferme maraîchère à Tubize, prend … »): its
        capitalised article, then capitalised words and connectors, up to six words."""
        for index, token in enumerate(tokens):
            if token.key not in ARTICLES or not token.is_capitalised:
                continue
            end = index + 1
            while end < len(tokens) and end - index <= 6 and self._near(document, tokens, end):
                word = tokens[end]
                if not (word.is_capitalised or word.key in CONNECTORS):
                    break
                end += 1
            name = range(index + 1, end)
            if not name or not tokens[name[-1]].is_capitalised:
                continue
            described = _DESCRIBED.match(document.folded, tokens[name[-1]].end)
            kind = described and described.group("kind")
            if not kind or kind not in TRADES | SECTORS or kind in _NOT_DESCRIBING:
                continue
            if any(tokens[i].key in self.lex.institutions or i in protected for i in name):
                continue  # « Les Petits Riens, une asbl » is the field's
            if self._chain(document, tokens, list(name)):
                continue
            yield Entity(EMPLOYER, token.start, tokens[name[-1]].end, 0.88, self.name)

    def _initials(self, word: str) -> bool:
        """Initials of the business, not its legal form or a body of the field (« (ASBL, 25
        lits) », « (CPAS, …) »)."""
        key = fold_key(word)
        return key not in LEGAL_FORMS and key not in self.lex.institutions

    def _with_acronym(self, entity: Entity, acronym: re.Match[str]) -> Entity:
        """The name with its initials in brackets, or with the last word the run left when the
        bracket goes on (the bracket's other words are found apart)."""
        if acronym.group("close") == ")":
            end = acronym.end()
        else:
            end = acronym.end("last") if acronym.group("last") else entity.end
        return Entity(EMPLOYER, entity.start, end, entity.score, self.name)

    def _elsewhere(
        self, document: Document, found: list[Entity], acronyms: Collection[str] = ()
    ) -> Iterator[Entity]:
        """A business named once is named again in any casing (« PÂTISSERIE MEUNIER … chez
        meunier », « Café des Sports … au café des sports »): every other whole-word mention
        of its name goes too, and of the initials given in brackets after it, in capitals
        (« Logistique Côte d'Opale (LCO) … LCO lui propose un CDI »)."""
        names = {fold_key(document.text[e.start : e.end]) for e in found}
        taken = {(e.start, e.end) for e in found}
        written = {document.text[e.start : e.end] for e in found}
        # a business found by its initials alone (« bosse chez TLD ») is them wherever they come
        acronyms = {*acronyms, *(w for w in written if _ACRONYM.fullmatch(w) and self._initials(w))}
        for acronym in sorted(acronyms):  # (legal forms and bodies of the field left out)
            for match in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", document.text):
                if not any(start <= match.start() < end for start, end in taken):
                    yield Entity(EMPLOYER, match.start(), match.end(), 0.55, self.name)
        for name in sorted(n for n in names if len(n) >= 4):
            if name in self.lex.chains or name in self.lex.institutions:
                continue
            pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
            for match in pattern.finditer(document.folded):
                if match.span() not in taken:
                    # (Below a name found there: « patrick dewailly » stays a person.)
                    yield Entity(EMPLOYER, match.start(), match.end(), 0.55, self.name)

    def _before_legal_forms(
        self, document: Document, tokens: list[Token], protected: set[int]
    ) -> Iterator[Entity]:
        """A business's name written before its legal form, wherever it stands (« via Sambre
        Contact SRL », « un sous-traitant, Clean Rail Services SA », « chez cristal net
        sprl »): up to four words, all capitalised or all typed in lower case, back to a word
        that opens the phrase (« chez », « pour », an article, a trade word, a bracket). The
        legal form goes with the name; a chain or an organisation of the field stays."""
        for index, token in enumerate(tokens):
            if index == 0 or token.key not in NAME_LEGAL_FORMS:
                continue
            if token.key in SHORT_LEGAL_FORMS and (not token.is_upper or document.mostly_upper):
                continue  # "sa fille", "sc": only « SA », « SC » in capitals, in a text that is not
            run = self._words_before(document, tokens, index, protected)
            if not run:
                continue
            first = tokens[run[0]]
            traded = run[0] > 0 and tokens[run[0] - 1].key in TRADES  # « garage martin sprl »
            lex = self.lex
            if lex.is_given_name(first.key) and not lex.is_ambiguous_name(first.key) and not traded:
                continue  # "Karim SA…": rare, and names are found by the names
            if first.key in lex.titles or self._chain(document, tokens, run):
                continue
            if all(self._context(tokens[i]) or self._town(tokens[i]) for i in run):
                continue
            yield Entity(EMPLOYER, first.start, token.end, 0.88, self.name)

    def _words_before(
        self, document: Document, tokens: list[Token], index: int, protected: set[int]
    ) -> list[int]:
        run: list[int] = []
        lower = tokens[index - 1].is_lower
        position = index - 1
        while position >= 0 and len(run) < 4:
            token = tokens[position]
            if not self._near(document, tokens, position + 1) or position in protected:
                break
            if lower:
                if not token.is_lower or token.key in NOT_KIND | CONNECTORS | TRADES:
                    break
                if token.key in {"chez", "via", "pour"}:
                    break
            elif not (token.is_capitalised or token.is_upper) or token.key in TRADES:
                break
            run.insert(0, position)
            position -= 1
        if lower and run and not self._opened(document, tokens, position, run[0]):
            return []  # "ils font du ménage sprl…": a sign typed in chat needs its opener
        return run

    @staticmethod
    def _opened(document: Document, tokens: list[Token], before: int, first: int) -> bool:
        """Whether a word or a sign (« chez », « pour », an article, a trade word, a quote or a
        bracket) opens the name starting at ``tokens[first]``."""
        if before < 0:
            return True
        gap = document.gap(tokens[before], tokens[first])
        opener = tokens[before].key
        return opener in LOWER_SIGN_OPENERS or opener in TRADES or any(c in gap for c in '«"“(')

    def _with_sector(self, tokens: list[Token], index: int, name: list[int]) -> list[int]:
        """« SARL Paysages Wattrelos »: a sector and a town alone after a trade are the sign."""
        skipped = range(index + 1, name[0])
        if skipped and all(is_trade(tokens[i]) for i in skipped):
            return [*skipped, *name] if all(self._where(tokens[i]) for i in name) else name
        return name

    def _a_scheme(self, document: Document, trade: Token, entity: Entity) -> bool:
        """A sector and ordinary words with no work phrase before them are a scheme's name
        (« Demande d'aide Chauffage Solidaire »), not a business's."""
        if trade.key in TRADES:
            return False
        words = re.findall(r"[^\W\d_]+", document.text[entity.start : entity.end])
        return all(self.lex.is_french_word(fold_key(word)) for word in words)

    def _apposed_trade(
        self, document: Document, tokens: list[Token], index: int, protected: set[int]
    ) -> Entity | None:
        """ "(Pharmacie du Centre, Soissons)": set apart as a name, a trade word and common
        words are a sign too; only a town or an organisation after the trade word is context."""
        lex = self.lex
        name: list[int] = []
        position = index + 1
        while position < len(tokens) and self._near(document, tokens, position):
            token = tokens[position]
            # "du Centre", "de la Gare": after an article, a place's name is the sign's own.
            named = tokens[position - 1].key in {"du", "des", "la", "le", "les"}
            if token.is_capitalised and (named or token.key not in lex.places):
                name.append(position)
            elif token.is_capitalised or token.key not in CONNECTORS:
                break
            position += 1
        if not name or all(tokens[i].key in lex.institutions for i in name):
            return None
        return Entity(EMPLOYER, tokens[name[0]].start, tokens[name[-1]].end, 0.88, self.name)

    def _owner_town(self, document: Document, tokens: list[Token], name: list[int]) -> bool:
        """« chez Menuiserie Bouillon à Braine-le-Comte »: a town's name right after the trade
        word, then « à » and another town, is the owner's name, not where the sign stands."""
        after = name[-1] + 2
        return (
            len(name) == 1
            and self._place(tokens[name[0]])
            and after < len(tokens)
            and tokens[name[-1] + 1].key == "a"
            and document.gap(tokens[name[-1]], tokens[name[-1] + 1]) == " "
            and tokens[after].is_capitalised
            and self._place(tokens[after])
        )

    def _where(self, token: Token) -> bool:
        """After « de », a town says where the business stands (« épicerie solidaire de
        Longueau »), and so does a word of context; « du Nord » is the name's own."""
        return self._context(token) or self._town(token)

    def _place(self, token: Token) -> bool:
        return token.key in self.lex.places or self._town(token)

    def _town(self, token: Token) -> bool:
        return token.key in self.lex.gazetteer

    def _contracted(self, tokens: list[Token], position: int) -> bool:
        """A capitalised word after « du » or « des » that is not a town: part of a sign
        (« du Nord », « des Flandres »), where « de Dinant » says where the sign stands."""
        token = tokens[position]
        return (
            position > 0
            and tokens[position - 1].key in {"du", "des"}
            and not self._town(token)
            and token.key not in self.lex.institutions
        )

    def _chain(self, document: Document, tokens: list[Token], name: list[int]) -> bool:
        """A national chain ("Carrefour Market", "McDonald's"): thousands work there."""
        chains = self.lex.chains
        whole = fold_key(document.text[tokens[name[0]].start : tokens[name[-1]].end])
        first, last = tokens[name[0]].key, tokens[name[-1]].key
        if whole in chains or whole + "'s" in chains:
            return True
        if set(name) <= document.tokens_within(self.lex.chain_phrases):
            return True  # « Kuehne+Nagel », « Optic 2000 »: the chain's name goes on
        # (A chain's name first: « Lidl Mouscron », « McDonald's Petite-Synthe » say where;
        # with its own legal form, « Speedy Colis SRL » is a small firm's name.)
        if first in chains or first + "'s" in chains:
            rest = [*name[1:], name[-1] + 1] if name[-1] + 1 < len(tokens) else name[1:]
            return not any(tokens[i].key in NAME_LEGAL_FORMS for i in rest)
        # "l'AD Delhaize de Ciney": a franchise's initials before the chain's name.
        return last in chains and all(len(tokens[i].text) <= 3 for i in name[:-1])

    def _word(self, token: Token) -> bool:
        """A common word: in a text typed in capitals, "ENTREPRISE D'INSERTION" is no name."""
        return token.key in self.lex.common_words or self._context(token)

    def _typed_word(self, token: Token) -> bool:
        """In a text typed in capitals, a word of the dictionary too (« EPICERIE SOLIDAIRE »)."""
        return self._word(token) or self.lex.is_french_word(token.key)

    def _context(self, token: Token) -> bool:
        """A town, an organisation of the field or a title: never a business's own name."""
        lex = self.lex
        return token.key in lex.places or token.key in lex.institutions or token.key in lex.titles

    @classmethod
    def _capitalised_article(cls, document: Document, tokens: list[Token], position: int) -> bool:
        if position >= len(tokens) or tokens[position].key not in ARTICLES:
            return False
        return tokens[position].is_capitalised and cls._near(document, tokens, position)

    def _sign_article(self, document: Document, tokens: list[Token], position: int) -> bool:
        """The article of a sign after its trade word: « l'EHPAD Les Glycines », and in lower
        case before a capitalised name (« au kebab le Bosphore »), not before a town."""
        if self._capitalised_article(document, tokens, position):
            return True
        following = position + 1
        return (
            following < len(tokens)
            and tokens[position].key in ARTICLES
            and tokens[position].is_lower
            and tokens[following].is_title
            and not self._context(tokens[following])
            and not self._town(tokens[following])
            and self._near(document, tokens, position)
            and self._near(document, tokens, following)
        )

    @staticmethod
    def _near(document: Document, tokens: list[Token], position: int) -> bool:
        gap = document.gap(tokens[position - 1], tokens[position])
        return bool(re.fullmatch(r" {1,2}|'|’| ?& ?|-", gap))  # (a tab parts a table's cells)
