import pytest

from kg.dates import resolve_date

CASES = [
    ("2024-03-05", "2024-05-01", ("2024-03-05", False)),
    ("on Tuesday", "2023-03-22", ("2023-03-21", True)),  # 2023-03-22 was a Wednesday
    ("Wednesday", "2023-03-22", ("2023-03-22", True)),
    ("last Wednesday", "2023-03-22", ("2023-03-15", True)),
    ("yesterday", "2023-03-22", ("2023-03-21", True)),
    ("March 3, 2019", None, ("2019-03-03", False)),
    ("on 3 March", "2019-03-05", ("2019-03-03", True)),
    ("December 30", "2019-01-05", ("2018-12-30", True)),  # the most recent one before publication
    ("next month", "2019-01-05", (None, False)),
    ("Tuesday", None, (None, False)),
]


@pytest.mark.parametrize("text,published,expected", CASES)
def test_resolve_date(text, published, expected):
    assert resolve_date(text, published) == expected


def test_future_weekday_is_the_next_one():
    assert resolve_date("on Friday", "2023-03-22", future=True) == ("2023-03-24", True)
