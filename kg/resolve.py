"""Stage 4: group the mentions of one document into entities, and relations into facts.

Within a document, mentions of one type join the same entity when they are the same
name up to case, hyphens and demonyms ("Paris-2024" / "Paris 2024", "Azerbaijani" /
"Azerbaijan"), an acronym defined in parentheses or made of the initials, a surname
of a person named in full, or a shorter form of an organization or event name ("the
Organizing Committee", "the Committee"). When a short form fits several entities, the
one mentioned most recently before it wins. The entity's label is its fullest name and
its key (type + normalised label) is the same in every document, so the same person
or organization in two articles is one node.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .dates import resolve_date
from .extract.lexicon import (EVENT_HEADS, HONORIFIC_PHRASES, HONORIFICS, NAME_PARTICLES, ORG_HEADS,
                              RANK_ABBREVIATIONS, REGIONAL_DEMONYMS, UPPER_HONORIFICS, cities, countries, plain)
from .records import Document, Entity, Extraction, Fact, Mention, Relation, Sentence

_STOP = {"the", "of", "and", "for", "a", "an", "&", "de", "la", "du"}
_TITLES = {"mr", "mrs", "ms", "dr", "prof", "sir", "madam"}
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*\)")
_DASHES = re.compile(r"[\u2010-\u2015\-_/]")


def normalise(text: str, type_: str = "") -> str:
    """The comparison form of a name: case, "the", hyphens, punctuation, "&" and demonyms folded.

    >>> normalise("the Paris-2024 Organizing Committee", "Organization")
    'paris 2024 organizing committee'
    >>> normalise("Azerbaijani National Paralympic Committee", "Organization")
    'azerbaijan national paralympic committee'
    """
    text = unicodedata.normalize("NFKC", text)
    if type_ == "Group" and _unnamed_visit(text):
        return text.split()[-1].casefold()  # "the visiting delegation", "his delegation": the article's one
    if type_ in {"Organization", "Event", "Group"}:  # "US Congress", "U.K. Parliament": the country's
        first, _, rest = text.partition(" ")
        if rest and 2 <= len(first.replace(".", "")) <= 4 and first.replace(".", "").isupper():
            text = f"{countries().country(first) or first} {rest}"
    text = re.sub(r"['’‘]s\b", "", text.casefold())
    text = _DASHES.sub(" ", text)
    if type_ == "Person":  # "K.Dvorak": an initial written against the name
        text = re.sub(r"^(?:\w\.){1,2}(?=\w{3,}$)", "", text.strip())
    text = re.sub(r"[^\w\s&]", "", text)
    # "Commerce & Industry" is "Commerce and Industry" ("&Environment" too), "AT&T" stays
    words = ["and" if w == "&" else w for w in re.sub(r"&(?=\w{3})", " & ", text).split()]
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    if type_ == "Place":
        country = countries().country(" ".join(words)) or (  # "the Bulgarian Republic"
            len(words) == 2 and words[1] in {"republic", "kingdom"} and countries().country(words[0]))
        if country:
            return country.casefold()
        if len(words) > 1 and words[-1] in _REGION_WORDS:
            words = words[:-1]  # "Kogi State" is "Kogi"
        if words[-1:] == ["dc"]:
            words = words[:-1] or ["washington"]  # "Washington, D.C.", "DC"
    if type_ == "Event":  # "second European Games" is the "2nd European Games"
        words = [_ORDINALS.get(w, w) for w in words]
    if type_ in {"Organization", "Place", "Event"}:
        words = _fold_demonyms(_fold_spelling(words))
        if type_ == "Organization" and len(words) > 1 and words[0] == "un":
            words = ["united", "nations", *words[1:]]  # "UN Security Council", "U.N. Refugee Agency"
    if type_ == "Organization":
        words = _country_first(_ministry_of(words))
        native = next((n for n in range(len(words)) if " ".join(words[n:]) in PARLIAMENTS), None)
        if native is not None and " ".join(words[:native]) in {"", PARLIAMENTS[" ".join(words[native:])]}:
            words = [PARLIAMENTS[" ".join(words[native:])], "parliament"]  # "the Riigikogu", "Mejlis of Turkmenistan"
    if type_ == "Person":
        while len(words) > 1 and (words[0] in _TITLES or words[0] in _PERSON_TITLES):
            words = words[1:]
    if type_ == "Group":
        words = _fold_demonyms(_visit_group_words(words))

    return " ".join(words)


#: Ordinal words as the digits editions are numbered with ("second" -> "2nd").
_ORDINALS = dict(zip(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
    [f"{n}{'th' if 10 < n < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}" for n in range(1, 21)]))


def _unnamed_visit(text: str) -> bool:
    """A visit's group named by no body or country: "the visiting delegation", "his
    delegation", "a five-member parliamentary delegation" (lower-case words before it)."""
    words = text.split()
    while words and words[0].casefold() in {"the", "a", "an", "his", "her", "their", "its", "our"}:
        words = words[1:]
    return bool(words) and words[-1].casefold() in VISIT_GROUPS and not any(
        c.isupper() for w in words[:-1] for c in w)


def _visit_group_words(words: list[str]) -> list[str]:
    """"(high level) delegation from (the) X" -> "x delegation": one visit's group named
    either way."""
    for i, w in enumerate(words[:-2]):
        if w in VISIT_GROUPS and words[i + 1] in {"of", "from", "representing"}:
            rest = words[i + 2:]
            while rest and rest[0] in {"the", "a", "an"}:
                rest = rest[1:]
            return [*rest, w] if rest else words
    return words


#: Posts and honorifics written before a name: "CM Rao" and "President Lindqvist" are
#: the name's bearer. (Whole words only, after case folding.)
_PERSON_TITLES = frozenset("cm pm fm president minister chancellor premier governor ambassador senator sen "
                           "rep gov chairman chairwoman secretary general dr prof sheikh sayyid shri smt datuk "
                           "dato tun hon excellency his her he".split())


