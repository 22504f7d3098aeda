"""Symbol sizes: area proportional to the amount, from zero; legend values read at a glance."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.amount import parse_amount
from geo.render.symbology import (
    FLANNERY_EXPONENT,
    SizeScale,
    legend_values,
    make_scale,
    nice_floor,
)


def test_zero_and_missing_values_have_no_area():
    scale = SizeScale(v_max=50e9, r_max=40)
    assert scale.radius(0) == 0 and scale.radius(None) == 0 and scale.radius(-5) == 0


@settings(max_examples=200, deadline=None)
@given(st.floats(1e3, 1e12), st.floats(1e3, 1e12))
def test_area_ratio_equals_value_ratio(a, b):
    scale = SizeScale(v_max=1e12, r_max=100)
    ra, rb = scale.radius(a), scale.radius(b)
    if ra > 1 and rb > 1:  # radii are rounded to 0.01 px
        assert math.isclose((ra / rb) ** 2, a / b, rel_tol=0.02)


def test_the_maximum_gets_r_max():
    scale = make_scale([parse_amount("entre 30 et 50 milliards"), parse_amount("20 Md€")])
    assert scale.v_max == 50e9
    assert scale.radius(50e9) == scale.r_max


def test_pinned_scale_does_not_move_when_a_site_is_added():
    small = make_scale([parse_amount("1 Md€")], v_max=100e9, r_max=30)
    bigger = make_scale([parse_amount("1 Md€"), parse_amount("80 Md€")], v_max=100e9, r_max=30)
    assert small == bigger


def test_flannery_is_opt_in():
    assert make_scale([parse_amount("1 Md€")]).exponent == 0.5
    assert make_scale([parse_amount("1 Md€")], flannery=True).exponent == FLANNERY_EXPONENT


@pytest.mark.parametrize("value,expected", [(50e9, 50e9), (47e9, 20e9), (12.5e9, 10e9), (2.5e9, 2e9),
                                            (1e9, 1e9), (0.99e9, 500e6)])
def test_nice_floor(value, expected):
    assert nice_floor(value) == expected


def test_legend_values_include_the_maximum_and_are_round():
    assert legend_values(50e9) == [50e9, 10e9, 2e9]
    values = legend_values(47e9)
    assert values[0] == 47e9 and values[1:] == [10e9, 2e9]
