"""The seed data is faithful to the article that started the project."""

from __future__ import annotations

import json
import math
import re
import unicodedata

import pytest
from helpers import ARTICLE, REPO_ROOT, unavailable

from geo.amount import parse_amount

SEED = REPO_ROOT / "data" / "sites.geojson"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.exists():
        unavailable(f"the seed article is not beside the repository ({ARTICLE})")
    return norm(ARTICLE.read_text("utf-8"))


@pytest.fixture(scope="module")
def sites() -> dict[str, dict]:
    data = json.loads(SEED.read_text("utf-8"))
    return {f["properties"]["investor"]: f for f in data["features"]}


def test_exactly_the_four_sites_of_the_article(sites):
    assert set(sites) == {"Mistral AI", "Brookfield Asset Management", "Émirats arabes unis", "Fluidstack"}
    names = " ".join(json.dumps(f, ensure_ascii=False) for f in sites.values())
    assert "Bpifrance" not in names and "Current AI" not in names  # a fund and a foundation, not sites


def test_every_amount_is_quoted_from_the_article(article, sites):
    for feature in sites.values():
        text = norm(feature["properties"]["amount"])
        assert text in article, f"{text!r} is not in the article"
        assert feature["properties"]["sources"], "every figure keeps its source"


@pytest.mark.parametrize("investor,kind,low,high", [
    ("Mistral AI", "at_least", 2e9, None),
    ("Brookfield Asset Management", "exact", 20e9, 20e9),
    ("Émirats arabes unis", "range", 30e9, 50e9),
    ("Fluidstack", "exact", 10e9, 10e9),
])
def test_amounts(sites, investor, kind, low, high):
    props = sites[investor]["properties"]
    amount = parse_amount(props["amount"])
    assert (amount.kind, amount.low, amount.high) == (kind, low, high)
    assert props["amount_eur"] == amount.to_json()


def test_places_and_precisions(sites):
    mistral = sites["Mistral AI"]["properties"]["location"]
    assert (mistral["precision"], mistral["code"], mistral["name"]) == ("department", "91", "Essonne")
    cambrai = sites["Brookfield Asset Management"]
    assert cambrai["properties"]["location"]["code"] == "59122"
    lon, lat = cambrai["geometry"]["coordinates"]
    km = 6371 * math.radians(1) * math.hypot(lat - 50.176, (lon - 3.235) * math.cos(math.radians(50.18)))
    assert km < 2
    for investor in ("Émirats arabes unis", "Fluidstack"):
        location = sites[investor]["properties"]["location"]
        assert location["precision"] == "country" and location["code"] == "FR"  # in France, never the UAE
    assert "programme" in sites["Brookfield Asset Management"]["properties"]["notes"]


def test_investor_countries(sites):
    assert {f["properties"]["investor_country"] for f in sites.values()} == {"FR", "CA", "AE", "GB"}


def test_headline_total(article):
    seed = json.loads(SEED.read_text("utf-8"))
    headline = seed["settings"]["headline_total"]["amount"]
    assert norm(headline) in article
    assert parse_amount(headline).low == 109e9