#: Forms of address of a woman ("Mrs. Young" beside her husband), and what stands between them.
_WIFE = frozenset("mrs ms madam madame mme lady".split())
_AND = re.compile(r"\s*(?:,|and|&)\s*")

#: Titles of the chiefly and royal, written before a given name ("King Salman", "Ratu Inoke").
_ROYAL = frozenset("king queen prince princess emir sultan sheikh shaikh sheik sheikha shaikha ratu tengku".split())


#: Forms of address, ranks and chiefly or royal titles before a name ("Gen Prayut", "Adv
#: Mudenda", "Cr Walker", "Ratu Inoke", "King Salman"), left out when an article's names of
#: a person are compared (not from the key: "King Salman" is not any "Salman" of the store).
#: Not "eng" or "toh" (surnames too).
_ADDRESS = frozenset(h.rstrip(".") for h in HONORIFICS | RANK_ABBREVIATIONS) - {"eng", "toh", "fr", "u"} | frozenset(
    "general advocate cr councillor mayor lord".split()) | _ROYAL


def _unaddressed(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0] in _ADDRESS:
        words = words[1:]
    return words


#: Words after a region's name that are not part of the name.
_REGION_WORDS = frozenset("state province region county district oblast prefecture governorate".split())


def _country_first(words: list[str]) -> list[str]:
    """"national paralympic committee of portugal" -> "portugal national paralympic committee",
    as "Portuguese National Paralympic Committee" folds ("Government of X" is "X Government")."""
    for n in range(1, len(words) - 1):  # the longest country name after "of": "of the socialist republic of x"
        if words[n] == "of":
            country = countries().country(" ".join(words[n + 1:]))
            if country:
                return [country.casefold()] + words[:n]
    return words


def _country_last(norm: str) -> str:
    """The country of a folded name back at the end, where "X of COUNTRY" had it."""
    words = norm.split()
    return " ".join(words[1:] + words[:1]) if words and countries().country(words[0]) else norm


#: British spellings of the words of organizations' names, as American English writes them
#: ("World Health Organisation", "World Food Programme", "Ministry of Defence").
_SPELLINGS = {"organisation": "organization", "organisations": "organizations", "organising": "organizing",
              "organised": "organized", "programme": "program", "programmes": "programs", "centre": "center",
              "centres": "centers", "defence": "defense", "labour": "labor", "harbour": "harbor"}


def _ministry_of(words: list[str]) -> list[str]:
    """"Sports Ministry" is "Ministry of Sports", "Kenya Health Ministry" "Kenya Ministry of
    Health" (a country first stays first), and "Foreign Ministry" "Ministry of Foreign Affairs"."""
    if len(words) < 2 or words[-1] != "ministry" or "of" in words:
        return words
    country = next((n for n in range(len(words) - 1, 0, -1) if countries().country(" ".join(words[:n]))), 0)
    field = words[country:-1]
    if field in (["foreign"], ["external"]):
        field = [field[0], "affairs"]
    return [*words[:country], "ministry", "of", *field] if field else words


def _fold_spelling(words: list[str]) -> list[str]:
    """British and American spellings alike, and "co operation" (its hyphen gone) one word."""
    out: list[str] = []
    for w in words:
        if w == "operation" and out and out[-1] == "co":
            out[-1] = "cooperation"
        else:
            out.append(_SPELLINGS.get(w, w))
    return out


#: Words before a demonym that make it a continent's or a region's: "Pan American", "Latin
#: American", "Inter-American", "Afro-Asian".
_REGION_BEFORE = frozenset("pan inter latin north south central meso afro ibero anglo euro trans".split())


def _continental(words: list[str], i: int, n: int) -> bool:
    """The demonym at ``words[i:i + n]`` names a region, not its country: after "Pan" or
    "Latin", or before a word of the country's own name ("American States" is the Americas'
    states, not "United States States")."""
    own = set(countries().country(" ".join(words[i:i + n])).casefold().split())
    return i > 0 and words[i - 1] in _REGION_BEFORE or i + n < len(words) and words[i + n] in own


def _fold_demonyms(words: list[str]) -> list[str]:
    gazetteer = countries()
    out, i = [], 0
    while i < len(words):
        own = next((n for n in (5, 4, 3, 2) if len(words[i:i + n]) == n and not gazetteer.is_demonym(" ".join(words[i:i + n]))
                    and " ".join(words[i:i + n]) in gazetteer.canonical), 0)
        if own:  # a country's own name: "saudi arabia", "czech republic" (not "saudi" + "arabia")
            out.append(gazetteer.canonical[" ".join(words[i:i + own])].casefold())
            i += own
            continue
        for n in (2, 1):
            chunk = " ".join(words[i:i + n])
            if len(words[i:i + n]) == n and gazetteer.is_demonym(chunk) and not _continental(words, i, n):
                out.append(gazetteer.country(chunk).casefold())
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


def name_of(m: Mention) -> str:
    """The name a mention gives its entity: its text, or the fuller name it stands for."""
    return m.name or m.text


def _content(norm: str) -> set[str]:
    return {w for w in norm.split() if w not in _STOP}


def _head(norm: str) -> str:
    """The head word of a name: before "of", and before the city a seat is "in" ("embassy" of
    "united states embassy in cairo")."""
    before_of = norm.split(" of ")[0].split(" in ")[0].split()
    return before_of[-1] if before_of else ""


def _initials(norm: str) -> str:
    return "".join(w[0] for w in norm.split() if w not in _STOP and w[0].isalpha())


