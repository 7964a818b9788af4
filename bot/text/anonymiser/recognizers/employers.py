"""Places of work that identify a person: the proper name of a small business.

"elle travaille chez Boulangerie Lambert à Ciney" tells the network who she is; "elle travaille
dans une boulangerie à Ciney" does not. What goes is the business's own name, after a work
phrase ("travaille chez", "bosse au", "employée de", "stage chez") or after a trade word
("la ferme Dethier", "Garage Renard"); the trade word and the town stay, so the request keeps
its context. Public services, the field's organisations and national chains are context
(config/lexicons/institutions.txt), and so are towns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.model import EMPLOYER, Entity
from bot.text.anonymiser.text import Document, Token, fold_key

# A work phrase, then the preposition and the article that open the place of work.
WORK_CUE = re.compile(
    r"(?:\b(?:travaill\w*|bosse\w*|employee?s?|salariee?s?|embauchee?s?|engagee?s?|stage|"
    r"stagiaire|interim|alternance|apprentissage|apprentie?|pmsmp|immersion|cdd|cdi|cddi|"
    r"contrat|job|poste|licenciee?|commence|commencer|ouvriere?|vendeuse|vendeur|serveuse|"
    r"serveur|caissiere?|aide[\w-]*|agent[\w-]*)\s+(?P<prep>a|au|aux|pour|de|des|du|dans|par)|"
    r"\bchez)\s+(?P<article>l'|(?:la|le|les|une?)\s+)?"
)
# Trade words: a capitalised name right after one is a business ("la ferme Dethier").
TRADES = frozenset(
    [
        "boulangerie",
        "patisserie",
        "boucherie",
        "charcuterie",
        "traiteur",
        "ferme",
        "garage",
        "carrosserie",
        "menuiserie",
        "ebenisterie",
        "plomberie",
        "maconnerie",
        "toiture",
        "societe",
        "entreprise",
        "ets",
        "etablissements",
        "sarl",
        "sprl",
        "srl",
        "sas",
        "magasin",
        "epicerie",
        "superette",
        "restaurant",
        "brasserie",
        "friterie",
        "snack",
        "pizzeria",
        "cafe",
        "hotel",
        "pharmacie",
        "cabinet",
        "agence",
        "atelier",
        "usine",
        "imprimerie",
        "pressing",
        "transports",
        "ehpad",
        "creche",
        "haras",
        "jardinerie",
        "pepiniere",
        "exploitation",
        "nettoyage",
        "coiffure",
        "institut",
        "concession",
    ]
)
_CONNECTORS = frozenset(["de", "du", "des", "la", "le", "les", "l", "d", "et", "&"])
_ARTICLES = frozenset(["les", "le", "la", "l"])
_OPENERS = frozenset(["de", "du", "des", "d"])  # "la ferme du Château", not "menuiserie et Horeca"


class EmployerRecognizer:
    name = "employer"
    entity_type = EMPLOYER

    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def find(self, document: Document) -> Iterator[Entity]:
        tokens = document.tokens
        starts = {token.start: index for index, token in enumerate(tokens)}
        protected = document.tokens_within(self.lex.protected_phrases)
        seen: set[int] = set()
        for match in WORK_CUE.finditer(document.folded):
            index = starts.get(match.end())
            if index is None or index in seen:
                continue
            if match.group("prep") == "a" and not match.group("article"):
                continue  # "caissier à Hénin-Beaumont": a bare "à" opens a town (trades below)
            entity = self._business_at(document, tokens, index, protected, after_cue=True)
            if entity is not None:
                seen.add(index)
                yield entity
        for index, token in enumerate(tokens):
            if token.key in TRADES and index + 1 < len(tokens) and index + 1 not in seen:
                entity = self._business_at(document, tokens, index, protected, after_cue=False)
                if entity is not None:
                    yield entity

    def _business_at(
        self,
        document: Document,
        tokens: list[Token],
        index: int,
        protected: set[int],
        *,
        after_cue: bool,
    ) -> Entity | None:
        """The business name starting at ``tokens[index]`` (after an optional trade word)."""
        position = index
        traded = tokens[position].key in TRADES
        if traded:
            position += 1
        elif not after_cue:
            return None
        article: Token | None = None
        if traded and self._capitalised_article(document, tokens, position):
            article = tokens[position]  # "l'EHPAD Les Glycines"
            position += 1
        name = self._name_run(document, tokens, position, protected, leading=traded)
        if not name:
            return None
        first = tokens[name[0]]
        if not traded and (self.lex.is_given_name(first.key) or first.key in self.lex.titles):
            return None  # "chez Mme Dupont", "chez Karim": a person, found by the names
        named = article is not None  # "restaurant Le Saint-Hubert": a town's name as a sign
        if not named and all(self._context(tokens[i]) or i in protected for i in name):
            return None
        if not traded and (self._context(first) or name[0] in protected):
            return None
        if self._chain(document, tokens, name):
            return None
        start = article.start if article is not None else first.start
        return Entity(EMPLOYER, start, tokens[name[-1]].end, 0.88, self.name)

    def _name_run(
        self,
        document: Document,
        tokens: list[Token],
        position: int,
        protected: set[int],
        *,
        leading: bool = False,
    ) -> list[int]:
        """Capitalised tokens of a business name, with connectors between them (and before
        them after a trade word: "la ferme du Château")."""
        run: list[int] = []
        while position < len(tokens):
            token = tokens[position]
            if position > 0 and not self._near(document, tokens, position):
                break  # "... ce salon. Continuons": a sentence ends between them
            if (token.is_capitalised and not document.mostly_upper) or token.is_upper:
                if run and token.key in self.lex.places:
                    break  # "Garage Renard Dinant" is rare; "… de Dinant" stops below
                run.append(position)
                position += 1
                continue
            joins = token.key in _CONNECTORS if run else leading and token.key in _OPENERS
            if joins and position + 1 < len(tokens):
                following = tokens[position + 1]
                if (
                    following.is_capitalised
                    and not self._context(following)
                    and position + 1 not in protected
                ):
                    position += 1
                    continue
            break
        return run

    def _chain(self, document: Document, tokens: list[Token], name: list[int]) -> bool:
        """A national chain ("Carrefour Market", "McDonald's"): thousands work there."""
        chains = self.lex.chains
        whole = fold_key(document.text[tokens[name[0]].start : tokens[name[-1]].end])
        first = tokens[name[0]].key
        return any(key in chains for key in (whole, first, whole + "'s", first + "'s"))

    def _context(self, token: Token) -> bool:
        """A town, an organisation of the field or a title: never a business's own name."""
        lex = self.lex
        return token.key in lex.places or token.key in lex.institutions or token.key in lex.titles

    @classmethod
    def _capitalised_article(cls, document: Document, tokens: list[Token], position: int) -> bool:
        if position >= len(tokens) or tokens[position].key not in _ARTICLES:
            return False
        return tokens[position].is_capitalised and cls._near(document, tokens, position)

    @staticmethod
    def _near(document: Document, tokens: list[Token], position: int) -> bool:
        gap = document.gap(tokens[position - 1], tokens[position])
        return bool(re.fullmatch(r"[ \t]{1,2}|'|’|[ \t]?&[ \t]?|-", gap))
