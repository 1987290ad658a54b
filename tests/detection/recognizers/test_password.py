from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.password import PasswordRecognizer
from tests.detection.recognizers.support import found

REC = PasswordRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("支付密码是123456", ["123456"]),
        ("客服：请立即修改登录密码 用户：已经改成Pk@77aa1了", ["Pk@77aa1"]),  # after a change verb
        ("支付密码我重置为 880721 了", ["880721"]),
        ("密码已经改成新的了", []),  # nothing ASCII
        ("密码改成hello了", []),  # no digit or symbol: a word, not reported
        ("密码忘了。后来改成Abc123了", []),  # another sentence
        ("登录密码:Abc12345", ["Abc12345"]),
        ("密码 abc123!", ["abc123!"]),  # trailing ASCII punctuation is part of it
        ("我的密码是abcdef，怎么登不上", ["abcdef"]),  # after 是 letters alone count
        ("password=Secr3t#x", ["Secr3t#x"]),
        ("PIN码 8888", ["8888"]),
        ("my password is hunter22", ["hunter22"]),
        ("取款密码６６６６６６", ["６６６６６６"]),
        ("密码P@ss1234,请重置", ["P@ss1234,"]),  # an ASCII comma after it is masked too
        ("密码P@ss1234，请重置", ["P@ss1234"]),  # Chinese punctuation ends it
        ("登录密码yang1845@好像泄露了", ["yang1845@"]),
        # failure cases
        ("密码错误", []),
        ("密码Error", []),  # directly after the cue it needs a digit
        ("修改密码app闪退", []),
        ("密码6位", []),
        ("忘记密码了", []),
        ("密码是生日", []),  # Chinese passwords are out of scope
    ],
)
def test_passwords(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
