"""Requests typed from a phone on a work site: a Belgian number read first as a French one (« 071
23 45 67 » after « cpas »: no longer cut by a file number); a plate in lower case with spaces
after « immat », which is no name; the surname after « prenom aime, nom … » and the given name
after « le prénom c'est »; « m. le goff », a title, « le » and a word of no dictionary; a given
name that is a word before who the person is and their age in a bracket (« olive (ouvriere
polyvalente, 52a) »); a sign typed in lower case after the customer's words (« chez notre client
hotel du beffroi a arras »), after its article (« le client, la creche les p'tits loups a
lambersart ») or a comma (« son stage, fleuriste la rose d'or a liege »). With their twins: a
document's number after its letter, « pour » typed « pr », « monsieur le maire », a name of a
thing after an article, a time after the trade word (« le matin »). And addresses of the Walloon
and northern kind: a door's number after its block (« bloc B 14 »), an estate's name before the
dwelling's parts (« Quartier du Tivoli, bât. 3, appt 21 »), « coron », a named place and its
number after « au » in a sentence that says where someone lives (« au Try du Bois 3 »); and
their twins: a count after a block, « au fond de la salle 3 », « au Bloc 2 ». Then: a common-
word surname before the age (« jerome petit, 48a »), a name said to be like a thing (« rose (oui
comme la fleur) »), a family firm in lower case (« charpentier & fils », never « pere & fils »),
and the owner's name after « chez » and a sector (« chez plastiques vandewalle a comines »); a
firm's name after a legal form in lower case (« la sarl bati-nord (siret …) », the identifier's
name kept); a surname before a bracket saying what kin two people are (« florence meunier (mere
et fille) »).
"""

from __future__ import annotations

import pytest

from bot.text.anonymiser import Anonymiser


