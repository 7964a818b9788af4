"""Where a word stands in its sentence: the first word of a sentence or of a clause opened by a
conjunction (« mtn que victoire a signé »), and whom a chat request is for (« pour pierre: … »)."""

from __future__ import annotations

import re

from bot.text.anonymiser.text import Document, Token

# Whom a request is about, typed in chat: « pour pierre: il drache… », « c pr constant, il
# touche l'AAH » (at the very start, or after « c'est »), before a colon or a comma.
FOR_SOMEONE_BEFORE = re.compile(r"(?:^\s*|\bc'?\s?est\s+|\bc\s+)(?:pour|pr)\s+$")
FOR_SOMEONE_AFTER = re.compile(r"\s*[,:]")


def for_someone(document: Document, token: Token, before: str) -> bool:
    """Whether ``token`` is typed as whom the request is for (`FOR_SOMEONE_BEFORE`)."""
    return bool(FOR_SOMEONE_BEFORE.search(before)) and bool(
        FOR_SOMEONE_AFTER.match(document.text, token.end)
    )


# The very start of the text or of a sentence ended by a full stop, a question or a line break;
# or a clause opened by a conjunction, whose subject comes next (« mtn que victoire a signé »).
_OPENS_TEXT_OR_SENTENCE = re.compile(r"(?:^|[.!?\n])\s*$")
_OPENS_A_CLAUSE = re.compile(r"\b(?:que|quand|lorsque|puisque|pcq)\s+$")


def opens_a_clause(document: Document, token: Token) -> bool:
    """Whether ``token`` is the first word of a sentence or of a clause after a conjunction."""
    if _OPENS_TEXT_OR_SENTENCE.search(document.text[max(0, token.start - 6) : token.start]):
        return True
    return bool(_OPENS_A_CLAUSE.search(document.window_before(token.start, 12)))
