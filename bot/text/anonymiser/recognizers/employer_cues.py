"""The words that tell a place of work from a supplier, a creditor or a town.

Kept apart from the recognizer so that a professional can read what counts as a work phrase, a
trade word or a customer's word without reading the rules that use them.
"""

from __future__ import annotations

import re

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.text import Document, Token

# What may follow a role before the place of work: « ouvrier d'entretien au Collège … »,
# « commis de cuisine au Petit Bouchon ».
_ROLE_COMPLEMENT = r"(?:\s+(?:d'entretien|de\s+cuisine|de\s+salle|de\s+rayon|polyvalente?s?))?"
# A work phrase, then the preposition and the article that open the place of work.
WORK_CUE = re.compile(
    r"(?:\b(?:travaill\w*|bosse\w*|employee?s?|salariee?s?|embauchee?s?|engagee?s?|stage|"
    r"stagiaire|interim|alternance|apprentissage|apprentie?|pmsmp|immersion|cdd|cdi|cddi|"
    r"contrat|job|poste|licenciee?|commence|commencer|ouvriere?|vendeuse|vendeur|serveuse|"
    r"serveur|caissiere?|aides?-[\w-]+|atsem|"
    r"agente?\s+(?:d'entretien|d'accueil|de\s+restauration|de\s+service|polyvalente?)|"
    r"agent[\w-]*|femme\s+de\s+menage|dame\s+de\s+cantine|surveillante?|lingere|concierge|"
    # an art. 60 placed with an employer: « mis à disposition de l'asbl … », « affecté à … »
    r"disposition|affectee?s?|detachee?s?)"
    # « travaille comme aide-soignante de nuit au home … », « bosse le soir au snack … »
    r"(?P<as_role>\s+comme\s+[\w'-]+(?:\s+[\w'-]+)?)?"
    r"(?:\s+(?:de\s+(?:nuit|jour)|le\s+(?:soir|matin|week-end|samedi|dimanche)|a\s+mi-temps|"
    r"a\s+temps\s+partiel))?" + _ROLE_COMPLEMENT + r"\s+(?P<prep>a|au|aux|pour|de|des|du|dans|par)|"
    # a form's field: « Employeur : ASBL Les Colibris », « Lieu de stage : … »
    r"(?:^|\n|[|;])\s*(?:employeur(?:\s+(?:precedent|actuel))?|entreprise|lieu\s+de\s+stage|"
    r"structure\s+d'accueil|nom\s+de\s+l'entreprise)\s*(?P<field>:)|"
    # the employer set apart: « Son employeur, l'ASBL Les Mains Tendues, refuse… »
    r"\b(?:son|sa|leur|mon|ma|notre)\s+(?:(?:ancien|nouvel|nouveau|actuel|ex)[\s-]+)?"
    r"employeur\s*(?P<apposed>,)|"
    # « son employeur d'avant Sécurité Plus Artois lui doit deux salaires »
    r"\b(?:son|sa|leur|mon|ma|notre)\s+(?:ancien\s+)?(?:employeur|patron)\s+"
    r"(?P<former>d'avant|precedent|actuel|c'est|c'etait|etait)|"
    # « a signé avec X », « formé chez X », « repérée par X », « son expérience à X »
    r"\b(?:signee?\s+(?P<signed>avec)|(?:formee?|reperee?|recrutee?)\s+(?P<by>chez|par)|"
    r"(?:son|sa|une)\s+experience\s+(?P<lived>a|au|chez))|"
    # Trades and work nouns: never before "de" ("ouvrier de Pont-à-Mousson", "chantier du BTP"
    # name the sector or a big firm; "plongeur au restaurant X", "chauffeur pour X" the place).
    r"\b(?:missions?|chantier|patron(?:ne)?|employeur|employeuse|preste\w*|menages?|plonge|"
    r"heures|extras|benevole|benevolat|cuisine|saisonniere?|interimaire|plongeuse|plongeur|cuisiniere?|commis|"
    r"chauffeur|livreuse|livreur|magasiniere?|manutentionnaire|cariste|preparat(?:eur|rice)|"
    r"animat(?:eur|rice)|educat(?:eur|rice)|infirmiere?|jardiniere?|mecanicien(?:ne)?|macon|"
    r"couvreur|peintre|electricien(?:ne)?|plombier|boulangere?|bouchere?|coiffeuse|coiffeur|"
    r"estheticienne|nettoyeuse|nettoyeur|technicien(?:ne)?|gardien(?:ne)?|veilleuse|veilleur|"
    r"secretaire|comptable|apprentie?s?|ouvriers?|ouvrieres?)" + _ROLE_COMPLEMENT + r"\s+"
    r"(?P<role_prep>a|au|aux|pour|dans|par)|"
    # the employer's human resources: « la RH d'Éclat Propreté », « Service RH – Clinique … »
    r"\b(?:(?:la|les|le|service|responsable|direction)\s+)?(?:rh|drh)\s*(?P<hr>d'|de|du|[-–—:])|"
    r"\bchez)(?:(?<=')|\s+)(?P<article>l'|(?:la|le|les|une?)\s+)?"
)
# Public places and bodies one works at that are no business of a few people: their name says
# where (« employé de la Ville de Namur », « au Marché de Wazemmes »).
PUBLIC_PLACES = frozenset(
    ["marche", "piscine", "stade", "gare", "port", "aeroport", "cimetiere", "mairie", "parc",
     "ville", "commune", "province", "region", "departement", "metropole", "communaute",
     "agglomeration", "intercommunale"]
)  # fmt: skip
# Establishments that are a workplace only after a work phrase: « agent d'entretien à l'école
# Saint-Joseph de Tourcoing », « cuisinière au home Les Jonquilles », « bénévole à la Maison de
# quartier Le Phare » say where the person works; « suivie au foyer Les Peupliers » does not.
ESTABLISHMENTS = frozenset(
    ["ecole", "college", "lycee", "home", "foyer", "maison", "gite", "golf", "camping",
     "tea-room", "bar-tabac", "internat", "cantine", "creche", "garderie", "ehpad"]
)  # fmt: skip
# Trade words: a capitalised name right after one is a business ("la ferme Dethier").
TRADES = frozenset(
    [
        "boulangerie", "patisserie", "boucherie", "charcuterie", "traiteur", "ferme", "garage",
        "carrosserie", "menuiserie", "ebenisterie", "plomberie", "maconnerie", "toiture",
        "societe", "entreprise", "ets", "etablissements", "sarl", "sprl", "srl", "sas", "sasu",
        "eurl", "earl", "scrl", "snc", "magasin", "epicerie", "superette", "restaurant",
        "brasserie", "friterie", "snack", "pizzeria", "cafe", "hotel", "pharmacie", "cabinet",
        "agence", "atelier", "usine", "imprimerie", "pressing", "transports", "ehpad", "creche",
        "haras", "jardinerie", "pepiniere", "exploitation", "nettoyage", "coiffure", "institut",
        "concession", "asbl", "vzw", "association", "bar", "tabac", "tabac-presse", "primeur",
        "fromagerie", "chocolaterie", "salon", "repos", "ressourcerie", "recyclerie",
        "garderie", "laverie", "quincaillerie", "librairie", "fleuriste", "opticien",
        "auto-ecole", "taxi", "taxis", "pizza", "pepinieres", "sci", "scea", "gaec", "mr",
        "mrs", "mrpa", "kebab", "alimentation", "equestre",
        # more trades named before a business's own name ("au resto Le Petit Gourmet",
        # "chez Jardins Lorquet")
        "resto", "micro-creche", "lavoir", "serres", "jardins", "elagage",
        "sandwicherie", "car-wash", "carwash",
        # workshops and mills named after their owner (« la Scierie Bodson »)
        "scierie", "blanchisserie", "tissage", "tissages", "metallerie", "plafonnage",
        "miroiterie", "serrurerie", "tolerie", "clinique",
        # cooperatives and social businesses (« la coopérative maraîchère La Binette »)
        "cooperative", "scop", "scic",
        # inns and the trades of the land named by their sign (« la Taverne Le Forgeron »)
        "taverne", "auberge", "estaminet", "bistrot", "bistro", "hostellerie", "rotisserie",
        "champignonniere", "cremerie", "conserverie", "distillerie", "fabrique",
        # beauty and drink trades named by their sign (« l'onglerie Nail Beauty Lan »)
        "onglerie", "barbier", "microbrasserie",
    ]
)  # fmt: skip
# Names of identifiers written in brackets after a business: never its name.
IDENTIFIER_NAMES = frozenset(["siret", "siren", "tva", "bce", "niss", "nir", "iban", "rcs", "ape"])
# Sectors a business names itself after, written with their capital (« chez Ferronnerie Ozturk »,
# « SAS Transports Vasseur »): the sector stays, the owner's name goes. In lower case they are
# the sector alone (« secteur logistique, zone Lesquin »).
SECTORS = frozenset(
    [
        "toitures", "proprete", "ferronnerie", "optique", "carrieres", "logistique", "transport",
        "terrassement", "terrassements", "paysages", "paysagiste", "carrelage", "carrelages",
        "construction", "constructions", "chauffage", "electricite", "peinture", "demenagement",
        "demenagements", "gardiennage", "confiserie", "biscuiterie", "vitrerie", "charpente",
        "titres-services", "titre-services", "horticulture", "maraichage", "cordonnerie",
        "bijouterie", "poissonnerie", "droguerie", "mercerie", "papeterie", "brocante",
        "fiduciaire", "salaisons", "laiterie", "couverture", "charpentes", "menuiseries",
        "espaces-verts", "maraichage", "boulangeries",
    ]
)  # fmt: skip


