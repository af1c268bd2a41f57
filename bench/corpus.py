"""A reproducible corpus of news-like articles for the benchmarks (seeded, from templates).

``names="pool"`` draws people and organizations from a fixed pool (so the set of
entities stops growing); ``names="distinct"`` gives every article new names.
The real sample article is always included.
"""
from __future__ import annotations

import random
from pathlib import Path

FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irina", "Jonas", "Karim",
         "Lena", "Marco", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Samir", "Tara"]
LAST = ["Aliyev", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova", "Jensen",
        "Kowalski", "Lopez", "Moreau", "Novak", "Olsen", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka"]
ORGS = ["Athletics Federation", "Olympic Committee", "Chess Federation", "Rowing Union", "Trade Council",
        "Energy Agency", "Film Festival", "Medical Association", "Cycling Union", "Science Academy"]
COUNTRIES = ["Azerbaijan", "Kenya", "Norway", "Brazil", "Japan", "France", "Georgia", "Chile", "Canada", "Poland"]
CITIES = ["Baku", "Nairobi", "Oslo", "Brasilia", "Tokyo", "Paris", "Tbilisi", "Santiago", "Ottawa", "Warsaw"]
ROLES = ["President", "Vice-President", "Secretary General", "Sports director", "Chairman", "head of media relations"]

TEMPLATES = [
    "The {role} of the {org1}, {p1}, met with {p2}, {role2} of the {org2}, in {city} on Tuesday.",
    "{p1} said that the {country} national team will compete at the {city} {year} Games.",
    "The {org1} held talks with the {org2} about future cooperation, {agency} reports.",
    "{org1} {role_l} {p1} received {p2} at the federation's office in {city}.",
    "{p2} noted that the {org2} is interested in exchanging experience with the {org1}.",
]


def _name(rng, distinct: bool, counter: list[int]) -> str:
    if distinct:
        counter[0] += 1
        n = counter[0]
        return f"{FIRST[n % 20]} {LAST[(n // 20) % 20]}{'abcdefghij'[(n // 400) % 10]}{n // 4000 or ''}"
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def article(rng: random.Random, distinct: bool, counter: list[int]) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        country = rng.choice(COUNTRIES)
        values = {
            "p1": _name(rng, distinct, counter), "p2": _name(rng, distinct, counter),
            "org1": f"{country} {rng.choice(ORGS)}", "org2": f"{rng.choice(COUNTRIES)} {rng.choice(ORGS)}",
            "role": rng.choice(ROLES), "role2": rng.choice(ROLES).lower(), "role_l": rng.choice(ROLES[:2]),
            "city": rng.choice(CITIES), "country": country, "year": rng.choice([2024, 2026, 2028]),
            "agency": rng.choice(["Azernews", "Reuters", "Trend"]),
        }
        sentences.append(rng.choice(TEMPLATES).format(**values))
    return " ".join(sentences)


def write_corpus(folder: Path, count: int, names: str = "pool", seed: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng, counter = random.Random(seed), [0]
    sample = Path(__file__).resolve().parent.parent / "seeds" / "000_dffe93a64d5a51c7.txt"
    (folder / sample.name).write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    for i in range(count - 1):
        date = f"2024-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        text = f" date {date} " + article(rng, names == "distinct", counter)
        (folder / f"gen{i:06}.txt").write_text(text, encoding="utf-8")
    return folder


def texts(count: int, names: str = "pool", seed: int = 0) -> list[str]:
    rng, counter = random.Random(seed), [0]
    return [article(rng, names == "distinct", counter) for _ in range(count)]
