"""Build tests/data/pii_cases.jsonl: help requests with labelled personal data (deterministic).

Templates x slots with a fixed seed. Each case lists ``pii`` (must go), ``types`` (entity type of
each pii item), ``keep`` (must stay) and ``ids`` (checksum-valid identifiers). Hard negatives
(cities that look like names, names that are words, amounts, ages, dates without a year,
article numbers, postcodes alone) are mixed in. Run: ``python tests/data/build_pii_cases.py``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240611
OUTPUT = Path(__file__).with_name("pii_cases.jsonl")

FIRST_NAMES = [
    "Julien",
    "Claire",
    "Mohamed",
    "Fatima",
    "Kevin",
    "Sandrine",
    "Youssef",
    "Aïcha",
    "Mamadou",
    "Aminata",
    "Mehmet",
    "Zeynep",
    "Piotr",
    "Agnieszka",
    "Ahmad",
    "Zahra",
    "Florin",
    "Ioana",
    "Lucas",
    "Emma",
    "Nicolas",
    "Nathalie",
    "Karim",
    "Samira",
    "Dylan",
    "Jessica",
    "Ibrahim",
    "Mariam",
    "Bogdan",
    "Olena",
    "Hüseyin",
    "Elif",
    "Tshibola",
    "Glody",
    "Inès",
    "Thierry",
    "Anne-Sophie",
    "Jean-Pierre",
    "Marie-Claire",
    "Rachid",
    "Leila",
    "Ousmane",
    "Fatoumata",
    "Sébastien",
    "Mélanie",
    "Bilal",
    "Yasmine",
    "Gheorghe",
    "Ramona",
    "Arben",
    "Valbona",
    "Abdoulaye",
    "Kadiatou",
    "Jonathan",
    "Laetitia",
    "Mustafa",
    "Ayşe",
    "Christelle",
    "Dieudonné",
]
AMBIGUOUS_FIRST = ["Rose", "Pierre", "Claire", "Marine", "Ange", "Florence", "Constant", "Aimé"]
LAST_NAMES = [
    "Dubois",
    "Lambert",
    "Martin",
    "Dupont",
    "Leroy",
    "Peeters",
    "Janssens",
    "Maes",
    "Lefebvre",
    "Benali",
    "El Amrani",
    "Haddad",
    "Diallo",
    "Traoré",
    "Ndiaye",
    "Kowalski",
    "Nowak",
    "Popescu",
    "Yılmaz",
    "Demir",
    "Kaya",
    "Mbuyi",
    "Kabongo",
    "Nguyen",
    "Rahimi",
    "Hosseini",
    "Garcia",
    "Ferreira",
    "Rossi",
    "Vandenbroucke",
    "Claes",
    "Renard",
    "Mertens",
    "Bouzid",
    "Cherif",
    "Ouedraogo",
    "Camara",
    "Boukhari",
    "Aït Ahmed",
    "Van Damme",
    "De Smet",
    "Fontaine",
    "Moreau",
]
BE_CITIES = [
    "Namur",
    "Liège",
    "Charleroi",
    "Mons",
    "Tournai",
    "Verviers",
    "Seraing",
    "La Louvière",
    "Mouscron",
    "Arlon",
    "Huy",
    "Wavre",
    "Nivelles",
    "Dinant",
    "Bastogne",
    "Marche-en-Famenne",
    "Ath",
    "Binche",
    "Gembloux",
    "Herstal",
    "Schaerbeek",
    "Anderlecht",
    "Molenbeek",
    "Ixelles",
]
FR_CITIES = [
    "Lille",
    "Roubaix",
    "Tourcoing",
    "Valenciennes",
    "Maubeuge",
    "Amiens",
    "Reims",
    "Metz",
    "Nancy",
    "Lens",
    "Arras",
    "Dunkerque",
    "Calais",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Lourdes",
    "Sedan",
    "Charleville-Mézières",
    "Saint-Quentin",
    "Douai",
    "Cambrai",
]
BE_POSTCODES = ["5000", "4000", "6000", "7000", "7500", "4800", "4100", "7100", "7700", "6700"]
FR_POSTCODES = ["59000", "59100", "59300", "80000", "51100", "57000", "54000", "62300"]
BE_INSTITUTIONS = ["CPAS", "Forem", "Actiris", "ONEM", "AViQ", "MIRE", "EFT", "CISP", "ETA"]
FR_INSTITUTIONS = ["CAF", "France Travail", "Mission locale", "CPAM", "ACI", "PLIE", "CCAS"]
TOPICS = [
    ("cherche une formation en cuisine", "formation en cuisine"),
    ("a perdu son logement", "logement"),
    ("a une dette de loyer", "dette de loyer"),
    ("n'a plus de revenus", "revenus"),
    ("veut passer le permis B", "permis B"),
    ("cherche un stage en espaces verts", "espaces verts"),
    ("a besoin d'une place en crèche", "place en crèche"),
    ("doit refaire son titre de séjour", "titre de séjour"),
    ("est en arrêt maladie", "arrêt maladie"),
    ("veut reprendre des études d'aide-soignante", "aide-soignante"),
    ("cherche un emploi dans le nettoyage", "nettoyage"),
    ("a des difficultés en français", "français"),
]
STREETS_FR = [
    "rue des Lilas",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "impasse du Moulin",
    "allée des Roses",
    "chemin des Vignes",
    "place de la République",
    "quai de la Deûle",
]
STREETS_BE = [
    "rue Neuve",
    "chaussée de Louvain",
    "avenue Louise",
    "rue de la Station",
    "place Saint-Lambert",
    "rue du Pont",
    "drève des Chasseurs",
    "rue Haute",
]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


@dataclass
class Case:
    text: str
    pii: list[tuple[str, str]] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps(
            {
                "text": self.text,
                "pii": [p for p, _ in self.pii],
                "types": [t for _, t in self.pii],
                "keep": self.keep,
                "ids": self.ids,
            },
            ensure_ascii=False,
        )


# -- identifiers with valid checksums ----------------------------------------------------------


def nir(rng: random.Random) -> str:
    sex = rng.choice("12")
    year, month = rng.randint(50, 99), rng.randint(1, 12)
    dept = rng.choice(["59", "62", "75", "93", "2A", "2B", "80", "08"])
    commune, order = rng.randint(1, 999), rng.randint(1, 999)
    body = f"{sex}{year:02d}{month:02d}{dept}{commune:03d}{order:03d}"
    number = int(body.replace("2A", "19").replace("2B", "18"))
    key = 97 - number % 97
    spaced = f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
    return spaced if rng.random() < 0.7 else spaced.replace(" ", "")


def be_national_number(rng: random.Random) -> str:
    year, month, day = rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)
    serial = rng.randint(1, 997)
    base = f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}"
    check = 97 - int(("2" if year >= 2000 else "") + base) % 97
    digits = f"{base}{check:02d}"
    shapes = [
        f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}-{digits[6:9]}.{digits[9:]}",
        f"{digits[0:6]} {digits[6:9]} {digits[9:]}",
        digits,
        f"{digits[0:6]}-{digits[6:9]}-{digits[9:]}",
    ]
    return rng.choice(shapes)


def iban(rng: random.Random) -> str:
    country = rng.choice(["BE", "FR"])
    if country == "BE":
        bank = f"{rng.randint(0, 9999999999):010d}"
        bban = bank + f"{int(bank) % 97 or 97:02d}"
    else:
        account = rng.randint(0, 10**11 - 1)
        bban = f"{rng.randint(10000, 99999)}{rng.randint(10000, 99999)}{account:011d}"
        bban += f"{97 - (int(bban) * 100) % 97:02d}"
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    compact = f"{country}{check:02d}{bban}"
    spaced = " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return spaced if rng.random() < 0.75 else compact


def siret(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randint(10**12, 10**13 - 1)}"
        for last in range(10):
            candidate = digits + str(last)
            if _luhn(candidate) and _luhn(candidate[:9]):
                return f"{candidate[:3]} {candidate[3:6]} {candidate[6:9]} {candidate[9:]}"


def _luhn(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def phone(rng: random.Random) -> str:
    kind = rng.randrange(7)
    pairs = [f"{rng.randint(10, 99)}" for _ in range(4)]
    if kind == 0:
        return f"0{rng.choice('67')} " + " ".join(pairs)
    if kind == 1:
        return f"0{rng.choice('67')}." + ".".join(pairs)
    if kind == 2:
        return f"+33 {rng.choice('67')} " + " ".join(pairs)
    if kind == 3:
        return f"04{rng.choice('789')}{rng.randint(0, 9)} " + " ".join(pairs[:3])
    if kind == 4:
        return f"04{rng.choice('789')}{rng.randint(0, 9)}/{pairs[0]}.{pairs[1]}.{pairs[2]}"
    if kind == 5:
        return f"+32 4{rng.choice('789')}{rng.randint(0, 9)} " + " ".join(pairs[:3])
    return f"0{rng.choice(['71', '65', '81', '87', '64'])} " + " ".join(pairs[:3])


def plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"
    if rng.random() < 0.5:
        a = "".join(rng.choice(letters) for _ in range(2))
        b = "".join(rng.choice(letters) for _ in range(2))
        return f"{a}-{rng.randint(100, 999)}-{b}"
    middle = "".join(rng.choice(letters) for _ in range(3))
    return f"{rng.randint(1, 2)}-{middle}-{rng.randint(100, 999)}"


def birth_date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1955, 2006)
    shape = rng.randrange(4)
    if shape == 0:
        return f"{day:02d}/{month:02d}/{year}"
    if shape == 1:
        return f"{day} {MONTHS[month - 1]} {year}"
    if shape == 2:
        return f"{day:02d}.{month:02d}.{year}"
    return f"{day:02d}-{month:02d}-{year}"


def file_number(rng: random.Random) -> tuple[str, str, str]:
    """(phrase before, number, institution kept)."""
    kind = rng.randrange(6)
    if kind == 0:
        return "numéro allocataire CAF", f"{rng.randint(1000000, 9999999)}", "CAF"
    if kind == 1:
        return (
            "identifiant France Travail",
            f"{rng.randint(1000000, 9999999)}{rng.choice('ABCDEFGHJ')}",
            "France Travail",
        )
    if kind == 2:
        return "dossier CPAS n°", f"{rng.randint(2015, 2024)}/{rng.randint(1000, 99999)}", "CPAS"
    if kind == 3:
        return "numéro de dossier ONEM", f"{rng.randint(10000000, 99999999)}", "ONEM"
    if kind == 4:
        return (
            "n° d'affiliation à la mutuelle",
            f"{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}",
            "mutuelle",
        )
    return (
        "identifiant Pôle emploi",
        f"{rng.randint(1000000, 9999999)}{rng.choice('KLMNP')}",
        "Pôle emploi",
    )


def email(rng: random.Random, first: str, last: str) -> str:
    first_ascii = _ascii(first).lower()
    last_ascii = _ascii(last).lower().replace(" ", "")
    domain = rng.choice(["gmail.com", "hotmail.fr", "outlook.be", "yahoo.fr", "skynet.be"])
    shape = rng.choice(
        [
            f"{first_ascii}.{last_ascii}",
            f"{first_ascii}{rng.randint(1, 99)}",
            f"{last_ascii}.{first_ascii[0]}",
        ]
    )
    return f"{shape}@{domain}"


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    ).replace("ı", "i")


# -- templates ----------------------------------------------------------------------------------


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def casing(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.15:
        return name.upper()
    if roll < 0.3:
        return name.lower()
    return name


def t_title_name_phone(rng: random.Random) -> Case:
    first, last = person(rng)
    title = rng.choice(["Mme", "M.", "Madame", "Monsieur", "Mlle", "Mr"])
    city = rng.choice(BE_CITIES + FR_CITIES)
    age = rng.randint(18, 64)
    topic, kept = rng.choice(TOPICS)
    tel = phone(rng)
    order = rng.random() < 0.5
    shown_last = last.upper() if rng.random() < 0.3 else last
    name = f"{shown_last} {first}" if order else f"{first} {shown_last}"
    text = f"{title} {name}, {age} ans, {topic} à {city}. Tél : {tel}."
    return Case(
        text,
        [(first, "PERSON"), (shown_last, "PERSON"), (tel, "PHONE")],
        [f"{age} ans", kept, city],
    )


def t_lower_first_name(rng: random.Random) -> Case:
    first = rng.choice([n for n in FIRST_NAMES if "-" not in n])
    shown = casing(rng, first)
    age = rng.randint(16, 30)
    city = rng.choice(BE_CITIES + FR_CITIES)
    inst = rng.choice(BE_INSTITUTIONS + FR_INSTITUTIONS)
    topic, kept = rng.choice(TOPICS)
    text = rng.choice(
        [
            f"{shown} ({age} ans) {topic}, suivi par le {inst} de {city}.",
            f"bonjour, {shown} {age} ans {topic} sur {city.lower()}, le {inst} dit non",
            f"J'accompagne {shown}, {age} ans, qui {topic}. On est à {city}, avec le {inst}.",
        ]
    )
    keep = [f"{age} ans", kept, inst, city]
    return Case(text, [(shown, "PERSON")], keep)


def t_birth(rng: random.Random) -> Case:
    first, last = person(rng)
    date = birth_date(rng)
    intro = rng.choice(["né le", "née le", "DDN :", "date de naissance :", "née le"])
    city = rng.choice(BE_CITIES + FR_CITIES)
    topic, kept = rng.choice(TOPICS)
    text = f"Le salarié {first} {last}, {intro} {date}, {topic}. Il vit à {city}."
    return Case(text, [(first, "PERSON"), (last, "PERSON"), (date, "DATE")], [kept, city])


def t_birth_year(rng: random.Random) -> Case:
    first = rng.choice(FIRST_NAMES)
    year = str(rng.randint(1960, 2005))
    city = rng.choice(BE_CITIES)
    text = rng.choice(
        [
            f"{first} est née en {year} et vit à {city} depuis 2015.",
            f"{first}, né en {year}, sans diplôme, cherche un CISP à {city}.",
        ]
    )
    return Case(text, [(first, "PERSON"), (year, "DATE")], [city])


def t_address_be(rng: random.Random) -> Case:
    street = rng.choice(STREETS_BE)
    number = rng.randint(1, 250)
    box = rng.choice(["", f" bte {rng.randint(1, 12)}", f" boîte {rng.randint(1, 5)}"])
    postcode, city = rng.choice(BE_POSTCODES), rng.choice(BE_CITIES)
    _first, last = person(rng)
    address = f"{street} {number}{box}"
    text = f"Mme {last} habite {address}, {postcode} {city}, et risque l'expulsion."
    return Case(text, [(last, "PERSON"), (address, "ADDRESS")], [postcode, city, "expulsion"])


def t_address_fr(rng: random.Random) -> Case:
    street = rng.choice(STREETS_FR)
    number = rng.randint(1, 180)
    sep = rng.choice([" ", ", ", " bis "])
    postcode, city = rng.choice(FR_POSTCODES), rng.choice(FR_CITIES)
    address = f"{number}{sep}{street}"
    if rng.random() < 0.3:
        address = address.lower()
    first = rng.choice(FIRST_NAMES)
    text = (
        f"{first} est hébergée chez sa sœur au {address}, {postcode} {city}. "
        "Le CCAS est au courant."
    )
    return Case(text, [(first, "PERSON"), (address, "ADDRESS")], [postcode, city, "CCAS"])


def t_nir(rng: random.Random) -> Case:
    value = nir(rng)
    context = rng.choice(
        ["Son NIR est", "numéro de sécu :", "Sécurité sociale n°", "NIR", "Voici son numéro :"]
    )
    text = f"{context} {value}. La CPAM refuse la carte vitale, que faire ?"
    return Case(text, [(value, "NIR")], ["CPAM", "carte vitale"], [value])


def t_nn(rng: random.Random) -> Case:
    value = be_national_number(rng)
    _first, last = person(rng)
    context = rng.choice(["numéro national", "NN", "n° de registre national", "NISS", "numéro"])
    city = rng.choice(BE_CITIES)
    text = f"Monsieur {last} ({context} {value}) a une dette au CPAS de {city}."
    return Case(
        text,
        [(last, "PERSON"), (value, "BE_NATIONAL_NUMBER")],
        ["dette", f"CPAS de {city}"],
        [value],
    )


def t_iban(rng: random.Random) -> Case:
    value = iban(rng)
    first, last = person(rng)
    text = rng.choice(
        [
            f"Virement à faire sur {value} pour Mme {last}, qui doit régler sa caution.",
            f"IBAN du bailleur : {value}. La garantie locative est de 1 250 euros.",
            f"Le CPAS verse l'aide sur le compte {value} de {first}.",
        ]
    )
    pii = [(value, "IBAN")]
    if f"Mme {last}" in text:
        pii.append((last, "PERSON"))
    if f"de {first}." in text:
        pii.append((first, "PERSON"))
    keep = [k for k in ["caution", "1 250 euros", "CPAS", "garantie locative"] if k in text]
    return Case(text, pii, keep, [value])


def t_siret(rng: random.Random) -> Case:
    value = siret(rng)
    first, last = person(rng)
    text = (
        f"{first} {last} est auto-entrepreneur (SIRET {value}) et veut embaucher en contrat aidé."
    )
    return Case(
        text,
        [(first, "PERSON"), (last, "PERSON"), (value, "SIRET")],
        ["auto-entrepreneur", "contrat aidé"],
        [value],
    )


def t_file_number(rng: random.Random) -> Case:
    phrase, number, institution = file_number(rng)
    first = rng.choice(FIRST_NAMES)
    text = rng.choice(
        [
            f"{first} me donne son {phrase} {number} mais le dossier est bloqué.",
            f"Pour info, {phrase} : {number}. {first} attend une réponse depuis 3 mois.",
        ]
    )
    return Case(
        text,
        [(first, "PERSON"), (number, "FILE_NUMBER")],
        [institution, "3 mois"] if "3 mois" in text else [institution],
    )


def t_plate(rng: random.Random) -> Case:
    value = plate(rng)
    first, _last = person(rng)
    city = rng.choice(BE_CITIES + FR_CITIES)
    text = (
        f"La voiture de {first} (plaque {value}) a été saisie à {city} ; sans elle, pas de travail."
    )
    return Case(text, [(first, "PERSON"), (value, "PLATE")], [city, "voiture"])


def t_email_url(rng: random.Random) -> Case:
    first, last = person(rng)
    mail = email(rng, first, last)
    url_handle = _ascii(first).lower() + "." + _ascii(last).lower().replace(" ", "")
    url = rng.choice(
        [
            f"https://www.facebook.com/{url_handle}",
            f"https://linkedin.com/in/{url_handle}-{rng.randint(10, 99)}",
        ]
    )
    text = f"Contact de {first} : {mail}. Son profil : {url} (il cherche un job à Liège)."
    return Case(text, [(first, "PERSON"), (mail, "EMAIL"), (url, "URL")], ["Liège", "job"])


def t_relatives(rng: random.Random) -> Case:
    mother, last = person(rng)
    child = rng.choice(FIRST_NAMES)
    age = rng.randint(3, 17)
    relation = rng.choice(["son fils", "sa fille"])
    city = rng.choice(BE_CITIES)
    text = (
        f"Madame {mother} {last} et {relation} {child} ({age} ans) vivent à {city} "
        "dans un logement insalubre."
    )
    return Case(
        text,
        [(mother, "PERSON"), (last, "PERSON"), (child, "PERSON")],
        [f"{age} ans", city, "logement insalubre"],
    )


def t_named_unknown(rng: random.Random) -> Case:
    invented = rng.choice(
        [
            "Zorglina",
            "Kemo",
            "Taslima",
            "Ardiana",
            "Bexhet",
            "Oumaïra",
            "Nazlie",
            "Djenabou",
            "Tsegaye",
            "Rustam",
            "Yeraldine",
            "Wendkouni",
        ]
    )
    phrase = rng.choice(["s'appelle", "se prénomme", "prénommée", "nommé"])
    city = rng.choice(BE_CITIES + FR_CITIES)
    text = f"La personne {phrase} {invented} et vit à {city}. Elle cherche un cours de FLE."
    return Case(text, [(invented, "PERSON")], [city, "FLE"])


def t_ambiguous_person(rng: random.Random) -> Case:
    name = rng.choice(AMBIGUOUS_FIRST)
    age = rng.randint(18, 60)
    city = rng.choice(BE_CITIES)
    text = rng.choice(
        [
            f"{name}, {age} ans, cherche un emploi à {city}.",
            f"Notre stagiaire {name} a {age} ans et vit à {city}.",
            f"Mme {name} a {age} ans, elle habite {city}.",
        ]
    )
    return Case(text, [(name, "PERSON")], [f"{age} ans", city])


def t_negative(rng: random.Random) -> Case:
    """No personal data at all: every tricky token must stay."""
    city_fr, city_be = rng.choice(FR_CITIES), rng.choice(BE_CITIES)
    month = rng.choice(MONTHS)
    day = rng.randint(1, 28)
    amount = rng.choice(["1 250 euros", "850 €", "12 000 euros", "1.398 €"])
    options = [
        (
            f"Réunion des partenaires le {day} {month} à {city_be}, salle du CPAS.",
            [f"{day} {month}", city_be, "CPAS"],
        ),
        (
            f"Nous cherchons un ACI à {city_fr} pour un public en RSA. Budget {amount}.",
            ["ACI", city_fr, "RSA", amount],
        ),
        (
            f"Une consigne claire et une pierre angulaire : la mobilité à {city_be}.",
            ["claire", "pierre angulaire", city_be],
        ),
        (
            f"Le t-shirt rose du Forem de {city_be} est offert aux stagiaires.",
            ["rose", "Forem", city_be],
        ),
        (
            f"Un jeune de {day} ans se retrouve à la rue à {city_fr}.",
            [f"{day} ans", "à la rue", city_fr],
        ),
        (
            f"Cherche une place en crèche à {city_be} pour une maman en formation.",
            ["place en crèche", city_be],
        ),
        (
            f"L'article 60 du CPAS de {city_be} : combien de places en 2024 ?",
            ["article 60", f"CPAS de {city_be}", "2024"],
        ),
        (
            f"Code postal {rng.choice(BE_POSTCODES)}, province de Namur : quelles EFT ?",
            ["EFT", "Namur"],
        ),
        (
            f"France Travail et la Mission locale de {city_fr} organisent un job dating.",
            ["France Travail", f"Mission locale de {city_fr}"],
        ),
        (
            f"Elle est allée à {city_fr} en {month} pour un entretien d'embauche.",
            [city_fr, month, "entretien d'embauche"],
        ),
        (
            "Formation à Nancy et à Lourdes, puis stage à Florence en Italie.",
            ["Nancy", "Lourdes", "Florence"],
        ),
        (
            "En France, le RSA est versé par la CAF ; en Belgique, le RIS par le CPAS.",
            ["France", "RSA", "CAF", "Belgique", "RIS", "CPAS"],
        ),
        (
            "Le salaire en ETA est de 1 650 euros brut pour 38 heures.",
            ["ETA", "1 650 euros", "38 heures"],
        ),
        (
            f"Nos {day} salariés en insertion ont visité l'entreprise le {day} {month}.",
            [f"{day} {month}", "insertion"],
        ),
        (
            f"Prochaine formation Actiris du 3 au {day} {month}, rue de la Loi pour les bureaux.",
            ["Actiris", f"{day} {month}"],
        ),
    ]
    text, keep = rng.choice(options)
    return Case(text, [], keep)


def t_sms(rng: random.Random) -> Case:
    first = rng.choice([n for n in FIRST_NAMES if "-" not in n]).lower()
    tel = phone(rng).replace(" ", "").replace(".", "").replace("/", "")
    city = rng.choice(BE_CITIES).lower()
    text = f"slt, {first} cherche taf sur {city}, pa de permis, appel moi {tel} stp"
    return Case(text, [(first, "PERSON"), (tel, "PHONE")], [city, "permis"])


def t_upper_text(rng: random.Random) -> Case:
    first, last = person(rng)
    city = rng.choice(BE_CITIES)
    text = (
        f"URGENT : MME {last.upper()} {first.upper()} DOIT QUITTER SON LOGEMENT "
        f"A {city.upper()} AVANT VENDREDI"
    )
    return Case(
        text,
        [(last.upper(), "PERSON"), (first.upper(), "PERSON")],
        [city.upper(), "LOGEMENT", "VENDREDI"],
    )


TEMPLATES: list[tuple[Callable[[random.Random], Case], int]] = [
    (t_title_name_phone, 30),
    (t_lower_first_name, 30),
    (t_birth, 20),
    (t_birth_year, 10),
    (t_address_be, 20),
    (t_address_fr, 20),
    (t_nir, 15),
    (t_nn, 15),
    (t_iban, 15),
    (t_siret, 8),
    (t_file_number, 20),
    (t_plate, 12),
    (t_email_url, 12),
    (t_relatives, 15),
    (t_named_unknown, 12),
    (t_ambiguous_person, 15),
    (t_negative, 45),
    (t_sms, 12),
    (t_upper_text, 8),
]


def build() -> list[Case]:
    rng = random.Random(SEED)
    return [template(rng) for template, count in TEMPLATES for _ in range(count)]


def main() -> None:
    cases = build()
    OUTPUT.write_text("".join(case.as_json() + "\n" for case in cases), encoding="utf-8")
    print(f"{len(cases)} cases written to {OUTPUT}")


if __name__ == "__main__":
    main()
