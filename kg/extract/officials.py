"""officialOf: a person holds a post in (or works for) an organization; holdsOfficeIn: a
public office in a country or place ("President of France", "Mayor of Baku").

Forms news uses, in any order:

* "TITLE of ORG, PERSON" and chains "TITLE of ORG, TITLE of ORG2 PERSON"
* "PERSON, (the) TITLE of ORG", "PERSON, a NOUN at ORG" (any occupation in apposition)
* "ORG's TITLE PERSON", "ORG TITLE PERSON", "ORG (ACRONYM) TITLE PERSON", "DEMONYM TITLE PERSON"
* "TITLE PERSON of ORG", "PERSON of/at ORG"
* "PERSON is/was named/became TITLE of ORG"
* "PERSON works/writes/reports for ORG", "PERSON joined/heads ORG"

Posts of acting for someone (ambassador, representative, envoy) give ``represents``
instead of ``officialOf``. The role is kept as written and normalised.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..records import Mention, Relation
from .common import agents, entity_at, index, mention_for, sentence_for, subject_person
from .entities import is_noun, is_word, bare_word, honorific_length, mention, plural_post
from .tokens import having
from .lexicon import (LEGAL_FORMS, ORG_HEADS, NOT_POSTS, POST_TAILS, REPRESENTING_ROLES, ROLE_HEADS, ROLE_MODIFIERS, STATE_ROLES,
                      WORK_VERBS, countries, normalise_role)

_POST_PREPS = frozenset({"of", "at", "for", "with"})
_SKIP_BEFORE = {"the", "a", "an", "another", "who", "is", "was", "also", "now", "currently", "as", "its",
                "their", "former"}
_COPULAS = {"be", "become", "serve", "name", "appoint", "elect", "remain", "act", "work"}
_APPOINTING = {"name", "appoint", "elect", "make", "nominate", "promote", "reappoint", "re-elect"}
_ORG_LABELS = {"ORG"}


@dataclass(frozen=True)
class Post:
    """A post, possibly with the organization it is held in: "Sports director of X"."""

    start: int  # first token of the post's words
    end: int  # token after the post's words
    head: Token
    org: Span | None  # the organization (or country)
    stop: int  # token after the whole unit (after "(ACRONYM)" too)
    lexical: bool = True  # a known post word; otherwise an occupation told by its context


def _representing(head: Token) -> bool:
    """A post that acts for a country or an organization: an ambassador, an envoy, a "High
    Commissioner" (a Commonwealth country's ambassador)."""
    return head.lower_ in REPRESENTING_ROLES or (
        head.lower_ == "commissioner" and head.i > 0 and head.doc[head.i - 1].lower_ == "high")


def _is_role_head(token: Token) -> bool:
    if token.lower_ not in ROLE_HEADS or token.pos_ not in {"NOUN", "PROPN"}:
        return False
    return entity_at(token.doc, token.i, {"PERSON", "ORG"}) is None


def _post_words(token: Token) -> tuple[int, int]:
    """Token range of the post's words around its head word."""
    doc = token.doc
    start = token.i
    i = token.i - 1
    while i >= token.sent.start and token.i - i <= 6:  # "Managing Director and Chief Executive Officer"
        t = doc[i]
        if entity_at(doc, i) is not None:
            break
        if t.text == "-" or t.lower_ in ROLE_MODIFIERS or t.lower_ in ROLE_HEADS or (
                t.is_lower and t.pos_ in {"ADJ", "NOUN"} and not t.is_punct) or (
                t.lower_ == "and" and i > 0 and (doc[i - 1].pos_ == "NOUN" and doc[i - 1].is_lower
                                                 or doc[i - 1].lower_ in ROLE_HEADS)):  # "CEO and MD of X"
            start = i
            i -= 1
        else:
            break
    end = token.i + 1
    # "Secretary General", "Secretary-General", "President-elect", "Ambassador Extraordinary and
    # Plenipotentiary"
    while end < len(doc) and (doc[end].lower_ in POST_TAILS or (
            doc[end].text in {"-", "and"} and end + 1 < len(doc) and doc[end + 1].lower_ in POST_TAILS)):
        end += 1
    # "Minister of State at ORG": a post's own "of State"
    if end + 2 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].text == "State" \
            and doc[end + 2].lower_ in {"at", "in"}:
        end += 2
    # "head of international relations of ORG": lower-case words after "of"
    elif end < len(doc) and doc[end].lower_ == "of":
        j = end + 1
        while j < len(doc) and j - end <= 4 and doc[j].is_lower and doc[j].is_alpha \
                and doc[j].lower_ not in _POST_PREPS and entity_at(doc, j) is None:
            j += 1
        if j > end + 1 and j < len(doc) and doc[j].lower_ in _POST_PREPS:
            end = j
    # "Counselor for Public Diplomacy at ORG": a field in capitals, then the organization
    elif end < len(doc) and doc[end].lower_ == "for":
        j = end + 1
        while j < len(doc) and j - end <= 4 and (doc[j].is_title and (is_word(doc[j]) or doc[j].ent_type_ in {"GPE", "LOC"})
                                                 or doc[j].lower_ in {"and", "&"}):
            ent = entity_at(doc, j)
            if ent is not None and not bare_word(ent) and ent.label_ not in {"GPE", "LOC"}:
                break  # "Minister for Foreign Affairs of X": the ministry is the organization
            j += 1  # "Director for West and Southern Africa in X": a region is a field
        if j > end + 1 and j < len(doc) and doc[j].lower_ in {"at", "of", "in"} and doc[j - 1].is_title:
            end = j
    return start, end


