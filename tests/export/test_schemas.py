from __future__ import annotations

from typing import Any

import pytest

from privacy_gateway.errors import InvalidInput
from privacy_gateway.export.schemas import ExportRequest, Format, ResidualMode


@pytest.mark.parametrize(
    "kwargs",
    [
        {"quasi": ()},
        {"quasi": ("zip_code",)},
        {"quasi": ("week", "week")},
        {"quasi": ("week", "month")},
        {"k": 0},
        {"l": 0},
        {"sensitive_column": "text"},
        {"sensitive_column": "channel", "quasi": ("channel", "week")},
        {"l": 2, "quasi": ("category", "week")},  # l defaults to category, which is a QI here
        {"max_suppression": 1.5},
        {"link_key": "Bad Name"},
    ],
)
def test_invalid_requests_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        ExportRequest(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "columns"),
    [
        ({}, ("subject", "amount_bucket", "region", "week", "channel", "category", "text")),
        ({"quasi": ("week", "category")}, ("subject", "week", "category", "text")),
        (
            {"quasi": ("week",), "sensitive_column": "channel"},
            ("subject", "week", "channel", "category", "text"),
        ),
    ],
)
def test_output_columns(kwargs: dict[str, Any], columns: tuple[str, ...]) -> None:
    assert ExportRequest(**kwargs).output_columns == columns


def test_l_defaults_the_sensitive_column_and_strings_become_enums() -> None:
    request = ExportRequest(l=2, format="csv", residual="mask")  # type: ignore[arg-type]
    assert request.sensitive_column == "category"
    assert request.format is Format.CSV and request.residual is ResidualMode.MASK
