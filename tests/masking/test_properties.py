"""Properties over generated feedback, with the real detector (tests/masking/strategies.py).

Masking takes ``Detector.detect_all`` (overlaps kept, merged by the Masker): ``detect`` drops the losers
of an overlap, and what a dropped span covered outside the winner stays in clear (扣了¥10，1101...: the
AMOUNT reaches into the ID and loses, so ¥10 survived).

- no detected raw value appears anywhere in any policy's output (except what a policy may show by
  design: places no finer than the policy's region level; and values of one character, which
  masking.repeats does not chase through the text);
- masking already-masked text finds nothing new: the masked text is a fixed point of detect + mask, and
  for default/strict (and the number display masks of agent_view) the detector finds nothing at all;
- offsets round-trip: the entities are the merged detections (plus their repeats), index the original
  text, and the text between them is carried over unchanged;
- the same value gets the same pseudonym across records under one key; another key, another token.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from privacy_gateway.detection.engine import Detector, get_detector
from privacy_gateway.detection.overlaps import merge_overlaps
from privacy_gateway.masking.engine import Masker
from privacy_gateway.masking.repeats import MIN_LENGTH, with_repeats
from privacy_gateway.policies.loader import PolicySet
from privacy_gateway.types import LOCATION, Span
from tests.masking.strategies import VALUES, feedback, filler

POLICIES = ["default", "agent_view", "analytics", "strict"]
# Output shapes of each replaced region, where a policy's output is fully predictable.
REPLACEMENT = {"default": r"<[A-Z_]+_\d+>", "strict": r"<REDACTED>"}
# Policies whose output may show a place at its region level (a detected bare city stays a city).
REGION_LEVEL = {"agent_view", "analytics"}

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def detector() -> Detector:
    return get_detector()


def _may_show(policy: str, entity_type: str) -> bool:
    return entity_type == LOCATION and policy in REGION_LEVEL


@PROPERTY
@given(text=feedback())
@example(text="扣了¥10，110101200001010002，")  # an AMOUNT reaching into an ID (found by hypothesis)
@example(text="310104200001010009，发票号310104200001010009，")  # the repeat after a negative cue
@pytest.mark.parametrize("policy", POLICIES)
def test_no_detected_value_survives(detector: Detector, masker: Masker, policy: str, text: str) -> None:
    spans = detector.detect_all(text)
    out = masker.mask(text, spans, policy=policy).text
    for span in spans:
        if not _may_show(policy, span.entity_type) and span.end - span.start >= MIN_LENGTH:
            assert text[span.start : span.end] not in out, (span.entity_type, out)


@PROPERTY
@given(text=feedback())
@example(text="扣了¥10，110101200001010002，")  # an AMOUNT reaching into an ID (found by hypothesis)
@example(text="310104200001010009，发票号310104200001010009，")  # the repeat after a negative cue
@pytest.mark.parametrize("policy", POLICIES)
def test_masking_masked_text_finds_nothing_new(
    detector: Detector, masker: Masker, policy: str, text: str
) -> None:
    out = masker.mask(text, detector.detect_all(text), policy=policy).text
    again = detector.detect_all(out)
    shown = [s for s in again if _may_show(policy, s.entity_type)]
    assert again == shown, [(s.entity_type, out[s.start : s.end]) for s in again]
    assert masker.mask(out, again, policy=policy).text == out


@PROPERTY
@given(text=feedback())
@example(text="扣了¥10，110101200001010002，")  # an AMOUNT reaching into an ID (found by hypothesis)
@example(text="310104200001010009，发票号310104200001010009，")  # the repeat after a negative cue
@pytest.mark.parametrize("policy", POLICIES)
def test_offsets_round_trip(detector: Detector, masker: Masker, policy: str, text: str) -> None:
    spans = detector.detect_all(text)
    result = masker.mask(text, spans, policy=policy)
    merged = with_repeats(text, merge_overlaps(spans))
    assert [(e.entity_type, e.start, e.end) for e in result.entities] == [
        (s.entity_type, s.start, s.end) for s in merged
    ]
    # every detected character is inside an entity
    covered = {i for e in result.entities for i in range(e.start, e.end)}
    assert all(i in covered for s in spans for i in range(s.start, s.end))
    # the text between entities is carried over unchanged, in order
    gaps, cursor = [], 0
    for e in result.entities:
        gaps.append(text[cursor : e.start])
        cursor = e.end
    gaps.append(text[cursor:])
    replacement = f"(?:{REPLACEMENT[policy]})" if policy in REPLACEMENT else "(?:.+?)"
    assert re.fullmatch(replacement.join(map(re.escape, gaps)), result.text, flags=re.DOTALL)
    for item in result.vault_items:
        entity = result.entities[item.index]
        assert item.original == text[entity.start : entity.end] == text[item.start : item.end]


# analytics pseudonymises everything but AMOUNT and LOCATION (generalised instead)
PSEUDONYMISED = sorted(set(VALUES) - {"AMOUNT", LOCATION})


@st.composite
def records_with_one_value(draw: st.DrawFn) -> tuple[str, str, str, str]:
    entity_type = draw(st.sampled_from(PSEUDONYMISED))
    value = draw(VALUES[entity_type])
    return entity_type, value, draw(filler), draw(filler)


def _token(masker: Masker, entity_type: str, value: str, before: str, after: str) -> str:
    text = before + value + after
    span = Span(entity_type, len(before), len(before) + len(value), 0.9)
    result = masker.mask(text, [span], policy="analytics")
    return result.text[len(before) : len(result.text) - len(after)]


@PROPERTY
@given(case=records_with_one_value(), other=records_with_one_value())
def test_pseudonyms_link_under_one_key_only(
    policies: PolicySet, case: tuple[str, str, str, str], other: tuple[str, str, str, str]
) -> None:
    entity_type, value, before, after = case
    _, _, before2, after2 = other
    key_a = Masker(policies, key_for=lambda label: b"A" * 32)
    key_b = Masker(policies, key_for=lambda label: b"B" * 32)
    first = _token(key_a, entity_type, value, before, after)
    assert re.fullmatch(f"<{entity_type}_[a-z]{{16}}>", first)
    assert _token(key_a, entity_type, value, before2, after2) == first  # another record, same key
    assert _token(key_b, entity_type, value, before, after) != first  # same record, another key


@pytest.mark.parametrize(
    "text",
    [
        "6222020000000007 6222 0200 0000 0007，",  # a card right after another number and a space
        "扣了¥10,110101200001010002，",  # an amount's thousands group must not read into an ID
    ],
)
def test_former_detector_gaps(detector: Detector, masker: Masker, text: str) -> None:
    out = masker.mask(text, detector.detect_all(text), policy="default").text
    assert detector.detect_all(out) == []
