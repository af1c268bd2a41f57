"""Candidate pairs and what a learned model reads of them.

For each relation, the candidates are pairs of entities of the right types in one
sentence, at most ``MAX_DISTANCE`` tokens apart (so a sentence of any length gives a
bounded number of pairs per entity), plus the pairs the rules proposed (meetings told
over several sentences among them). Each pair is described by plain string features
read off the parse, the way relation-extraction systems have long done it (Mintz et
al. 2009; Zhou et al. 2005): the entity types and their order, the distance, the words
between (other names replaced by their type), the words just before and after, the
dependency path joining the two (labels and the words on it), apposition and compounds,
trigger words (posts, meeting words, "represent"), and which rule fired (alone and
with the post it read).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..records import Mention
from .common import index, sentence_span
from .lexicon import ROLE_HEADS, TEAM_HEADS

MAX_DISTANCE = 30  # tokens between the two entities of a candidate pair
MAX_PAIRS = 400  # per sentence, whatever its length (the nearest pairs first)
MAX_BETWEEN = 8

#: The (head label, tail label) pairs of each relation's candidates. A person and a country
#: in one sentence are no candidates for represents: news names countries everywhere, and
#: the posts that represent one (ambassador, envoy) are read by the rules.
CANDIDATE_LABELS = {
    "officialOf": frozenset({("PERSON", "ORG")}),
    "metWith": frozenset({("PERSON", "PERSON"), ("PERSON", "ORG"), ("ORG", "PERSON"), ("ORG", "ORG"),
                          ("GROUP", "PERSON"), ("PERSON", "GROUP"), ("GROUP", "ORG"), ("ORG", "GROUP")}),
    "represents": frozenset({("PERSON", "ORG"), ("ORG", "GPE"), ("ORG", "NORP"), ("GROUP", "GPE"), ("GROUP", "NORP"),
                             ("GROUP", "ORG"), ("PERSON", "GPE"), ("PERSON", "NORP")}),
}
#: Pairs that are candidates only in a sentence with a word of representing ("ambassador",
#: "on behalf of", "delegation"): news names countries everywhere.
NEEDS_REPRESENT_WORD = frozenset({("PERSON", "GPE"), ("PERSON", "NORP")})
MEETING_WORDS = frozenset("""
meet met meets meeting meetings talk talks talked discuss discussed discussion discussions receive received
receives host hosted hosts visit visited visits call called calls negotiate negotiated negotiations confer
conferred consultations welcome welcomed greet greeted interview interviewed debate debated summit audience
conversation session
""".split())
REPRESENT_WORDS = frozenset("""
represent represents represented representing representative behalf ambassador envoy delegation delegate
team squad player national plays played contingent consul commissioner
""".split())


def _word(token: Token, a: Span, b: Span) -> str | None:
    if a.start <= token.i < a.end or b.start <= token.i < b.end:
        return None
    if token.is_space:
        return None
    if token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}:
        return token.ent_type_
    if token.like_num:
        return "NUM"
    return token.lemma_.lower()


def _path(a: Span, b: Span) -> tuple[str, list[str], int]:
    """The dependency path between the two roots: its labels, the words on it, its length."""
    up = [a.root, *a.root.ancestors]
    down = [b.root, *b.root.ancestors]
    common = next((t for t in up if t in down), None)
    if common is None:
        return "NOPATH", [], 99
    first, second = up[:up.index(common)], down[:down.index(common)]
    middle = "ENT" if common in (a.root, b.root) else common.lemma_.lower()
    labels = [f"^{t.dep_}" for t in first] + [middle] + [f"v{t.dep_}" for t in reversed(second)]
    words = [t.lemma_.lower() for t in first[1:] + second[1:]] + ([middle] if middle != "ENT" else [])
    return "_".join(labels), words, len(first) + len(second)


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (7, "5-7"), (12, "8-12"), (20, "13-20")):
        if n <= limit:
            return name
    return "21+"


def _ents_between(doc: Doc, start: int, end: int) -> int:
    """How many entities lie wholly in tokens ``start``..``end`` (by bisection: a long
    sentence with many pairs costs no more per pair than a short one)."""
    from bisect import bisect_left

    ents = index(doc).ents
    cache = doc.user_data.get(_STARTS_KEY)
    if cache is None or cache[0] is not ents:
        cache = doc.user_data[_STARTS_KEY] = (ents, [e.start for e in ents], [e.end for e in ents])
    _, starts, ends = cache
    i = bisect_left(starts, start)
    n = 0
    while i < len(starts) and starts[i] < end:
        n += ends[i] <= end
        i += 1
    return n


def _sentence_words(doc: Doc, sent: Span) -> set[str]:
    """The lower-cased words of a sentence, made once a sentence."""
    cache = doc.user_data.setdefault(_WORDS_KEY, {})
    words = cache.get(sent.start)
    if words is None:
        words = cache[sent.start] = {t.lower_ for t in sent}
    return words


_STARTS_KEY, _WORDS_KEY = "kg_pair_ent_starts", "kg_pair_sentence_words"


def features(doc: Doc, a: Span, b: Span, rule: str | None = None, relation: str = "") -> list[str]:
    """The features of a candidate pair (``a`` the head, ``b`` the tail)."""
    idx = index(doc)
    same = idx.sentence_of[a.start] == idx.sentence_of[b.start]
    out = [f"types={a.label_}_{b.label_}", f"rule={rule or 'none'}", f"kind={relation}"]
    if rule:
        out.append(f"rulefam={rule.split('.')[0]}")
    if not same:
        gap = abs(idx.sentence_of[a.start] - idx.sentence_of[b.start])
        return out + ["xsent", f"xsent={min(gap, 4)}"]
    first, second = (a, b) if a.start < b.start else (b, a)
    out.append("order=ab" if first is a else "order=ba")
    between = [w for w in (_word(t, a, b) for t in doc[first.end:second.start]) if w]
    out.append(f"dist={_bucket(second.start - first.end)}")
    if not between:
        out.append("adjacent")
    short = between if len(between) <= MAX_BETWEEN else between[:4] + between[-4:]
    out += [f"btw={w}" for w in short]
    out += [f"btw2={x}_{y}" for x, y in zip(short, short[1:])]
    if len(between) <= 4:
        out.append("btwseq=" + "_".join(between))
    ents_between = _ents_between(doc, first.end, second.start)
    out.append(f"ents_between={min(ents_between, 4)}")
    if "," in between:
        out.append("comma_between")
    sent = sentence_span(doc, first.start)
    left = [w for w in (_word(t, a, b) for t in doc[max(sent.start, first.start - 2):first.start]) if w]
    right = [w for w in (_word(t, a, b) for t in doc[second.end:min(sent.end, second.end + 2)]) if w]
    out += [f"l={w}" for w in left] + [f"r={w}" for w in right]
    if left:
        out.append(f"l1={left[-1]}")
    if right:
        out.append(f"r1={right[0]}")
    labels, words, length = _path(a, b)
    out.append(f"pathlen={_bucket(length)}")
    if length <= 6:
        out.append(f"path={labels}")
    out += [f"pw={w}" for w in words]
    if a.root.dep_ == "appos" and a.root.head.i in range(b.start, b.end) or \
            b.root.dep_ == "appos" and b.root.head.i in range(a.start, a.end):
        out.append("appos")
    if a.root.dep_ in {"compound", "poss", "nmod"} or b.root.dep_ in {"compound", "poss", "nmod"}:
        out.append(f"mod={a.root.dep_}_{b.root.dep_}")
    roles = [t.lower_ for t in doc[first.end:second.start] if t.lower_ in ROLE_HEADS]
    before = doc[max(sent.start, first.start - 3):first.start]
    roles += [f"pre:{t.lower_}" for t in before if t.lower_ in ROLE_HEADS]
    out += [f"role={r}" for r in roles[:4]]
    if roles:
        out.append("has_role")
        if rule:  # "Ambassador of X Y" read by a rule of posts: the post says which relation it is
            out += [f"rule_role={rule.split('.')[0]}_{r.removeprefix('pre:')}" for r in roles[:2]]
    words_in = _sentence_words(doc, sent)
    if words_in & MEETING_WORDS:
        out.append("meeting_word")
        out += [f"meet={w}" for w in sorted(words_in & MEETING_WORDS)[:3]]
    if words_in & REPRESENT_WORDS:
        out.append("represent_word")
    team_words = [t.lower_ for t in a if t.lower_ in TEAM_HEADS]
    if team_words:  # a sports team or squad is not a visit's delegation
        out += ["head_is_team", f"team_word={team_words[-1]}"]
    for side, span in (("a", a), ("b", b)):
        if reference(span) is not None:  # "he", "the minister"
            out.append(f"ref_{side}={'noun' if span.label_ == 'ORG' else 'pronoun' if len(span) == 1 else 'title'}")
    out += _argument_features(a, "a") + _argument_features(b, "b")
    out += _shape_features(referent(a), "a") + _shape_features(referent(b), "b")
    if _coordinated(a, b):
        out.append("coordinated")
    sa, sb = _salience(doc, referent(a)), _salience(doc, referent(b))
    out += [f"sal_a={sa}", f"sal_b={sb}", f"sal={sa}_{sb}"]
    # the guide: when only organizations or delegations are said to meet, they are the parties
    people = sum(1 for e in index(doc).ents_in(sent) if e.label_ == "PERSON")
    people = "0" if people == 0 else "1" if people == 1 else "2+"
    out += [f"people_in_sentence={people}", f"types_people={a.label_}_{b.label_}_{people}"]
    lead = idx.sentence_of[first.start] <= 1
    if lead:
        out.append("lead")
    if rule:
        out.append(f"rule_dist={rule}_{_bucket(second.start - first.end)}")
    return out


def _shape_features(span: Span, side: str) -> list[str]:
    """What the entity's words look like: a name NER cut badly ("CS", "Cabinet", "Council of
    Syria Mohammad Jihad") reads differently from a clean one."""
    from .lexicon import ORG_HEADS, english_words

    words = [t for t in span if not t.is_punct]
    n = len(words)
    out = [f"len_{side}={'1' if n <= 1 else '2' if n == 2 else '3-4' if n <= 4 else '5+'}"]
    if n == 1 and span.text.isupper():
        out.append(f"caps_{side}")
    if n == 1 and span.text.lower() in english_words():
        out.append(f"common_{side}")
    if any(t.is_lower and t.is_alpha and t.lower_ not in {"of", "the", "and", "for", "de", "on"} for t in words):
        out.append(f"lower_word_{side}")
    if "\n" in span.text:
        out.append(f"newline_{side}")
    if span.label_ == "ORG" and span[-1].lower_ in ORG_HEADS:
        out.append(f"org_head_{side}")
    if span.label_ == "ORG" and n >= 3 and span[-1].is_title and span[-2].is_title and \
            span[-1].lower_ not in ORG_HEADS and span[-2].lower_ not in ORG_HEADS:
        out.append(f"ends_in_names_{side}")
    repeats = sum(1 for e in index(span.doc).ents if e.text == span.text)
    out.append(f"repeats_{side}={'1' if repeats <= 1 else '2+'}")
    return out


