import pytest

from privacy_gateway.apikeys.tokens import hash_key, matches, new_key, parse_prefix


def test_new_key_round_trips_through_prefix_and_hash():
    prefix, key = new_key()
    assert parse_prefix(key) == prefix
    assert matches(key, hash_key(key))
    assert not matches(key + "x", hash_key(key))


def test_keys_are_unique():
    assert len({new_key()[1] for _ in range(200)}) == 200


@pytest.mark.parametrize(
    "key",
    [
        "",
        "pg_not_a_real_key_000000000000",
        "pg_abcdefgh_" + "a" * 39,
        "pg_abcdefgh_" + "a" * 41,
        "xx_abcdefgh_" + "a" * 40,
        "pg_abc!efgh_" + "a" * 40,
        " pg_abcdefgh_" + "a" * 40,
    ],
)
def test_malformed_keys_have_no_prefix(key):
    assert parse_prefix(key) is None
