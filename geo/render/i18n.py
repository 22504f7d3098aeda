"""Every word the map shows, in French and English.

Kept in one table so that a label can't be translated in the legend and
forgotten in a tooltip; the renderer passes the whole table to the page.
"""

from __future__ import annotations

from functools import cache

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "legend": "Légende",
        "legend_sizes": "Montant annoncé (surface du cercle)",
        "legend_range": "Fourchette : disque = bas, anneau = haut",
        "legend_at_least": "Au moins : le montant réel est plus élevé",
        "legend_up_to": "Jusqu'à : plafond annoncé",
        "legend_undisclosed": "Montant non communiqué",
        "legend_approx": "≈ 4 Md€ : montant approché (« environ », « près de »), bord pointillé",
        "legend_area": "Lieu connu au département, à la région ou à une autre zone (contour en pointillé)",
        "legend_colors": "Pays de l'investisseur",
        "unlocated": "Localisation non communiquée",
        "unlocated_note": "Ces sites n'ont pas de lieu précis : ils sont listés ici, à la même échelle.",
        "totals": "Totaux",
        "totals_mapped": "Sites localisés sur la carte",
        "totals_unlocated": "Sites sans localisation",
        "totals_listed": "Total des sites listés",
        "totals_headline": "Montant global annoncé",
        "totals_share": "Part couverte par les sites listés",
        "totals_caveat": "Les fourchettes sont additionnées comme des fourchettes ; « au moins » reste « au moins ».",
        "investor": "Investisseur",
        "amount": "Montant",
        "amount_announced": "Montant annoncé",
        "announced_as": "annoncé : « {text} »",
        "search": "Rechercher un site",
        "location": "Localisation",
        "date": "Date",
        "status": "Statut",
        "notes": "Notes",
        "sources": "Sources",
        "source": "Source",
        "data": "Données",
        "no_sites": "Aucun site dans le fichier de données pour l'instant.",
        "table_caption": "Sites annoncés",
        "table_summary": "Tableau des sites ({n})",
        "name": "Site",
        "precision_point": "coordonnées exactes",
        "precision_commune": "commune",
        "precision_city": "ville",
        "precision_department": "quelque part dans le département : {name}",
        "precision_region": "quelque part dans la région : {name}",
        "precision_country": "{name}, lieu précis non communiqué",
        "precision_arrondissement": "quelque part dans l'arrondissement : {name}",
        "precision_epci": "quelque part dans l'intercommunalité : {name}",
        "precision_zone": "quelque part dans la zone : {name}",
        "precision_former_region": "quelque part dans l'ancienne région : {name}",
        "precision_airport": "aéroport",
        "precision_undisclosed": "lieu non communiqué",
        "at": "à",
        "map_label": "Carte des sites d'investissement",
        "data_as_of": "Données au {date}.",
        "part_of": "Fait partie de « {name} » ({amount})",
        "parts": "Comprend : {names}",
        "programme": "Programme",
        "totals_programmes": "Un site qui fait partie d'un programme listé n'est compté qu'une fois, dans le montant du programme.",
        "new": "nouveau",
        "converted": "Conversion",
        "draft": "Brouillon : {n} à vérifier, pas encore sur la carte (voir « À vérifier »).",
        "to_check": "À vérifier",
        "to_check_note": "Ces sites ne sont pas sur la carte : corrigez le fichier de données, puis relancez geo build.",
        "to_check_typed": "saisi",
        "site_count_one": "1 site",
        "site_count": "{n} sites",
    },
    "en": {
        "legend": "Legend",
        "legend_sizes": "Amount announced (circle area)",
        "legend_range": "Range: disc = low, ring = high",
        "legend_at_least": "At least: the true amount is larger",
        "legend_up_to": "Up to: announced ceiling",
        "legend_undisclosed": "Amount not disclosed",
        "legend_approx": "≈ €4bn: approximate amount (“about”, “nearly”), dotted edge",
        "legend_area": "Place known to department or region (or another area) only (dashed outline)",
        "legend_colors": "Investor's country",
        "unlocated": "Location not disclosed",
        "unlocated_note": "These sites have no precise place: they are listed here, at the same scale.",
        "totals": "Totals",
        "totals_mapped": "Sites on the map",
        "totals_unlocated": "Sites without a location",
        "totals_listed": "All listed sites",
        "totals_headline": "Headline total announced",
        "totals_share": "Share accounted for by the listed sites",
        "totals_caveat": "Ranges are summed as ranges; “at least” stays “at least”.",
        "investor": "Investor",
        "amount": "Amount",
        "amount_announced": "Amount as announced",
        "announced_as": "announced as “{text}”",
        "search": "Search for a site",
        "location": "Location",
        "date": "Date",
        "status": "Status",
        "notes": "Notes",
        "sources": "Sources",
        "source": "Source",
        "data": "Data",
        "no_sites": "No sites in the data file yet.",
        "table_caption": "Announced sites",
        "table_summary": "Table of the sites ({n})",
        "name": "Site",
        "precision_point": "exact coordinates",
        "precision_commune": "municipality",
        "precision_city": "city",
        "precision_department": "somewhere in {name} (department)",
        "precision_region": "somewhere in {name} (region)",
        "precision_country": "{name}, exact location not disclosed",
        "precision_arrondissement": "somewhere in {name}",
        "precision_epci": "somewhere in {name} (intercommunality)",
        "precision_zone": "somewhere in {name}",
        "precision_former_region": "somewhere in {name} (former region)",
        "precision_airport": "airport",
        "precision_undisclosed": "location not disclosed",
        "at": "in",
        "map_label": "Map of investment sites",
        "data_as_of": "Data as of {date}.",
        "part_of": "Part of “{name}” ({amount})",
        "parts": "Includes: {names}",
        "programme": "Programme",
        "totals_programmes": "A site that is part of a listed programme is counted once, in the programme's figure.",
        "new": "new",
        "converted": "Conversion",
        "draft": "Draft: {n} to check, not on the map (see “To check”).",
        "to_check": "To check",
        "to_check_note": "These sites are not on the map: fix the data file, then run geo build again.",
        "to_check_typed": "typed",
        "site_count_one": "1 site",
        "site_count": "{n} sites",
    },
}

