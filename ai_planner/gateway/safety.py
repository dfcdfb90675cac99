"""Safety filters: student personal data is redacted before it leaves and when it comes back,
and obvious prompt-injection attempts are flagged (or blocked). Every action is reported.

What counts as personal data is one grammar (``pii``), used alike for whole texts and for
streams. The student-ID formats differ per district, so they are configurable
(``SafetyConfig.extra_patterns``). Injection patterns are matched on a normalised copy of the
text (NFKC, invisible characters removed), so "ignore" in fullwidth letters or with a
zero-width space inside still reads as "ignore".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ai_planner.gateway.errors import GatewayError
from ai_planner.gateway.pii import STUDENT_ID, Grammar, safe_cut
from ai_planner.gateway.schemas import ChatMessage, SafetyAction
from ai_planner.settings import Settings, SettingsError

# Regions whose national phone formats are recognised (any number written with + is).
DEFAULT_PHONE_REGIONS = ("US", "GB", "DE")
# Zero-width and other invisible format characters that can hide a word from a pattern.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)

INJECTION_PATTERNS: dict[str, str] = {
    "instruction_override": (
        r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*"
        r"(?:previous|prior|above|earlier|preceding|system|original)\s+"
        r"(?:instructions?|prompts?|rules|directions|guidelines)"
    ),
    "prompt_exfiltration": (
        r"\b(?:reveal|print|show|repeat|output|leak|display)\s+(?:me\s+)?(?:your|the)\s+"
        r"(?:system\s+prompt|hidden\s+(?:instructions|prompt)|initial\s+instructions|"
        r"instructions\s+above)"
    ),
    "jailbreak": (
        r"\b(?:you\s+are\s+now\s+(?:DAN|jailbroken|in\s+developer\s+mode)|developer\s+mode\s+"
        r"enabled|do\s+anything\s+now|without\s+any\s+(?:restrictions|filters|rules))"
    ),
    "role_spoofing": r"(?:</?\s*(?:system|assistant)\s*>|^\s*#{0,3}\s*system\s*:)",
}


@dataclass(frozen=True)
class SafetyConfig:
    redact_emails: bool = True
    redact_phones: bool = True
    phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS
    # name -> regular expression; the default catches student IDs.
    extra_patterns: dict[str, str] = field(default_factory=lambda: {"student_id": STUDENT_ID})
    injection_action: Literal["flag", "block"] = "flag"


def normalise_for_matching(text: str) -> str:
    """``text`` as the injection patterns read it: NFKC (fullwidth and other compatibility
    forms become plain letters) without invisible characters."""
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))


def safety_config_from_settings(settings: Settings) -> SafetyConfig:
    """Defaults plus the operator's extra patterns and injection action from the environment."""
    for name, regex in settings.safety_redact_patterns.items():
        try:
            re.compile(regex)
        except re.error as exc:
            raise SettingsError(
                f"AI_SAFETY_REDACT_PATTERNS: pattern {name!r} is not a valid regex: {exc}"
            ) from exc
    return SafetyConfig(
        extra_patterns={"student_id": STUDENT_ID, **settings.safety_redact_patterns},
        injection_action=settings.safety_injection_action,
    )


class SafetyFilter:
    """Compiled filters for one configuration; cheap to call per message and per chunk."""

    def __init__(self, config: SafetyConfig | None = None) -> None:
        self.config = config or SafetyConfig()
        for name in self.config.extra_patterns:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"safety pattern name {name!r} must be snake_case")
        self.grammar = Grammar(
            emails=self.config.redact_emails,
            phone_regions=self.config.phone_regions if self.config.redact_phones else (),
            patterns=self.config.extra_patterns.items(),
        )
        self._injection = {
            name: re.compile(regex, re.IGNORECASE | re.MULTILINE)
            for name, regex in INJECTION_PATTERNS.items()
        }

    # --- redaction -------------------------------------------------------------------------
    def redact(self, text: str, counts: Counter[str] | None = None) -> str:
        if not self.grammar:
            return text
        spans = self.grammar.scan(text).spans
        if counts is not None:
            counts.update(span.kind for span in spans)
        return self.grammar.redact(text, spans, 0, len(text))

    # --- input -----------------------------------------------------------------------------
    def check_input(
        self, messages: list[ChatMessage]
    ) -> tuple[list[ChatMessage], list[SafetyAction]]:
        """Redact personal data in every message; flag or block injection in caller text.

        The system prompt is trusted (it comes from the tenant's template or from us), so it
        is redacted but not scanned for injection.
        """
        counts: Counter[str] = Counter()
        injections: Counter[str] = Counter()
        cleaned: list[ChatMessage] = []
        for message in messages:
            if message.role != "system":
                readable = normalise_for_matching(message.content)
                for name, pattern in self._injection.items():
                    found = len(pattern.findall(readable))
                    if found:
                        injections[name] += found
            cleaned.append(
                ChatMessage(role=message.role, content=self.redact(message.content, counts))
            )
        actions = [
            SafetyAction(stage="input", action="redacted", category=kind, count=n)
            for kind, n in sorted(counts.items())
        ]
        verdict: Literal["flagged", "blocked"] = (
            "blocked" if self.config.injection_action == "block" else "flagged"
        )
        actions += [
            SafetyAction(
                stage="input", action=verdict, category=f"prompt_injection:{kind}", count=n
            )
            for kind, n in sorted(injections.items())
        ]
        if injections and verdict == "blocked":
            kinds = ", ".join(k.replace("_", " ") for k in sorted(injections))
            raise GatewayError(
                "input_blocked",
                f"The request was blocked by the safety filter (possible prompt injection: "
                f"{kinds}). Rephrase the request without instructions aimed at the AI itself.",
                status=400,
                extra={"safety": [a.model_dump() for a in actions]},
            )
        return cleaned, actions

    def output_actions(self, counts: Counter[str]) -> list[SafetyAction]:
        return [
            SafetyAction(stage="output", action="redacted", category=kind, count=n)
            for kind, n in sorted(counts.items())
        ]


class StreamRedactor:
    """Redacts a stream of text chunks exactly as :meth:`SafetyFilter.redact` redacts the
    whole text: the tail that a later chunk could still turn into a match is held back, and
    the grammar reads on from where it stopped, seeing a little of what went before (a
    pattern may look one character back)."""

    CONTEXT = 16  # characters of emitted text kept for the look back
    # Characters that arrive before the text is read again: reading it on every token would
    # cost a scan of the held-back tail per token; this way text goes out in small bursts.
    BATCH = 32

    def __init__(self, safety: SafetyFilter) -> None:
        self._grammar = safety.grammar
        self._context = ""
        self._pending = ""
        self._unread = 0
        self.counts: Counter[str] = Counter()

    def feed(self, text: str) -> str:
        self._pending += text
        if not self._grammar:
            ready, self._pending = self._pending, ""
            return ready
        self._unread += len(text)
        if self._unread < self.BATCH:
            return ""
        self._unread = 0
        return self._emit(final=False)

    def flush(self) -> str:
        return self._emit(final=True) if self._pending else ""

    def _emit(self, *, final: bool) -> str:
        window = self._context + self._pending
        start = len(self._context)
        scan = self._grammar.scan(window, start)
        cut = len(window) if final else safe_cut(window, start, scan.candidates)
        if cut == start:
            return ""
        spans = [span for span in scan.spans if span.start < cut]
        self.counts.update(span.kind for span in spans)
        ready = self._grammar.redact(window, spans, start, cut)
        self._context, self._pending = window[max(0, cut - self.CONTEXT) : cut], window[cut:]
        return ready
