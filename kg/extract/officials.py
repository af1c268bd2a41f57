"""officialOf: a person holds a post in an organization (or a country).

Forms news uses, in any order:

* "TITLE of ORG, PERSON" and chains "TITLE of ORG, TITLE of ORG2 PERSON"
* "PERSON, (the) TITLE of ORG"
* "ORG's TITLE PERSON", "ORG TITLE PERSON", "DEMONYM TITLE PERSON"
* "TITLE PERSON of ORG"
* "PERSON is/was named/became TITLE of ORG"

Posts of acting for someone (ambassador, representative, envoy) give ``represents``
instead of ``officialOf``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..records import Mention, Relation
from .common import entity_at, index, mention_for, sentence_for
from .entities import mention
from .lexicon import (REPRESENTING_ROLES, ROLE_HEADS, ROLE_MODIFIERS, STATE_ROLES,
                      countries, normalise_role)

_POST_PREPS = {"of", "at", "for", "with"}
_SKIP_BEFORE = {"the", "a", "an", "who", "is", "was", "also", "now", "currently", "as", "its", "their"}
_HEAD_TAILS = {"general", "elect", "designate"}
_COPULAS = {"be", "become", "serve", "name", "appoint", "elect", "remain", "act"}


@dataclass(frozen=True)
class Post:
    """A post, possibly with the organization it is held in: "Sports director of X"."""

    start: int  # first token of the post's words
    end: int  # token after the post's words
    head: Token
    org: Span | None  # the organization (or country)
    stop: int  # token after the whole unit (after "(ACRONYM)" too)


def _is_role_head(token: Token) -> bool:
    if token.lower_ not in ROLE_HEADS or token.pos_ not in {"NOUN", "PROPN"}:
        return False
    return entity_at(token.doc, token.i, {"PERSON", "ORG"}) is None


def _post_words(token: Token) -> tuple[int, int]:
    """Token range of the post's words around its head word."""
    doc = token.doc
    start = token.i
    i = token.i - 1
    while i >= token.sent.start and token.i - i <= 4:
        t = doc[i]
        if entity_at(doc, i) is not None:
            break
        if t.text == "-" or t.lower_ in ROLE_MODIFIERS or t.lower_ in ROLE_HEADS or (
                t.is_lower and t.pos_ in {"ADJ", "NOUN"} and not t.is_punct):
            start = i
            i -= 1
        else:
            break
    end = token.i + 1
    # "Secretary General", "Secretary-General", "President-elect"
    while end < len(doc) and (doc[end].lower_ in _HEAD_TAILS or (
            doc[end].text == "-" and end + 1 < len(doc) and doc[end + 1].lower_ in _HEAD_TAILS)):
        end += 1
    # "head of international relations of ORG": lower-case words after "of"
    if end < len(doc) and doc[end].lower_ == "of":
        j = end + 1
        while j < len(doc) and j - end <= 4 and doc[j].is_lower and doc[j].is_alpha \
                and doc[j].lower_ not in _POST_PREPS and entity_at(doc, j) is None:
            j += 1
        if j > end + 1 and j < len(doc) and doc[j].lower_ in _POST_PREPS:
            end = j
    return start, end


def _org_after(doc: Doc, j: int, head: Token) -> tuple[Span | None, int]:
    """The organization of "... of (the) ORG" starting at token ``j``, and the token after."""
    if j >= len(doc) or doc[j].lower_ not in _POST_PREPS:
        return None, j
    k = j + 1
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    labels = {"ORG"} | ({"GPE"} if head.lower_ in STATE_ROLES | REPRESENTING_ROLES else set())
    ent = entity_at(doc, k, labels)
    if ent is None or ent.start != k:
        return None, j
    stop = ent.end
    # "International Blind Sports Federation (IBSA)"
    if stop + 2 < len(doc) and doc[stop].text == "(" and doc[stop + 2].text == ")":
        stop += 3
    return ent, stop


def _posts(sent: Span) -> list[Post]:
    posts = []
    for token in sent:
        if not _is_role_head(token):
            continue
        start, end = _post_words(token)
        if posts and posts[-1].start <= token.i < posts[-1].end:
            continue  # already inside a longer post ("vice-president")
        org, stop = _org_after(token.doc, end, token)
        posts.append(Post(start, end, token, org, stop if org is not None else end))
    return posts


def _person_at(doc: Doc, i: int) -> Span | None:
    ent = entity_at(doc, i, {"PERSON"}) if 0 <= i < len(doc) else None
    return ent if ent is not None and ent.start == i else None


