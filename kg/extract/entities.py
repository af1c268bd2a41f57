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
from .layout import layout
from .tokens import forget_index, having, view
from .lexicon import (EVENT_HEADS, HONORIFIC_PHRASES, HONORIFICS, LEGAL_FORMS, NAME_PARTICLES, ORG_HEADS,
                      POST_TAILS, RANK_ABBREVIATIONS, REGIONAL_DEMONYMS, STATE_ROLES,
                      ROLE_HEADS,
                      ROLE_MODIFIERS, SPEECH_VERBS, TEAM_HEADS, UPPER_HONORIFICS, cities, city_spellings, countries, regions,
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


def _team_spans(doc: Doc) -> list[Span]:
    """A country's team: "the Azerbaijani team", "Azerbaijan's national football team", "Team
    Ireland"."""
    spans = []
    gazetteer = countries()
    for token in having(doc, "lower", TEAM_HEADS):
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if token.text == "Team":  # "Team Ireland", "Team Trinidad and Tobago"
            end = next((token.i + 1 + n for n in (4, 3, 2, 1) if token.i + 1 + n <= token.sent.end
                        and gazetteer.country(doc[token.i + 1:token.i + 1 + n].text)), None)
            if end is not None:
                spans.append(Span(doc, token.i, end, label="ORG"))
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
    if len(span) > 1 and span[0].text == "Team" and gazetteer.country(span[1:].text):
        return span[1:]  # "Team Ireland"
    if span[-1].lower_ not in TEAM_HEADS:
        return None
    for length in (3, 2, 1):
        if length < len(span) and gazetteer.country(span[:length].text):
            return span[:length]
    return None


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


#: Company posts NER runs into the company's name ("MD of Norvex Bank").
_COMPANY_POSTS = {"md", "ceo", "cfo", "coo", "cto", "chairman", "chairwoman", "chairperson", "vp"}


_DASHES = frozenset({"-", "–", "—"})


#: Posts and their abbreviations that never begin a person's name ("Sultan", "King" or "Md" may).
_POSTS_NOT_NAMES = frozenset("taoiseach tánaiste president premier chancellor minister governor mayor senator ambassador "
                             "chairman chairwoman ceo secretary spokesman spokeswoman commissioner asst asst. pm dy dy. "
                             "addl addl.".split())
#: Words of address, which begin the name after an organization's, never continue it
#: ("President of the Parliament of Valmont Mr Karel Dvorak").
_ADDRESS_WORDS = frozenset("mr mr. mrs mrs. ms ms. madam mme h.e. hon hon. engr eng. prof prof.".split())


def _clean_spans(doc: Doc) -> list[Span]:
    """Trim what NER swallows: "Harvard University 's", "Coast Guard Lt", "PRD ( Party of X",
    "Storting of", "Tom Lee-led", "Origin Energy - to the board", "General United Nations
    Office" after "Director"; and add the first name NER left before "van Rompuy"."""
    out = []
    for ent in _ents(doc):
        start, end = ent.start, ent.end
        if ent.label_ == "ORG" and ((doc[start].is_lower and doc[start].is_alpha)
                                    or doc[start].lower_ in _COMPANY_POSTS):  # "office of the X", "MD of Norvex Bank"
            of = next((t.i for t in doc[start:min(end - 1, start + 3)] if t.lower_ == "of"), None)
            if of is not None:
                start = of + 1 + (doc[of + 1].lower_ == "the" and of + 2 < end)
        if ent.label_ == "PERSON":  # "Ana Lind of Ruritania": the name, then where she comes from
            of = next((t.i for t in doc[start + 1:end - 1] if t.lower_ == "of"), None)
            if of is not None and (countries().country(doc[of + 1:end].text) or doc[of + 1:end].text.lower() in cities()):
                end = of
            elif of is not None and of - start >= 2 and doc[end - 1].lower_ in ORG_HEADS and doc[end - 1].is_title:
                out += [Span(doc, start, of, label="PERSON"), Span(doc, of + 1, end, label="ORG")]
                continue  # "Ana Lind of Ruritania Bank": a person, then her organization
        while end - start > 1 and (doc[end - 1].text in {"'s", "’s", "'", "(", ",", "-"}
                                   or (ent.label_ == "PERSON" and doc[end - 1].lower_ in {"esq", "esq."})
                                   or (ent.label_ == "ORG" and doc[end - 1].lower_ in RANK_ABBREVIATIONS)
                                   or doc[end - 1].text in {"of", "for", "and", "the", "in", "at"}):  # "Storting of"
            end -= 1
        if end - start > 2 and doc[end - 2].text == "-" and doc[end - 1].is_lower and (
                doc[end - 1].text.endswith("ed") or doc[end - 1].text in {"run", "born", "made"}):
            end -= 2  # "a Tom Lee-led delegation", "Norvex-owned"
        if ent.label_ == "PERSON" and doc[start].lower_ in NAME_PARTICLES and doc[start].is_lower and start > 0 \
                and doc[start - 1].is_title and doc[start - 1].is_alpha and not _is_title(doc[start - 1]) \
                and doc[start - 1].ent_type_ == "":
            start -= 1  # "President Herman van Rompuy": NER began the name at "van"
        if ent.label_ == "ORG" and doc[start].lower_ in POST_TAILS and start > 0 and doc[start - 1].lower_ in ROLE_HEADS:
            start += 1  # "Director General United Nations Office": the post's last word
        if ent.label_ in {"ORG", "PERSON"} and end - start > 1 and doc[start].lower_ in _TIME_WORDS:
            start += 1  # "Former Senate President X": when, not a name's first word
        while ent.label_ == "PERSON" and end - start > 2 and doc[start].lower_ in _POSTS_NOT_NAMES \
                and (doc[start].is_title or doc[start].is_upper):
            start += 1  # "Asst Secretary Ana Lind", "Taoiseach Leo Varadkar": the post is no part of the name
        dash = next((t.i for t in doc[start + 1:end - 1] if t.text in _DASHES and doc[t.i - 1].whitespace_
                     and doc[t.i + 1].is_lower), None)
        if dash is not None:
            end = dash  # "Westpac, Brambles and Origin Energy - to the board"
        paren = next((t.i for t in doc[start:end] if t.text == "("), None)
        if paren is not None and ent.label_ == "ORG" and start < paren < end - 1:
            out.append(Span(doc, start, paren, label="ORG"))
            close = next((t.i for t in doc[paren:end] if t.text == ")"), end)
            out.append(Span(doc, paren + 1, close, label="ORG"))
            continue
        if (start, end) != (ent.start, ent.end):
            out.append(Span(doc, start, end, label=ent.label_))
    return out


_YEAR_WORD = re.compile(r"^(19|20)\d\d$")


#: Words that end only an event's name ("Summit", "Dialogue"; not "Forum", "Congress" or
#: "Conference", which end bodies' names too: "World Economic Forum").
_EVENT_ONLY_HEADS = frozenset("summit dialogue meeting games cup championship championships olympics paralympics "
                              "expo exhibition festival tournament marathon biennale".split())
_EVENT_NAME_JOINERS = frozenset({"-", "–", "/", "of", "and", "&", "(", ")", "'s", "’s"})


def _event_names(doc: Doc) -> list[Span]:
    """An event named after the bodies or places that hold it: "GCC-US Summit", "Kenya/US
    Bilateral Strategic Dialogue", "EU-Latin America and Caribbean (LAC) Summit", which NER cut
    before its event word or at a dash ("GCC", "US Bilateral Strategic Dialogue"), or took for
    a body ("the ASEAN Summit"). The capitalised words before a capitalised event word, back to
    the first that starts the name; none of them a person's, nor a body's word ("the
    Organising Committee of the Pacific Games" is a body)."""
    ents = _ents(doc)
    covered = {i: e for e in ents for i in range(e.start, e.end)}
    out = []
    for head in doc:
        if head.lower_ not in _EVENT_ONLY_HEADS or not head.is_title or head.i == 0:
            continue
        own = covered.get(head.i)
        if own is not None and (own.label_ == "EVENT" or own.end != head.i + 1 or own.label_ != "ORG" and own.start < head.i):
            continue  # NER read the event, or a longer name, whole
        start = head.i
        while start - 1 >= head.sent.start and head.i - (start - 1) <= 12:
            t = doc[start - 1]
            if not (t.is_title or t.is_upper and t.is_alpha or t.like_num or t.text in _EVENT_NAME_JOINERS):
                break
            start -= 1
        while start < head.i and (doc[start].text in _EVENT_NAME_JOINERS or doc[start].lower_ == "the"):
            start += 1  # a name starts with a name's word
        inside = {covered[i].start: covered[i] for i in range(start, head.i + 1) if i in covered}
        if start == head.i or not inside or any(e.label_ == "PERSON" or e.start < start for e in inside.values()) \
                or any(t.lower_ in ORG_HEADS for t in doc[start:head.i]):
            continue
        out.append(Span(doc, start, head.i + 1, label="EVENT"))
    return out


def _city_year_events(doc: Doc) -> list[Span]:
    """"Paris 2024 Summer Games", "Paris 2024": a city right before a year, and the event named
    after them if one follows, is an event (NER tags "Paris" a place, "2024" a date and
    "Summer Games" an event or a title). An "event" whose last word heads organizations
    ("Paris 2024 Organizing Committee") is an organization."""
    out = []
    ents = _ents(doc)
    starts = {e.start: e for e in ents}
    for place in ents:
        if place.label_ != "GPE" or place.end >= len(doc) or not _YEAR_WORD.match(doc[place.end].text):
            continue
        end = place.end + 1
        if end in starts and starts[end].label_ in {"EVENT", "WORK_OF_ART"}:
            end = starts[end].end
        elif end < len(doc) and (doc[end].is_title or doc[end].is_upper) and doc[end].is_alpha:
            if place.end in starts and starts[place.end].label_ == "EVENT":
                end = starts[place.end].end  # "Paris" + "2024 Summer Games"
            else:
                continue  # "Paris 2024 Organizing ...": a name NER did not close; leave it
        label = "ORG" if doc[end - 1].lower_ in ORG_HEADS else "EVENT"
        out.append(Span(doc, place.start, end, label=label))
    for org in ents:  # "[Organizing Committee of the Paris] [2024] [Summer Games]": the committee of the games
        after = org.end + 1
        if org.label_ == "ORG" and org.end < len(doc) and _YEAR_WORD.match(doc[org.end].text) \
                and any(t.lower_ == "of" for t in org) and after in starts \
                and starts[after].label_ in {"EVENT", "WORK_OF_ART"}:
            out.append(Span(doc, org.start, starts[after].end, label="ORG"))
    for event in ents:
        if event.label_ == "EVENT" and len(event) > 1 and event[-1].lower_ in ORG_HEADS:
            out.append(Span(doc, event.start, event.end, label="ORG"))
    return out


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
            if start is not None and not (token.i - start == 1 and doc[start].is_sent_start and is_word(doc[start])) \
                    and not all(t.lower_ in _TIME_WORDS or t.lower_ in ROLE_MODIFIERS or t.lower_ in _POSTS_NOT_NAMES
                                for t in doc[start:token.i]):
                spans.append(Span(doc, start, token.i, label="ORG"))  # not "Immediate Past President X"
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


def honorific_length(doc: Doc, i: int) -> int:
    """How many tokens of honorifics start at token ``i`` ("Dr", "HE Sayyid", "Tun Dr")."""
    n = i
    while n < len(doc):
        t = doc[n]
        if n + 1 < len(doc) and (t.lower_, doc[n + 1].lower_) in HONORIFIC_PHRASES and (t.is_title or t.is_upper):
            n += 2
        elif (t.lower_ in HONORIFICS and (t.is_title or t.is_upper)) or t.text in UPPER_HONORIFICS:
            n += 1
            if n < len(doc) and doc[n].text == "." and not t.text.endswith(".") and "\n" not in doc[n].whitespace_:
                n += 1  # "Hon ." split by the tokenizer
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


def _title_words(doc: Doc, k: int, lo: int) -> int:
    """Start of a capitalised post ending at the title word ``k`` ("Executive Director",
    "Prime Minister"), no further left than ``lo``."""
    a = k
    while a - 1 >= lo and doc[a - 1].lower_ in ROLE_MODIFIERS and (doc[a - 1].is_title or doc[a - 1].is_upper):
        a -= 1
    return a


def _is_title(t: Token) -> bool:
    return t.lower_ in ROLE_HEADS and (t.is_title or (t.is_upper and len(t) > 1)) and t.lower_ not in {"general"}


_TIME_WORDS = frozenset({"former", "ex", "late", "then", "outgoing", "incoming", "visiting", "immediate", "past"})  # "Former Senate President X"


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
            if t.i in people or _is_title(t) or t.lower_ in HONORIFICS or t.lower_ in _TIME_WORDS or not (
                    _is_name_token(t) or t.like_num or (t.text in {"&", "-"} and start - 2 >= sent_start)):
                break
            if t.lower_ in POST_TAILS and t.i > sent_start and doc[t.i - 1].lower_ in ROLE_HEADS:
                break  # "Director General United Nations Office": the post's last word
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
            while k < len(doc) and k not in people and doc[k].ent_type_ not in {"DATE", "TIME"} and (
                    _is_name_token(doc[k]) and not _is_title(doc[k]) and doc[k].lower_ not in _ADDRESS_WORDS
                    or doc[k].lower_ in {"and", "&", "of"} and k > j and k + 1 < len(doc)
                    and _is_name_token(doc[k + 1]) and doc[k + 1].ent_type_ != "ORG"):  # not "X on Sunday"
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


def _post_before(doc: Doc, i: int, reach: int = 10) -> bool:
    """A capitalised post within ``reach`` tokens before token ``i``, in its sentence."""
    sent_start = doc[i].sent.start if i < len(doc) else 0
    return any(_is_title(doc[j]) for j in range(max(sent_start, i - reach), i))


def _split_fused_person(doc: Doc) -> list[Span]:
    """A person's name that NER ran together with the words before it: "Minsk Pavel
    Dorokhin", "Agriculture Agus Hartono Wibowo" (after "Minister of"), "the Balkans Marco
    Brunetti", "Brussels Vucic" (a surname of a person named in full). The name is the capitalised words at the end that are not dictionary words;
    what comes before is a place, or the organization of the post before."""
    spans = []
    gazetteer, towns = countries(), cities()
    full_names = [e for e in _ents(doc) if e.label_ == "PERSON" and len(e) > 1]
    for ent in _ents(doc):
        if ent.label_ == "PERSON" and len(ent) == 2 and ent.start > 0 and doc[ent.start - 1].lower_ in {"in", "at", "from"} \
                and any(e[-1].text == ent[1].text and e[0].text != ent[0].text for e in full_names) and (
                gazetteer.country(ent[0].text) or ent[0].lower_ in towns):
            spans += [Span(doc, ent.start, ent.start + 1, label="GPE"), Span(doc, ent.start + 1, ent.end, label="PERSON")]
            continue  # "In Brussels Vucic also met ...": a place, then the surname of a person named
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


def _country_after(doc: Doc, i: int) -> str | None:
    """The country of "of (the) COUNTRY" at token ``i`` ("Minister of Trade of Norway"), by its
    gazetteer name ("the Federal Democratic Republic of Ethiopia" is "Ethiopia")."""
    k = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "the")
    if i < len(doc) and doc[i].lower_ == "of":
        return next((countries().country(e.text) for e in _ents(doc) if e.start == k and e.label_ == "GPE"), None)
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
                    span.text, _country_before(doc, _title_words(doc, token.i, token.sent.start)) or _country_after(doc, end))
                continue
        # "DOMAIN Minister": capitalised dictionary words just before
        end = _title_words(doc, token.i, token.sent.start)
        start = token.i
        while start - 1 >= token.sent.start and (
                (_is_name_token(doc[start - 1]) and is_word(doc[start - 1]) and doc[start - 1].ent_type_ not in {"GPE", "NORP"}
                 and doc[start - 1].pos_ not in {"VERB", "AUX"}  # a headline's "X Meets Health Minister Y"
                 and doc[start - 1].lower_ not in _NOT_DOMAINS and not countries().country(doc[start - 1].text)
                 and not _opens_sentence(doc[start - 1]))
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


_OPENERS = frozenset("today yesterday tonight earlier later meanwhile also separately subsequently".split())


def _opens_sentence(t: Token) -> bool:
    """"Meanwhile", "Later", "Yesterday" capitalised only because a sentence begins with them."""
    return t.is_sent_start and (t.pos_ in {"ADV", "SCONJ", "CCONJ", "INTJ"} or t.lower_ in _OPENERS)


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
        if doc[end].lower_ in HONORIFICS or doc[end].lower_ in RANK_ABBREVIATIONS or doc[end].ent_type_ == "PERSON" or (
                end > start and doc[end - 1].lower_ == "affairs" and _domain_word(doc[end])):
            break  # "Minister of Foreign Affairs Penny Wong", "..., Sheikh Ali", "..., Gen Ali": a name follows
        end += 1
    while end > start and doc[end - 1].lower_ in {"and", "&", ","}:
        end -= 1
    return end


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


#: Bodies named with the city they sit in ("the Russian Consulate General in Harbin").
_SEATS = frozenset("embassy consulate general office mission".split())


def _seats_and_countries(doc: Doc) -> list[Span]:
    """A body's name goes on with the place it sits in or the country it is of, which NER left
    outside: "the Russian Consulate General in Harbin", "the UNDP Pacific Office in Fiji",
    "the Ministry of Foreign Affairs of the PRC" (as "of China" is already read)."""
    spans = []
    ents = _ents(doc)
    starts = {e.start: e for e in ents}
    for ent in ents:
        if ent.label_ != "ORG" or ent.end + 1 >= len(doc):
            continue
        k = ent.end
        prep = doc[k].lower_
        k += 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        place = starts.get(k)
        if place is None or place.label_ != "GPE":
            continue
        if prep == "in" and ent[-1].lower_ in _SEATS and (place.end == len(doc) or not _is_name_token(doc[place.end])):
            spans.append(Span(doc, ent.start, place.end, label="ORG"))  # "... Consulate General in Harbin"
        elif prep == "of" and countries().country(place.text) and ent[0].lower_ == "ministry" \
                and not any(t.lower_ == "of" and countries().country(doc[t.i + 1:ent.end].text) for t in ent):
            spans.append(Span(doc, ent.start, place.end, label="ORG"))  # "Ministry of Foreign Affairs of the PRC"
    return spans


def plural_post(token: Token) -> str:
    """The post a plural names ("ambassadors", "Ministers"), or ""."""
    role = token.lemma_.lower() if token.tag_ == "NNS" else \
        token.lower_[:-1] if token.tag_ in {"NNP", "NNPS"} and token.lower_.endswith("s") else ""
    return role if role in ROLE_HEADS else ""


def _fuller_name_words(doc: Doc) -> set[str]:
    """The words (lower case) of the names of people given in two words or more: a city or
    a company's name among them is that person's ("Lloyd J. Austin III", "Mary Haddadson")."""
    return {t.lower_ for e in _ents(doc) if e.label_ == "PERSON" and len(e) > 1 for t in e}


def _gazetteer_types(doc: Doc) -> list[Span]:
    """A country or demonym is a place whatever NER says; so is a city (100,000 people or more,
    or a capital) after "in", "at", "from" or "to", before "Mayor" or "Governor", or taken for
    a one-word person with nothing to show it is one (no title before, not a word of a
    person's fuller name): "YEREVAN. - President ...", "reached Lahore", "Suva and Sydney"."""
    spans = []
    gazetteer, towns = countries(), city_spellings() | regions()
    named = _fuller_name_words(doc)
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
                or len(ent) == 1 and ent.label_ == "PERSON" and not _person_evidence(ent) and ent[0].lower_ not in named):
            spans.append(Span(doc, ent.start, ent.end, label="GPE"))
    return spans


