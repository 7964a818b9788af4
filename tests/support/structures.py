"""A fictional structure and its service, in the data·inclusion format, for the tests that
import a directory (the command's and the web site's)."""

from __future__ import annotations

from typing import Any

FICTIONAL_STRUCTURES: list[dict[str, Any]] = [
    {
        "source": "test",
        "id": "test--toit",
        "nom": "Toit du Nord (fictif)",
        "date_maj": "2026-10-01",
        "adresse": "Rue du Test 1",
        "commune": "Testville",
        "telephone": "+3281000009",
        "tisserand_bassin": "nord",
    },
    {
        "source": "test",
        "structure_id": "test--toit",
        "id": "test--toit--bail",
        "nom": "Aide à la garantie locative",
        "description": "Avance de la garantie locative, remboursée par petits montants.",
        "date_maj": "2026-10-01",
        "thematiques": ["logement-hebergement--louer-un-logement"],
        "publics": ["familles"],
        "conditions_acces": "Revenus modestes, domicile dans le bassin.",
    },
]
