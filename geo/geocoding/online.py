"""Optional online geocoding through Nominatim, strictly opt-in (``--online nominatim``).

Why it exists: the shipped gazetteer knows every French commune, department and
region, every country and the world's cities >= 15,000 inhabitants, but not a
technology park, a hamlet abroad or a small foreign town. For those, and only
those, a user may ask a Nominatim server (OpenStreetMap data) once; the answer
is written into the data file (``location.source = "nominatim"`` and
``location.retrieved`` = the query date), so later builds stay offline and
reproducible.

Rules (the offline rules of :mod:`geo.geocoding` still hold):

* offline first: Nominatim is asked only when the offline gazetteer finds
  *nothing* for the query; an ambiguous offline query (``Saint-Denis``) stays an
  error listing its candidates and never goes online; nor do empty queries or
  out-of-range coordinates;
* no silent homonyms online either: up to 5 results are requested and, if
  several of them carry the query's name more than 25 km apart, the query is
  ambiguous and the candidates are listed;
* a failing server (HTTP error, timeout, refused connection) gives an error
  naming the server and the reason, never a guess; after the server has failed
  to answer once, the remaining queries of the run are not sent (each one still
  gets its own error);
* the public server's usage policy is honoured: an identifying user agent and
  at most one request per second (https://operations.osmfoundation.org/policies/nominatim/).

geopy is imported only when the first request is about to be sent, so merely
importing this module stays cheap.
"""

from __future__ import annotations

import datetime as _dt
import importlib.util
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from geo.core.geometry import haversine_km
from geo.core.text import name_key
from geo.core.version import __version__
from geo.gazetteer import Gazetteer
from geo.geocoding import Geocoder, GeocodeResult, Place, parse_coordinates

__all__ = [
    "DEFAULT_NOMINATIM_URL",
    "DEFAULT_USER_AGENT",
    "NominatimGeocoder",
    "OnlineConfigError",
    "online_factory",
    "precision_from_nominatim",
]

DEFAULT_NOMINATIM_URL = "https://nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = f"geo-investment-map/{__version__} (python geo package; offline-first)"
PUBLIC_HOST = "nominatim.openstreetmap.org"
#: Seconds between two requests to the public server (its usage policy: at most 1/s).
PUBLIC_MIN_DELAY = 1.0
DEFAULT_TIMEOUT = 10.0
#: Results of the same name farther apart than this are homonyms, not one place.
HOMONYM_KM = 25.0
ATTRIBUTION = "© OpenStreetMap contributors, ODbL"

_COMMUNE_TYPES = {"city", "town", "village", "municipality"}
_DEPARTMENT_TYPES = {"county", "state_district"}
_REGION_TYPES = {"state"}
_COUNTRY_TYPES = {"country"}


class OnlineConfigError(ValueError):
    """The online geocoder was configured wrongly (bad URL, empty user agent...)."""


def precision_from_nominatim(raw: dict[str, Any]) -> str:
    """Map Nominatim's ``addresstype`` (else ``type``) to one of the tool's precisions.

    city/town/village/municipality -> ``commune`` in France, ``city`` elsewhere;
    county/state_district -> ``department``; state -> ``region``; country ->
    ``country``; anything else (a street, a building, a park, a suburb) ->
    ``point``.
    """
    kind = str(raw.get("addresstype") or raw.get("type") or "").lower()
    if kind in _COMMUNE_TYPES:
        return "commune" if _country_code(raw) == "FR" else "city"
    if kind in _DEPARTMENT_TYPES:
        return "department"
    if kind in _REGION_TYPES:
        return "region"
    if kind in _COUNTRY_TYPES:
        return "country"
    return "point"


def _country_code(raw: dict[str, Any]) -> str:
    address = raw.get("address")
    cc = address.get("country_code") if isinstance(address, dict) else None
    return str(cc).upper() if cc else ""


