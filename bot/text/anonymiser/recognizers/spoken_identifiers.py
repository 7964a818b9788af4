"""National numbers dictated in words: a French NIR read out group by group with its key
(« deux quatre-vingt-quinze zéro trois … clé trente-six »), a Belgian national number
(« quatre-vingt-cinq zéro sept douze trois cent vingt-quatre cinquante-six »); and a file
number dictated after the words that name it (« son numéro d'allocataire CAF c'est le deux
huit quatre sept trois zéro un »).

The groups a speech-to-text tool writes are read as digits (`bot.text.anonymiser.spoken`) and
checked like typed ones (python-stdnum): a valid number goes without context; one with a wrong
checksum goes when the words before it name it (a digit misheard leaks as much).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.text.anonymiser.model import BE_NATIONAL_NUMBER, FILE_NUMBER, NIR, Entity
from bot.text.anonymiser.recognizers.file_number_cues import FILE_CONTEXT
from bot.text.anonymiser.recognizers.identifiers import (
    BE_NN_CONTEXT,
    NIR_CONTEXT,
    is_valid_be_number,
    is_valid_nir,
)
from bot.text.anonymiser.spoken import SpokenRun, document_runs
from bot.text.anonymiser.text import Document

# The key said after the thirteen digits: « … clé trente-six » (folded text).
_KEY = re.compile(r"[\s,]+(?:la\s+)?cle\s+(?:c'est\s+)?$")


class DictatedIdentifierRecognizer:
    name = "identifier_dictated"
    entity_type = NIR

    def find(self, document: Document) -> Iterator[Entity]:
        runs = document_runs(document)
        for position, run in enumerate(runs):
            following = runs[position + 1] if position + 1 < len(runs) else None
            key = following if following and self._key_between(document, run, following) else None
            digits = run.digits + (key.digits if key else "")
            end = key.end if key else run.end
            before = document.window_before(run.start, 40)
            be_valid = len(run.digits) == 11 and is_valid_be_number(run.digits)
            if len(digits) == 15:
                valid = is_valid_nir(digits)
                if valid or NIR_CONTEXT.search(before):
                    yield Entity(NIR, run.start, end, 0.85 if valid else 0.7, self.name)
            elif len(run.digits) == 11 and (be_valid or BE_NN_CONTEXT.search(before)):
                score = 0.85 if be_valid else 0.7
                yield Entity(BE_NATIONAL_NUMBER, run.start, run.end, score, self.name)
            elif len(run.digits) >= 6 and FILE_CONTEXT.search(before):
                # (below a phone's score: « son numéro c'est le zéro quatre… » is a phone)
                yield Entity(FILE_NUMBER, run.start, run.end, 0.6, self.name)

    @staticmethod
    def _key_between(document: Document, run: SpokenRun, key: SpokenRun) -> bool:
        return bool(_KEY.search(document.folded, run.end, key.start))
