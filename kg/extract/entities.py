"""Entity repairs on top of the statistical NER, using evidence the text gives.

Each repair is a small function ``(doc) -> list of (span, action)`` over a parsed Doc;
``repair_entities`` applies them in order. None of them names an article's people or
organizations: they rely on name shapes (event names end in "Games", "Summit", ...),
context (a post before a name, "X said"), agreement between mentions of one name, and
the country gazetteer for demonyms.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..records import Mention
from .tokens import forget_index, having, view
from .layout import layout
from .lexicon import (EVENT_HEADS, HONORIFIC_PHRASES, HONORIFICS, LEGAL_FORMS, NAME_PARTICLES, ORG_HEADS,
                      REGIONAL_DEMONYMS, STATE_ROLES,
                      ROLE_HEADS,
                      ROLE_MODIFIERS, SPEECH_VERBS, TEAM_HEADS, UPPER_HONORIFICS, cities, countries,
                      english_nouns, english_words)

#: spaCy labels kg keeps as entities, and the type each becomes.
LABEL_TYPES = {
    "PERSON": "Person",
    "GROUP": "Group",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "EVENT": "Event",
}

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
_CITY_YEAR = re.compile(r"^[A-Z][a-z]+-(1[89]\d\d|20\d\d)$")
_DETERMINERS = {"the", "a", "an"}


_ENTS_KEY = "kg_ents"
NAMES_KEY = "kg_names"  # (start_char, end_char) -> the fuller name a span stands for


def _ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents`` while the repairs run, made once per change (the getter makes new Spans
    every time it is read)."""
    ents = doc.user_data.get(_ENTS_KEY)
    if ents is None:
        ents = doc.user_data[_ENTS_KEY] = doc.ents
    return ents


def _set_ents(doc: Doc, spans) -> None:
    doc.ents = spans
    doc.user_data.pop(_ENTS_KEY, None)


def _is_name_word(token: Token) -> bool:
    return token.is_title or token.is_upper and len(token) > 1


def _event_spans(doc: Doc) -> list[Span]:
    """Names ending in an event word: "Paris 2024 Summer Olympic and Paralympic Games"."""
    spans = []
    orgs = [e for e in _ents(doc) if e.label_ == "ORG"]
    for token in having(doc, "lower", EVENT_HEADS):
        if not _is_name_word(token):
            continue
        if any(e.start <= token.i < e.end for e in orgs):
            continue  # "World Cup Organizing Committee" stays an organization
        start = token.i
        i = token.i - 1
        while i >= token.sent.start:
            left = doc[i]
            if _is_name_word(left) or left.like_num or left.text == "-":
                if left.lower_ in _DETERMINERS:
                    break
                start = i
            elif left.lower_ in {"and", "of", "&"} and i - 1 >= token.sent.start and (
                    _is_name_word(doc[i - 1]) or doc[i - 1].like_num):
                start = i  # "Olympic and Paralympic Games"
            else:
                break
            i -= 1
        while start < token.i and doc[start].lower_ in {"and", "of", "&", "-"}:
            start += 1
        if token.i - start >= 1:
            spans.append(Span(doc, start, token.i + 1, label="EVENT"))
    return spans


def _city_year_spans(doc: Doc) -> list[Span]:
    """A place followed by a year names an edition of an event: "Paris 2024", "Tokyo-2020"."""
    spans = []
    in_org = {i for e in _ents(doc) if e.label_ == "ORG" for i in range(e.start, e.end)}
    for ent in _ents(doc):
        if ent.label_ == "GPE" and len(ent) == 1 and ent.end < len(doc) and _YEAR.match(doc[ent.end].text):
            spans.append(Span(doc, ent.start, ent.end + 1, label="EVENT"))
    for i, text in enumerate(view(doc).text):
        if "-" in text and _CITY_YEAR.match(text) and i not in in_org:
            spans.append(Span(doc, i, i + 1, label="EVENT"))
    return spans


def _team_spans(doc: Doc) -> list[Span]:
    """A country's team: "the Azerbaijani team", "Azerbaijan's national football team"."""
    spans = []
    gazetteer = countries()
    for token in having(doc, "lower", TEAM_HEADS):
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        i = token.i - 1
        while i >= token.sent.start and token.i - i <= 3 and doc[i].is_lower and doc[i].pos_ in {"ADJ", "NOUN"}:
            i -= 1  # "national", "football", "women's"
        if i >= 1 and doc[i].text in {"'s", "’s"}:
            i -= 1
        if i < token.sent.start:
            continue
        start = _country_start(doc, i, gazetteer)
        if start is not None:
            spans.append(Span(doc, start, token.i + 1, label="ORG"))
    return spans


def _country_start(doc: Doc, end: int, gazetteer) -> int | None:
    """Start of a country name or demonym ending at token ``end`` (inclusive)."""
    for length in (3, 2, 1):
        start = end - length + 1
        if start < 0:
            continue
        words = doc[start:end + 1].text
        if gazetteer.country(words) and _is_name_word(doc[start]):
            return start
    return None


def country_of_team(span: Span) -> Span | None:
    """The part of a team span that names its country, or None."""
    gazetteer = countries()
    if span[-1].lower_ not in TEAM_HEADS:
        return None
    for length in (3, 2, 1):
        if length < len(span) and gazetteer.country(span[:length].text):
            return span[:length]
    return None


def _extend_org_of(doc: Doc) -> list[Span]:
    """"the Organizing Committee" + "of the Paris 2024 Games" is one name."""
    spans = []
    ents = {e.start: e for e in _ents(doc)}
    for ent in _ents(doc):
        if ent.label_ != "ORG" or ent[-1].lower_ not in ORG_HEADS:
            continue
        i = ent.end
        if i < len(doc) and doc[i].lower_ == "of":
            j = i + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            nxt = ents.get(j)
            if nxt is not None and nxt.label_ in {"EVENT", "GPE"}:
                spans.append(Span(doc, ent.start, nxt.end, label="ORG"))
    return spans


def _field_words(doc: Doc, i: int) -> int:
    """End of one to three capitalised dictionary words at ``i`` that are no person's or
    place's name ("County", "Municipal Employees"), or ``i``."""
    j = i
    while j < len(doc) and j - i < 3 and doc[j].is_title and is_word(doc[j]) and \
            doc[j].ent_type_ not in {"PERSON", "GPE", "NORP"}:
        j += 1
    return j


def _org_field_lists(doc: Doc) -> list[Span]:
    """"the Federation of State , County and Municipal Employees", cut by NER at the commas:
    an organization's name ending in "of FIELD", then ", FIELD ... and FIELD", all
    capitalised dictionary words, is one name."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "ORG" or len(ent) < 3 or ent[-2].lower_ != "of" or not ent[-1].is_title \
                or not is_word(ent[-1]):
            continue
        j = ent.end
        while j + 1 < len(doc) and doc[j].text == "," and _field_words(doc, j + 1) > j + 1:
            j = _field_words(doc, j + 1)
        if j == ent.end:
            continue
        k = j + 1 if j < len(doc) and doc[j].text == "," else j
        if k < len(doc) and doc[k].lower_ in {"and", "&"} and _field_words(doc, k + 1) > k + 1:
            spans.append(Span(doc, ent.start, _field_words(doc, k + 1), label="ORG"))
    return spans


def _org_of_field(doc: Doc) -> list[Span]:
    """"the Carnegie Foundation for the Advancement" + "of Teaching": a name that holds an
    organization's head word and ends in another word goes on over "of FIELD"."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "ORG" or len(ent) < 3 or ent[-1].lower_ in ORG_HEADS \
                or not any(t.lower_ in ORG_HEADS for t in ent[:-1]) or not ent[-1].is_title:
            continue
        if ent.end + 1 < len(doc) and doc[ent.end].lower_ == "of" and doc[ent.end + 1].ent_type_ in {"", "ORG"}:
            end = _field_words(doc, ent.end + 1)
            if end > ent.end + 1:
                spans.append(Span(doc, ent.start, end, label="ORG"))
    return spans


def _people_after_the(doc: Doc) -> list[Span]:
    """"publisher of the Huntington Herald-Press" tagged as a person: a name after "PREP the"
    is an organization's (a person's name takes no article there)."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ == "PERSON" and len(ent) >= 2 and ent.start >= 2 and doc[ent.start - 1].lower_ == "the" \
                and doc[ent.start - 2].lower_ in {"of", "for", "at", "from", "with", "by"} \
                and all(t.is_title or t.is_upper or not t.is_alpha for t in ent) \
                and not (ent.end < len(doc) and doc[ent.end].is_lower and doc[ent.end].pos_ == "NOUN"):
            spans.append(Span(doc, ent.start, ent.end, label="ORG"))  # not "of the Clara Barton camp": a modifier
    return spans


def _org_references(doc: Doc) -> list[Span]:
    """"the Federation" after "the World Rowing Federation": a reference to an organization; so is
    "the federation 's president", lower-case, before a post."""
    heads = {e[-1].lower_ for e in _ents(doc) if e.label_ == "ORG"}
    spans = []
    for token in having(doc, "lower", heads):
        if not (token.i > 0 and doc[token.i - 1].lower_ == "the" and token.ent_type_ == ""):
            continue
        if token.is_title and (token.i + 1 == len(doc) or not _is_name_word(doc[token.i + 1])):
            spans.append(Span(doc, token.i, token.i + 1, label="ORG"))
        elif token.is_lower and _possessive_post(doc, token.i + 1):
            spans.append(Span(doc, token.i, token.i + 1, label="ORG"))  # "the company 's chief executive"
    return spans


def _possessive_post(doc: Doc, i: int) -> bool:
    """ "'s" at ``i`` and a post's head word within the next four tokens: "'s deputy spokesperson"."""
    if i >= len(doc) or doc[i].text not in {"'s", "’s"}:
        return False
    return any(t.lower_ in ROLE_HEADS for t in doc[i + 1:i + 5])


_TITLE_ABBREVIATIONS = {"lt", "lt.", "sgt", "sgt.", "capt", "capt.", "col", "col.", "gen", "gen.",
                        "sen", "sen.", "rep", "rep.", "gov", "gov.", "cmdr", "supt", "dr", "dr."}


