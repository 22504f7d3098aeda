"""What a newsroom's data adds to the page: conversions, programmes, "new" badges, drafts.

Kept apart from `payload` (which lays out every site) so that each rule is written once:

* an amount converted from another currency says so, with the rate and its date
  ("5 Md$ (≈ 4,5 Md€ au taux BCE du 2025-05-12)");
* a site that is part of a programme (`part_of`) names it ("Fait partie de « Programme
  de Brookfield en France » (20 Md€)"), the programme lists its sites, and totals count
  the programme once (`counted`);
* with `settings.highlight_since`, sites announced on or after that day get a badge;
* the sites that did not resolve are listed "to check" with what to type, and the page
  says it is a draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.amount import format_amount, format_conversion
from geo.core.dates import parse_day, parse_period
from geo.enrich import Site, Unresolved
from geo.render import i18n

__all__ = ["annotations", "counted", "is_new", "to_check_payload"]


def _ancestors(site_id: str, links: dict[str, str]) -> list[str]:
    chain, node = [], links.get(site_id)
    while node is not None and node not in chain and node != site_id:
        chain.append(node)
        node = links.get(node)
    return chain


def counted(sites: Sequence[Site], among: Sequence[Site] | None = None) -> list[Site]:
    """The sites to add up: those whose programme (at any level) is not also in the set.

    A site that is part of a programme is already in the programme's figure, so summing
    both would count it twice; when the programme itself is not in the set (it is not on
    the map, or still to check), the site counts.

    >>> from geo.amount import parse_amount
    >>> def site(i, amount, part_of=None):
    ...     return Site(0, i, i, parse_amount(amount), "country", None, None, "", "", None, "",
    ...                 part_of=part_of)
    >>> programme, cambrai = site("p", "20 Md€"), site("c", "10 Md€", part_of="p")
    >>> [s.id for s in counted([programme, cambrai])], [s.id for s in counted([cambrai])]
    (['p'], ['c'])
    """
    links = {s.id: s.part_of for s in (among or sites) if s.part_of}
    if not links:
        return list(sites)
    present = {s.id for s in sites}
    return [s for s in sites if not any(a in present for a in _ancestors(s.id, links))]


def is_new(site: Site, since: Any) -> bool:
    """Whether the site was announced on or after `since` (a day); vague dates ("2025-05")
    count only when all of the period is on or after it."""
    day = parse_day(since) if isinstance(since, str) else None
    period = parse_period(site.date) if day is not None and site.date else None
    return period is not None and period[0] >= day


def annotations(sites: Sequence[Site], settings: dict[str, Any], lang: str) -> dict[str, dict[str, Any]]:
    """What the newsroom features add to a site's popup, by site id (only sites with something):
    the conversion (`fx_label`), the programme it is part of (`part_of`), the parts of a
    programme (`parts_label`) and the "new" badge (`new`). Both drawing paths read them."""
    labels = i18n.labels(lang)
    by_id = {s.id: s for s in sites}
    parts: dict[str, list[str]] = {}
    for s in sites:
        if s.part_of:
            parts.setdefault(s.part_of, []).append(s.name)
    since = settings.get("highlight_since")
    out: dict[str, dict[str, Any]] = {}
    for s in sites:
        extra: dict[str, Any] = {}
        conversion = format_conversion(s.amount, lang)
        if conversion:
            extra["fx_label"] = conversion
        programme = by_id.get(s.part_of) if s.part_of else None
        if programme is not None:
            extra["part_of"] = {"id": programme.id, "label": labels["part_of"].format(
                name=programme.name, amount=format_amount(programme.amount, lang))}
        if s.id in parts:
            extra["parts_label"] = labels["parts"].format(names=" ; ".join(parts[s.id]))
        if since and is_new(s, since):
            extra["new"] = True
        if extra:
            out[s.id] = extra
    return out


def to_check_payload(to_check: Sequence[Unresolved]) -> list[dict[str, Any]]:
    """The sites still to check, as the panel lists them: what was typed, why, what to type."""
    out = []
    for item in to_check:
        out.append({
            "amount": item.amount,
            "name": item.name,
            "number": item.number,
            "place": item.place,
            "problems": [{"field": p.field, "hint": p.hint, "message": p.message}
                         for p in item.problems],
        })
    return out