#: Nouns a business is named after in news ("pallet supplier Brambles", "energy giant Woodside").
_BUSINESS_NOUNS = frozenset("supplier maker carmaker automaker chipmaker drugmaker steelmaker giant firm carrier "
                            "airline lender miner retailer insurer manufacturer conglomerate brewer".split())


#: Posts held in a business rather than a place: "President of Itautec" is a company.
_BUSINESS_POSTS = frozenset({"president", "executive", "director", "founder", "owner", "officer", "shareholder"})


def _businesses(doc: Doc) -> list[Span]:
    """A name NER took for a person that says it is a body: it ends in a company or
    organization word ("Norvex Holdings"), is the place of a post ("chief executive of
    Zentrix", "a director at Westpac, Brambles and Origin Energy") or comes after the kind of
    business it is ("pallet supplier Brambles", "energy giant Woodside"); not a word of a
    person's fuller name, nor one with a title or honorific. A name NER took for a place is a
    body when it is the place of a business post ("President of Itautec", "director of the
    Mejlis") and neither a country nor a city the gazetteers know."""
    named = _fuller_name_words(doc)
    body_ending = {e.end: e for e in _ents(doc) if e.label_ == "ORG"}  # token after it -> the body
    spans = []
    gazetteer, towns = countries(), cities()
    for ent in _ents(doc):
        if ent.label_ in {"GPE", "LOC"} and not gazetteer.country(ent.text) and ent.text.lower() not in towns:
            if _after_post(doc, ent.start - 1, _COMPANY_POSTS | _BUSINESS_POSTS):
                spans.append(Span(doc, ent.start, ent.end, label="ORG"))  # "President of Itautec"
            continue
        if ent.label_ != "PERSON" or (len(ent) == 1 and ent[0].lower_ in named) or _person_evidence(ent):
            continue
        if len(ent) > 1 and (ent[-1].lower_ in _COMPANY_WORDS or ent[-1].lower_ in ORG_HEADS):
            spans.append(Span(doc, ent.start, ent.end, label="ORG"))  # "Norvex Holdings"
            continue
        k = ent.start - 1
        while k > 0 and doc[k].text in {",", "and"} and k in body_ending:
            k = body_ending[k].start - 1  # "at Westpac, Brambles"
        if _after_post(doc, k, ROLE_HEADS | _COMPANY_POSTS) or ent.start > 0 and doc[ent.start - 1].lower_ in _BUSINESS_NOUNS:
            spans.append(Span(doc, ent.start, ent.end, label="ORG"))
    return spans


