"""metWith: the parties of a meeting, pairwise, with its place and date when stated.

A meeting is read as a frame: the words it hangs on (a verb such as "met", "received",
"hosted", "called on", "held talks"; a noun such as "meeting", "talks", "video call",
"courtesy call") and the parties on each side. Forms:

* "X met (with) Y (and Z)", "X held talks / a video call with Y", "X received / hosted /
  welcomed Y", "Y was received by X", "X paid a courtesy call on Y", "X made courtesy calls
  to Y and Z", "X called on Y", "X discussed ... with Y", "X conferred / exchanged views with
  Y", "X presented her credentials to Y", "X visited (his counterpart) Y" (a person only);
* "X and Y met", "X and Y held talks", "talks between X and Y": the parties named together
  meet each other (rule ``meetings.together``; not "X and Y held a news conference");
* "received the president of ORG, (Hon.) Y": the post's holder set off by a comma is the party;
* "the delegation led by X" stands for X, "the members / representatives of ORG" and
  "ORG officials" for ORG;
* "the meeting with Y" with no one holding it: the subject of the sentence holds it;
* "had a meeting today, at the Palace, with Y" (the parser hangs "with" on the place) and
  "X was paid a courtesy call by Y";
* "X was accompanied by Y", "attended by", "also present", "in attendance" in the
  sentences after a meeting add those who only attended (role ``attendee``, lower
  confidence; they are described on the meeting, not stated as having met).

Each pair is a candidate that the metWith model decides (``component.decide``); the forms
that added nothing to what the model finds on its own were removed (``docs/quality.md``).

Places are never parties (a visit to a country is not a meeting with it). Without a
stated date the publication date is used and marked as such (by the ``resolve`` stage).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..records import Relation
from .common import SUBJECTS, agents, entity_at, index, mention_for, sentence_for, walk
from .entities import honorific_length
from .lexicon import GROUP_NOUNS, GROUP_WORDS, NOT_POSTS, POST_TAILS, ROLE_HEADS, ROLE_MODIFIERS
from .tokens import having

MEETING_NOUNS = {"talk", "talks", "meeting", "meetings", "discussion", "discussions", "negotiation",
                 "negotiations", "consultation", "consultations", "conversation", "summit", "call",
                 "debate", "interview", "session", "encounter", "conference", "audience", "visit",
                 "videoconference", "teleconference", "reception", "luncheon", "dinner", "breakfast", "calls"}
HOLD_VERBS = {"hold", "have", "conduct", "host", "convene", "arrange", "pay", "make", "join"}
# Verbs whose subject meets the parties named after "with" ("negotiated with the Soviet Union").
WITH_VERBS = {"meet", "negotiate", "consult", "debate", "sit", "interview", "discuss", "chat", "hold", "confer",
              "exchange"}
# Verbs whose coordinated subjects meet each other when no one is named after them ("A and B met").
TOGETHER_VERBS = {"meet", "confer", "convene", "discuss"}
# Nouns for talks among those who hold them ("A and B held talks"); not a conference or a call.
TALKS_NOUNS = {"talks", "meeting", "meetings", "discussions", "negotiations", "consultations", "summit"}
# Verbs whose subject meets the person or organization that is their object ("X visited Y").
VISIT_VERBS = {"receive", "host", "welcome", "meet", "interview", "debate"}
# "Y was received by X": the passive forms a rule reads ("was hosted by", "was welcomed by" are
# left to the relation model, which finds them as well: make ablation)
PASSIVE_VERBS = VISIT_VERBS - {"host", "welcome"}
ATTEND_WORDS = {"accompany", "attend", "join", "present", "attendance", "participate", "witness"}
_PARTY = frozenset({"PERSON", "ORG", "GROUP"})
_NOT_PARTY_PREPS = {"about", "on", "regarding", "concerning", "in", "at", "during", "for", "over", "after",
                    "before", "since", "to", "under", "within", "into", "as", "by", "through", "across"}
@dataclass
class Frame:
    """One meeting: the words it hangs on, its parties by side, and who only attended."""

    anchor: Token
    rule: str
    sides: list[list[Span]]
    anchors: list[Token] = field(default_factory=list)
    attendees: list[Span] = field(default_factory=list)

    @property
    def parties(self) -> list[Span]:
        out: list[Span] = []
        for ent in [e for side in self.sides for e in side]:
            if ent not in out:
                out.append(ent)
        return out


# --------------------------------------------------------------------- parties
def _entity(doc: Doc, i: int) -> Span | None:
    ent = entity_at(doc, i)
    if ent is not None and ent.label_ in _PARTY:
        return ent
    return None


def _led_by(token: Token) -> list[Token]:
    """"a delegation led / headed by X": X."""
    out = []
    for child in token.children:
        if child.dep_ in {"acl", "relcl"} and child.lemma_ in {"lead", "head", "chair"}:
            out += agents(child)
    return out


def party_spans(token: Token) -> list[Span]:
    """The parties of a noun phrase, with the phrases coordinated with it: its people when it
    names any, else its organizations (``_phrase_parties``); and a body of people named
    only by what it is ("X and the council") when a coordinated phrase names nothing else."""
    named = _phrase_parties(token)
    conjuncts, stack = [], [c for c in token.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        conjuncts.append(t)
        stack += [c for c in t.children if c.dep_ == "conj"]
    for t in conjuncts:
        if not any(_entity(t.doc, w.i) for w in t.subtree):
            group = _unnamed_group(t)
            if group is not None and group not in named:
                named.append(group)
    return named


def _phrase_parties(token: Token) -> list[Span]:
    """The parties a noun phrase names.

    Its people, when it names any ("Norvex Group Chairman Park Min-jun, Alvor Group
    Chairman Cho Hyun-joon and other executives" is two people); else its organizations
    ("the members of the Organizing Committee", "NORVEX representatives"). "A delegation
    led by X" is X; a place is never a party."""
    doc = token.doc
    idx = index(doc)
    people: list[Span] = []
    others: list[Span] = []

    def follow(child: Token, parent: Token) -> bool:
        return child.dep_ not in {"relcl", "advcl", "acl", "ccomp", "xcomp"} and not (
            child.dep_ == "prep" and child.lower_ in _NOT_PARTY_PREPS)

    own = _entity(doc, token.i)
    misparsed: set[int] = set()
    if own is not None and own.label_ == "PERSON":
        # "... Negotiations Karel Dvorak Lind wrote": a name the parser hung another name on
        misparsed = {w.i for c in token.children if c.dep_ in {"compound", "nmod"} and c.i < own.start
                     for w in c.subtree}
    starts = [token]
    for start in starts:
        for t in walk(start, follow):
            if t.i in misparsed:
                continue
            ent = _entity(doc, t.i)
            if ent is None and t.i in idx.pronoun_of and not (t.dep_ == "poss" and t is not start):
                # ("his deputy X": the deputy is the party, not "his")
                antecedent = idx.pronoun_of[t.i][0]
                if antecedent.label_ in {"PERSON", "ORG", "GROUP"}:
                    ent = Span(doc, t.i, t.i + 1, label="PRONOUN")
            if ent is not None:
                bucket = people if ent.label_ == "PERSON" or (
                    ent.label_ == "PRONOUN" and idx.pronoun_of[t.i][0].label_ == "PERSON") else others
                if ent not in bucket:
                    bucket.append(ent)
            if t.lower_ in {"delegation", "delegations", "team", "side"} or t.lower_ in GROUP_NOUNS:
                led = _led_by(t) or [g for p in t.children if p.dep_ == "prep" and p.lower_ in {"of", "from"}
                                     for o in p.children if o.dep_ == "pobj" for g in _led_by(o)]
                starts += [g for g in led if g not in starts]  # "a delegation of ORG headed by X": the parser
                # may hang "headed by" on the organization
    for post in starts:  # the phrase's head, or the post of a delegation's leader
        if people:
            break
        if post.lower_ in ROLE_HEADS or post.lower_ in POST_TAILS:  # "with Ambassador Extraordinary and ..."
            people = _holder_after(post)
    if people:
        return people
    if others:
        return others
    if token.lower_ in {"delegation", "delegations"}:
        leader = _delegation_leader(token)
        if leader:
            return leader
    group = _unnamed_group(token)
    return [group] if group is not None else []


def _holder_after(token: Token) -> list[Span]:
    """The name of a post's holder when the parse leaves it outside the post's phrase."""
    doc = token.doc
    # "EU special envoy for the dialogue between A and B Tomas Kovar": the name after a post
    people = [e for e in (entity_at(doc, t.i, {"PERSON"}) for t in token.subtree if t.i > token.i)
              if e is not None]
    people = [e for n, e in enumerate(people) if e not in people[:n]][:1]
    after = token.right_edge.i + 1
    inside = entity_at(doc, token.right_edge.i)
    if inside is not None:
        after = max(after, inside.end)  # the parse may end the phrase inside a name
    # "Director-General of the Trade Office Ana Lind", "secretary of state for European
    # affairs Ana Lind" parsed apart: the name after the post's own words
    end = min(len(doc), after + 8)
    if not people:  # "received the president of ORG, (Hon.) Lucas Ferran, in ...": the name set off by a comma
        named = _set_off_by_comma(doc, token.i + 1, min(len(doc), after + 1))
        if named is not None:
            return [named]
    while not people and after < end:
        if doc[after].ent_type_ == "PERSON" and doc[after].ent_iob_ == "B":
            people = [e for e in [entity_at(doc, after, {"PERSON"})] if e is not None]
            break
        if doc[after].ent_type_ not in {"", "NORP", "GPE"} or doc[after].is_punct \
                or doc[after].pos_ in {"VERB", "AUX", "PRON"}:
            break
        after += 1
    return people


def _set_off_by_comma(doc: Doc, start: int, stop: int) -> Span | None:
    """The person named after the first comma between ``start`` and ``stop``, past an
    honorific or a title (", Hon. Y", ", Ambassador Y"), when no verb of theirs follows."""
    comma = next((t.i for t in doc[start:stop] if t.text == ","), None)
    if comma is None:
        return None
    i = comma + 1
    while i < len(doc) and (honorific_length(doc, i) or doc[i].text == "."
                            or doc[i].is_title and doc[i].lower_ in ROLE_HEADS):
        i += honorific_length(doc, i) or 1
    if i >= len(doc) or doc[i].ent_iob_ != "B" or doc[i].ent_type_ != "PERSON":
        return None
    named = entity_at(doc, i, {"PERSON"})
    return named if named is not None and (named.end == len(doc) or doc[named.end].tag_ not in _FINITE) else None


def _delegation_leader(token: Token) -> list[Span]:
    """"The delegation" after "X led the delegation" or "a delegation led by X": X."""
    doc = token.doc
    leaders: list[tuple[int, list[Span]]] = doc.user_data.get("kg_delegations")
    if leaders is None:
        leaders = []
        for t in having(doc, "lower", {"delegation", "delegations"}):
            led = _led_by(t)
            if led:
                leaders.append((t.i, [e for e in parties_of(led) if e.label_ == "PERSON"]))
            elif t.dep_ in {"dobj", "obj"} and t.head.lemma_ in {"lead", "head"}:
                leaders.append((t.i, [e for e in parties_of(_subjects(t.head)) if e.label_ == "PERSON"]))
        doc.user_data["kg_delegations"] = leaders
    before = [found for i, found in leaders if i < token.i and found]
    return before[-1] if before else []


def _unnamed_group(token: Token) -> Span | None:
    """A body of people named by what they are ("state election officials", "the council"):
    a party of its own, when the words say which (a modifier, or a word for a body)."""
    if not token.is_lower or token.pos_ not in {"NOUN", "PROPN"}:
        return None
    modifiers = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}
                 and c.lower_ not in {"other", "some", "many", "several", "senior", "top", "all", "few"}]
    if token.lower_ in GROUP_WORDS or (modifiers and (token.lower_ in GROUP_NOUNS or (
            token.tag_ == "NNS" and token.lemma_.lower() in ROLE_HEADS))):
        start = min([token.i] + [c.left_edge.i for c in modifiers])
        return Span(token.doc, start, token.i + 1, label="GROUP")
    return None