def _clean_spans(doc: Doc) -> list[Span]:
    """Trim what NER swallows: "Harvard University 's", "Coast Guard Lt", "PRD ( Party of X",
    "Storting of", "Tom Lee-led"."""
    out = []
    for ent in _ents(doc):
        start, end = ent.start, ent.end
        while end - start > 1 and (doc[end - 1].text in {"'s", "’s", "'", "(", ",", "-"}
                                   or (ent.label_ == "ORG" and doc[end - 1].lower_ in _TITLE_ABBREVIATIONS)
                                   or doc[end - 1].text in {"of", "for", "and", "the"}):  # "Storting of"
            end -= 1
        if end - start > 2 and doc[end - 2].text == "-" and doc[end - 1].is_lower and (
                doc[end - 1].text.endswith("ed") or doc[end - 1].text in {"run", "born", "made"}):
            end -= 2  # "a Tom Lee-led delegation", "Norvex-owned"
        paren = next((t.i for t in doc[start:end] if t.text == "("), None)
        if paren is not None and ent.label_ == "ORG" and start < paren < end - 1:
            out.append(Span(doc, start, paren, label="ORG"))
            close = next((t.i for t in doc[paren:end] if t.text == ")"), end)
            out.append(Span(doc, paren + 1, close, label="ORG"))
            continue
        if (start, end) != (ent.start, ent.end):
            out.append(Span(doc, start, end, label=ent.label_))
    return out


def _split_country_prefix(doc: Doc) -> list[Span]:
    """"to Belarus Rafael Ramirez" tagged as one name: the country, then the person."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ not in {"PERSON", "ORG"} or len(ent) < 2:
            continue
        end = ent.end
        if end < len(doc) and not doc[end].ent_type_ and ent[-1].whitespace_:
            end = max(end, name_run(doc, end, limit=3))  # "to [Ruritania Oyun] Erdene"
        for n in (2, 1):
            if end - ent.start - n < 2:
                continue
            rest = Span(doc, ent.start + n, end, label="PERSON")
            if countries().country(ent[:n].text) and _looks_like_personal_name(rest) and (
                    ent.label_ == "PERSON" or (ent.start > 0 and doc[ent.start - 1].lower_ in {"to", "of"})):
                spans += [Span(doc, ent.start, ent.start + n, label="GPE"), rest]
                break
    return spans


def _post_owners(doc: Doc) -> list[Span]:
    """"Valmont Pradesh chief minister, Ana Lind": a name NER took for a person, written just
    before a post in lower case and its holder's name, is where the post is held: a place
    for a post of state ("chief minister", "governor"), else an organization."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "PERSON" or ent.end + 1 >= len(doc):
            continue
        i = ent.end
        while i < len(doc) and i - ent.end < 3 and doc[i].is_lower and (
                doc[i].lower_ in ROLE_MODIFIERS or doc[i].lower_ in ROLE_HEADS or doc[i].lower_ == "chief"):
            i += 1
        if i == ent.end or doc[i - 1].lower_ not in ROLE_HEADS:
            continue
        j = i + (i < len(doc) and doc[i].text == ",")
        if j < len(doc) and doc[j].ent_type_ == "PERSON" and doc[j].ent_iob_ == "B":
            label = "GPE" if doc[i - 1].lower_ in STATE_ROLES else "ORG"
            spans.append(Span(doc, ent.start, ent.end, label=label))
    return spans


def _places_of_state_posts(doc: Doc) -> list[Span]:
    """"Mayor of Lakeport", "Governor of Bravograd": a known city or country after a post of
    state and "of" is a place, whatever NER made of it."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ not in {"ORG", "PERSON", "NORP", "FAC"} or ent.start < 2 or len(ent) > 3:
            continue
        if doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in STATE_ROLES \
                and (ent.text.lower() in cities() or countries().country(ent.text)):
            spans.append(Span(doc, ent.start, ent.end, label="GPE"))
    return spans


def _legal_forms(doc: Doc) -> list[Span]:
    """"Norvex Petrol Anonim Ortaklığı", "Kedah Timber Berhad": capitalised words ending in a
    company's legal form are one organization, whatever NER made of them."""
    spans = []
    for token in having(doc, "lower", LEGAL_FORMS):
        if not (token.is_title or token.is_upper or not token.is_alpha) or token.i == 0:
            continue
        start = token.i
        while start - 1 >= token.sent.start and token.i - start < 6 and doc[start - 1].whitespace_ \
                and doc[start - 1].is_title and doc[start - 1].lower_ not in ROLE_HEADS \
                and doc[start - 1].ent_type_ not in {"DATE", "CARDINAL"}:
            start -= 1
        if start < token.i and not all(is_word(t) for t in doc[start:token.i]):
            spans.append(Span(doc, start, token.i + 1, label="ORG"))
    return spans


#: Words that end a company's name after its head ("Norvex Group International", "X Bank Limited").
_COMPANY_SUFFIXES = frozenset({"international", "global", "worldwide", "limited", "holdings", "corporation",
                               "incorporated", "group"})


def _company_suffixes(doc: Doc) -> list[Span]:
    """"[Norvex Group] [International]": a suffix NER left out (or took for a person) ends
    the organization's name."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "ORG":
            continue
        end = ent.end
        while end < len(doc) and doc[end].lower_ in _COMPANY_SUFFIXES and doc[end].is_title \
                and doc[end - 1].whitespace_ == " ":
            end += 1
        if end > ent.end:
            spans.append(Span(doc, ent.start, end, label="ORG"))
    return spans


def _first_names_left_out(doc: Doc) -> list[Span]:
    """", Karim [Ali Haddad] and ...": a capitalised word that no dictionary knows, just before a
    person's name and after a comma or the start of a sentence, is the name's first word."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "PERSON" or ent.start == 0 or len(ent) > 3:
            continue
        t = doc[ent.start - 1]
        if t.ent_type_ or not (t.is_title and t.is_alpha) or t.is_stop or t.pos_ != "PROPN" or is_word(t) \
                or t.lower_ in HONORIFICS \
                or t.lower_ in ROLE_HEADS or t.whitespace_ != " " or countries().country(t.text) \
                or t.lower_ in cities():
            continue
        if t.is_sent_start or (t.i > 0 and doc[t.i - 1].text in {",", ";", ":"}):
            spans.append(Span(doc, t.i, ent.end, label="PERSON"))
    return spans


def _split_place_prefix(doc: Doc) -> list[Span]:
    """"In [Lisbon Dvorak] also met ..." tagged as one name after "in"/"at": the city or
    country, then the person (a surname the article gives in full elsewhere, or a full name)."""
    spans = []
    ents = _ents(doc)
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    for ent in ents:
        if ent.label_ != "PERSON" or len(ent) < 2 or ent.start == 0 or doc[ent.start - 1].lower_ not in {"in", "at"}:
            continue
        for n in (2, 1):
            if len(ent) - n < 1:
                continue
            place, rest = ent[:n].text, Span(doc, ent.start + n, ent.end, label="PERSON")
            if (place.lower() in cities() or countries().country(place)) and (
                    (len(rest) == 1 and rest.text in surnames) or (len(rest) >= 2 and _looks_like_personal_name(rest))):
                spans += [Span(doc, ent.start, ent.start + n, label="GPE"), rest]
                break
    return spans


def _name_words(doc: Doc, end: int, limit: int = 4) -> int | None:
    """Start of an untagged run of capitalised name words ending just before ``end``."""
    start = end
    while start > 0 and end - start < limit:
        t = doc[start - 1]
        if t.ent_type_ or not (t.pos_ == "PROPN" and (t.is_title or t.is_upper)) \
                or t.lower_ in ROLE_HEADS or t.lower_ in ROLE_MODIFIERS:
            break
        start -= 1
    return start if start < end else None


def _untagged_names(doc: Doc) -> list[Span]:
    """Names NER missed, told by their context.

    "Vyacheslav Chornovil , leader of ..." is a person; "ITAR-TASS correspondent
    Mikhail Shevtsov" makes ITAR-TASS an organization.
    """
    spans = []
    candidates = having(doc, "text", {",", "("}) + having(doc, "lower", ROLE_HEADS)
    for token in sorted(candidates, key=lambda t: t.i):
        if token.text == "," and token.i + 2 < len(doc):
            nxt = [t for t in doc[token.i + 1:token.i + 5] if t.lower_ not in {"a", "an", "the"}]
            if any(t.lower_ in ROLE_HEADS for t in nxt[:3]):
                start = _name_words(doc, token.i)
                if start is not None and token.i - start >= 2:
                    spans.append(Span(doc, start, token.i, label="PERSON"))
        if token.text == "(" and token.i + 2 < len(doc) and doc[token.i + 2].text == ")" \
                and doc[token.i + 1].ent_type_ == "ORG" and doc[token.i + 1].is_upper:
            start = _name_words(doc, token.i, limit=8)
            if start is not None and token.i - start >= 2:
                spans.append(Span(doc, start, token.i, label="ORG"))  # "Lakeport Harbour Police ( LHP )"
        after = token.i + 1
        if after + 2 < len(doc) and doc[after].lower_ == "to" and doc[after + 1].ent_type_ == "GPE":
            # "Representative to Belarus X"
            after = next((t.i for t in doc[after + 1:] if t.ent_type_ != "GPE"), len(doc))
        if token.lower_ in ROLE_HEADS and after < len(doc) and doc[after].ent_type_ == "PERSON":
            start = _name_words(doc, token.i, limit=3)
            if start is not None and not (token.i - start == 1 and doc[start].is_sent_start and is_word(doc[start])):
                spans.append(Span(doc, start, token.i, label="ORG"))
    return spans


