"""Files in incoming events: a clear ``url`` or an encrypted ``file`` object, malformed ones
refused (bot/matrix/events.py)."""

from __future__ import annotations

from typing import Any

from bot.matrix.events import IncomingEvent

KEYS = {
    "v": "v2",
    "key": {"kty": "oct", "alg": "A256CTR", "k": "c2VjcmV0", "ext": True},
    "iv": "aXY",
    "hashes": {"sha256": "aGFzaA"},
}


def event(content: dict[str, Any]) -> IncomingEvent:
    raw = {"event_id": "$e", "sender": "@a:test", "type": "m.room.message", "content": content}
    parsed = IncomingEvent.from_raw("!r:test", raw)
    assert parsed is not None
    return parsed


def test_a_clear_file_has_no_key():
    found = event({"msgtype": "m.file", "body": "plan.pdf", "url": "mxc://test/abc"}).attachment
    assert found is not None and (found.url, found.name, found.encrypted) == (
        "mxc://test/abc",
        "plan.pdf",
        None,
    )


def test_an_encrypted_file_keeps_its_file_object_out_of_its_repr():
    content = {
        "msgtype": "m.image",
        "body": "photo.png",
        "info": {"mimetype": "image/png", "size": 12, "w": 3},
        "file": {**KEYS, "url": "mxc://test/xyz"},
    }
    found = event(content).attachment
    assert found is not None and found.url == "mxc://test/xyz" and found.msgtype == "m.image"
    assert found.encrypted == content["file"] and found.info == {
        "mimetype": "image/png",
        "size": 12,
    }
    assert "c2VjcmV0" not in repr(found)


def test_malformed_files_are_refused():
    for file in (
        {**KEYS, "url": "https://elsewhere/x"},
        {**KEYS, "url": "mxc://test/x", "iv": 3},
        {"url": "mxc://test/x", "key": {}},
        {**KEYS, "url": "mxc://test/x", "hashes": {}},
    ):
        assert event({"msgtype": "m.file", "body": "f", "file": file}).attachment is None
    assert event({"msgtype": "m.text", "body": "f", "url": "mxc://test/x"}).attachment is None
