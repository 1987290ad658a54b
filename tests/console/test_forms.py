"""Form bodies parsed without python-multipart."""

from __future__ import annotations

import pytest

from privacy_gateway.console.forms import FORM_TYPE, parse_form
from privacy_gateway.errors import InvalidInput


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        (FORM_TYPE, b"a=1&b=two", {"a": "1", "b": "two"}),
        (f"{FORM_TYPE}; charset=UTF-8", b"q=%E7%94%A8%E6%88%B7", {"q": "用户"}),
        (FORM_TYPE, b"a=&b", {"a": "", "b": ""}),
        (FORM_TYPE, b"a=x+y%26z", {"a": "x y&z"}),
        (None, b"", {}),  # no body at all: an empty form (it then fails the CSRF check)
        ("application/json", b"", {}),
    ],
)
def test_parse_form(content_type, body, expected):
    assert dict(parse_form(content_type, body)) == expected


@pytest.mark.parametrize(
    ("content_type", "body", "code"),
    [
        ("application/json", b'{"a": 1}', "not_a_form"),
        ("multipart/form-data; boundary=x", b"--x--", "not_a_form"),
        (None, b"a=1", "not_a_form"),
        (FORM_TYPE, b"a=1&a=2", "form_malformed"),
        (FORM_TYPE, b"a=%FF", "form_malformed"),
        (FORM_TYPE, "&".join(f"f{i}=1" for i in range(40)).encode(), "form_malformed"),
        (FORM_TYPE, b"a=" + b"x" * 70_000, "form_too_large"),
    ],
)
def test_parse_form_refuses(content_type, body, code):
    with pytest.raises(InvalidInput) as error:
        parse_form(content_type, body)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("value", "max_chars", "required", "expected"),
    [("  x  ", 5, False, "x"), ("", 5, False, None), ("   ", 5, False, None), ("abcde", 5, True, "abcde")],
)
def test_text(value, max_chars, required, expected):
    assert (
        parse_form(FORM_TYPE, f"f={value}".encode()).text("f", max_chars=max_chars, required=required)
        == expected
    )


@pytest.mark.parametrize(
    ("body", "code"), [(b"f=abcdef", "field_too_long"), (b"f=", "field_required"), (b"g=1", "field_required")]
)
def test_text_refuses(body, code):
    with pytest.raises(InvalidInput) as error:
        parse_form(FORM_TYPE, body).text("f", max_chars=5, required=True)
    assert error.value.code == code


def test_repr_shows_field_names_only():
    form = parse_form(FORM_TYPE, b"subject_id=wx_user_1&csrf_token=secret")
    assert repr(form) == "FormData(fields=['csrf_token', 'subject_id'])"
