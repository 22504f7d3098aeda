"""A spreadsheet's columns matched to the data contract's fields, in French and English.

"Nom", "Investisseur", "Lieu", "Montant", "Source", "Date", "Pays de l'investisseur"…
and their English names are recognised whatever their case, accents, spacing or a unit in
brackets ("Montant (€)"). A column nothing matches is kept: its values become properties
of that name, and the import report lists it, so that `--map COLUMN=field` can say what
it is. Columns that `geo export` computes (amount_kind, location_name…) are recognised
and skipped, so that an exported sheet can be edited and imported back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from geo.core.text import fold
from geo.core.urls import safe_url
from geo.sheets.read import Table

__all__ = ["COMPUTED", "FIELDS", "IGNORE", "Columns", "match_columns", "row_features"]

#: Field -> the header names that mean it (folded: lower case, no accents, single spaces).
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "identifiant", "identifier", "site id", "id du site"),
    "name": ("name", "nom", "nom du site", "site name", "projet", "project", "intitule",
             "libelle", "titre du projet", "project name"),
    "investor": ("investor", "investisseur", "investisseurs", "investors", "entreprise",
                 "societe", "company", "groupe", "group", "porteur", "porteur du projet",
                 "porteur de projet", "firm"),
    "investor_country": ("investor country", "pays de l'investisseur", "pays de l investisseur",
                         "pays investisseur", "pays d'origine", "pays d origine",
                         "nationalite", "nationalite de l'investisseur", "country of investor",
                         "investor's country", "investor s country", "country of origin"),
    "place": ("place", "lieu", "localisation", "location", "commune", "ville", "city", "town",
              "emplacement", "implantation", "lieu d'implantation", "lieu d implantation", "where",
              "site d'implantation"),
    "amount": ("amount", "montant", "montant annonce", "montant de l'investissement",
               "montant investi", "investissement", "investment", "somme", "amount announced"),
    "date": ("date", "date d'annonce", "date d annonce", "date de l'annonce", "date annonce",
             "announcement date", "date announced", "date of announcement", "annonce le"),
    "status": ("status", "statut", "etat", "stade", "stage"),
    "notes": ("notes", "note", "commentaire", "commentaires", "comment", "comments",
              "remarque", "remarques", "observations", "details"),
    "part_of": ("part of", "fait partie de", "programme", "program", "programme parent"),
    "fx_rate": ("fx rate", "taux de change", "exchange rate"),
    "source_url": ("source", "sources", "url", "lien", "link", "source url", "url source",
                   "url de la source", "lien source", "lien de la source", "source link",
                   "article", "lien article", "lien vers l'article"),
    "source_title": ("source title", "titre de la source", "titre de l'article", "article title",
                     "titre source"),
    "source_publisher": ("source publisher", "publisher", "media", "editeur", "publication",
                         "journal", "organe de presse", "medium"),
    "source_date": ("source date", "date de la source", "date de publication", "publication date",
                    "date de l'article", "date article"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
}
#: Columns `geo export` writes and `geo build` recomputes: skipped on import.
COMPUTED = ("amount_label", "amount_kind", "amount_min_eur", "amount_max_eur", "amount_currency",
            "amount_rate", "amount_rate_date", "precision", "location_name", "location_code",
            "location_context", "to_check", "x", "y", "wkt", "geometry")
#: What `--map COLUMN=ignore` says: leave the column out.
IGNORE = "ignore"
_TEXT_FIELDS = ("id", "name", "investor", "place", "date", "status", "notes", "part_of",
                "source_title", "source_publisher", "source_date")


def header_key(text: str) -> str:
    """A header as matched: folded, a unit in brackets dropped, separators as spaces.

    >>> header_key("  Montant (en €) "), header_key("Pays_de_l’investisseur")
    ('montant', "pays de l'investisseur")
    """
    text = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", fold(text))
    text = re.sub(r"[_\-./:*]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_BY_KEY = {header_key(name): target for target, names in FIELDS.items() for name in names}
_BY_KEY.update({header_key(target): target for target in FIELDS})
_COMPUTED_KEYS = {header_key(c) for c in COMPUTED}


@dataclass
class Columns:
    """What each column of a table becomes: a field, a property of its own name, or nothing."""

    #: Column index -> field name (from FIELDS), "property:<name>" or None (skipped).
    targets: list[str | None]
    #: Headers kept as properties because nothing matched them.
    unmatched: list[str] = field(default_factory=list)
    #: Headers skipped because geo computes them (from `geo export`) or `--map … =ignore`.
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def match_columns(header: list[str], overrides: dict[str, str] | None = None) -> Columns:
    """Match each header to a field; `overrides` ("Ville" -> "place") win.

    >>> cols = match_columns(["Nom", "Lieu", "Montant (€)", "Emplois"])
    >>> cols.targets, cols.unmatched
    (['name', 'place', 'amount', 'property:Emplois'], ['Emplois'])
    """
    overrides = {header_key(k): v for k, v in (overrides or {}).items()}
    used = {header_key(h) for h in header}
    for key in overrides:
        if key not in used:
            raise ValueError(f"--map names a column {key!r} that the file does not have; its "
                             "columns are " + ", ".join(repr(h) for h in header if h))
    columns = Columns([])
    taken: dict[str, str] = {}
    for name in header:
        key = header_key(name)
        target = overrides.get(key, _BY_KEY.get(key))
        if not name:  # a column without a header: nothing to name its values by
            columns.targets.append(None)
            continue
        if target == IGNORE or (target is None and key in _COMPUTED_KEYS):
            columns.targets.append(None)
            columns.skipped.append(name)
            continue
        if target is None or (target not in FIELDS and target != IGNORE):
            prop = target if target is not None else name
            columns.targets.append(f"property:{prop}")
            if target is None:
                columns.unmatched.append(name)
            continue
        if target in taken:
            columns.warnings.append(f"column {name!r} also means {target}, already read from column "
                                    f"{taken[target]!r}: it is kept as the property {name!r}")
            columns.targets.append(f"property:{name}")
            continue
        taken[target] = name
        columns.targets.append(target)
    return columns


def cell(value: Any) -> Any:
    """A cell as the data file keeps it: text trimmed, whole numbers as ints, dates as ISO
    days, nothing for an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value != value:  # NaN: an empty numeric cell in some writers
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _coordinate(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def _source(values: dict[str, Any]) -> dict[str, str] | None:
    source: dict[str, str] = {}
    url = values.get("source_url")
    if url is not None:
        url = _as_text(url)
        if safe_url(url):
            source["url"] = url
        else:  # "AFP", "Les Echos, 12/02": a source without a link is still a source
            source["title"] = url
    for key in ("title", "publisher", "date"):
        value = values.get(f"source_{key}")
        if value is not None and key not in source:
            source[key] = _as_text(value)
    return source or None


def row_features(table: Table, columns: Columns) -> list[tuple[int, dict[str, Any]]]:
    """(spreadsheet row number, GeoJSON feature) for each row that has something in it."""
    out = []
    for number, row in zip(table.numbers, table.rows, strict=True):
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for target, raw in zip(columns.targets, row, strict=False):
            value = cell(raw)
            if target is None or value is None:
                continue
            if target.startswith("property:"):
                extra[target[len("property:"):]] = value
            else:
                values[target] = value
        if not values and not extra:
            continue
        out.append((number, _feature(values, extra)))
    return out


def _feature(values: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key in ("name", "investor", "investor_country", "place", "amount", "date", "status",
                "notes", "part_of", "fx_rate"):
        if key not in values:
            continue
        value = values[key]
        if key in _TEXT_FIELDS:
            value = _as_text(value)
        if key == "investor_country" and isinstance(value, str) and len(value) == 2:
            value = value.upper()
        props[key] = value
    source = _source(values)
    if source:
        props["sources"] = [source]
    props.update({k: v for k, v in extra.items() if k not in props})
    feature: dict[str, Any] = {"type": "Feature"}
    if "id" in values:
        feature["id"] = _as_text(values["id"])
    lat, lon = (_coordinate(values[k]) if k in values else None for k in ("lat", "lon"))
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    else:
        for key in ("lat", "lon"):
            if key in values:  # kept, never lost: validation will ask for both
                props[key] = values[key]
    feature["geometry"] = geometry
    feature["properties"] = props
    return feature