#: Nouns for the people of an organization: "met the members of X" is meeting X.
GROUP_NOUNS = frozenset("""
member members representative representatives delegation delegations official officials team leadership
leaders staff management head heads envoy envoys
""".split())


def _argument_features(span: Span, side: str) -> list[str]:
    """What the entity is to the word governing it: "nsubj of meet", "pobj of with (meet)";
    for "the members of X", also what "members" is to its own governor ("via_b=with_meet")."""
    root = span.root
    head = root.head
    out = [f"dep_{side}={root.dep_}"]
    if head is not root:
        out.append(f"gov_{side}={head.lemma_.lower()}")
        if head.dep_ == "prep" and head.head is not head:
            out.append(f"gov2_{side}={head.lemma_.lower()}_{head.head.lemma_.lower()}")
            group = head.head
            if head.lower_ == "of" and group.lower_ in GROUP_NOUNS and group.head is not group:
                governor = group.head
                via = governor.lemma_.lower()
                if governor.dep_ == "prep" and governor.head is not governor:
                    via += "_" + governor.head.lemma_.lower()
                out += [f"via_{side}={via}", f"via_dep_{side}={group.dep_}"]
    return out


def _coordinated(a: Span, b: Span) -> bool:
    """The two entities are items of one list ("A, B and C")."""
    def chain(t: Token) -> Token:
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        return t
    return (a.root.dep_ == "conj" or b.root.dep_ == "conj") and chain(a.root) is chain(b.root)


