"""What a person does, has or is, right after a word: the verbs that make a word the subject
of a sentence about someone (« Marie doit… », « Aurore est enceinte », « florence veut … »)."""

from __future__ import annotations

import re

# What a person does, has or is, right after the word: "Marie doit...", "Marie a 3 enfants",
# "Aurore est enceinte", "Constance n'a pas de titre de séjour". A place or a common word is
# rarely the subject of these ("La France doit..." has its article, which rules it out).
_STATES = (
    r"enceinte|inscrite?|suivie?|accompagnee?|hebergee?|arrivee?|nee?|agee?|maman|mere|pere|"
    r"seule?|malade|sans|au\s+chomage|en\s+(?:formation|stage|cdd|cdi|arret|recherche|"
    r"situation|interim|attente|couple|conge|fin\s+de\s+droits|fin\s+de\s+contrat|eft|aci|cddi|"
    r"parcours|insertion|alternance|apprentissage|pmsmp|immersion|incapacite|essai|retard|"
    r"detention|prison)|sortie?|partie?|venue?|repartie?|retournee?|rentree?|revenue?|allee?|"
    r"restee?|demenagee?|installee?|placee?|"
    r"orientee?|licenciee?|locataire|salariee?|beneficiaire|demandeu(?:r|se)|reconnue?|"
    r"handicapee?|divorcee?|separee?|mariee?|veuve?|celibataire|sdf|originaire|d'origine|"
    r"hospitalisee?|incarceree?|expulsee?|scolarisee?|deco?urag[eé]e?|motivee?|perdue?|"
    r"embauchee?|engagee?|employee?|radiee?|convoquee?|sanctionnee?|suspendue?|exclue?|"
    r"absente?|endettee?|surendettee?|inquiete?|en\s+(?:immersion|contrat|alternance|"
    r"apprentissage|mission|pmsmp|article|art|cddi|ptp|conflit|difficulte|dettes?|maladie|"
    r"retard|colere|echec|decrochage|rupture|insertion|larmes)|demoralisee?|fatiguee?|"
    r"epuisee?|deprimee?|angoissee?|stressee?|bloquee?|paniquee?|desesperee?|isolee?|"
    r"blessee?|decedee?|sous\s+(?:curatelle|tutelle|administration)|aux\s+urgences|"
    r"a\s+l'(?:hopital|hosto)"
)
_HAS = (
    r"besoin|peur|honte|envie|droit|mal|faim|froid|"
    r"perdu|trouve|eu|mis|obtenu|quitte|arrete|ete|fait|signe|recu|demande|appele|rate|dit|"
    r"decide|commence|fini|repris|change|demenage|accouche|pas|plus|jamais|aucune?|rien|"
    r"toujours|deja|encore|enfin|decroche|reussi|valide|termine|"
    r"envoye|ecrit|explique|raconte|prevenu|telephone|confie|avoue|menti|un\s+(?:enfant|fils|bebe|mari|compagnon|cdd|cdi|contrat|loyer|"
    r"rendez-vous|rdv|dossier|souci|probleme|casier|handicap)|une\s+(?:fille|dette|"
    r"formation|amende|reconnaissance|rqth|allocation)|des\s+(?:dettes|enfants|problemes|"
    r"soucis|difficultes)|\d+\s*(?:enfants?|ans|mois|petits?-enfants?|filles?|fils|garcons?)"
)
# « Innocent est très motivé »: an adverb between the verb and the state.
_ADVERB = (
    r"(?:(?:tres|vraiment|super|assez|trop|plutot|bien|toujours|encore|deja|souvent|parfois|"
    r"completement|tellement|si)\s+)?"
)
_VERBS = (
    r"doit|devait|devra|devrait|cherche|cherchait|recherche|souhaite|souhaitait|veut|voulait|"
    r"voudrait|aimerait|vit|vivait|habite|habitait|travaille|travaillait|bosse|touche|percoit|"
    r"vient|venait|arrive|parle|comprend|sait|peut|pourrait|pouvait|pourra|attend|refuse|"
    r"accepte|demande|hesite|hesitait|"
    # a task or a path of one's own: « Marine fait son stage », « Lorraine fait le nettoyage »
    r"fait\s+(?:son|sa|ses|des\s+heures|le\s+(?:menage|nettoyage)|la\s+(?:plonge|salle|vaisselle))|"
    r"explique|raconte|pense|dit|elève|eleve|loue|paie|paye|cumule|garde|dort|galere|"
    # two people acting together: "dumont et lejeune fument", "Kevin et Dylan sont arrivés"
    r"fument|veulent|doivent|travaillent|habitent|vivent|parlent|repondent|refusent|vont|"
    r"sont\s+" + _ADVERB + r"(?:" + _STATES + r"|arrives|arrivees|partis|parties|absents|absentes)|"
    r"ont\s+(?:" + _HAS + r")|"
    r"est\s+" + _ADVERB + r"(?:" + _STATES + r")|etait\s+" + _ADVERB + r"(?:" + _STATES + r")|"
    r"a\s+(?:" + _HAS + r")|"
    r"avait\s+(?:" + _HAS + r")|s'est|se\s+(?:retrouve|sent|demande|forme|bat|presente)|"
    r"et\s+(?:son|sa|ses)\s+(?:mari|femme|fils|fille|enfants?|compagnon|compagne|conjointe?|"
    r"s(?:oe|œ)urs?|freres?|mere|pere|cousine?s?|oncle|tante|amie?s?|copain|copine|bebe)"
)
_BEFORE_THE_VERB = r"^\s*(?:,\s*)?(?:ne\s+|n'|ne\s+l'|ne\s+m'|m'|nous\s+|lui\s+|y\s+|n'y\s+)?(?:"
ACTION_AFTER = re.compile(_BEFORE_THE_VERB + _VERBS + r")(?![a-z])")
# What only a person does: a town's name opening a chat message before it is a given name
# (« florence veut arrêter sa formation », « nancy a peur de perdre son RSA »).
PERSON_ACTION_AFTER = re.compile(
    _BEFORE_THE_VERB + r"veut|voulait|voudrait|souhaite|souhaitait|aimerait|pense|refuse|"
    r"cherche|travaille|bosse|habite|galere|a\s+(?:peur|honte|envie|perdu\s+son|"
    r"\d+\s*ans)|est\s+(?:enceinte|malade|hospitalisee?|licenciee?|en\s+(?:stage|formation|cddi|"
    r"article|arret))|dit\s+que?|"
    # (« france et son mari (tous les 2 en cddi) »: a place has no spouse)
    r"et\s+(?:son|sa)\s+(?:mari|femme|compagnon|compagne|copain|copine|fils|fille|mere|pere)|"
    # (what someone tells the professional: « florence m'a envoyé un sms »)
    r"m'a\s+(?:dit|envoye|ecrit|appele|explique|raconte|prevenu|telephone|confie|avoue|menti))"
    r"(?![a-z])"
)
# What things do too ("la formation commence", "Florence reste une belle ville"): the subject
# is a person only when it is in no dictionary and no lexicon.
ACTION_OF_AN_UNKNOWN_WORD_AFTER = re.compile(
    _BEFORE_THE_VERB
    + _VERBS
    # What a person does that a word at a sentence's start may do too ("Avertissement écrit
    # ou…", "Réponse envoyée"): "Lejeune ne répond plus", "Kassandra fait ses heures".
    + r"|repond|boit|ment|oublie|appelle|ecrit|envoie|revient|rentre|conduit|traduit|menace|"
    r"pleure|insiste|fume|ignore|craque|regrette|reclame|panique|s'endort|s'inquiete|"
    r"s'occupe|se\s+plaint|"
    r"fait|sort|part|reste|rate|manque|passe|commence|continue|perd|prend|met|suit|tombe|"
    r"semble|risque|reprend|font|viennent|cherchent|sortent|partent|restent|manquent|arrivent|"
    r"attendent)(?![a-z])"
)
