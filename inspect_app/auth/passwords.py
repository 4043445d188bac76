"""Password hashes: argon2id at OWASP's parameters; older werkzeug hashes still verify.

Only auth/services.py calls this module; it never decides whether a password is allowed.
"""

import functools
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB of memory, 2 iterations, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)
ARGON2_PREFIX = "$argon2id$"


def hash_password(password: str) -> str:
    """A new argon2id hash of password."""
    return HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether password matches stored_hash (argon2id, or a werkzeug scrypt/pbkdf2 hash)."""
    if not stored_hash.startswith(ARGON2_PREFIX):
        return check_password_hash(stored_hash, password)
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether stored_hash is older than argon2id at today's parameters."""
    return not stored_hash.startswith(ARGON2_PREFIX) or HASHER.check_needs_rehash(stored_hash)


# The hash of a random secret nobody kept, at HASHER's parameters: a username nobody has is
# verified against it, so it costs what a known one costs (a test checks the parameters match).
DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$oOcVaSXRb2mJjJF8eRQmcQ$kyAN38rhRdTKf0JUaEtUO9KOnDpblvkTywFmAV9t6XM"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    text = files("inspect_app.auth").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