@dataclass
class _Cluster:
    type: str
    mentions: list[Mention] = field(default_factory=list)
    norms: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)
    references: list[Mention] = field(default_factory=list)  # pronouns and descriptions
    order: int = 0  # when the cluster was made (ties go to the older)
    starts: list[int] = field(default_factory=list)  # its mentions' offsets, sorted
    initials: set[str] = field(default_factory=set)  # of its names as written ("oas": Organization of American States)
    written: set[str] = field(default_factory=set)  # its names of several words, as written
    _rep: str = ""

    @property
    def rep(self) -> str:
        return self._rep

    def add(self, m: Mention, norm: str) -> None:
        self.mentions.append(m)
        if " " in name_of(m).strip():
            self.written.add(name_of(m))
        if norm not in self.norms:
            self.norms.add(norm)
            self._rep = max(self.norms, key=lambda n: (len(n.split()), len(n), n))
        insort(self.starts, m.start)

    def last_before(self, position: int) -> int:
        i = bisect_left(self.starts, position)
        return self.starts[i - 1] if i else -1


#: Words that begin a father's or forefather's name in a person's name ("bin Rashid").
PATRONYMIC = frozenset("bin ibn bint binti ben ould wad".split())


def _fathers_name(words: list[str], full: list[str]) -> bool:
    """"Mohamed bin Zayed" in "Khaled bin Mohamed bin Zayed" is his father; "Al Attiyah" and
    "bin Tarik" in "Bandar bin Mohammed Al Attiyah" and "Haitham bin Tarik" are the man."""
    if words[0] == full[0] or not PATRONYMIC & set(full):
        return False
    n = len(words)
    return not (full[-n:] == words and full[-n - 1] not in PATRONYMIC)


def _matches(norm: str, cluster: _Cluster) -> bool:
    if norm in cluster.norms:
        return True
    words = norm.split()
    if cluster.type == "Person":
        title = words[0] if len(words) > 1 and words[0] in _ADDRESS else None
        words = person_words(_unaddressed(words))
        for full in cluster.norms:
            full_words = person_words(_unaddressed(full.split()))
            if title:  # "Gen Prayut", "King Salman" (not "Mohammed bin Salman"), "Cr Walker"
                if words == full_words or len(words) == 1 < len(full_words) and (
                        words[0] == full_words[0] or title not in _ROYAL and words[0] == full_words[-1]):
                    return True
                if len(words) == 1:
                    continue
            if len(full_words) > len(words) and len(words) == 1 and (words[0] in (full_words[-1], full_words[0]) or (
                    len(words[0]) >= 4 and words[0] in full_words[1:-1] and len(full_words) >= 3)):
                return True  # "Lindqvist", "Ana", and "Nando" in "Fernando Nando da Costa"
            if len(words) == 1 and len(full_words) > 1 and len(words[0]) >= 7 and _one_edit(words[0], full_words[-1]):
                return True  # "McAllister" written "McAlister" further down
            if len(words) == 1 and len(full_words) > 1 and words[0] == "".join(full_words):
                return True  # "@jensstoltenberg", "#JensStoltenberg"
            if len(words) > 1 and "".join(words) == "".join(full_words):
                return True  # "Salman bin Abdulaziz" and "Salman bin Abdul Aziz"
            if len(full_words) == 1 < len(words) and full.split()[0] in _ADDRESS and (
                    words[0] == full_words[0] or full.split()[0] not in _ROYAL and words[-1] == full_words[0]):
                return True  # "Felipe VI" after "King Felipe" (a title makes the shorter name longer)
            if 1 < len(words) <= len(full_words) and set(words) <= set(full_words) and \
                    words != full_words[:len(words)] and not PATRONYMIC & set(full_words):
                return True  # "Kerry John", "Odongo Jeje": "John Kerry", "Abubaker Jeje Odongo" reordered
            if 1 < len(words) < len(full_words) and full_words[:len(words)] == words and \
                    words[-1] not in NAME_PARTICLES:
                return True  # "Abdul Ghani" for "Abdul Ghani Othman", "Juan Antonio" for "Juan Antonio Pizzi"
            if len(words) == len(full_words) > 1 and _one_word_respelt(words, full_words):
                return True  # "Sergey Lavrov" written "Sergei Lavrov" elsewhere
            if len(words) > 1 and words[-1] == full_words[-1] and all(
                    w in full_words or len(w) == 1 and (any(f[0] == w for f in full_words[:-1]) or words[0] == full_words[0])
                    for w in words) and not _fathers_name(words, full_words):
                return True  # "Ana Lind", "A. Lind" for "Ana Maria Lind", "Ana M. Lind" for "Ana Lind"
        return False
    if len(words) == 1 and norm in cluster.acronyms:
        return True  # "Kuala Lumpur Convention Centre (KLCC)"
    if cluster.type == "Place":  # "Davao City" and "Davao" in one article; "Kuwait City" is not Kuwait
        return any(f"{norm} city" == n or f"{n} city" == norm for n in cluster.norms) and not any(
            countries().country(n) for n in (norm, *cluster.norms))
    if cluster.type == "Group":
        return False
    if len(words) == 1 and len(norm) >= 2 and (norm in cluster.initials or any(
            norm in (_initials(n), _initials(_country_last(n))) for n in cluster.norms)):
        return True  # "AFFR": "Association of Football Federations of Ruritania" (stored country first)
    if len(words) == 1 and words[0] in ORG_HEADS and cluster.type == "Organization" and words[0] in cluster.rep.split():
        return True  # "the Bank" of the article's "Valmont Bank Group"
    content = _content(norm)
    rep = cluster.rep
    if cluster.type == "Organization" and _short_name(words, rep.split()):
        return True
    if cluster.type == "Event":  # an edition is told by its year: "Paris 2024" is not "Tokyo 2020"
        return bool(content) and _numbers(norm) == _numbers(rep) and (content < _content(rep) or content == _content(
            rep) and _head(_no_numbers(norm)) == _head(_no_numbers(rep)))  # "Olympics 2036", "2036 Olympics"
    if not content or not content < _content(rep):
        return False
    return _head(norm) == _head(rep)