def _of_a_post(ent: Span) -> bool:
    """"the President of the Federation", "Federation President": the organization of a post."""
    doc, i = ent.doc, ent.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 1 and doc[i].lower_ in {"of", "for"} and ent.end < len(doc) and doc[ent.end].ent_type_ == "PERSON":
        before = doc[i - 1]  # "Director-General of the Federation Ana Lind", read on the surface
        if before.lower_ in ROLE_HEADS or (before.lower_ == "general" and i >= 2 and (
                doc[i - 2].lower_ in ROLE_HEADS or doc[i - 2].text in {"-", "\u2011"})):
            return True
    root = ent.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in {"of", "at"}:
        head = head.head
    elif root.dep_ not in {"compound", "poss", "nmod"}:
        return False
    return head.lower_ in ROLE_HEADS


_LIST_WORDS = frozenset({",", "and", "as", "well", "the", "of", "for", "in", "to", "at", "on", "(", ")", "-", "newly"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _list_mates(person: Span) -> list[Span]:
    """People named after ``person`` in one list, each with a post the parse cannot tie
    together: "with Council President A, EU high representative for foreign policy B, and
    C, Head of the D Office". The list ends at a verb, a semicolon or the sentence's end."""
    doc = person.doc
    idx = index(doc)
    end = idx.sents[idx.sentence_of[person.start]].end
    mates: list[Span] = []
    i, gap, joined = person.end, 0, False
    while i < end and gap <= 14:
        t = doc[i]
        ent = entity_at(doc, i)
        if ent is not None and ent.label_ == "PERSON":
            if not joined:
                break  # "A B" or "A (B)": not a list
            after = doc[ent.end] if ent.end < len(doc) else None
            if after is not None and after.tag_ in _FINITE:
                break  # "..., and C said": C starts a clause of its own
            mates.append(ent)
            i, gap, joined = ent.end, 0, False
            continue
        if ent is not None and ent.label_ in {"ORG", "GPE", "LOC", "NORP", "FAC"}:
            i, gap = ent.end, gap + 1
            continue
        if t.tag_ in _FINITE or t.text in {";", ":"} or t.is_lower and t.lower_ in NOT_POSTS or ent is not None:
            break
        if t.lower_ in {",", "and"}:
            joined = True
        elif not (t.lower_ in _LIST_WORDS or t.lower_ in ROLE_HEADS or t.lower_ in ROLE_MODIFIERS
                  or t.is_lower and t.pos_ in {"ADJ", "NOUN", "CCONJ"} or t.is_title and t.pos_ == "PROPN"
                  or t.is_space):
            break
        i, gap = i + 1, gap + 1
    return mates


def parties_of(tokens: list[Token]) -> list[Span]:
    """The parties of several noun phrases (one side of a meeting): when the side names
    people, the organizations of their posts are not parties of their own; people named in
    one list with the side's last person are of the side too."""
    out: list[Span] = []
    for token in tokens:
        for ent in party_spans(token):
            if ent not in out:
                out.append(ent)
    for person in [e for e in out if e.label_ == "PERSON"]:
        for ent in _list_mates(person):
            if ent not in out:
                out.append(ent)
    if any(e.label_ == "PERSON" for e in out):
        out = [e for e in out if not (e.label_ == "ORG" and _of_a_post(e))]
    return out


_TIME_PREPS = frozenset({"after", "before", "following", "upon", "on", "while", "since"})


def _subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subs:  # "In Lakeport Lind also met Y" (no comma): the name ending the fronted phrase
        for prep in verb.lefts:
            objs = [o for o in prep.children if o.dep_ == "pobj"] if prep.dep_ == "prep" else []
            if objs and objs[-1].ent_type_ == "PERSON" and all(
                    t.pos_ in {"ADV", "PART"} for t in verb.doc[objs[-1].i + 1:verb.i]):
                return [objs[-1]]
    if not subs and verb.dep_ == "xcomp":  # "prompted X to convene a call", "asked X to meet Y"
        objects = [c for c in verb.head.children if c.dep_ in {"dobj", "obj"}]
        if objects:
            return objects
    if not subs and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ in _TIME_PREPS \
            and verb.head.head.pos_ in {"VERB", "AUX"}:
        return _subjects(verb.head.head)  # "After meeting (with) Y, X said": X met Y
    if not subs and verb.dep_ in {"conj", "xcomp", "advcl", "pcomp", "acl"} and verb.head.i != verb.i:
        return _subjects(verb.head)  # "X visited Baku and met Y", "X went to meet Y"
    return subs


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [c for child in token.children if child.dep_ == "prep" and child.lower_ in preps
            for c in child.children if c.dep_ == "pobj"]


def _stranded_with(token: Token) -> list[Token]:
    """"meeting with Director-General of the Trade Office Ana Lind Karel wrote": a "with" the
    parser left without its object; the first name after it, before a verb or a comma."""
    doc = token.doc
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ != "with" or any(c.dep_ == "pobj" for c in prep.children):
            continue
        for t in doc[prep.i + 1:min(len(doc), prep.i + 13)]:
            if t.pos_ in {"VERB", "AUX"} or t.text in {",", ";", ".", ":"}:
                break
            if t.ent_type_ == "PERSON" and t.ent_iob_ == "B":
                ent = entity_at(doc, t.i, {"PERSON"})
                return [doc[ent.end - 1]] if ent is not None else []
    return []


def _with_after_place(token: Token) -> list[Token]:
    """"met today, at the Palace, with Y": a "with" the parser hung on the place of the
    meeting (a palace, a city) rather than on the meeting; a place meets no one."""
    doc = token.doc
    return [o for prep in token.children if prep.dep_ == "prep" and prep.lower_ in {"at", "in"}
            for place in prep.children if place.dep_ == "pobj" and entity_at(doc, place.i, {"GPE", "LOC", "FAC"})
            for o in _prep_objects(place, {"with"})]


def _clause_subject(token: Token) -> list[Token]:
    """The subject of the clause a phrase hangs in ("Following the meeting with Y, X said")."""
    t = token
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in {"VERB", "AUX"}:
            subs = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subs:
                return subs
    return []


# --------------------------------------------------------------------- frames
def _place(doc: Doc, anchors: list[Token]) -> Span | None:
    """The last place inside an "in"/"at" phrase attached to the meeting words."""
    found = None
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "at"}:
                for t in child.subtree:
                    ent = entity_at(doc, t.i, {"GPE", "LOC", "FAC"})
                    if ent is not None:
                        found = ent
    return found


def _date(doc: Doc, anchors: list[Token]) -> Span | None:
    for anchor in anchors:
        for child in anchor.children:
            for t in child.subtree:
                if t.ent_type_ in {"DATE"} and child.dep_ in {"prep", "npadvmod", "tmod", "advmod"}:
                    return index(doc).entity_of.get(t.i) or next(e for e in index(doc).ents if e.start <= t.i < e.end)
    return None


_EXCHANGED = frozenset({"views", "ideas", "opinions", "greetings", "pleasantries"})
_MEET_VERBS = WITH_VERBS | VISIT_VERBS | TOGETHER_VERBS | {"call", "pay", "visit"}
_ANCHOR_LEMMAS = _MEET_VERBS | HOLD_VERBS


def _anchors(doc: Doc) -> list[Token]:
    found = {t.i: t for t in having(doc, "lemma", _ANCHOR_LEMMAS)}
    found.update((t.i, t) for t in having(doc, "lower", MEETING_NOUNS))
    return [found[i] for i in sorted(found)]


def _verb_frame(token: Token, lemma: str) -> Frame | None:
    """"X met (with) Y", "X received Y", "Y was received by X", "X called on Y", "X and Y met"."""
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children)
    if passive:
        hosts = parties_of(agents(token))
        guests = parties_of([c for c in token.children if c.dep_ == "nsubjpass"])
        if lemma in PASSIVE_VERBS and hosts and guests:
            return Frame(token, f"meetings.{lemma}_passive", [hosts, guests], [token])
        return None
    if lemma == "exchange" and not any(c.dep_ in {"dobj", "obj"} and c.lower_ in _EXCHANGED for c in token.children):
        return None  # "exchanged views with Y", not "exchanged fire / notes with Y"
    subjects = parties_of(_subjects(token))
    objects: list[Token] = []
    if lemma in VISIT_VERBS:
        objects += [c for c in token.children if c.dep_ in {"dobj", "obj"}]
    if lemma in WITH_VERBS:
        # "talks were held between A and B"; with a subject, "between" names what was discussed
        # ("A and B discussed the ties between X and Y")
        objects += (_prep_objects(token, {"with"} if subjects else {"with", "between", "among"})
                    or _with_after_place(token) or _stranded_with(token))
        inner = [c for c in token.children if c.dep_ in {"dobj", "obj", "xcomp"}]
        inner += [g for c in inner for g in c.children if g.dep_ in {"dobj", "obj", "xcomp"}]
        for t in inner:
            objects += _prep_objects(t, {"with"})  # "discussed the issues with Y", "discussed speeding up X with Y"
        if lemma == "discuss" and not objects:  # "discussed ways to strengthen cooperation in areas of
            # common interest with Y": a "with" deep in what was discussed, when it names a person
            deep = [o for t in token.children if t.dep_ in {"dobj", "obj"} for w in t.subtree
                    if w.dep_ == "prep" and w.lower_ == "with" and w.i - token.i <= 20
                    and not any(c.dep_ in SUBJECTS for c in w.head.children)
                    for o in w.children if o.dep_ == "pobj"]
            objects += [o for o in deep if any(e.label_ == "PERSON" for e in parties_of([o]))]
    if lemma == "call":
        objects += _prep_objects(token, {"on", "upon"})
    if lemma == "visit":
        objects += [c for c in token.children if c.dep_ in {"dobj", "obj"}]
    others = [e for e in parties_of(objects) if e not in subjects]
    if lemma == "visit":  # "X visited his counterpart Y"; a visit to a country or a city is no meeting
        others = [e for e in others if e.label_ in {"PERSON", "PRONOUN"}]
    if subjects and others:
        return Frame(token, f"meetings.{lemma}_with", [subjects, others], [token])
    if len(subjects) >= 2 and lemma in TOGETHER_VERBS and not objects:
        return Frame(token, "meetings.together", [subjects], [token])  # "A and B met on Friday"
    return None