def _after_post(doc: Doc, k: int, posts) -> bool:
    """Token ``k`` ends "POST of (the)" or "POST at (the)" with a word of ``posts``: what
    follows is where the post is held."""
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return k >= 1 and doc[k].lower_ in {"of", "at"} and doc[k - 1].lower_ in posts


def _people_by_surname(doc: Doc) -> list[Span]:
    """A name of two or three words tagged a body or a place whose last word the article
    gives a person alone ("Magda Chambriard" beside "Chambriard said"; "Claver Gatete" beside
    "Mr. Gatete"): a person, when every word is a name and none a body's word."""
    people = {e.text for e in _ents(doc) if e.label_ == "PERSON" and len(e) == 1}
    bodies = {e.text for e in _ents(doc) if e.label_ == "ORG" and len(e) == 1}  # "Arcelor Mittal": a company
    towns, gazetteer = cities(), countries()
    return [Span(doc, e.start, e.end, label="PERSON") for e in _ents(doc)
            if e.label_ in {"ORG", "FAC", "GPE", "LOC"} and 2 <= len(e) <= 3 and e[-1].text in people
            and all(t.is_title and t.is_alpha and t.lower_ not in ORG_HEADS and t.text not in bodies for t in e)
            and not gazetteer.country(e.text) and e.text.lower() not in towns]


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