def _no_numbers(norm: str) -> str:
    return " ".join(w for w in norm.split() if not w.isdigit())


#: Words after an organization's short name that do not make it another organization.
_CORPORATE = frozenset("group international inc corp corporation company co ltd plc holding holdings limited "
                       "bank sa ag llc".split())


def _short_name(words: list[str], full: list[str]) -> bool:
    """"Norvex" for "Norvex Holdings", "Valmont Group" for "Valmont Group International": the
    first words of a longer name, followed only by company words or, for one word that is
    no dictionary word, by anything."""
    from .extract.lexicon import english_words

    if not words or len(words) >= len(full) or full[:len(words)] != words or countries().country(" ".join(words)):
        return False
    rest = full[len(words):]
    if all(w in _CORPORATE for w in rest):
        return True
    # "Norvex" for "Norvex Electronics", not "NDB" for "NDB Office for Ruritania" (a unit of it)
    return len(words) == 1 and words[0] not in english_words() and len(words[0]) >= 3 and len(rest) <= 2 \
        and not any(w in ORG_HEADS or w in EVENT_HEADS or w in _STOP for w in rest)


#: Words after a person's name that tell a generation, not another person's name.
_GENERATIONS = frozenset("jr sr ii iii iv".split())


def person_words(words: list[str]) -> list[str]:
    """A person's folded name without a generation after it: "lloyd j austin iii" ->
    "lloyd j austin"."""
    return words[:-1] if len(words) > 2 and words[-1] in _GENERATIONS else words


