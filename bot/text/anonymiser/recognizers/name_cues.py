"""The words around a name that say it is one: titles, relations, naming phrases, actions.

Patterns run on folded text (lower case, no accents, straight apostrophes) and are anchored on
the side of the candidate word: ``...BEFORE`` patterns end with ``$`` and are searched in the
window before the word, ``...AFTER`` patterns start with ``^`` and are matched right after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.text.anonymiser.text import Document, Token


@dataclass(frozen=True)
class Cue:
    """A phrase that must end the window before a word (``pattern``, anchored with ``$``),
    with words each of its phrases holds: a plain `in` rules most windows out at a fraction
    of the regular expression's cost, for the alternations no literal prefix speeds up."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]

    def may_end(self, before: str) -> bool:
        """Whether ``before`` holds a word of the cue: false rules the cue out at once."""
        return any(word in before for word in self.words)

    def ends(self, before: str) -> bool:
        """Whether ``before`` ends with one of the cue's phrases."""
        return self.may_end(before) and bool(self.pattern.search(before))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "ten",
        "el",
        "al",
        "ben",
        "bin",
        "bint",
        "ait",
        "ou",
        "da",
        "di",
        "dos",
        "wa",
        "das",
        "del",
        "mac",
        "mc",
        "o",
        "abou",
        "abu",
    ]
)
# Titles that are also ordinary words or letters: they count only written as titles.
STRICT_TITLES = frozenset({"m", "me", "mr", "dr", "pr", "dame", "sieur"})
NAMING = re.compile(
    r"(?:s'appelle|s'appellent|s\s?appelle|s'appel|"
    # « un jeune appelé Kevin », not « on a appelé Ethias » (phoned)
    r"(?<!\ba\s)(?<!\bai\s)(?<!\bas\s)(?<!\bont\s)(?<!\bavons\s)(?<!\bavez\s)appelee?|prenomme|prenommee|prenom\s*:?|"
    # « être nommée administratrice »: appointed, not named
    r"(?<!\betre\s)(?<!\bete\s)(?<!\bsera\s)(?<!\bserait\s)nommee?|"
    r"denomme|denommee|surnomme|surnommee|pseudo\s*:?|nom\s*:|nom\s+et\s+prenom\s*:?|"
    r"(?:^|[:\n/|;]\s*)nom|"  # a form's field without its colon: « fiche : nom kabila, … »
    # the surname after the first name was given: « prenom aime, nom dubois »
    r"prenom\b[^.\n]{1,30}?(?:,|\bet)\s*(?:le\s+|son\s+)?nom(?:\s+c'est|\s+c)?|"
    r"nom\s+(?:de\s+naissance|de\s+jeune\s+fille|d'usage|d'epouse|marital|de\s+famille)\s*:?|"
    r"je\s+m'appelle|"
    # « gaelle (son nom c leclercq) », « son vrai nom c'est Dumont »
    r"son\s+(?:vrai\s+)?(?:nom|prenom)(?:\s+de\s+famille)?\s+(?:c'est|c|est)|"
    r"le\s+(?:vrai\s+)?(?:nom|prenom)(?:\s+de\s+famille)?\s+(?:c'est|c))"
    r"\s*(?:[«\"“(]\s*)?$"
)
# (Searching `NAMING` cost 12.5 µs per 40-character window; the words take 0.1 µs.)
NAMING_CUE = Cue(NAMING, ("nom", "appel", "pseudo"))


