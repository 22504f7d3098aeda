"""Stable site ids: what links an article, a chart or a spreadsheet row to one site."""

from __future__ import annotations

from typing import Any

from geo.core.text import slugify

__all__ = ["assign_ids"]


def assign_ids(features: list[dict[str, Any]], skip: frozenset[int] = frozenset()) -> int:
    """Give every feature without an id a unique slug; returns how many were assigned.

    Existing ids are never changed: they are what links an article to a site. A new id
    is made of the investor and the place, and numbered when it is already taken. Features
    in `skip` (those still to check) are left exactly as typed.

    >>> features = [{"id": "acme-lyon", "properties": {}},
    ...             {"properties": {"investor": "ACME", "place": "Lyon"}}]
    >>> assign_ids(features), features[1]["id"]
    (1, 'acme-lyon-2')
    """
    taken = {str(f["id"]) for f in features if isinstance(f, dict) and f.get("id") is not None}
    assigned = 0
    for index, feature in enumerate(features):
        if index in skip or feature.get("id") is not None:
            continue
        props = feature.get("properties") or {}
        parts = [props.get("investor"), props.get("place") or props.get("name")]
        base = slugify(" ".join(str(p) for p in parts if p)) if any(parts) else "site"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        feature["id"] = candidate
        assigned += 1
    return assigned