def _person_evidence(span: Span) -> bool:
    """Text evidence that a name tagged otherwise is a person."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.lower_ in ROLE_HEADS or before.lower_ in {"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr."}):
        return True
    if before is not None and before.text == "," and span.start > 1 and doc[span.start - 2].lower_ in ROLE_HEADS \
            and span.end < len(doc) and doc[span.end].text in {",", "."}:
        return True  # "and director, Anand KV,"
    # "..., head of X, NAME" / "director of X NAME": a post-of-organization just before
    k = span.start - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    ent_before = next((e for e in _ents(doc) if e.end == k + 1), None)
    if ent_before is not None and ent_before.label_ in {"ORG", "GPE"}:
        for t in doc[max(ent_before.sent.start, ent_before.start - 8):ent_before.start]:
            if t.lower_ in ROLE_HEADS:
                return True
    # "NAME, head of ...", "NAME, presidential candidate of ..." and "NAME said"
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text == "," and any(
            t.lower_ in ROLE_HEADS for t in doc[span.end + 1:span.end + 4]):
        return True
    if after is not None and after.text == ",":  # "NAME, the World Bank's Country Director"
        k = span.end + 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        org = next((e for e in _ents(doc) if e.start == k and e.label_ in {"ORG", "GPE", "NORP"}), None)
        if org is not None:
            k = org.end + (1 if org.end < len(doc) and doc[org.end].text in {"'s", "’s"} else 0)
            while k < len(doc) and doc[k].lower_ in ROLE_MODIFIERS and k - org.end < 3:
                k += 1
            if k < len(doc) and doc[k].lower_ in ROLE_HEADS:
                return True
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS and root.head.lemma_ != "say"


_INITIAL = re.compile(r"^[A-Z]\.$")


def _appositive_person(span: Span) -> bool:
    """"NAME , 47 , ..." or "NAME , a professor of ...": an age or an occupation in apposition."""
    doc = span.doc
    i = span.end
    if i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].like_num and doc[i + 2].text == ",":
        return True
    if i + 3 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in {"a", "an"}:
        head = next((t for t in doc[i + 2:i + 6] if t.pos_ == "NOUN"), None)
        return head is not None and (head.lower_ in ROLE_HEADS or head.lower_.endswith(("ist", "er", "or", "ant", "ent")))
    return False


#: Company-form endings in capitals, which are no initials ("Norvex AG").
_COMPANY_FORMS = frozenset("ag sa nv bv se ab as oy kg co llc plc spa gmbh ltd inc".split())


def _looks_like_personal_name(span: Span, single: bool = False) -> bool:
    words = [t for t in span if t.lower_ not in _DETERMINERS]
    return ((1 if single else 2) <= len(words) <= 4
            and all((t.is_title and t.is_alpha) or _INITIAL.match(t.text) for t in words[:-1])
            and (words[-1].is_title or len(words) > 1 and words[-1].is_upper and len(words[-1]) <= 2
                 and words[-1].lower_ not in _COMPANY_FORMS)  # "Anand KV": initials after the name
            and words[0].is_alpha and words[-1].is_alpha
            and not any(t.lower_ in ORG_HEADS or t.lower_ in EVENT_HEADS or t.lower_ in TEAM_HEADS for t in words)
            and not any(countries().country(t.text) for t in words))


def _relabel_people(doc: Doc) -> list[Span]:
    """ORG/GPE/NORP-tagged names that the text shows to be people, and all their repeats."""
    candidates = [e for e in _ents(doc) if e.label_ in {"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART"}
                  and _looks_like_personal_name(e)]
    names = {e.text for e in candidates if _person_evidence(e)}
    singles = [e for e in _ents(doc) if e.label_ in {"ORG", "GPE", "NORP"} and _looks_like_personal_name(e, single=True)
               and _appositive_person(e)]
    candidates += singles
    names |= {e.text for e in singles}
    # a one-word "product" or "work of art" that meets, speaks or travels is a person ("Minh praised")
    doers = [e for e in _ents(doc) if e.label_ in {"PRODUCT", "WORK_OF_ART"} and len(e) == 1 and e[0].is_title
             and e.root.dep_ == "nsubj" and e.root.head.pos_ == "VERB" and not is_word(e[0])]
    candidates += doers
    names |= {e.text for e in doers}
    people = {e.text for e in _ents(doc) if e.label_ == "PERSON"} | names
    names |= people
    # a lone surname of a person named in full ("Lindqvist said")
    surnames = {name.split()[-1] for name in people if len(name.split()) > 1}
    candidates += [e for e in _ents(doc) if e.label_ in {"ORG", "GPE", "NORP"} and len(e) == 1
                   and e.text in surnames and not countries().country(e.text)]
    names |= surnames
    spans = [Span(doc, e.start, e.end, label="PERSON") for e in candidates if e.text in names]
    # the same name untagged elsewhere ("the first Clinton - Trump debate")
    for token in having(doc, "text", surnames | people):
        if not token.ent_type_ and token.pos_ == "PROPN":
            spans.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return spans


def _agree_with_other_mentions(doc: Doc) -> list[Span]:
    """A one-word name tagged somewhere keeps its type where NER left it untagged."""
    labels: dict[str, set[str]] = {}
    for ent in _ents(doc):
        if len(ent) == 1 and ent.label_ in {"PERSON", "ORG", "GPE"}:
            labels.setdefault(ent.text, set()).add(ent.label_)
    return [Span(doc, t.i, t.i + 1, label=next(iter(labels[t.text]))) for t in having(doc, "text", labels.keys())
            if len(labels[t.text]) == 1 and not t.ent_type_ and t.pos_ == "PROPN"
            and t.is_title]


def _drop_adjective_places(doc: Doc) -> list[Span]:
    """"the Paralympic movement": an adjective in -ic is not a place (unless a country)."""
    drops = []
    for ent in _ents(doc):
        if ent.label_ in {"GPE", "NORP"} and len(ent) == 1:
            tok = ent[0]
            if tok.lower_.endswith(("ic", "ical")) and not countries().country(tok.text) \
                    and tok.dep_ in {"amod", "compound", "nmod"}:
                drops.append(ent)
    return drops


def _adjective_orgs(doc: Doc) -> list[Span]:
    """"Deputy Cultural Attaché" with "Cultural" tagged as an organization: one capitalised
    word that the dictionary knows only as an adjective, inside a post's words, names nothing
    ("United" and "Continental" alone are names)."""
    def post_word(i: int) -> bool:
        return 0 <= i < len(doc) and (doc[i].lower_ in ROLE_HEADS or doc[i].lower_ in ROLE_MODIFIERS)
    return [e for e in _ents(doc) if e.label_ == "ORG" and bare_word(e) and not is_noun(e[0])
            and post_word(e.start - 1) and post_word(e.end)]


_MINISTRY_HEADS = frozenset({"minister", "secretary"})


def _field_orgs(doc: Doc) -> tuple[list[Span], list[Span]]:
    """"United States National Security Advisor", "Indian National Security Adviser" with
    "United States National Security" or "Security" tagged as an organization: a country
    and the field words of the post that follows name no organization. The country keeps
    its name; the field words are the post's. ("National Security Council" ends in an
    organization's word and stays; in "Finance Minister" the field names the ministry.)
    "State" right before "Secretary" or "Minister" is the post's rank ("State Secretary")."""
    new, drop = [], []
    for ent in _ents(doc):
        if ent.label_ != "ORG" or ent.end >= len(doc):
            continue
        after = ent.end
        while after < len(doc) and doc[after].lower_ in ROLE_MODIFIERS and not doc[after].is_lower:
            after += 1
        if after >= len(doc) or doc[after].lower_ not in ROLE_HEADS or doc[after].is_lower:
            continue
        if after == ent.end and ent.text == "State":
            drop.append(ent)  # "State Secretary", "State Minister": a post's rank
            continue
        if doc[after].lower_ in _MINISTRY_HEADS:  # "Finance Minister": "Finance" is the ministry
            continue
        country = next((n for n in (3, 2, 1) if n < len(ent) and countries().country(ent[:n].text)), 0)
        field = ent[country:]
        if all(t.lower_ in ROLE_MODIFIERS and t.lower_ not in ORG_HEADS for t in field):
            drop.append(ent)
            if country:
                new.append(Span(doc, ent.start, ent.start + country, label="GPE"))
    return new, drop


# --------------------------------------------------------------------- news conventions
_KEPT = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "GROUP"})


def honorific_length(doc: Doc, i: int) -> int:
    """How many tokens of honorifics start at token ``i`` ("Dr", "HE Sayyid", "Tun Dr")."""
    n = i
    while n < len(doc):
        t = doc[n]
        if n + 1 < len(doc) and (t.lower_, doc[n + 1].lower_) in HONORIFIC_PHRASES and (t.is_title or t.is_upper):
            n += 2
        elif (t.lower_ in HONORIFICS and (t.is_title or t.is_upper)) or t.text in UPPER_HONORIFICS:
            n += 1
        else:
            break
    return n - i


def _is_name_token(t: Token) -> bool:
    """A capitalised word ("Okonkwo", "McAllister", "AV") or an initial ("J.")."""
    return t.is_alpha and t.text[0].isupper() or bool(_INITIAL.match(t.text))


def is_word(t: Token) -> bool:
    """An English dictionary word ("Agriculture", "Trade"), as the lemmatizer's word lists
    (from WordNet) know them; personal names mostly are not ("Okafor", "Brunetti")."""
    words = english_words()
    lower = t.lower_
    return lower in words or t.lemma_.lower() in words or (lower.endswith("s") and lower[:-1] in words) \
        or (lower.endswith("ies") and lower[:-3] + "y" in words)


def name_run(doc: Doc, i: int, limit: int = 5) -> int:
    """End of a run of personal-name words starting at token ``i`` ("Khalid bin Rashid Al
    Murr", "Park Min - jun"), or ``i`` when there is none."""
    end, words = i, 0
    while end < len(doc) and words < limit:
        t = doc[end]
        if t.lower_ in ROLE_HEADS or t.lower_ in ORG_HEADS or t.lower_ in EVENT_HEADS:
            break
        if _is_name_token(t) and not (words and t.lower_ in HONORIFICS):
            end, words = end + 1, words + 1
        elif words and t.lower_ in NAME_PARTICLES and end + 1 < len(doc) and _is_name_token(doc[end + 1]):
            end += 1
        elif words and t.text in {"-", "‑"} and not t.whitespace_ and end + 1 < len(doc) \
                and doc[end + 1].is_alpha and not doc[end - 1].whitespace_:
            end += 1  # "Min-jun", "Al-Karimi"
        else:
            break
    while end > i and (doc[end - 1].lower_ in NAME_PARTICLES or doc[end - 1].text in {"-", "‑"}):
        end -= 1
    return end


def _honorific_persons(doc: Doc) -> list[Span]:
    """"Dr Amara Dlamini", "HE Sayyid Faisal", "Sheikh Khalid bin Rashid": the name after
    an honorific is a person, whatever NER made of it; the honorific is not part of it."""
    spans = []
    view_ = view(doc)
    candidates = [j for j, w in enumerate(view_.lower) if w in HONORIFICS or w in {"his", "her", "tan", "rt", "rt.", "right", "the", "h.", "h"}] \
        + [j for j, w in enumerate(view_.text) if w in UPPER_HONORIFICS]
    for i in sorted(set(candidates)):
        if spans and i < spans[-1].end:
            continue
        n = honorific_length(doc, i)
        if not n or (i > 0 and honorific_length(doc, i - 1)):
            continue
        start = i + n
        end = name_run(doc, start)
        if end == start or countries().country(doc[start:end].text):
            continue
        if doc[i].text == "U" and (end - start < 1 or not doc[start].is_title):
            continue
        spans.append(Span(doc, start, end, label="PERSON"))
    return spans


