"""French stop words, written without accents because they are compared after normalisation.

They carry no meaning a search could rank on ("le", "pour", "comment", "est-ce que"…); removing
them keeps documents short and queries focused. The list is the Snowball one plus the words
people type in questions ("comment faire pour…") and a few very common verbs.
"""

from __future__ import annotations

_LISTED = """
    a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions
    aurons auront aux avaient avais avait avec avez aviez avions avoir avons ayant ayante
    ayantes ayants ayez ayons c ca car ce ceci cela celle celles celui ces cet cette ceux chez
    comme comment d dans de des donc dont du elle elles en es est et etaient etais etait etant
    etante etantes etants ete etee etees etes etiez etions etre eu eue eues eumes eurent eus
    eusse eussent eusses eussiez eussions eut eutes eux fais fait faire faut fois fumes furent
    fus fusse fussent fusses fussiez fussions fut futes il ils j je jusqu l la le les leur leurs
    lorsqu lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par pas peu peut
    peuvent peux plus pour pourquoi puis puisqu qu quand que quel quelle quelles quels qui quoi
    s sa sans se sera serai seraient serais serait seras serez seriez serions serons seront
    ses si soi soient sois soit sommes son sont sous soyez soyons suis sur t ta te tes toi ton
    tous tout toute toutes tres tu un une unes uns vers voici voila vos votre vous y
"""

STOP_WORDS: frozenset[str] = frozenset(_LISTED.split())
