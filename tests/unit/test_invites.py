"""The invite policy's homeserver rule (the policy itself is tested against Synapse in
tests/integration/test_invites.py)."""

from __future__ import annotations

from bot.services.invites import server_allowed


def test_only_allowed_homeservers_unless_open() -> None:
    own = frozenset({"example.org"})
    assert server_allowed("@alice:example.org", own)
    assert not server_allowed("@mallory:evil.org", own)
    assert not server_allowed("@alice:example.org.evil.org", own)
    assert server_allowed("@bob:matrix.org", own | {"matrix.org"})
    assert server_allowed("@mallory:evil.org", own | {"*"})