def is_trade(token: Token) -> bool:
    """A trade word, a sector written with its capital, or trades joined by hyphens
    (« Boucherie-Traiteur », « Boulangerie-Pâtisserie »)."""
    key = token.key
    if key in TRADES or (key in SECTORS and not token.is_lower):
        return True
    return "-" in key and all(part in TRADES or part in SECTORS for part in key.split("-"))


# Trade words that name a business only with its kind after them (« la Clinique vétérinaire
# Collard »); with a name right after, they name a hospital (« la clinique Edith Cavell »).
KIND_FIRST = frozenset(["clinique"])
# Associations are a workplace only after a work phrase ("employée de l'ASBL X"); named
# anywhere else, they are where the person is sent ("vers l'ASBL Article 27").
ORGANISATION_TRADES = frozenset(["asbl", "vzw", "association"])
# After a trade word, a few lower-case words of its kind before the name ("l'entreprise de parcs
# et jardins Verts Horizons", "la ferme maraîchère Les Quatre Saisons").
KIND_WORDS = 4
# "(SGN)" after the name, perhaps after a last word that the name run left ("… Nord (SGN)"),
# or opening a bracket that goes on with its legal form or its town ("(NIH SA, La Louvière)").
ACRONYM_AFTER = re.compile(
    r"(?P<last>[ \t][A-ZÀ-Ý][\w-]+)?[ \t]*\([ \t]*(?P<acronym>[A-Z][A-Z&.-]{1,7})"
    r"(?P<form>[ \t]+(?:SA|SAS|SARL|SPRL|SRL|SC|SCRL|ASBL))?[ \t]*(?P<close>[),])"
)
NOT_KIND = frozenset(
    [
        "a",
        "au",
        "aux",
        "pour",
        "chez",
        "avec",
        "dans",
        "sur",
        "en",
        "par",
        "entre",
        "pres",
        "vers",
        "depuis",
        "sans",
        "sous",
        "selon",
        "pendant",
        "apres",
        "avant",
        "comme",
        "qui",
        "que",
        "dont",
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "mais",
        "ou",
        "si",
        "ne",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "est",
        "son",
        "sa",
        "ses",
        "leur",
        "notre",
        "votre",
        "ce",
        "cette",
    ]
)
CONNECTORS = frozenset(["de", "du", "des", "la", "le", "les", "l", "d", "et", "&", "den", "der"])
# A workplace named in apposition: "chez un maraîcher (Les Serres X)", "dans une entreprise de
# nettoyage, Propreté X à Charleroi", "il tenait le restaurant « Le X »". The sentence before
# the bracket, comma or quote says it is a place of work: a work phrase or a trade word.
WORKPLACE_BEFORE = re.compile(
    r"\b(?:travaill\w*|bosse\w*|stages?|missions?|emplois?|cdd|cdi|cddi|job|jobs|tien[st]|"
    r"tenai[st]|tenu|entretien|employeur|employeuse|ancien\s+patron|embauche\w*|engagee?s?|"
    r"pmsmp|immersion|chez|disposition|gerant\w*|interim|contrat|salariee?s?|"
    r"boulot|apprentissage|alternance)\b"
)
# Before "chez", what makes the organisation a supplier, a creditor or a service rather than the
# person's workplace: "un crédit chez Cofidis", "une facture d'eau chez Noréade", "client chez
# Engie", "rendez-vous chez Mensura". Thousands of people have one; it does not identify them.
CUSTOMER_BEFORE = re.compile(
    r"\b(?:credits?|prets?|dettes?|factures?|arrieres?|impayes?|abonnements?|abonnee?s?|"
    r"comptes?|clientes?|clients?|fournisseurs?|compteurs?|contrats?\s+d'(?:energie|electricite|"
    r"gaz|eau)|energie|electricite|gaz|eau|assurances?|assuree?s?|mutuelles?|affiliee?s?|"
    r"rendez-vous|rdv|examens?|visite|achats?|achetee?s?|inscrite?s?|"
    r"dossiers?|rachat|leasing|location|louee?)\b"
)
NOUN_PHRASE = re.compile(r"(?:\b(?:une?|le|la|les|des|du|au|aux)\s+|\b[ld]'|\bd'une?\s+)[a-z]")
APPOSITION = re.compile(r"[ \t]*(?:\(|,|«|\")[ \t]*(?:«[ \t]*)?")
# Legal forms written after a business's name ("Aide & Vous sprl").
LEGAL_FORMS = frozenset(
    ["sprl", "srl", "sa", "sas", "sasu", "sarl", "eurl", "asbl", "scrl", "sc", "snc", "earl"]
)
# Legal forms after which the words before them are a business's name; the short ones only
# in capitals (« SA », not the possessive « sa »).
NAME_LEGAL_FORMS = frozenset(["sprl", "srl", "sarl", "snc", "eurl", "sas", "sasu", "scrl", "sa"])
SHORT_LEGAL_FORMS = frozenset(["sa", "sas"])
# What opens a business's name typed in lower case before its legal form.
LOWER_SIGN_OPENERS = frozenset(["chez", "via", "pour", "de", "du", "la", "le", "l", "a", "au"])
ARTICLES = frozenset(["les", "le", "la", "l"])
OPENERS = frozenset(["de", "du", "des", "d"])  # "la ferme du Château", not "menuiserie et Horeca"

