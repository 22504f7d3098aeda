"""Precision and recall of `geo extract` on the hand-labelled test articles (tests/fixtures/articles)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ARTICLE

from geo.core.text import name_key

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
EXPECTED = json.loads((ARTICLES / "expected.json").read_text("utf-8"))


def article_path(name: str) -> Path:
    """Where an article of expected.json is ("seed" is the project's source, kept in shared/)."""
    if name == "seed":
        return ARTICLE
    return ARTICLES / name


def site_key(investor: str | None, places, lo, hi) -> tuple:
    return (name_key(investor or ""), frozenset(places), lo, hi)


def drafted_keys(extraction) -> list[tuple]:
    """(investor, place codes, min, max) of each draft, as the scoring compares them."""
    out = []
    for f in extraction.sites:
        p = f["properties"]
        codes = [g.get("code") or f"?{g['query']}" for g in p.get("geocoded", [])]
        a = p["amount_eur"]
        out.append(site_key(p.get("investor"), codes, a["min"], a["max"]))
    return out


def expected_keys(name: str) -> list[tuple]:
    return [site_key(s["investor"], s["places"], s["min"], s["max"]) for s in EXPECTED[name]["sites"]]


def score(name: str, extraction) -> dict:
    """Right drafts, drafts made, sites expected, and the not_sites that were drafted."""
    got, want = drafted_keys(extraction), expected_keys(name)
    right = len(set(got) & set(want))
    bounds = {(k[2], k[3]) for k in got}
    drafted_not_sites = [n for n in EXPECTED[name]["not_sites"] if (n["min"], n["max"]) in bounds]
    return {"right": right, "drafted": len(got), "expected": len(want), "missing": sorted(
        map(str, set(want) - set(got))), "wrong": sorted(map(str, set(got) - set(want))),
        "drafted_not_sites": drafted_not_sites}
