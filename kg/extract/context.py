"""What the surrounding sentence does to a fact: modality, attribution, references.

* modality: a relation under "is expected to", "plans to", "will", "may", "denied", "not"
  is marked ``future``, ``hedged`` or ``negated`` instead of ``asserted``, and a former
  post ("the former minister", "ex-president") ``past``;
* attribution: who says so ("X said", "Azernews reports", "according to X");
* descriptions: "the president of the committee" refers to the person the article
  already named as the committee's president.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..records import Mention, Relation
from .common import entity_at, index, mention_for, sentence_span
from .lexicon import ORG_HEADS, ROLE_HEADS, SPEECH_VERBS, normalise_role
from .tokens import having

FUTURE_LEMMAS = {"plan", "expect", "intend", "schedule", "set", "aim", "prepare", "hope", "propose", "slate", "poise"}
#: Adjectives that plan what follows them: "X is due to meet Y".
FUTURE_ADJECTIVES = {"due", "set", "slated", "poised", "scheduled"}
FUTURE_AUX = {"will", "shall", "'ll"}
HEDGE_AUX = {"may", "might", "could", "would", "should"}
HEDGE_WORDS = {"reportedly", "allegedly", "possibly", "probably", "rumored", "rumoured", "reported"}
NEGATION_LEMMAS = {"deny", "reject", "refuse", "dismiss"}
REPORT_LEMMAS = SPEECH_VERBS | {"report", "write", "quote", "confirm"}


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.root if span is not None else None


def _chain(token: Token) -> list[Token]:
    """The token and the heads above it up to the sentence root."""
    out = [token]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


#: Rules that read a post from a title before or beside a name, which the clause around it
#: takes for granted ("X will meet Acme chairman Y": Y is Acme's chairman now).
TITLE_RULES = frozenset({"officials.org_title_person", "officials.title_chain", "officials.title_person_of",
                         "officials.org_occupation_person"})
_FORMERLY = frozenset({"formerly", "previously", "once"})
_PAST_POST = re.compile(r"^(former|ex|ex-|then|previous|erstwhile|late)\b")


def _past_post(doc: Doc, relation: Relation) -> bool:
    """"the former representative of X", "ex-Ukrainian President X", "X previously served as
    director of Y": a post no longer held."""
    if relation.type not in {"officialOf", "holdsOfficeIn", "represents"}:
        return False
    if relation.role and _PAST_POST.match(relation.role.lower()):
        return True
    tail = _token_at(doc, relation.tail.start)
    if tail is not None and relation.rule.split(".parent")[0] not in TITLE_RULES:
        verb = None
        for t in _chain(tail):
            if t.dep_ in {"nsubj", "nsubjpass"}:
                break  # "X, a member of Y, formerly served as ...": the past is not Y's post
            if t.head.pos_ in {"VERB", "AUX"}:
                verb = t.head
                break
        if verb is not None and any(c.dep_ == "advmod" and c.lower_ in _FORMERLY for c in verb.children):
            return True  # "X formerly served as director of Y"
    head = _token_at(doc, relation.head.start)
    if head is None:
        return False
    window = doc[max(head.sent.start, head.i - 6):head.i]
    return any(t.lower_ in {"former", "ex", "erstwhile"} for t in window) and not any(
        entity_at(doc, t.i, {"PERSON"}) for t in window)


#: Verbs that give or take a post: "X will become chair of Y", "X is expected to take over as
#: CEO of Y", "X was not elected president of Y". A post hanging on any other verb is taken
#: for granted by the clause ("X will be accompanied by Y, president of Z": Y is Z's president).
POST_VERBS = frozenset({"become", "take", "serve", "appoint", "name", "elect", "nominate", "succeed", "replace",
                        "join", "assume", "resign", "stand", "remain", "stay", "continue", "head", "lead", "chair"})


def _post_modality(doc: Doc, relation: Relation) -> str:
    """The modality of a post: what the verb giving the post says of it, if any."""
    tail = _token_at(doc, relation.tail.start)
    if tail is None:
        return "asserted"
    for t in _chain(tail)[1:]:
        if t.pos_ in {"VERB", "AUX"}:
            return _governed(t, t) if t.lemma_.lower() in POST_VERBS else "asserted"
        if t.dep_ in _DESCRIBING:
            return "asserted"  # "X, chairman of Y, will become ...", "Y chairman X will join ...": held now
    return "asserted"


#: A post reached through these is said of a person who is the subject of the clause or is
#: described beside it ("Acme CEO X will become chairman", "led by X, Speaker of Y"): the
#: verb gives another post, or none.
_DESCRIBING = frozenset({"appos", "nsubj", "nsubjpass"})