# Elided words before an apostrophe: « l'EHPAD », « d'Ici » are no piece of a longer word.
ELIDED = frozenset(["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"])


SAINT = re.compile(r"(?:saint|sainte|st|ste)-")
# What may follow an owner's surname typed in chat: the town's « à », a time, a conjunction.
OWNER_STOPS = frozenset({"a", "en", "pour", "depuis", "le", "la", "et", "mais"})
# "l'employeur précédent (Intérim Plus Lens)": in brackets right after the word, the name.
# After a business's name, the town it stands in: « … à Lille », « … (resto à Saint-Josse) ».
TOWN_NEXT = re.compile(r"[ \t]*(?:à|\([^()\n]{0,30}?\bà)[ \t]+[A-ZÀ-Ý]")
EMPLOYER_BRACKET = re.compile(r"\b(?:employeur|employeuse|patron|patronne)(?:\s+[a-z]+)?\s*\(\s*$")


def qualifier_only(rest: str) -> bool:
    """Nothing, or one lower-case word such as « précédent » or « actuel », between a work
    noun and a bracket."""
    words = rest.split()
    return not words or (len(words) == 1 and words[0].isalpha() and words[0].islower())


def sector_after(tokens: list[Token], index: int) -> bool:
    """« chez vanoverschelde carrelage »: the owner's name, then the sector (not « chez renov
    toitures sprl », a sign with its legal form, found whole)."""
    after = tokens[index + 1 : index + 3]
    sector = bool(after) and (after[0].key in SECTORS or after[0].key in TRADES)
    return sector and not (len(after) == 2 and after[1].key in LEGAL_FORMS)


