"""Moderation's pure parts: live layout changes, power levels, figures (SPEC §7)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.framework.catalogue import catalogue
from bot.framework.permissions import Grants
from bot.services.moderation import (
    apply_bassin_changes,
    desired_level,
    effective_layout,
    record_edit,
    room_creators,
    with_bassin,
    with_user_level,
    without_bassin,
)
from bot.services.statistics import Stats, compute_stats, render_stats
from config.layout import LayoutError
from storage.database import Database
from storage.models import FaqEntry, ProvisionedRoom, utcnow
from storage.models.moderation import BASSIN_ADDED, BASSIN_ARCHIVED, BassinChange
from storage.repositories.members import MemberRepository
from storage.repositories.moderation import BassinChangeRepository
from storage.repositories.requests import RequestRepository
from storage.repositories.roles import AuditRepository
from tests.support.bot import small_layout


def change(slug: str, status: str, name: str = "") -> BassinChange:
    return BassinChange(slug=slug, name=name or slug.title(), status=status, changed_by="@m:x")


# ------------------------------------------------------------------------------ layout
def test_with_bassin_adds_a_validated_copy():
    layout = small_layout("t-")
    added = with_bassin(layout, "ouest", "Bassin Ouest")
    assert [b.slug for b in added.bassins] == ["nord", "sud", "ouest"]
    assert [b.slug for b in layout.bassins] == ["nord", "sud"]  # the original is untouched
    with pytest.raises(LayoutError):
        with_bassin(layout, "Pas un slug", "X")


def test_without_bassin_drops_it_from_neighbours():
    layout = small_layout("t-", bassins=3)
    assert layout.bassin("sud").neighbours == ["nord"]  # type: ignore[union-attr]
    remaining = without_bassin(layout, "nord")
    assert [b.slug for b in remaining.bassins] == ["sud", "est"]
    assert all("nord" not in b.neighbours for b in remaining.bassins)


def test_changes_are_applied_in_order_and_never_empty_the_layout():
    layout = small_layout("t-")
    changed = apply_bassin_changes(
        layout,
        [change("ouest", BASSIN_ADDED, "Bassin Ouest"), change("sud", BASSIN_ARCHIVED)],
    )
    assert [b.slug for b in changed.bassins] == ["nord", "ouest"]
    assert changed.bassin("ouest").name == "Bassin Ouest"  # type: ignore[union-attr]
    # Archiving every bassin keeps the last one: a layout always has a bassin.
    alone = apply_bassin_changes(
        layout, [change("nord", BASSIN_ARCHIVED), change("sud", BASSIN_ARCHIVED)]
    )
    assert [b.slug for b in alone.bassins] == ["sud"]
    # Unchanged when the changes are already in the layout.
    assert apply_bassin_changes(layout, [change("nord", BASSIN_ADDED, "Bassin Nord")]) is layout


async def test_effective_layout_reads_the_kept_changes(database: Database):
    repository = BassinChangeRepository(database)
    await repository.set("ouest", "Bassin Ouest", BASSIN_ADDED, "@m:x")
    await repository.set("ouest", "Bassin Ouest", BASSIN_ARCHIVED, "@m:x")
    await repository.set("est", "Bassin Est", BASSIN_ADDED, "@m:x")
    layout = await effective_layout(database, small_layout("t-"))
    assert [b.slug for b in layout.bassins] == ["nord", "sud", "est"]
    assert len(await repository.all()) == 2


# ------------------------------------------------------------------------------ power levels
def test_room_creators_only_from_version_12():
    old = {"sender": "@bot:x", "content": {"room_version": "10", "creator": "@bot:x"}}
    assert room_creators(old) == frozenset()
    new = {
        "sender": "@bot:x",
        "content": {"room_version": "12", "additional_creators": ["@co:x"]},
    }
    assert room_creators(new) == {"@bot:x", "@co:x"}
    assert room_creators({"content": {}}) == frozenset()


def test_with_user_level_changes_only_the_users_entry():
    levels = {"users": {"@bot:x": 100}, "users_default": 0, "kick": 50, "events": {"a": 1}}
    raised = with_user_level(levels, "@m:x", 50)
    assert raised == {**levels, "users": {"@bot:x": 100, "@m:x": 50}}
    assert levels["users"] == {"@bot:x": 100}  # not modified in place
    assert with_user_level(raised, "@m:x", 50) is None  # nothing to do
    lowered = with_user_level(raised, "@m:x", 0)
    assert lowered is not None and lowered["users"] == {"@bot:x": 100}
    assert with_user_level(levels, "@m:x", 0) is None


def test_creators_of_v12_rooms_are_never_listed():
    levels = {"users": {"@co:x": 100}, "users_default": 0}
    fixed = with_user_level(levels, "@co:x", 100, frozenset({"@co:x"}))
    assert fixed is not None and fixed["users"] == {}
    assert with_user_level({"users": {}}, "@co:x", 50, frozenset({"@co:x"})) is None


def room(key: str, bassin: str | None) -> ProvisionedRoom:
    return ProvisionedRoom(key=key, room_id=f"!{key}:x", kind="groupe", name=key, bassin=bassin)


def test_desired_level_by_role():
    nord, root = room("room:nord:ts", "nord"), room("space:root", None)
    member = Grants("@a:x", admin=False, global_moderator=False, bassins=frozenset())
    local = Grants("@b:x", admin=False, global_moderator=False, bassins=frozenset({"nord"}))
    glob = Grants("@c:x", admin=False, global_moderator=True, bassins=frozenset())
    admin = Grants("@d:x", admin=True, global_moderator=False, bassins=frozenset())
    assert [desired_level(g, nord) for g in (member, local, glob, admin)] == [0, 50, 50, 100]
    assert [desired_level(g, root) for g in (member, local, glob, admin)] == [0, 0, 50, 100]
    assert desired_level(local, room("room:sud:ts", "sud")) == 0


# ------------------------------------------------------------------------------ figures
async def test_stats_count_what_exists(database: Database):
    layout = small_layout("t-")
    members = MemberRepository(database)
    await members.upsert("@a:x", bassin="nord", groupe="encadrants")
    await members.upsert("@b:x", bassin="nord", groupe="responsables")
    await members.upsert("@c:x", bassin="sud", groupe="encadrants")
    await members.upsert("@d:x")  # not registered in a bassin yet
    requests = RequestRepository(database)
    first = await requests.create(requester="@a:x", dm_room_id="!dm:x", bassin="nord", text="q")
    await requests.create(requester="@b:x", dm_room_id="!dm2:x", bassin="nord", text="q2")
    await requests.update(first.id, first_answer_at=first.created_at + timedelta(minutes=90))
    await requests.close(first.id, "resolved")
    async with database.transaction() as session:
        session.add(FaqEntry(question="q", answer="a", created_at=utcnow()))
        session.add(FaqEntry(question="q", answer="a", deleted=True))

    stats = await compute_stats(database, layout)
    assert stats.members_total == 3
    assert stats.members["nord"] == {"travailleurs-sociaux": 0, "responsables": 1, "encadrants": 1}
    assert (stats.requests_open, stats.requests_resolved) == (1, 1)
    assert stats.answer_rate == 0.5 and stats.median_first_answer_minutes == 90
    assert stats.faq_entries == 1
    assert (stats.fiches, stats.focus_sessions) == (0, 0)  # tables of later families: 0

    message = render_stats(catalogue("fr"), stats, layout)
    assert "Membres inscrits : 3" in message.body
    assert "Bassin Nord : 2 (Travailleurs sociaux 0, Responsables 1, Encadrants techniques 1)" in (
        message.body
    )
    assert "50 %" in message.body and "1 h 30" in message.body
    assert "\\" not in message.body and "<strong>3</strong>" in message.html
    assert stats.as_dict()["members_total"] == 3


def test_stats_render_without_figures():
    message = render_stats(catalogue("en"), Stats(), small_layout("t-"))
    assert "Answer rate: —" in message.body


# ------------------------------------------------------------------------------ audit
async def test_record_edit_logs_only_edits_of_someone_else(database: Database):
    audit = AuditRepository(database)
    assert not await record_edit(audit, "@author:x", "faq", "#3", "@author:x")
    assert await record_edit(audit, "@mod:x", "fiche", "#7", "@author:x")
    [entry] = await audit.latest()
    assert (entry.actor, entry.action, entry.target) == ("@mod:x", "fiche_edit", "#7")
    assert entry.details == {"what": "fiche", "author": "@author:x"}
    assert catalogue("fr").has(f"mod.action.{entry.action}")