def _one_type_per_name(doc: Doc) -> list[Span]:
    """One name, one type in an article: the mentions of a name tagged differently take the
    type with the most evidence (a title or honorific before a person, an organization word
    at the end, the country gazetteer), then the most mentions."""
    votes = _type_votes(doc)
    winner = {name: max(sorted(v), key=lambda label: v[label]) for name, v in votes.items() if len(v) > 1}
    return [Span(doc, e.start, e.end, label=winner[e.text.casefold()]) for e in _ents(doc)
            if e.text.casefold() in winner and e.label_ != winner[e.text.casefold()]
            and not (e.label_ in {"LOC", "FAC"} and winner[e.text.casefold()] == "GPE")]


_COMPANY_WORDS = frozenset("bank group corporation corp company co inc ltd plc holdings airways airlines".split())


def _short_names_of_fuller(doc: Doc) -> list[Span]:
    """A one-word name that another name of the article holds, typed as that name is: the
    surname of a person named in full ("Farshadan" after "Seyed Mehdi Farshadan"), the first
    word of an organization's name that ends in an organization word ("Wachovia" after
    "Wachovia Bank"). A country's name keeps its type."""
    ents = _ents(doc)
    surnames = {e[-1].lower_ for e in ents if e.label_ == "PERSON" and len(e) > 1 and e[-1].is_title}
    towns = cities()
    firsts = {e[0].lower_ for e in ents if e.label_ == "ORG" and len(e) > 1 and e[-1].lower_ in _COMPANY_WORDS
              and e[0].is_alpha and e[0].lower_ not in ORG_HEADS and e[0].lower_ not in towns}
    spans = []
    for e in ents:
        if len(e) != 1 or countries().country(e.text) or (e[0].lower_ in surnames) == (e[0].lower_ in firsts):
            continue
        label = "PERSON" if e[0].lower_ in surnames else "ORG"
        if e.label_ != label and e.label_ in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}:
            spans.append(Span(doc, e.start, e.end, label=label))
    return spans


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