def anonymised(text: str) -> str:
    return Anonymiser.default().anonymise(text).text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("je cherche la referente cpas de notre stagiaire, mme verbeke, au 071 23 45 67 svp", "67"),
        ("la voiture de notre salariee (immat fg 512 ht) est a la fourriere", "fg 512 ht"),
        ("sa plaque 1 abc 234 a ete relevee par la police", "1 abc 234"),
        ("salarie en cddi, prenom aime, nom dubois-lefort. sa femme est malade", "dubois-lefort"),
        ("le prénom c'est aime et le nom dubois, il a 3 enfants", "aime"),
        ("son educateur m. le goff nous appelle tt le temps", "goff"),
        ("besoin d'avis: olive (ouvriere polyvalente, 52a) a des douleurs aux epaules", "olive"),
        ("Olive (ouvrière polyvalente, 52a) a des douleurs aux épaules", "Olive"),
        ("lourdes (portugaise, 47a) veut faire reconnaitre son diplome", "lourdes"),
        ("elle fait du nettoyage chez notre client hotel du beffroi a arras", "beffroi"),
        ("le client, la creche les p'tits loups a lambersart, dit qu'il y a pas de local", "loups"),
        ("ma stagiaire fait son stage, fleuriste la rose d'or a liege, veut la payer en noir",
         "rose d'or"),
        ("l'epicerie ou il faisait sa pmsmp, l'epicerie du marais a wazemmes, veut le prendre",
         "marais"),
        ("Mme Dupont vit à Mons, Résidence Les Charmilles bloc B 14 à Mons, 2e étage", "14"),
        ("Elle habite Quartier du Tivoli, bât. 3, appt 21 à Huy depuis mai", "Tivoli"),
        ("Elle loge au coron des Alouettes 17 à Bruay avec ses enfants", "Alouettes"),
        ("Ils logent chez un marchand de sommeil, M. Lupu, qui réclame 550 € par mois, au Try "
         "du Bois 3. Ionut a travaillé au noir", "Try du Bois"),
        ("Elle vit avec sa sœur et la fille de celle-ci (7 ans), aux Bruyères 23 à Kain.",
         "Bruyères"),
        ("bjr, jerome petit, 48a, salarie ds notre regie de quartier a hem", "petit"),
        ("slt, rose (oui comme la fleur) est en cddi ds notre atelier", "rose"),
        ("il veut le faire embaucher ds son entreprise de toiture charpentier & fils a saint-omer",
         "charpentier"),
        ("licenciee de la mission chez plastiques vandewalle a comines pcq elle est enceinte",
         "vandewalle"),
        ("le gerant de la sarl bati-nord (siret 532 198 744 00015) veut embaucher quentin",
         "bati-nord"),
        ("blanche et florence meunier (mere et fille) sont toutes les 2 en parcours", "meunier"),
        ("Marine fait son stage d'aide-logistique à la résidence-services de Spa.", "Marine"),
        ("Lorraine fait le nettoyage des bureaux de la clinique le soir.", "Lorraine"),
        ("RIB de M. Antoine Leclercq FR76 3000 3012 3448 2100 7653 379. Il travaille", "Leclercq"),
        ("M. Lagrené vit en caravane à l'aire d'accueil Les Ormes, emplacement 7, à Wattrelos.",
         "Ormes"),
        ("Mme Roussel habite au Haut-Bois n°2, un hameau sans transport.", "Haut-Bois"),
        ("elle a 4 clients : Mme Dumont à Wépion, les Lemaire à Bouge et un cabinet", "Lemaire"),
        ("Florence Namur (oui c'est son nom de famille) travaille en repassage", "Namur"),
        ("mon salarie, un certain victor hugo (si si c son vrai nom), veut reprendre", "hugo"),
        ("coucou, Anne de Ville (oui c'est son nom, avec le 'de') a eu un CDI", "Ville"),
        ("olive et blanche vont commencer en titres-services a huy", "blanche"),
        ("bonjour, rose et victoire veulent faire une formation", "victoire"),
        ("de victoire on a eu aucune nouvelle, elle devait commencer lundi", "victoire"),
        ("merci. de rose j ai plus de nouvelles depuis 3 semaines", "rose"),
        ("M. Kouassi habite Les Jardins de la Paix, bâtiment 2, apt 14, à Villeneuve-d'Ascq.",
         "Jardins"),
        ("chez un propriétaire privé, M. Pochet, Les Hauts de Gilly 161, 1er étage, pour 620 €",
         "Gilly"),
        ("J'ai un souci avec Jean-Marc Goossens (54 ans). J-M refuse de porter son masque.", "J-M"),
        ("Kevin Dupont est en EFT. K.D. souhaite un contrat d'apprentissage.", "K.D."),
        ("Son patron, M. Marc Namur (oui c'est son nom de famille), tenait une boucherie",
         "Namur"),
        ("Ben, enfin Benjamin Dufour, a 23 ans et sort d'une IPPJ.", "Ben,"),
        ("rdv rate 3x avec son CIP... c'est titi, enfin Thierry. il a des dettes", "titi"),
    ],
)  # fmt: skip
def test_what_goes(text: str, gone: str) -> None:
    output = anonymised(text)
    assert gone.casefold() not in output.casefold(), output


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("immat 1-abc-234", "immat"),
        ("slt le numero de mon stagiaire c +32 (0)478 22 19 66 si qqn a un stage", "c "),
        ("iban de mme dupont pr le remboursement des frais de deplacement", "remboursement"),
        ("je dois envoyer le dossier pr le cddi de mon salarie", "cddi"),
        ("monsieur le maire a signe la convention", "maire"),
        ("mme la juge des enfants a convoque la famille", "juge"),
        ("le nom est important pour elle, elle veut le garder", "important"),
        ("l'huile d'olive (bio, 2 ans de garantie) coute cher", "huile"),
        ("elle bosse a la boulangerie le matin a namur", "le matin"),
        ("elle bosse chez proprete plus a arras en horaires decales", "arras"),
        ("Résidence Les Pins bloc C, elle a 3 enfants", "3 enfants"),
        ("bjr, jerome, petit souci avec le planning de demain", "petit souci"),
        ("entre pere & fils c'est tendu depuis le chantier", "pere & fils"),
        ("elle bosse chez notre client lidl a namur le samedi", "lidl"),
        ("il bosse chez eux a namur depuis mai", "eux"),
        ("le gerant de la sarl bati-nord (siret 532 198 744 00015) veut embaucher", "siret"),
        ("il a monte une sarl de transport avec son frere", "sarl de transport"),
        ("La Lorraine fait son possible pour les frontaliers", "Lorraine"),
        ("La famille est installée sur l'aire d'accueil de Liévin, emplacement 12.", "Liévin"),
        ("Elle habite au Haut-Bois n°2, un hameau de Wimille sans transport.", "Wimille"),
        ("il nous faut un emplacement 3 places pour la camionnette", "3 places"),
        ("il habite Les Tilleuls (c'est le nom de la résidence) à Lens", "Tilleuls"),
        ("j en parle avec lui demain (c son nom de famille qui pose souci)", "demain"),
        ("on a croisé les Anglais à Calais pendant la sortie", "Anglais"),
        ("rose et blanche sont des couleurs qu'elle aime", "blanche"),
        ("le jus de rose, on a eu des nouvelles du fournisseur", "jus de rose"),
        ("Les Compagnons, bâtiment administratif, ouvrent lundi", "Compagnons"),
        ("il habite rue Basse 5 c'est pareil pour sa soeur", "c'est"),
        ("Karim Benali a envoyé son CV et le K.B. du CPAS", "CPAS"),
        ("Bref, enfin Marie est venue au rendez-vous", "Bref"),
        ("c'est lundi, enfin mardi, que le CPAS ouvre", "lundi"),
        ("le rouge et blanche vont bien ensemble sur l'affiche", "blanche"),
        ("au fond de la salle 3 personnes attendent leur tour", "salle"),
        ("il habite à Namur, son bureau est au Bloc 2 de la maison communale.", "Bloc 2"),
        ("le quartier du Nord, à Lille, a des soucis de propreté", "quartier du Nord"),
    ],
)
def test_what_stays(text: str, kept: str) -> None:
    output = anonymised(text)
    assert kept in output, output


def test_a_document_number_after_its_letter_goes_whole() -> None:
    output = anonymised("elle a une carte de séjour B 0123456 78 (carte F)")
    assert "0123456" not in output and "78" not in output, output