# Phrases that introduce a name as often as an adjective ("c'est Karim", "c'est compliqué",
# "je suis débordée"): a lower-case word after them must be a known given name.
WEAK_NAMING = re.compile(r"(?:\bje\s+suis|\bc'est|\bcest|\bc\s+est)\s*$")
# Civil-status words that put a name right after them ("épouse Benhaddou", "née Yıldız").
CIVIL_STATUS = re.compile(
    r"(?:\b(?:epouse|epoux|nee|veuve|veuf|dite|dit|alias|surnom)|\bep\.|\bvve\.?)\s*:?\s*$"
)
# Words for the people a professional writes about: a name beside them is a person.
RELATION_WORDS = (
    r"(?:fils|fille|mari|femme|epouse|"
    r"epoux|compagnon|compagne|conjoint|conjointe|frere|s(?:oe|œ)ur|mere|pere|tante|oncle|cousin|"
    r"cousine|neveu|niece|petit-fils|petite-fille|grand-mere|grand-pere|ami|amie|copain|copine|"
    r"beau-pere|belle-mere|beau-frere|belle-s(?:oe|œ)ur|enfant|bebe|fiance|fiancee|ex|stagiaire|"
    r"beneficiaire|salarie|salariee|jeune|candidat|candidate|usager|usagere|client|cliente|"
    r"demandeur|demandeuse|apprenti|apprentie|eleve|patient|patiente|collegue|referent|"
    r"referente|voisin|voisine|colocataire|proprietaire|bailleur|employeur|travailleur|"
    r"travailleuse|maman|papa|aine|ainee|cadet|cadette|famille|ex-mari|ex-femme|ex-epouse|"
    r"ex-compagnon|ex-compagne|ex-conjoint|ex-conjointe|ex-copain|ex-copine|concubin|concubine|"
    r"partenaire|tuteur|tutrice|patron|patronne|formateur|formatrice|"
    r"encadrant|encadrante|gendre|belle-fille|filleul|filleule|demi-frere|"
    r"demi-s(?:oe|œ)ur|fils\s+aine|fille\s+ainee|benjamin|benjamine|gars|gamin|gamine|commis|"
    r"interimaire|benevole)"
)
# A relation word as a whole token, « ex- » or not (« ex-épouse », « ex-belle-mère »).
RELATION_WORD = re.compile(r"(?:ex-)?" + RELATION_WORDS + r"s?")


@lru_cache(maxsize=65_536)
def is_relation_word(key: str) -> bool:
    """Whether the folded word ``key`` is a relation (« fille », « ex-épouse »): asked of most
    words of a text, and a property of the word alone, so remembered per word."""
    return RELATION_WORD.fullmatch(key) is not None


RELATIVE = re.compile(
    r"(?:\b(?:son|sa|ses|mon|ma|mes|notre|nos|le|la|les|leur|leurs|votre|vos|un|une|ces)\s+)"
    + RELATION_WORDS
    + r"s?"
    + r"\s*(?:,\s*)?(?:\(\s*)?$"
)
# "Marie, ma stagiaire, ..." / "Pierre (mon bénéficiaire)": the relation word comes after.
# (After the name, the roles of a team too: « Lorraine (notre comptable) », « Florence, ma
# directrice, ». Before a name they would take a service for a person: « sa conseillère France
# Travail ».)
ROLE_WORDS = (
    r"(?:comptable|secretaire|directeur|directrice|assistante?|coordinat(?:eur|rice)|"
    r"educat(?:eur|rice)|conseill(?:er|ere)|responsable|cheffe?|chef|animat(?:eur|rice)|"
    r"infirmiere?|medecin|avocate?|juriste|mediat(?:eur|rice)|cip|fermiere?|agricult(?:eur|rice)|"
    r"garagiste|gerante?|proprio)"
)
# The professions of the field a writer signs with: « Florence, chargée d'insertion à Arras ».
SIGNING_ROLES = (
    r"(?:charge(?:e)?\s+d'(?:insertion|accompagnement|emploi)|charge(?:e)?\s+de\s+mission|"
    r"job\s*coach|assistante?\s+social(?:e)?|travailleu(?:r|se)\s+social(?:e)?|"
    r"encadrante?\s+techniques?|referente?\s+(?:emploi|insertion|rsa|social(?:e)?))"
)
RELATION_AFTER = re.compile(
    r"^\s*[,(]\s*(?:(?:son|sa|ses|mon|ma|notre|leur|votre|une|un|la|le|l')\s*(?:"
    + RELATION_WORDS
    + "|"
    + ROLE_WORDS
    + r")|"
    + ROLE_WORDS
    + r"\s+(?:a|au|aux|de|du|chez|pour)\s|"
    + SIGNING_ROLES
    # « prosper (stagiaire maraîchage) », « rose, fille de… »: a relation or a role at once
    # (a whole word: not the « ex » of « (ex-huissier) »)
    + r"|(?:ex-)?(?:"
    + RELATION_WORDS
    + "|"
    + ROLE_WORDS
    + r")(?![\w-]))\b"
    + r"|^\s*\((?!\s*\d)[^()\n]{0,40}?\b\d{1,2}\s*ans\b"  # « olive (en CDDI, 34 ans) »
)
AGE_AFTER = re.compile(
    r"^\s*(?:[,(]\s*|[\-–]\s+)?(?:\d{1,2}\s*(?:ans|a)\b|(?:age|agee|âgé|âgée)\b)", re.I
)
PLACE_PREPOSITION = re.compile(
    r"(?:\b(?:a|à|en|de|d'|vers|sur|pres de|depuis|pour|au|aux|via)\s*)$"
)
# Words that follow a title without being a name ("M. le maire", "Madame la directrice").
NOT_NAMES_AFTER_TITLE = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "du",
        "des",
        "d",
        "et",
        "ou",
        "un",
        "une",
        "votre",
        "notre",
        "son",
        "sa",
        "ses",
        "mon",
        "ma",
        "mes",
        "leur",
        "leurs",
        "maire",
        "directeur",
        "directrice",
        "president",
        "presidente",
        "juge",
        "ministre",
        "depute",
        "deputee",
        "docteur",
        "professeur",
        "avocat",
        "avocate",
        "adjoint",
        "adjointe",
        "echevin",
        "echevine",
        "bourgmestre",
        "prefet",
        "prefete",
    ]
)
JOINER = re.compile(r"^[ \t]{1,2}$|^-$")
# A form's field that holds a name, whatever the word ("Nom : PETIT", "Nom de famille : Blanc"),
# perhaps after the particle that opens it (« (nom de famille : De Backer) »), or a tab.
FIELD_NAME = re.compile(
    r"(?:^|\n|[/|;(]\s*)\s*(?:nom(?:\s+de\s+famille)?|prenom|nom\s+et\s+prenom)(?:\s*:|[ ]*\t)\s*"
    r"(?:(?:de|du|des|da|di|van|von|le|la|el|al|ben|dos|das)\s+(?:(?:der|den|de|la)\s+)?)?$"
)
# « d'Hondt »: the particle « d » joined to the surname by an apostrophe.
ELIDED_GAPS = frozenset({"'", "’"})
# Fixed phrases that open with a given name that is also a word ("Grâce à vos conseils").
LOCUTION_AFTER = re.compile(r"\s+(?:à|au|aux)\s", re.IGNORECASE)