def _skip_acronym(doc: Doc, i: int) -> int:
    """Token after "( ACRONYM )" at ``i``, or ``i``."""
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        return i + 3
    return i


def _org_after(doc: Doc, j: int, head: Token | None) -> tuple[Span | None, int]:
    """The organization of "... of (the) (adjectives) ORG" at token ``j``, and the token after."""
    if head is not None and (head.is_title or head.is_upper) and j < len(doc) and (doc[j].is_title or doc[j].is_upper):
        ent = entity_at(doc, j, _ORG_LABELS)
        named_before = head.i > 1 and doc[head.i - 1].text == "," and entity_at(doc, head.i - 2, {"PERSON"}) is not None
        if ent is not None and ent.start == j and not bare_word(ent) and (named_before or _person_at(doc, ent.end)):
            # "Chairman Board of Investment Omar Haddad", "Zainab Kora, Director General Valmont Office":
            # the post's body without "of"
            return ent, _skip_acronym(doc, ent.end)
    if j >= len(doc) or doc[j].lower_ not in _POST_PREPS and not (
            doc[j].lower_ == "from" and head is not None and _representing(head)) and not (
            doc[j].lower_ == "in" and head is not None and j > head.i + 2 and doc[head.i + 1].lower_ == "for"):
        return None, j  # "of ORG"; "from COUNTRY" after an envoy's post; "Director for Africa in ORG"
    k = j + 1
    if k < len(doc) and doc[k].lower_ in {"the", "a", "an"}:
        k += 1
    first = k
    while k < len(doc) and k - first < 4 and entity_at(doc, k) is None and (
            doc[k].is_lower and (doc[k].pos_ in {"ADJ", "NOUN"} or doc[k].tag_ == "VBG")
            or doc[k].ent_type_ == "NORP" and doc[k].ent_iob_ == "B" and countries().is_demonym(doc[k].text)):
        k += 1  # "the banned VHP", "the ruling X Party", "the Chilean copper mining company X S.A."
    if k > first and k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ == "the":
        k += 2  # "the strongest opposition party , the Croatian Social Liberal Party"
    elif k > first and k < len(doc) and doc[k].text in {"'s", "’s"}:
        k += 1  # "a former member of the country 's High Court"
    elif first == j + 1 and k < len(doc):
        place = entity_at(doc, k, {"GPE"})
        if place is not None and place.start == k and place.end < len(doc) and doc[place.end].text in {"'s", "’s"}:
            k = place.end + 1  # "a judge of Ruritania 's Supreme Court"
    states = head is not None and (head.lower_ in STATE_ROLES or _representing(head))
    ent = entity_at(doc, k, _ORG_LABELS | ({"GPE"} if states else set()))
    if ent is None or ent.start != k or bare_word(ent):
        return None, j
    return ent, _skip_acronym(doc, ent.end)


def _is_occupation(token: Token) -> bool:
    """Any common noun may name an occupation when an organization follows ("comptroller at X")."""
    return (token.pos_ == "NOUN" and token.is_lower and token.lower_ not in NOT_POSTS
            and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in _POST_PREPS)


_POSTS_KEY = "kg_posts"


def _posts(sent: Span) -> list[Post]:
    """The posts named in a sentence, each with its organization when one follows (made once
    a sentence: several rules read them)."""
    cache = sent.doc.user_data.setdefault(_POSTS_KEY, {})
    if sent.start not in cache:
        cache[sent.start] = _find_posts(sent)
    return cache[sent.start]


def _find_posts(sent: Span) -> list[Post]:
    posts = []
    doc = sent.doc
    before_prep = [doc[t.i - 1] for t in having(doc, "lower", _POST_PREPS, sent.start + 1, sent.end + 1)]
    heads = having(doc, "lower", ROLE_HEADS, sent.start, sent.end)
    for token in sorted({t.i: t for t in heads + before_prep}.values(), key=lambda t: t.i):
        lexical = _is_role_head(token)
        if not lexical and not _is_occupation(token):
            continue
        start, end = _post_words(token)
        if posts and posts[-1].start <= token.i < posts[-1].end:
            continue  # already inside a longer post ("vice-president")
        org, stop = _org_after(doc, end, token)
        if org is None and lexical and _skip_acronym(doc, end) > end and doc[end + 1].is_upper:
            org, stop = _org_after(doc, end + 3, token)  # "Chief Executive Officer (CEO) of X"
        if not lexical and org is None:
            continue
        posts.append(Post(start, end, token, org, stop if org is not None else end, lexical))
    return posts


#: Ranks written before the name of the person who holds a post ("Speaker of X, Congresswoman Y").
_RANKS = frozenset("ambassador senator congressman congresswoman general colonel admiral".split())


