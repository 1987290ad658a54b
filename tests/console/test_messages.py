"""The message catalogue: complete in both languages, and every key a template uses exists."""

from __future__ import annotations

import re
import string
from importlib import resources
from typing import get_args

import pytest

from privacy_gateway.console.messages import CATALOGUE, LANGS, Translator, pick_lang
from privacy_gateway.console.sessions import EndReason

TEMPLATES = resources.files("privacy_gateway.console").joinpath("templates")
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
NOTICES = [f"login.ended.{reason}" for reason in get_args(EndReason)] + ["login.logged_out"]
ERRORS = [f"error.{status}" for status in (400, 403, 404, 422, 500, 503)] + ["error.csrf"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_are_filled_with_the_same_placeholders(key):
    zh, en = CATALOGUE[key]
    assert zh.strip() and en.strip()
    assert _fields(zh) == _fields(en)


def test_every_key_used_in_a_template_exists():
    used = set()
    for item in TEMPLATES.iterdir():
        if item.name.endswith(".html"):
            used |= set(KEY_CALL.findall(item.read_text(encoding="utf-8")))
    assert used, "no t(...) call found: the pattern is out of date"
    assert sorted(used - set(CATALOGUE)) == []


@pytest.mark.parametrize("key", NOTICES + ERRORS)
def test_keys_built_at_run_time_exist(key):
    assert key in CATALOGUE


def test_templates_carry_no_chinese_text_of_their_own():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for item in TEMPLATES.iterdir():
        if item.name.endswith(".html"):
            assert not cjk.search(item.read_text(encoding="utf-8")), item.name


@pytest.mark.parametrize(
    ("lang", "key", "values", "expected"),
    [
        ("zh", "overview.days", {"n": 7}, "最近 7 天"),
        ("en", "overview.days", {"n": 7}, "Last 7 days"),
        ("zh", "nav.audit", {}, "审计检索"),
        ("en", "nav.audit", {}, "Audit search"),
    ],
)
def test_translator(lang, key, values, expected):
    assert Translator(lang)(key, **values) == expected


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [
        ("reason", "granted", "已同意"),
        ("reason", "brand_new_code", "brand_new_code"),
        ("reason", None, ""),
        ("entity", "PHONE_NUMBER", "电话号码"),
        ("action", "subject.erase", "删除数据主体"),
    ],
)
def test_codes_fall_back_to_themselves(kind, code, expected):
    assert Translator("zh").code(kind, code) == expected


def test_unknown_keys_raise():
    with pytest.raises(KeyError):
        Translator("zh")("no.such.key")


@pytest.mark.parametrize(
    ("cookie", "lang"), [(None, "zh"), ("en", "en"), ("zh", "zh"), ("fr", "zh"), ("<x>", "zh")]
)
def test_pick_lang(cookie, lang):
    assert pick_lang(cookie) == lang and lang in LANGS
