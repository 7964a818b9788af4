"""Reading a data·inclusion file: every record validated against the schema (issue 15).

A file is a JSON list of records, or a CSV file with one record a row. A record with a
``structure_id`` is a *service* of that structure, any other a *structure*. Every record is
checked with the models of ``data-inclusion-schema`` (``data_inclusion.schema.v1``); a bad
record is reported with its line and field and left out whole, never half imported. A service
whose structure is missing or bad is left out too. Tisserand's own fields, outside the schema:
``tisserand_bassin`` (a bassin slug of the layout; otherwise the commune is matched against
the bassins' names) and ``tisserand_referent`` (the member who knows the structure best).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from data_inclusion.schema.v1 import Service as DiService
from data_inclusion.schema.v1 import Structure as DiStructure
from pydantic import ValidationError

from config.layout import Layout

LIST_FIELDS = frozenset(
    {
        "thematiques",
        "publics",
        "modes_accueil",
        "reseaux_porteurs",
        "modes_mobilisation",
        "mobilisable_par",
        "zone_eligibilite",
    }
)
OWN_FIELDS = ("tisserand_bassin", "tisserand_referent")


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str
    record_id: str = ""

    def __str__(self) -> str:
        who = f" ({self.record_id})" if self.record_id else ""
        return f"ligne {self.line}{who} : {self.field} : {self.message}"


@dataclass
class ParsedStructure:
    source_id: str
    source: str
    nom: str
    description: str
    adresse: str
    commune: str
    telephone: str
    courriel: str
    site_web: str
    bassin: str | None
    referent: str | None
    record: dict[str, Any]
    services: list[ParsedService] = field(default_factory=list)

    @property
    def themes(self) -> list[str]:
        return list(dict.fromkeys(t for s in self.services for t in s.themes))


@dataclass
class ParsedService:
    source_id: str
    structure_source_id: str
    nom: str
    description: str
    thematiques: list[str]
    themes: list[str]
    publics: str
    conditions: str
    contact: str
    record: dict[str, Any]


@dataclass
class Parsed:
    structures: list[ParsedStructure]
    problems: list[Problem]
    services: int = 0


def records(text: str, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, record) pairs of a JSON list or a CSV file."""
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            yield reader.line_num, _from_csv(row)
        return
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if text[position : position + 1] != "[":
        raise ValueError("a data·inclusion JSON file is a list of records: [ {…}, {…} ]")
    position = _skip(text, position + 1)
    line, counted = 1, 0
    while position < len(text) and text[position] != "]":
        line += text.count("\n", counted, position)  # counted once: linear in the file
        counted = position
        value, position = decoder.raw_decode(text, position)
        yield line, value if isinstance(value, dict) else {"__not_an_object__": value}
        position = _skip(text, position)
        if text[position : position + 1] == ",":
            position = _skip(text, position + 1)


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _from_csv(row: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in row.items():
        if key is None or value is None or str(value).strip() == "":
            continue
        text = str(value).strip()
        record[key] = (
            [p.strip() for p in text.split("|") if p.strip()] if key in LIST_FIELDS else text
        )
    return record


def parse(text: str, fmt: str, layout: Layout) -> Parsed:
    """Every record checked; the structures (with their services) that may be imported."""
    problems: list[Problem] = []
    structures: dict[str, ParsedStructure] = {}
    services: list[tuple[int, ParsedService]] = []
    for line, record in records(text, fmt):
        own = {name: record.pop(name, None) for name in OWN_FIELDS}
        if "__not_an_object__" in record:
            problems.append(Problem(line, "(enregistrement)", "un objet JSON est attendu"))
            continue
        record_id = str(record.get("id") or "")
        is_service = bool(record.get("structure_id"))
        try:
            model = (DiService if is_service else DiStructure).model_validate(record)
        except ValidationError as error:
            for item in error.errors():
                where = ".".join(str(part) for part in item["loc"]) or "(enregistrement)"
                problems.append(Problem(line, where, _message(item), record_id))
            continue
        data = model.model_dump(mode="json", exclude_none=True)
        if is_service:
            services.append((line, _service(data, layout)))
            continue
        bassin, problem = _bassin(own.get("tisserand_bassin"), data.get("commune"), layout)
        if problem:
            problems.append(Problem(line, "tisserand_bassin", problem, record_id))
            continue
        structures[model.id] = _structure(data, bassin, own.get("tisserand_referent"))
    count = 0
    for line, service in services:
        owner = structures.get(service.structure_source_id)
        if owner is None:
            message = "structure inconnue ou refusée dans ce fichier"
            problems.append(Problem(line, "structure_id", message, service.source_id))
            continue
        owner.services.append(service)
        count += 1
    return Parsed(list(structures.values()), problems, count)


def _message(item: Any) -> str:
    """Pydantic's message, without the whole reference list when a value is not in it."""
    if item["type"] == "enum":
        return f"« {item['input']} » n'est pas dans la liste de référence data·inclusion"
    return str(item["msg"])


def _bassin(given: object, commune: object, layout: Layout) -> tuple[str | None, str | None]:
    if given:
        found = layout.find_bassin(str(given))
        if found is None:
            return None, f"bassin inconnu « {given} »"
        return found.slug, None
    found = layout.find_bassin(str(commune)) if commune else None
    return (found.slug if found else None), None


def _structure(data: dict[str, Any], bassin: str | None, referent: object) -> ParsedStructure:
    address = " ".join(
        str(data.get(k, "")) for k in ("adresse", "complement_adresse", "code_postal", "commune")
    )
    return ParsedStructure(
        source_id=data["id"],
        source=data["source"],
        nom=data["nom"],
        description=data.get("description", ""),
        adresse=" ".join(address.split()),
        commune=data.get("commune", ""),
        telephone=data.get("telephone", ""),
        courriel=data.get("courriel", ""),
        site_web=data.get("site_web", ""),
        bassin=bassin,
        referent=str(referent) if referent else None,
        record=data,
    )


def _service(data: dict[str, Any], layout: Layout) -> ParsedService:
    thematiques = sorted(data.get("thematiques", []))
    publics = ", ".join(sorted(data.get("publics", [])))
    if data.get("publics_precisions"):
        publics = f"{publics} — {data['publics_precisions']}".strip(" —")
    conditions = " ".join(
        str(data[k]) for k in ("conditions_acces", "frais", "frais_precisions") if data.get(k)
    )
    contact = " · ".join(
        str(data[k]) for k in ("contact_nom_prenom", "telephone", "courriel") if data.get(k)
    )
    return ParsedService(
        source_id=data["id"],
        structure_source_id=data["structure_id"],
        nom=data["nom"],
        description=data.get("description", ""),
        thematiques=thematiques,
        themes=layout.themes_of_thematiques(thematiques),
        publics=publics,
        conditions=conditions,
        contact=contact,
        record=data,
    )
