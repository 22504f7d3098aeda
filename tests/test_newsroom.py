"""From the newsroom's data to the map (issue 14), through the real `geo` command: a new map in
an empty folder, a real spreadsheet of 2025 announcements in and out, drafts, programmes
counted once, and what changed since the last version."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO_ROOT, geo, read_features, unavailable

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "newsroom"
SHEET = FIXTURES / "annonces-2025.csv"
SEED = REPO_ROOT / "data" / "sites.geojson"


def sheet_rows(path: Path = SHEET, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def make_workbook(path: Path, rows: list[dict[str, str]]) -> Path:
    """The spreadsheet as XLSX or ODS (by `path`'s suffix), written by GDAL, with the days as
    date cells (a month alone, "2025-02", cannot be a date cell: it is left empty)."""
    import pandas as pd
    import pyogrio

    frame = pd.DataFrame(rows)
    frame["Date"] = pd.to_datetime(frame["Date"], format="%Y-%m-%d", errors="coerce")
    driver = {".xlsx": "XLSX", ".ods": "ODS"}[path.suffix]
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(frame, path, driver=driver, layer="Annonces")
    return path


def compact_ods(path: Path) -> Path:
    """GDAL's ODS without the line breaks between cells, as LibreOffice writes it."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["content.xml"] = re.sub(rb">\s+<", b"><", parts["content.xml"])
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), parts.pop("mimetype"))  # first, stored
        for name, data in parts.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """An empty folder where `geo init` has started a map."""
    folder = tmp_path / "carte"
    result = geo("init", str(folder), "--title", "Investissements annoncés en 2025", cwd=tmp_path)
    assert "wrote:" in result.stdout
    return folder