# A verb whose object is a person: "j'accompagne Florence", "appeler Rose au 06..." ("aide"
# as a verb only: "d'aide Fonds social", "une aide Activa" are schemes).
PERSON_OBJECT_BEFORE = re.compile(
    r"\b(?:accompagne|accompagnons|accompagner|appeler|rappeler|contacter|joindre|orienter|"
    r"oriente|recevoir|recois|recu|rencontre|rencontrer|demander|aider|"
    r"(?<!d')(?<!l')(?<!une\s)(?<!\bla\s)aide)\s+$"
)
# The agent of a follow-up, for a known given name only: "suivie par Florence" is a person,
# "suivie par Sürya" (a service in no lexicon) is not made one by it.
AGENT_BEFORE = re.compile(
    r"\b(?:accompagne|suivi|oriente|aide|envoye|signale|recommande|adresse|heberge|soutenu|"
    r"encadre|recu|conseille|reoriente)e?s?\s+par\s+$"
)
# Prepositions that take a person as often as a thing: they count only for a name that is no
# place ("avec Rose", "pour Marie", but "pour Florence" may be a ticket).
PERSON_PREPOSITION_BEFORE = re.compile(r"\b(?:avec|pour|chez|selon|entre|contre|sans|a|de|d')\s*$")
# What a signature or a heading says right after a name: "Kouassi, né en 1966", "Innocent, né
# en 1984", "X D. (19 ans)".
IDENTITY_AFTER = re.compile(
    r"^\s*,\s*(?:nee?|agee?|\d{1,2}\s*ans|ddn|date\s+de\s+naissance)\b"
    # who they are, then their age, in a bracket: « olive (ouvriere polyvalente, 52a) »
    r"|^\s*\(\s*[^()\n]{2,40}?[,;]\s*\d{1,2}\s*a(?:ns)?\b"
)
# A clitic pronoun after a word makes it the subject of a verb ("Rose lui prête un vélo").
CLITIC_AFTER = re.compile(r"^\s+(?:lui|leur|me|m'|te|t'|nous|vous|se|s'|l'|les|la|en|y)\s*[a-z]")
# "les Dufour, …", "les Lebrun ont…", « les Lemaire à Bouge », « Les Sauvage (famille de 5) »: a
# family named by its surname in the plural.
THE_FAMILY_BEFORE = re.compile(r"(?:^|[\s,(])les\s+$")
FAMILY_AFTER = re.compile(
    r"^\s*(?:[,;)]|(?:ont|sont|vivent|habitent|disent|racontent)\b|a\s+[a-z]"
    r"|\(\s*(?:une\s+)?(?:famille|couple|parents)\b)"
)
# "Famille Durand :" opening a line, "la famille Benali": the family's name follows.
FAMILY_BEFORE = re.compile(r"\bfamille\s+$")
FAMILY_CUE = Cue(FAMILY_BEFORE, ("famille",))
HEADING_AFTER = re.compile(r"^\s*(?::|[-–]\s)")
# Nicknames made of one doubled syllable ("jojo", "Mimi", "fifi"), except nursery words.
NICKNAME = re.compile(r"^([bcdfgjklmnprstvz][aeiouy]{1,2})\1$")
NURSERY_WORDS = _words(
    "bebe papa mama dodo nounou doudou toutou coucou caca pipi bobo coco dada gaga nana baba "
    "tata zizi pepe meme kiki tonton"
)
# Name particles strong enough to join a lower-case surname to a given name ("marc de backer").
NAME_PARTICLES = frozenset(
    {"de", "du", "van", "von", "der", "den", "ben", "bin", "el", "al", "da", "di", "dos", "le"}
    | {"wa"}  # « Mukendi wa Kabongo »
)
MONTHS = _words(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
)
# Common words that never follow a given name as its surname: months, days, function words
# (a month with its capital may, see `NameNeighbours._month_surname`).
NEVER_SURNAMES = MONTHS | _words(
    "lundi mardi mercredi jeudi vendredi samedi dimanche et ou mais donc car ni a au aux de du "
    "des le la les un une en dans sur pour par avec sans chez il elle on nous vous ils elles "
    "je tu qui que est sont a devant derriere apres avant pendant depuis contre vers sous selon "
    "malgre parmi envers durant"
)
# "Olive (oui c'est son prénom)": the writer says it is a name.
NAMED_AFTER = re.compile(
    r"^\s*[(,]?\s*(?:oui\s*,?\s*)?c(?:'est)?\s+(?:bien\s+)?(?:son|mon|le|un)\s+(?:vrai\s+)?"
    # (« huile d'olive (c'est le nom du produit) » names a thing; « nom de famille » a person)
    r"(?:prenom|nom)\b(?!\s+(?:du|des|d'|de\s+(?!famille)))"
    r"|^\s*\(\s*(?:son\s+)?(?:prenom|nom)\s*[,)]"  # « lorraine (prénom, pas la région) »
    # « olive (elle préfère qu'on l'appelle comme ça) », « jojo (c'est son surnom) »
    r"|^\s*\(\s*(?:(?:il|elle)\s+(?:prefere|veut|aime)\s+qu'on\s+l'appelle|"
    r"c(?:'est)?\s+(?:son|mon)\s+surnom|son\s+surnom|on\s+l'appelle\s+comme\s+ca)\b"
    # « le grand jojo comme on l'appelle », « Bichette, comme tout le monde l'appelle »
    r"|^\s*,?\s*comme\s+(?:on|tout\s+le\s+monde|ils|elles)\s+l'appellen?t?\b"
    # « austin (oui comme la ville) », « olive (comme le fruit) »: a name like a thing
    r"|^\s*\(\s*(?:oui\s*,?\s*)?comme\s+(?:la|le|l')\s*(?:ville|pays|region|fruit|fleur|"
    r"plante|saison|pierre|mois|mot|couleur|arbre)\s*\)"
)


