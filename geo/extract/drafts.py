"""Readings → draft features in the data contract, the `not_sites` list, and the review table.

A draft is what a journalist would type with `geo add`, plus what lets them check it in a
minute: the sentence(s) it was read from with their offsets, a confidence, and a note on
every judgement. It keeps the words of the article (`investor`, `place`, `amount` as
written) and what geo made of them (`amount_eur`, `geocoded`); `geo build` geocodes the
`place` again, so a draft never carries a location the geocoder did not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from geo.amount import format_amount
from geo.core.text import fold
from geo.extract.link import Reading

__all__ = ["DRAFT_STATUS", "Extraction", "build_drafts", "review_lines"]

#: The status of every draft: it goes on the map only once someone has checked it.
DRAFT_STATUS = "à vérifier"

_SITE_NOUNS = [
    (r"data\s*cent(?:er|re)s?|centres?\s+de\s+donnees", {"fr": "Data center", "en": "data centre"}),
    (r"campus", {"fr": "Campus", "en": "campus"}),
    (r"gigafactor(?:y|ies)|giga-?usine", {"fr": "Gigafactory", "en": "gigafactory"}),
    (r"super\s*-?\s*calculateurs?|supercomputers?", {"fr": "Supercalculateur", "en": "supercomputer"}),
    (r"usines?|factor(?:y|ies)|plants?", {"fr": "Usine", "en": "plant"}),
    (r"entrepots?|warehouses?|plateformes?\s+logistiques?", {"fr": "Entrepôt", "en": "warehouse"}),
    (r"centres?\s+de\s+recherche|research\s+cent(?:er|re)s?|laboratoires?|labs?",
     {"fr": "Centre de recherche", "en": "research centre"}),
]


@dataclass
class Extraction:
    """What `extract` read in an article: draft sites and the amounts that are not sites."""

    text: str
    lang: str
    format: str
    sites: list[dict[str, Any]] = field(default_factory=list)
    not_sites: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    #: With append: what the merge did, {"added": [...], "unchanged": [...]} (site names).
    appended: dict[str, list[str]] | None = None

    def to_json(self) -> dict[str, Any]:
        """The `--json` output: `{"sites": [Feature…], "not_sites": [{text, amount, reason, evidence}…]}`."""
        return {"sites": self.sites, "not_sites": self.not_sites}


def _evidence(reading: Reading, sentences: list) -> list[dict[str, Any]]:
    out = []
    for i in sorted(set(reading.sentences)):
        s = sentences[i]
        out.append({"text": s.text, "start": s.start, "end": s.end})
    return out


def _clean(name: str) -> str:
    return re.sub(r"^(?:l['’]\s*|le\s+|la\s+|les\s+|the\s+)", "", name.strip(), flags=re.I).strip(" ,.;:")


def _place_text(reading: Reading, lang: str) -> str:
    names = []
    for m in reading.places:
        if m.role.startswith("refers:"):
            names.append(m.query)
        else:
            names.append(m.query or _clean(m.text))
    if len(names) == 1:
        return names[0]
    last = " et " if lang == "fr" else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def _geocoded(reading: Reading) -> list[dict[str, Any]]:
    out = []
    for m in reading.places:
        result = m.result
        if result.place is not None:
            p = result.place
            out.append({"query": m.query, "name": p.name, "code": p.code, "precision": p.precision,
                        "context": p.context})
        else:
            out.append({"query": m.query, "ambiguous": True,
                        "candidates": [c.label for c in result.candidates]})
    return out


def _site_name(reading: Reading, sentence_text: str, investor: str | None, place: str, lang: str) -> str:
    folded = fold(sentence_text)
    noun = None
    for pattern, words in _SITE_NOUNS:
        if re.search(rf"\b(?:{pattern})\b", folded):
            noun = words[lang]
            break
    if lang == "fr":
        noun = noun or "Site"
        if investor:
            return f"{noun} d'{investor}" if fold(investor)[:1] in "aeiouy" else f"{noun} de {investor}"
        return f"{noun} ({place})"
    noun = noun or "site"
    return f"{investor} {noun}" if investor else f"{noun.capitalize()} ({place})"


def _confidence(reading: Reading) -> float:
    value = 0.9 - sum(reading.doubts)
    if any(m.result is not None and m.result.place is None for m in reading.places):
        value -= 0.3
    return round(max(0.1, min(0.95, value)), 2)


def build_drafts(readings: list[Reading], sentences: list, lang: str, meta: dict[str, str],
                 source: dict[str, str] | None = None) -> tuple[list[dict], list[dict]]:
    """The draft features and the not_sites of an article, each said once (a repeated amount
    adds its sentence to the evidence)."""
    sites: dict[tuple, dict] = {}
    not_sites: dict[tuple, dict] = {}
    for r in readings:
        investor = _clean(r.investor.text) if r.investor is not None else None
        amount = r.amount.result.amount
        bounds = (amount.min, amount.max) if amount is not None else (r.amount.text,)
        evidence = _evidence(r, sentences)
        if r.not_site is not None:
            kind, reason = r.not_site
            key = (fold(investor or ""), bounds)
            entry = not_sites.get(key)
            if entry is None:
                not_sites[key] = {"text": r.amount.text, "amount": amount.to_json() if amount else None,
                                  "investor": investor, "kind": kind, "reason": reason,
                                  "evidence": evidence}
            else:
                _merge_evidence(entry, evidence)
                if entry["kind"] == "no_place" and kind != "no_place":
                    entry["kind"], entry["reason"] = kind, reason
            continue
        place = _place_text(r, lang)
        codes = tuple(g.get("code") or g["query"] for g in _geocoded(r))
        key = (fold(investor or ""), bounds, codes)
        if key in sites:
            _merge_evidence(sites[key]["properties"], evidence)
            continue
        for m in r.places:
            if m.result.place is None and m.result.ambiguous:
                r.notes.append(f"place {m.query!r} is ambiguous ({len(m.result.candidates)} places): "
                               "qualify it, e.g. " + " or ".join(f'"{c.label}"'
                                                                 for c in m.result.candidates[:3]))
        props: dict[str, Any] = {
            "name": _site_name(r, sentences[r.amount.sentence].text, investor, place, lang),
            "investor": investor, "place": place, "amount": r.amount.text,
            "amount_eur": amount.to_json(), "status": DRAFT_STATUS,
        }
        if meta.get("date"):
            props["date"] = meta["date"]
        src = {k: v for k, v in {"title": (source or {}).get("title") or meta.get("title"),
                                 "url": (source or {}).get("url") or meta.get("url"),
                                 "date": meta.get("date")}.items() if v}
        if src:
            props["sources"] = [src]
        props["notes"] = "; ".join(dict.fromkeys(r.notes)) or "read from one sentence"
        props["confidence"] = _confidence(r)
        props["evidence"] = evidence
        props["geocoded"] = _geocoded(r)
        sites[key] = {"type": "Feature", "geometry": None,
                      "properties": {k: v for k, v in props.items() if v is not None}}
    return list(sites.values()), list(not_sites.values())


def _merge_evidence(target: dict, evidence: list[dict]) -> None:
    known = {(e["start"], e["end"]) for e in target["evidence"]}
    target["evidence"].extend(e for e in evidence if (e["start"], e["end"]) not in known)
    target["evidence"].sort(key=lambda e: e["start"])


def review_lines(extraction: Extraction, width: int = 100) -> list[str]:
    """The `--review` table: one numbered line per draft (investor · place → resolved ·
    amount → parsed · confidence) under it the evidence, then the amounts that are not sites."""
    lang = extraction.lang
    lines = []
    for n, feature in enumerate(extraction.sites, 1):
        p = feature["properties"]
        resolved = ", ".join(
            f"{g['name']} [{g['precision']} {g['code']}]" if "code" in g
            else f"AMBIGUOUS ({len(g['candidates'])} places)" for g in p.get("geocoded", [])) or "?"
        from geo.amount import Amount

        parsed = format_amount(Amount.from_json(p["amount_eur"]), lang)
        lines.append(f"{n:>2}. {p.get('investor') or '?'} · {p['place']} → {resolved} · "
                     f"{p['amount']} → {parsed} · {p['confidence']:.2f}")
        for e in p["evidence"]:
            lines.append(f"      « {_short(e['text'], width)} » [{e['start']}–{e['end']}]")
        lines.append(f"      notes: {p['notes']}")
    if extraction.not_sites:
        lines.append("not sites:")
        for entry in extraction.not_sites:
            who = f"{entry['investor']} · " if entry.get("investor") else ""
            lines.append(f"  - {who}{entry['text']}: {entry['reason']}")
            for e in entry["evidence"]:
                lines.append(f"      « {_short(e['text'], width)} » [{e['start']}–{e['end']}]")
    return lines


def _short(text: str, width: int) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[:width - 1] + "…"