def _person_at(doc: Doc, i: int, titled: bool = False) -> Span | None:
    """The person named at token ``i``, past what may stand between a post and its holder.
    With ``titled`` (no one is named before the post), also past a comma and an honorific
    ("The Ambassador of Japan to Russia, H.E. Akira Muto")."""
    while 0 <= i < len(doc) and doc[i].is_space:  # "(IRF)\nKarel Dvorak": a wrapped line
        i += 1
    if 0 < i < len(doc) and doc[i].text == "." and doc[i - 1].lower_ in ROLE_HEADS:
        i += 1  # "Coast Guard Lt. Dana Morrow": an abbreviated post's full stop
    if 0 <= i < len(doc) - 1 and doc[i].lower_ in {"to", "in"} and doc[i + 1].ent_type_ == "GPE":
        i = entity_at(doc, i + 1).end  # "Ambassador of Japan to Russia Akira Muto", "UNICEF Representative in Peru X"
        if i < len(doc) - 1 and doc[i].text == "," and (doc[i + 1].ent_type_ == "PERSON"
                                                        or titled and honorific_length(doc, i + 1)):
            i += 1  # "The Ambassador of Japan to Russia, Akira Muto, said"
    if 0 <= i < len(doc) and doc[i].text == "(":  # "President of the Riigikogu (Parliament of Estonia) X"
        close = next((t.i for t in doc[i + 1:min(len(doc), i + 7)] if t.text == ")"), None)
        if close is not None and any(t.ent_type_ in {"ORG", "GPE"} for t in doc[i + 1:close]):
            i = close + 1
    if 0 <= i < len(doc):
        ent, skip = entity_at(doc, i, {"PERSON"}), honorific_length(doc, i)
        if skip and ent is not None and ent.start == i and ent.end > i + skip:
            return ent  # "Datuk Hermanto" tagged with its honorific (not "H E" alone)
        i += skip  # "FIFA President Mr Jon Ek", "Chairman, Datuk Seri Ali Hamid"
    if 0 <= i < len(doc) - 1 and doc[i].lower_ in _RANKS and doc[i].is_title:
        i += 1  # "Speaker of the House, Congresswoman Nancy Pell": the holder's rank before the name
    ent = entity_at(doc, i, {"PERSON"}) if 0 <= i < len(doc) else None
    return ent if ent is not None and ent.start == i else None


def _person_before(doc: Doc, post: Post) -> Span | None:
    """"PERSON, (the) TITLE of ORG" (surface) or an apposition/copula (dependencies)."""
    k = post.start - 1
    while k >= 0 and doc[k].lower_ in _SKIP_BEFORE:
        k -= 1
    if k >= 1 and doc[k].ent_type_ == "PERSON":
        ent = entity_at(doc, k, {"PERSON"})
        if ent is not None and ent.end == k + 1 and ent.start > 0 and (
                doc[ent.start - 1].lemma_ in _APPOINTING or doc[k + 1].lower_ == "as"):
            return ent  # "it has named Ana Lind publisher of the Lakeport Herald", "announced X as the CEO of Y"
    if k >= 3 and doc[k].text == "," and doc[k - 1].like_num and doc[k - 2].text == ",":
        k -= 2  # "Karl Brenner , 61 , was ..."
    if k >= 1 and doc[k].text == ",":
        ent = entity_at(doc, k - 1, {"PERSON"})
        if ent is None:  # "Sen. Alan Cranston , D-Calif. , chairman of ..."
            j = k - 1
            while j > 0 and doc[j].text != "," and k - j <= 5:
                j -= 1
            if doc[j].text == ",":
                ent = entity_at(doc, j - 1, {"PERSON"})
                k = j if ent is not None and ent.end == j else k
        if ent is not None and ent.end == k:
            return ent
    head = post.head
    while head.dep_ == "conj" and head.head.pos_ == "NOUN":
        head = head.head  # "a professor at X and honorary president of Y"
    if head.dep_ == "appos":
        ent = entity_at(doc, head.head.i, {"PERSON"})
        if ent is not None:
            return ent
    verb = head.head
    as_post = head.dep_ == "pobj" and verb.lower_ == "as" and not any(
        c.lower_ in {"a", "an", "possible", "potential", "likely", "future"} for c in head.children)
    if as_post:
        verb = verb.head
        if verb.pos_ == "NOUN" and verb.dep_ in {"dobj", "obj"}:
            verb = verb.head  # "hosted his first meeting as chairman of X"
    # "X is/became TITLE of ORG", and "X hosted his first meeting as TITLE of ORG"
    if head.dep_ in {"attr", "oprd", "pobj", "dobj"} and (verb.lemma_ in _COPULAS or as_post and verb.pos_ == "VERB"
                                                         and not any(c.dep_ == "dobj" and c.ent_type_ == "PERSON"
                                                                     for c in verb.children)):
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                ent = subject_person(doc, child)
                if ent is not None:
                    return ent
    return None


