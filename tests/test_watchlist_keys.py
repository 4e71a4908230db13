"""The watchlist key: generation, files with 0600, the environment, fingerprints, the keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import stat

import pytest

from doxwacht.watchlist import keys as k


def test_generate_encode_decode_roundtrip():
    key = k.generate_key()
    assert k.decode_key(k.encode_key(key)) == key
    assert k.decode_key(key._secret.hex()) == key
    assert k.generate_key() != key


def test_repr_and_errors_never_show_the_key():
    key = k.generate_key()
    encoded = k.encode_key(key)
    assert encoded[6:] not in repr(key) and key._secret.hex() not in repr(key)
    assert key.fingerprint[:12] in repr(key)
    with pytest.raises(k.KeyFormatError) as e:
        k.decode_key("dxwk1:" + "A" * 10)
    assert "AAAAAAAAAA" not in str(e.value)


def test_fingerprint_is_a_keyed_label_not_the_key():
    key = k.generate_key()
    expected = hmac.new(key._secret, b"doxwacht/watchlist/key-fingerprint/v1", hashlib.sha256).hexdigest()[:32]
    assert key.fingerprint == expected
    assert key._secret.hex()[:16] not in key.fingerprint


def test_hasher_is_hmac_sha256_truncated_under_a_subkey():
    key = k.generate_key()
    h = key.hasher()
    sub = hmac.new(key._secret, b"doxwacht/watchlist/identifier-hash/v1", hashlib.sha256).digest()
    assert h.digest("phone", "+31612345678") == hmac.digest(sub, b"phone\x1f+31612345678", "sha256")[:16]
    assert h.digest("phone", "x") != h.digest("email", "x")  # domains are separate
    assert k.generate_key().hasher().digest("phone", "x") != h.digest("phone", "x")


def test_write_key_file_owner_only_and_no_overwrite(tmp_path):
    path = tmp_path / "cfg" / "watchlist.key"
    key = k.write_key_file(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert k.read_key_file(path) == key
    with pytest.raises(k.WatchlistKeyError):
        k.write_key_file(path)
    other = k.write_key_file(path, force=True)
    assert k.read_key_file(path) == other != key


def test_load_key_order(tmp_path):
    f1, f2 = tmp_path / "a.key", tmp_path / "b.key"
    key1, key2 = k.write_key_file(f1), k.write_key_file(f2)
    key3 = k.generate_key()
    env = {k.KEY_ENV: k.encode_key(key3), k.KEY_FILE_ENV: str(f2), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    assert k.load_key(f1, env=env) == key1
    assert k.load_key(None, env=env) == key3
    assert k.load_key(None, env={k.KEY_FILE_ENV: str(f2), "XDG_CONFIG_HOME": str(tmp_path)}) == key2
    default = k.default_key_path({"XDG_CONFIG_HOME": str(tmp_path / "x")})
    k.write_key_file(default, key1)
    assert k.load_key(None, env={"XDG_CONFIG_HOME": str(tmp_path / "x")}) == key1
    with pytest.raises(k.MissingKeyError):
        k.load_key(None, env={"XDG_CONFIG_HOME": str(tmp_path / "empty")})
    assert not k.key_configured({"XDG_CONFIG_HOME": str(tmp_path / "empty")})


def test_missing_or_bad_key_file(tmp_path):
    with pytest.raises(k.MissingKeyError):
        k.read_key_file(tmp_path / "nope.key")
    bad = tmp_path / "bad.key"
    bad.write_text("not a key")
    with pytest.raises(k.KeyFormatError):
        k.read_key_file(bad)


def test_world_readable_key_file_warns(tmp_path, caplog):
    path = tmp_path / "w.key"
    k.write_key_file(path)
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING):
        k.read_key_file(path)
    assert "0600" in caplog.text
