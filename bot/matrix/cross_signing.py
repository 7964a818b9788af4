"""Cross-signing: the bot's account vouches for its device, so clients show it as verified.

On first start the bot makes its master, self-signing and user-signing keys (Ed25519, PyNaCl:
vodozemac's Python binding verifies signatures but does not make them), uploads them, and signs
its device with the self-signing key; every start checks that the current device is signed,
so a new device (after a lost crypto store) is signed again.

The private keys are kept in ``<data_dir>/crypto/cross_signing.json``, encrypted with a key
derived (Argon2id) from ``TISSERAND_CROSS_SIGNING_SECRET``; neither the secret nor the keys
are ever logged.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.signing import SigningKey

log = logging.getLogger(__name__)

KEYS_FILE = "cross_signing.json"
USAGES = ("master", "self_signing", "user_signing")


def canonical_json(value: Any) -> bytes:
    """The Matrix spec's canonical JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def unpadded(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def sign(key: SigningKey, obj: dict[str, Any], user_id: str) -> dict[str, Any]:
    """``obj`` with the signature of ``key`` added (spec: signing JSON)."""
    unsigned = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    signature = unpadded(key.sign(canonical_json(unsigned)).signature)
    signed = dict(obj)
    signatures = {user: dict(sigs) for user, sigs in obj.get("signatures", {}).items()}
    signatures.setdefault(user_id, {})[f"ed25519:{public(key)}"] = signature
    signed["signatures"] = signatures
    return signed


def public(key: SigningKey) -> str:
    return unpadded(bytes(key.verify_key))


@dataclass(frozen=True)
class CrossSigningKeys:
    master: SigningKey
    self_signing: SigningKey
    user_signing: SigningKey

    @classmethod
    def generate(cls) -> CrossSigningKeys:
        return cls(SigningKey.generate(), SigningKey.generate(), SigningKey.generate())

    def key_object(self, usage: str, user_id: str) -> dict[str, Any]:
        key: SigningKey = getattr(self, usage)
        obj = {
            "user_id": user_id,
            "usage": [usage],
            "keys": {f"ed25519:{public(key)}": public(key)},
        }
        return obj if usage == "master" else sign(self.master, obj, user_id)

    # -- kept encrypted on disk ------------------------------------------------------------
    def save(self, path: Path, secret: str) -> None:
        salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
        seeds = {usage: unpadded(bytes(getattr(self, usage))) for usage in USAGES}
        box = nacl.secret.SecretBox(_derive(secret, salt))
        sealed = box.encrypt(json.dumps(seeds).encode())
        document = {"version": 1, "salt": unpadded(salt), "sealed": unpadded(bytes(sealed))}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(document), encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, secret: str) -> CrossSigningKeys:
        document = json.loads(path.read_text(encoding="utf-8"))
        salt, sealed = _unb64(document["salt"]), _unb64(document["sealed"])
        seeds = json.loads(nacl.secret.SecretBox(_derive(secret, salt)).decrypt(sealed))
        keys = {usage: SigningKey(_unb64(seeds[usage])) for usage in USAGES}
        return cls(**keys)


def _derive(secret: str, salt: bytes) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE,
        secret.encode(),
        salt,
        opslimit=nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
        memlimit=nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE,
    )


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


class CrossSigning:
    """Sets up the account's cross-signing keys and keeps the bot's device signed."""

    def __init__(self, client: Any, directory: Path, secret: str, password: str | None) -> None:
        self.client = client  # MatrixClient
        self.path = directory / KEYS_FILE
        self.secret = secret
        self.password = password

    async def ensure(self, device_id: str) -> None:
        user_id = self.client.user_id
        published = await self._query(user_id)
        if self.path.exists():
            keys = CrossSigningKeys.load(self.path, self.secret)
        else:
            keys = CrossSigningKeys.generate()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            keys.save(self.path, self.secret)  # kept before the upload: a retry reuses them
        master = f"ed25519:{public(keys.master)}"
        if master not in published.get("master_keys", {}).get(user_id, {}).get("keys", {}):
            await self._upload(keys, user_id)
            log.info("cross-signing keys uploaded for %s", user_id)
            published = await self._query(user_id)
        device = published.get("device_keys", {}).get(user_id, {}).get(device_id)
        if not isinstance(device, dict):
            log.warning("device %s has no keys on the homeserver: not signed yet", device_id)
            return
        ssk = f"ed25519:{public(keys.self_signing)}"
        if ssk in device.get("signatures", {}).get(user_id, {}):
            return
        signed = sign(keys.self_signing, device, user_id)
        status, data = await self.client.api(
            "POST", "/_matrix/client/v3/keys/signatures/upload", {user_id: {device_id: signed}}
        )
        if status != 200 or data.get("failures"):
            log.warning("device signature refused (%s %s)", status, data.get("failures"))
        else:
            log.info("device %s signed by the self-signing key", device_id)

    async def _query(self, user_id: str) -> dict[str, Any]:
        status, data = await self.client.api(
            "POST", "/_matrix/client/v3/keys/query", {"device_keys": {user_id: []}}
        )
        return data if status == 200 else {}

    async def _upload(self, keys: CrossSigningKeys, user_id: str) -> None:
        body: dict[str, Any] = {f"{usage}_key": keys.key_object(usage, user_id) for usage in USAGES}
        path = "/_matrix/client/v3/keys/device_signing/upload"
        status, data = await self.client.api("POST", path, body)
        if status == 401 and "flows" in data and self.password is not None:
            body["auth"] = {
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": user_id},
                "password": self.password,
                "session": data.get("session"),
            }
            status, data = await self.client.api("POST", path, body)
        if status != 200:
            raise RuntimeError(f"cross-signing keys refused: {status} {data.get('errcode')}")
