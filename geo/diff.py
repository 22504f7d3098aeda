"""What changed between two versions of a data file, as an editor reads it.

`geo build` says what changed since the data file's last version, and `geo diff OLD NEW`
compares any two (`git show HEAD~1:data/sites.geojson | geo diff - data/sites.geojson`):
sites added, removed, whose amount or place changed, and which other fields were edited.
A site is the same site in both versions when it has the same `id`; a site typed without
one yet (a new row) is matched by its name, investor and place.

The "last version" of a data file is what git has at HEAD when the file is tracked in a
git repository (what the next commit will change). Otherwise it is the last build, as the
enriched file itself remembers it: a site without an id or never enriched is new, and the
amount and place a site was last built with are kept in `amount_eur.text` and
`location.query`. (A site deleted from the file leaves no trace there: only git can say
that one was removed.)
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.amount import Amount, AmountError, format_amount
from geo.contract import Document, parse_bytes
from geo.core.errors import DataError
from geo.core.text import name_key

__all__ = ["Change", "Changes", "Snapshot", "as_last_built", "compare", "last_version", "read_version",
           "snapshot"]

#: Properties the tool computes, and those compared on their own.
_COMPUTED = ("amount_eur", "location")
_OWN = ("amount", "place", "name")


@dataclass(slots=True)
class _Site:  # not frozen: a frozen dataclass is several times slower to build, per site
    id: str | None
    #: name, investor and place as typed (folded only when a site has to be matched by them).
    typed: tuple[str, str, str]
    name: str
    #: The feature's properties, by reference (not copied): enrichment only replaces the
    #: computed members, which are compared through `amount_eur` and `point` instead.
    props: dict[str, Any]
    amount_eur: tuple | None
    point: tuple[float, float] | None
    #: The amount and place as typed (or as last built, see `as_last_built`).
    amount: str = ""
    place: str = ""


@dataclass
class Snapshot:
    """The sites of one version, light enough to keep next to the document being built."""

    sites: list[_Site]
    label: str = ""


@dataclass(frozen=True, slots=True)  # one per site on a first build: kept small
class Change:
    """One site added, removed or changed."""

    kind: str  # "added" | "removed" | "changed"
    id: str | None
    name: str
    #: The fields that changed ("amount", "place", then the others in order).
    fields: tuple[str, ...] = ()
    #: (before, after) as typed, for "amount" and "place" (or the site's, added or removed).
    amount: tuple[str, str] = ("", "")
    place: tuple[str, str] = ("", "")

    def to_json(self) -> dict[str, Any]:
        return {"amount": list(self.amount), "fields": list(self.fields), "id": self.id,
                "kind": self.kind, "name": self.name, "place": list(self.place)}


@dataclass
class Changes:
    """Every change between two versions, in the new version's order (removed ones last)."""

    items: list[Change] = field(default_factory=list)
    since: str = ""

    def count(self, what: str) -> int:
        """How many sites were added/removed, or had their amount/place changed."""
        if what in ("added", "removed"):
            return sum(1 for c in self.items if c.kind == what)
        return sum(1 for c in self.items if c.kind == "changed" and what in c.fields)

    def __bool__(self) -> bool:
        return bool(self.items)

    def summary(self) -> str:
        """"1 added, 0 removed, 1 amount changed, 0 places changed, 2 other edits"."""
        other = sum(1 for c in self.items if c.kind == "changed"
                    and set(c.fields) - {"amount", "place"})
        parts = [f"{self.count('added')} added", f"{self.count('removed')} removed",
                 f"{self.count('amount')} amount{'s' if self.count('amount') != 1 else ''} changed",
                 f"{self.count('place')} place{'s' if self.count('place') != 1 else ''} changed"]
        if other:
            parts.append(f"{other} other edit{'s' if other > 1 else ''}")
        return ", ".join(parts)

    def lines(self, width: int = 120) -> list[str]:
        """A short table: one line per site and change; ids and names are shortened, the
        changes themselves only beyond `width` characters."""
        rows = []
        for c in self.items:
            mark = {"added": "+", "removed": "-", "changed": "~"}[c.kind]
            head = f"{mark} {_cut(c.id or '(no id yet)', 26):<26} {_cut(c.name, 28):<28} "
            if c.kind != "changed":
                rows.append(head + _cut(f"{c.amount[1] or c.amount[0]} · {c.place[1] or c.place[0]}",
                                        width))
                continue
            details = []
            if "amount" in c.fields:
                details.append(f"amount: {c.amount[0] or '—'} → {c.amount[1] or '—'}")
            if "place" in c.fields:
                details.append(f"place: {c.place[0] or '—'} → {c.place[1] or '—'}")
            rest = [f for f in c.fields if f not in ("amount", "place")]
            if rest:
                details.append("edited: " + ", ".join(rest))
            for i, text in enumerate(details):
                rows.append((head if i == 0 else " " * len(head)) + _cut(text, width))
        return rows

    def to_json(self) -> dict[str, Any]:
        return {"changes": [c.to_json() for c in self.items], "since": self.since,
                "summary": {k: self.count(k) for k in ("added", "removed", "amount", "place")}}