def _noun_frame(token: Token) -> Frame | None:
    """"X held talks with Y", "X paid a courtesy call on Y", "talks between X and Y",
    "the meeting with Y" (held by the sentence's subject), "the Trudeau-Xi summit"."""
    head = token.head
    preps = {"call": {"on", "upon", "to"}, "calls": {"on", "upon", "to"}, "visit": {"to"}, "audience": {"with"}, "reception": {"for"},
             "luncheon": {"for"}, "dinner": {"for"}, "breakfast": {"for"}}.get(token.lower_, set())
    if token.lower_ in {"call", "calls", "visit"} and head.lemma_.lower() == "pay":
        visitors = parties_of(_prep_objects(token, {"by"}) + agents(head))
        hosts = [e for e in parties_of(_clause_subject(token)) if e not in visitors]
        if visitors and hosts:  # "X was paid a courtesy call by Y"
            return Frame(token, "meetings.meeting_with", [hosts, visitors], [token, head])
    others = parties_of(_prep_objects(token, {"with"} | preps) + _prep_objects(head, {"with"} | preps)
                        + _with_after_place(head))
    if others:  # "a meeting with X as well as the president of ORG Y": the parser may hang Y on the meeting
        others += [e for e in parties_of([c for c in token.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}
                                          and c.lower_ not in MEETING_NOUNS]) if e not in others]
    holders = [e for e in parties_of([c for c in token.children if c.dep_ in {"poss"}])]
    if not holders and others:  # "a meeting of the minister X with Y was held"
        holders = parties_of(_prep_objects(token, {"of"}))
    if not holders and others:
        holders = parties_of(_clause_subject(token))
    others = [e for e in others if e not in holders]
    if holders and others:
        return Frame(token, "meetings.meeting_with", [holders, others], [token, head])
    if not others and token.lower_ in TALKS_NOUNS and token.dep_ in {"dobj", "obj"} \
            and head.lemma_.lower() in HOLD_VERBS and not any(c.dep_ == "compound" for c in token.children):
        held = parties_of(_subjects(head))  # "A and B held talks" ("a news conference" is no meeting)
        if len(held) >= 2:
            return Frame(token, "meetings.together", [held], [token, head])
    between = parties_of(_prep_objects(token, {"between", "among"}))
    if len(between) >= 2:  # "talks between A and B"
        return Frame(token, "meetings.together", [between], [token])
    return None


