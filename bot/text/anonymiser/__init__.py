"""Anonymisation of help requests (SPEC §3.2): personal data out, social context in.

>>> from bot.text.anonymiser import Anonymiser
>>> Anonymiser.default().anonymise("Mme Claire Dubois, 34 ans, à Namur").text
'Mme [PERSONNE], 34 ans, à Namur'
"""

from __future__ import annotations

from bot.text.anonymiser.anonymiser import Anonymiser
from bot.text.anonymiser.check import MASKED, WordToCheck, find_word, mask, words_to_check
from bot.text.anonymiser.model import ENTITY_TYPES, PLACEHOLDERS, AnonymisedText, Entity
from bot.text.anonymiser.text import normalise

__all__ = [
    "ENTITY_TYPES",
    "MASKED",
    "PLACEHOLDERS",
    "AnonymisedText",
    "Anonymiser",
    "Entity",
    "WordToCheck",
    "find_word",
    "mask",
    "normalise",
    "words_to_check",
]