# "un certain Boulanger", "il se fait appeler « Rom »": what can only stand before a person's
# name or nickname, even when the word is also a common word.
SOMEONE_NAMED = re.compile(
    r"(?:\b(?:un\s+certain|une\s+certaine|se\s+fai(?:t|re|sait)\s+appeler|"
    r"(?:qu'|que\s+)?on\s+(?:l'|le\s+|la\s+)?(?:appelle|surnomme)|surnom\s*:?|"
    r"(?:surnom|diminutif|pseudo)\s+(?:de|d')|"
    r"(?:un|une|le|la)\s+(?:nomme|nommee|denomme|denommee|prenomme|prenommee))"
    r")\s*(?:[«\"“]\s*)?$"
)
SOMEONE_NAMED_CUE = Cue(
    SOMEONE_NAMED, ("certain", "appel", "surnom", "diminutif", "pseudo", "nomm")
)


# A nickname in quotes: « DEMARET Frédéric dit "fredo" », « Kader (dit « Kad ») », in any case.
QUOTED_NICKNAME_BEFORE = re.compile(
    r"\b(?:dit|dite|alias|surnommee?|appelee?|se\s+fait\s+appeler)\s*[«\"“]\s*"
    r"(?:(?:le|la|l')\s*)?$"  # « dit « le Grand » »
)
# Before a town (« à florence (28 ans de jumelage) »), not « c pour marie, 33 ans ».
PLACED_BEFORE = re.compile(r"(?:\b(?:a|à|en|de|d'|vers|sur|pres de|depuis|au|aux|via)\s*)$")
QUOTE_CLOSES = re.compile(r"\s*[»\"”]")
# A greeting opening the text or a line: what follows opens the message as a sentence would.
GREETING_BEFORE = re.compile(
    r"(?:^|\n)\s*(?:bonjour|bonsoir|salut|coucou|hello|slt|bjr|cc)(?:\s+a\s+tous)?\s*,?\s+$"
)
# « … dsl pr tt. Sam », « … on entre quand même. R. Meunier »: the name signing a quoted
# message, between its last sentence (maybe after an initial) and the closing quote.
_SIGNING_BEFORE = re.compile(r"[.!?…]\s+(?P<initial>[A-Z]\.\s)?$")