def _relation(person: Span, org: Mention, post: Post, rule: str, confidence: float) -> Relation:
    doc = person.doc
    role = doc[post.start:post.end].text
    if _representing(post.head) or any(t.lower_ in REPRESENTING_ROLES for t in doc[post.start:post.head.i]):
        kind = "represents"  # "Saudi envoy Prince X": the envoy's country, whatever title follows
    else:  # a post in a country ("President of France") is an office, not an organization's post
        kind = "holdsOfficeIn" if org.type == "Place" else "officialOf"
    return Relation(kind, mention_for(person), org, sentence_for(doc, post.head.i), rule, confidence,
                    role=role, role_norm=normalise_role(role))


def _token_before(doc: Doc, post: Post) -> int:
    """The token just before a post, past a possessive and "( ACRONYM )"."""
    k = post.start - 1
    if k >= 0 and doc[k].text in {"'s", "’s"}:
        k -= 1
    if k >= 2 and doc[k].text == ")":
        opening = next((j for j in range(k - 2, max(-1, k - 9), -1) if doc[j].text == "("), None)
        if opening is not None and all(t.text not in {"(", ")"} for t in doc[opening + 1:k]):
            k = opening - 1  # "NAP ( National Action Party ) candidate": the name before the brackets
    return k


#: Posts whose title names a field or a jurisdiction, not an organization, by a word before
#: them ("Bankruptcy Judge", "Circuit Judge", "District Attorney", "Science reporter").
_FIELD_POSTS = frozenset("judge justice attorney magistrate prosecutor clerk reporter correspondent "
                         "editor columnist writer".split())


def _org_before(doc: Doc, post: Post) -> tuple[Mention, int] | None:
    """"ORG's TITLE", "ORG TITLE", "ORG (ACR) TITLE" or "DEMONYM TITLE" just before the post:
    the organization (or country) and the token it starts at."""
    k = _token_before(doc, post)
    if k < 0:
        return None
    j = k
    while j > 0 and k - j < 2 and doc[j].is_lower and doc[j].pos_ in {"NOUN", "ADJ"} and doc[j].lower_ not in NOT_POSTS:
        j -= 1  # "Red Cross disaster chairman": a field of the organization's between it and the post
    if j < k:
        org = entity_at(doc, j, {"ORG"})
        if org is not None and org.end == j + 1 and not bare_word(org):
            return mention_for(org), org.start
    ent = entity_at(doc, k, {"ORG", "GPE"})
    if ent is not None and ent.end == k + 1:
        if ent.label_ == "GPE" and ent.start > 0:
            org = entity_at(doc, ent.start - 1, {"ORG"})
            if org is not None and not bare_word(org):  # "UNHCR Peru Deputy Representative"
                return mention_for(org), org.start
        if ent.label_ == "GPE" and not (post.head.lower_ in STATE_ROLES or _representing(post.head)) or (
                bare_word(ent) and (not is_noun(ent[0]) or post.head.lower_ in _FIELD_POSTS)):
            return None  # "Economic Minister": an adjective; "Bankruptcy Judge", "District Attorney": a
            # court's or a beat's field, not an organization's name
        return mention_for(ent), ent.start
    norp = doc[k]
    if (post.head.lower_ in STATE_ROLES or _representing(post.head)) and norp.ent_type_ == "NORP" \
            and countries().country(norp.text):  # "British High Commissioner X"
        return mention(doc[k:k + 1], index(doc).sentence_of[k], type_="Place"), k
    return None


def _appositive_person(doc: Doc, org: Span) -> Span | None:
    """"Karl Brenner , another Norvex employee ,": the person the phrase is in apposition to."""
    k = org.start - 1
    if k >= 0 and doc[k].lower_ in {"a", "an", "another", "the"}:
        k -= 1
    if k >= 1 and doc[k].text == ",":
        ent = entity_at(doc, k - 1, {"PERSON"})
        if ent is not None and ent.end == k:
            return ent
    return None


def _org_noun_person(sent: Span) -> Iterator[Relation]:
    """"Norvex employee Karl Brenner", "National Rowing League coach Ana Torres", "Karl
    Brenner, another Norvex employee,"."""
    doc = sent.doc
    for token in sent:
        if token.pos_ != "NOUN" or not token.is_lower or token.lower_ in NOT_POSTS or _is_role_head(token):
            continue
        org = entity_at(doc, token.i - 1, _ORG_LABELS) if token.i > 0 else None
        person = _person_at(doc, token.i + 1)
        if person is None and org is not None and token.i + 1 < len(doc) and doc[token.i + 1].text == ",":
            person = _appositive_person(doc, org)
        if person is not None and org is not None and org.end == token.i:
            post = Post(token.i, token.i + 1, token, org, token.i + 1, lexical=False)
            yield _relation(person, mention_for(org), post, "officials.org_occupation_person", 0.7)