_CREDENTIALS = frozenset({"credentials", "credence"})
_PRESENT_VERBS = frozenset({"present", "hand", "submit"})


def _credential_frames(doc: Doc) -> list[Frame]:
    """"X presented her credentials / letters of credence to President Y": an ambassador's
    first audience with the head of state."""
    frames = []
    for verb in having(doc, "lemma", _PRESENT_VERBS):
        if verb.pos_ != "VERB" or not any(c.dep_ in {"dobj", "obj"} and any(w.lower_ in _CREDENTIALS for w in c.subtree)
                                          for c in verb.children):
            continue
        hosts = parties_of(_prep_objects(verb, {"to"}) + [g for c in verb.children if c.dep_ in {"dobj", "obj"}
                                                          for g in _prep_objects(c, {"to"})])
        envoys = [e for e in parties_of(_subjects(verb)) if e not in hosts]
        if hosts and envoys:
            frames.append(Frame(verb, "meetings.credentials_to", [envoys, hosts], [verb]))
    return frames


def _frames(doc: Doc) -> list[Frame]:
    frames: list[Frame] = []
    used: set[int] = set()
    for token in _anchors(doc):
        if token.i in used:
            continue
        lemma = token.lemma_.lower()
        frame = None
        if token.pos_ == "VERB" and lemma in _MEET_VERBS:
            frame = _verb_frame(token, lemma)
        elif token.lower_ in MEETING_NOUNS and token.pos_ in {"NOUN", "PROPN"}:
            frame = _noun_frame(token)
        if frame is not None:
            used.update(t.i for t in frame.anchors)
            frames.append(frame)
    frames += [f for f in _credential_frames(doc) if f.anchor.i not in used]
    return sorted(frames, key=lambda f: f.anchor.i)