def _one_edit(a: str, b: str) -> bool:
    """The words differ by one letter left out, added or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _one_word_respelt(words: list[str], full: list[str]) -> bool:
    """One word of five letters or more spelt with one letter more, less or other, the other
    words equal ("Rosen"/"Rossen", "Kandari"/"Kanderi"); not a name's feminine or masculine
    ending ("Mario"/"Maria", "Daniel"/"Daniela"), which names another person."""
    differ = [(a, b) for a, b in zip(words, full) if a != b]
    if len(differ) != 1 or PATRONYMIC & set(words):  # "Hamdan bin Mohamed" is not "Hamdan bin Mohammed"
        return False
    a, b = differ[0]
    if min(len(a), len(b)) < 5 or not _one_edit(a, b) or a[:-1] == b[:-1] and {a[-1], b[-1]} <= set("aeo"):
        return False
    longer = max(a, b, key=len)
    return longer[:-1] != min(a, b, key=len) or longer[-1] not in "aeo"


def _one_slip(a: str, b: str) -> bool:
    """One letter more, less or other, or two letters next to each other swapped."""
    if _one_edit(a, b):
        return True
    differ = [i for i in range(len(a)) if len(a) == len(b) and a[i] != b[i]]
    return len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]:differ[1] + 1] == b[differ[1]] + b[differ[0]]


def _numbers(norm: str) -> set[str]:
    return {w for w in norm.split() if w.isdigit()}


_BRACKET_OPEN = re.compile(r"[ \t]*\([ \t]*")
_BRACKET_CLOSE = re.compile(r"[ \t]*\)")


def _written_as_word(acronym: str) -> bool:
    """"Fifa", "Uefa": an acronym written as a name (British style), not a word, place or country."""
    from .extract.lexicon import english_words

    return (3 <= len(acronym) <= 6 and acronym.isalpha() and acronym[0].isupper() and acronym[1:].islower()
            and acronym.casefold() not in english_words() and acronym.casefold() not in cities()
            and not countries().country(acronym))


def _acronyms(document: Document, mentions: Iterable[Mention]) -> dict[Mention, str]:
    """"International Blind Sports Federation (IBSA)": the acronym defined after a name; and
    "CHP (Republican People's Party)": a name given in brackets after an acronym in capitals
    (often a translation, whose initials differ)."""
    out = {}
    mentions = list(mentions)
    starts = {m.start: m for m in mentions if m.type in {"Organization", "Event"} and len(m.text.split()) > 1}
    for m in mentions:
        match = _ACRONYM_AFTER.match(document.text, m.end)
        if match and m.type in {"Organization", "Event", "Place"} and len(m.text.split()) > 1:
            acronym = match.group(1)
            if acronym.isupper() or sum(c.isupper() for c in acronym) >= 2 or _written_as_word(acronym):
                out[m] = acronym
        if m.type in {"Organization", "Event"} and m.text.isupper() and m.text.isalpha() and 2 <= len(m.text) <= 6:
            opening = _BRACKET_OPEN.match(document.text, m.end)
            name = starts.get(opening.end()) if opening else None
            if name is not None and name.type == m.type and _BRACKET_CLOSE.match(document.text, name.end) \
                    and name not in out:
                out[name] = m.text
    return out


#: At most this many clusters are tried for one word a mention shares with them (the latest
#: made): a long text names hundreds of federations, and the cost stays linear.
_NEAREST = 64


def _kind(m: Mention) -> str:
    """The type a mention's entity takes: a country's "delegation" or "contingent" is a group
    of people ("the Chilean delegation", as "a delegation from Chile"), whatever its span was."""
    if m.type == "Organization" and name_of(m).split()[-1].casefold() in VISIT_GROUPS:
        return "Group"
    return m.type


def cluster_mentions(document: Document, mentions: list[Mention],
                     keep_apart: frozenset[str] = frozenset()) -> dict[Mention, _Cluster]:
    """Assign every mention to a cluster of mentions of the same entity.

    Names in ``keep_apart`` (a curator's ``split``) join only mentions of the very same name.
    """
    references = [m for m in mentions if m.refers_to is not None]
    mentions = [m for m in mentions if m.refers_to is None]
    acronyms = _acronyms(document, mentions)
    order = sorted(mentions, key=lambda m: (-len(normalise(name_of(m), m.type).split()),
                                            -len(name_of(m)), m.start, m.end, m.type))
    clusters: list[_Cluster] = []
    by_kind: dict[str, list[_Cluster]] = {}  # the clusters of each type, in the order they were made
    norm_of: dict[Mention, str] = {}
    assigned: dict[Mention, _Cluster] = {}
    # clusters by the words, initials and surname starts of their names: a mention is
    # compared only with the clusters it could match (a long text has thousands)
    # key -> its clusters in the order they were first registered under it, and their numbers
    index: dict[str, tuple[list[_Cluster], set[int]]] = {}

    def register(c: _Cluster, keys) -> None:
        for k in keys:
            found = index.get(k)
            if found is None:
                found = index[k] = ([], set())
            if c.order not in found[1]:
                found[1].add(c.order)
                found[0].append(c)

    def lookup(norm: str) -> list[_Cluster]:
        words = norm.split()
        keys = [f"w:{w}" for w in words if w not in _STOP] + [f"i:{norm}", f"p:{words[-1][:3]}" if words else "p:",
                                                               f"c:{norm}"]
        seen: dict[int, _Cluster] = {}
        for k in keys:
            # a common word ("Federation"): its latest clusters only (a slice: no copy of them all)
            for c in index.get(k, ([], None))[0][-_NEAREST:]:
                seen[c.order] = c
        return [seen[n] for n in sorted(seen)]

    for m in order:
        kind = _kind(m)
        norm = plain(normalise(name_of(m), kind))  # "Kocijančič" is the "Kocijancic" written further on
        if not norm:
            continue
        near = [c for c in lookup(norm) if c.type == kind or m.text.isupper() and norm in c.acronyms]
        if name_of(m).casefold() in keep_apart:
            candidates = [c for c in near if norm in c.norms]
        else:
            candidates = [c for c in near if _matches(norm, c)]
        if kind == "Organization" and len(candidates) > 1:
            candidates = _one_body(norm, candidates)
        if not candidates and name_of(m).casefold() not in keep_apart:
            candidates = _unlike_names(m, norm, kind, by_kind)
        if candidates:
            chosen = max(candidates, key=lambda c: (c.last_before(m.start), -c.order))
        else:
            chosen = _Cluster(kind, order=len(clusters))
            clusters.append(chosen)
            by_kind.setdefault(kind, []).append(chosen)
        chosen.add(m, norm)
        if m in acronyms:
            chosen.acronyms.add(acronyms[m].casefold())
        words = norm.split()
        written = _initials(plain(normalise(name_of(m)))) if len(words) > 1 else ""  # no demonym folded
        # "NPC" for "Iran National Paralympic Committee" (the country its article put first)
        owned = _initials(" ".join(words[1:])) if len(words) > 2 and countries().country(words[0]) else ""
        chosen.initials |= {i for i in (written, owned) if len(i) >= 2}
        register(chosen, [f"w:{w}" for w in words if w not in _STOP] + [f"w:{a}" for a in chosen.acronyms]
                 + [f"i:{_initials(norm)}", f"i:{_initials(_country_last(norm))}", f"p:{words[-1][:3]}"]
                 + [f"i:{i}" for i in (written, owned) if len(i) >= 2]
                 + ([f"c:{''.join(words)}"] if len(words) > 1 else []))  # "@jensstoltenberg"
        assigned[m] = chosen
        norm_of[m] = norm
    for c in by_kind.get("Person", []):
        _part_wives(c, assigned, clusters, norm_of, document.text)
    for ref in references:  # "she", "the president of the committee": the entity referred to
        if ref.refers_to in assigned:
            assigned[ref] = assigned[ref.refers_to]
            assigned[ref].references.append(ref)
    return assigned


#: Types a name may be given in one article and another in the next sentence: "Lahore" read
#: as a person's name. (Not a place and an organization: "State House" is either, and the
#: type is then a coin's toss.)
_SWAPPED_TYPES = {"Person": {"Place"}}


def _part_wives(c: _Cluster, assigned: dict, clusters: list[_Cluster], norm_of: dict[Mention, str], text: str) -> None:
    """"Governor-General Young and Mrs. Young": a woman so addressed beside the man of her name
    is another person; her mentions leave his cluster for one of their own."""
    wives = [x for x in c.mentions if x.text.split()[0].rstrip(".").casefold() in _WIFE]
    if not wives or not any(_AND.fullmatch(text[min(w.end, x.end):max(w.start, x.start)])
                            for w in wives for x in c.mentions if x not in wives):
        return
    keep = [x for x in c.mentions if x not in wives]
    c.mentions, c.norms, c.starts, c.written, c._rep = [], set(), [], set(), ""
    for x in keep:
        c.add(x, norm_of[x])
    wife = _Cluster("Person", order=len(clusters))
    clusters.append(wife)
    for w in wives:
        wife.add(w, norm_of[w])
        assigned[w] = wife


def _one_body(norm: str, candidates: list[_Cluster]) -> list[_Cluster]:
    """Of several organizations a name matches, those it can stand for: "JSW" beside "JSW Group"
    and "JSW Steel" is the group (its name adds only a company word), unless the article spells
    the acronym out ("IDB": the Bank, not the "IDB Group"); "the Ministry of Foreign Affairs" in
    an article on two countries' ministries is neither."""
    if len(norm.split()) == 1:
        spelt = [c for c in candidates if norm in c.acronyms or norm in c.initials]
        parents = [c for c in candidates if any(n.split()[0] == norm and n.split()[1:] and all(
            w in _CORPORATE for w in n.split()[1:]) for n in c.norms)]
        candidates = spelt or parents or candidates
    if len(candidates) > 1 and country_body(norm) and len({_country_named(c.rep) for c in candidates}) > 1:
        return []
    return candidates


def _unlike_names(m: Mention, norm: str, kind: str, by_kind: dict[str, list[_Cluster]]) -> list[_Cluster]:
    """The one earlier cluster a mention that matched none stands for: an acronym used without
    its definition, whose letters one longer name of the article spells ("IDB" for
    "Inter-American Development Bank", "MoI" for "Ministry of Interior") or a person's
    initials ("HH", "MBS"); or the very same name given another type (a place's name read as
    a person's, when it is a known place); "the Delegation" for the article's one delegation, and
    a delegation named by its body's other name or its country alone (``_one_visit``); a
    surname spelt with one slip ("Peiris" for "G L Pieris"). Only the latest clusters of a type
    are looked at (``_NEAREST``): a long text's cost stays linear."""
    text = name_of(m).replace(".", "")

    def latest(type_: str) -> list[_Cluster]:
        return by_kind.get(type_, [])[-_NEAREST:]

    if kind in {"Organization", "Event"} and 2 <= len(text) <= 10 and text.isalpha() and sum(
            c.isupper() for c in text) >= 2 and not countries().country(text):
        spelt = [c for c in latest(kind) if any(_spells(text, n) for n in c.written)]
        return spelt if len(spelt) == 1 else []
    if kind == "Organization" and country_body(norm) and set(norm.split()) & PORTFOLIOS:
        ministries = [c for c in latest(kind) if any(_field_of(n) == norm for n in c.norms)]
        return ministries if len(ministries) == 1 else []  # "Foreign Affairs" of the article's one such ministry
    if kind == "Group" and len(norm.split()) >= 2 and norm.split()[-1] in VISIT_GROUPS:
        return _one_visit(norm, latest(kind), latest("Organization"))
    if kind == "Group" and norm in VISIT_GROUPS:  # "the Delegation": the article's one delegation
        groups = [c for c in latest(kind) if c.rep.split()[-1] == norm]
        return groups if len(groups) == 1 else []
    if kind == "Person" and len(norm.split()) == 1 and len(norm) >= 6:  # "Peiris" for "G L Pieris", "Mauzoe"
        near = [c for c in latest(kind) if any(len(n.split()) > 1 and _one_slip(norm, n.split()[-1]) for n in c.norms)]
        if len(near) == 1:
            return near
    if kind == "Person" and 2 <= len(text) <= 4 and text.isupper() and text.isalpha():
        initials = [c for c in latest(kind) if any(
            "".join(w[0] for w in n.split()) == text.casefold() for n in c.norms if len(n.split()) == len(text))]
        return initials if len(initials) == 1 else []  # "HH" for Hakainde Hichilema, "MBS"
    others = _SWAPPED_TYPES.get(kind, set())
    if kind == "Person" and not (countries().country(name_of(m)) or norm in cities()):
        return []
    same = [c for other in sorted(others) for c in latest(other) if norm in c.norms]
    return same if len(same) == 1 else []


def _one_visit(norm: str, groups: list[_Cluster], bodies: list[_Cluster]) -> list[_Cluster]:
    """The article's one delegation a delegation's other name stands for: its body named
    another way ("WFP delegation" for the "World Food Programme delegation"), or its country
    alone ("the US delegation" beside the article's one "US Congress delegation")."""
    def body_of(name: str) -> str:  # an organization's name is folded as one ("programme")
        return plain(normalise(name.rsplit(" ", 1)[0], "Organization"))

    body, head = body_of(norm), norm.rsplit(" ", 1)[1]
    named = [c for c in groups if c.rep.split()[-1] == head and len(c.rep.split()) >= 2]
    names = {n for b in bodies if body in b.norms or body in b.acronyms for n in b.norms | b.acronyms}
    same = [c for c in named if any(body_of(n) in names for n in c.norms)]
    if not same and countries().country(body):
        same = [c for c in named if c.rep.startswith(body + " ")]
    return same if len(same) == 1 else []


def _country_named(norm: str) -> str | None:
    """The country a body's folded name begins with ("spain" of "spain ministry of foreign affairs")."""
    words = norm.split()
    return next((country for n in (4, 3, 2, 1) if (country := countries().country(" ".join(words[:n])))), None)


def _field_of(norm: str) -> str | None:
    """The field of a ministry's or department's name, whichever country's: "foreign affairs"
    of "kenya ministry of foreign affairs"."""
    words = norm.split()
    for n in range(len(words)):
        if words[n] in {"ministry", "department"} and words[n + 1:n + 2] == ["of"] and (
                n == 0 or countries().country(" ".join(words[:n]))):
            return " ".join(words[n + 2:]) or None
    return None


def _spells(acronym: str, name: str) -> bool:
    """The acronym is the initials of the name's words, where a small word ("of") and the
    second part of a hyphenated word may give a letter or not: "IDB" for "Inter-American
    Development Bank", "MoI" for "Ministry of Interior"; not "EU" for "European Council"."""
    pattern = ""
    for word in re.sub(r"[^\w\s-]", "", name).casefold().split():
        parts = [p for p in word.split("-") if p]
        if not parts:  # a dash between words
            continue
        first, *others = parts
        pattern += re.escape(first[0]) + ("?" if first in _SMALL_WORDS | _STOP else "")
        pattern += "".join(re.escape(p[0]) + "?" for p in others)
    return len(name.split()) > 1 and re.fullmatch(pattern, acronym.casefold()) is not None


def _label(cluster: _Cluster) -> str:
    counts = Counter(name_of(m) for m in cluster.mentions)
    if cluster.type == "Place":
        country = countries().country(cluster.mentions[0].text)
        if country:
            return country
    return max(counts, key=lambda t: (len(normalise(t, cluster.type).split()), counts[t],
                                      -min(m.start for m in cluster.mentions if name_of(m) == t), t))


#: Heads of the bodies every country has ("Ministry of Finance", "the Parliament", "National
#: Assembly"): named without their country, they are not the same body in two articles.
BODY_HEADS = frozenset("ministry government parliament presidency cabinet embassy consulate police army navy "
                       "senate assembly court judiciary legislature".split())
_SMALL_WORDS = {"of", "the", "and", "for", "on", "&"}
#: A country's one-chamber parliament by its own name, as ``normalise`` folds it.
PARLIAMENTS = {"riigikogu": "estonia", "saeima": "latvia", "seimas": "lithuania", "riksdag": "sweden",
               "storting": "norway", "stortinget": "norway", "folketing": "denmark", "folketinget": "denmark",
               "eduskunta": "finland", "althing": "iceland", "alþingi": "iceland", "knesset": "israel",
               "jatiya sangsad": "bangladesh", "mejlis": "turkmenistan", "jogorku kenesh": "kyrgyzstan",
               "milli majlis": "azerbaijan", "verkhovna rada": "ukraine", "sabor": "croatia",
               "palamene o samoa": "samoa", "peoples majlis": "maldives"}

#: Names of a body or seat that many countries (or cities) give theirs, as ``normalise`` folds them.
EVERY_COUNTRYS = frozenset("""
state house|government house|president office|presidential office|prime minister office
office of the prime minister|office of the president|house of representatives|house of commons
house of lords|house of assembly|national assembly|parliament|senate|shura council|consultative council
council of ministers|state council
central bank|supreme court|constitutional court|city hall|city council|town hall|presidential palace
""".replace("\n", "|").strip("|").split("|"))

#: Words of a government's portfolios: a name made of them alone ("Foreign Affairs", "Mines
#: and Energy") is a ministry every country has, whose country only its article tells.
PORTFOLIOS = frozenset("""
foreign affairs external relations international cooperation trade commerce industry industries finance economy
economic treasury planning budget defence defense interior home internal security justice legal health welfare
family social services education higher science technology research innovation culture heritage arts tourism
sport sports youth labour labor employment agriculture livestock fisheries forestry food rural development
environment climate water resources energy mines mining petroleum transport transportation communications
information broadcasting infrastructure works public housing urban lands territorial administration religious
women children gender veterans immigration migration human mobility diaspora integration digital
telecommunications maritime aviation civil europe european
""".split())


def country_body(norm: str) -> bool:
    """A body every country has, named without its country: "ministry of finance",
    "foreign ministry", "national assembly", "foreign affairs" (not "ruritania ministry of
    finance"); and an embassy named without the city it is in ("us embassy")."""
    from .extract.lexicon import english_words

    words = norm.split()
    field = words[2:] if words[:2] in (["ministry", "of"], ["ministry", "for"]) else words
    if field and all(w in PORTFOLIOS or w in _SMALL_WORDS for w in field) and not set(field) <= _SMALL_WORDS:
        return True  # "Foreign Affairs", "Ministry of Youth and Sports": a ministry's field, or the ministry of one
    if " ".join(words) in EVERY_COUNTRYS:
        return True  # "State House", "the President's Office": which country's, only the article tells
    if words and (words[-1] in {"embassy", "consulate"} or words[-2:] == ["high", "commission"]):
        return True  # "the US Embassy": in which capital, only its article tells ("US Embassy in Cairo" is one)
    if not words or not any(w in BODY_HEADS for w in words):
        return False
    # "European Parliament", "International Court of Justice": one body of many countries
    # (but every country has a "Ministry of European Affairs")
    if words[0] in _WIDER_THAN_A_COUNTRY:
        return False
    gazetteer, known = countries(), english_words()
    if any(gazetteer.country(" ".join(words[i:i + n])) for n in (2, 3, 4) for i in range(len(words) - n + 1)):
        return False  # "united kingdom government", "new zealand parliament": its country is named
    return all((w in known or w in _SMALL_WORDS) and not gazetteer.country(w) for w in words)


#: Adjectives of regions wider than a country (``REGIONAL_DEMONYMS`` but the compass words,
#: and "American", which more often means the United States: every host has its embassy),
#: and of the whole world, as a body's first word.
_WIDER_THAN_A_COUNTRY = REGIONAL_DEMONYMS - {"american", "western", "eastern", "northern", "southern", "central",
                                             "gulf", "pacific", "atlantic"} | {"international", "world", "global", "pan"}


#: Words for the group of one visit: a "US delegation" in two articles is two groups.
VISIT_GROUPS = frozenset({"delegation", "delegations", "contingent"})


def _common_word(label: str) -> bool:
    """A one-word name that is also an ordinary English word ("Trend", "Report", "Congress"):
    too weak to say two articles mean the same organization. Acronyms are not."""
    from .extract.lexicon import english_words

    words = label.split()
    return len(words) == 1 and not label.isupper() and label.casefold() in english_words()


#: Ranks and forms of address written before a name, besides ``HONORIFICS`` ("Gen Ali",
#: "Adv. Jacob Lind", "Seyed Ali Rezai"); compared without a full stop, case folded.
_RANKS = frozenset({r.rstrip(".") for r in RANK_ABBREVIATIONS} | set(
    "general adv advocate seyed seyyed mawlavi maulana mulla samdech afioga engr eng hh rt".split()))


_HONORIFIC_WORDS = frozenset(h.rstrip(".") for h in HONORIFICS)


def bare_person_name(name: str) -> str:
    """A person's name without the honorifics and ranks before it ("Gen Tan Lee" -> "Tan
    Lee", "His Excellency Dr. Ana Lind" -> "Ana Lind"); the name itself when nothing is left."""
    words = name.split()
    while len(words) > 1:
        first = words[0].casefold().rstrip(".")
        if len(words) > 2 and (first, words[1].casefold()) in HONORIFIC_PHRASES:
            words = words[2:]
        elif words[0].rstrip(".") in UPPER_HONORIFICS or (
                first not in {"he", "u"} and (first in _HONORIFIC_WORDS or first in _RANKS)):
            words = words[1:]
        else:
            break
    return " ".join(words)


_GROUP_HEADS = VISIT_GROUPS | {"team"}


def _without_modifiers(name: str) -> str | None:
    """A group's name without the lower-case words before it ("delegation from X" for
    "high-level delegation from X", "FIFA delegation" for "three-member FIFA delegation"),
    when something of two words or more is left."""
    words = name.split()
    n = 0
    while n < len(words) and not any(c.isupper() for c in words[n]) and words[n].casefold() not in _GROUP_HEADS:
        n += 1
    return " ".join(words[n:]) if 0 < n and len(words) - n >= 2 else None


def _entity(cluster: _Cluster, acronym_texts: dict[str, str], document: Document) -> Entity:
    label = _label(cluster)
    gazetteer = countries()
    aliases = {t for m in cluster.mentions for t in {m.text, name_of(m)} if t != label}
    if cluster.type == "Person":  # the name without "Gen", "Hon.", "HE" is always one of its names
        aliases |= {bare_person_name(a) for a in aliases | {label}  # not "Young" of "Mrs. Young": her husband's too
                    if a.split()[0].rstrip(".").casefold() not in _WIFE or len(a.split()) > 2}
    if cluster.type == "Group":  # "a high-level delegation from X" is also "the delegation from X"
        aliases |= {bare for a in aliases | {label} for bare in [_without_modifiers(a)] if bare}
    if cluster.type == "Place":
        aliases = {a for a in aliases if not gazetteer.is_demonym(a) or a[:1].isupper()}
    # a bare "Committee" is a reference, not a name
    aliases = {a for a in aliases if normalise(a, cluster.type) not in ORG_HEADS | EVENT_HEADS}
    aliases |= {acronym_texts[a] for a in cluster.acronyms if a in acronym_texts}
    aliases.discard(label)
    key = f"{cluster.type}/{normalise(label, cluster.type)}"
    if cluster.type == "Group" or label.split()[-1].lower() in VISIT_GROUPS:
        # "the officials" of one article are not those of another, nor its "US delegation"
        key = f"{cluster.type}/{document.identifier} {normalise(label, cluster.type)}"
    elif cluster.type == "Organization" and (country_body(normalise(label, cluster.type)) or _common_word(label)) \
            or cluster.type == "Place" and normalise(label, cluster.type) in EVERY_COUNTRYS:
        # whose ministry or "State House" it is, or which "Trend" or "Report", only the article tells
        key = f"{cluster.type}/{document.identifier} {normalise(label, cluster.type)}"
    mentions = tuple(sorted(cluster.mentions + cluster.references, key=lambda m: (m.start, m.end)))
    return Entity(key=key, type=cluster.type, label=label, aliases=tuple(sorted(aliases)), mentions=mentions)


def _fact_date(rel: Relation, document: Document) -> tuple[str | None, str | None]:
    """A meeting's date: stated (ISO), resolved from "on Tuesday", or the publication date."""
    if rel.type != "metWith":
        return None, None
    if rel.date:
        iso, relative = resolve_date(rel.date, document.date, future=rel.modality == "future")
        if iso:
            return iso, "resolved" if relative else "stated"
        return rel.date, "stated"
    return (document.date, "publication") if document.date else (None, None)


def resolve(document: Document, sentences: list[Sentence], mentions: list[Mention],
            relations: list[Relation], model: tuple[str, str] = ("", ""),
            keep_apart: frozenset[str] = frozenset()) -> Extraction:
    """Turn one document's mentions and relations into entities and facts."""
    endpoints = [m for rel in relations for m in (rel.head, rel.tail, rel.place, rel.event, rel.attribution)]
    known, complete = set(), []
    for m in [*mentions, *endpoints]:
        while m is not None and m not in known:  # and what a pronoun refers to
            known.add(m)
            complete.append(m)
            m = m.refers_to
    mentions = complete
    assigned = cluster_mentions(document, mentions, keep_apart)
    acronym_texts = {a.casefold(): a for a in _acronyms(document, mentions).values()}
    entities: dict[int, Entity] = {}
    for cluster in {id(c): c for c in assigned.values()}.values():
        entities[id(cluster)] = _entity(cluster, acronym_texts, document)

    def key_of(m: Mention | None) -> str | None:
        if m is None:
            return None
        cluster = assigned.get(m)
        return entities[id(cluster)].key if cluster is not None else None

    facts: dict[tuple, Fact] = {}
    for rel in relations:
        head, tail = key_of(rel.head), key_of(rel.tail)
        if head is None or tail is None or head == tail:
            continue
        if rel.type == "metWith" and tail < head:
            head, tail = tail, head
        date, source = _fact_date(rel, document)
        fact = Fact(rel.type, head, tail, rel, place=key_of(rel.place), event=key_of(rel.event),
                    date=date, date_source=source, attribution=key_of(rel.attribution))
        facts.setdefault((rel.type, head, tail, rel.sentence.index), fact)
    by_key: dict[str, Entity] = {}
    for entity in sorted(entities.values(), key=lambda e: e.key):
        if entity.key in by_key:  # two clusters with one label: merge their mentions
            old = by_key[entity.key]
            entity = Entity(old.key, old.type, old.label, tuple(sorted(set(old.aliases) | set(entity.aliases))),
                            tuple(sorted(old.mentions + entity.mentions, key=lambda m: (m.start, m.end))))
        by_key[entity.key] = entity
    ordered_facts = sorted(facts.values(), key=lambda f: (f.type, f.head, f.tail, f.relation.sentence.index))
    return Extraction(document=document, sentences=tuple(sentences), entities=tuple(by_key.values()),
                      facts=tuple(ordered_facts), model=model)

