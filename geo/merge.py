"""New announcements merged into a data file without duplicates, and a report of what changed.

Used by `geo import` (rows of a spreadsheet) and by anything else that brings sites as
GeoJSON features (an article extractor): `merge_features(data, features)` updates the
parsed data file in place and says which sites were added, updated or unchanged.

A feature is the same site as one already in the file when it has the same `id`, or,
when it has none, the same name, investor and place (compared folded: case, accents and
punctuation aside). The merge never loses anything: a value already in the file is
replaced only by a different, non-empty one (an empty cell says nothing, so it erases
nothing), properties the feature doesn't mention are kept, and sources are added to the
site's list (a source with the same link is completed, not duplicated). When a site's
coordinates change, its computed location goes with them, so that the next build works
it out again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from geo.core.errors import DataError, Problem
from geo.core.text import name_key

__all__ = ["MergeReport", "merge_features", "site_key"]


@dataclass
class MergeReport:
    """What a merge did, site by site, in the order the features came."""

    #: (label, id or name) of each site added.
    added: list[tuple[str, str]] = field(default_factory=list)
    #: (label, id or name, fields changed) of each site updated.
    updated: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    #: (label, id or name) of each site already in the file as given.
    unchanged: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """"2 added, 1 updated, 17 unchanged"."""
        return f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"

    def to_json(self) -> dict[str, Any]:
        return {"added": [{"label": a, "site": b} for a, b in self.added],
                "unchanged": [{"label": a, "site": b} for a, b in self.unchanged],
                "updated": [{"fields": list(f), "label": a, "site": b} for a, b, f in self.updated]}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def site_key(feature: dict[str, Any]) -> tuple[str, str, str] | None:
    """(name, investor, place) folded: what makes two sites without an id the same site.

    >>> site_key({"properties": {"name": "Data Center", "investor": "Évroc", "place": "Mougins"}})
    ('data center', 'evroc', 'mougins')
    """
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        return None
    return tuple(name_key(_text(props.get(k))) for k in ("name", "investor", "place"))  # type: ignore[return-value]


def _label(feature: dict[str, Any]) -> str:
    fid = feature.get("id")
    if fid is not None:
        return str(fid)
    return _text((feature.get("properties") or {}).get("name")) or "(no name)"


def _same_source(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("url") or b.get("url"):
        return a.get("url") == b.get("url")
    return bool(a.get("title")) and a.get("title") == b.get("title")


def _merge_sources(existing: Any, incoming: list[Any]) -> list[Any] | None:
    """The site's sources with the incoming ones added or completed; None when unchanged."""
    sources = [dict(s) if isinstance(s, dict) else s for s in existing] \
        if isinstance(existing, list) else []
    changed = not isinstance(existing, list)
    for new in incoming:
        if not isinstance(new, dict):
            continue
        match = next((s for s in sources if isinstance(s, dict) and _same_source(s, new)), None)
        if match is None:
            sources.append(dict(new))
            changed = True
            continue
        for key, value in new.items():
            if value not in (None, "") and match.get(key) != value:
                match[key] = value
                changed = True
    return sources if changed else None


def _update(target: dict[str, Any], incoming: dict[str, Any]) -> tuple[str, ...]:
    """Apply `incoming`'s non-empty values to `target` (a feature); the fields changed."""
    props = target.setdefault("properties", {})
    changed = []
    for key, value in (incoming.get("properties") or {}).items():
        if value is None or value == "":
            continue
        if key == "sources" and isinstance(value, list):
            merged = _merge_sources(props.get("sources"), value)
            if merged is not None:
                props["sources"] = merged
                changed.append("sources")
            continue
        if props.get(key) != value:
            props[key] = value
            changed.append(key)
    geometry = incoming.get("geometry")
    if geometry is not None and target.get("geometry") != geometry:
        target["geometry"] = geometry
        props.pop("location", None)  # worked out again from the new point by the next build
        changed.append("geometry")
    return tuple(changed)


def _new(incoming: dict[str, Any]) -> dict[str, Any]:
    feature: dict[str, Any] = {"type": "Feature"}
    if incoming.get("id") is not None:
        feature["id"] = incoming["id"]
    feature["geometry"] = incoming.get("geometry")
    feature["properties"] = {k: v for k, v in (incoming.get("properties") or {}).items()
                             if v is not None and v != ""}
    return feature


def merge_features(data: dict[str, Any], features: list[dict[str, Any]],
                   labels: list[str] | None = None, file: str = "", *,
                   key: Callable[[dict[str, Any]], Any] | None = None, update: bool = True) -> MergeReport:
    """Merge `features` into `data` (a parsed FeatureCollection), in place; see the module.

    `labels` name each feature in the report and in errors ("row 12"); two features that
    describe the same site are refused (DataError) before anything is changed. `key` says
    when two features without an id are the same site (default `site_key`: name, investor
    and place; an article's drafts have no name of their own and use investor, place and
    amount). With `update=False` a site already in the file is left exactly as it is
    (drafts read from an article never overwrite what a person wrote).

    >>> data = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "id": "evroc-mougins", "geometry": None,
    ...      "properties": {"name": "Data center", "investor": "Evroc", "place": "Mougins",
    ...                     "amount": "4 milliards d'euros"}}]}
    >>> report = merge_features(data, [
    ...     {"id": "evroc-mougins", "properties": {"amount": "quelque 4 milliards d'euros"}},
    ...     {"properties": {"name": "Campus IA", "investor": "MGX", "place": "Fouju",
    ...                     "amount": "8,5 milliards d'euros"}}])
    >>> report.summary(), report.updated[0][2]
    ('1 added, 1 updated, 0 unchanged', ('amount',))
    """
    labels = labels or [f"feature {i + 1}" for i in range(len(features))]
    existing = data.setdefault("features", [])
    same = key or site_key
    _refuse_duplicates(features, labels, file, same)
    by_id = {str(f["id"]): f for f in existing if isinstance(f, dict) and f.get("id") is not None}
    by_key: dict[tuple, dict[str, Any]] = {}
    for f in existing:
        known = same(f)
        if known is not None and any(known):
            by_key.setdefault(known, f)
    report = MergeReport()
    for label, incoming in zip(labels, features, strict=True):
        fid = incoming.get("id")
        target = by_id.get(str(fid)) if fid is not None else by_key.get(same(incoming))
        if target is None:
            feature = _new(incoming)
            existing.append(feature)
            if fid is not None:
                by_id[str(fid)] = feature
            by_key.setdefault(same(feature), feature)
            report.added.append((label, _label(feature)))
            continue
        fields = _update(target, incoming) if update else ()
        if fields:
            report.updated.append((label, _label(target), fields))
        else:
            report.unchanged.append((label, _label(target)))
    return report


def _refuse_duplicates(features: list[dict[str, Any]], labels: list[str], file: str,
                       same: Callable[[dict[str, Any]], Any]) -> None:
    seen: dict[Any, str] = {}
    problems = []
    for label, feature in zip(labels, features, strict=True):
        fid = feature.get("id")
        key = ("id", str(fid)) if fid is not None else ("key", same(feature))
        if key in seen:
            what = f"the id {fid!r}" if fid is not None else "the same name, investor and place"
            problems.append(Problem(file, f"{label} has {what} as {seen[key]}: both describe one site",
                                    hint="merge the two rows into one, or give each an id column "
                                    "value of its own"))
        else:
            seen[key] = label
    if problems:
        raise DataError(problems)