def _honorific_only(doc: Doc) -> list[Span]:
    """Entities that are only an honorific ("H. E.", "Tun Dr"): not names."""
    return [e for e in _ents(doc) if honorific_length(doc, e.start) >= len(e)]


def _posts_only(doc: Doc) -> list[Span]:
    """Entities that are only a post's words ("Spokesperson", "Deputy Director", "MD of",
    "Extraordinary" and "Plenipotentiary" after "Ambassador"): not names."""
    return [e for e in _ents(doc) if e.label_ in {"ORG", "PERSON"} and any(t.lower_ in ROLE_HEADS for t in e) and all(
        t.lower_ in ROLE_HEADS or t.lower_ in ROLE_MODIFIERS or t.lower_ in {"-", "of", "for", "and"} for t in e)
        and e[0].lower_ not in {"of", "for", "and"}
        or e.label_ in _KEPT and all(t.lower_ in _DIPLOMATIC_TAILS for t in e)]


_DIPLOMATIC_TAILS = frozenset({"extraordinary", "plenipotentiary", "and"})


_APOSTROPHE_NAME = re.compile(r"[A-Z][a-z]+['\u2019][a-z]+")  # "Ma'mun", "Mana’a"


def _join_names(doc: Doc) -> list[Span]:
    """One person NER cut in two: two person names side by side ("Tariq Nadeem" "Hashmi"),
    or a name followed by capitalised words that are not dictionary words ("Clara
    Louise" "Fennimore")."""
    spans = []
    ents = [e for e in _ents(doc)]
    # names used on their own elsewhere: "... Tomas Berg Vance wrote" is two people when
    # the article names "Vance" (or "Ana Vance") apart
    people = [e for e in ents if e.label_ == "PERSON"]
    uses = Counter(e.text for e in people)  # how often each name stands alone or ends a name
    for e in people:
        if e[-1].text != e.text:
            uses[e[-1].text] += 1
    for a, b in zip(ents, ents[1:]):
        if a.label_ == b.label_ == "PERSON" and b.text != a.text and uses[b.text] > 1:
            continue
        if a.label_ == b.label_ == "PERSON" and a.end == b.start and len(a) + len(b) <= 6 \
                and not doc[a.end - 1].whitespace_ == "" and "\n" not in doc[a.end - 1].whitespace_:
            spans.append(Span(doc, a.start, b.end, label="PERSON"))
        elif a.label_ == "ORG" and b.label_ == "PERSON" and len(a) == 1 and a.end == b.start and len(b) <= 4 \
                and a[0].is_title and a[0].is_alpha and not is_word(a[0]) and a[0].lower_ not in ORG_HEADS \
                and "\n" not in a[0].whitespace_ and not countries().country(a.text):
            spans.append(Span(doc, a.start, b.end, label="PERSON"))  # "Omar" (ORG) + "Khalil Al Suwaidi"
    for e in ents:
        # a given name NER took for a product or a body, when a person's name follows
        given = e.label_ in {"PRODUCT", "WORK_OF_ART", "ORG"} and len(e) == 1 and e[0].is_title and e[0].is_alpha \
            and not is_word(e[0]) and e[0].lower_ not in ORG_HEADS and not countries().country(e.text)
        if (e.label_ != "PERSON" and not given) or len(e) > 4:
            continue
        end = e.end
        while end < len(doc) and end - e.start < 5 and not doc[end].ent_type_ \
                and (_is_name_token(doc[end]) or _APOSTROPHE_NAME.fullmatch(doc[end].text)) \
                and not is_word(doc[end]) and doc[end].lower_ not in HONORIFICS and "\n" not in doc[end - 1].whitespace_:
            end += 1
        if end == e.end or (end < len(doc) and not doc[end].ent_type_):
            # "Clara" + "Ma'ud Bay" + "Fennimore": name words, dictionary words too, between two names
            gap = end
            while gap < len(doc) and gap - end < 2 and not doc[gap].ent_type_ and doc[gap].whitespace_ \
                    and (_is_name_token(doc[gap]) or _APOSTROPHE_NAME.fullmatch(doc[gap].text)) \
                    and doc[gap].lower_ not in ROLE_HEADS and doc[gap].lower_ not in ORG_HEADS \
                    and doc[gap].lower_ not in HONORIFICS and "\n" not in doc[gap].whitespace_:
                gap += 1
            if gap < len(doc) and doc[gap].ent_type_ == "PERSON" and doc[gap].ent_iob_ == "B":
                end = gap
        nxt = next((n for n in ents if n.start == end), None) if end > e.end else None
        if nxt is not None and nxt.label_ == "PERSON" and nxt.start == end and nxt.end - e.start <= 6 \
                and "\n" not in doc[end - 1].whitespace_:
            end = nxt.end  # "Clara Louise" + "Fenn" + "Moore": the pieces after the extension too
        elif given:
            continue
        if end > e.end:
            spans.append(Span(doc, e.start, end, label="PERSON"))
    return spans


def _split_known_surname(doc: Doc) -> list[Span]:
    """"After meeting with Director Tomas Jan Berg Vance wrote ...": a name NER ran into the
    surname of another person of the article who is the subject of the next verb is two."""
    spans = []
    ents = [e for e in _ents(doc) if e.label_ == "PERSON"]
    for ent in ents:
        if len(ent) < 3 or ent.end >= len(doc) or doc[ent.end].tag_ not in {"VBD", "VBZ", "VBP", "MD"}:
            continue
        last, before = ent[-1].text, ent[-2]
        if not before.whitespace_ or before.lower_ in NAME_PARTICLES or not _is_name_token(before):
            continue  # "Omar al-Rashid", "Ana de Vance": one name
        if any(len(e) > 1 and e[-1].text == last and not ent.text.endswith(" " + e.text) and e.text != ent.text
               for e in ents):  # another person of that surname ("Ana Vance"), not this one's short form
            spans += [Span(doc, ent.start, ent.end - 1, label="PERSON"), Span(doc, ent.end - 1, ent.end, label="PERSON")]
    return spans


_WORD_ENDINGS = ("tion", "sion", "ment", "ity", "ence", "ance", "ics", "acy", "ism", "ness", "ship", "ology")


def _not_people(doc: Doc) -> list[Span]:
    """Words NER took for a person's name that are ordinary words ("Sciences", "Treasurer",
    "Public Diplomacy"): every word is in the dictionary, none is preceded by an honorific
    or post, and one is a post, an organization word, or has the ending of an abstract noun."""
    drops = []
    for ent in _ents(doc):
        if ent.label_ != "PERSON" or not all(t.is_alpha and is_word(t) for t in ent):
            continue
        before = [t for t in doc[max(0, ent.start - 2):ent.start] if t.text != ","]
        if any(t.lower_ in HONORIFICS or t.text in UPPER_HONORIFICS or _is_title(t) for t in before):
            continue
        after = doc[ent.end] if ent.end < len(doc) else None
        if after is not None and after.lemma_ in SPEECH_VERBS:
            continue
        if any(t.lower_ in ROLE_HEADS or t.lower_ in ORG_HEADS or t.lower_.endswith(_WORD_ENDINGS)
               or countries().country(t.text) or t.lower_ in {"limited", "inc", "ltd"} for t in ent):
            drops.append(ent)
    # a disease is nobody and no organization ("COVID vaccine support", "the COVID-19 pandemic")
    drops += [e for e in _ents(doc) if e.label_ in {"PERSON", "ORG"} and e.text.casefold() in _DISEASES]
    return drops


_DISEASES = frozenset("covid covid-19 coronavirus sars-cov-2 ebola mpox".split())


def _title_words(doc: Doc, k: int, lo: int) -> int:
    """Start of a capitalised post ending at the title word ``k`` ("Executive Director",
    "Prime Minister"), no further left than ``lo``."""
    a = k
    while a - 1 >= lo and doc[a - 1].lower_ in ROLE_MODIFIERS and (doc[a - 1].is_title or doc[a - 1].is_upper):
        a -= 1
    return a


def _is_title(t: Token) -> bool:
    return t.lower_ in ROLE_HEADS and (t.is_title or (t.is_upper and len(t) > 1)) and t.lower_ not in {"general"}


def _part_label(span: Span) -> str | None:
    """What the words before a post inside one entity name are: a country, demonym or
    organization ("Norvex Group"), or nothing (dictionary words: "Coordinating")."""
    text = span.text
    if countries().country(text):
        return "NORP" if countries().is_demonym(text) else "GPE"
    if span[-1].lower_ in {"of", "the", "and", "for"}:
        return None
    if any(t.lower_ in ORG_HEADS for t in span) or any(not is_word(t) for t in span if t.is_alpha):
        return "ORG"
    return None


def _person_follows(doc: Doc, i: int) -> bool:
    """A person's name starts at token ``i``, or after an abbreviation's full stop there."""
    if i < len(doc) and doc[i].text == ".":
        i += 1
    return i < len(doc) and doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B"


