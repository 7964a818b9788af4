"""Seeds of names typed the way chat is typed: lower-case particles after a title, greetings
that are given names too, and a name written after a form's field (« Nom : petit »)."""

from __future__ import annotations

import re

from bot.text.anonymiser.recognizers.name_cues import NEVER_SURNAMES, PARTICLES
from bot.text.anonymiser.recognizers.name_evidence import FIELD_NAME, NameEvidence
from bot.text.anonymiser.text import Document, Token

# Greetings that are given names too, followed by the punctuation that closes a greeting.
GREETINGS = frozenset(["salut", "coucou", "bonjour", "bonsoir", "hello"])
GREETING_AFTER = re.compile(r"\s*(?:[,!]|\s+(?:a\s+tous|à\s+tous|tout\s+le\s+monde)\b)")


def chat_seed(
    evidence: NameEvidence, document: Document, tokens: list[Token], index: int
) -> float | None:
    """The seed score these cues decide, or None when none of them applies."""
    token = tokens[index]
    if index >= 1 and token.key in PARTICLES and token.is_lower:
        chat = index + 1 < len(tokens) and evidence.lower_particle_after_title(
            document, tokens, index
        )
        return 0.9 if chat else 0.0
    if (
        index >= 2
        and tokens[index - 1].key in PARTICLES
        and tokens[index - 1].is_lower
        and evidence.lower_particle_after_title(document, tokens, index - 1)
    ):
        return 0.9
    if token.key in GREETINGS and GREETING_AFTER.match(document.text, token.end):
        return 0.0  # "salut, ma cliente…", "Salut !": a greeting, not Salut the person
    if (
        token.is_lower
        and document.text[max(0, token.start - 3) : token.start].rstrip().endswith(":")
        and FIELD_NAME.search(document.window_before(token.start, 40))
    ):
        return 0.9 if token.key not in NEVER_SURNAMES else 0.0  # "Nom : petit" in chat
    return None
