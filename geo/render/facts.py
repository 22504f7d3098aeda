"""What the page says about one site, worded once for every way of drawing it.

The per-site payload (small maps, SVG symbols) and the columnar blob (big maps, canvas)
show the same tooltip, popup and table row; both take the place label and the sources
from here, and the radii from `symbology.radii`.
"""

from __future__ import annotations

from typing import Any

from geo.core.urls import safe_url
from geo.enrich import Site
from geo.render import i18n

__all__ = ["location_labels", "source_payload"]


def location_labels(site: Site, lang: str) -> tuple[str, str]:
    """(where the site is, how precisely it is known), in the reader's language.

    >>> from geo.amount import parse_amount
    >>> site = Site(0, "x", "Data center", parse_amount("1 Md€"), "commune", 50.18, 3.23,
    ...             "Cambrai (Nord)", "Cambrai", "59122", "Nord, Hauts-de-France, France")
    >>> location_labels(site, "fr")
    ('Cambrai (Nord, Hauts-de-France, France)', 'commune')
    """
    name = site.location_name or site.place
    label = ", ".join(p for p in (name, site.context) if p and p != name) or name
    if site.context and not site.context.startswith(name):
        label = f"{name} ({site.context})" if name else site.context
    if site.places:  # a site given several places: every one is named, then the area
        label = f"{', '.join(site.places)} — {label}"
    return label, i18n.precision_label(site.precision, name, lang)


def source_payload(source: dict[str, Any]) -> dict[str, str]:
    """A source as the page shows it: title, publisher and date as text, the link only if safe.

    >>> source_payload({"url": "javascript:alert(1)", "title": "Le Monde", "extra": 1})
    {'title': 'Le Monde'}
    """
    out = {k: str(source[k]) for k in ("title", "publisher", "date") if source.get(k)}
    url = safe_url(source.get("url"))
    if url:
        out["url"] = url
    return out