def _split_title_runs(doc: Doc) -> list[Span]:
    """"Norvex Group Chairman Park Min-jun" or "Chairman Park Min-jun" tagged as one name:
    the organization, the post, and the person apart. A post at the end of an organization
    name ("Office of the Prime Minister") is left alone."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ not in {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"} or len(ent) < 2:
            continue
        k = next((t.i for t in ent if _is_title(t)), None)
        if k is None:
            continue
        a = _title_words(doc, k, ent.start)
        b = k + 1
        while b < ent.end and (_is_title(doc[b]) or doc[b].lower_ in {"general", "-", "elect"}):
            b += 1
        person = None
        for start in range(b, ent.end):
            if doc[start - 1].lower_ in {"of", "for", "and", "the"} and start > b:
                continue
            run = Span(doc, start, ent.end, label="PERSON")
            if _looks_like_personal_name(run, single=True) and name_run(doc, start) >= ent.end:
                person = run
                break
        if person is None and (ent.label_ == "ORG" or b < ent.end):
            continue  # "Office of the Prime Minister", "President of the Republic"
        out = []
        if a > ent.start:
            left = Span(doc, ent.start, a)
            label = _part_label(left)
            if label is None and person is None and _person_follows(doc, ent.end) and all(
                    t.is_title or t.is_upper for t in left if t.is_alpha):
                label = "ORG"  # "Harbor Patrol Lt." before "Dana Morrow": a body's post and its holder
            if label is not None:
                out.append(Span(doc, ent.start, a, label=label))
        if person is not None and person.start > b and doc[b].lower_ in {"of", "for"}:
            inner = b + 1 + (doc[b + 1].lower_ == "the")
            if inner < person.start:
                out.append(Span(doc, inner, person.start, label=_part_label(Span(doc, inner, person.start)) or "ORG"))
        if person is not None:
            out.append(person)
        if out:
            spans += out
    return spans


def _post_of_org(doc: Doc) -> list[Span]:
    """"MD of Norvex Bank" tagged as one organization: the post's words are not part of its
    name. "Secretary of State" and "President of the Republic" (one dictionary word after
    "of") are left alone."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "ORG" or len(ent) < 3 or not _is_title(ent[0]) or ent[1].lower_ not in {"of", "for"}:
            continue
        inner = ent.start + 2 + (doc[ent.start + 2].lower_ == "the")
        rest = Span(doc, inner, ent.end, label="ORG")
        if len(rest) >= 2 or (len(rest) == 1 and not is_word(rest[0])):
            spans.append(rest)
    return spans


