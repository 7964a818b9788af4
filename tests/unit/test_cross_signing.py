"""Cross-signing keys: spec signatures, and private keys sealed by the operator's secret."""

from __future__ import annotations

from pathlib import Path

import nacl.exceptions
import pytest
from vodozemac import Ed25519PublicKey, Ed25519Signature

from bot.matrix.cross_signing import CrossSigningKeys, canonical_json, public, sign

USER = "@tisserand:example.org"


def test_canonical_json_is_the_spec_form() -> None:
    assert canonical_json({"b": 1, "a": "é", "c": [1, {"z": 0, "y": 1}]}) == (
        '{"a":"é","b":1,"c":[1,{"y":1,"z":0}]}'.encode()
    )


def test_a_signed_object_verifies_without_its_signatures_and_unsigned() -> None:
    keys = CrossSigningKeys.generate()
    device = {
        "user_id": USER,
        "device_id": "ABC",
        "keys": {"ed25519:ABC": "x"},
        "signatures": {USER: {"ed25519:ABC": "device-self-signature"}},
        "unsigned": {"device_display_name": "Tisserand"},
    }
    signed = sign(keys.self_signing, device, USER)
    key_id = f"ed25519:{public(keys.self_signing)}"
    assert signed["signatures"][USER]["ed25519:ABC"] == "device-self-signature"
    body = {k: v for k, v in signed.items() if k not in ("signatures", "unsigned")}
    Ed25519PublicKey.from_base64(public(keys.self_signing)).verify_signature(
        canonical_json(body), Ed25519Signature.from_base64(signed["signatures"][USER][key_id])
    )
    ssk = keys.key_object("self_signing", USER)
    master_id = f"ed25519:{public(keys.master)}"
    assert ssk["usage"] == ["self_signing"] and master_id in ssk["signatures"][USER]


def test_private_keys_are_sealed_with_the_secret(tmp_path: Path) -> None:
    keys = CrossSigningKeys.generate()
    path = tmp_path / "cross_signing.json"
    keys.save(path, "le secret")
    assert public(keys.master).encode() not in path.read_bytes()
    assert bytes(keys.master) not in path.read_bytes()
    again = CrossSigningKeys.load(path, "le secret")
    assert public(again.master) == public(keys.master)
    assert public(again.user_signing) == public(keys.user_signing)
    with pytest.raises(nacl.exceptions.CryptoError):
        CrossSigningKeys.load(path, "un autre secret")
