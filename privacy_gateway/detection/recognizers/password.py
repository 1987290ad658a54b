"""PASSWORD: passwords and PINs that users write into feedback (支付密码是123456, 登录密码:Abc12345).

The value right after a cue (密码, 支付密码, 登录密码, 口令, PIN, password) is reported: a run of
4-32 printable ASCII characters, up to a space or a non-ASCII character (，。！ end it; an ASCII
comma typed after the password is masked with it, which hides nothing that matters). After an
explicit 是/为/:/= any such run counts; right after the cue word it must contain a digit, so
密码Error and 修改密码app不行 are left alone. A new password is also reported after a change verb
(改成, 设为, 重置为...) later in the same sentence or the next line of a chat (修改登录密码 用户：已经改成
Abc#2025了), when it has a digit or a symbol. A password in Chinese characters is not recognised.
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

PASSWORD = "PASSWORD"  # noqa: S105 (an entity type name)  # nosec B105

_CUES = "支付密码|登录密码|登陆密码|交易密码|取款密码|查询密码|密码|口令|PIN码|PIN|password|passwd|pwd"
# Printable ASCII, not starting with : or =. Trailing ASCII punctuation is kept (yang1845@ is the
# password); Chinese sentence punctuation is full-width and stays so in normalisation, ending the run.
_VALUE = r"[!-9;<>-~][!-~]{3,31}"
_CHANGED_TO = "改成|改为|设成|设为|设置成|设置为|换成|重置为|重置成|改到"


class PasswordRecognizer(CnPatternRecognizer):
    ENTITY = PASSWORD
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("password_stated", rf"(?:{_CUES})(?:\s?(?:是|为|:|=)|\s+is)\s?(?P<pii>{_VALUE})", 0.65),
        Pattern(
            "password_adjacent", rf"(?:{_CUES})\s?(?P<pii>(?=[A-Za-z!-/:-@]{{0,31}}[0-9]){_VALUE})", 0.65
        ),
        Pattern(
            "password_changed_to",
            rf"(?:{_CUES})[^。！？!?\n]{{0,30}}?(?:{_CHANGED_TO})了?\s?"
            rf"(?P<pii>(?=[A-Za-z]{{0,31}}[0-9!-/:-@\[-`{{-~]){_VALUE})",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = _CUES.split("|")
    PREFILTER = regex.compile("密码|口令|pin|passw|pwd", regex.IGNORECASE)  # faster than re when case-blind
    FLAGS = re.IGNORECASE