def _person_after_qualifier(doc: Doc, j: int) -> Span | None:
    """"EU special envoy for the dialogue between Arden and Belmar Tomas Kovar": the
    person after a post's "for"/"of" qualifier (no comma, at most ten words)."""
    if j >= len(doc) or doc[j].lower_ not in {"for", "of", "on"}:
        return None
    for k in range(j + 1, min(len(doc), j + 12)):
        if doc[k].text == "," and k + 1 < len(doc):  # "..., X, arrived": the name in apposition
            ent = entity_at(doc, k + 1, {"PERSON"})
            if ent is not None and ent.start == k + 1 and (ent.end >= len(doc) or doc[ent.end].text in {",", "."}
                                                           or doc[ent.end].pos_ == "ADP"):  # "..., X at his office"
                return ent
            return None
        if doc[k].text in {";", "(", ")"} or doc[k].is_sent_start:
            return None
        ent = entity_at(doc, k, {"PERSON"})
        if ent is not None:
            return ent if ent.start == k else None
        org = entity_at(doc, k, {"ORG"})
        if org is not None and doc[k - 1].lower_ in {"the", "for", "of"} and not bare_word(org):
            return None  # "President for the Central Bank X": a post of that organization
    return None


def _title_posts(sent: Span) -> Iterator[Relation]:
    doc = sent.doc
    posts = _posts(sent)
    chain: list[Post] = []
    held_before: tuple[Span, int] | None = None  # the last post's holder, named before it, and its end
    for n, post in enumerate(posts):
        if post.org is None:
            found = _org_before(doc, post)
            if found is None:
                continue
            org, org_start = found
            # "ORG's TITLE PERSON" / "ORG TITLE, PERSON" / "PERSON, ORG's TITLE"
            j = post.end + 1 if post.end < len(doc) and doc[post.end].text == "," else post.end
            while j < len(doc) and doc[j].is_lower and doc[j].pos_ == "NOUN" and j - post.end < 2:
                j += 1  # "DIMA 's technical manager , engineer Jose Tulio Gomez"
            before = _person_before(doc, replace(post, start=org_start))
            if not (before is not None and before.end == org_start - 2 and doc[org_start - 1].lower_ == "the"):
                # "PERSON, the ORG's TITLE, PERSON2": the apposition is the first person's
                person = _person_at(doc, j, titled=before is None) or _person_after_qualifier(doc, j)
                if person is None and not (j < len(doc) and doc[j].lower_ in ROLE_HEADS and doc[j].is_title):
                    person = before  # (not in "A, Saudi Foreign Minister Prince B": B holds it)
            else:
                person = before
            if person is not None:
                yield _relation(person, org, post, "officials.org_title_person", 0.8)
                outer = entity_at(doc, org_start - 1, _ORG_LABELS) if org_start > 0 else None
                if outer is not None and outer.end == org_start and not bare_word(outer) and org.type == "Organization":
                    # "NORVEX Radiology Director X": a unit after its organization's name
                    yield _relation(person, mention_for(outer), post, "officials.org_title_person.parent", 0.7)
            continue
        org = mention_for(post.org)
        # "X, Minister of A Y, Minister of B Z": a post followed at once by a name is that person's
        person = None if _person_at(doc, post.stop) is not None else _person_before(doc, post)
        if person is None and held_before is not None and _person_at(doc, post.stop) is None:
            holder, stop = held_before  # "X, Board Member of A and (the) President of B": both are X's
            if stop < post.start and doc[stop].lower_ == "and" and all(
                    t.lower_ == "the" for t in doc[stop + 1:post.start]):
                person = holder
        held_before = None
        if person is not None and person.start > 0 and doc[person.start - 1].lower_ in ROLE_HEADS \
                and doc[person.start - 1].is_title and post.head.is_title \
                and post.stop + 1 < len(doc) and doc[post.stop].text == ",":
            # "Norwegian Minister A, UAE's Minister of X, Sheikh B, and ...": A has her post; this one is B's
            person = _person_at(doc, post.stop + 1) or person
        if person is not None:
            rule, confidence = ("officials.person_title", 0.85) if post.lexical else \
                ("officials.person_occupation", 0.7)
            yield _relation(person, org, post, rule, confidence)
            held_before = (person, post.stop) if person.end <= post.start else None
            chain = []
            continue
        if not post.lexical:
            continue
        chain.append(post)
        j = post.stop
        if j + 1 < len(doc) and doc[j].lower_ == "of" and post.org.label_ == "ORG":
            place = entity_at(doc, j + 1, {"GPE"})
            if place is not None and place.start == j + 1:
                j = place.end  # "Speaker of the Storting of Norway Karl Berg": the country the body is of
        if j < len(doc) and doc[j].text == ",":
            j += 1
        person = _person_at(doc, j, titled=True)
        if person is not None:
            for held in chain:
                yield _relation(person, mention_for(held.org), held, "officials.title_chain", 0.9)
            second = _second_holder(doc, person.end)
            if second is not None:  # "Chairman of X, A and director, B,": B is X's director
                other, head, start, end = second
                yield _relation(other, mention_for(chain[-1].org), Post(start, end, head, chain[-1].org, end),
                                "officials.title_chain", 0.8)
            chain = []
        elif not (n + 1 < len(posts) and posts[n + 1].start in {j, j + 1}):
            chain = []


