"""Enrichment: turn what the user typed (place, amount) into what a map needs.

The results are written back into the data file (`amount_eur`, `location`, a
Point geometry, an `id`) next to the user's original text, so that rebuilds
are offline, reproducible and incremental: a feature whose `place` hasn't
changed since it was geocoded is not geocoded again.

A feature that does not resolve (an unknown place, an unreadable amount, a programme id
that does not exist) is left exactly as it was in the file: nothing is half-enriched,
and `Enrichment.failed` says which ones, so that a draft map can list them "to check".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geo.amount import Amount, AmountError, parse_amount
from geo.amount.fx import FxError, to_euros
from geo.contract import Document, assign_ids, feature_name
from geo.core.dates import parse_day
from geo.core.errors import Problem
from geo.core.vocab import MAPPED_PRECISIONS, is_undisclosed

if TYPE_CHECKING:
    from geo.geocoding import Geocoder, Place

__all__ = ["Enrichment", "Headline", "Site", "Unresolved", "enrich", "is_undisclosed_place",
           "programmes", "read_headline", "to_sites", "unresolved"]

_MISSING: Any = object()


@dataclass(slots=True)
class Site:
    """One enriched feature, as the renderer sees it; treat it as read-only.

    Not frozen: a frozen dataclass sets each field through object.__setattr__,
    which made building 100,000 of them several times slower; slots keep each small.
    """

    index: int
    id: str
    name: str
    amount: Amount
    precision: str
    lat: float | None
    lon: float | None
    place: str
    location_name: str
    location_code: str | None
    context: str
    investor: str | None = None
    investor_country: str | None = None
    date: str | None = None
    status: str | None = None
    notes: str | None = None
    sources: tuple[dict[str, Any], ...] = ()
    #: The value of the field that colours the symbol (settings.color_by, investor_country by default).
    category: str | None = None
    #: The id of the programme this site is part of (counted once in totals).
    part_of: str | None = None
    #: The places a site was given when it was given several (``location.places``): the
    #: popup names them all; ``location_name`` is then the area that contains them.
    places: tuple[str, ...] = ()

    @property
    def mapped(self) -> bool:
        """True when the site has a place on the map; country-level or undisclosed ones don't."""
        return self.precision in MAPPED_PRECISIONS and self.lat is not None


def is_undisclosed_place(place: str) -> bool:
    """A place typed as "non communiqué" means the announcement gave no location at all.

    The same words as for an undisclosed amount (`geo.core.vocab.is_undisclosed`).

    >>> is_undisclosed_place("lieu non communiqué"), is_undisclosed_place("Essonne")
    (True, False)
    """
    return is_undisclosed(place)


@dataclass(frozen=True)
class Headline:
    """The total the listed sites are compared with ("109 Md€ announced"), parsed."""

    amount: Amount
    label: str | None = None
    #: The source of the total, as one line of text (title, publisher, date).
    source: str | None = None


@dataclass
class Enrichment:
    """What `enrich` found: the problems, and what it parsed for the later stages."""

    problems: list[Problem] = field(default_factory=list)
    #: The parsed amount of every feature it could read, by feature index.
    amounts: dict[int, Amount] = field(default_factory=dict)
    headline: Headline | None = None
    #: Features that did not resolve, left as they were in the file.
    failed: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Unresolved:
    """A site that could not be placed on the map yet: what was typed and what to fix."""

    index: int
    name: str
    place: str
    amount: str
    problems: tuple[Problem, ...]

    @property
    def number(self) -> int:
        """The feature's number as a person counts, from 1."""
        return self.index + 1


def unresolved(doc: Document, problems: list[Problem], failed: frozenset[int]) -> list[Unresolved]:
    """The sites to check, in file order, each with its errors (what to type instead)."""
    by_index: dict[int, list[Problem]] = {}
    for p in problems:
        if p.severity == "error" and p.index is not None:
            by_index.setdefault(p.index, []).append(p)
    out = []
    for index in sorted(failed):
        feature = doc.features[index]
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = props if isinstance(props, dict) else {}
        out.append(Unresolved(index, _typed(props.get("name")), _typed(props.get("place")),
                              _typed(props.get("amount")), tuple(by_index.get(index, ()))))
    return out