def _salience(doc: Doc, span: Span) -> str:
    """How often the text names the entity (its last word counted over the entities): a
    principal party of a story is named again and again."""
    key = "kg_pair_salience"
    counts = doc.user_data.get(key)
    if counts is None:
        counts = {}
        for ent in index(doc).ents:
            if ent.label_ in {"PERSON", "ORG", "GPE", "NORP", "GROUP"}:
                last = ent[-1].lower_
                counts[last] = counts.get(last, 0) + 1
        doc.user_data[key] = counts
    n = counts.get(span[-1].lower_, 0)
    return "1" if n <= 1 else "2-3" if n <= 3 else "4+"


_REFERENCES_KEY = "kg_pair_references"
#: The relations whose candidates include people named by a pronoun or a description. For
#: officialOf they cost more than they gave (train, held-out folds, at 0.7: 13 fewer required
#: posts found, 8 more wrong); for metWith they gave 22 more meetings for 2 more wrong.
REFERENCE_RELATIONS = frozenset({"metWith"})


def _references(doc: Doc) -> dict[tuple[int, int], tuple[Span, Span, Mention]]:
    """The people named by a pronoun or a description the index resolved ("he", "his", "the
    minister"), and the organizations named by a part of them ("the Board", "the Company"), by
    token span: (the span, labelled PERSON or ORG; its antecedent; its mention). Only the people
    are metWith candidates of their own (``candidate_pairs``)."""
    cached = doc.user_data.get(_REFERENCES_KEY)
    if cached is not None:
        return cached
    out, idx = {}, index(doc)
    for antecedent, reference in idx.pronoun_of.values():
        if antecedent.label_ != "PERSON" or reference.refers_to is None:
            continue
        span = doc.char_span(reference.start, reference.end, label="PERSON", alignment_mode="expand")
        if span is not None and len(span) and not any(i in idx.entity_of for i in range(span.start, span.end)):
            out[(span.start, span.end)] = (span, antecedent, reference)
    # "the Board", "the Company": an organization the article named before (``common``)
    spans = {m: e for e in idx.ents if (m := idx.mention_of.get((e.start, e.end))) is not None}
    for (start, end), m in idx.mention_of.items():
        if m is not None and m.type == "Organization" and m.refers_to in spans:
            out[(start, end)] = (idx.entity_of[start], spans[m.refers_to], m)
    doc.user_data[_REFERENCES_KEY] = out
    return out


