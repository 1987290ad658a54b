import pytest

from privacy_gateway.errors import InvalidInput, TextTooLarge
from privacy_gateway.redaction.validation import check_choice, check_identifier, clean_text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_text"),
        ("   \n\t ", "empty_text"),
        ("电话13812345678\x00", "control_character"),
        ("bell\x07", "control_character"),
        ("c1\x85", "control_character"),
        ("lone \ud800 surrogate", "invalid_unicode"),
    ],
)
def test_clean_text_rejects(text, code):
    with pytest.raises(InvalidInput) as info:
        clean_text(text, max_chars=100)
    assert info.value.code == code
    assert "13812345678" not in info.value.message


@pytest.mark.parametrize("text", ["退款没到账", "line\nbreak\tand tab\r\n", "emoji 😀 ok", "全角１３８"])
def test_clean_text_accepts(text):
    assert clean_text(text, max_chars=100) == text


def test_clean_text_size_limit_is_inclusive():
    assert clean_text("a" * 10, max_chars=10)
    with pytest.raises(TextTooLarge):
        clean_text("a" * 11, max_chars=10)


def test_check_choice_does_not_echo_the_value():
    with pytest.raises(InvalidInput) as info:
        check_choice("13812345678", ["phone", "sms"], what="channel")
    assert info.value.code == "unknown_channel"
    assert "13812345678" not in info.value.message


@pytest.mark.parametrize("value", ["", "  ", "a" * 201, "u\x001"])
def test_check_identifier_rejects(value):
    with pytest.raises(InvalidInput):
        check_identifier(value, what="subject_id")
