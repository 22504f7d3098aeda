"""Deterministic N-site data files for the benchmark, already enriched (nothing to geocode).

Sites sit at random metropolitan French communes (shipped gazetteer), jittered by up to
~1 km so that no two coincide; amounts are round figures of every kind (exact, range,
at least, up to, undisclosed); 5 % are known only to their department. Everything comes
from `random.Random(seed)`, so a size always gives the same bytes.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

INVESTORS = ["Brookfield", "Mistral AI", "Fluidstack", "Digital Realty", "Equinix", "Amazon",
             "Microsoft", "Evroc", "Prologis", "Iliad", "Sesterce", "Apollo", "Bpifrance",
             "Data4", "Telehouse", "MGX", "Eclairion", "Nscale", "OVHcloud", "Scaleway"]
COUNTRIES = ["FR", "US", "CA", "AE", "GB", "SE", "DE", "NL", "IT", "CH"]
SOURCES = [{"url": f"https://example.org/press/{i}", "title": f"Press release {i}",
            "publisher": "Example News", "date": "2025-02"} for i in range(40)]


def _amount(rng: random.Random) -> str:
    def figure() -> float:
        m = rng.choice([1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8])
        return m * 10 ** rng.randint(6, 9)  # 1 M€ … 8 Md€

    def words(v: float) -> str:
        if v >= 1e9:
            n = v / 1e9
            return f"{n:g}".replace(".", ",") + (" milliards d'euros" if n >= 2 else " milliard d'euros")
        return f"{v / 1e6:g}".replace(".", ",") + " millions d'euros"

    roll = rng.random()
    if roll < 0.80:
        return words(figure())
    if roll < 0.88:
        a, b = sorted((figure(), figure()))
        return words(a) if a == b else f"entre {words(a)} et {words(b)}"
    if roll < 0.92:
        return "plus de " + words(figure())
    if roll < 0.96:
        return "jusqu'à " + words(figure())
    return "non communiqué"


def features(n: int, seed: int = 1) -> list[dict]:
    """`n` enriched GeoJSON features (ids site-0 … site-{n-1})."""
    from geo.amount import parse_amount
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer()
    communes = sorted(code for code in gazetteer.communes if not code.startswith("97"))
    departments = gazetteer.departments
    regions = gazetteer.regions
    rng = random.Random(seed)
    parsed: dict[str, dict] = {}
    out = []
    for i in range(n):
        commune = gazetteer.communes[rng.choice(communes)]
        dept = departments.get(commune.department)
        if rng.random() < 0.05 and dept is not None:
            place, lat, lon = dept.name, dept.lat, dept.lon
            location = {"code": dept.code, "context": regions[dept.region].name + ", France"
                        if dept.region in regions else "France", "name": dept.name,
                        "precision": "department", "query": place, "source": "ign"}
        else:
            place = commune.name
            lat = commune.lat + rng.uniform(-0.01, 0.01)
            lon = commune.lon + rng.uniform(-0.01, 0.01)
            context = f"{dept.name}, France" if dept else "France"
            location = {"code": commune.code, "context": context, "name": commune.name,
                        "precision": "commune", "query": place, "source": "insee"}
        text = _amount(rng)
        if text not in parsed:
            parsed[text] = parse_amount(text).to_json()
        props = {"name": f"Site {i}", "investor": rng.choice(INVESTORS),
                 "investor_country": rng.choice(COUNTRIES), "place": place, "amount": text,
                 "amount_eur": parsed[text], "location": location}
        if rng.random() < 0.5:
            props["date"] = f"2025-0{rng.randint(1, 9)}"
        if rng.random() < 0.1:  # the 50 MB input limit leaves ~500 bytes a feature
            props["sources"] = [rng.choice(SOURCES)]
        out.append({"type": "Feature", "id": f"site-{i}",
                    "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                    "properties": props})
    return out


def write(path: Path, feats: list[dict], canonical: bool = True) -> Path:
    """The data file; `canonical` as `geo build` writes it (indented), else compact JSON.

    100,000 indented features exceed the 50 MB input limit, so the biggest size is compact.
    """
    from geo import contract as model

    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"type": "FeatureCollection", "settings": {"title": f"{len(feats)} sites", "lang": "fr"},
            "features": feats}
    if canonical:
        path.write_bytes(model.dumps(data))
    else:
        ordered = json.loads(model.dumps(data))  # the canonical member order, written compact
        path.write_bytes(json.dumps(ordered, ensure_ascii=False,
                                    separators=(",", ":")).encode("utf-8") + b"\n")
    return path


def new_site(index: int) -> dict:
    """A site typed by a user (no amount_eur/location/id): it must be geocoded."""
    return {"type": "Feature", "geometry": None,
            "properties": {"name": f"New site {index}", "investor": "Brookfield",
                           "investor_country": "CA", "place": "Cambrai (Nord)",
                           "amount": "20 milliards d'euros"}}


if __name__ == "__main__":  # pragma: no cover - quick look at a fixture
    print(json.dumps(features(3), ensure_ascii=False, indent=1))