def _split_url(url: str) -> tuple[str, str]:
    """``http://127.0.0.1:8080/nominatim/`` -> (``http``, ``127.0.0.1:8080/nominatim``)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OnlineConfigError(f"--nominatim-url must be an http(s) URL such as "
                                f"{DEFAULT_NOMINATIM_URL} or http://127.0.0.1:8080, not {url!r}")
    if parts.query or parts.fragment:
        raise OnlineConfigError(f"--nominatim-url must not have a query or fragment: {url!r}")
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


class NominatimGeocoder:
    """The offline :class:`~geo.geocoding.Geocoder`, plus Nominatim for what it doesn't know.

    Same interface as the offline geocoder (``geocode``, ``reverse``, ``contains``: a
    :class:`~geo.geocoding.PlaceFinder`); see the module docstring for when a request is sent.
    ``client`` (anything with geopy's ``geocode``/``reverse``) and ``today``
    are injectable for tests.
    """

    def __init__(self, offline: Geocoder | None = None, *, url: str = DEFAULT_NOMINATIM_URL,
                 user_agent: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 language: str = "fr", min_delay: float | None = None, client: Any = None,
                 today: Callable[[], str] | None = None) -> None:
        self.offline = offline or Geocoder()
        self.url = url.strip().rstrip("/")
        self.scheme, self.domain = _split_url(self.url)
        ua = (user_agent if user_agent is not None else DEFAULT_USER_AGENT).strip()
        if not ua:
            raise OnlineConfigError("--user-agent must not be empty: Nominatim requires an "
                                    "identifying user agent")
        self.user_agent = ua
        self.timeout = timeout
        self.language = language
        public = self.domain.split("/")[0].split(":")[0].lower() == PUBLIC_HOST
        self.min_delay = (PUBLIC_MIN_DELAY if public else 0.0) if min_delay is None else min_delay
        self._client = client
        self._today = today or (lambda: _dt.date.today().isoformat())
        self._memo: dict[str, GeocodeResult] = {}
        self._reverse_memo: dict[tuple[float, float], Place | None] = {}
        self._last_request = 0.0
        self._lock = threading.Lock()
        self._failure: str | None = None  # first transport failure, stops further requests
        #: Number of requests actually sent (for tests and reports).
        self.requests = 0

    # ------------------------------------------------------------ plumbing
    @property
    def gaz(self) -> Gazetteer:
        """The offline geocoder's gazetteer (callers read outlines and tables from it)."""
        return self.offline.gaz

    def _nominatim(self) -> Any:
        if self._client is None:
            from geopy.adapters import URLLibAdapter  # only here: geopy is optional
            from geopy.geocoders import Nominatim

            # urllib, not requests: one request per query (requests' adapter retries twice,
            # tripling the wait on a server that doesn't answer).
            self._client = Nominatim(domain=self.domain, scheme=self.scheme,
                                     user_agent=self.user_agent, timeout=self.timeout,
                                     adapter_factory=URLLibAdapter)
        return self._client

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """One request, rate-limited; raises ``_Failure`` with a readable reason."""
        if self._failure is not None:
            raise _Failure(f"not sent: {self._failure} earlier in this run", transport=True)
        client = self._nominatim()
        from geopy import exc as gexc
        from geopy.adapters import AdapterHTTPError

        with self._lock:
            wait = self._last_request + self.min_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.requests += 1
            try:
                return getattr(client, method)(*args, **kwargs)
            except gexc.GeocoderTimedOut:
                self._failure = f"no answer within {self.timeout:g} s (timeout)"
                raise _Failure(self._failure, transport=True) from None
            except gexc.GeocoderRateLimited as e:
                self._failure = f"too many requests (HTTP 429): {e}"
                raise _Failure(self._failure, transport=True) from None
            except gexc.GeocoderInsufficientPrivileges as e:
                self._failure = f"access refused (HTTP 401/403; check --user-agent): {e}"
                raise _Failure(self._failure, transport=True) from None
            except gexc.GeocoderUnavailable as e:
                self._failure = f"service unavailable: {e}"
                raise _Failure(self._failure, transport=True) from None
            except gexc.GeocoderParseError as e:
                raise _Failure(f"unreadable answer: {e}") from None
            except gexc.GeocoderServiceError as e:
                if isinstance(e.__cause__, AdapterHTTPError):  # any other HTTP error status
                    raise _Failure(f"server error (HTTP {e.__cause__.status_code}): {e}") from None
                self._failure = f"could not connect ({e})"  # refused, DNS, TLS...
                raise _Failure(f"service unavailable: {self._failure}", transport=True) from None
            except gexc.GeopyError as e:
                raise _Failure(f"{type(e).__name__}: {e}") from None
            except (ValueError, KeyError, TypeError) as e:  # malformed answer
                raise _Failure(f"unreadable answer: {e}") from None
            finally:
                self._last_request = time.monotonic()

    # ------------------------------------------------------------ places
    def _place(self, raw: dict[str, Any], retrieved: str) -> Place:
        display = str(raw.get("display_name") or "")
        parts = [p.strip() for p in display.split(",") if p.strip()]
        name = str(raw.get("name") or (parts[0] if parts else "")) or display
        rest = parts[1:] if parts and parts[0] == name else parts
        cc = _country_code(raw)
        osm_type, osm_id = raw.get("osm_type"), raw.get("osm_id")
        code = f"osm:{osm_type}:{osm_id}" if osm_type and osm_id is not None else \
            f"nominatim:{raw.get('place_id', '')}"
        return Place(name, code, precision_from_nominatim(raw), float(raw["lat"]),
                     float(raw["lon"]), ", ".join(rest), "nominatim", None, cc,
                     retrieved=retrieved)

    # ------------------------------------------------------------ interface
    def geocode(self, query: str) -> GeocodeResult:
        """Offline result if the gazetteer knows the query (even ambiguously), else Nominatim's."""
        result = self.offline.geocode(query)
        if not self._wants_online(query, result):
            return result
        hit = self._memo.get(query)
        if hit is None:
            hit = self._memo[query] = self._online(query, result)
        return hit

    @staticmethod
    def _wants_online(query: str, result: GeocodeResult) -> bool:
        if result.place is not None or result.ambiguous or result.candidates:
            return False
        text = (query or "").strip()
        if not name_key(text):
            return False
        try:
            parse_coordinates(text)
        except ValueError:
            return False  # out-of-range coordinates: a typo, not a place to look up
        return True

    def _online(self, query: str, offline: GeocodeResult) -> GeocodeResult:
        where = f"Nominatim ({self.url})"
        try:
            found = self._call("geocode", query.strip(), exactly_one=False, limit=5,
                               addressdetails=True, language=self.language)
        except _Failure as exc:
            return GeocodeResult(
                query, None, notes=(*offline.notes, f"{where}: {exc}"),
                suggestions=offline.suggestions,
                error=(f'"{query}" is not in the offline gazetteer and {where} could not '
                       f"resolve it: {exc}. Try again later, check --nominatim-url, or give "
                       f'coordinates, e.g. "48.59, 2.19".'))
        retrieved = self._today()
        places = [self._place(loc.raw, retrieved) for loc in (found or [])
                  if isinstance(getattr(loc, "raw", None), dict)]
        if not places:
            return GeocodeResult(
                query, None, notes=(*offline.notes, f"{where}: no result"),
                suggestions=offline.suggestions,
                error=(f'No place found for "{query}", neither in the offline gazetteer nor by '
                       f"{where}."
                       + (" Did you mean: " + ", ".join(f'"{s}"' for s in offline.suggestions)
                          + "?" if offline.suggestions else "")
                       + ' You can also give coordinates, e.g. "48.59, 2.19".'))
        best = places[0]
        key = name_key(best.name)
        homonyms = [p for p in places[1:] if name_key(p.name) == key
                    and haversine_km(p.lat, p.lon, best.lat, best.lon) > HOMONYM_KM]
        distinct: list[Place] = [best]
        for p in homonyms:
            if all(haversine_km(p.lat, p.lon, q.lat, q.lon) > HOMONYM_KM for q in distinct):
                distinct.append(p)
        if len(distinct) > 1:
            return GeocodeResult(query, None, tuple(distinct), True, 0.8, (
                f"{where} found {len(distinct)} places named {best.name}: add a qualifier "
                f'such as "{best.label}"',))
        note = (f"not in the offline gazetteer: found by {where} on {retrieved} "
                f"({ATTRIBUTION})")
        return GeocodeResult(query, best, (best,), False, 0.8, (note,))

    def reverse(self, lat: float, lon: float) -> Place | None:
        """Offline reverse; Nominatim only for a point the shipped data can't place at all.

        A failing server gives None (the point keeps an empty context, as offline).
        """
        place = self.offline.reverse(lat, lon)
        if place is not None:
            return place
        key = (round(lat, 6), round(lon, 6))
        if key in self._reverse_memo:
            return self._reverse_memo[key]
        try:
            loc = self._call("reverse", (lat, lon), exactly_one=True, addressdetails=True,
                             language=self.language, zoom=10)
        except _Failure:
            found = None
        else:
            raw = getattr(loc, "raw", None)
            found = self._place(raw, self._today()) if isinstance(raw, dict) else None
        self._reverse_memo[key] = found
        return found

    def contains(self, place: Place, lat: float, lon: float) -> bool:
        """Offline rules for gazetteer places; distance by precision for Nominatim ones."""
        if place.source != "nominatim":
            return self.offline.contains(place, lat, lon)
        if place.precision == "country" and place.country:
            geom_place = self.offline.gaz.countries.get(place.country)
            if geom_place is not None:
                return self.offline.contains(self.offline.country_place(place.country), lat, lon)
        limit = {"point": 2.0, "commune": 15.0, "city": 15.0, "department": 80.0,
                 "region": 300.0, "country": 1500.0}.get(place.precision, 15.0)
        return haversine_km(lat, lon, place.lat, place.lon) <= limit


class _Failure(Exception):
    def __init__(self, message: str, transport: bool = False) -> None:
        super().__init__(message)
        self.transport = transport


def online_factory(kind: str | None, *, url: str | None = None, user_agent: str | None = None,
                   prefer: str | None = None, timeout: float = DEFAULT_TIMEOUT
                   ) -> Callable[[], Any] | None:
    """Zero-argument factory for ``pipeline.build/prepare(online=...)``, or None when offline.

    The geocoder (and the gazetteer) is created on the first call only, so a
    rebuild with nothing new to geocode loads nothing and sends nothing. The
    configuration is checked now, so a bad URL fails before any work.
    """
    if kind is None:
        return None
    if kind != "nominatim":
        raise OnlineConfigError(f"unknown online geocoder {kind!r} (only 'nominatim')")
    _split_url(url or DEFAULT_NOMINATIM_URL)
    if importlib.util.find_spec("geopy") is None:
        raise OnlineConfigError("--online needs geopy: pip install 'geo[online]' (or geopy)")
    if user_agent is not None and not user_agent.strip():
        raise OnlineConfigError("--user-agent must not be empty")
    holder: list[NominatimGeocoder] = []

    def get() -> NominatimGeocoder:
        if not holder:
            holder.append(NominatimGeocoder(Geocoder(prefer=prefer),
                                            url=url or DEFAULT_NOMINATIM_URL,
                                            user_agent=user_agent, timeout=timeout))
        return holder[0]

    return get