def _names_after_affairs(doc: Doc) -> list[Span]:
    """"State Secretary of the Ministry of Foreign Affairs Anna Berg" tagged as one
    organization: the capitalised words after "Affairs" are the holder's name."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "ORG":
            continue
        k = next((t.i for t in ent if t.lower_ == "affairs"), None)
        if k is None or not 1 <= ent.end - k - 1 <= 4:
            continue
        tail = doc[k + 1:ent.end]
        if all((t.is_title and t.is_alpha or _INITIAL.match(t.text)) and t.lower_ not in ORG_HEADS for t in tail) \
                and not countries().country(tail.text):
            spans += [Span(doc, ent.start, k + 1, label="ORG"), Span(doc, k + 1, ent.end, label="PERSON")]
    return spans


def _headquarters(doc: Doc) -> list[Span]:
    """"at FIFA Headquarters": the building is not another name of the organization, whose
    name it starts with (resolution would otherwise give FIFA the building's name)."""
    return [Span(doc, e.start, e.end - 1, label="ORG") for e in _ents(doc)
            if e.label_ in {"ORG", "FAC"} and len(e) >= 2 and e[-1].lower_ in {"headquarters", "hq"}
            and e[-2].text not in {"'s", "’s"}]


def _hyphenated_orgs(doc: Doc) -> list[Span]:
    """"ITAR-TASS" read as two organizations: names joined by a hyphen without spaces are one."""
    ents = list(_ents(doc))
    return [Span(doc, a.start, b.end, label="ORG") for a, b in zip(ents, ents[1:])
            if a.label_ == b.label_ == "ORG" and b.start == a.end + 1 and doc[a.end].text == "-"
            and not doc[a.end - 1].whitespace_ and not doc[a.end].whitespace_]


def _title_ending_orgs(doc: Doc) -> list[Span]:
    """"FAA Administrator" + "Allan McArtor", "the UNHCR Representative in Peru": a post NER
    put at the end of an organization's name is not part of the name ("Office of the Prime
    Minister" is: the post follows "of")."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "ORG" or len(ent) < 2 or not _is_title(ent[-1]):
            continue
        if any(t.lower_ in {"of", "for"} for t in ent):
            continue
        a = _title_words(doc, ent.end - 1, ent.start)
        if a > ent.start:
            spans.append(Span(doc, ent.start, a, label="ORG"))
    return spans


def _who_persons(doc: Doc) -> list[Span]:
    """"Mason , who headed ...": a name followed by ", who" is a person."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ in {"ORG", "GPE", "NORP"} and ent.end + 1 < len(doc) and doc[ent.end].text == "," \
                and doc[ent.end + 1].lower_ == "who" and _looks_like_personal_name(ent, single=True):
            spans.append(Span(doc, ent.start, ent.end, label="PERSON"))
    return spans


def _trim_post_modifiers(doc: Doc) -> list[Span]:
    """"CONCACAF General" + "Secretary X": capitalised post words NER left at the end of a name."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ not in {"ORG", "GPE", "NORP"} or ent.end >= len(doc) or not _is_title(doc[ent.end]):
            continue
        a = _title_words(doc, ent.end, ent.start)
        if ent.start < a < ent.end:
            spans.append(Span(doc, ent.start, a, label=ent.label_))
    return spans


def _org_name_runs(doc: Doc) -> list[Span]:
    """Capitalised names ending in, or headed by, an organization word that NER missed or
    cut: "Nordic Bank for Trade and Development", "Central Bank of Estonia"."""
    spans = []
    people = {i for e in _ents(doc) if e.label_ == "PERSON" for i in range(e.start, e.end)}
    for head in having(doc, "lower", ORG_HEADS):
        if not head.is_title or head.i in people:
            continue
        sent_start = head.sent.start
        start = head.i
        while start - 1 >= sent_start:
            t = doc[start - 1]
            if t.i in people or _is_title(t) or t.lower_ in HONORIFICS or not (
                    _is_name_token(t) or t.like_num or (t.text in {"&", "-"} and start - 2 >= sent_start)):
                break
            start -= 1
        while start < head.i and (doc[start].lower_ in {"the", "a", "an", "&", "-"} or doc[start].is_sent_start
                                  and doc[start].lower_ in {"the", "this", "that"}):
            start += 1
        end = head.i + 1
        if end + 1 < len(doc) and doc[end].lower_ in {"of", "for", "on"}:
            j = end + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            k = j
            while k < len(doc) and k not in people and (_is_name_token(doc[k]) and not _is_title(doc[k])
                                                         or doc[k].lower_ in {"and", "&", "of"} and k > j
                                                         and k + 1 < len(doc) and _is_name_token(doc[k + 1])
                                                         and doc[k + 1].ent_type_ != "ORG"):
                k += 1
            while k > j and doc[k - 1].lower_ in {"and", "&", "of"}:
                k -= 1
            if k > j:
                end = k
        if end - start < 2:
            continue
        span = Span(doc, start, end, label="ORG")
        inside = [e for e in _ents(doc) if e.start < end and start < e.end]
        if any(e.label_ in {"PERSON", "EVENT"} for e in inside):
            continue
        if any(e.start <= start and e.end >= end for e in inside if e.label_ in {"ORG", "GROUP"}):
            continue
        if any(e.label_ == "GPE" and e.start == start and e.end == end for e in inside):
            continue
        spans.append(span)
    return spans


def _org_continuations(doc: Doc) -> list[Span]:
    """"[University of Agronomic] [Sciences] and [Veterinary Medicine]": capitalised dictionary
    words right after an organization named "X of Y" (whatever NER made of them, and on
    after "and") finish its name; a post or a name that is no dictionary word ends it."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ != "ORG" or not any(t.lower_ == "of" for t in ent[1:-1]) or ent.end >= len(doc) \
                or not ent[-1].whitespace_ or "\n" in ent[-1].whitespace_:
            continue
        end = k = ent.end
        while k < len(doc) and k - ent.end < 6:
            t = doc[k]
            if t.is_title and t.is_alpha and is_word(t) and not _is_title(t) and t.lower_ not in HONORIFICS \
                    and not countries().country(t.text) and t.ent_type_ not in {"GPE", "DATE"}:
                k += 1
                end = k
            elif t.lower_ in {"and", "&"} and end == k and k + 1 < len(doc) and doc[k + 1].is_title:
                k += 1
            else:
                break
        if end > ent.end and (end >= len(doc) or not doc[end].is_title):
            spans.append(Span(doc, ent.start, end, label="ORG"))
    return spans


def _post_before(doc: Doc, i: int, reach: int = 10) -> bool:
    """A capitalised post within ``reach`` tokens before token ``i``, in its sentence."""
    sent_start = doc[i].sent.start if i < len(doc) else 0
    return any(_is_title(doc[j]) for j in range(max(sent_start, i - reach), i))


def _split_fused_person(doc: Doc) -> list[Span]:
    """A person's name that NER ran together with the words before it: "Minsk Pavel
    Dorokhin", "Agriculture Agus Hartono Wibowo" (after "Minister of"), "the Balkans Marco
    Brunetti". The name is the capitalised words at the end that are not dictionary words;
    what comes before is a place, or the organization of the post before."""
    spans = []
    gazetteer, towns = countries(), cities()
    for ent in _ents(doc):
        if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"} or len(ent) < 3:
            continue
        if ent.label_ == "PERSON" and ent.start > 0 and _is_title(doc[ent.start - 1]):
            continue  # "Prime Minister Lars Ove Brandt": the post says where the name starts
        starts = [k for k in range(ent.start + 1, ent.end - 1) if not is_word(doc[k])] or \
            list(range(ent.start + 1, ent.end - 1))  # the name starts at a word no dictionary has
        for k in starts:
            rest = Span(doc, k, ent.end, label="PERSON")
            if all(is_word(t) for t in rest if t.is_alpha) or not all(
                    _is_name_token(t) or t.lower_ in NAME_PARTICLES or t.text == "-" for t in rest) \
                    or not _looks_like_personal_name(rest):
                continue
            before = Span(doc, ent.start, k)
            place = gazetteer.country(before.text) or before.text.lower() in towns
            if place:
                spans += [Span(doc, ent.start, k, label="NORP" if gazetteer.is_demonym(before.text) else "GPE"), rest]
                break
            if _post_before(doc, ent.start) and (is_word(doc[k - 1]) or doc[k - 1].lower_ in ORG_HEADS) and (
                    ent.label_ != "PERSON" or ent.start > 0 and doc[ent.start - 1].lower_ in {"of", "for", "the"}):
                label = "ORG" if ent.label_ in {"PERSON", "ORG"} else ent.label_
                spans += [Span(doc, ent.start, k, label=label), rest]
                break
    return spans


#: Domains named in a minister's title that are not a ministry's name ("Prime Minister").
_NOT_DOMAINS = frozenset("prime deputy first chief vice acting interim former senior junior state general "
                         "executive head foreign-born".split())


def _ministry_name(words: str, country: str | None = None) -> str:
    """"Ministry of Foreign Affairs"; with the country named before the title, "Australian
    Ministry of Foreign Affairs", so two countries' ministries in one article stay two."""
    return f"{country} Ministry of {words}" if country else f"Ministry of {words}"


def _country_before(doc: Doc, i: int) -> str | None:
    """The country or demonym written just before token ``i`` ("Australian", "UAE's",
    "South African"), as written."""
    j = i - 1
    if j >= 1 and doc[j].text in {"'s", "’s"}:
        j -= 1
    for n in (3, 2, 1):
        if j - n + 1 >= 0 and all(t.text[:1].isupper() and t.lower_ != "the" for t in doc[j - n + 1:j + 1]):
            text = doc[j - n + 1:j + 1].text
            if countries().country(text):
                return text
    return None


def bare_word(ent: Span) -> bool:
    """One dictionary word tagged as an organization ("State" in "Secretary of State",
    "Economic"): no name to hold a post in. A ministry named in a title is one; so are "the
    Company" and "the Club", which refer to a fuller name. (Names that are also words,
    "Chevron", "Congress", are caught too: the rules then leave them to other forms.)"""
    return len(ent) == 1 and ent.label_ == "ORG" and not ent[0].is_upper and is_word(ent[0]) \
        and ent[0].lower_ not in ORG_HEADS \
        and (ent.start_char, ent.end_char) not in ent.doc.user_data.get(NAMES_KEY, {})


def is_noun(t: Token) -> bool:
    nouns = english_nouns()
    lower = t.lower_
    return lower in nouns or t.lemma_.lower() in nouns or (lower.endswith("s") and lower[:-1] in nouns) \
        or (lower.endswith("ies") and lower[:-3] + "y" in nouns)


def _ministries(doc: Doc) -> list[Span]:
    """A ministry named only in a minister's title: "Minister of Youth and Sports X",
    "Health Minister X", "Minister for Foreign Affairs": the words of its domain, as an
    organization named "Ministry of ..." (they are what later mentions use)."""
    spans = []
    names = doc.user_data.setdefault(NAMES_KEY, {})
    for token in having(doc, "lower", {"minister", "ministers"}):
        if not (token.is_title or token.is_upper):
            continue
        # "Minister of/for DOMAIN": capitalised dictionary words, joined by "and"
        j = token.i + 1
        if j < len(doc) and doc[j].lower_ in {"of", "for"}:
            k = j + 1 + (j + 1 < len(doc) and doc[j + 1].lower_ == "the")
            start = k
            end = _domain_run(doc, start)
            if end > start and _domain_noun(doc[end - 1]):
                span = Span(doc, start, end, label="ORG")
                spans.append(span)
                names[(span.start_char, span.end_char)] = _ministry_name(
                    span.text, _country_before(doc, _title_words(doc, token.i, token.sent.start)))
                continue
        # "DOMAIN Minister": capitalised dictionary words just before
        end = _title_words(doc, token.i, token.sent.start)
        start = token.i
        while start - 1 >= token.sent.start and (
                (_is_name_token(doc[start - 1]) and is_word(doc[start - 1]) and doc[start - 1].ent_type_ not in {"GPE", "NORP"}
                 and doc[start - 1].lower_ not in _NOT_DOMAINS and not countries().country(doc[start - 1].text))
                or (doc[start - 1].lower_ in {"and", "&"} and start - 2 >= token.sent.start
                    and _is_name_token(doc[start - 2]) and is_word(doc[start - 2]))):
            start -= 1
        while start < token.i and doc[start].lower_ in {"and", "&"}:
            start += 1
        if start < token.i and is_noun(doc[token.i - 1]):
            if all(t.lower_ not in _NOT_DOMAINS for t in doc[start:token.i]):
                span = Span(doc, start, token.i, label="ORG")
                spans.append(span)
                names[(span.start_char, span.end_char)] = _ministry_name(span.text, _country_before(doc, start))
    return spans


def _domain_word(t: Token) -> bool:
    """A capitalised dictionary word, or one made from it ("Downstreaming")."""
    stem = t.lower_[:-3] if t.lower_.endswith("ing") else ""
    words = english_words()
    return _is_name_token(t) and t.lower_ not in _NOT_DOMAINS and (
        is_word(t) or (len(stem) > 2 and (stem in words or stem + "e" in words or stem[:-1] in words)))


def _domain_noun(t: Token) -> bool:
    return is_noun(t) or (t.lower_.endswith("ing") and not is_word(t))


def _domain_run(doc: Doc, start: int) -> int:
    """The end of "Trade and Customs Negotiations" from ``start``: capitalised dictionary
    words, joined by "and", "&" or commas; a country, an honorific or a word right after
    "Affairs" ends it (WordNet knows "Penny", "Anna" and "Bruno" as words)."""
    end = start
    while end < len(doc) and (_domain_word(doc[end]) or (
            doc[end].lower_ in {"and", "&", ","} and end > start and end + 1 < len(doc) and _domain_word(doc[end + 1]))):
        if doc[end].ent_type_ in {"GPE", "NORP"} and countries().country(doc[end].text):
            break
        if doc[end].lower_ in HONORIFICS or (end > start and doc[end - 1].lower_ == "affairs" and _domain_word(doc[end])):
            break  # "Minister of Foreign Affairs Penny Wong", "..., Sheikh Ali": a name follows
        end += 1
    while end > start and doc[end - 1].lower_ in {"and", "&", ","}:
        end -= 1
    return end


def _title_domains(doc: Doc) -> list[Span]:
    """"Director-General of Trade and Customs Negotiations Ana Lind": the office a post
    heads, named only in the title by capitalised dictionary words, is an organization
    when the holder's name follows at once (ministers: see ``_ministries``)."""
    spans = []
    for token in having(doc, "lower", ROLE_HEADS):
        if not _is_title(token) or token.lower_ in {"minister", "ministers"}:
            continue
        j = token.i + 1
        if j + 1 < len(doc) and doc[j].text in {"-", "‑"} and doc[j + 1].lower_ == "general":
            j += 2
        elif j < len(doc) and doc[j].lower_ == "general":
            j += 1
        if j >= len(doc) or doc[j].lower_ not in {"of", "for"}:
            continue
        start = j + 1 + (j + 1 < len(doc) and doc[j + 1].lower_ == "the")
        end = _domain_run(doc, start)
        if end > start and end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "B" \
                and _domain_noun(doc[end - 1]) and not any(t.ent_type_ == "PERSON" for t in doc[start:end]):
            spans.append(Span(doc, start, end, label="ORG"))
    return spans


_REPORT_VERBS = frozenset({"reports", "reported", "informs", "informed", "writes", "wrote", "says", "said"})


def _news_agencies(doc: Doc) -> list[Span]:
    """The outlet in ", Daily Ledger reports", "Ledger informs citing ...", "reports Ledger
    news", a wire after a dateline ("Lima (ANP) -", "OSLO. NORPRESS -", "Lima /ANP/"), the
    outlet of a byline or a closing credit (see layout) and "X news agency": an organization."""
    spans = []
    found = layout(doc)
    where = list(found.credits)
    if found.dateline is not None:
        for m in re.finditer(r"\(([A-Za-z][\w.&-]{1,20})\)|\.\s+([A-Z]{2,12})\b",
                             doc.text[found.dateline[0]:found.dateline[1]]):
            g = 1 if m.group(1) else 2
            where.append((found.dateline[0] + m.start(g), found.dateline[0] + m.end(g)))
    for start, end in where:
        span = doc.char_span(start, end, label="ORG", alignment_mode="contract")
        if span is not None and len(span) and not countries().country(span.text):
            spans.append(span)
    for verb in having(doc, "lower", _REPORT_VERBS):
        i = verb.i - 1
        if i < 0 or not _is_name_token(doc[i]) or doc[i].ent_type_ == "PERSON":
            continue
        start = i
        while start - 1 >= 0 and _is_name_token(doc[start - 1]) and doc[i].ent_type_ == doc[start - 1].ent_type_:
            start -= 1
        first = start == doc[i].sent.start or (start > 0 and doc[start - 1].text in {",", "\u201d", '"'})
        if first and (verb.lower_ in {"reports", "informs", "reported", "informed"}) and not countries().country(doc[start:i + 1].text):
            spans.append(Span(doc, start, i + 1, label="ORG"))
    for verb in having(doc, "lower", {"reports", "reported"}):  # "..., reports Ledger news."
        end = verb.i + 1
        while end < len(doc) and end - verb.i <= 3 and _is_name_token(doc[end]) and doc[end].lower_ != "news":
            end += 1
        if end > verb.i + 1 and end < len(doc) and doc[end].lower_ in {"news", "agency"} \
                and not countries().country(doc[verb.i + 1:end].text):
            spans.append(Span(doc, verb.i + 1, end, label="ORG"))
    for token in having(doc, "lower", {"agency"}):
        if token.i >= 2 and doc[token.i - 1].lower_ == "news" and _is_name_token(doc[token.i - 2]):
            spans.append(Span(doc, token.i - 2, token.i + 1, label="ORG"))
    return spans


_NOT_ACRONYMS = frozenset("""
I A AM PM TV OK CEO MD COO CFO CTO VP MP CM GM HE U OF AND THE IN ON AT TO BY FOR NO PHOTO VIDEO
UPDATE BREAKING LIVE READ MORE ALSO NEW COVID
""".split())


def _acronyms_untagged(doc: Doc) -> list[Span]:
    """A word in capitals that NER left untagged ("NORVEX", "BALTCO") names an organization,
    unless it is a country ("UAE") or a post ("CEO")."""
    spans = []
    shouted: dict[int, bool] = {}  # sentence start -> written in capitals (counted once a sentence)
    for t in view(doc).tokens:
        text = t.text.replace(".", "")
        if t.ent_type_ or len(text) < 2 or not text.isalpha() or not t.is_upper or text in _NOT_ACRONYMS:
            continue
        # a capitalised function word before a post is an acronym too ("WHO Representative")
        before_post = t.i + 1 < len(doc) and _is_title(doc[t.i + 1])
        if t.lower_ in ROLE_HEADS or countries().country(text) or (
                t.pos_ not in {"PROPN", "NOUN", "ADJ", "X"} and not (before_post and len(text) >= 3)):
            continue
        sent = t.sent
        if sent.start not in shouted:
            words = [w for w in sent if w.is_alpha]
            shouted[sent.start] = sum(w.is_upper for w in words) > len(words) / 2
        if shouted[sent.start]:
            continue  # a line in capitals
        spans.append(Span(doc, t.i, t.i + 1, label="ORG"))
    return spans


_INITIAL_NAME = re.compile(r"^(?:[A-Z]\.){1,2}[A-Z][a-z]{2,}$")


def _initial_names(doc: Doc) -> list[Span]:
    """"T.Batzaya": an initial written against the name is a person."""
    v = view(doc)
    return [Span(doc, i, i + 1, label="PERSON") for i, text in enumerate(v.text) if _INITIAL_NAME.match(text)]


_BODIES = frozenset({"government", "administration", "embassy", "consulate", "ministry", "parliament", "cabinet",
                     "presidency", "army", "police", "authorities"})


def _country_bodies(doc: Doc) -> list[Span]:
    """"the Chilean government", "French embassy", "Kenya FA": a country and the body of it that
    follows is one organization."""
    spans = []
    for ent in _ents(doc):
        if ent.end >= len(doc) or ent.label_ not in {"GPE", "NORP"} and not (
                ent.label_ in {"PERSON", "ORG"} and countries().country(ent.text)):
            continue
        nxt = doc[ent.end]
        if nxt.lower_ in _BODIES and not _is_name_token(doc[ent.end + 1] if ent.end + 1 < len(doc) else nxt):
            spans.append(Span(doc, ent.start, ent.end + 1, label="ORG"))
        elif nxt.ent_type_ == "ORG" and nxt.is_upper and len(nxt) <= 5 and nxt.ent_iob_ == "B" and (
                ent.end + 1 == len(doc) or doc[ent.end + 1].ent_iob_ != "I"):
            spans.append(Span(doc, ent.start, ent.end + 1, label="ORG"))
    for ent in _ents(doc):  # "Togo FA" with the country left untagged
        if ent.label_ != "ORG" or len(ent) != 1 or not ent[0].is_upper or len(ent[0]) > 5:
            continue
        for n in (1, 2, 3):
            a = ent.start - n
            if a < 0 or any(t.ent_type_ or not _is_name_token(t) for t in doc[a:ent.start]):
                break
            if countries().country(doc[a:ent.start].text):
                spans.append(Span(doc, a, ent.end, label="ORG"))
                break
    return spans


def _long_countries(doc: Doc) -> list[Span]:
    """"Trinidad and Tobago", "St Kitts and Nevis": a country whose name joins words with
    "and" or "of" is one place, however NER cut it; so is a country NER left untagged."""
    spans = []
    gazetteer = countries()
    firsts = gazetteer.long_names
    i = 0
    while i < len(doc):
        t = doc[i]
        longest = firsts.get(t.lower_.rstrip(".")) if t.is_title else None
        found = None
        if longest:
            for end in range(min(len(doc), i + longest + 1), i + 2, -1):
                if doc[end - 1].is_title and gazetteer.country(doc[i:end].text):
                    found = end
                    break
        if found is None and not t.ent_type_ and t.is_title and t.pos_ == "PROPN" and gazetteer.country(t.text) \
                and not gazetteer.is_demonym(t.text) and not (i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I"):
            found = i + 1  # a country NER left untagged
        if found is not None:
            spans.append(Span(doc, i, found, label="GPE"))
            i = found
        else:
            i += 1
    return spans


def _untagged_after_post(doc: Doc) -> list[Span]:
    """"Ambassador Karel Novotny", "Sports Minister, Monday Okoro": capitalised words after a
    post that NER left untagged are a name (two words at least, not dictionary words both)."""
    spans = []
    for token in having(doc, "lower", ROLE_HEADS):
        if not _is_title(token):
            continue
        i = token.i + 1
        if i + 1 < len(doc) and doc[i].lower_ == "to" and doc[i + 1].ent_type_ == "GPE":
            i += 1  # "Ambassador to Ruritania Oyun Erdene"
            while i < len(doc) and doc[i].ent_type_ == "GPE" and doc[i].ent_iob_ in {"B", "I"} and (
                    i == token.i + 2 or doc[i].ent_iob_ == "I"):
                i += 1
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i < len(doc) and doc[i].ent_type_ == "DATE" and doc[i].lower_ in _DAY_NAMES and doc[i].ent_iob_ == "B" \
                and i + 1 < len(doc) and doc[i + 1].ent_iob_ != "I" and _is_name_token(doc[i + 1]) \
                and doc[i + 1].ent_type_ != "DATE" and (not is_word(doc[i + 1]) or doc[i - 1].text == ","):
            end = name_run(doc, i + 1, limit=3)  # "Sports Minister, Monday Okoro": a name, not a day
            spans.append(Span(doc, i, max(end, i + 2), label="PERSON"))
            continue
        if i >= len(doc) or doc[i].ent_type_ or not _is_name_token(doc[i]):
            continue
        end = name_run(doc, i, limit=4)
        if end - i >= 2 and not all(is_word(t) for t in doc[i:end]) and not any(t.ent_type_ for t in doc[i:end]):
            spans.append(Span(doc, i, end, label="PERSON"))
    return spans


def _entity_at(doc: Doc, i: int) -> Span:
    """The entity token ``i`` is part of (it must be in one), from its IOB tags."""
    start, end = i, i + 1
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _name_after_post_of_org(doc: Doc) -> list[Span]:
    """"CEO of Norvex Petrol (NVP) Ahmet Can Yildiz": capitalised words right after a post,
    its organization and that organization's acronym in brackets are the holder's name (two
    words at least, not dictionary words all), whatever NER made of them."""
    spans = []
    for token in having(doc, "lower", ROLE_HEADS):
        if not _is_title(token):
            continue
        j = token.i + 1
        if j >= len(doc) or doc[j].lower_ not in {"of", "for"}:
            continue
        k = j + 1 + (j + 1 < len(doc) and doc[j + 1].lower_ == "the")
        if k >= len(doc) or doc[k].ent_type_ != "ORG" or doc[k].ent_iob_ != "B":
            continue
        k = _entity_at(doc, k).end
        if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
            k += 3
        else:
            continue
        if k >= len(doc) or doc[k].ent_type_ == "PERSON" or not _is_name_token(doc[k]):
            continue
        end = name_run(doc, k, limit=4)
        if end - k >= 2 and not all(is_word(t) for t in doc[k:end]) \
                and not any(t.ent_type_ in {"GPE"} and countries().country(t.text) for t in doc[k:end]):
            spans.append(Span(doc, k, end, label="PERSON"))
    return spans


def plural_post(token: Token) -> str:
    """The post a plural names ("ambassadors", "Ministers"), or ""."""
    role = token.lemma_.lower() if token.tag_ == "NNS" else \
        token.lower_[:-1] if token.tag_ in {"NNP", "NNPS"} and token.lower_.endswith("s") else ""
    return role if role in ROLE_HEADS else ""


_PLURAL_HEADS = frozenset(head + "s" for head in ROLE_HEADS)  # "Ambassadors" (see ``plural_post``)


def _untagged_in_post_lists(doc: Doc) -> list[Span]:
    """"the Ambassadors of Ruritania, Ana Lind, and Valmont, Karel Dvorak": capitalised words
    after a country and a comma in a list of one post held for several countries are a name
    (two words at least, not dictionary words both), when NER left them untagged or took
    them for a place or an organization."""
    spans = []
    for token in sorted({t.i: t for t in having(doc, "lemma", ROLE_HEADS) + having(doc, "lower", _PLURAL_HEADS)}.values(),
                        key=lambda t: t.i):
        if not plural_post(token) or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "of":
            continue
        sent = token.sent
        for i in range(token.i + 2, sent.end - 2):
            first = doc[i + 2]
            if not (doc[i].ent_type_ == "GPE" and doc[i + 1].text == "," and _is_name_token(first)
                    and countries().country(_entity_at(doc, i).text)):
                continue
            if not first.ent_type_:
                end = name_run(doc, i + 2, limit=4)
                if any(t.ent_type_ for t in doc[i + 2:end]):
                    continue
            elif first.ent_iob_ == "B" and first.ent_type_ in {"ORG", "GPE", "FAC", "NORP"}:
                end = _entity_at(doc, first.i).end
                if countries().country(doc[i + 2:end].text) or not all(_is_name_token(t) for t in doc[i + 2:end]):
                    continue
            else:
                continue
            after = doc[end] if end < len(doc) else None
            if end - i - 2 >= 2 and not all(is_word(t) for t in doc[i + 2:end]) \
                    and (after is None or after.text in {",", ".", ";", "and"} or after.is_sent_start):
                spans.append(Span(doc, i + 2, end, label="PERSON"))
    return spans


#: Names of days and months, which are also given names ("Sunday", "June").
_DAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                       "june july august september october november december".split())


def _in_layout(doc: Doc) -> list[Span]:
    """The dateline's places are places; a name in the headline that the article never uses
    again is dropped (headlines are written in capitals and read badly)."""
    found = layout(doc)
    spans, drops = [], []
    for start, end in found.places:
        span = doc.char_span(start, end, label="GPE", alignment_mode="contract")
        if span is not None and len(span):
            spans.append(span)
    if found.dateline is not None:
        cut = found.dateline[1]
        for ent in _ents(doc):
            if ent.start_char < cut < ent.end_char and not any(s.start <= ent.start < s.end for s in spans):
                drops.append(ent)  # "October 20, 2014 - The International ..." read as one date
    if found.headline is not None:
        h0, h1 = found.headline
        body = doc.text[h1:].casefold()
        for ent in _ents(doc):
            if h0 <= ent.start_char < h1 and ent.label_ in _KEPT:
                words = ent.text.casefold()
                if words not in body and not countries().country(ent.text):
                    drops.append(ent)
    return spans, drops


def _gazetteer_types(doc: Doc) -> list[Span]:
    """A country or demonym is a place whatever NER says; so is a city (100,000 people or more,
    or a capital) after "in", "at", "from" or "to", before "Mayor" or "Governor", or taken for
    a one-word person with nothing to show it is one (no title before, not the surname of a
    person named)."""
    spans = []
    gazetteer, towns = countries(), cities()
    surnames = {e[-1].text for e in _ents(doc) if e.label_ == "PERSON" and len(e) > 1}
    for ent in _ents(doc):
        text = ent.text
        if ent.label_ in {"PERSON", "ORG", "FAC", "LOC", "EVENT"}:
            if gazetteer.country(text):
                spans.append(Span(doc, ent.start, ent.end, label="NORP" if gazetteer.is_demonym(text) else "GPE"))
                continue
        if ent.label_ in {"PERSON", "ORG", "GPE"} and ent[-1].lower_ in REGIONAL_DEMONYMS and all(
                t.lower_ in REGIONAL_DEMONYMS or t.text == "-" for t in ent):
            spans.append(Span(doc, ent.start, ent.end, label="NORP"))  # "fellow Southeast Asian leaders"
            continue
        if ent.label_ in {"PERSON", "ORG"} and text.lower() in towns and ent[-1].lower_ not in ORG_HEADS and (
                ent.start > 0 and doc[ent.start - 1].lower_ in {"in", "at", "from", "to"}
                or ent.end < len(doc) and doc[ent.end].lower_ in {"mayor", "governor"}  # "Oslo Mayor Anna Berg"
                or len(ent) == 1 and ent.label_ == "PERSON" and not _person_evidence(ent) and text not in surnames
                and (ent.root.dep_ in {"dobj", "pobj"} and ent.root.head.lemma_ in PLACE_VERBS
                     or _joined_with_place(ent))):
            spans.append(Span(doc, ent.start, ent.end, label="GPE"))
    return spans


def _joined_with_place(ent: Span) -> bool:
    """"Baku and Yerevan": a name coordinated with a place."""
    root = ent.root
    others = [c for c in root.children if c.dep_ == "conj"] + ([root.head] if root.dep_ == "conj" else [])
    return any(t.ent_type_ == "GPE" for t in others)


#: Verbs whose object is a place more often than a person ("visited Lisbon").
PLACE_VERBS = frozenset({"visit", "leave", "reach", "tour", "arrive", "return"})


def _type_votes(doc: Doc) -> dict[str, dict[str, float]]:
    votes: dict[str, dict[str, float]] = {}
    gazetteer = countries()
    for ent in _ents(doc):
        if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}:
            continue
        label = "GPE" if ent.label_ in {"LOC", "FAC"} else ent.label_
        v = votes.setdefault(ent.text.casefold(), {})
        weight = 1.0
        before = doc[ent.start - 1] if ent.start > 0 else None
        if label == "PERSON" and before is not None and (
                before.lower_ in HONORIFICS or _is_title(before) or before.text in UPPER_HONORIFICS):
            weight = 3.0
        if label == "ORG" and (ent[-1].lower_ in ORG_HEADS or ent.text.isupper()):
            weight = 2.0
        if label in {"GPE", "NORP"} and gazetteer.country(ent.text):
            weight = 5.0
        v[label] = v.get(label, 0.0) + weight
    return votes


