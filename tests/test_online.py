"""Optional online geocoding (geo.online): strictly opt-in, offline first, saved for offline rebuilds.

Every request goes to a small HTTP server on 127.0.0.1 answering with recorded
Nominatim responses (tests/fixtures/nominatim/*.json): no test ever reaches a
real geocoding service.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import REPO_ROOT, geo, read_features

from geo import pipeline
from geo.core.errors import DataError
from geo.geocoding import Geocoder, PlaceFinder
from geo.geocoding.online import NominatimGeocoder, online_factory, precision_from_nominatim

FIXTURES = Path(__file__).parent / "fixtures" / "nominatim"
#: Normalised `q` -> recorded answer of /search; anything else gets `[]`.
SEARCH = {"eemshaven": "search_eemshaven.json", "middenmeer": "search_middenmeer.json",
          "san martino": "search_san_martino.json"}


class FakeNominatim:
    """Records every request; `mode` is "ok", "500" or "slow" (answers after `delay` s)."""

    def __init__(self) -> None:
        self.hits: list[dict] = []
        self.mode = "ok"
        self.delay = 2.0
        self.reverse_fixture = "reverse_offshore.json"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.hits.append({"path": url.path, "params": params,
                                  "user_agent": self.headers.get("User-Agent")})
                if fake.mode == "500":
                    self._send(500, b'{"error": "internal server error"}')
                    return
                if fake.mode == "slow":
                    time.sleep(fake.delay)
                if url.path == "/search":
                    name = SEARCH.get(params.get("q", "").strip().lower(), "search_empty.json")
                elif url.path == "/reverse":
                    name = fake.reverse_fixture
                else:
                    self._send(404, b'{"error": "not found"}')
                    return
                self._send(200, (FIXTURES / name).read_bytes())

            def _send(self, status: int, body: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # client gave up (timeout)
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def searched(self) -> list[str]:
        return [h["params"].get("q") for h in self.hits if h["path"] == "/search"]


@pytest.fixture
def nominatim() -> Iterator[FakeNominatim]:
    fake = FakeNominatim()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def write_sites(folder: Path, *places: str | tuple[str, list[float]]) -> Path:
    """A data file with one site per place (a (place, [lon, lat]) tuple also gives a point)."""
    features = []
    for i, item in enumerate(places):
        place, coords = item if isinstance(item, tuple) else (item, None)
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": coords} if coords else None,
                         "properties": {"name": f"Site {i}", "place": place, "amount": "1 Md€"}})
    path = folder / "data" / "sites.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features},
                               ensure_ascii=False, indent=2), "utf-8")
    return path


def online_args(fake: FakeNominatim) -> list[str]:
    return ["--online", "nominatim", "--nominatim-url", fake.url]


def recent(date: str) -> bool:
    today = dt.date.today()
    return date in (today.isoformat(), (today - dt.timedelta(days=1)).isoformat())


# ----------------------------------------------------------------- (a) off by default
@pytest.mark.e2e
def test_without_online_nothing_is_requested_and_unknown_is_an_error(tmp_path, nominatim):
    data = write_sites(tmp_path, "Eemshaven")
    before = data.read_bytes()
    result = geo("build", "--strict", cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert 'No place found for "Eemshaven"' in result.stderr and "feature 1" in result.stderr
    for args in (["validate"], ["geocode", "Eemshaven"]):
        assert geo(*args, cwd=tmp_path, check=False).returncode == 1
    # the URL or user agent alone never switch online on: a usage error, not a silent request
    refused = geo("build", "--nominatim-url", nominatim.url, cwd=tmp_path, check=False)
    assert refused.returncode == 2 and "--online nominatim" in refused.stderr
    refused = geo("geocode", "--user-agent", "x/1", "Eemshaven", cwd=tmp_path, check=False)
    assert refused.returncode == 2
    assert nominatim.hits == []
    assert data.read_bytes() == before


# ----------------------------------------------------------------- (b) + (c) the real CLI
@pytest.mark.e2e
def test_online_resolves_unknown_place_then_rebuilds_offline(tmp_path, nominatim):
    data = write_sites(tmp_path, "Cambrai", "Eemshaven")
    result = geo("build", *online_args(nominatim), cwd=tmp_path)
    assert "updated" in result.stdout
    assert nominatim.searched() == ["Eemshaven"]  # Cambrai is known offline: never sent
    hit = nominatim.hits[0]
    assert hit["params"]["format"] == "json" and hit["params"]["addressdetails"] == "1"
    assert hit["user_agent"].startswith("geo-investment-map/")

    features = list(read_features(data).values())
    assert features[0]["properties"]["location"]["source"] == "insee-cog"
    assert "retrieved" not in features[0]["properties"]["location"]
    loc = features[1]["properties"]["location"]
    assert loc["source"] == "nominatim" and recent(loc["retrieved"])
    assert loc["precision"] == "point" and loc["name"] == "Eemshaven"
    assert loc["code"] == "osm:way:23746519" and loc["query"] == "Eemshaven"
    assert "Het Hogeland" in loc["context"] and "OpenStreetMap" in loc["note"]
    assert features[1]["geometry"]["coordinates"] == [6.834611, 53.438646]

    # (c) rebuilds without --online: nothing requested, the saved answer is kept byte for byte
    saved = data.read_bytes()
    nominatim.hits.clear()
    result = geo("build", cwd=tmp_path)
    assert "unchanged: " in result.stdout and data.read_bytes() == saved
    assert geo("build", "--check", cwd=tmp_path).returncode == 0
    assert geo("validate", cwd=tmp_path).returncode == 0
    # even with --online, an already geocoded site is not asked again
    geo("build", *online_args(nominatim), cwd=tmp_path)
    assert nominatim.hits == [] and data.read_bytes() == saved


@pytest.mark.e2e
def test_geocode_command_online_with_own_user_agent(tmp_path, nominatim):
    result = geo("geocode", *online_args(nominatim), "--user-agent", "newsroom-maps/2.0 (desk@example.org)",
                 "--json", "Middenmeer", cwd=tmp_path)
    out = json.loads(result.stdout)
    # two answers 2 km apart are one place (village node + its boundary), not homonyms
    assert out["source"] == "nominatim" and out["precision"] == "city" and out["name"] == "Middenmeer"
    assert recent(out["retrieved"]) and out["candidates"][0]["country"] == "NL"
    assert nominatim.hits[0]["user_agent"] == "newsroom-maps/2.0 (desk@example.org)"
    text = geo("geocode", *online_args(nominatim), "Middenmeer", cwd=tmp_path).stdout
    assert "source: nominatim, retrieved " in text


@pytest.mark.e2e
def test_add_online(tmp_path, nominatim):
    data = write_sites(tmp_path, "Cambrai")
    geo("add", *online_args(nominatim), "--name", "Data center", "--place", "Eemshaven",
        "--amount", "600 M€", cwd=tmp_path)
    (new,) = [f for f in read_features(data).values() if f["properties"]["place"] == "Eemshaven"]
    assert new["properties"]["location"]["source"] == "nominatim"
    assert len(nominatim.hits) == 1


# ----------------------------------------------------------------- (d) ambiguous stays offline
@pytest.mark.e2e
def test_ambiguous_place_never_goes_online(tmp_path, nominatim):
    data = write_sites(tmp_path, "Saint-Denis", "Valence")
    before = data.read_bytes()
    result = geo("build", "--strict", *online_args(nominatim), cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert "Saint-Denis (93)" in result.stderr and "Valence (26)" in result.stderr
    assert nominatim.hits == [] and data.read_bytes() == before


def test_online_homonyms_are_ambiguous_too(nominatim):
    gc = NominatimGeocoder(Geocoder(), url=nominatim.url)
    r = gc.geocode("San Martino")
    assert r.place is None and r.ambiguous and len(r.candidates) == 3
    msg = r.error_message()
    assert "3 places" in msg and "San Martino, Sagrado, Italie" in msg
    assert "San Martino, Gonzaga, Italie" in msg


# ----------------------------------------------------------------- (e) failures
@pytest.mark.e2e
def test_server_error_is_a_data_error_naming_the_feature(tmp_path, nominatim):
    nominatim.mode = "500"
    data = write_sites(tmp_path, "Cambrai", "Eemshaven")
    before = data.read_bytes()
    result = geo("build", "--strict", *online_args(nominatim), cwd=tmp_path, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "feature 2" in result.stderr and '"place"' in result.stderr
    assert "Eemshaven" in result.stderr and nominatim.url in result.stderr
    assert "500" in result.stderr
    assert data.read_bytes() == before and not (tmp_path / "output" / "map.html").exists()


def test_timeout_names_the_feature_and_stops_asking(tmp_path, nominatim):
    nominatim.mode, nominatim.delay = "slow", 3.0
    data = write_sites(tmp_path, "Eemshaven", "Middenmeer")
    gc = NominatimGeocoder(Geocoder(), url=nominatim.url, timeout=0.5)
    t = time.perf_counter()
    with pytest.raises(DataError) as info:
        pipeline.prepare(data, geocoder=lambda: gc)
    assert time.perf_counter() - t < 2.5
    first, second = info.value.problems
    assert first.index == 0 and first.field == "place"
    assert "timeout" in first.message and "Eemshaven" in first.message
    assert second.index == 1 and "not sent" in second.message
    assert len(nominatim.hits) == 1  # the second one wasn't sent to a server that doesn't answer


@pytest.mark.e2e
def test_connection_refused(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    write_sites(tmp_path, "Eemshaven")
    result = geo("build", "--online", "nominatim", "--nominatim-url", f"http://127.0.0.1:{port}",
                 cwd=tmp_path, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "feature 1" in result.stderr and "unavailable" in result.stderr


def test_no_result_online(nominatim):
    gc = NominatimGeocoder(Geocoder(), url=nominatim.url)
    r = gc.geocode("Nulle-Part-sur-Rien")
    assert r.place is None and not r.ambiguous
    assert "neither in the offline gazetteer nor by Nominatim" in r.error_message()
    assert gc.geocode("Nulle-Part-sur-Rien") is r and len(nominatim.hits) == 1  # memoised


@pytest.mark.e2e
def test_bad_configuration_is_a_usage_error(tmp_path):
    for args in (["--nominatim-url", "ftp://example.org"], ["--user-agent", " "]):
        result = geo("geocode", "--online", "nominatim", *args, "Eemshaven", cwd=tmp_path,
                     check=False)
        assert result.returncode == 2, result.stderr


# ----------------------------------------------------------------- offline first, details
def test_offline_results_never_go_online(nominatim):
    gc = online_factory("nominatim", url=nominatim.url)()
    for q in ("Cambrai", "Essonne", "France", "Londres", "59400", "48.59, 2.19", "Évry",
              "", "   ", "148.59, 2.19", "Saint-Denis (93)"):
        r = gc.geocode(q)
        assert r.place is None or r.place.source != "nominatim"
    assert gc.reverse(50.176, 3.235).code == "59122"
    assert gc.contains(gc.geocode("Nord").place, 50.176, 3.235)
    assert nominatim.hits == []


def test_reverse_asks_only_for_points_the_shipped_data_cannot_place(tmp_path, nominatim):
    data = write_sites(tmp_path, ("Parc éolien en mer", [-2.588, 47.155]))
    gc = NominatimGeocoder(Geocoder(), url=nominatim.url, today=lambda: "2026-01-02")
    prepared = pipeline.prepare(data, geocoder=lambda: gc)
    loc = prepared.doc.features[0]["properties"]["location"]
    assert loc["source"] == "user" and loc["precision"] == "point"
    assert loc["context"].startswith("Parc éolien en mer de Saint-Nazaire, Loire-Atlantique")
    (reverse,) = [h for h in nominatim.hits if h["path"] == "/reverse"]
    assert reverse["params"]["zoom"] == "10" and reverse["params"]["lat"] == "47.155"
    # the name was looked up too (to check the point against it): unknown everywhere, a warning
    assert nominatim.searched() == ["Parc éolien en mer"]
    assert any("could not be checked" in w.message for w in prepared.warnings)
    nominatim.reverse_fixture = "reverse_unable.json"
    assert gc.reverse(0.0, -30.0) is None  # mid-Atlantic: nobody knows


@pytest.mark.parametrize("raw,precision", [
    ({"addresstype": "city", "address": {"country_code": "fr"}}, "commune"),
    ({"addresstype": "village", "address": {"country_code": "fr"}}, "commune"),
    ({"addresstype": "town", "address": {"country_code": "nl"}}, "city"),
    ({"addresstype": "county"}, "department"),
    ({"addresstype": "state_district"}, "department"),
    ({"addresstype": "state"}, "region"),
    ({"addresstype": "country"}, "country"),
    ({"type": "village"}, "city"),
    ({"addresstype": "industrial", "type": "industrial"}, "point"),
    ({}, "point"),
])
def test_precision_mapping(raw, precision):
    assert precision_from_nominatim(raw) == precision


@pytest.mark.parametrize("finder", [Geocoder, NominatimGeocoder])
def test_both_geocoders_are_place_finders(finder) -> None:
    """geo build takes either geocoder: both have PlaceFinder's methods, with its parameters."""
    instance = finder() if finder is Geocoder else finder(Geocoder(), url="http://127.0.0.1:9")
    assert isinstance(instance, PlaceFinder)
    for name in ("geocode", "reverse", "contains"):
        want = inspect.signature(getattr(PlaceFinder, name))
        got = inspect.signature(getattr(finder, name))
        assert list(got.parameters) == list(want.parameters), name
        assert got.return_annotation == want.return_annotation, name


@pytest.mark.e2e
def test_offline_path_imports_nothing_heavy():
    code = ("import sys\nfrom geo.cli import main\n"
            "try:\n    main(['geocode', 'Cambrai'], standalone_mode=False)\nfinally:\n"
            "    print([m for m in ('geopy', 'geo.online', 'folium', 'geopandas', 'shapely',"
            " 'requests') if m in sys.modules], file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO_ROOT, check=True)
    assert "Cambrai" in out.stdout and out.stderr.strip() == "[]"