def _comma_post_org(sent: Span) -> Iterator[Relation]:
    """"PERSON, TITLE, ORG" in a list of guests: "Karl Mend, Managing Director, Zentrix Agro
    Products; Tom Ash, CEO, Veltro Group"."""
    doc = sent.doc
    for post in _posts(sent):
        if post.org is not None or not post.lexical or post.start < 2 or post.end + 1 >= len(doc):
            continue
        if doc[post.start - 1].text != "," or doc[post.end].text != ",":
            continue
        person = entity_at(doc, post.start - 2, {"PERSON"})
        org = entity_at(doc, post.end + 1, _ORG_LABELS)
        if person is None or org is None or org.start != post.end + 1 or bare_word(org):
            continue
        after = org.end
        if after < len(doc) and doc[after].text not in {",", ";", ".", "and", "("} and doc[after].pos_ not in {"VERB", "AUX"}:
            continue
        yield _relation(person, mention_for(org), post, "officials.person_title", 0.75)


def _lone_post_head(doc: Doc, i: int, limit: int) -> Token | None:
    """The head word of one person's post starting at token ``i`` (before ``limit``): up to
    three modifiers, then the head ("director", "Vice President")."""
    j = i
    while j < limit and j - i < 3 and doc[j].lower_ in ROLE_MODIFIERS and doc[j].lower_ not in ROLE_HEADS:
        j += 1
    if j >= limit or not _is_role_head(doc[j]) or plural_post(doc[j]):
        return None
    return doc[j]


def _second_holder(doc: Doc, i: int) -> tuple[Span, Token, int, int] | None:
    """"... A and director, B,": after a post's holder, "and", a post with no organization of
    its own and its holder; the holder, the post's head word and its token range."""
    if i + 2 >= len(doc) or doc[i].lower_ != "and":
        return None
    head = _lone_post_head(doc, i + 1, len(doc))
    if head is None:
        return None
    j = head.i
    after = j + 1
    if after < len(doc) and doc[after].text == ",":
        after += 1
    elif doc[j].is_title:
        return None  # "A and Special Envoy B": a post of its own, not the organization's
    person = _person_at(doc, after)
    if person is None or (person.end < len(doc) and doc[person.end].lower_ in _POST_PREPS):
        return None
    return person, doc[j], i + 1, j + 1


def _title_person_of(sent: Span) -> Iterator[Relation]:
    """"President Ana Lindqvist of Sweden" / "Lt. Jim Bowell of the Fire Department"."""
    doc = sent.doc
    for token in having(doc, "lower", ROLE_HEADS, sent.start, sent.end):
        if not _is_role_head(token):
            continue
        person = _person_at(doc, token.i + 1)
        if person is None:
            continue
        org, _ = _org_after(doc, person.end, token)
        if org is not None:
            start, _ = _post_words(token)
            post = Post(start, token.i + 1, token, org, person.end)
            yield _relation(person, mention_for(org), post, "officials.title_person_of", 0.8)


def _after_person(doc: Doc, i: int) -> int:
    """Skip what may stand between a name and "of ORG": ", 47 ,", ",", "( 2799 1017 )"."""
    if i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].like_num and doc[i + 2].text == ",":
        return i + 3
    if i < len(doc) and doc[i].text == "(":
        close = next((t.i for t in doc[i:i + 8] if t.text == ")"), None)
        if close is not None and all(t.like_num for t in doc[i + 1:close]):
            return close + 1
    if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ == "of":
        return i + 1
    return i


_PREMISES = frozenset("headquarters hq office offices premises building compound residence campus".split())


def _person_of_org(sent: Span) -> Iterator[Relation]:
    """"Karl Brenner of the Lakeport Fire Department", "Ana Torres at the Institute"."""
    doc = sent.doc
    for person in (e for e in index(doc).ents_in(sent) if e.label_ == "PERSON"):
        i = _after_person(doc, person.end)
        if i < len(doc) and doc[i].lower_ in {"of", "at"}:
            org, _ = _org_after(doc, i, None)
            aged = i == person.end + 3 and doc[person.end + 1].like_num
            if org is not None and aged and i + 1 == org.start and not org.text.isupper() and not any(
                    t.lower_ in ORG_HEADS for t in org):
                continue  # "Dan Sully , 30 , of Boothbay": after an age, a bare name is a home town
            if org is not None and doc[i].lower_ == "at" and (doc[i].head.pos_ in {"VERB", "AUX"} or (
                    org.end < len(doc) and doc[org.end].lower_ in _PREMISES) or org[-1].lower_ in _PREMISES):
                continue  # "met Ana Lind at the Norvex headquarters": where they met, not where she works
            if org is not None:
                yield Relation("officialOf", mention_for(person), mention_for(org),
                               sentence_for(doc, person.start), "officials.person_of_org", 0.6,
                               role_norm="unknown")


_LEADING = frozenset({"lead", "head", "run", "direct", "chair", "found", "manage", "coach"})


