from __future__ import annotations

import re

import pytest

from privacy_gateway.errors import InvalidInput
from privacy_gateway.export.pseudonyms import dataset_key, policy_key_for, subject_pseudonym
from privacy_gateway.keyring import KeyRing

RING = KeyRing(master_keys={1: b"m" * 32}, hmac_root=b"r" * 32, signing_seed=b"s" * 32)


def test_each_dataset_has_its_own_key_and_pseudonyms() -> None:
    a, b = dataset_key(RING.derive, "d1"), dataset_key(RING.derive, "d2")
    assert a != b
    assert subject_pseudonym(a, "user-1") != subject_pseudonym(b, "user-1")
    assert subject_pseudonym(a, "user-1") == subject_pseudonym(dataset_key(RING.derive, "d1"), "user-1")


def test_a_named_link_key_is_shared_by_datasets_and_differs_from_per_dataset_keys() -> None:
    a = dataset_key(RING.derive, "d1", link_key="churn-study")
    b = dataset_key(RING.derive, "d2", link_key="churn-study")
    assert a == b
    assert a not in (dataset_key(RING.derive, "d1"), dataset_key(RING.derive, "d1", link_key="other"))


@pytest.mark.parametrize("name", ["", "Upper", "has space", "-lead", "x" * 65, "a/b"])
def test_link_key_names_are_checked(name: str) -> None:
    with pytest.raises(InvalidInput):
        dataset_key(RING.derive, "d1", link_key=name)


@pytest.mark.parametrize("subject", ["user-1", "13812345678", "张三", ""])
def test_subject_pseudonym_shape_never_reads_as_a_number(subject: str) -> None:
    token = subject_pseudonym(b"k" * 32, subject)
    assert re.fullmatch(r"p_[a-z2-7]{16}", token)
    assert not subject or subject not in token


def test_policy_keys_descend_from_the_dataset_key() -> None:
    assert policy_key_for(b"a" * 32)("policy:analytics") != policy_key_for(b"b" * 32)("policy:analytics")
    assert len(policy_key_for(b"a" * 32)("policy:analytics")) == 32
