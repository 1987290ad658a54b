"""The recognizers the gateway's analyzer loads, in one explicit list.

Add a recognizer: write recognizers/<name>.py (one class), import it here and add it to
``recognizer_classes()``. Nothing is discovered implicitly.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerRegistry

LANGUAGE = "zh"


def recognizer_classes() -> list[type[EntityRecognizer]]:
    from privacy_gateway.detection.recognizers.alipay_account import AlipayAccountRecognizer
    from privacy_gateway.detection.recognizers.bank_card import BankCardRecognizer
    from privacy_gateway.detection.recognizers.cn_amount import CnAmountRecognizer
    from privacy_gateway.detection.recognizers.cn_hk_macau_permit import CnHkMacauPermitRecognizer
    from privacy_gateway.detection.recognizers.cn_license_plate import CnLicensePlateRecognizer
    from privacy_gateway.detection.recognizers.cn_location import CnLocationRecognizer
    from privacy_gateway.detection.recognizers.cn_passport import CnPassportRecognizer
    from privacy_gateway.detection.recognizers.cn_person import CnPersonRecognizer
    from privacy_gateway.detection.recognizers.cn_phone import CnPhoneRecognizer
    from privacy_gateway.detection.recognizers.cn_resident_id import CnResidentIdRecognizer
    from privacy_gateway.detection.recognizers.cn_taiwan_permit import CnTaiwanPermitRecognizer
    from privacy_gateway.detection.recognizers.email import CnEmailRecognizer
    from privacy_gateway.detection.recognizers.ip_address import IpAddressRecognizer
    from privacy_gateway.detection.recognizers.password import PasswordRecognizer
    from privacy_gateway.detection.recognizers.verification_code import VerificationCodeRecognizer
    from privacy_gateway.detection.recognizers.wechat_id import WechatIdRecognizer

    return [
        CnPhoneRecognizer,
        CnResidentIdRecognizer,
        BankCardRecognizer,
        CnEmailRecognizer,
        CnPassportRecognizer,
        CnHkMacauPermitRecognizer,
        CnTaiwanPermitRecognizer,
        CnLicensePlateRecognizer,
        VerificationCodeRecognizer,
        PasswordRecognizer,
        IpAddressRecognizer,
        WechatIdRecognizer,
        AlipayAccountRecognizer,
        CnAmountRecognizer,
        CnLocationRecognizer,
        CnPersonRecognizer,
    ]


def build_registry() -> RecognizerRegistry:
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for cls in recognizer_classes():
        registry.add_recognizer(cls(supported_language=LANGUAGE))  # type: ignore[call-arg]
    return registry
