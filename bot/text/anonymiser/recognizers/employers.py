"""Places of work that identify a person: the proper name of a small business.

"elle travaille chez Boulangerie Lambert à Ciney" tells the network who she is; "elle travaille
dans une boulangerie à Ciney" does not. What goes is the business's own name, after a work phrase
("travaille chez", "bosse au", "employée de", "stage chez") or a trade word ("la ferme Dethier",
"Garage Renard"); the trade word and the town stay as context, and so do public services, the
field's organisations (institutions.txt), national chains, creditors and suppliers (chains.txt)
and the organisation after « chez » behind a customer's word (« un crédit chez … »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.model import EMPLOYER, Entity
from bot.text.anonymiser.recognizers.employer_cues import (
    ACRONYM_AFTER,
    APPOSITION,
    ARTICLES,
    CONNECTORS,
    EMPLOYER_BRACKET,
    ESTABLISHMENTS,
    IDENTIFIER_NAMES,
    KIND_WORDS,
    LEGAL_FORMS,
    NOT_KIND,
    OPENERS,
    ORGANISATION_TRADES,
    OWNER_STOPS,
    SAINT,
    TOWN_NEXT,
    TRADES,
    WORK_CUE,
    article_after,
    customer_before,
    glued,
    is_trade,
    kind_missing,
    lower_named_sign,
    lower_sign,
    past_trades,
    sector_after,
    workplace_before,
)
from bot.text.anonymiser.recognizers.employer_cues import (
    PUBLIC_PLACES as PUBLIC,
)
from bot.text.anonymiser.recognizers.employer_words import EmployerWords, with_family, without_kinds
from bot.text.anonymiser.text import Document, Token, fold_key

# The groups of `WORK_CUE` that hold the word opening the place of work.
CUE_GROUPS = ("prep", "role_prep", "signed", "by", "lived", "field", "apposed", "former", "hr")


class EmployerRecognizer(EmployerWords):
    entity_type = EMPLOYER

    def find(self, document: Document) -> Iterator[Entity]:
        found: list[Entity] = []
        acronyms: set[str] = set()
        for entity in self._find(document):
            acronym = ACRONYM_AFTER.match(document.text, entity.end)
            if acronym is not None and self._initials(acronym.group("acronym")):
                # "Sécurité Gardiennage Nord (SGN)": its initials too
                acronyms.add(acronym.group("acronym"))
                found.append(self._with_acronym(entity, acronym))
                if acronym.group("close") == ",":  # « (NIH SA, La Louvière) »: the town stays
                    end = acronym.end("form") if acronym.group("form") else acronym.end("acronym")
                    found.append(Entity(EMPLOYER, acronym.start("acronym"), end, 0.88, self.name))
            else:
                found.append(entity)
        for entity in [*found, *self._elsewhere(document, found, acronyms)]:
            yield with_family(document.text, without_kinds(document.text, entity, self.lex))

    def _find(self, document: Document) -> Iterator[Entity]:
        tokens = document.tokens
        starts = {token.start: index for index, token in enumerate(tokens)}
        protected = document.tokens_within(self.lex.protected_phrases)
        seen: set[int] = set()
        for match in WORK_CUE.finditer(document.folded):
            index = starts.get(match.end())
            if index is None or index in seen:
                continue
            prep = next(filter(None, match.group(*CUE_GROUPS)), "")
            if prep == "a" and not match.group("article"):
                continue  # "caissier à Hénin-Beaumont": a bare "à" opens a town (trades below)
            if match.group().startswith("chez") and customer_before(document, match.start()):
                continue
            entity = self._business_at(document, tokens, index, protected, after_cue=True)
            indefinite = (match.group("article") or "").strip() in {"un", "une"}
            role = match.group("role_prep") and not self._named(tokens, index)
            as_role = match.group("role_prep") or match.group("as_role")
            if entity is not None and (role or (indefinite and as_role)):
                continue  # "animatrice à la Maison de jeunes", "secrétaire pour une PME"
            if entity is not None:
                seen.add(index)
                yield entity
        for index in self._appositions(document, tokens, protected):
            if index not in seen:
                seen.add(index)
                entity = self._apposed_name(document, tokens, index, protected)
                if entity is not None:
                    yield entity
        yield from self._family_firms(document)
        yield from self._described_signs(document, tokens, protected)
        yield from self._before_legal_forms(document, tokens, protected)  # the longer wins
        for index, token in enumerate(tokens):
            if is_trade(token) and index + 1 < len(tokens) and index + 1 not in seen:
                entity = self._business_at(document, tokens, index, protected, after_cue=False)
                if entity is not None and token.key in ORGANISATION_TRADES:
                    # "vers l'ASBL Article 27": an association is a workplace after a cue, or
                    # when its name is a sign (« l'asbl Terre & Racines (potager à Herstal) »).
                    named = "&" in document.text[entity.start : entity.end]
                    if not (named or TOWN_NEXT.match(document.text, entity.end)):
                        continue
                if entity is not None and not self._a_scheme(document, token, entity):
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
        kept = after_cue and tokens[index].key in ESTABLISHMENTS  # where the person works
        traded = kept or is_trade(tokens[index])
        if traded and kind_missing(tokens, index):
            return None  # « la clinique Edith Cavell »: a hospital named after someone
        position = past_trades(tokens, index) if traded else index
        if not traded and not after_cue:
            return None
        article: Token | None = None
        if traded:
            position = self._after_kind(document, tokens, position)
        if traded and self._sign_article(document, tokens, position):
            article = tokens[position]  # "l'EHPAD Les Glycines"
            position += 1
        name = self._name_run(document, tokens, position, protected, leading=traded)
        sign = None if name or not traded else lower_sign(self.lex, tokens, index, protected)
        if sign is not None:
            name = [sign]  # "chez garage lemaire", "la boulangerie dupuis" typed in chat
        elif traded and not name and after_cue:
            name = lower_named_sign(tokens, index, protected) or []  # "chez snack le gourmand"
        elif not name and after_cue and self._owner_typed_in_chat(tokens, index, protected):
            name = [index]  # "ma stagiaire bosse chez dumont à marche": the owner's business
        if not name:
            return None
        name = self._with_sector(tokens, index, name) if traded else name
        first = tokens[name[0]]
        if not traded and (self.lex.is_given_name(first.key) or first.key in self.lex.titles):
            return None  # "chez Mme Dupont", "chez Karim": a person, found by the names
        if not after_cue and all(SAINT.match(tokens[i].key) for i in name):
            return None  # "la garderie de l'école Saint-Joseph": a parish's or a school's name
        # "restaurant Le Saint-Hubert": a town's name as a sign; « collège Jean Jaurès »
        named = article is not None or kept or self._owner_town(document, tokens, name)
        if tokens[name[0] - 1].key in {"de", "d"} and all(self._town(tokens[i]) for i in name):
            return None  # "une entreprise d'insertion de Grande-Synthe": where it stands
        if not named and all(self._context(tokens[i]) or i in protected for i in name):
            return None
        if not traded and (self._context(first) or name[0] in protected or first.key in PUBLIC):
            return None  # a town, the field's body; « au Marché de Wazemmes », a public place
        if self._chain(document, tokens, name):
            return None
        if (
            article is None
            and name[0] > 1
            and self._capitalised_article(document, tokens, name[0] - 1)
        ):
            article = tokens[name[0] - 1]  # "chez Les P'tits Loups": the article is the name's
        between = range(index + 1, name[0])
        if traded and article is None and all(tokens[i].key in CONNECTORS for i in between):
            name = [*between, *name]  # "la ferme du Try-au-Chêne": "du" is the name's
        start = article.start if article is not None else tokens[name[0]].start
        return Entity(EMPLOYER, start, tokens[name[-1]].end, 0.88, self.name)

    def _owner_typed_in_chat(self, tokens: list[Token], index: int, protected: set[int]) -> bool:
        """After « chez », a lower-case word in no lexicon: the surname a business goes by."""
        token, lex = tokens[index], self.lex
        if index + 1 < len(tokens):
            following = tokens[index + 1]
            goes_on = following.start - token.end <= 1 and following.is_lower
            if goes_on and following.key not in OWNER_STOPS and not sector_after(tokens, index):
                return False  # "chez clean services sarl": the sign goes on (found apart)
        return (
            index > 0
            and tokens[index - 1].key == "chez"
            and index not in protected
            and token.is_lower
            and len(token.text) >= 3
            and lex.looks_like_a_name(token.text)
            and token.key not in lex.gazetteer
            and token.key not in lex.chains
            and not lex.is_given_name(token.key)
        )

    def _named(self, tokens: list[Token], index: int) -> bool:
        """After a work noun, a business's own name: a trade word or a word in no dictionary
        first ("plongeur au restaurant X", "chauffeur pour Transports X", "pour Lhoist")."""
        first = tokens[index]
        return (
            first.key in TRADES
            or first.key in ESTABLISHMENTS
            or not self.lex.is_french_word(first.key)
        )

    def _after_kind(self, document: Document, tokens: list[Token], position: int) -> int:
        """The position after the lower-case words that say the trade's kind, when a
        capitalised name follows them, and no street; ``position`` itself otherwise."""
        kind = False  # a word of the kind, not only "de la" ("la boulangerie de la Gare")
        for step in range(KIND_WORDS + 1):
            at = position + step
            if at >= len(tokens) or (not self._near(document, tokens, at) and step):
                return position
            token = tokens[at]
            if token.key in self.lex.street_types and tokens[at - 1].key not in OPENERS:
                return position  # « la crèche rue des Écoles », not « maison de quartier Le … »
            if token.is_capitalised or token.is_upper:
                proper = kind or token.key not in self.lex.french_words
                return at if step and proper else position
            kind = kind or token.key not in CONNECTORS
            if step and tokens[at - 1].key in {"de", "d"} and token.key in ARTICLES:
                continue  # "la ferme de la Hesbaye Bio"
            if token.key == "pour" and tokens[position - 1].key in ESTABLISHMENTS:
                continue  # « le foyer pour personnes handicapées Les Peupliers »
            if (
                not token.is_lower
                or token.key in NOT_KIND
                or (step == 0 and token.key in {"et", "ou"})
            ):
                return position  # "menuiserie et Horeca": two trades, not a sign
        return position

    def _name_run(
        self,
        document: Document,
        tokens: list[Token],
        position: int,
        protected: set[int],
        *,
        leading: bool = False,
        apposed: bool = False,
    ) -> list[int]:
        """Capitalised tokens of a business name, with connectors between them (and before
        them after a trade word: "la ferme du Château")."""
        run: list[int] = []
        opener: list[int] = []  # "la ferme du Château": the article goes with the name
        while position < len(tokens):
            token = tokens[position]
            opening = apposed and not run
            if position > 0 and not opening and not self._near(document, tokens, position):
                break  # "... ce salon. Continuons": a sentence ends between them
            upper_word = token.is_upper and not (document.mostly_upper and self._typed_word(token))
            if (token.is_capitalised and not document.mostly_upper) or upper_word:
                named = self._contracted(tokens, position)  # "Transports Lemaire du Nord"
                if run and not named and self._place(token):
                    if run[-1] != position - 1 and self._place_of_the_sign(
                        document, tokens, run, position
                    ):
                        run.append(position)  # « Aux Délices de Kinshasa (resto à …) »
                        position = glued(document, tokens, position, run)
                        continue
                    inside = self._places_inside(document, tokens, position)
                    if run[-1] != position - 1 or not inside:  # "… de Dinant" stops below
                        break
                    run.extend(inside)  # "(Wash Center Ninove, …)", "Distri Nord Logistique"
                    position = inside.stop
                    continue
                run.append(position)
                position = glued(document, tokens, position, run)
                continue
            ahead = self._joined(document, tokens, run, position, protected, leading=leading)
            if ahead is None:
                break
            if not run:
                opener.extend(range(position, ahead))
            position = ahead
        return opener + run if run else run

    def _joined(
        self,
        document: Document,
        tokens: list[Token],
        run: list[int],
        position: int,
        protected: set[int],
        *,
        leading: bool,
    ) -> int | None:
        """Where the name goes on past the connector at ``position`` (« Saveurs de la Baie »)."""
        token = tokens[position]
        if not (token.key in CONNECTORS if run else leading and token.key in OPENERS):
            return None
        two = bool((run or leading) and article_after(tokens, position))
        ahead = position + 1 + two
        if ahead >= len(tokens) or ahead in protected or not tokens[ahead].is_capitalised:
            return None
        named = not self._where(tokens[ahead]) or self._contracted(tokens, ahead)
        if named and (run or not two):
            return ahead
        # else only before the town (« au Garage de la Gare à Libramont », not « … de la Gare. »)
        return ahead if self._place_of_the_sign(document, tokens, run, ahead) else None

    def _places_inside(self, document: Document, tokens: list[Token], position: int) -> range:
        """Towns or regions right after a business's name with no preposition, closed by a
        comma or a bracket or followed by more of the name: part of the sign (« Zen Spa
        Lille) », « Distri Nord Logistique »); otherwise none (« Garage Renard Dinant
        propose… » is rare)."""
        end = position
        while end < len(tokens) and end - position < 2 and self._place(tokens[end]):
            if end > position and not self._near(document, tokens, end):
                break
            end += 1
        closing = document.text[tokens[end - 1].end :].lstrip(" \t")[:1]
        more = end < len(tokens) and self._near(document, tokens, end)
        more = more and tokens[end].is_title and not self._where(tokens[end])
        more = more or TOWN_NEXT.match(document.text, tokens[end - 1].end) is not None
        return range(position, end) if more or closing in {",", ")", "(", ";", ":"} else range(0)

    def _place_of_the_sign(
        self, document: Document, tokens: list[Token], run: list[int], place: int
    ) -> bool:
        """A place inside a sign when the town it stands in comes next (« Saveurs d'Asie à
        Lille »); « l'EHPAD Les Glycines de Cambrai » stands in Cambrai."""
        if not run and tokens[place - 1].key not in ARTICLES:
            # (After the trade word's « de la », a place is the sign when the town comes next:
            # « au Café de la Mairie à Lens », « au Garage de la Gare à Libramont ».)
            return False  # « la ferme du Château »: the trade word's own « du »
        end = place
        while end + 1 < len(tokens) and tokens[end + 1].is_title and end - place < 2:
            end += 1  # « du Pays Noir »
        return TOWN_NEXT.match(document.text, tokens[end].end) is not None

    def _appositions(
        self, document: Document, tokens: list[Token], protected: set[int]
    ) -> Iterator[int]:
        """Tokens opening a name set in apposition to a place of work (see WORKPLACE_BEFORE)."""
        for index in range(1, len(tokens)):
            gap = document.gap(tokens[index - 1], tokens[index])
            opener = APPOSITION.fullmatch(gap)
            if opener is None or "\n" in gap:
                continue
            sentence = document.folded[max(0, tokens[index - 1].end - 90) : tokens[index - 1].end]
            sentence = re.split(r"[.!?;\n()]", sentence)[-1]
            if not workplace_before(sentence, bracket="(" in opener.group()):
                continue
            start = index
            # "(titres-services Domi-Net …)": a lower-case sector word may come first.
            while start < len(tokens) and start - index < 2 and tokens[start].is_lower:
                if not ("-" in tokens[start].text or tokens[start].key in TRADES | ARTICLES):
                    break
                start += 1
            if start < len(tokens) and (tokens[start].is_capitalised or tokens[start].is_upper):
                yield start

    def _apposed_name(
        self, document: Document, tokens: list[Token], index: int, protected: set[int]
    ) -> Entity | None:
        """The business name in apposition: capitalised words, connectors, a number and a
        legal form ("Auto Services 93", "Aide & Vous sprl"); not a town, an organisation of
        the field, a person (a given name or a title first) or a national chain."""
        if document.mostly_upper:
            return None
        if tokens[index].key in TRADES:
            # "(la SARL Dufresne)", "(EARL des Trois Chênes)": the trade word stays.
            found = self._business_at(document, tokens, index, protected, after_cue=False)
            return found or self._apposed_trade(document, tokens, index, protected)
        name = self._name_run(document, tokens, index, protected, apposed=True)
        if not name:
            return None
        first = tokens[name[0]]
        lex = self.lex
        if lex.is_given_name(first.key) and not lex.is_ambiguous_name(first.key):
            return None
        if first.key in lex.titles or first.key in IDENTIFIER_NAMES:
            return None  # « (SIRET 443 061 841 00047) » after a business: its number's name
        if self._chain(document, tokens, name):
            return None
        if all(self._context(tokens[i]) or self._town(tokens[i]) or i in protected for i in name):
            return None  # "(Lesquin)" after a business: where it stands
        end = tokens[name[-1]].end
        tail = re.match(r"[ \t]+(\d{1,4}\b|[A-Za-z]{2,5}\b)", document.text[end:])
        legal = bool(tail and (tail.group(1).isdigit() or fold_key(tail.group(1)) in LEGAL_FORMS))
        signed = (
            (first.key in {"le", "la", "les", "l", "au", "aux"} and len(name) > 1)
            or "&" in document.text[first.start : end]
            or legal
        )  # "Au Vieux Tonneau", "Aide & Vous sprl": words made into a sign
        named = EMPLOYER_BRACKET.search(document.window_before(first.start, 40)) is not None
        if not (signed or named) and all(self._word(tokens[i]) for i in name):
            return None  # "un CDI, Bravo !", "en intérim, Lundi et Mardi"; not "Au Vieux Tonneau"
        if first.is_upper and len(first.text) <= 4:
            return None  # "(CQP)", "(CAP Cuisine)", "(ETTI)": a scheme or a diploma
        if legal and tail is not None:
            end += tail.end()
        return Entity(EMPLOYER, first.start, end, 0.88, self.name)