_COUNTRY_FR_OVERRIDES = {"AE": "Émirats arabes unis", "GB": "Royaume-Uni", "US": "États-Unis"}


def labels(lang: str) -> dict[str, str]:
    """The label table for a language; unknown languages are a usage error upstream."""
    return LABELS[lang]


@cache
def _french_countries():
    import gettext

    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:  # pragma: no cover - pycountry always ships its locales
        return lambda s: s


def country_name(code: str | None, lang: str) -> str:
    """A country's common name in the map's language (falls back to the code)."""
    if not code:
        return ""
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    if lang == "fr":
        if code.upper() in _COUNTRY_FR_OVERRIDES:
            return _COUNTRY_FR_OVERRIDES[code.upper()]
        return _french_countries()(country.name)
    return english


_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def format_count(n: int, lang: str) -> str:
    """A whole number as a reader of `lang` writes it: 1\u202f000 in French, 1,000 in English."""
    return f"{n:,}".replace(",", "\u202f") if lang == "fr" else f"{n:,}"


def format_date(text: str, lang: str) -> str:
    """"2025-02-09" → "9 février 2025"; partial or free-form dates are shown as written."""
    import re

    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return text
    month = _MONTHS[lang][int(match.group(2)) - 1]
    if match.group(3):
        return f"{int(match.group(3))} {month} {match.group(1)}"
    return f"{month} {match.group(1)}"


#: Intercommunalities whose name is a feminine noun read "dans la métropole de Lyon".
_FEMININE_HEADS = ("Métropole", "Communauté", "Eurométropole")


def precision_label(precision: str, name: str, lang: str) -> str:
    """How precisely a place is known, in words a reader understands ("somewhere in Essonne").

    >>> precision_label("epci", "Métropole de Lyon", "fr")
    'quelque part dans la métropole de Lyon'
    >>> precision_label("epci", "Bordeaux Métropole", "fr")
    "quelque part dans l'intercommunalité : Bordeaux Métropole"
    """
    if lang == "fr" and precision == "epci" and name.startswith(_FEMININE_HEADS):
        return f"quelque part dans la {name[0].lower()}{name[1:]}"
    return LABELS[lang].get(f"precision_{precision}", precision).format(name=name)
