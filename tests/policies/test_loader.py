"""Policy files: the shipped ones load; malformed ones fail fast naming the file, the key and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_gateway.errors import ConfigError, NotFound
from privacy_gateway.policies.loader import load_policies, load_policy_file, shipped_policies_dir
from privacy_gateway.policies.models import DisplayMaskRule, PlaceholderRule, RedactRule, VaultTokenRule

OK = "description: test\ndefault_rule: {operator: placeholder}\n"


def test_shipped_policies() -> None:
    policies = load_policies()
    assert policies.names() == ["agent_view", "analytics", "default", "strict"]
    assert load_policies(shipped_policies_dir()).names() == policies.names()
    default = policies.get("default")
    assert isinstance(default.spec.default_rule, PlaceholderRule)
    assert isinstance(default.rule_for("PHONE_NUMBER"), VaultTokenRule)
    assert isinstance(default.rule_for("EMAIL_ADDRESS"), VaultTokenRule)
    assert isinstance(policies.get("strict").rule_for("PERSON"), RedactRule)
    assert isinstance(policies.get("agent_view").rule_for("PHONE_NUMBER"), DisplayMaskRule)
    for policy in policies:
        assert policy.version.startswith("sha256:") and len(policy.version) == len("sha256:") + 16


def test_unknown_policy_name() -> None:
    with pytest.raises(NotFound, match="'nope'"):
        load_policies().get("nope")


def test_version_is_a_hash_of_the_content_not_the_layout(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for d in (a, b, c):
        d.mkdir()
    (a / "p.yaml").write_text("description: test\ndefault_rule: {operator: redact}\n")
    (b / "p.yaml").write_text(
        "# comment\ndefault_rule:\n  operator: redact\n  marker: <REDACTED>\ndescription: test\n"
    )
    (c / "p.yaml").write_text("description: test\ndefault_rule: {operator: redact, marker: X}\n")
    va, vb, vc = (load_policies(d).get("p").version for d in (a, b, c))
    assert va == vb != vc


def test_only_yaml_files_are_policies(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(OK)
    (tmp_path / "README.md").write_text("not a policy")
    (tmp_path / "consent").mkdir()
    (tmp_path / "consent" / "rules.yaml").write_text("something: else")
    assert load_policies(tmp_path).names() == ["p"]


@pytest.mark.parametrize(
    ("name", "content", "key", "reason"),
    [
        ("unknown_key", OK + "colour: red\n", "colour", "unknown key"),
        (
            "unknown_rule_key",
            "description: x\ndefault_rule: {operator: redact, marke: X}\n",
            "default_rule.marke",
            "unknown key",
        ),
        (
            "unknown_type",
            OK + "rules:\n  PHONE: {operator: redact}\n",
            "rules.PHONE",
            "unknown entity type 'PHONE'",
        ),
        ("unknown_operator", OK + "rules:\n  PERSON: {operator: hash}\n", "rules.PERSON.operator", "'hash'"),
        ("no_operator", OK + "rules:\n  PERSON: {length: 8}\n", "rules.PERSON.operator", "discriminator"),
        (
            "rule_not_mapping",
            "description: x\ndefault_rule: placeholder\n",
            "default_rule",
            "valid dictionary",
        ),
        ("missing_default", "description: x\n", "default_rule", "Field required"),
        ("missing_description", "default_rule: {operator: redact}\n", "description", "Field required"),
        (
            "bad_length",
            OK + "rules:\n  PERSON: {operator: pseudonym, length: 99}\n",
            "rules.PERSON.length",
            "less than or equal to 32",
        ),
        (
            "bad_keep",
            OK + "rules:\n  PHONE_NUMBER: {operator: display_mask, keep_first: -1}\n",
            "rules.PHONE_NUMBER.keep_first",
            "greater than or equal to 0",
        ),
        (
            "keep_on_person",
            OK + "rules:\n  PERSON: {operator: display_mask, keep_last: 1}\n",
            "rules.PERSON",
            "do not apply to PERSON",
        ),
        (
            "level_on_phone",
            OK + "rules:\n  PHONE_NUMBER: {operator: display_mask, level: city}\n",
            "rules.PHONE_NUMBER.level",
            "only applies to LOCATION",
        ),
        (
            "digit_mask",
            OK + "rules:\n  PHONE_NUMBER: {operator: display_mask, mask_char: '0'}\n",
            "rules.PHONE_NUMBER.mask_char",
            "letter, digit",
        ),
        (
            "two_char_mask",
            OK + "rules:\n  PHONE_NUMBER: {operator: display_mask, mask_char: '**'}\n",
            "rules.PHONE_NUMBER.mask_char",
            "at most 1",
        ),
        (
            "email_star",
            OK + "rules:\n  EMAIL_ADDRESS: {operator: display_mask, mask_char: '*'}\n",
            "rules.EMAIL_ADDRESS.mask_char",
            "detected again",
        ),
        (
            "email_star_default",
            "description: x\ndefault_rule: {operator: display_mask, mask_char: '＊'}\n",
            "default_rule.mask_char",
            "detected again",
        ),
        (
            "generalize_person",
            OK + "rules:\n  PERSON: {operator: generalize}\n",
            "rules.PERSON",
            "only applies to AMOUNT, LOCATION",
        ),
        (
            "generalize_default",
            "description: x\ndefault_rule: {operator: generalize}\n",
            "default_rule",
            "only applies to AMOUNT",
        ),
        (
            "buckets_order",
            OK + "rules:\n  AMOUNT: {operator: generalize, buckets: [500, 100]}\n",
            "rules.AMOUNT.buckets",
            "strictly increasing",
        ),
        (
            "buckets_empty",
            OK + "rules:\n  AMOUNT: {operator: generalize, buckets: []}\n",
            "rules.AMOUNT.buckets",
            "at least one",
        ),
        (
            "buckets_zero",
            OK + "rules:\n  AMOUNT: {operator: generalize, buckets: [0, 100]}\n",
            "rules.AMOUNT.buckets.0",
            "greater than 0",
        ),
        (
            "level_on_amount",
            OK + "rules:\n  AMOUNT: {operator: generalize, level: city}\n",
            "rules.AMOUNT.level",
            "does not apply",
        ),
        (
            "bad_level",
            OK + "rules:\n  LOCATION: {operator: generalize, level: street}\n",
            "rules.LOCATION.level",
            "'province', 'city' or 'district'",
        ),
        ("rules_list", OK + "rules: [PERSON]\n", "rules", "valid dictionary"),
        (
            "yaml_syntax",
            "description: x\ndefault_rule: {operator: redact\n",
            "line 3, column 1",
            "invalid YAML",
        ),
        ("yaml_tab", "description: x\n\tdefault_rule: {}\n", "line 2", "invalid YAML"),
        (
            "duplicate_key",
            OK + "rules:\n  PERSON: {operator: redact}\n  PERSON: {operator: placeholder}\n",
            "line 5",
            "duplicate key 'PERSON'",
        ),
        ("not_mapping", "- description\n", "(top level)", "expected a mapping"),
        ("empty", "", "(top level)", "expected a mapping"),
        (
            "python_tag",
            "description: !!python/object:os.system x\ndefault_rule: {operator: redact}\n",
            "line 1",
            "invalid YAML",
        ),
    ],
)
def test_malformed_policy_fails_naming_file_key_and_reason(
    tmp_path: Path, name: str, content: str, key: str, reason: str
) -> None:
    (tmp_path / "good.yaml").write_text(OK)
    path = tmp_path / f"{name}.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_policies(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert key in message and reason in message, message


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda d: None, "no policy files"),
        (lambda d: (d / "Bad-Name.yaml").write_text(OK), "lowercase letters"),
        (
            lambda d: (d / "latin1.yaml").write_bytes("description: caf\xe9\n".encode("latin-1")),
            "cannot read",
        ),
    ],
)
def test_bad_directories_and_files(tmp_path: Path, setup: object, reason: str) -> None:
    setup(tmp_path)  # type: ignore[operator]
    with pytest.raises(ConfigError, match=reason):
        load_policies(tmp_path)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_policies(tmp_path / "nope")


def test_single_file_loader_names_the_policy_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "call_center.yaml"
    path.write_text(OK)
    policy = load_policy_file(path)
    assert policy.name == "call_center"
    assert "call_center" in repr(policy) and policy.version in repr(policy)


def test_an_installed_wheel_uses_its_own_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from privacy_gateway.policies import loader

    package = tmp_path / "site-packages" / "privacy_gateway"
    (package / "_policies").mkdir(parents=True)
    (package / "_policies" / "only.yaml").write_text(OK)
    monkeypatch.setattr(loader, "_PACKAGE_DIR", package)
    assert load_policies().names() == ["only"]
