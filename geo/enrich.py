"""Enrichment: turn what the user typed (place, amount) into what a map needs.

The results are written back into the data file (`amount_eur`, `location`, a
Point geometry, an `id`) next to the user's original text, so that rebuilds
are offline, reproducible and incremental: a feature whose `place` hasn't
changed since it was geocoded is not geocoded again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geo.amount import Amount, AmountError, parse_amount
from geo.contract import Document, assign_ids, feature_name
from geo.core.errors import Problem
from geo.core.vocab import MAPPED_PRECISIONS, is_undisclosed

if TYPE_CHECKING:
    from geo.geocoding import Geocoder, Place

__all__ = ["Enrichment", "Headline", "Site", "enrich", "is_undisclosed_place", "read_headline",
           "to_sites"]


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
        amount = parse_amount(headline["amount"])
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


def _location_from_place(place: Place, query: str | None, notes: tuple[str, ...] = ()) -> dict:
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
    feature's amount and place problems.
    """
    file = str(doc.path)
    headline, problems = read_headline(doc)
    amounts: dict[int, Amount] = {}
    features = doc.features
    typed_ids = [f.get("id") if isinstance(f, dict) else None for f in features]
    if not skip:
        assign_ids(features)
    parsed: dict[tuple, Amount] = {}  # parse_amount is pure: many sites share an amount text
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

        raw = props["amount"]
        key = (type(raw), raw) if isinstance(raw, (str, int, float)) else None
        try:
            amount = parsed.get(key) if key is not None else None
            if amount is None:
                amount = parse_amount(raw)
                if key is not None:
                    parsed[key] = amount
        except AmountError as exc:
            problems.append(problem(str(exc), "amount"))
        else:
            props["amount_eur"] = amount.to_json()
            amounts[index] = amount
        problems.extend(_locate(feature, props, geocoder, problem))
    return Enrichment(problems, amounts, headline)


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
            props["location"] = _location_from_place(result.place, place, result.notes)
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


def to_sites(doc: Document, amounts: dict[int, Amount] | None = None) -> list[Site]:
    """Read enriched features as Sites; call only after `enrich` returned no errors.

    `amounts` are those `enrich` parsed (by feature index), so that a big map does not
    read each one back from its JSON.
    """
    amounts = amounts or {}
    sites = []
    color_by = str(doc.settings.get("color_by") or "investor_country")
    for index, feature in enumerate(doc.features):
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
        ))
    return sites


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