#: Posts whose field ("for African Affairs") is no organization of its own; not a minister's,
#: whose field names a ministry ("Minister of Foreign Affairs", ``_ministries``).
_FIELD_POSTS = frozenset("secretary envoy director coordinator commissioner adviser advisor representative "
                         "undersecretary under-secretary".split())


def _post_fields(doc: Doc) -> list[Span]:
    """"Assistant Secretary of State for African Affairs", "Special Envoy of Asian Affairs of the
    Ministry": the field of a post, tagged as an organization, is none ("Affairs" and no
    body's word in it)."""
    drop = []
    for ent in _ents(doc):
        if ent.label_ != "ORG" or ent[-1].lower_ != "affairs" or any(t.lower_ in ORG_HEADS for t in ent) \
                or ent.start < 2 or doc[ent.start - 1].lower_ not in {"for", "of"}:
            continue
        before = doc[max(0, ent.start - 5):ent.start - 1]
        if any(t.lower_ in _FIELD_POSTS for t in before) and not any(t.lower_ in {"minister", "ministry", "cabinet"} for t in before):
            drop.append(ent)
    return drop


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
            for ent in _ents(doc):  # "Ana Lind -WIRE-" read as one name: the writer stays a person
                if ent.start < span.start < ent.end:
                    cut = span.start
                    while cut > ent.start and not doc[cut - 1].is_alpha:
                        cut -= 1
                    if cut > ent.start:
                        spans.append(Span(doc, ent.start, cut, label=ent.label_))
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


