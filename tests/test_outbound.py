"""ai_planner.outbound: the one rule for where the product may send a request on a tenant's
behalf, and ai_planner.secret_values: secret-looking entries in a provider's settings.
Nothing here touches the network: names resolve through a fake ``socket.getaddrinfo``."""

from __future__ import annotations

import pytest

from ai_planner.outbound import (
    OutboundConfigError,
    OutboundPolicy,
    OutboundRefused,
    check_base_url,
    vetted_addresses,
)
from ai_planner.secret_values import secret_like_settings_keys
from ai_planner.settings import Settings, SettingsError, get_settings, reset_settings_cache
from tests.gateway.outbound_fakes import FakeResolver, resolver  # noqa: F401  (fixture)

DEV = OutboundPolicy.parse("", allow_loopback=True)
PROD = OutboundPolicy.parse("llm.corp.internal, 10.20.0.0/16, fd12::/16", require_https=True)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://api.openai.com@169.254.169.254/", "user name or password"),
        ("https://user:pw@llm.example.org/v1", "user name or password"),
        ("http://2130706433/", "unusual form"),
        ("http://0x7f000001/", "unusual form"),
        ("http://127.1/", "unusual form"),
        ("http://0x7f.0.0.1/", "unusual form"),
        ("http://0177.0.0.1/", "not a valid URL"),
        ("http://169.254.169.254/latest/meta-data", "cloud metadata"),
        ("http://[fd00:ec2::254]/", "cloud metadata"),
        ("http://100.100.100.200/", "cloud metadata"),
        ("http://metadata.google.internal/computeMetadata/v1", "cloud metadata"),
        ("http://METADATA.GOOGLE.INTERNAL./", "cloud metadata"),
        ("http://[::ffff:169.254.169.254]/", "cloud metadata"),  # IPv4-mapped
        ("http://[64:ff9b::a9fe:a9fe]/", "cloud metadata"),  # NAT64
        ("http://169.254.10.1/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fe80::1%25eth0]/", "network interface"),
        ("http://224.0.0.251/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://0.0.0.0:8000/", "unspecified"),
        ("http://[::]/", "unspecified"),
        ("http://255.255.255.255/", "reserved"),
        ("http://10.0.0.5/v1", "private network"),
        ("http://192.168.1.10/v1", "private network"),
        ("http://172.16.0.1/v1", "private network"),
        ("http://100.64.0.1/v1", "private network"),  # carrier-grade NAT
        ("http://[fd00::1]/v1", "private network"),
        ("ftp://llm.example.org/", "https://"),
        ("not a url", "https://"),
        ("http:///v1", "no host"),
    ],
)
def test_refused_urls_say_why(url: str, why: str) -> None:
    with pytest.raises(OutboundRefused, match=why):
        check_base_url(url, DEV)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com/v1",
        "https://api.anthropic.com",
        "http://127.0.0.1:11434/v1",  # loopback: development and test only
        "http://localhost:8000/v1",
        "http://[::1]:8000/v1",
        "https://llm.example.org:8443/openai/v1/",
    ],
)
def test_public_and_development_loopback_urls_pass(url: str) -> None:
    assert check_base_url(url, DEV) == url.strip().rstrip("/")


def test_production_needs_https_and_a_listing_for_private_hosts() -> None:
    assert check_base_url("https://llm.corp.internal/v1", PROD) == "https://llm.corp.internal/v1"
    assert check_base_url("https://10.20.3.4/v1", PROD)
    assert check_base_url("https://[fd12::7]/v1", PROD)
    for url, why in [
        ("http://llm.corp.internal/v1", "https"),
        ("https://127.0.0.1/v1", "AI_PROVIDER_ALLOWED_HOSTS"),
        ("https://localhost/v1", "AI_PROVIDER_ALLOWED_HOSTS"),
        ("https://10.21.0.1/v1", "AI_PROVIDER_ALLOWED_HOSTS"),
        ("https://169.254.169.254/v1", "never allowed"),
    ]:
        with pytest.raises(OutboundRefused, match=why):
            check_base_url(url, PROD)


