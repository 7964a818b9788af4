"""`Previews.mask` on every backend: one transaction per triggering event, the stored text
overwritten (only the masked version is kept), and two masks of one shown preview at the same
moment never both act on it (the second is told the text changed)."""

from __future__ import annotations

import asyncio

import pytest

from bot.framework.errors import UserInputError
from bot.services.help_requests import PREVIEW, Previews
from storage.database import Database
from storage.repositories.conversations import ConversationRepository
from storage.repositories.members import MemberRepository
from storage.unit_of_work import UnitOfWork

TEXT = "Le dossier Vanhamme est bloqué ; elle travaille pour les Ateliers Gribouille."


def _previews(database: Database) -> tuple[Previews, ConversationRepository]:
    conversations = ConversationRepository(database)
    # Masking reads and writes conversations only: FAQ, router and layout are not consulted.
    previews = Previews(
        UnitOfWork(database),
        conversations,
        MemberRepository(database),
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        lambda: None,  # type: ignore[arg-type,return-value]
        prefix="!",
    )
    return previews, conversations


async def _shown(conversations: ConversationRepository) -> int:
    kept = await conversations.start(
        "@a:x", PREVIEW, "!dm:x", {"text": TEXT, "themes": []}, anchor_event_id="$shown"
    )
    return kept.id


async def test_mask_by_number_then_by_word_keeps_only_the_masked_text(database: Database):
    previews, conversations = _previews(database)
    conversation = await conversations.get(await _shown(conversations))
    assert conversation is not None
    masked = await previews.mask("$m1", conversation, [1], None)
    assert masked.data["text"] == (
        "Le dossier [MASQUÉ] est bloqué ; elle travaille pour les Ateliers Gribouille."
    )
    assert masked.anchor_event_id is None  # until the new preview is shown
    await previews.shown(masked, "$shown2")
    on_screen = await conversations.get(masked.id)
    assert on_screen is not None and on_screen.anchor_event_id == "$shown2"
    again = await previews.mask("$m2", on_screen, [], "gribouille")
    assert "Gribouille" not in again.data["text"] and again.data["masked"] == 2
    # The same event handled again (a replay) writes nothing more.
    replayed = await previews.mask("$m2", on_screen, [], "gribouille")
    assert replayed.data == again.data


async def test_unknown_numbers_and_absent_words_change_nothing(database: Database):
    previews, conversations = _previews(database)
    conversation = await conversations.get(await _shown(conversations))
    assert conversation is not None
    with pytest.raises(UserInputError) as unknown:
        await previews.mask("$m1", conversation, [7], None)
    assert unknown.value.key == "aide.mask_unknown"
    with pytest.raises(UserInputError) as absent:
        await previews.mask("$m1", conversation, [], "Lefort")
    assert absent.value.key == "aide.mask_not_found"
    unchanged = await conversations.get(conversation.id)
    assert unchanged is not None and unchanged.data["text"] == TEXT


async def test_two_masks_of_one_shown_preview_at_once_act_once(database: Database):
    previews, conversations = _previews(database)
    conversation = await conversations.get(await _shown(conversations))
    assert conversation is not None
    outcomes = await asyncio.gather(
        previews.mask("$a", conversation, [1], None),
        previews.mask("$b", conversation, [1], None),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, UserInputError)]
    assert len(refused) == 1 and refused[0].key == "aide.mask_changed", outcomes
    stored = await conversations.get(conversation.id)
    assert stored is not None
    # Only the first list's word 1 is masked: the second did not mask the next one.
    assert "[MASQUÉ]" in stored.data["text"] and "Ateliers Gribouille" in stored.data["text"]
