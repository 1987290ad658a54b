"""HTML form bodies (application/x-www-form-urlencoded) read without python-multipart.

The console's forms are small and never upload files, so the standard library's parser is enough, and
one less parser of attacker-controlled bytes runs in the gateway. Values are stripped; a field given
twice is refused (a smuggled second csrf_token must not win silently).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from urllib.parse import parse_qsl

from privacy_gateway.errors import InvalidInput

FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FIELDS = 32
MAX_BODY_BYTES = 64 * 1024


class FormData(Mapping[str, str]):
    def __init__(self, fields: Mapping[str, str]) -> None:
        self._fields = dict(fields)

    def __getitem__(self, name: str) -> str:
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:  # values may be subject ids or reasons: never in a repr or log
        return f"FormData(fields={sorted(self._fields)!r})"

    def text(self, name: str, *, max_chars: int, required: bool = False) -> str | None:
        """The stripped value, None when empty; InvalidInput when too long or required and missing."""
        value = self._fields.get(name, "").strip()
        if not value:
            if required:
                raise InvalidInput(f"{name} is required", code="field_required")
            return None
        if len(value) > max_chars:
            raise InvalidInput(f"{name} is longer than {max_chars} characters", code="field_too_long")
        return value


def parse_form(content_type: str | None, body: bytes) -> FormData:
    """Parse a urlencoded form body; InvalidInput for any other content type or malformed input.
    An empty body is an empty form (whatever its type): it then fails the CSRF check, not this one."""
    if not body:
        return FormData({})
    if (content_type or "").split(";")[0].strip().lower() != FORM_TYPE:
        raise InvalidInput("expected an HTML form", code="not_a_form")
    if len(body) > MAX_BODY_BYTES:
        raise InvalidInput("form is too large", code="form_too_large")
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FIELDS,
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("form is malformed", code="form_malformed") from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        if name in fields:
            raise InvalidInput("a field is given twice", code="form_malformed")
        fields[name] = value
    return FormData(fields)
