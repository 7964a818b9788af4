"""The community layout: bassins, groupes, themes and policy, declared in one YAML file (SPEC §1).

The file is validated on load; every error names the field it concerns, e.g.
``bassins[2].neighbours: unknown bassin 'liége'``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from config.yaml_files import load_yaml

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=48)]
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Network(_Strict):
    slug: Slug
    name: str = Field(min_length=1)
    topic: str = ""
    alias_prefix: str = Field(
        default="", pattern=r"^[a-z0-9-]*$", description="prepended to every room alias"
    )
    encrypted: bool = Field(
        default=False, description="every community room end-to-end encrypted (spaces aside)"
    )


class Groupe(_Strict):
    slug: Slug
    name: str = Field(min_length=1)
    short: Slug = Field(description="alias prefix of its rooms, e.g. 'ts' gives #ts-namur")
    description: str = ""
    encrypted: bool = Field(default=False, description="its rooms end-to-end encrypted")


class Bassin(_Strict):
    slug: Slug
    name: str = Field(min_length=1)
    neighbours: list[Slug] = Field(default_factory=list)


class Theme(_Strict):
    slug: Slug
    label: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    signals: list[str] = Field(
        default_factory=list,
        description="more words that show a request is about it (detection only, not search)",
    )
    room: bool = Field(default=False, description="a specialist room is provisioned for it")
    room_topic: str = ""
    encrypted: bool = Field(default=False, description="its room end-to-end encrypted")


class QuietHours(_Strict):
    start: time = time(20, 0)
    end: time = time(8, 0)

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


class Digest(_Strict):
    day: str = "lundi"
    hour: time = time(9, 0)

    @field_validator("day")
    @classmethod
    def _weekday(cls, value: str) -> str:
        if value.lower() not in WEEKDAYS:
            raise ValueError(f"expected a French weekday ({', '.join(WEEKDAYS)})")
        return value.lower()


class Policy(_Strict):
    escalation_delays_hours: list[float] = Field(
        default_factory=lambda: [24.0, 48.0, 72.0],
        description="delays before widening to other groupes, neighbouring bassins, all bassins",
    )
    quiet_hours: QuietHours = QuietHours()
    quiet_days: list[str] = Field(default_factory=lambda: ["samedi", "dimanche"])
    daily_cap_per_room: int = Field(default=5, ge=1)
    themes_per_request: int = Field(
        default=3, ge=1, le=20, description="themes (and so specialist rooms) a request reaches"
    )
    preview_expiry_minutes: int = Field(default=30, ge=1)
    partner_rooms_from_level: int = Field(
        default=0,
        ge=0,
        le=3,
        description="escalation level from which a request reaches the specialist room of a"
        " partner of its themes (0: at once)",
    )
    timezone: str = "Europe/Brussels"
    language: str = "fr"
    digest: Digest = Digest()
    web_public: bool = Field(
        default=False, description="the web site shows the FAQ and fiches to everyone"
    )

    @field_validator("escalation_delays_hours")
    @classmethod
    def _positive_increasing(cls, value: list[float]) -> list[float]:
        if len(value) != 3 or any(v <= 0 for v in value) or value != sorted(value):
            raise ValueError(
                "expected three increasing positive delays in hours, e.g. [24, 48, 72]"
            )
        return value

    @field_validator("quiet_days")
    @classmethod
    def _weekdays(cls, value: list[str]) -> list[str]:
        bad = [d for d in value if d.lower() not in WEEKDAYS]
        if bad:
            raise ValueError(f"unknown weekday(s) {bad}; expected {', '.join(WEEKDAYS)}")
        return [d.lower() for d in value]

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class Layout(_Strict):
    network: Network
    groupes: list[Groupe] = Field(min_length=1)
    bassins: list[Bassin] = Field(min_length=1)
    themes: list[Theme] = Field(default_factory=list)
    policy: Policy = Policy()
    thematiques: dict[str, list[Slug]] = Field(
        default_factory=dict,
        description="data·inclusion thématiques (a category like 'logement-hebergement', or"
        " one thématique 'logement-hebergement--louer-un-logement') to the layout's themes",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for field in ("groupes", "bassins", "themes"):
            seen: set[str] = set()
            for item in getattr(self, field):
                if item.slug in seen:
                    raise ValueError(f"{field}: slug {item.slug!r} is declared twice")
                seen.add(item.slug)
        shorts = [g.short for g in self.groupes]
        if len(shorts) != len(set(shorts)):
            raise ValueError("groupes: two groupes share the same 'short' alias prefix")
        themes = {t.slug for t in self.themes}
        for source, mapped in self.thematiques.items():
            for slug in mapped:
                if slug not in themes:
                    raise ValueError(f"thematiques.{source}: unknown theme {slug!r}")
        known = {b.slug for b in self.bassins}
        for index, bassin in enumerate(self.bassins):
            for neighbour in bassin.neighbours:
                if neighbour not in known:
                    raise ValueError(f"bassins[{index}].neighbours: unknown bassin {neighbour!r}")
                if neighbour == bassin.slug:
                    raise ValueError(
                        f"bassins[{index}].neighbours: a bassin is not its own neighbour"
                    )
        return self

    # Look-ups used across the bot.
    def bassin(self, slug: str) -> Bassin | None:
        return next((b for b in self.bassins if b.slug == slug), None)

    def groupe(self, slug: str) -> Groupe | None:
        return next((g for g in self.groupes if g.slug == slug), None)

    def theme(self, slug: str) -> Theme | None:
        return next((t for t in self.themes if t.slug == slug), None)

    def find_bassin(self, text: str) -> Bassin | None:
        """A bassin by slug or name, ignoring case, accents and dashes ("Liège", "liege")."""
        wanted = slugify(text)
        return next((b for b in self.bassins if wanted in (b.slug, slugify(b.name))), None)

    def find_groupe(self, text: str) -> Groupe | None:
        wanted = slugify(text)
        return next((g for g in self.groupes if wanted in (g.slug, g.short, slugify(g.name))), None)

    def find_theme(self, text: str) -> Theme | None:
        wanted = slugify(text)
        return next((t for t in self.themes if wanted in (t.slug, slugify(t.label))), None)

    def themes_of_thematiques(self, thematiques: list[str]) -> list[str]:
        """The layout's themes for data·inclusion thématiques (each, or its category)."""
        found: list[str] = []
        for item in thematiques:
            found += self.thematiques.get(item, []) or self.thematiques.get(
                item.split("--", 1)[0], []
            )
        return list(dict.fromkeys(found))

    def theme_keywords(self) -> dict[str, list[str]]:
        return {t.slug: [t.label, *t.keywords] for t in self.themes}

    def theme_signals(self) -> dict[str, list[str]]:
        """Everything that shows a theme in a text: its keywords and its signals."""
        return {t.slug: [t.label, *t.keywords, *t.signals] for t in self.themes}

    def alias_localpart(self, base: str) -> str:
        return f"{self.network.alias_prefix}{base}"


class LayoutError(ValueError):
    """A layout file that cannot be used, with one line per problem naming the field."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(file)"


def _explain(error: Any) -> str:
    if error["type"] == "string_pattern_mismatch" and error["ctx"].get("pattern") == SLUG_PATTERN:
        return (
            f"{error['input']!r} is not a slug: use lower-case letters, digits and dashes"
            " (e.g. iae-wallonie)"
        )
    return str(error["msg"]).removeprefix("Value error, ")


def parse_layout(data: object, path: Path = Path("<layout>")) -> Layout:
    try:
        return Layout.model_validate(data)
    except ValidationError as exc:
        # Checks across fields (in `Layout._consistent`) name their field in the message.
        problems = [
            f"{_field_path(err['loc'])}: {_explain(err)}" if err["loc"] else _explain(err)
            for err in exc.errors()
        ]
        raise LayoutError(path, problems) from None


def load_layout(path: Path) -> Layout:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LayoutError(path, [f"cannot read the file ({exc.strerror})"]) from None
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise LayoutError(path, [f"not valid YAML: {exc}"]) from None
    return parse_layout(data, path)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
