"""Doctests (geo/**/*.py, README): `SEED` is the repository's seed data file."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace["SEED"] = ROOT / "data" / "sites.geojson"