@pytest.mark.e2e
def test_init_then_add_then_build_in_an_empty_folder(tmp_path):
    geo("init", cwd=tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {"data", ".gitignore", "README.md"}
    geo("add", "--name", "Data center", "--investor", "Evroc", "--place", "Mougins",
        "--amount", "4 milliards d'euros", "--date", "2025-02-10", cwd=tmp_path)
    result = geo("build", cwd=tmp_path)
    assert "2 sites (2 on the map" in result.stdout  # the example and the new site
    # The example is a real announcement: beside the user's own sites it is said, never removed.
    assert 'feature 1 ("Data center géant de Mistral AI"' in result.stderr
    assert "example site `geo init` wrote" in result.stderr and "delete this feature" in result.stderr
    assert result.returncode == 0
    page = (tmp_path / "output" / "map.html").read_text("utf-8")
    assert "Carte des investissements annoncés" in page and "Evroc" in page
    assert ".*.tmp" in (tmp_path / ".gitignore").read_text("utf-8")
    # Never overwrites: a second init refuses, names every file, and changes nothing.
    before = (tmp_path / "data" / "sites.geojson").read_bytes()
    again = geo("init", cwd=tmp_path, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "sites.geojson" in again.stderr and "README.md" in again.stderr
    assert (tmp_path / "data" / "sites.geojson").read_bytes() == before


def check_imported(folder: Path) -> dict[str, dict]:
    features = read_features(folder / "data" / "sites.geojson")
    by_name = {f["properties"]["name"]: f for f in features.values()}
    evroc = by_name["Data center d'Evroc"]["properties"]
    assert evroc["location"]["code"] == "06085" and evroc["amount_eur"]["min"] == 4e9
    assert evroc["Puissance"] == "96 MW"  # an unknown column is kept as a property
    assert evroc["sources"] == [{"url": sheet_rows()[0]["Source"], "publisher": "Journal du Net"}]
    bessé = by_name["Centre de calcul d'Eclairion à Bessé-sur-Braye"]["properties"]
    assert bessé["amount_eur"]["kind"] == "approx"  # "environ 600 millions"
    cambrai = by_name["Data center de Cambrai"]["properties"]
    assert cambrai["part_of"] == "brookfield-france" and "brookfield-france" in features
    assert by_name["Campus IA de MGX, Bpifrance, Mistral AI et Nvidia"]["properties"]["location"][
        "precision"] == "region"
    return by_name


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_real_spreadsheet_in_a_fresh_folder_gives_a_map(newsroom, tmp_path, kind):
    source = SHEET if kind == "csv" else make_workbook(tmp_path / "annonces.xlsx", sheet_rows())
    result = geo("import", str(source), cwd=newsroom)
    assert "22 rows" in result.stdout and "22 added, 0 updated, 0 unchanged" in result.stdout
    assert "Lieu → place" in result.stdout and "Montant → amount" in result.stdout
    assert "Puissance → Puissance  (not recognised: kept as a property)" in result.stdout
    by_name = check_imported(newsroom)
    if kind == "xlsx":  # a date cell comes back as the day it shows; an empty cell as nothing
        assert by_name["Data center d'Evroc"]["properties"]["date"] == "2025-02-10"
        assert "date" not in by_name["Supercalculateur de Sesterce à Rovaltain"]["properties"]
    built = geo("build", cwd=newsroom)
    assert "23 sites" in built.stdout and "to check" not in built.stdout
    page = (newsroom / "output" / "map.html").read_text("utf-8")
    assert "Data center d&#x27;Evroc" in page  # the no-JS table lists every site
    assert 'class="geo-draft"' not in page
    # Importing the same sheet again changes nothing and duplicates nothing.
    again = geo("import", str(source), cwd=newsroom)
    assert "0 added, 0 updated, 22 unchanged" in again.stdout
    assert len(read_features(newsroom / "data" / "sites.geojson")) == 23


@pytest.mark.e2e
def test_one_unknown_place_gives_a_draft_map_and_exit_1(newsroom, tmp_path):
    rows = sheet_rows()
    rows[1]["Lieu"] = "Rovaltain-sur-Rhône"  # no such commune
    source = tmp_path / "annonces.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    imported = geo("import", str(source), cwd=newsroom, check=False)
    assert imported.returncode == 1 and "1 site(s) to check" in imported.stdout
    result = geo("build", cwd=newsroom, check=False)
    assert result.returncode == 1
    assert "Rovaltain-sur-Rhône" in result.stderr and "field \"place\"" in result.stderr
    assert "DRAFT" in result.stdout and "1 to check" in result.stdout
    page = (newsroom / "output" / "map.html").read_text("utf-8")
    assert 'class="geo-draft"' in page and "Brouillon" in page
    payload = json.loads(page.split('id="geo-data">', 1)[1].split("</script>", 1)[0])
    (pending,) = payload["to_check"]
    assert pending["name"] == "Supercalculateur de Sesterce à Rovaltain"
    assert pending["place"] == "Rovaltain-sur-Rhône" and pending["problems"][0]["field"] == "place"
    # The site is kept exactly as typed; every other one is enriched.
    features = json.loads((newsroom / "data" / "sites.geojson").read_text("utf-8"))["features"]
    sesterce = next(f for f in features if "Sesterce" in f["properties"]["name"])
    assert "id" not in sesterce and "location" not in sesterce["properties"]
    assert "amount_eur" not in sesterce["properties"] and sesterce["geometry"] is None
    assert all("location" in f["properties"] for f in features if f is not sesterce)
    # CI: --check fails on a draft even though every file is up to date.
    check = geo("build", "--check", cwd=newsroom, check=False)
    assert check.returncode == 1 and "still to check" in check.stderr
    # --strict: today's all-or-nothing.
    before = (newsroom / "data" / "sites.geojson").read_bytes()
    strict = geo("build", "--strict", "--out", "output/strict.html", cwd=newsroom, check=False)
    assert strict.returncode == 1 and "nothing was written" in strict.stderr
    assert not (newsroom / "output" / "strict.html").exists()
    assert (newsroom / "data" / "sites.geojson").read_bytes() == before


@pytest.mark.e2e
@pytest.mark.parametrize("encoding,delimiter,bom", [
    ("cp1252", ";", False), ("utf-8", ",", True), ("utf-8", "\t", False), ("utf-16", "\t", True),
])
def test_csv_in_any_encoding_and_delimiter(newsroom, tmp_path, encoding, delimiter, bom):
    rows = sheet_rows()[:3]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    raw = text.getvalue().encode(encoding)
    if bom and encoding == "utf-8":
        raw = b"\xef\xbb\xbf" + raw
    source = tmp_path / "annonces.csv"
    source.write_bytes(raw)
    result = geo("import", str(source), cwd=newsroom)
    expected = {"cp1252": "Windows-1252", "utf-8": "UTF-8 (with BOM)" if bom else "UTF-8",
                "utf-16": "UTF-16"}[encoding]
    assert expected in result.stdout and "3 added" in result.stdout
    names = {f["properties"]["name"] for f in read_features(newsroom / "data" / "sites.geojson").values()}
    assert "Data center d'Evroc" in names and "Supercalculateur de Sesterce à Rovaltain" in names


@pytest.mark.e2e
@pytest.mark.parametrize("writer", ["libreoffice-like", "gdal"])
def test_ods_and_map_overrides_and_updates(newsroom, tmp_path, writer):
    rows = [{("Ville" if k == "Lieu" else k): v for k, v in row.items()} for row in sheet_rows()[:4]]
    write = (lambda p, r: compact_ods(make_workbook(p, r))) if writer != "gdal" else make_workbook
    source = write(tmp_path / "annonces.ods", rows)
    result = geo("import", str(source), "--map", "Ville=place", "--map", "Puissance=ignore",
                 cwd=newsroom)
    assert ("read by GDAL" in result.stdout) == (writer == "gdal")
    assert "Ville → place" in result.stdout and "Puissance → skipped" in result.stdout
    assert "4 added" in result.stdout
    features = read_features(newsroom / "data" / "sites.geojson")
    evroc = next(f for f in features.values() if f["properties"]["name"] == "Data center d'Evroc")
    assert "Puissance" not in evroc["properties"] and evroc["properties"]["place"] == "Mougins"
    # The same site with a new amount and a note is updated, not duplicated.
    rows[0]["Montant"] = "quelque quatre milliards d'euros"
    for row in rows:
        row["Commentaire"] = ""
    rows[0]["Commentaire"] = "Premier site d'Evroc en France"
    write(tmp_path / "annonces.ods", rows)
    updated = geo("import", str(source), "--map", "Ville=place", "--map", "Puissance=ignore",
                  cwd=newsroom)
    assert "0 added, 1 updated, 3 unchanged" in updated.stdout
    evroc = read_features(newsroom / "data" / "sites.geojson")[evroc["id"]]
    assert evroc["properties"]["amount_eur"]["kind"] == "approx"
    assert evroc["properties"]["notes"] == "Premier site d'Evroc en France"


@pytest.mark.e2e
def test_two_rows_for_one_site_are_refused_and_nothing_is_written(newsroom, tmp_path):
    rows = sheet_rows()[:2]
    rows.append(dict(rows[0]))
    source = tmp_path / "annonces.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    before = (newsroom / "data" / "sites.geojson").read_bytes()
    result = geo("import", str(source), cwd=newsroom, check=False)
    assert result.returncode == 1 and "row 4" in result.stderr and "row 2" in result.stderr
    assert (newsroom / "data" / "sites.geojson").read_bytes() == before


@pytest.mark.e2e
def test_csv_round_trip_keeps_every_value(newsroom):
    geo("import", str(SHEET), cwd=newsroom)
    geo("export", "--to", "csv", "--out", "output/sites.csv", cwd=newsroom)
    raw = (newsroom / "output" / "sites.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads the accents
    exported = {r["name"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    columns = {"Identifiant": "id", "Nom du site": "name", "Investisseur": "investor",
               "Pays de l'investisseur": "investor_country", "Lieu": "place", "Montant": "amount",
               "Date": "date", "Source": "source_url", "Média": "source_publisher",
               "Fait partie de": "part_of", "Puissance": "Puissance"}
    for row in sheet_rows():
        out = exported[row["Nom du site"]]
        for header, column in columns.items():
            if row[header]:
                assert out[column] == row[header], (row["Nom du site"], header)
    # And the export, edited and imported back, updates by id without duplicating anything.
    back = geo("import", "output/sites.csv", cwd=newsroom)
    assert "0 added, 0 updated, 23 unchanged" in back.stdout
    assert "amount_kind → skipped" in back.stdout and "X → skipped" in back.stdout


@pytest.mark.e2e
def test_gpkg_and_geoparquet_open_with_geopandas_with_the_same_values(newsroom):
    import geopandas

    geo("import", str(SHEET), cwd=newsroom)
    geo("build", cwd=newsroom)
    for fmt, out in (("gpkg", "output/sites.gpkg"), ("parquet", "output/sites.parquet"),
                     ("geojsonseq", "output/sites.geojsons"), ("kml", "output/sites.kml"),
                     ("xlsx", "output/sites.xlsx")):
        result = geo("export", "--to", fmt, cwd=newsroom)
        assert f"wrote: {out} (23 sites)" in result.stdout
    for fmt, out in (("gpkg", "output/sites.gpkg"), ("xlsx", "output/sites.xlsx")):  # same sites, same bytes
        assert f"unchanged: {out}" in geo("export", "--to", fmt, cwd=newsroom).stdout
    features = read_features(newsroom / "data" / "sites.geojson")
    gpkg = geopandas.read_file(newsroom / "output" / "sites.gpkg")
    parquet = geopandas.read_parquet(newsroom / "output" / "sites.parquet")
    for frame in (gpkg, parquet):
        assert frame.crs.to_epsg() == 4326 and len(frame) == 23
        rows = frame.set_index("id")
        for fid, feature in features.items():
            props = feature["properties"]
            row = rows.loc[fid]
            assert row["name"] == props["name"] and row["amount"] == str(props["amount"])
            assert row["amount_kind"] == props["amount_eur"]["kind"]
            if props["amount_eur"]["min"] is not None:
                assert row["amount_min_eur"] == props["amount_eur"]["min"]
            assert row["precision"] == props["location"]["precision"]
            if props["location"]["precision"] in ("commune", "department", "region"):
                lon, lat = feature["geometry"]["coordinates"]
                assert abs(row.geometry.x - lon) < 1e-9 and abs(row.geometry.y - lat) < 1e-9
            else:  # known to the country only: never a point pretending to be precise
                assert row.geometry is None
    kml = (newsroom / "output" / "sites.kml").read_text("utf-8")
    assert "<name>Data center d'Evroc</name>" in kml or "<name>Data center d&apos;Evroc</name>" in kml
    lines = [line for line in (newsroom / "output" / "sites.geojsons").read_text("utf-8").splitlines()
             if line.strip("\x1e ")]
    assert len(lines) == 23 and all(json.loads(line.lstrip("\x1e"))["type"] == "Feature" for line in lines)


@pytest.mark.e2e
def test_programmes_count_once_in_the_totals(newsroom):
    geo("import", str(SHEET), cwd=newsroom)
    geo("build", cwd=newsroom)
    page = (newsroom / "output" / "map.html").read_text("utf-8")
    payload = json.loads(page.split('id="geo-data">', 1)[1].split("</script>", 1)[0])
    totals = payload["totals"]
    # Listed: every site, each programme once (Brookfield 20, not 20 + 10 + 5; Ferrero 95,
    # not 95 + 30 + 33 + 32; Prologis 6.4, not + 3.5; Amazon at least 300 M€, not + 150).
    # The sum: 30 (the low bound of 30–50) + 20 + 10 + 8,5 + 6,4 + 4 + 4 + 3 + 2,3 + 2 + 2
    # (Mistral AI, the example of geo init: at least) + 0,6 + 0,45 + 0,3 (at least) + 0,095.
    assert totals["listed"].startswith("au moins 93,6 Md€ · 23 sites")
    assert "dont 8 compté(s) dans leur programme" in totals["listed"]
    from fastpath_reader import all_sites

    sites = {s["id"]: s for s in all_sites(payload)}
    cambrai = next(s for s in sites.values() if s["name"] == "Data center de Cambrai")
    assert cambrai["part_of"]["label"] == "Fait partie de « Programme de Brookfield en France » (20 Md€)"
    assert "Data center de Cambrai" in sites["brookfield-france"]["parts_label"]
    # settings.totals: false hides the panel.
    data_path = newsroom / "data" / "sites.geojson"
    data = json.loads(data_path.read_text("utf-8"))
    data["settings"]["totals"] = False
    data_path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    geo("build", cwd=newsroom)
    page = (newsroom / "output" / "map.html").read_text("utf-8")
    assert json.loads(page.split('id="geo-data">', 1)[1].split("</script>", 1)[0])["totals"] is None


@pytest.mark.e2e
def test_a_programme_that_does_not_exist_or_loops_is_to_check(newsroom):
    data_path = newsroom / "data" / "sites.geojson"
    data = json.loads(data_path.read_text("utf-8"))
    base = {"type": "Feature", "geometry": None}
    data["features"] += [
        {**base, "properties": {"name": "Orphan", "place": "Lille", "amount": "1 Md€", "part_of": "nope"}},
        {**base, "id": "a", "properties": {"name": "A", "place": "Lille", "amount": "1 Md€", "part_of": "b"}},
        {**base, "id": "b", "properties": {"name": "B", "place": "Lille", "amount": "1 Md€", "part_of": "a"}},
    ]
    data_path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = geo("build", cwd=newsroom, check=False)
    assert result.returncode == 1 and "3 to check" in result.stdout
    assert "'nope' is no site's id" in result.stderr and "goes round in a circle" in result.stderr


@pytest.mark.e2e
def test_diff_reports_an_added_site_and_a_changed_amount_between_two_seed_versions(tmp_path):
    old = tmp_path / "old.geojson"
    shutil.copy(SEED, old)
    new = tmp_path / "new.geojson"
    data = json.loads(SEED.read_text("utf-8"))
    fluidstack = next(f for f in data["features"] if f["id"] == "fluidstack-france")
    fluidstack["properties"]["amount"] = "entre 10 et 15 milliards d'euros"
    data["features"].append({"type": "Feature", "geometry": None, "properties": {
        "name": "Data center d'Evroc", "investor": "Evroc", "place": "Mougins",
        "amount": "4 milliards d'euros"}})
    new.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    result = geo("diff", str(old), str(new), cwd=tmp_path)
    assert "1 added, 0 removed, 1 amount changed, 0 places changed" in result.stdout
    assert "+ (no id yet)" in result.stdout and "Data center d'Evroc" in result.stdout
    assert "amount: 10 milliards d'euros → entre 10 et 15 milliards d'euros" in result.stdout
    # OLD from standard input, as `git show HEAD~1:data/sites.geojson | geo diff - …`.
    piped = subprocess.run(["python", "-m", "geo", "diff", "-", str(new), "--json"], input=old.read_bytes(),
                           capture_output=True, cwd=tmp_path, timeout=60, check=True)
    answer = json.loads(piped.stdout)
    assert answer["summary"] == {"added": 1, "amount": 1, "place": 0, "removed": 0}
    removed = geo("diff", str(new), str(old), cwd=tmp_path)
    assert "0 added, 1 removed" in removed.stdout


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """A copy of the seed data committed in a new git repository; returns its folder."""
    if shutil.which("git") is None:
        unavailable("needs git (apt-get install git)")
    work = tmp_path / "work"
    shutil.copytree(REPO_ROOT / "data", work / "data")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=work, check=True)
    subprocess.run([*git, "add", "data"], cwd=work, check=True)
    subprocess.run([*git, "commit", "-qm", "seed"], cwd=work, check=True)
    return work


def move_first_site(work: Path) -> Path:
    """Type another place for the seed's first site (Essonne); returns the data file."""
    data_path = work / "data" / "sites.geojson"
    data = json.loads(data_path.read_text("utf-8"))
    data["features"][0]["properties"]["place"] = "Bruyères-le-Châtel"
    data_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    return data_path


@pytest.mark.e2e
def test_build_prints_what_changed_since_the_last_commit(committed):
    work = committed
    assert "no change since HEAD:data/sites.geojson (git)" in geo("build", cwd=work).stdout
    move_first_site(work)
    result = geo("build", cwd=work)
    assert "changes since HEAD:data/sites.geojson (git): 0 added, 0 removed, 0 amounts changed, " \
           "1 place changed" in result.stdout
    assert "place: Essonne → Bruyères-le-Châtel" in result.stdout


def test_a_big_data_file_is_compared_with_what_geo_last_saved_not_parsed_twice(committed, monkeypatch):
    """At 100,000 sites, parsing the committed version too would double the build's memory."""
    import geo
    from geo import diff

    work = committed
    data_path = move_first_site(work)
    monkeypatch.setattr(diff, "GIT_COMPARE_MAX_BYTES", 1000)
    monkeypatch.setattr(diff, "read_version", lambda *a: pytest.fail("the git version was parsed"))
    result = geo.build(data_path, work / "output" / "map.html")
    assert "as geo last saved it (too big to compare with git)" in result.changes.since
    assert result.changes.count("place") == 1  # the place typed since the last build, still seen


@pytest.mark.e2e
def test_add_works_on_a_draft_and_refuses_only_its_own_problems(newsroom):
    data_path = newsroom / "data" / "sites.geojson"
    data = json.loads(data_path.read_text("utf-8"))
    data["features"].append({"type": "Feature", "geometry": None, "properties": {
        "name": "Typo", "place": "Rovaltain-sur-Rhône", "amount": "1 Md€", "mine": "kept"}})
    data_path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    added = geo("add", "--name", "Usine", "--place", "Dunkerque", "--amount", "3 milliards de dollars",
                "--date", "2025-05-12", cwd=newsroom)
    assert "added" in added.stdout and "still to check" in added.stderr
    features = json.loads(data_path.read_text("utf-8"))["features"]
    assert features[-2]["properties"] == {"name": "Typo", "place": "Rovaltain-sur-Rhône", "amount": "1 Md€",
                                          "mine": "kept"}
    usine = features[-1]["properties"]["amount_eur"]
    assert usine["converted_from"]["rate"] == 1.1106 and usine["min"] == round(3e9 / 1.1106)
    refused = geo("add", "--name", "X", "--place", "Lyon", "--amount", "3 milliards de dollars",
                  cwd=newsroom, check=False)
    assert refused.returncode == 1 and "fx_rate" in refused.stderr
    assert len(json.loads(data_path.read_text("utf-8"))["features"]) == len(features)
