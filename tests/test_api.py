"""The Python API as an analyst uses it: read, geocode, parse, a GeoDataFrame, a folium map."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import folium
import pytest
from helpers import geo as run_geo

import geo

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sites.geojson"


def test_read_sites_gives_the_enriched_seed():
    sites = geo.read_sites(SEED)
    assert [s.investor for s in sites] == ["Mistral AI", "Brookfield Asset Management",
                                            "Émirats arabes unis", "Fluidstack"]
    by_investor = {s.investor: s for s in sites}
    assert by_investor["Émirats arabes unis"].amount.kind == "range"
    assert by_investor["Mistral AI"].precision == "department"
    assert sites.headline is not None and sites.headline.amount.low == 109e9
    assert not sites.needs_saving


def test_geodataframe_has_points_and_amount_columns():
    gdf = geo.to_geodataframe(SEED)
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == 4
    placed = gdf[gdf.geometry.notna()]
    assert set(placed.precision) == {"commune", "department"}
    assert set(gdf[gdf.geometry.isna()].precision) == {"country"}  # never a point for "in France"
    cambrai = gdf.set_index("id").loc["brookfield-asset-management-cambrai-nord"]
    assert cambrai.geometry.geom_type == "Point" and abs(cambrai.geometry.y - 50.177) < 1e-3
    assert cambrai.amount_min_eur == cambrai.amount_max_eur == 20e9
    uae = gdf.set_index("investor").loc["Émirats arabes unis"]
    assert (uae.amount_kind, uae.amount_min_eur, uae.amount_max_eur) == ("range", 30e9, 50e9)
    assert str(gdf.amount_min_eur.dtype) == "float64"


@pytest.mark.e2e
def test_make_map_is_a_folium_map_whose_save_is_geo_render(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(ROOT / "data", work / "data")
    run_geo("render", "--offline", "--out", "output/map.html", cwd=work)
    m = geo.make_map(work / "data" / "sites.geojson", offline=True)
    assert isinstance(m, folium.Map)
    m.save(str(tmp_path / "saved.html"))
    assert (tmp_path / "saved.html").read_bytes() == (work / "output" / "map.html").read_bytes()


def test_layers_added_to_the_map_are_in_the_page_and_allowed_by_its_policy():
    m = geo.make_map(SEED)
    folium.TileLayer("OpenTopoMap", name="topo").add_to(m)
    folium.CircleMarker([48.85, 2.35], radius=4, tooltip="Paris").add_to(m)
    page = m.get_root().render()
    assert "tile.opentopomap.org" in page and "circleMarker" in page
    csp = page.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert "https://*.tile.opentopomap.org" in csp  # the caller's tiles may load
    assert csp.count("'sha256-") >= 3  # and the caller's inline script is hashed in


def test_jupyter_display_is_the_page_in_an_iframe():
    html = geo.make_map(SEED)._repr_html_()
    assert html.startswith("<div") and "<iframe srcdoc=" in html
    assert "geo-data" in html and "Content-Security-Policy" in html


def test_headline_that_cannot_be_read_is_a_data_error(tmp_path):
    data = json.loads(SEED.read_text("utf-8"))
    data["settings"]["headline_total"]["amount"] = "beaucoup de milliards"
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(geo.DataError) as caught:
        geo.read_sites(path)
    (problem,) = caught.value.problems
    assert problem.field == "settings.headline_total.amount" and "cannot read" in problem.message


def test_headline_in_dollars_is_converted_at_the_rate_of_the_maps_date_or_asks_for_one(tmp_path):
    # Issue 14: another currency is converted, never refused, never silently.
    data = json.loads(SEED.read_text("utf-8"))
    data["settings"]["headline_total"]["amount"] = "$109bn"
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    headline = geo.read_sites(path).headline.amount
    # settings.date is Sunday 2025-02-09: the ECB rate is Friday's (1 EUR = 1.0377 USD)
    assert headline.converted.date == "2025-02-07" and headline.converted.rate == 1.0377
    assert headline.min == round(109e9 / 1.0377)
    del data["settings"]["date"]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(geo.DataError) as caught:
        geo.read_sites(path)
    (problem,) = caught.value.problems
    assert problem.field == "settings.date" and "fx_rate" in problem.hint


def test_options_that_contradict_are_refused_before_any_work():
    with pytest.raises(geo.OptionError, match="only apply with --online"):
        geo.read_sites(SEED, nominatim_url="http://127.0.0.1:9")


@pytest.mark.e2e
def test_the_notebook_runs_in_a_real_kernel_and_displays_the_map():
    import nbclient  # the [test] extra installs them: a missing one must fail, not skip
    import nbformat

    notebook = nbformat.read(ROOT / "docs" / "python-api.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o["data"]["text/html"] for o in outputs if o.output_type == "execute_result"
             and "text/html" in o.get("data", {})]
    assert any("amount_min_eur" in h for h in shown)  # the GeoDataFrame
    assert any("<iframe srcdoc=" in h and "geo-data" in h and "circleMarker" in h for h in shown)


def test_import_geo_offers_every_api_function():
    """`geo.read_sites` and `geo.api.read_sites` are one list of names, kept in two places
    (geo/__init__.py must not import the API eagerly): a function added to one is in both.
    `extract` is the exception: `geo.extract` is the extraction package itself."""
    import geo.api

    assert set(geo.__all__) - {"__version__"} == set(geo.api.__all__) - {"extract"}
    for name in geo.api.__all__:
        if name != "extract":
            assert getattr(geo, name) is getattr(geo.api, name), name
