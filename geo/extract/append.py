"""Adding drafts to a data file without duplicating a site (`geo extract --append`).

The merge is `geo import`'s (`geo.merge.merge_features` through `pipeline.import_features`);
only the rule for "the same site" is the extractor's, and sites already there are left as they are.
A draft is a duplicate of a feature already in the file when it has the same investor, the
same place and the same amount (bounds), compared as geo compares names (`name_key`):
appending the same article twice adds nothing, and a site typed by hand is not added again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.amount import AmountError, parse_amount
from geo.core.text import name_key

__all__ = ["append_drafts"]


def _bounds(props: dict[str, Any]) -> tuple | None:
    parsed = props.get("amount_eur")
    if isinstance(parsed, dict) and ("min" in parsed or "max" in parsed):
        return (_num(parsed.get("min")), _num(parsed.get("max")))
    try:
        a = parse_amount(props.get("amount"))
    except (AmountError, TypeError):
        return None
    return (a.min, a.max)


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _places(props: dict[str, Any]) -> frozenset:
    """The place as codes when geo resolved it, else as typed (folded)."""
    codes = [g.get("code") for g in props.get("geocoded") or () if isinstance(g, dict) and g.get("code")]
    location = props.get("location")
    if not codes and isinstance(location, dict) and location.get("code"):
        codes = [location["code"]]
    if codes:
        return frozenset(codes)
    return frozenset([name_key(str(props.get("place") or ""))])


def _key(props: dict[str, Any]) -> tuple:
    return (name_key(str(props.get("investor") or "")), _places(props), _bounds(props))


def _same_place(a: frozenset, b: frozenset) -> bool:
    return a == b


def draft_key(feature: dict[str, Any]) -> tuple:
    """When a draft is a site already in the file: same investor, place and amount."""
    return _key(feature.get("properties") or {})


def append_drafts(data_path: Path, drafts: list[dict[str, Any]], *,
                  geocoder: Any = None) -> dict[str, list[str]]:
    """Add `drafts` to the data file (created if missing) unless the same site is there already.

    Through `geo import`'s merge (`pipeline.import_features`: under the folder's lock, one
    atomic write, the new sites enriched, those that don't resolve kept as typed and listed
    to check), matching on investor, place and amount (`draft_key`), and never touching a
    site already there. Returns {"added": [names], "unchanged": [names]}.
    """
    from geo import pipeline

    labels = [f"draft {i + 1}" for i in range(len(drafts))]
    result = pipeline.import_features(Path(data_path), drafts, labels, geocoder=geocoder,
                                      key=draft_key, update=False)
    names = {label: draft["properties"].get("name", label) for label, draft in zip(labels, drafts,
                                                                                  strict=True)}
    return {"added": [names[label] for label, _ in result.report.added],
            "unchanged": [names[label] for label, _ in result.report.unchanged]}
