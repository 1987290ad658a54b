from __future__ import annotations

import pytest

from privacy_gateway.consent.versions import NoticeVersion, is_valid_notice_version
from privacy_gateway.errors import InvalidInput


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("2024.2", "2024.10"),  # as strings "2024.10" < "2024.2": the bug this module exists for
        ("2024.9", "2025.1"),
        ("1", "1.0.1"),
        ("v2", "3"),
        ("1.2.3", "1.10"),
        ("9", "10"),
    ],
)
def test_versions_compare_as_numbers(lower: str, higher: str) -> None:
    assert NoticeVersion(lower) < NoticeVersion(higher)
    assert NoticeVersion(higher) > NoticeVersion(lower)


@pytest.mark.parametrize(("a", "b"), [("2", "2.0"), ("v1.2", "1.2.0.0"), ("2024.02", "2024.2")])
def test_equal_spellings(a: str, b: str) -> None:
    assert NoticeVersion(a) == NoticeVersion(b)
    assert hash(NoticeVersion(a)) == hash(NoticeVersion(b))


@pytest.mark.parametrize(
    "text", ["", "v", "2024-10", "1.2.", ".1", "1..2", "1.2.3.4.5.6.7", "2024.10-beta", "一", "x" * 40, " 1"]
)
def test_malformed_versions_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="notice_version"):
        NoticeVersion(text)
    assert not is_valid_notice_version(text)