def _attendees(sent: Span) -> list[Span]:
    """"X was accompanied by Y and Z", "attended by Y", "Also present were Y", "Y was in attendance"."""
    out: list[Span] = []
    for t in sent:
        lemma = t.lemma_.lower()
        if lemma not in ATTEND_WORDS:
            continue
        if lemma in {"accompany", "attend", "join", "witness"} and any(c.dep_ == "auxpass" for c in t.children):
            out += parties_of(agents(t))
        elif lemma in {"present", "attendance"}:
            verb = t.head if t.dep_ in {"acomp", "pobj", "attr"} else t
            if verb.dep_ == "prep":
                verb = verb.head
            out += parties_of([c for c in verb.children if c.dep_ in {"nsubj", "attr", "nsubjpass"} and c.i != t.i])
        elif lemma in {"participate", "attend"}:
            out += parties_of([c for c in t.children if c.dep_ == "nsubj"])
    return [e for e in out if e.label_ in {"PERSON", "PRONOUN"}]


def _same(a: Span, b: Span) -> bool:
    """Two mentions of one party: the same words, or a person's same surname."""
    if a.text.lower() == b.text.lower():
        return True
    return a.label_ == b.label_ == "PERSON" and a[-1].lower_ == b[-1].lower_


def _known(ent: Span, spans: list[Span]) -> bool:
    return any(_same(ent, s) for s in spans)