def _person_before(doc: Doc, post: Post) -> Span | None:
    """"PERSON, (the) TITLE of ORG" (surface) or an apposition/copula (dependencies)."""
    k = post.start - 1
    while k >= 0 and doc[k].lower_ in _SKIP_BEFORE:
        k -= 1
    if k >= 1 and doc[k].text == ",":
        ent = entity_at(doc, k - 1, {"PERSON"})
        if ent is not None and ent.end == k:
            return ent
    head = post.head
    if head.dep_ == "appos":
        ent = entity_at(doc, head.head.i, {"PERSON"})
        if ent is not None:
            return ent
    verb = head.head
    if head.dep_ == "pobj" and verb.lower_ == "as":
        verb = verb.head
    if head.dep_ in {"attr", "oprd", "pobj", "dobj"} and verb.lemma_ in _COPULAS:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                ent = entity_at(doc, child.i, {"PERSON"})
                if ent is not None:
                    return ent
    return None


def _relation(kind: str, person: Span, org_mention: Mention, post: Post, rule: str,
              confidence: float) -> Relation:
    doc = person.doc
    role = doc[post.start:post.end].text
    if kind == "represents":
        return Relation("represents", mention_for(person), org_mention, sentence_for(doc, post.head.i),
                        rule, confidence, role=role, role_norm=normalise_role(role))
    return Relation("officialOf", mention_for(person), org_mention, sentence_for(doc, post.head.i),
                    rule, confidence, role=role, role_norm=normalise_role(role))


def _kind(post: Post) -> str:
    return "represents" if post.head.lower_ in REPRESENTING_ROLES else "officialOf"


def _org_before(doc: Doc, post: Post) -> Mention | None:
    """"ORG's TITLE", "ORG TITLE" or "DEMONYM TITLE" just before the post's words."""
    k = post.start - 1
    if k >= 0 and doc[k].text in {"'s", "’s"}:
        k -= 1
    if k < 0:
        return None
    ent = entity_at(doc, k, {"ORG", "GPE"})
    if ent is not None and ent.end == k + 1:
        if ent.label_ == "GPE" and post.head.lower_ not in STATE_ROLES | REPRESENTING_ROLES:
            return None
        return mention_for(ent)
    norp = doc[k]
    if post.head.lower_ in STATE_ROLES and norp.ent_type_ == "NORP" and countries().country(norp.text):
        return mention(doc[k:k + 1], index(doc).sentence_of[k], type_="Place")
    return None


def extract(doc: Doc) -> Iterator[Relation]:
    """Yield officialOf (and representing-post) relations found in ``doc``."""
    for sent in doc.sents:
        posts = _posts(sent)
        chain: list[Post] = []
        for n, post in enumerate(posts):
            if post.org is None:
                org = _org_before(doc, post)
                if org is None:
                    continue
                # "ORG's TITLE PERSON" / "ORG TITLE, PERSON"
                j = post.end + 1 if post.end < len(doc) and doc[post.end].text == "," else post.end
                person = _person_at(doc, j) or _person_before(doc, post)
                if person is not None:
                    yield _relation(_kind(post), person, org, post, "officials.org_title_person", 0.8)
                continue
            org = mention_for(post.org)
            person = _person_before(doc, post)
            if person is not None:
                yield _relation(_kind(post), person, org, post, "officials.person_title", 0.85)
                chain = []
                continue
            # "TITLE PERSON of ORG" is read as TITLE + ORG already; "TITLE of ORG, ... PERSON"
            chain.append(post)
            j = post.stop
            if j < len(doc) and doc[j].text == ",":
                j += 1
            person = _person_at(doc, j)
            if person is not None:
                for held in chain:
                    yield _relation(_kind(held), person, mention_for(held.org), held,
                                    "officials.title_chain", 0.9)
                chain = []
            elif not (n + 1 < len(posts) and posts[n + 1].start in {j, j + 1}):
                chain = []
        yield from _title_person_of(sent)


def _title_person_of(sent: Span) -> Iterator[Relation]:
    """"President Ilham Aliyev of Azerbaijan" / "Chairman John Smith of Acme"."""
    doc = sent.doc
    for token in sent:
        if not _is_role_head(token):
            continue
        person = _person_at(doc, token.i + 1)
        if person is None:
            continue
        org, _ = _org_after(doc, person.end, token)
        if org is not None:
            start, end = _post_words(token)
            post = Post(start, token.i + 1, token, org, person.end)
            yield _relation(_kind(post), person, mention_for(org), post, "officials.title_person_of", 0.8)