def _governed(token: Token, own: Token) -> str:
    """``asserted``, ``future``, ``hedged`` or ``negated`` from the words above ``token``."""
    found = "asserted"
    for t in _chain(token):
        if t.lemma_ in REPORT_LEMMAS and t.dep_ == "ROOT" and t.i != own.i:
            break  # "X said the committee met": the saying is attribution, not modality
        children = list(t.children)
        if t.lemma_ in NEGATION_LEMMAS or any(c.dep_ == "neg" for c in children):
            return "negated"
        # auxiliaries only: "10 May" is no "may", and "as reported in a statement" is attribution
        modals = [c.lower_ for c in children if c.dep_ in {"aux", "auxpass"} or c.tag_ == "MD"]
        planned = any(c.dep_ in {"acomp", "oprd"} and c.lower_ in FUTURE_ADJECTIVES
                      and any(g.dep_ == "xcomp" for g in c.children) for c in children)
        if t.lemma_ in FUTURE_LEMMAS and t.pos_ == "VERB" or planned or any(m in FUTURE_AUX for m in modals):
            found = "future"
        elif found == "asserted" and (any(m in HEDGE_AUX for m in modals) or any(
                c.lower_ in HEDGE_WORDS and not any(g.lower_ == "as" for g in c.children) for c in children)):
            found = "hedged"
    return found


def modality(doc: Doc, relation: Relation) -> str:
    """``asserted``, ``future``, ``hedged``, ``negated`` or ``past`` (a former post), from the
    words governing the fact. A post is asserted unless the verb that gives it is planned,
    hedged or denied ("X will become chair of Y"); a meeting takes the modality of the words
    above its parties ("X will meet Y")."""
    if _past_post(doc, relation):
        return "past"
    if relation.type in {"officialOf", "holdsOfficeIn", "represents"}:
        return _post_modality(doc, relation)
    token = _token_at(doc, relation.head.start)
    if token is None:
        return "asserted"
    return _governed(token, token)


def attribution(doc: Doc, relation: Relation) -> Mention | None:
    """The person or organization the fact is attributed to, if the sentence says."""
    token = _token_at(doc, relation.head.start)
    if token is None:
        return None
    own = {relation.head, relation.tail}
    for t in _chain(token)[1:]:
        if t.lemma_ in REPORT_LEMMAS and t.pos_ == "VERB":
            for c in t.children:
                if c.dep_ in {"nsubj", "nsubjpass"}:
                    ent = entity_at(doc, c.i, {"PERSON", "ORG"})
                    if ent is not None and mention_for(ent) not in own:
                        return mention_for(ent)
    sentence = sentence_span(doc, token.i)
    if "according to" not in sentence.text.lower():
        return None
    for t in sentence:  # "according to X"
        if t.lower_ == "according" and t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "to":
            ent = entity_at(doc, t.i + 2, {"PERSON", "ORG"}) or (
                entity_at(doc, t.i + 3, {"PERSON", "ORG"}) if t.i + 3 < len(doc) else None)
            if ent is not None and mention_for(ent) not in own:
                return mention_for(ent)
    return None


def described_people(doc: Doc, relations: list[Relation]) -> list[Mention]:
    """"the president of the committee": a reference to the one person the article names
    as president of an organization called "... Committee"."""
    posts = [r for r in relations if r.type == "officialOf"]
    out = []
    for token in having(doc, "lower", ROLE_HEADS):
        if entity_at(doc, token.i) is not None:
            continue
        if not (token.i >= 1 and doc[token.i - 1].lower_ == "the" and token.i + 3 < len(doc)
                and doc[token.i + 1].lower_ == "of" and doc[token.i + 2].lower_ == "the"):
            continue
        org_word = doc[token.i + 3]
        if org_word.lower_ not in ORG_HEADS or entity_at(doc, org_word.i) is not None:
            continue
        role = normalise_role(token.text)
        holders = {(r.head.text, r.head) for r in posts if r.role_norm == role
                   and r.tail.text.lower().split()[-1] == org_word.lower_ and r.head.start < token.idx}
        people = {name for name, _ in holders}
        if len(people) == 1:
            target = min((m for _, m in holders), key=lambda m: m.start)
            start, end = doc[token.i - 1].idx, org_word.idx + len(org_word)
            out.append(Mention(start, end, doc.text[start:end], "Person",
                               index(doc).sentence_of[token.i], refers_to=target))
    return out
