"""What the gateway reports a generation consumed."""

from __future__ import annotations

from pydantic import BaseModel

MAX_PER_PAGE = 100


class TokenUsage(BaseModel):
    """What the gateway reports for one generation."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
