"""PASSWORD: passwords and PINs that users write into feedback (支付密码是123456, 登录密码:Abc12345).

The value right after a cue (密码, 支付密码, 登录密码, 口令, PIN, password) is reported: a run of
4-32 printable ASCII characters, up to a space or a non-ASCII character (，。！ end it; an ASCII
comma typed after the password is masked with it, which hides nothing that matters). After an
explicit 是/为/:/= any such run counts; right after the cue word it must contain a digit, so
密码Error and 修改密码app不行 are left alone. A new password is also reported after a change verb
(改成, 设为, 重置为...) later in the same sentence or the next line of a chat (修改登录密码 用户：已经改成
Abc#2025了), when it has a digit or a symbol, and in English right after "password (changed/reset/set)
to" (resetting my password to Sunflower#8823). A hedge may stand between cue and 是 (密码好像是520131,
支付密码我记得是...). Traditional forms of the cues count (密碼, 登入密碼). A password in Chinese
characters is not recognised.
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

PASSWORD = "PASSWORD"  # noqa: S105 (an entity type name)  # nosec B105

_CUES = (
    "支付密码|登录密码|登陆密码|交易密码|取款密码|查询密码|密码|口令|PIN码|PIN|password|passwd|pwd"
    "|支付密碼|登錄密碼|登入密碼|交易密碼|提款密碼|取款密碼|密碼|PIN碼"
)
# Hedges and fillers between a cue and its 是: 密码好像是..., 支付密码我记得是..., 密码一直都是...
_HEDGE = (
    r"(?:我|我的)?(?:好像|应该|應該|大概|可能|估计|估計|貌似|似乎|一般|一直|原来|原來|以前|之前|默认|默認"
    r"|记得|記得|设的|設的|就|都|也|还|還)"
)
# Printable ASCII, not starting with : or =. Trailing ASCII punctuation is kept (yang1845@ is the
# password); Chinese sentence punctuation is full-width and stays so in normalisation, ending the run.
_VALUE = r"[!-9;<>-~][!-~]{3,31}"
_CHANGED_TO = "改成|改为|设成|设为|设置成|设置为|换成|重置为|重置成|改到|改為|設成|設為|設置為|換成|重設為"
# "reset my password to X", "password was changed to X" (a change verb is needed: "sent my password to"
# is followed by where it went, not by the password).
_EN_CHANGE = r"(?:reset|resetting|change|changed|changing|set|setting|update|updated|updating)"
_EN_CHANGED_TO = (
    rf"(?<![A-Za-z]){_EN_CHANGE}\s(?:my\s|the\s|your\s|our\s)?(?:password|passcode|PIN)\sto\s"
    rf"|(?<![A-Za-z])(?:password|passcode|PIN)(?:\s(?:was|has\sbeen|got|is\snow))?\s{_EN_CHANGE}\sto\s"
)
_HAS_DIGIT_OR_SYMBOL = r"(?=[A-Za-z]{0,31}[0-9!-/:-@\[-`{-~])"


class PasswordRecognizer(CnPatternRecognizer):
    ENTITY = PASSWORD
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "password_stated",
            rf"(?:{_CUES})(?:{_HEDGE}){{0,3}}(?:\s?(?:是|为|為|:|=)|\s+is)\s?(?P<pii>{_VALUE})",
            0.65,
        ),
        Pattern(
            "password_adjacent", rf"(?:{_CUES})\s?(?P<pii>(?=[A-Za-z!-/:-@]{{0,31}}[0-9]){_VALUE})", 0.65
        ),
        Pattern(
            "password_changed_to",
            rf"(?:{_CUES})[^。！？!?\n]{{0,30}}?(?:{_CHANGED_TO})了?\s?"
            rf"(?P<pii>{_HAS_DIGIT_OR_SYMBOL}{_VALUE})",
            0.6,
        ),
        Pattern(
            "password_changed_to_en",
            rf"(?:{_EN_CHANGED_TO})(?P<pii>{_HAS_DIGIT_OR_SYMBOL}{_VALUE})",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = _CUES.split("|")
    PREFILTER = regex.compile(
        "密码|密碼|口令|pin|passw|pwd", regex.IGNORECASE
    )  # faster than re when case-blind
    FLAGS = re.IGNORECASE