def article_after(tokens: list[Token], position: int) -> bool:
    """« de la », « de l' »: a preposition and its article, one connector of a name."""
    following = position + 1
    return (
        tokens[position].key in {"de", "d"}
        and following < len(tokens)
        and tokens[following].key in ARTICLES
        and tokens[following].is_lower
    )


def glued(document: Document, tokens: list[Token], position: int, run: list[int]) -> int:
    """The position after a word and the lower-case pieces glued to it (« P'tits »,
    « Bio-logique »): a name is never cut inside a word. An elided article (« l' », « d' »)
    is no such word."""
    position += 1
    while position < len(tokens) and tokens[position].is_lower:
        gap = document.gap(tokens[position - 1], tokens[position])
        if gap not in {"'", "’", "-"} or tokens[position - 1].key in ELIDED:
            break
        run.append(position)
        position += 1
    return position


# Words before a trade word that make it a named business's sign.
SIGN_OPENERS = frozenset(["la", "le", "l", "au", "du", "chez", "une", "un", "a"])
# After a lower-case name, what says a sign was meant: a legal form, « & fils », « frères »,
# or the town it stands in (« pépinières dewulf à frameries »).
SIGN_AFTER = frozenset([*LEGAL_FORMS, "&", "fils", "freres", "a"])
# « le soir », « la semaine »: an article and a time, not a sign.
WHEN_WORDS = frozenset(
    ["soir", "matin", "midi", "nuit", "journee", "jour", "semaine", "mois", "week-end", "weekend",
     "an", "annee", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
     "plus", "moins", "reste", "meme", "premier", "premiere", "dernier", "derniere"]
)  # fmt: skip
# Where a sign typed in chat ends: the town's preposition, a conjunction, a pronoun.
SIGN_STOPS = frozenset(
    ["a", "en", "sur", "pres", "dans", "pour", "depuis", "avec", "et", "ou", "mais", "qui", "que",
     "il", "elle", "ils", "elles", "on", "comme", "car", "donc", "le", "la", "les"]
)  # fmt: skip