def _typed(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def read_headline(doc: Document) -> tuple[Headline | None, list[Problem]]:
    """The `settings.headline_total` of a file, parsed like any site's amount.

    An amount that cannot be read is a data error (it used to vanish from the map); an
    amount with no figure ("non communiqué") cannot be compared with anything, so it is
    one too.
    """
    headline = doc.settings.get("headline_total")
    if not isinstance(headline, dict) or headline.get("amount") is None:
        return None, []
    file, where = str(doc.path), "settings.headline_total.amount"
    try:
        amount = to_euros(parse_amount(headline["amount"]), doc.settings.get("date"),
                          headline.get("fx_rate"))
    except FxError as exc:
        return None, [Problem(file, exc.problem, field="settings." + (
            "date" if exc.field == "date" else "headline_total.fx_rate"), hint=exc.hint)]
    except AmountError as exc:
        return None, [Problem(file, str(exc), field=where)]
    if not amount.low:
        return None, [Problem(file, f"the headline total {amount.text!r} has no figure to compare "
                              "the sites with", field=where,
                              hint="give the announced total, e.g. \"109 milliards d'euros\", or "
                              "remove headline_total")]
    source = headline.get("source")
    line = ", ".join(str(source[k]) for k in ("title", "publisher", "date") if source.get(k)) \
        if isinstance(source, dict) else None
    label = headline.get("label")
    return Headline(amount, str(label) if label else None, line or None), []


def _point(feature: dict[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) of a Point geometry; validation has refused any other coordinates."""
    geometry = feature.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coords = geometry.get("coordinates")
        if isinstance(coords, list) and len(coords) >= 2:
            return float(coords[1]), float(coords[0])
    return None


def _location_from_place(place: Place, query: str | None, notes: tuple[str, ...] = (),
                         parts: tuple[Place, ...] = ()) -> dict:
    location = {
        "code": place.code,
        "context": place.context,
        "name": place.name,
        "precision": place.precision,
        "query": query,
        "source": place.source,
    }
    if notes:
        location["note"] = " ".join(notes)
    retrieved = getattr(place, "retrieved", None)
    if retrieved:  # fetched online (geo.online): when, so the data file says how old it is
        location["retrieved"] = retrieved
    if parts:  # several places for one site: the area above, and every place named
        location["places"] = [{"name": p.name, "code": p.code, "precision": p.precision}
                              for p in parts]
    return location


def _is_current(location: Any, place: str | None, has_point: bool) -> bool:
    """Whether a stored location still answers the feature's current `place`."""
    if not isinstance(location, dict) or location.get("query") != place:
        return False
    precision = location.get("precision")
    if precision == "undisclosed":
        return True
    return has_point and precision in (*MAPPED_PRECISIONS, "country")


def enrich(doc: Document, geocoder: Callable[[], Geocoder],
           skip: frozenset[int] = frozenset()) -> Enrichment:
    """Fill in ids, amounts and locations in place; returns the problems and the parsed amounts.

    `geocoder` is a factory so that a rebuild with nothing new to geocode never
    loads the gazetteer at all. Features in `skip` (already known to be
    malformed) are left alone, so that one run can still report every other
    feature's amount and place problems. A feature with an error is restored to what it
    was (no id, amount or place half-written) and named in `Enrichment.failed`.
    """
    file = str(doc.path)
    headline, problems = read_headline(doc)
    since = doc.settings.get("highlight_since")
    if isinstance(since, str) and parse_day(since) is None:
        problems.append(Problem(file, f"highlight_since {since!r} is not a day: no site gets the "
                                "\"new\" badge", field="settings.highlight_since",
                                hint='write the day, e.g. "2025-05-01"', severity="warning"))
    amounts: dict[int, Amount] = {}
    features = doc.features
    typed_ids = [f.get("id") if isinstance(f, dict) else None for f in features]
    failed: set[int] = set()
    parsed: dict[tuple, Amount] = {}  # parse_amount is pure: many sites share an amount text
    known_ids = {str(i) for i in typed_ids if i is not None and not isinstance(i, bool)}
    in_programme: dict[int, tuple] = {}  # what sites in a programme were, until cycles are known
    for index, feature in enumerate(features):
        if index in skip:
            continue
        props = feature["properties"]
        # Errors name the id the user can find in the file, not one assigned in this run.
        fid = None if typed_ids[index] is None else str(typed_ids[index])

        def problem(message: str, field: str, hint: str | None = None, severity: str = "error",
                    _index: int = index, _fid: str | None = fid, _feature: dict = feature) -> Problem:
            return Problem(file, message, index=_index, feature_id=_fid, field=field, hint=hint,
                           severity=severity, name=feature_name(_feature))

        before = (props.get("amount_eur", _MISSING), props.get("location", _MISSING),
                  feature.get("geometry", _MISSING))
        found = _amount(props, parsed, amounts, index, problem)
        found += _locate(feature, props, geocoder, problem)
        found += _part_of(props, fid, known_ids, problem)
        if any(p.severity == "error" for p in found):
            failed.add(index)
            amounts.pop(index, None)
            _restore(feature, props, before)
        elif "part_of" in props:
            in_programme[index] = before
        problems.extend(found)
    for p in _cycles(features, skip | failed, file):
        failed.add(p.index)
        amounts.pop(p.index, None)
        feature = features[p.index]
        _restore(feature, feature["properties"], in_programme[p.index])
        problems.append(p)
    assign_ids(features, skip=skip | failed)
    return Enrichment(problems, amounts, headline, frozenset(failed))


def _restore(feature: dict, props: dict, before: tuple) -> None:
    """Put back what the file said, so that a feature still to check is kept as typed."""
    for target, key, value in ((props, "amount_eur", before[0]), (props, "location", before[1]),
                               (feature, "geometry", before[2])):
        if value is _MISSING:
            target.pop(key, None)
        else:
            target[key] = value


def _amount(props: dict, parsed: dict, amounts: dict, index: int,
            problem: Callable[..., Problem]) -> list[Problem]:
    raw = props["amount"]
    key = (type(raw), raw) if isinstance(raw, (str, int, float)) else None
    try:
        amount = parsed.get(key) if key is not None else None
        if amount is None:
            amount = parse_amount(raw)
            if key is not None:
                parsed[key] = amount
        if not amount.in_euros:
            amount = to_euros(amount, props.get("date"), props.get("fx_rate"),
                              _stored(props.get("amount_eur")))
    except FxError as exc:
        return [problem(exc.problem, exc.field, exc.hint)]
    except AmountError as exc:
        return [problem(str(exc), "amount")]
    props["amount_eur"] = amount.to_json()
    amounts[index] = amount
    return []


def _stored(value: Any) -> Amount | None:
    if not isinstance(value, dict) or "converted_from" not in value:
        return None
    try:
        return Amount.from_json(value)
    except AmountError:
        return None


def _part_of(props: dict, fid: str | None, known: set[str],
             problem: Callable[..., Problem]) -> list[Problem]:
    """A programme must be another site of the file, named by its id."""
    target = props.get("part_of")
    if target is None:
        return []
    if not isinstance(target, str) or target not in known or target == fid:
        why = "is this site itself" if target == fid else "is no site's id in this file"
        return [problem(f"part_of {target!r} {why}", "part_of",
                        "give the id of the programme's own site (its \"id\"), e.g. "
                        "\"brookfield-programme-france\"; give the programme an id first if it "
                        "has none")]
    return []


def programmes(features: list[dict[str, Any]], skip: frozenset[int] | set[int]) -> dict[str, str]:
    """id -> the id of the programme it is part of, for the features not in `skip`."""
    links = {}
    for index, feature in enumerate(features):
        if index in skip or feature.get("id") is None:
            continue
        target = feature["properties"].get("part_of")
        if isinstance(target, str):
            links[str(feature["id"])] = target
    return links


def _cycles(features: list[dict[str, Any]], skip: set[int], file: str) -> list[Problem]:
    """A programme chain that comes back to where it started (A part of B, B part of A)."""
    links = programmes(features, skip)
    out = []
    for index, feature in enumerate(features):
        fid = None if index in skip else feature.get("id")
        if fid is None or str(fid) not in links:
            continue
        chain, node = [str(fid)], links[str(fid)]
        while node in links and node not in chain:
            chain.append(node)
            node = links[node]
        if node == str(fid):
            out.append(Problem(file, "part_of goes round in a circle: " + " → ".join(chain + [node]),
                               index=index, feature_id=str(fid), name=feature_name(feature),
                               field="part_of", hint="a programme cannot be part of one of its "
                               "own sites: remove one of these part_of"))
    return out


def _locate(feature: dict[str, Any], props: dict[str, Any], geocoder: Callable[[], Geocoder],
            problem: Callable[..., Problem]) -> list[Problem]:
    place = props.get("place")
    place = place.strip() if isinstance(place, str) and place.strip() else None
    point = _point(feature)
    location = props.get("location")
    if _is_current(location, place, point is not None):
        return []
    if isinstance(location, dict) and location.get("source") != "user" and point is not None:
        point = None  # the geometry came from geocoding the old place: it goes with it
        feature["geometry"] = None
    if place is not None and is_undisclosed_place(place):
        props["location"] = {"code": None, "context": "", "name": "", "precision": "undisclosed",
                             "query": place, "source": "user"}
        feature["geometry"] = None
        return []

    from geo.geocoding import parse_coordinates

    problems: list[Problem] = []
    if point is None and place is not None:
        try:
            coords = parse_coordinates(place)
        except ValueError as exc:
            return [problem(str(exc), "place", "write coordinates as \"latitude, longitude\", "
                            "e.g. \"48.59, 2.19\"")]
        if coords is None:
            result = geocoder().geocode(place)
            if result.place is None:
                return [problem(result.error_message(), "place")]
            props["location"] = _location_from_place(result.place, place, result.notes,
                                                     getattr(result, "parts", ()))
            feature["geometry"] = {"type": "Point",
                                   "coordinates": [result.place.lon, result.place.lat]}
            return []
        point = coords
        feature["geometry"] = {"type": "Point", "coordinates": [coords[1], coords[0]]}

    if point is None:  # the place was removed, and the point found for it went with it
        return [problem("no place and no geometry: the site cannot be located", "place",
                        'give a place ("Cambrai (Nord)", "Essonne", "France") or coordinates '
                        '("48.59, 2.19")')]
    lat, lon = point
    gc = geocoder()
    around = gc.reverse(lat, lon)
    named = None
    if place is not None and parse_coordinates(place) is None:
        result = gc.geocode(place)
        named = result.place
        if named is None:
            problems.append(problem(f"the place {place!r} could not be checked against the "
                                    f"coordinates: {result.error_message()}", "place",
                                    severity="warning"))
        elif not gc.contains(named, lat, lon):
            where = f" (it is near {around.name}, {around.context})" if around else ""
            problems.append(problem(
                f"the point [{lon}, {lat}] lies outside {named.name}{where}", "geometry",
                "check the coordinates: GeoJSON is [longitude, latitude]; "
                "they may be swapped", severity="warning"))
    context_place = around or named
    props["location"] = {
        "code": context_place.code if context_place else None,
        "context": (", ".join(p for p in (context_place.name, context_place.context) if p)
                    if context_place else ""),
        "name": (named.name if named else place) or (context_place.name if context_place else ""),
        "precision": "point",
        "query": place,
        "source": "user",
    }
    return problems


def to_sites(doc: Document, amounts: dict[int, Amount] | None = None,
             skip: frozenset[int] = frozenset()) -> list[Site]:
    """Read enriched features as Sites; the features in `skip` (still to check) are left out.

    `amounts` are those `enrich` parsed (by feature index), so that a big map does not
    read each one back from its JSON.
    """
    amounts = amounts or {}
    sites = []
    color_by = str(doc.settings.get("color_by") or "investor_country")
    for index, feature in enumerate(doc.features):
        if index in skip:
            continue
        props = feature["properties"]
        location = props.get("location") or {}
        point = _point(feature)
        precision = location.get("precision", "point")
        sources = props.get("sources") if isinstance(props.get("sources"), list) else []
        sites.append(Site(
            index=index,
            id=str(feature["id"]),
            name=str(props.get("name", "")),
            amount=amounts.get(index) or Amount.from_json(props["amount_eur"]),
            precision=precision,
            lat=point[0] if point and precision in MAPPED_PRECISIONS else None,
            lon=point[1] if point and precision in MAPPED_PRECISIONS else None,
            place=str(props.get("place") or ""),
            location_name=str(location.get("name") or props.get("place") or ""),
            location_code=location.get("code"),
            context=str(location.get("context") or ""),
            investor=_text(props.get("investor")),
            investor_country=_text(props.get("investor_country")),
            date=_text(props.get("date")),
            status=_text(props.get("status")),
            notes=_text(props.get("notes")),
            sources=tuple(s for s in sources if isinstance(s, dict)),
            category=_text(props.get(color_by)),
            part_of=_text(props.get("part_of")),
            places=_place_names(location.get("places")),
        ))
    return sites


def _place_names(places: Any) -> tuple[str, ...]:
    """The names in ``location.places`` (a list of {name, code, precision}), in order."""
    if not isinstance(places, list):
        return ()
    return tuple(str(p["name"]) for p in places if isinstance(p, dict) and p.get("name"))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
