"""Safety filters: student personal data is redacted before it leaves and when it comes back,
and obvious prompt-injection attempts are flagged (or blocked). Every action is reported.

Redaction is pattern based on purpose: predictable, cheap, auditable. The student-ID formats
differ per district, so they are configurable (``SafetyConfig.extra_patterns``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ai_planner.gateway.errors import GatewayError
from ai_planner.gateway.schemas import ChatMessage, SafetyAction
from ai_planner.settings import Settings, SettingsError

EMAIL = r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
PHONE = (
    r"(?<![\w+])(?:"
    r"\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,3}"  # international
    r"|(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}"  # (555) 123-4567, 555-123-4567
    r")(?![\w])"
)
# "Student ID: 4471982", "student #A-20931", "pupil number 88123"
STUDENT_ID = (
    r"(?i:\b(?:student|pupil|learner)\s*(?:id|no\.?|number|#)\s*[:#]?\s*)[A-Za-z0-9-]{3,}\b"
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
    # name -> regular expression; the default catches labelled student IDs.
    extra_patterns: dict[str, str] = field(default_factory=lambda: {"student_id": STUDENT_ID})
    injection_action: Literal["flag", "block"] = "flag"


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

    # Characters held back while streaming so a pattern cut between chunks is still seen.
    STREAM_HOLDBACK = 64

    def __init__(self, config: SafetyConfig | None = None) -> None:
        self.config = config or SafetyConfig()
        patterns: list[tuple[str, str]] = []
        if self.config.redact_emails:
            patterns.append(("email", EMAIL))
        if self.config.redact_phones:
            patterns.append(("phone", PHONE))
        patterns.extend(self.config.extra_patterns.items())
        for name, _ in patterns:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"safety pattern name {name!r} must be snake_case")
        # One alternation with named groups: a single pass finds every kind.
        self._redactor = (
            re.compile("|".join(f"(?P<{name}>{regex})" for name, regex in patterns), re.MULTILINE)
            if patterns
            else None
        )
        self._injection = {
            name: re.compile(regex, re.IGNORECASE | re.MULTILINE)
            for name, regex in INJECTION_PATTERNS.items()
        }

    # --- redaction -------------------------------------------------------------------------
    def redact(self, text: str, counts: Counter[str] | None = None) -> str:
        if self._redactor is None:
            return text

        def replace(match: re.Match[str]) -> str:
            kind = match.lastgroup or "personal_data"
            if counts is not None:
                counts[kind] += 1
            return f"[redacted {kind}]"

        return self._redactor.sub(replace, text)

    def safe_cut(self, text: str) -> int:
        """Where a streamed buffer can be cut: no match may straddle the cut, and the tail
        (which a later chunk could still turn into a match) is held back."""
        cut = max(0, len(text) - self.STREAM_HOLDBACK)
        if self._redactor is None:
            return len(text)
        if cut == 0:
            return 0  # all of it is held back: nothing to scan yet
        for match in self._redactor.finditer(text):
            if match.start() < cut < match.end():
                return match.start()
        return cut

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
                for name, pattern in self._injection.items():
                    found = len(pattern.findall(message.content))
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
    """Redacts a stream of text chunks without missing a match cut across two chunks."""

    def __init__(self, safety: SafetyFilter) -> None:
        self._safety = safety
        self._pending = ""
        self.counts: Counter[str] = Counter()

    def feed(self, text: str) -> str:
        self._pending += text
        cut = self._safety.safe_cut(self._pending)
        ready, self._pending = self._pending[:cut], self._pending[cut:]
        return self._safety.redact(ready, self.counts) if ready else ""

    def flush(self) -> str:
        ready, self._pending = self._pending, ""
        return self._safety.redact(ready, self.counts) if ready else ""
