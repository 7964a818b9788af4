"""Build tests/data/pii_classes_generated.jsonl: the classes of misses of issue 12, generated.

Each template writes one kind of difficulty with many names, towns and phrasings (fixed seed):
first names that are also words at the start of a sentence, found names in another casing,
lower-case particles and family names, common-word surnames, "Famille X :", nicknames, small
businesses as workplaces, housing estates, organisations and invisible characters. Context items
(towns, ages, organisations, chains, trade words) are listed as ``keep``. The hand-written sets
(pii_classes.jsonl, pii_classes_check.jsonl) hold the phrasings a template cannot.
Run: ``python tests/data/build_pii_classes.py``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_pii_cases import BE_CITIES, FIRST_NAMES, FR_CITIES, LAST_NAMES, Case

SEED = 20261201
OUTPUT = Path(__file__).with_name("pii_classes_generated.jsonl")
CITIES = BE_CITIES + FR_CITIES
SIMPLE_LAST = [n for n in LAST_NAMES if " " not in n]
AMBIGUOUS = ["Marie", "Florence", "Rose", "Pierre", "Innocent", "Victoire", "France", "Aurore"]
AMBIGUOUS += ["Constance", "Espérance", "Claire", "Ange", "Prudence", "Fleur", "Marine", "Grâce"]
ACTIONS = [
    ("doit trouver un logement avant l'hiver", ["logement"]),
    ("a {n} enfants et vit seule", ["{n} enfants"]),
    ("cherche une formation d'aide-soignante", ["formation d'aide-soignante"]),
    ("n'a pas de permis de conduire", ["permis de conduire"]),
    ("souhaite reprendre ses études", ["études"]),
    ("vit chez sa sœur depuis {n} mois", ["{n} mois"]),
    ("a besoin d'un mode de garde", ["mode de garde"]),
    ("touche le RSA depuis {n} ans", ["RSA", "{n} ans"]),
]
WORD_SURNAMES = ["Petit", "Blanc", "Boucher", "Marchand", "Berger", "Lebon", "Grand", "Fort"]
WORD_SURNAMES += ["Poisson", "Roux", "Masson", "Mercier", "Lenoir", "Legrand", "Bon", "Meunier"]
LOWER_SURNAMES = ["backer", "smet", "idrissi", "salah", "silva", "goff", "broeck", "khattabi"]
LOWER_SURNAMES += ["linden", "meulen", "amrani", "souza", "hamdi", "bruyne"]
PARTICLES = ["de", "van", "el", "ben", "da", "le", "van den", "van der"]
NICKNAMES = ["jojo", "fifi", "lulu", "momo", "nono", "bibi", "dédé", "zaza", "riri", "toto"]
TRADES = ["Boulangerie", "Garage", "Menuiserie", "Boucherie", "Pharmacie", "Carrosserie"]
CHAINS = ["Colruyt", "Lidl", "Carrefour", "Amazon", "Delhaize", "Decathlon", "Action", "Quick"]
ORGS = ["ADIL", "Trésor public", "Maisons & Cités", "CAF", "Forem", "Actiris", "France Travail"]
ORGS += ["Mission locale", "CPAS", "MIRE", "ONEM", "Restos du cœur", "Croix-Rouge"]
ESTATES = [
    ("résidence Les {x}", ["Tilleuls", "Glycines", "Acacias", "Peupliers", "Mimosas"]),
    ("cité du {x}", ["Moulin", "Bois", "Château", "Marais", "Calvaire"]),
    ("clos des {x}", ["Lilas", "Roses", "Érables", "Charmes", "Noisetiers"]),
    ("lotissement Les {x}", ["Prés", "Hêtres", "Bleuets", "Coquelicots", "Vergers"]),
]
INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\u200c", "\u200d", "\ufeff"]


def _fill(text: str, n: int) -> str:
    return text.replace("{n}", str(n))


def t_ambiguous_start(rng: random.Random) -> Case:
    name = rng.choice(AMBIGUOUS)
    action, keep = rng.choice(ACTIONS)
    n = rng.randint(2, 9)
    opening = rng.choice(["", "Bonjour. ", "Bonjour,\n", "Situation : "])
    if rng.random() < 0.4:
        last = rng.choice(SIMPLE_LAST)
        return Case(
            f"{opening}{name} {last} {_fill(action, n)}.",
            [(name, "PERSON"), (last, "PERSON")],
            [_fill(k, n) for k in keep],
        )
    keep = [_fill(k, n) for k in keep]
    return Case(f"{opening}{name} {_fill(action, n)}.", [(name, "PERSON")], keep)


def t_casing(rng: random.Random) -> Case:
    if rng.random() < 0.5:
        name, age = rng.choice(AMBIGUOUS), rng.randint(18, 60)
        text = f"Ma stagiaire {name} a {age} ans ; {name.lower()} cherche un CDI."
        return Case(text, [(name, "PERSON")], [f"{age} ans", "CDI"])
    last, city = rng.choice(SIMPLE_LAST), rng.choice(CITIES)
    text = f"Mme {last.upper()} vit à {city}. {last.lower()} a perdu son emploi."
    return Case(text, [(last, "PERSON")], [city, "emploi"])


def t_lower_particles(rng: random.Random) -> Case:
    first = rng.choice([n for n in FIRST_NAMES if "-" not in n]).lower()
    particle, surname = rng.choice(PARTICLES), rng.choice(LOWER_SURNAMES)
    age = rng.randint(18, 60)
    text = rng.choice(
        [
            f"slt, {first} {particle} {surname} ({age}a) cherche du taf",
            f"j'accompagne {first} {particle} {surname} depuis mars, il a {age} ans",
            f"mon stagiaire {first} {particle} {surname} n'a plus de logement",
        ]
    )
    pii = [(first, "PERSON"), (surname, "PERSON")]
    if particle not in {"de", "le", "da"}:
        pii.append((f"{particle} {surname}", "PERSON"))
    return Case(text, pii, [])


def t_word_surname(rng: random.Random) -> Case:
    first = rng.choice([n for n in FIRST_NAMES if n not in AMBIGUOUS])
    surname, age = rng.choice(WORD_SURNAMES), rng.randint(18, 60)
    text = rng.choice(
        [
            f"{first} {surname}, {age} ans, cherche un emploi de magasinier.",
            f"J'accompagne {first} {surname} depuis {age} jours.",
            f"Mme {surname} a {age} ans et vit seule.",
        ]
    )
    pii = [(surname, "PERSON")]
    if not text.startswith("Mme"):
        pii.insert(0, (first, "PERSON"))
    return Case(text, pii, [])


def t_famille(rng: random.Random) -> Case:
    last, n = rng.choice(SIMPLE_LAST), rng.randint(2, 7)
    heading = rng.choice([f"Famille {last} :", f"Famille {last} -", f"famille {last.lower()} :"])
    text = f"{heading} {n} enfants, loyer impayé, expulsion prévue."
    if rng.random() < 0.3:
        return Case(f"Famille nombreuse : {n} enfants, quelles aides ?", [], ["Famille nombreuse"])
    return Case(text, [(last, "PERSON")], [f"{n} enfants", "loyer impayé"])


def t_nickname(rng: random.Random) -> Case:
    nick, age = rng.choice(NICKNAMES), rng.randint(16, 70)
    text = rng.choice(
        [
            f"Le petit {nick} vient tous les jours au chantier.",
            f"{nick.capitalize()} ({age} ans) cherche un logement.",
            f"{nick} a encore raté son rendez-vous",
            f"Tout le monde l'appelle {nick.capitalize()}, il a {age} ans.",
        ]
    )
    return Case(text, [(nick, "PERSON")], [])


def t_employer(rng: random.Random) -> Case:
    city, last = rng.choice(CITIES), rng.choice(SIMPLE_LAST)
    if rng.random() < 0.3:
        chain = rng.choice(CHAINS)
        return Case(f"Elle travaille chez {chain} à {city} en CDI.", [], [chain, city, "CDI"])
    trade = rng.choice(TRADES)
    at = "au" if trade == "Garage" else "à la"
    text, keep = rng.choice(
        [
            (f"Elle travaille chez {trade} {last} à {city}.", [trade, city]),
            (f"Il bosse à la ferme {last} près de {city}.", ["ferme", city]),
            (f"Il est employé {at} {trade.lower()} {last} de {city}.", [trade.lower(), city]),
            (f"Elle fait un stage chez {last} à {city}.", [city]),
        ]
    )
    return Case(text, [(last, "EMPLOYER")], keep)


def t_estate(rng: random.Random) -> Case:
    pattern, names = rng.choice(ESTATES)
    name, city = rng.choice(names), rng.choice(CITIES)
    verb = rng.choice(["Elle habite", "Il vit", "Ils logent", "Elle est hébergée"])
    return Case(f"{verb} {pattern.format(x=name)} à {city}.", [(name, "ADDRESS")], [city])


def t_orgs(rng: random.Random) -> Case:
    first, second = rng.sample(ORGS, 2)
    city = rng.choice(CITIES)
    text = f"{first} et {second} de {city} ne répondent pas à nos mails."
    return Case(text, [], [first, second, city])


def t_invisible(rng: random.Random) -> Case:
    first = rng.choice([n for n in FIRST_NAMES if len(n) > 3 and "-" not in n])
    last = rng.choice([n for n in SIMPLE_LAST if len(n) > 3])
    cut = rng.randint(1, len(last) - 1)
    hidden = last[:cut] + rng.choice(INVISIBLE) + last[cut:]
    age = rng.randint(18, 60)
    return Case(
        f"Mme {first} {hidden}, {age} ans, cherche un logement.",
        [(first, "PERSON"), (last, "PERSON")],
        [f"{age} ans", "logement"],
    )


TEMPLATES: list[tuple[Callable[[random.Random], Case], int]] = [
    (t_ambiguous_start, 40),
    (t_casing, 20),
    (t_lower_particles, 25),
    (t_word_surname, 25),
    (t_famille, 15),
    (t_nickname, 15),
    (t_employer, 30),
    (t_estate, 15),
    (t_orgs, 15),
    (t_invisible, 15),
]


def build() -> list[Case]:
    rng = random.Random(SEED)
    return [template(rng) for template, count in TEMPLATES for _ in range(count)]


def render(cases: list[Case]) -> str:
    """The file's text; invisible characters are written as escapes, so they survive editors."""
    return "".join(_escape_invisible(case.as_json()) + "\n" for case in cases)


def _escape_invisible(line: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if c in INVISIBLE else c for c in line)


def main() -> None:
    cases = build()
    OUTPUT.write_text(render(cases), encoding="utf-8")
    print(f"{len(cases)} cases written to {OUTPUT}")


if __name__ == "__main__":
    main()
