"""Places: profile field names that hold where someone is (for the ``lists`` rules)."""

from __future__ import annotations

#: Field names that hold a place.
PLACE_FIELD_NAMES = (
    "location",
    "place",
    "city",
    "based in",
    "where",
    "ort",
    "wohnort",
    "standort",
    "lieu",
    "ville",
    "ubicación",
    "ubicacion",
    "lugar",
    "ciudad",
    "localização",
    "cidade",
    "luogo",
    "città",
    "plaats",
    "woonplaats",
    "plats",
    "sted",
    "miejsce",
    "místo",
    "konum",
    "lokasi",
)