def lower_sign(lex: Lexicons, tokens: list[Token], trade: int, protected: set[int]) -> int | None:
    """A lower-case word in no dictionary, no lexicon and no gazetteer after a trade word,
    perhaps after two lower-case words of its kind: the owner's name typed in chat ("la
    boulangerie dupuis", "sarl propreté vanrullen", "pépinières dewulf à frameries"), not
    "garage ciney" nor "formateur maçonnerie dispo". A determiner before the trade word, or
    a legal form, « & fils » or a town after the name, says a sign was meant."""
    opened = trade > 0 and tokens[trade - 1].key in SIGN_OPENERS
    for position in range(trade + 1, min(trade + 4, len(tokens))):
        token, key = tokens[position], tokens[position].key
        if position in protected or not token.is_lower or key in IDENTIFIER_NAMES:
            return None
        following = tokens[position + 1].key if position + 1 < len(tokens) else ""
        if (
            len(key) > 2
            and lex.looks_like_a_name(token.text)
            and key not in lex.gazetteer
            and key not in lex.chains
            and not lex.is_given_name(key)
        ):
            return position if opened or following in SIGN_AFTER else None
        if key in NOT_KIND or not lex.is_french_word(key):
            return None
        if opened and position == trade + 1 and _family_business_after(tokens, position):
            return position  # "chez garage renard et fils": a word is the owner's name too
    return None


