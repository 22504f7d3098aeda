"""Adding drafts to a data file without duplicating a site (`geo extract --append`).

TO BE REPLACED by the merge of `geo import` (features in → added / updated / unchanged,
no duplicates, under the folder lock) when that lands: this is the one place that merges
drafts, used only by `--append`, and kept small so the swap is one call.

A draft is a duplicate of a feature already in the file when it has the same investor, the
same place and the same amount (bounds), compared as geo compares names (`name_key`):
appending the same article twice adds nothing, and a site typed by hand is not added again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo import contract
from geo.amount import AmountError, parse_amount
from geo.core.errors import Problem
from geo.core.files import folder_lock, write_all
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


def append_drafts(data_path: Path, drafts: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Add `drafts` to the data file (created if missing) unless the same site is there already.

    Returns {"added": [names], "unchanged": [names]}. The file is read and written under the
    folder's lock, atomically, only if something was added; it must be a valid data file
    first (a `DataError` says what to fix, and nothing is written).
    """
    data_path = Path(data_path)
    lock_dir = data_path.parent if data_path.parent.exists() else Path(".")
    with folder_lock(lock_dir):
        if data_path.exists():
            doc = contract.load(data_path)
        else:
            doc = contract.Document(path=data_path, data={"type": "FeatureCollection", "features": []})
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise contract.DataError([Problem(str(data_path), "the file is not a FeatureCollection",
                                              hint="fix it first (geo validate says how)")])
        contract.raise_for(contract.validate(doc))
        existing = [_key(f.get("properties") or {}) for f in data["features"] if isinstance(f, dict)]
        report: dict[str, list[str]] = {"added": [], "unchanged": []}
        for draft in drafts:
            props = draft["properties"]
            key = _key(props)
            if any(key[0] == k[0] and key[2] == k[2] and _same_place(key[1], k[1]) for k in existing):
                report["unchanged"].append(props["name"])
                continue
            data["features"].append(draft)
            existing.append(key)
            report["added"].append(props["name"])
        if report["added"]:
            contract.raise_for(contract.validate(doc))
            write_all([(data_path, contract.dumps(data))])
        return report