@pytest.mark.parametrize(
    "entry",
    [
        "http://llm.internal",
        "llm.internal:8000",
        "169.254.169.254",
        "169.254.0.0/16",
        "0.0.0.0/0",
        "::/0",
        "224.0.0.0/4",
        "metadata.google.internal",
        "2130706433",
    ],
)
def test_allowed_hosts_entries_that_can_never_work_are_refused(entry: str) -> None:
    with pytest.raises(OutboundConfigError, match="AI_PROVIDER_ALLOWED_HOSTS"):
        OutboundPolicy.parse(entry)


def test_allowed_hosts_setting_is_validated_and_loopback_depends_on_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    policy = OutboundPolicy.from_settings(
        Settings(AI_PROVIDER_ALLOWED_HOSTS="llm.corp.internal, 10.0.0.0/8")
    )
    assert policy.allow_loopback and not policy.require_https  # the test environment
    assert policy.allowed_hosts == {"llm.corp.internal"}
    production = Settings().model_copy(update={"env": "production"})
    assert not OutboundPolicy.from_settings(production).allow_loopback
    assert OutboundPolicy.from_settings(production).require_https
    monkeypatch.setenv("AI_PROVIDER_ALLOWED_HOSTS", "169.254.169.254")
    reset_settings_cache()
    try:
        with pytest.raises(SettingsError, match="AI_PROVIDER_ALLOWED_HOSTS"):
            get_settings()
    finally:
        monkeypatch.undo()
        reset_settings_cache()


async def test_every_resolved_address_is_checked(resolver: FakeResolver) -> None:  # noqa: F811
    resolver.names.update(
        {
            "public.test": ["203.0.113.10", "2001:db8::10"],
            "metadata-alias.test": "169.254.169.254",
            "mixed.test": ["127.0.0.1", "10.1.2.3"],
            "internal.test": "10.20.9.9",
        }
    )
    with pytest.raises(OutboundRefused, match=r"metadata-alias\.test, which resolves to"):
        await vetted_addresses("metadata-alias.test", 80, DEV)
    with pytest.raises(OutboundRefused, match=r"10\.1\.2\.3"):
        await vetted_addresses("mixed.test", 80, DEV)  # one bad address spoils the name
    assert await vetted_addresses("internal.test", 443, PROD) == ["10.20.9.9"]
    assert await vetted_addresses("127.0.0.1", 80, DEV) == ["127.0.0.1"]  # no lookup
    with pytest.raises(OutboundRefused, match="unusual form"):
        await vetted_addresses("2130706433", 80, DEV)  # refused before any lookup
    with pytest.raises(OSError):
        await vetted_addresses("unknown.test", 80, DEV)
    assert "2130706433" not in resolver.lookups and "127.0.0.1" not in resolver.lookups


@pytest.mark.parametrize(
    ("settings", "found"),
    [
        ({"base_url": "https://llm.example.org/v1", "max_tokens": 900}, []),
        ({"x-api-key": "abc"}, ["x-api-key"]),
        ({"apiKey": "abc", "API_KEY": "abc", "Authorization": "Bearer abc"},
         ["apiKey", "API_KEY", "Authorization"]),
        ({"headers": {"authorization": "Bearer abcdefgh", "x-trace": "on"}},
         ["headers.authorization"]),
        ({"auth": {"token": "t"}}, ["auth"]),
        ({"client": {"password": "p", "user": "u", "access_token": "a"}},
         ["client.password", "client.access_token"]),
        ({"extra_headers": [{"name": "x", "value": "sk-abcdefghijklmnop"}]},
         ["extra_headers[0].value"]),
        ({"token_limit": 3, "key_format": "pem", "organization": "org-1"}, []),
        ({"secret": ""}, []),  # an empty value holds nothing
    ],
)
def test_secret_like_settings_keys(settings: dict, found: list[str]) -> None:
    assert secret_like_settings_keys(settings) == found