def _works_for(sent: Span) -> Iterator[Relation]:
    """"PERSON works/writes for ORG", "PERSON joined/heads ORG", "ORG, led by PERSON"."""
    doc = sent.doc
    for verb in having(doc, "lemma", WORK_VERBS, sent.start, sent.end):
        if verb.lemma_ not in WORK_VERBS or verb.pos_ != "VERB" and not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):  # "tapped to chair X" (tagged a noun)
            continue
        if verb.dep_ == "acl" and verb.lemma_ in _LEADING and verb.tag_ == "VBN":  # "the X Party, led by Y"
            org = entity_at(doc, verb.head.i, _ORG_LABELS)
            if org is not None and org[-1].lower_ in {"delegation", "team", "mission"}:
                continue  # the head of a delegation holds no post in it
            people = [subject_person(doc, g) for g in agents(verb)]
            for person in (p for p in people if p is not None and org is not None):
                yield Relation("officialOf", mention_for(person), mention_for(org), sentence_for(doc, verb.i),
                               "officials.works_for", 0.65, role_norm="unknown")
            continue
        subject_of = verb
        while subject_of.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in subject_of.children):
            subject_of = subject_of.head  # "X, who is a major in Y and works at Z"
        people = [subject_person(doc, c) for c in subject_of.children if c.dep_ == "nsubj"]
        if not people and verb.dep_ == "xcomp":  # "X has been tapped / was named to chair Y"
            people = [subject_person(doc, c) for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        people = [p for p in people if p is not None]
        if not people:
            continue
        heads = [verb] + [c for c in verb.children if c.dep_ in {"dobj", "npadvmod"}]
        preps = {"for", "at", "with"} | ({"in", "on"} if verb.lemma_ == "serve" else set())  # "served 24 years in Congress"
        orgs = [entity_at(doc, g.i, _ORG_LABELS) for h in heads for c in h.children
                if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]
        if verb.lemma_ in _LEADING | {"join"}:
            orgs += [entity_at(doc, c.i, _ORG_LABELS) for c in verb.children if c.dep_ == "dobj"]
        for org in (o for o in orgs if o is not None):
            for person in people:
                yield Relation("officialOf", mention_for(person), mention_for(org), sentence_for(doc, verb.i),
                               "officials.works_for", 0.65, role_norm="unknown")


_UNITS = frozenset("office bureau department delegation mission embassy branch division unit".split())


def _parent(doc: Doc, org: Mention) -> Mention | None:
    """"IMF Office for Chile", "UNHCR Peru": a unit named after its organization, when
    the article names that organization on its own too."""
    span = doc.char_span(org.start, org.end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return None
    idx = index(doc)
    first = span[0]
    if not (first.is_upper and len(first) > 1) or not any(t.lower_ in _UNITS or t.ent_type_ == "GPE" for t in span[1:]):
        return None
    for ent in idx.ents:
        if ent.label_ == "ORG" and len(ent) == 1 and ent.text == first.text and ent.start != span.start:
            return mention_for(ent)
    return None


def _bare_body(mention: Mention) -> bool:
    """A one-word name that only says what kind of body it is ("Board", "Council")."""
    return " " not in mention.text.strip() and mention.text.strip().lower() in ORG_HEADS


#: Titles of the members of an elected body, and the head words of the bodies they sit in.
_MEMBER_TITLES = {"senator": {"senate", "congress"}, "sen.": {"senate", "congress"}, "sen": {"senate", "congress"},
                  "rep.": {"house", "congress"}, "representative": {"house", "congress"},
                  "congressman": {"congress", "house"}, "congresswoman": {"congress", "house"},
                  "mp": {"parliament"}, "councillor": {"council"}, "councilor": {"council"},
                  "councilman": {"council"}, "councilwoman": {"council"}, "alderman": {"council"}}


def _members(sent: Span) -> Iterator[Relation]:
    """"Sen. Karl Brenner ... the Senate": a member's title before a name, and one body of
    the kind that title sits in named in the same sentence."""
    doc = sent.doc
    ents = index(doc).ents_in(sent)
    for person in (e for e in ents if e.label_ == "PERSON"):
        k = person.start - 1
        if k >= 1 and doc[k].text == "." and doc[k - 1].lower_ in _MEMBER_TITLES:
            k -= 1
        if k < sent.start or doc[k].lower_ not in _MEMBER_TITLES or not doc[k].text[:1].isupper():
            continue
        bodies = _MEMBER_TITLES[doc[k].lower_]
        found = {e.text.casefold(): e for e in ents if e.label_ == "ORG" and e[-1].lower_ in bodies}
        if len(found) == 1:
            body = next(iter(found.values()))
            post = Post(k, k + 1, doc[k], body, k + 1, True)
            yield replace(_relation(person, mention_for(body), post, "officials.member", 0.6), type="officialOf")


_ITS = frozenset({"its"})  # a frozenset: ``having`` keeps its positions for the other sentences


def _its_post(sent: Span) -> Iterator[Relation]:
    """"The Norvex Foundation said its chairman Tom Lee ...", "a delegation from the World Bank
    led by its Vice President for South Asia, Anna Berg", "Norvex Bank appointed Anna Berg as
    its Managing Director": "its" is the organization named last before it (and before the
    person) in the sentence."""
    doc = sent.doc
    ents = index(doc).ents_in(sent)
    for its in having(doc, "lower", _ITS, sent.start, sent.end):
        head = _lone_post_head(doc, its.i + 1, sent.end)
        if head is None:
            continue
        end = head.i + 1
        while end < sent.end and doc[end].lower_ in POST_TAILS:
            end += 1
        k = end
        if k < sent.end and doc[k].lower_ == "for":  # "its Vice President for South Asia, NAME"
            k = next((t.i for t in doc[k:min(sent.end, k + 8)] if t.text == "," or t.pos_ in {"VERB", "AUX"}), k)
        if k < sent.end and doc[k].text == ",":
            k += 1
        person, before = _person_at(doc, k), its.i
        if person is None and its.i >= 2 and doc[its.i - 1].lower_ == "as":
            # "Norvex Bank appointed Anna Berg as its Managing Director"
            person = entity_at(doc, its.i - 2, {"PERSON"})
            before = person.start if person is not None else its.i
        orgs = [e for e in ents if e.label_ == "ORG" and e.end <= before and not bare_word(e)]
        if person is None or not orgs or any(e.label_ == "PERSON" and orgs[-1].end <= e.start < before for e in ents):
            continue  # a person named between the organization and "its" may be what "its" is not
        post = Post(its.i + 1, end, head, orgs[-1], end)
        yield _relation(person, mention_for(orgs[-1]), post, "officials.its_post", 0.7)
        # the list goes on: "its President A, Vice-President B; Director C and Secretary D"
        while person is not None and person.end > its.i:
            j = person.end + (person.end < sent.end and doc[person.end].text in {",", ";"})
            j += j < sent.end and doc[j].lower_ == "and"
            head = _lone_post_head(doc, j, sent.end) if j > person.end else None
            if head is None:
                break
            end = head.i + 1
            while end < sent.end and doc[end].lower_ in POST_TAILS:
                end += 1
            person = _person_at(doc, end + (end < sent.end and doc[end].text == ","))
            if person is None or person.end < sent.end and doc[person.end].lower_ in _POST_PREPS:
                break  # "Director of X B": a post in another body
            yield _relation(person, mention_for(orgs[-1]), Post(j, end, head, orgs[-1], end), "officials.its_post", 0.7)


def _and_org(doc: Doc, org: Mention) -> Span | None:
    """The organization named after "and" right after a post's organization ("chairman of X
    and Y", "Speaker of the Parliament and House of Representatives"), when no name or post
    follows it (then it is another person's: "of X and Y President Z")."""
    span = doc.char_span(org.start, org.end, alignment_mode="expand")
    k = span.start - 1 if span is not None else -1
    k -= k >= 0 and doc[k].lower_ == "the"
    if k < 0 or doc[k].lower_ != "of":
        return None
    i = span.end
    if i + 1 >= len(doc) or doc[i].lower_ != "and":
        return None
    other = entity_at(doc, i + 1 + (doc[i + 1].lower_ == "the"), _ORG_LABELS)
    if other is None or other.start not in {i + 1, i + 2} or bare_word(other) or not (
            other.text.isupper() or any(t.lower_ in ORG_HEADS or t.lower_ in LEGAL_FORMS for t in other)
            or other[-1].lower_ in {"house", "representatives"}):
        return None  # "coach of the national team and Talgat Baysufinov": a name NER took for a body
    after = _skip_acronym(doc, other.end)
    after += after < len(doc) and doc[after].text in {"-", "–", ","}
    if after < len(doc) and (doc[after].ent_type_ == "PERSON" or doc[after].lower_ in ROLE_HEADS
                             or doc[after].text in {"'s", "’s"}):
        return None
    return other


def extract(doc: Doc) -> Iterator[Relation]:
    """Yield officialOf (and representing-post) relations found in ``doc``; one per pair.

    A post that acts for an organization ("UNHCR Representative") is also a post in it
    (officialOf as well as represents); a post in a unit named after its organization
    ("Head of the NDB Office") is a post in the organization too."""
    found: list[Relation] = []
    for sent in index(doc).sents:
        seen: set[tuple[str, Mention, Mention]] = set()
        for finder in (_title_posts, _title_person_of, _org_noun_person, _person_of_org, _works_for,
                       _members, _its_post, _comma_post_org):
            for rel in finder(sent):
                more = [rel]
                if rel.type == "represents" and rel.tail.type == "Organization":
                    more.append(replace(rel, type="officialOf"))
                if rel.type == "officialOf":
                    also = _and_org(doc, rel.tail)
                    if also is not None:  # "chairman of the Chamber of Commerce and SK Group"
                        more.append(replace(rel, tail=mention_for(also)))
                    parent = _parent(doc, rel.tail)
                    if parent is not None:
                        more.append(replace(rel, tail=parent, rule=f"{rel.rule}.parent",
                                            confidence=round(rel.confidence - 0.1, 2)))
                for r in more:
                    if (r.type, r.head, r.tail) not in seen:
                        seen.add((r.type, r.head, r.tail))
                        found.append(r)
        # "Chairman of the Board and CEO of Norvex": a post in a bare "Board" is a post in the
        # organization the same person is named with, not in a body of its own
        named = {(r.type, r.head) for r in found if not _bare_body(r.tail)}
        yield from (r for r in found if not (_bare_body(r.tail) and (r.type, r.head) in named))
        found = []