def reference(span: Span) -> tuple[Span, Mention] | None:
    """(antecedent, mention) when ``span`` is a resolved pronoun or description, else None."""
    found = _references(span.doc).get((span.start, span.end))
    return None if found is None or found[0].label_ != span.label_ else found[1:]


def referent(span: Span) -> Span:
    """The named entity a span stands for: its antecedent for a pronoun, else itself."""
    found = reference(span)
    return span if found is None else found[0]


def candidate_pairs(doc: Doc, relation: str) -> list[tuple[Span, Span]]:
    """The pairs a model scores for ``relation``: entities of the right types in one sentence,
    nearest first, at most ``MAX_DISTANCE`` tokens apart and ``MAX_PAIRS`` a sentence. For
    metWith only sentences with a meeting word count. For metWith, a person named by a
    pronoun or a description the article resolved ("He met X", "the minister") is a
    candidate too (never paired with the person it stands for)."""
    allowed = CANDIDATE_LABELS[relation]
    labels = {label for pair in allowed for label in pair}
    idx = index(doc)
    by_sentence: dict[int, list[Span]] = {}
    for ent in idx.ents:
        if ent.label_ in labels:
            by_sentence.setdefault(idx.sentence_of[ent.start], []).append(ent)
    if relation in REFERENCE_RELATIONS:
        for span in (r[0] for r in _references(doc).values() if r[0].label_ == "PERSON"):
            by_sentence.setdefault(idx.sentence_of[span.start], []).append(span)
    out = []
    for n, ents in by_sentence.items():
        words = {t.lower_ for t in idx.sents[n]}
        if relation == "metWith" and not (words & MEETING_WORDS):
            continue
        represent_word = bool(words & REPRESENT_WORDS)
        pairs = []
        ents.sort(key=lambda e: e.start)
        for i, a in enumerate(ents):  # entities in order: stop at the first one too far away
            for j in range(i + 1, len(ents)):
                b = ents[j]
                distance = b.start - a.end
                if distance > MAX_DISTANCE:
                    break
                if a == b or referent(a).text == referent(b).text:
                    continue
                for h, t in ((a, b), (b, a)):
                    labels_ = (h.label_, t.label_)
                    if labels_ in allowed and (represent_word or labels_ not in NEEDS_REPRESENT_WORD):
                        pairs.append((distance, h.start, t.start, h, t))
                        if relation == "metWith":
                            break  # symmetric: one order is enough
        pairs.sort(key=lambda p: p[:3])
        out += [(h, t) for _, _, _, h, t in pairs[:MAX_PAIRS]]
    return out



def pair_key(relation: str, a_start: int, b_start: int) -> tuple[str, int, int]:
    """The key of a pair of mentions (character offsets); metWith is symmetric."""
    if relation == "metWith" and b_start < a_start:
        a_start, b_start = b_start, a_start
    return relation, a_start, b_start
