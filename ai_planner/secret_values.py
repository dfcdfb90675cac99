"""Secret values: kept as ``pydantic.SecretStr`` until the moment they are sent, and spotted
where they do not belong (a provider's ``settings`` JSON). Neutral: no Reflex, database or
gateway imports."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any

from pydantic import SecretStr


def reveal(value: SecretStr | str | None) -> str:
    """The plaintext, at the last moment ("" for none). Accepts a plain string too, as a
    value copied in without validation (``model_copy(update=...)``) still is one."""
    if value is None:
        return ""
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def as_secret(value: SecretStr | str | None) -> SecretStr | None:
    """``value`` as a :class:`SecretStr`; ``None`` when there is no (or an empty) secret."""
    plain = reveal(value)
    if not plain:
        return None
    return value if isinstance(value, SecretStr) else SecretStr(plain)


# Words of a settings key that make it look like it holds a secret: anywhere in the key
# ("client_secret_id"), or only as its last word ("api_key", but not "key_format";
# "access_token", but not "token_limit" or "max_tokens").
_SECRET_WORDS = frozenset(
    {
        "apikey",
        "auth",
        "authorization",
        "bearer",
        "cookie",
        "cookies",
        "credential",
        "credentials",
        "oauth",
        "passphrase",
        "passwd",
        "password",
        "privatekey",
        "pwd",
        "secret",
        "secrets",
    }
)
_SECRET_LAST_WORDS = frozenset({"key", "keys", "token", "signature", "sig"})
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# Values that are credentials whatever their key is called.
_SECRET_VALUE = re.compile(r"^\s*(?:bearer|basic)\s+\S{8,}|^\s*sk-[A-Za-z0-9_\-]{8,}", re.I)


def _looks_secret(key: str) -> bool:
    words = [w.lower() for w in _WORD.findall(key)]
    if not words:
        return False
    # "api_key", "apiKey", "x-api-key" and "APIKEY" are all one idea
    pairs = {first + second for first, second in itertools.pairwise(words)}
    named = _SECRET_WORDS.intersection(words) or _SECRET_WORDS.intersection(pairs)
    return bool(named) or words[-1] in _SECRET_LAST_WORDS


def secret_like_settings_keys(settings: Mapping[str, Any]) -> list[str]:
    """Dotted paths (``headers.authorization``, ``auth[0].token``) of the entries of a
    provider's ``settings`` that look like they hold a secret, nested ones included: a key
    named like one (``x-api-key``, ``token``, ``password``, ``Authorization``…) or a value
    that is one (``Bearer …``, ``sk-…``). Keys belong in the encrypted key field, never in
    settings, which are stored and shown in plaintext."""
    found: list[str] = []

    def visit(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                if _looks_secret(str(key)) and item not in (None, "", {}, []):
                    found.append(where)
                else:
                    visit(item, where)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                visit(item, f"{path}[{index}]")
        elif isinstance(value, str) and _SECRET_VALUE.match(value):
            found.append(path)

    visit(settings, "")
    return found