#: The last words of a building's name: "State House", "Perdana Putra Palace", "Tanoa Hotel".
VENUE_HEADS = frozenset({"house", "palace", "lodge", "mansion", "castle", "residence", "villa", "hotel", "resort",
                         "museum", "building", "buildings", "guesthouse", "tower", "stadium", "monastery"})


def _venues(doc: Doc) -> list[Span]:
    """A building's name after "at", "in" or "inside" is where something happens ("received
    him at State House", "talks at the Kremlin Palace"): a place, not the body that sits there."""
    spans = []
    for ent in _ents(doc):
        if ent.label_ not in {"ORG", "PERSON"} or len(ent) < 2 or ent[-1].lower_ not in VENUE_HEADS:
            continue
        i = ent.start - 1
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        if i >= 0 and doc[i].lower_ in {"at", "in", "inside"}:
            spans.append(Span(doc, ent.start, ent.end, label="FAC"))
    return spans


#: The repairs in the order they run: each adds spans (replacing what they overlap) or, with
#: ``drop``, removes entities; each sees the entities the previous one left.
REPAIRS = (
    (_clean_spans, "add"), (_city_year_events, "add"), (_event_names, "add"), (_join_names, "add"),
    (_split_fused_person, "add"), (_ministries, "add"), (_legal_forms, "add"),
    (_places_of_state_posts, "add"), (_news_agencies, "add"),
    (_untagged_names, "add"), (_org_name_runs, "add"), (_country_bodies, "add"),
    (_acronyms_untagged, "add"), (_people_after_the, "add"), (_team_spans, "add"), (_org_references, "add"),
    (_seats_and_countries, "add"),
    (_gazetteer_types, "add"), (_businesses, "add"), (_people_by_surname, "add"),
    (_one_type_per_name, "add"),
    (_short_names_of_fuller, "add"), (_venues, "add"),
    (_field_orgs, "both"), (_post_fields, "drop"),
)