def _extend(doc: Doc, frames: list[Frame]) -> None:
    """Those who only attended a meeting, told in the sentences after it."""
    if not frames:
        return
    idx = index(doc)
    by_sentence = {}
    for frame in frames:
        by_sentence.setdefault(idx.sentence_of[frame.anchor.i], frame)
    last = None
    for n, sent in enumerate(idx.sents):
        if n in by_sentence:
            last, since = by_sentence[n], n
        if last is None or n - since > 4:
            continue
        for ent in _attendees(sent):
            if not _known(ent, last.parties + last.attendees):
                last.attendees.append(ent)


def _relations(doc: Doc, frame: Frame) -> Iterator[Relation]:
    place = _place(doc, frame.anchors)
    date = _date(doc, frame.anchors)
    sentence = sentence_for(doc, frame.anchor.i)
    group = f"m{frame.anchor.i}"
    place_m = mention_for(place) if place is not None else None
    date_text = date.text if date is not None else None
    sides = [s for s in frame.sides if s]
    if len(sides) == 2:
        pairs = [(a, b) for a in sides[0] for b in sides[1] if a != b]
    else:
        pairs = list(combinations(sides[0], 2)) if sides else []
    principal = [e for side in sides for e in side]
    seen = set()
    idx = index(doc)

    def itself(pronoun: Span, other: Span) -> bool:  # "X hosted his first meeting": "his" is X
        found = idx.pronoun_of.get(pronoun.start) if pronoun.label_ == "PRONOUN" else None
        return found is not None and found[0].label_ == other.label_ and _same(found[0], other)

    for a, b in pairs:
        head, tail = mention_for(a), mention_for(b)
        if (head, tail) in seen or head == tail or itself(a, b) or itself(b, a):
            continue
        seen.add((head, tail))
        yield Relation("metWith", head, tail, sentence, frame.rule, 0.8, place=place_m, date=date_text, group=group,
                       role="principal")
    for b in frame.attendees:
        for a in principal[:1]:
            yield Relation("metWith", mention_for(a), mention_for(b), sentence, "meetings.attendee", 0.5,
                           place=place_m, date=date_text, group=group, role="attendee")


def extract(doc: Doc) -> Iterator[Relation]:
    """Yield metWith relations found in ``doc``."""
    frames = _frames(doc)
    _extend(doc, frames)
    for frame in frames:
        yield from _relations(doc, frame)