def _cut(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    return "" if value is None else json.dumps(value)


def snapshot(data: Any, label: str = "", last_built: bool = False) -> Snapshot:
    """The sites of a parsed data file (any JSON: what is not a feature is ignored).

    Light enough to take before a build: properties are referenced, not copied. With
    `last_built`, see `as_last_built`.
    """
    features = data.get("features") if isinstance(data, dict) else None
    sites = []
    for feature in features if isinstance(features, list) else []:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue
        fid = feature.get("id")
        amount_eur, location = props.get("amount_eur"), props.get("location")
        get = props.get
        name, investor, place, amount = (_text(get("name")), _text(get("investor")),
                                         _text(get("place")), _text(get("amount")))
        if last_built:
            if fid is None or (not isinstance(amount_eur, dict) and not isinstance(location, dict)):
                continue  # typed since the last build
            if isinstance(amount_eur, dict) and isinstance(amount_eur.get("text"), str):
                amount = amount_eur["text"]
            if isinstance(location, dict) and "query" in location:
                place = _text(location["query"])
        bounds = (amount_eur.get("kind"), amount_eur.get("min"), amount_eur.get("max")) \
            if isinstance(amount_eur, dict) else None
        sites.append(_Site(None if fid is None else str(fid), (name, investor, place), name, props,
                           bounds, _point(feature.get("geometry")), amount, place))
    return Snapshot(sites, label)


def _point(geometry: Any) -> tuple[Any, Any] | None:
    """The point's coordinates as written (the canonical writer rounds them to 6 decimals)."""
    if type(geometry) is dict and geometry.get("type") == "Point":
        coords = geometry.get("coordinates")
        if type(coords) is list and len(coords) >= 2:
            return coords[0], coords[1]
    return None


def _match(old: list[_Site], new: list[_Site]) -> tuple[dict[int, int], set[int]]:
    """new index -> old index, by id first, then by (name, investor, place)."""
    by_id = {s.id: i for i, s in enumerate(old) if s.id is not None}
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for j, s in enumerate(new):
        i = by_id.get(s.id) if s.id is not None else None
        if i is not None and i not in used:
            pairs[j] = i
            used.add(i)
    by_key: dict[tuple, list[int]] = {}
    for i, s in enumerate(old):
        if i not in used:
            by_key.setdefault(_key(s), []).append(i)
    for j, s in enumerate(new):
        if j in pairs:
            continue
        candidates = [i for i in by_key.get(_key(s), ()) if i not in used
                      and (s.id is None or old[i].id is None)]
        if candidates:
            pairs[j] = candidates[0]
            used.add(candidates[0])
    return pairs, used


def _key(site: _Site) -> tuple[str, ...]:
    return tuple(name_key(t) for t in site.typed)


def _amount_label(site: _Site) -> str:
    return site.amount


def _eur_label(bounds: tuple | None) -> str:
    if bounds is None:
        return ""
    try:
        return format_amount(Amount.from_json({"kind": bounds[0], "min": bounds[1], "max": bounds[2]}))
    except AmountError:
        return ""


def _diff(a: _Site, b: _Site) -> Change | None:
    fields = []
    amount = (_amount_label(a), _amount_label(b))
    if amount[0] != amount[1]:
        fields.append("amount")
    elif a.amount_eur and b.amount_eur and a.amount_eur != b.amount_eur:
        fields.append("amount")
        amount = (_eur_label(a.amount_eur), _eur_label(b.amount_eur))
    place = (a.place, b.place)
    if place[0] != place[1]:
        fields.append("place")
    elif a.point and b.point and a.point != b.point:
        fields.append("place")
        place = (f"{place[0]} [{a.point[1]}, {a.point[0]}]", f"{place[1]} [{b.point[1]}, {b.point[0]}]")
    if a.props is not b.props:  # the same dict: one version before and after its build
        skip = ("amount", "place", *_COMPUTED)
        keys = [k for k in b.props if k not in skip]
        keys += [k for k in a.props if k not in b.props and k not in skip]
        fields += [k for k in keys if a.props.get(k) != b.props.get(k)]
    if not fields:
        return None
    return Change("changed", b.id or a.id, b.name or a.name, tuple(fields), amount, place)


def compare(old: Snapshot, new: Snapshot) -> Changes:
    """The changes from `old` to `new`, in `new`'s order, removed sites last.

    >>> before = snapshot({"features": [{"id": "a", "properties": {"name": "A", "amount": "1 Md€"}}]})
    >>> after = snapshot({"features": [{"id": "a", "properties": {"name": "A", "amount": "2 Md€"}},
    ...                                {"properties": {"name": "B", "amount": "3 Md€"}}]})
    >>> compare(before, after).summary()
    '1 added, 0 removed, 1 amount changed, 0 places changed'
    """
    pairs, used = _match(old.sites, new.sites)
    items = []
    for j, site in enumerate(new.sites):
        if j not in pairs:
            items.append(Change("added", site.id, site.name, (), ("", _amount_label(site)),
                                ("", site.place)))
            continue
        change = _diff(old.sites[pairs[j]], site)
        if change is not None:
            items.append(change)
    for i, site in enumerate(old.sites):
        if i not in used:
            items.append(Change("removed", site.id, site.name, (), (_amount_label(site), ""),
                                (site.place, "")))
    return Changes(items, old.label)


def read_version(raw: bytes, label: str) -> Snapshot:
    """A version of the data file from its bytes (a file, stdin, `git show`); a file that is
    not JSON at all raises DataError naming `label`."""
    doc = parse_bytes(raw, Path(label))
    return snapshot(doc.data, label)


def as_last_built(data: Any, label: str) -> Snapshot:
    """The sites as the last build saw them, read from the enriched file before this build:
    a site without an id or never enriched is new; the amount and place it was last built
    with are `amount_eur.text` and `location.query`."""
    return snapshot(data, label, last_built=True)


def _git_head(path: Path) -> bytes | None:
    """The file as committed at HEAD, or None (no git, not a repository, not tracked)."""
    try:
        done = subprocess.run(["git", "-C", str(path.parent.resolve()), "show", f"HEAD:./{path.name}"],
                              capture_output=True, timeout=10, stdin=subprocess.DEVNULL,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


#: Above this size the data file is not compared with its committed version: parsing that
#: version too would double what `geo build` holds at its peak (~400 MB at 100,000 sites).
#: The changes are then those since geo last saved the file, which costs nothing extra.
GIT_COMPARE_MAX_BYTES = 25 * 1024 * 1024


def last_version(path: Path, doc: Document) -> Snapshot | None:
    """The data file's last version, before `doc` (just loaded from `path`) is enriched."""
    try:
        big = Path(path).stat().st_size > GIT_COMPARE_MAX_BYTES
    except OSError:
        big = False
    if big:
        return as_last_built(doc.data, f"{path} as geo last saved it (too big to compare with git)")
    committed = _git_head(Path(path))
    if committed is not None and not doc.same_bytes(committed):
        try:
            return read_version(committed, f"HEAD:{path} (git)")
        except DataError:
            pass  # a broken committed version: compare with the file as it was
    if committed is not None:
        return snapshot(doc.data, f"HEAD:{path} (git)")
    return as_last_built(doc.data, f"{path} as geo last saved it")
