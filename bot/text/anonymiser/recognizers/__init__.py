"""Recognizers, one module per kind of personal data, and the default registry."""

from __future__ import annotations

from bot.text.anonymiser.lexicons import Lexicons
from bot.text.anonymiser.recognizers.addresses import AddressRecognizer
from bot.text.anonymiser.recognizers.base import PatternRecognizer, Recognizer
from bot.text.anonymiser.recognizers.chat_signs import ChatSignRecognizer
from bot.text.anonymiser.recognizers.contact import EmailRecognizer, UrlRecognizer
from bot.text.anonymiser.recognizers.dates import DateRecognizer
from bot.text.anonymiser.recognizers.employers import EmployerRecognizer
from bot.text.anonymiser.recognizers.file_numbers import FileNumberRecognizer
from bot.text.anonymiser.recognizers.identifiers import (
    IbanRecognizer,
    RegroupedIdentifierRecognizer,
    be_company_recognizer,
    be_national_number_recognizer,
    nir_recognizer,
    siren_recognizer,
    siret_recognizer,
)
from bot.text.anonymiser.recognizers.name_initials import InitialsRecognizer
from bot.text.anonymiser.recognizers.name_pairs import CoordinatedNamesRecognizer
from bot.text.anonymiser.recognizers.names import NameRecognizer
from bot.text.anonymiser.recognizers.phones import PhoneRecognizer
from bot.text.anonymiser.recognizers.plates import plate_recognizers
from bot.text.anonymiser.recognizers.quoted_signs import QuotedSignRecognizer
from bot.text.anonymiser.recognizers.said_names import SaidNameRecognizer
from bot.text.anonymiser.recognizers.spoken_identifiers import DictatedIdentifierRecognizer

__all__ = ["PatternRecognizer", "Recognizer", "default_recognizers"]


def default_recognizers(lexicons: Lexicons) -> list[Recognizer]:
    """Every recognizer the anonymiser runs, identifiers first (they win overlaps anyway)."""
    return [
        nir_recognizer(),
        be_national_number_recognizer(),
        IbanRecognizer(),
        RegroupedIdentifierRecognizer(),
        DictatedIdentifierRecognizer(),
        siret_recognizer(),
        siren_recognizer(),
        be_company_recognizer(),
        EmailRecognizer(),
        UrlRecognizer(lexicons),
        PhoneRecognizer(),
        *plate_recognizers(),
        DateRecognizer(),
        FileNumberRecognizer(lexicons),
        AddressRecognizer(lexicons),
        EmployerRecognizer(lexicons),
        QuotedSignRecognizer(lexicons),
        ChatSignRecognizer(lexicons),
        SaidNameRecognizer(lexicons),
        CoordinatedNamesRecognizer(lexicons),
        InitialsRecognizer(lexicons),
        NameRecognizer(lexicons),
    ]
