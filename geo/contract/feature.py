"""A new site as the data contract writes it: what `geo add` and the API append to the file."""

from __future__ import annotations

from typing import Any

__all__ = ["new_feature"]


def new_feature(name: str, place: str, amount: str | int | float, *, investor: str | None = None,
                investor_country: str | None = None, date: str | None = None,
                status: str | None = None, notes: str | None = None, source_url: str | None = None,
                source_title: str | None = None, **extra: Any) -> dict[str, Any]:
    """A GeoJSON Feature for one announced site, as a person would type it.

    Empty fields are left out rather than written as null; `extra` properties are kept
    as they are (the contract keeps unknown properties). `geo build` fills in the id, the
    parsed amount and the location.

    >>> new_feature("Data center", "Cambrai (Nord)", "20 milliards d'euros",
    ...             investor="Brookfield", source_url="https://example.org/a")["properties"]
    ... # doctest: +NORMALIZE_WHITESPACE
    {'name': 'Data center', 'investor': 'Brookfield', 'place': 'Cambrai (Nord)',
     'amount': "20 milliards d'euros", 'sources': [{'url': 'https://example.org/a'}]}
    """
    props = {"name": name, "investor": investor, "investor_country": investor_country,
             "place": place, "amount": amount, "date": date, "status": status, "notes": notes,
             **extra}
    props = {k: v for k, v in props.items() if v is not None}
    source = {k: v for k, v in (("url", source_url), ("title", source_title)) if v}
    if source:
        props["sources"] = [source]
    return {"type": "Feature", "geometry": None, "properties": props}
