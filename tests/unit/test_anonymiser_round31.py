"""Chat typed between two appointments and long requests told in full: a given name that is a
word, typed in lower case, where only a person stands — what belongs to them (« l'adresse de
desire »), being seen or called (« jai vu constance ce matin »), the children of a family
listed after their number, a bracket saying whose children they are, whom the request is for
before what is to be done (« pour aime il faudrait… »), a colon opening the sentence, a spouse
after a place's name (« france et son mari »), a surname that is a word before what a person
does (« espoir fontaine ne vient plus »); a surname that is a word before who the person
is in brackets (« petit (nee le …) »); « me » as a lawyer's title; a nickname in quotes after
« dit » and a found name; a house number said in words before its street; a file number
dictated after the words that name it. With their twins:
the feasts, what someone said in quotes, « me » as a pronoun, the field's bodies and regions.
"""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("adresse de desire pr le courrier du cpas : rue haute 3 a mons", "desire"),
        ("le numero de prosper a change, je te l'envoie", "prosper"),
        ("jai vu constance ce matin, elle veut faire une formation", "constance"),
        ("jvais voir prudence cet aprem au bureau", "prudence"),
        ("mme diallo a 3 gamins, victoire, espoir et merveille, la caf a tout stoppe", "espoir"),
        ("jade et ambre (les 2 filles de mme lopes) ne vont plus a l'ecole", "jade"),
        ("pour aime il faudrait un rdv chez le medecin du travail", "aime"),
        ("urgence : claire n'a plus de gaz ni d'elec depuis lundi", "claire"),
        ("france et son mari veulent demenager a arras, ils perdent quoi ?", "france"),
        ("la stagiaire justine petit (nee le 03/04/1999) cherche un logement", "petit"),
        ("espoir boulanger (nn 85.07.30-033.28) a recu un c4 hier", "boulanger"),
        ("son avocate me dubreucq veut un rapport de notre part", "dubreucq"),
        ("c'est me lambotte, avocat a namur, qui suit le dossier", "lambotte"),
        ("M. Lefort, dit « le Grand », 47 ans, dort dehors.", "Grand"),
        ("Un stagiaire, Jérémy Noël, dit « Jé », 27 ans, veut se former.", "Jé"),
        ("elle vit au douze rue des Mineurs à Courrières depuis 2010", "douze"),
        ("il a un logement au numéro vingt-six rue Jean-Moulin à Wattrelos", "rue Jean-Moulin"),
        ("son numéro d'allocataire c'est le deux huit quatre sept trois zéro un", "zéro un"),
        ("bonjour. espoir fontaine ne vient plus depuis lundi, je fais quoi ?", "fontaine"),
        ("sa patronne c'est mme ozturk du snack Ankara Grill a Charleroi", "Ankara Grill"),
        ("me fontaine, l'avocat de mon gars, ne répond plus depuis mars", "fontaine"),
        ("le curateur (me lejeune) a bloqué son compte", "lejeune"),
        ("l'institutrice de son fils (madame leblanc) veut voir la maman", "leblanc"),
        ("Rosa hésite car elle perdrait son RIS à mi-temps.", "Rosa"),
        ("la regie m'a dit que olive pouvait commencer lundi en cuisine", "olive"),
    ],
)
def test_what_goes(text: str, gone: str) -> None:
    output = anonymised(text)
    assert gone.casefold() not in output.casefold(), output


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("pour noel on voudrait offrir un colis aux familles suivies", "pour noel"),
        ("Il m'a dit « Non » quand je lui ai proposé le stage.", "« Non »"),
        ("il me dit que ca va mieux depuis le stage", "il me dit"),
        ("il a trois enfants de deux, quatre et six ans", "deux, quatre et six ans"),
        ("karim et olive aussi veulent venir au chantier", "aussi veulent"),
        ("Le chantier de la crèche rue des Écoles à Lambersart a du retard.", "rue des Écoles"),
        ("Gilles de Binche : nos stagiaires veulent un congé le mardi gras.", "Gilles de Binche"),
        ("Mme Dupuis, professeur principal au collège, signale des absences.", "principal"),
        ("le stage chez pizzeria da salvatore (giuseppe) finit tard", "chez pizzeria"),
        ("madame boulanger (la stagiaire) a une dette de loyer", "madame [PERSONNE]"),
        ("madame la directrice refuse de signer la convention", "madame la directrice"),
        ("on garde espoir, le cpas de liege va revoir le dossier", "garde espoir"),
        ("de la patience il en faut avec la caf", "de la patience"),
        ("C'est Fedris qui paie la rente, ou l'assureur ?", "Fedris"),
        ("Agricall peut-il aider un maraîcher endetté ?", "Agricall"),
        ("Dans notre territoire rural (Santerre, Vimeu), le permis manque.", "Santerre, Vimeu"),
        ("Nos stagiaires voudraient travailler au Grand-Duché de Luxembourg.", "Grand-Duché"),
        ("Il travaillait chez Nettoyage Pro Artois avant son accident.", "Nettoyage"),
    ],
)
def test_what_stays(text: str, kept: str) -> None:
    output = anonymised(text)
    assert kept in output, output
