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
        # a hedge between cue and 是
        ("手机号138xxxx，密码好像是771203 客服：请勿发送", ["771203"]),
        ("支付密码我记得是k2024a啊", ["k2024a"]),
        ("密码一直都是abc888", ["abc888"]),
        ("密碼是Qw12345", ["Qw12345"]),  # traditional cue
        # English: a change verb, then "to"
        ("I tried resetting my password to Tulip$2291 but it fails", ["Tulip$2291"]),
        ("my password was changed to Abc12345 yesterday", ["Abc12345"]),
        ("set the PIN to 4321", ["4321"]),
        # failure cases
        ("密码错误", []),
        ("密码Error", []),  # directly after the cue it needs a digit
        ("修改密码app闪退", []),
        ("密码6位", []),
        ("忘记密码了", []),
        ("密码是生日", []),  # Chinese passwords are out of scope
        ("密码好像不对", []),
        ("密码应该是生日", []),
        ("I sent my password to 1234@qq.com by mistake", []),  # where it went, not a new password
        ("password to 7-Eleven", []),  # no change verb
        ("reset my password to something else", []),  # no digit or symbol
        ("spin to 1234", []),
    ],
)
def test_passwords(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
