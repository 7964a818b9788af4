"""Files attached to fiches, fetched from the homeserver with the bot's token, server-side.

The browser never sees the token nor the homeserver: it asks the site for "attachment n of
fiche f", the site checks the fiche holds it, downloads it with the authenticated media API
and streams it back as a download (never rendered inline: a file is not a page of the site).

A file attached in an encrypted room is ciphertext on the homeserver; its key is kept with the
fiche. The site decrypts it here, after checking the SHA-256 of what the homeserver returned,
and gives it only to signed-in members, never cached: the file came from an encrypted room, so
it is not for anonymous visitors even on a public site. The key stays on the server: it is not
in any URL, header, page or log line.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

import aiohttp
from aiohttp import web
from nio.crypto.attachments import decrypt_attachment
from nio.exceptions import EncryptionError

from bot.web.site import WebSite

log = logging.getLogger(__name__)

_MXC = re.compile(r"^mxc://([A-Za-z0-9.:\-\[\]]+)/([A-Za-z0-9_\-]+)$")
_MIMETYPE = re.compile(r"^[A-Za-z0-9][\w.+\-]*/[A-Za-z0-9][\w.+\-]*$")
CHUNK = 64 * 1024
# Decrypting needs the whole file in memory; a homeserver's default upload limit is 50 MiB.
MAX_ENCRYPTED = 64 * 1024 * 1024
SANDBOX = "default-src 'none'; sandbox"


def is_encrypted(attachment: Mapping[str, Any]) -> bool:
    """An attachment that came from an encrypted room (it keeps the ``file`` object)."""
    return isinstance(attachment.get("file"), Mapping)


async def proxy(
    request: web.Request, site: WebSite, attachment: Mapping[str, Any]
) -> web.StreamResponse:
    if is_encrypted(attachment):
        return await decrypted(request, site, attachment)
    media_id, url = _download_url(site, attachment.get("url"))
    async with _upstream(site, url) as upstream:
        response = web.StreamResponse(
            headers=_headers(
                upstream.headers.get("Content-Type", "application/octet-stream"),
                _disposition(attachment, media_id),
                "private, max-age=3600",
            )
        )
        if upstream.content_length is not None:
            response.content_length = upstream.content_length
        await response.prepare(request)
        async for chunk in upstream.content.iter_chunked(CHUNK):
            await response.write(chunk)
        await response.write_eof()
        return response


async def decrypted(
    request: web.Request, site: WebSite, attachment: Mapping[str, Any]
) -> web.Response:
    """The original file: downloaded, its hash checked, decrypted. 502 when the homeserver
    returns something else than what was attached (the hash differs): nothing is served."""
    secret = attachment["file"]
    media_id, url = _download_url(site, secret.get("url") or attachment.get("url"))
    ciphertext = await _download(site, url)
    try:
        key, digest, iv = secret["key"]["k"], secret["hashes"]["sha256"], secret["iv"]
        plain = await asyncio.to_thread(decrypt_attachment, ciphertext, key, digest, iv)
    except (EncryptionError, KeyError, TypeError):
        log.warning("an encrypted attachment (%s) does not match its hash or key", media_id)
        raise web.HTTPBadGateway() from None
    return web.Response(
        body=plain,
        headers=_headers(
            _mimetype(attachment), _disposition(attachment, media_id), "private, no-store"
        ),
    )


def _headers(content_type: str, disposition: str, cache: str) -> dict[str, str]:
    """What every served file carries: a download, sandboxed, never rendered as a page."""
    return {
        "Content-Type": content_type,
        "Content-Disposition": disposition,
        "Content-Security-Policy": SANDBOX,
        "Cache-Control": cache,
    }


def _download_url(site: WebSite, mxc: object) -> tuple[str, str]:
    """The media id and the homeserver's authenticated download URL of ``mxc://server/id``."""
    match = _MXC.match(str(mxc or ""))
    if match is None or not site.homeserver_url:
        raise web.HTTPNotFound()
    server, media_id = match.groups()
    base = site.homeserver_url.rstrip("/")
    return media_id, f"{base}/_matrix/client/v1/media/download/{quote(server)}/{quote(media_id)}"


async def _download(site: WebSite, url: str) -> bytes:
    """The whole stored file, refused past `MAX_ENCRYPTED` (it is decrypted in memory)."""
    async with _upstream(site, url) as upstream:
        if (upstream.content_length or 0) > MAX_ENCRYPTED:
            raise web.HTTPRequestEntityTooLarge(MAX_ENCRYPTED, upstream.content_length or 0)
        data = bytearray()
        async for chunk in upstream.content.iter_chunked(CHUNK):
            data += chunk
            if len(data) > MAX_ENCRYPTED:
                raise web.HTTPRequestEntityTooLarge(MAX_ENCRYPTED, len(data))
        return bytes(data)


@asynccontextmanager
async def _upstream(site: WebSite, url: str) -> AsyncIterator[aiohttp.ClientResponse]:
    """The homeserver's answer for ``url``, fetched with the bot's token; 404 when the bot is
    not signed in or the homeserver does not serve the file (the visitor learns nothing more)."""
    token = await site.bot_token()
    if token is None:
        raise web.HTTPNotFound()
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http,
        http.get(url, headers={"Authorization": f"Bearer {token}"}) as upstream,
    ):
        if upstream.status != 200:
            raise web.HTTPNotFound()
        yield upstream


def _mimetype(attachment: Mapping[str, Any]) -> str:
    """The type the sender gave the file (the homeserver only knows the ciphertext's)."""
    info = attachment.get("info")
    given = info.get("mimetype") if isinstance(info, Mapping) else None
    given = given or attachment["file"].get("mimetype")
    if isinstance(given, str) and _MIMETYPE.match(given):
        return given
    return "application/octet-stream"


def _disposition(attachment: Mapping[str, Any], media_id: str) -> str:
    name = str(attachment.get("name") or media_id)
    return f"attachment; filename*=UTF-8''{quote(name)}"