#: Endings of family names in many languages of the region news of this kind covers
#: (Slavic, Caucasian, Central Asian, Turkish, Persian): "-ov", "-yan", "-shvili", "-zadeh".
SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "yev", "yeva", "yan", "enko", "ski", "ska", "sky", "vich", "dze",
                   "shvili", "oglu", "zadeh", "uly", "kyzy", "ovna", "ovic", "evic", "ović", "ević")


def _surname_shapes(doc: Doc) -> list[Span]:
    """"Farrukh Usmonov" tagged as an organization: two or three capitalised words, none a
    dictionary word or an organization word, the last with a family-name ending, is a person."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ not in {"ORG", "GPE", "NORP", "FAC", "LOC"} or not 2 <= len(ent) <= 3:
            continue
        if all(_is_name_token(t) and not is_word(t) and t.lower_ not in ORG_HEADS and not t.is_upper for t in ent) \
                and ent[-1].lower_.endswith(SURNAME_ENDINGS) and not countries().country(ent.text):
            spans.append(Span(doc, ent.start, ent.end, label="PERSON"))
    return spans


def _parallel_lists(doc: Doc) -> list[Span]:
    """"A (Name1), B (Name2), C (Name3)": names in parentheses after the items of one list
    are of one type; one tagged otherwise takes the type of the others."""
    spans = []
    inside = [e for e in _ents(doc) if e.start > 0 and doc[e.start - 1].text == "("]
    by_sentence: dict[int, list[Span]] = {}
    for e in inside:
        by_sentence.setdefault(e.sent.start, []).append(e)
    for group in by_sentence.values():
        labels = [e.label_ for e in group]
        if len(group) < 3:
            continue
        top = max(sorted(set(labels)), key=labels.count)
        if labels.count(top) > len(group) / 2:
            spans += [Span(doc, e.start, e.end, label=top) for e in group if e.label_ != top and len(e) >= 2]
    return spans


def _coordinated_people(doc: Doc) -> list[Span]:
    """"with Tomas Berg, Ivo Stane and Lena Ortiz": in a list of three names or more, mostly
    people's, a name NER took for a place or a body, shaped like a person's and no known
    place, is a person too."""
    spans = []
    ents = list(_ents(doc))
    runs: list[list[Span]] = []
    for ent in ents:
        if runs and ent.start > runs[-1][-1].end and ent.start - runs[-1][-1].end <= 2 and all(
                t.text == "," or t.lower_ in {"and", "or"} for t in doc[runs[-1][-1].end:ent.start]):
            runs[-1].append(ent)
        else:
            runs.append([ent])
    towns = cities()
    for run in runs:
        people = sum(e.label_ == "PERSON" for e in run)
        if len(run) < 3 or people < 2 or people * 2 <= len(run):
            continue
        for e in run:
            if e.label_ in {"GPE", "ORG", "NORP", "LOC", "FAC"} and len(e) >= 2 and _looks_like_personal_name(e) \
                    and e.text.lower() not in towns:
                spans.append(Span(doc, e.start, e.end, label="PERSON"))
    return spans


def _one_type_per_name(doc: Doc) -> list[Span]:
    """One name, one type in an article: the mentions of a name tagged differently take the
    type with the most evidence (a title or honorific before a person, an organization word
    at the end, the country gazetteer), then the most mentions."""
    votes = _type_votes(doc)
    winner = {name: max(sorted(v), key=lambda label: v[label]) for name, v in votes.items() if len(v) > 1}
    return [Span(doc, e.start, e.end, label=winner[e.text.casefold()]) for e in _ents(doc)
            if e.text.casefold() in winner and e.label_ != winner[e.text.casefold()]
            and not (e.label_ in {"LOC", "FAC"} and winner[e.text.casefold()] == "GPE")]


def _strip_determiner(span: Span) -> Span:
    """Without a leading "the" or a trailing possessive ("the World Bank 's" -> "World Bank")."""
    while len(span) > 1 and span[0].lower_ in _DETERMINERS:
        span = Span(span.doc, span.start + 1, span.end, label=span.label_)
    while len(span) > 1 and span[-1].text in {"'s", "’s", "'", "’"}:
        span = Span(span.doc, span.start, span.end - 1, label=span.label_)
    return span


def _replace(doc: Doc, new: Iterable[Span], drop: Iterable[Span] = ()) -> None:
    new = list(new)
    dropped = {(s.start, s.end) for s in drop}
    if not new and not dropped:
        return  # nothing to change (the common case): leave the Doc and its index alone
    forget_index(doc)
    covered = bytearray(len(doc))  # tokens a new span takes: what overlaps them gives way
    for n in new:
        covered[n.start:n.end] = b"\x01" * (n.end - n.start)
    kept = [e for e in _ents(doc) if (e.start, e.end) not in dropped and not any(covered[e.start:e.end])]
    _set_ents(doc, filter_spans(new + kept))


#: The repairs in the order they run: each adds spans (replacing what they overlap) or, with
#: ``drop``, removes entities; each sees the entities the previous one left.
REPAIRS = (
    (_clean_spans, "add"), (_in_layout, "both"), (_honorific_persons, "add"), (_honorific_only, "drop"), (_posts_only, "drop"),
    (_join_names, "add"), (_split_known_surname, "add"), (_initial_names, "add"), (_split_title_runs, "add"), (_post_of_org, "add"), (_trim_post_modifiers, "add"),
    (_title_ending_orgs, "add"), (_who_persons, "add"), (_split_fused_person, "add"), (_ministries, "add"), (_title_domains, "add"), (_legal_forms, "add"), (_company_suffixes, "add"), (_first_names_left_out, "add"), (_post_owners, "add"), (_places_of_state_posts, "add"),
    (_news_agencies, "add"), (_long_countries, "add"), (_untagged_after_post, "add"), (_untagged_in_post_lists, "add"), (_name_after_post_of_org, "add"), (_split_country_prefix, "add"), (_split_place_prefix, "add"),
    (_untagged_names, "add"), (_org_name_runs, "add"), (_org_continuations, "add"), (_country_bodies, "add"), (_acronyms_untagged, "add"),
    (_hyphenated_orgs, "add"), (_headquarters, "add"), (_names_after_affairs, "add"), (_event_spans, "add"), (_city_year_spans, "add"), (_extend_org_of, "add"), (_org_field_lists, "add"), (_org_of_field, "add"), (_people_after_the, "add"),
    (_team_spans, "add"), (_org_references, "add"), (_relabel_people, "add"),
    (_agree_with_other_mentions, "add"), (_not_people, "drop"), (_surname_shapes, "add"),
    (_parallel_lists, "add"), (_coordinated_people, "add"), (_gazetteer_types, "add"), (_one_type_per_name, "add"),
    (_drop_adjective_places, "drop"), (_adjective_orgs, "drop"), (_field_orgs, "both"),
)


def repair_entities(doc: Doc) -> Doc:
    """Apply the repairs in order; each sees the entities the previous one left."""
    doc.user_data.pop(_ENTS_KEY, None)  # whatever set doc.ents before, start from it
    for repair, kind in REPAIRS:
        found = repair(doc)
        if kind == "add":
            _replace(doc, found)
        elif kind == "drop":
            _replace(doc, [], drop=found)
        else:
            _replace(doc, *found)
    ents = _ents(doc)
    stripped = [_strip_determiner(e) for e in ents]
    if any(len(a) != len(b) for a, b in zip(ents, stripped)):
        _set_ents(doc, stripped)
        forget_index(doc)
    doc.user_data.pop(_ENTS_KEY, None)
    return doc


def mention(span: Span, sentence_index: int, type_: str | None = None) -> Mention | None:
    """The kg mention for an entity span, or None for labels kg does not keep."""
    type_ = type_ or LABEL_TYPES.get(span.label_)
    if type_ is None:
        return None
    name = span.doc.user_data.get(NAMES_KEY, {}).get((span.start_char, span.end_char))
    return Mention(start=span.start_char, end=span.end_char, text=span.text,
                   type=type_, sentence=sentence_index, name=name)