def signs_a_quote(document: Document, token: Token, *, initial: bool = False) -> bool:
    """Whether ``token`` signs a quoted message (after an initial, when ``initial``)."""
    opening = _SIGNING_BEFORE.search(document.text[max(0, token.start - 8) : token.start])
    if opening is None or (initial and opening.group("initial") is None):
        return False
    return QUOTE_CLOSES.match(document.text, token.end) is not None


# A saint's or Our Lady's name names a place, a parish or a house (« Notre-Dame de Grâce »,
# « Sainte-Anne », « Saint-Joseph »), not a person.
SAINTS = re.compile(
    r"\b(?:notre-dame(?:\s+(?:de|du|des|d')\s*[a-z'-]+)?|(?:saint|sainte|st|ste)-[a-z'-]+)"
)
# « M. Yvon Saint-Pierre »: right after a title and a given name, a saint's name is the surname
# (« Mme Dupont de Saint-Omer » may say where she lives: it stays).
_TITLE_AND_NAME_BEFORE = re.compile(
    r"\b(?:m|mr|mme|mlle|monsieur|madame)\.?\s+[a-z][\w'-]*\s+(?:(?:de|du|de\s+la|d')\s*)?$"
)


def saint_places(document: Document) -> set[int]:
    """Tokens of a saint's place or a church's name (« Saint-Omer », « Notre-Dame de Lorette »),
    not a surname after a title and a given name."""
    return {
        index
        for index in document.tokens_within(SAINTS)
        if not _TITLE_AND_NAME_BEFORE.search(
            document.window_before(document.tokens[index].start, 40)
        )
    }


# Establishments named after a person or a saint: the name is the building's, not a person's.
ESTABLISHMENT_NAME = re.compile(
    r"\b(?:l'|le |la |du |au |a l')(?:hopital|clinique|chu|chr|centre|institut|ecole|lycee|college|"
    r"athenee|universite|fondation|centre hospitalier|residence|ehpad|stade|salle|espace|maternite|"
    r"regie de quartier|regie|maison de quartier|cooperative|epicerie sociale)"
    r"(?! (?:de|du|d') )(?: [a-z]+)? (?:saint|sainte|st|ste)?-?[a-z'-]+(?: [a-z'-]+)?"
)
# A public figure a building or a street is named after, with or without an article: « Lieu :
# salle Marcel Pagnol », « Collège Anatole France – Lens », « au coin de la rue Léopold et du
# boulevard Émile de Laveleye » (a street with a house number is an address, found apart).
# What a square's name follows: « sur la place Jean Jaurès », « Grand-Place ».
SQUARE_BEFORE = frozenset(["la", "une", "sur", "de", "a", "au", "en", "du", "grand", "cette"])
NAMESAKE = re.compile(
    r"\b(?:salle|college|lycee(?: professionnel| technique| agricole)?|athenee|ecole|institut|"
    r"centre (?:social|culturel|sportif)|stade|piscine|bibliotheque|mediatheque|complexe|hall|"
    r"rue|avenue|boulevard|bd|place|quai|chaussee|allee|square|parc)"
    # (Never a preposition or a conjunction first: « pas de place pour Yasin » is no square.)
    r" (?!(?:de|du|d|des|la|le|les|pour|a|au|aux|en|dans|sur|avec|chez|par|et|ou|qui|que|"
    r"sans|vers|pres|entre)\b)(?:saint-|sainte-)?[a-z'-]+"
    r"(?: (?:(?:de|du|van|von|la|le) )?[a-z'-]+)?"
)
