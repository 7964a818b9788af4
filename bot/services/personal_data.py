"""Members' rights over their personal data (RGPD): a copy of it, forgetting, retention.

``!mes-donnees`` sends the member a JSON file of everything Tisserand holds about them;
``!oubli`` (after a confirmation) erases their profile, roles and traces in one transaction;
a daily job drops the relay data of help requests closed longer ago than the retention.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.matrix.client import MatrixClient
from storage.models import utcnow
from storage.repositories.members import MemberRepository
from storage.repositories.partners import PartnerRepository
from storage.repositories.personal_data import PersonalDataRepository
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

FORGET_WORKFLOW = "personal_data.forget"


@dataclass(frozen=True)
class DataCopy:
    """The member's data as a file, ready to upload."""

    filename: str
    content: bytes
    sections: int


class PersonalDataService:
    def __init__(
        self,
        work: UnitOfWork,
        members: MemberRepository,
        personal_data: PersonalDataRepository,
        client: MatrixClient,
        *,
        retention: timedelta,
        partners: PartnerRepository,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.work = work
        self.members = members
        self.personal_data = personal_data
        self.partners = partners
        self.client = client
        self.retention = retention
        self.clock = clock

    async def copy_of(self, user_id: str) -> DataCopy:
        """Everything held about ``user_id``, as a JSON file."""
        async with self.work.plain() as session:
            data = await self.personal_data.export(user_id, session=session)
        data["exported_at"] = self.clock().isoformat()
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        sections = sum(1 for value in data.values() if value)
        return DataCopy("tisserand-mes-donnees.json", content, sections)

    async def send_copy(self, room_id: str, user_id: str, txn_id: str) -> DataCopy:
        """Upload the copy and post it in ``room_id`` (the member's DM), encrypted when the DM
        is: a copy of someone's data never sits in clear on the homeserver of an encrypted DM."""
        copy = await self.copy_of(user_id)
        await self.client.post_file(
            room_id, copy.content, "application/json", copy.filename, txn_id=txn_id
        )
        return copy

    async def forget(self, event_id: str, user_id: str) -> dict[str, int]:
        """Erase the member (once per triggering event); what was erased, by kind."""
        async with self.work.begin(event_id, FORGET_WORKFLOW) as unit:
            if not unit.replayed:
                unit.result = await self.personal_data.forget(
                    user_id, self.clock(), session=unit.session
                )
        self.members.invalidate(user_id)
        self.partners.invalidate()  # a forgotten partner is a partner no longer
        log.info("a member's personal data was erased on their request")
        return {key: int(value) for key, value in unit.result.items()}

    async def purge_expired(self) -> int:
        """The retention job: relay data of requests closed before the retention period."""
        async with self.work.plain() as session:
            purged = await self.personal_data.purge_closed_requests(
                self.clock() - self.retention, session=session
            )
        if purged:
            log.info("retention: relay data of %d closed help requests purged", purged)
        return purged