def repair_entities(doc: Doc) -> Doc:
    """Apply the repairs in order; each sees the entities the previous one left."""
    from . import OFF

    doc.user_data.pop(_ENTS_KEY, None)  # whatever set doc.ents before, start from it
    for repair, kind in REPAIRS:
        if OFF and repair.__name__ in OFF:
            continue
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


_NATIONAL = frozenset("national central federal state supreme constitutional royal".split())


def _with_owner(span: Span) -> str | None:
    """The name of a body every country may have, with the country it belongs to when the
    text says it by a possessive: "Iran's National Paralympic Committee" is the "Iran National
    Paralympic Committee" (as "the Iranian committee" later), not any country's."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text not in {"'s", "’s"} or span.text.isupper() or not (
            span[0].lower_ in _NATIONAL or all(is_word(t) or not t.is_alpha for t in span)):
        return None
    written = _country_before(doc, span.start)
    return f"{countries().country(written)} {span.text}" if written else None


def mention(span: Span, sentence_index: int, type_: str | None = None) -> Mention | None:
    """The kg mention for an entity span, or None for labels kg does not keep."""
    type_ = type_ or LABEL_TYPES.get(span.label_)
    if type_ is None:
        return None
    name = span.doc.user_data.get(NAMES_KEY, {}).get((span.start_char, span.end_char))
    if name is None and type_ == "Organization":
        name = _with_owner(span)
    return Mention(start=span.start_char, end=span.end_char, text=span.text,
                   type=type_, sentence=sentence_index, name=name)
