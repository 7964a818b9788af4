"""Recognizers, one module per kind of personal data, and the default registry."""

from __future__ import annotations

from bot.anonymiser.lexicons import Lexicons
from bot.anonymiser.recognizers.addresses import AddressRecognizer
from bot.anonymiser.recognizers.base import PatternRecognizer, Recognizer
from bot.anonymiser.recognizers.contact import EmailRecognizer, UrlRecognizer
from bot.anonymiser.recognizers.dates import DateRecognizer
from bot.anonymiser.recognizers.file_numbers import FileNumberRecognizer
from bot.anonymiser.recognizers.identifiers import (
    IbanRecognizer,
    be_company_recognizer,
    be_national_number_recognizer,
    nir_recognizer,
    siren_recognizer,
    siret_recognizer,
)
from bot.anonymiser.recognizers.names import NameRecognizer
from bot.anonymiser.recognizers.phones import PhoneRecognizer
from bot.anonymiser.recognizers.plates import plate_recognizers

__all__ = ["PatternRecognizer", "Recognizer", "default_recognizers"]


def default_recognizers(lexicons: Lexicons) -> list[Recognizer]:
    """Every recognizer the anonymiser runs, identifiers first (they win overlaps anyway)."""
    return [
        nir_recognizer(),
        be_national_number_recognizer(),
        IbanRecognizer(),
        siret_recognizer(),
        siren_recognizer(),
        be_company_recognizer(),
        EmailRecognizer(),
        UrlRecognizer(lexicons),
        PhoneRecognizer(),
        *plate_recognizers(),
        DateRecognizer(),
        FileNumberRecognizer(),
        AddressRecognizer(lexicons),
        NameRecognizer(lexicons),
    ]
