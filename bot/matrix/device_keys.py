"""The bot's one-time and fallback keys on the homeserver, kept stocked from each ``/sync``.

Others start an Olm session with the bot by claiming one of its one-time keys. When they are all
claimed (many new devices at once, or someone draining them), a claim returns the device's
fallback key instead, so that a session can still be made; the homeserver then tells, in the
next ``/sync``, that the fallback key was used (``device_unused_fallback_key_types``), and the
bot uploads a new one. The one-time keys are topped up whenever ``/sync`` reports fewer than
the account holds at most.

nio 0.26 uploads one-time keys but knows nothing of fallback keys: the fallback key is made by
vodozemac (nio's account wraps it) and sent in the same ``/keys/upload`` request as the one-time
keys. The account, fallback key included, is saved in the crypto store after each upload.
"""

from __future__ import annotations

import logging
from typing import Any

from nio.crypto import Olm
from nio.responses import KeysUploadResponse

from bot.matrix.events import as_dict, as_list

log = logging.getLogger(__name__)

ALGORITHM = "signed_curve25519"


class DeviceKeys:
    """What the Olm machine must publish, read from the sync and uploaded in one request."""

    def __init__(self, client: Any) -> None:
        self.client = client  # the MatrixClient (its raw API)
        # Unknown until the first /sync says (None): a new device uploads one with its keys.
        self.fallback_needed: bool | None = None

    def on_sync(self, olm: Olm, response: dict[str, Any]) -> None:
        """Read the key counts of one ``/sync`` response (absent parts change nothing)."""
        counts = response.get("device_one_time_keys_count")
        if isinstance(counts, dict):
            count = counts.get(ALGORITHM, 0)  # an algorithm left out has no key left
            olm.uploaded_key_count = count if isinstance(count, int) else 0
        unused = response.get("device_unused_fallback_key_types")
        if isinstance(unused, list):
            self.fallback_needed = ALGORITHM not in as_list(unused)

    def needed(self, olm: Olm) -> bool:
        if self.fallback_needed is None:
            self.fallback_needed = not olm.account.shared
        return bool(olm.should_upload_keys) or self.fallback_needed

    async def upload(self, olm: Olm) -> None:
        """Upload the device keys (first start), missing one-time keys and a fresh fallback key."""
        content: dict[str, Any] = olm.share_keys() if olm.should_upload_keys else {}
        if self.fallback_needed:
            content["fallback_keys"] = self._fallback_key(olm)
        status, data = await self.client.api("POST", "/_matrix/client/v3/keys/upload", content)
        if status != 200:
            log.warning("keys upload failed: %s %s", status, data.get("errcode"))
            return
        counts = as_dict(data.get("one_time_key_counts"))
        signed = counts.get(ALGORITHM, 0)
        plain = counts.get("curve25519", 0)
        # nio's own bookkeeping: account shared, keys marked published, account saved.
        olm.handle_response(
            KeysUploadResponse(
                plain if isinstance(plain, int) else 0, signed if isinstance(signed, int) else 0
            )
        )
        self.fallback_needed = False

    def _fallback_key(self, olm: Olm) -> dict[str, Any]:
        account = olm.account._account  # vodozemac's Account: nio has no fallback key API
        if not account.fallback_key:  # an unpublished one left by a failed upload is reused
            account.generate_fallback_key()
        keys: dict[str, Any] = {}
        for key_id, key in account.fallback_key.items():
            signed: dict[str, Any] = {"key": key.to_base64(), "fallback": True}
            signature = olm.sign_json(signed)
            signed["signatures"] = {olm.user_id: {f"ed25519:{olm.device_id}": signature}}
            keys[f"{ALGORITHM}:{key_id}"] = signed
        return keys