def lower_named_sign(tokens: list[Token], trade: int, protected: set[int]) -> list[int] | None:
    """A sign of ordinary words typed in chat after a trade word and its article: « chez snack
    le gourmand a jemeppe », « à la crèche les petits bouchons à fives ». A determiner before
    the trade word says a sign was meant; the sign's article opens it and it runs, up to three
    lower-case words, to a preposition, a punctuation mark or the end of the sentence."""
    if not trade or tokens[trade - 1].key not in SIGN_OPENERS or not tokens[trade].is_lower:
        return None
    article = trade + 1
    if article >= len(tokens) or tokens[article].key not in {"le", "la", "les", "l"}:
        return None
    run = [article]
    for position in range(article + 1, min(article + 4, len(tokens))):
        token = tokens[position]
        gap_ok = token.start - tokens[position - 1].end <= 1
        if position in protected or not token.is_lower or not gap_ok or token.key in NOT_KIND:
            break
        if token.key in SIGN_STOPS or not token.text.isalpha():
            break
        if position == article + 1 and token.key.removesuffix("s") in WHEN_WORDS:
            return None  # "il bosse au snack le soir": when, not which
        run.append(position)
    return run if len(run) > 1 else None


def _family_business_after(tokens: list[Token], position: int) -> bool:
    """« … et fils », « … & fils », « … frères », or a legal form after a word."""
    keys = [token.key for token in tokens[position + 1 : position + 3]]
    if not keys:
        return False
    if keys[0] in LEGAL_FORMS or keys[0] in {"freres", "fils"}:
        return True
    return keys[0] in {"et", "&"} and keys[1:2] == ["fils"]


def customer_before(document: Document, position: int) -> bool:
    """Whether the clause before a bare "chez" makes it a supplier or a creditor: a
    customer word comes after the last work word ("bosse chez", "a une dette chez")."""
    clause = re.split(r"[.!?;\n()]", document.folded[max(0, position - 80) : position])[-1]
    customer = [m.end() for m in CUSTOMER_BEFORE.finditer(clause)]
    work = [m.end() for m in WORKPLACE_BEFORE.finditer(clause)]
    return bool(customer) and (not work or customer[-1] > work[-1])


def workplace_before(sentence: str, *, bracket: bool) -> bool:
    """Whether the sentence before an apposition ends on a place of work: a work phrase
    or a trade word, then a noun phrase ("chez un maraîcher", "dans une entreprise de
    nettoyage"); "Elle bosse de nuit, Noël compris" and "chez nous, Dieu merci" are not.
    Right after a work noun, a bracket is enough ("son ancien employeur (…)")."""
    cues = list(WORKPLACE_BEFORE.finditer(sentence))
    if cues:
        rest = sentence[cues[-1].end() :]
        if NOUN_PHRASE.search(rest) or (bracket and qualifier_only(rest)):
            return True
    # « Le garage où il fait son stage, Auto Services Michaux, … »: a trade word opens it
    return bool(TRADES & set(sentence.split())) and bool(NOUN_PHRASE.search(sentence))


def kind_missing(tokens: list[Token], position: int) -> bool:
    """A trade word of `KIND_FIRST` without the lower-case word of its kind after it."""
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    return tokens[position].key in KIND_FIRST and (following is None or not following.is_lower)


def past_trades(tokens: list[Token], index: int) -> int:
    """The position after the trade word at ``index`` and the trades right after it (« SAS
    Transports Vasseur »: a legal form, then the trade)."""
    position = index + 1
    while position < len(tokens) and is_trade(tokens[position]):
        position += 1
    return position
