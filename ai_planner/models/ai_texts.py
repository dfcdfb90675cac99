"""What a generation said, beside its audit row: the seed's ``ai_invocations`` keeps exactly
its columns (ids, tokens, timings, status), and the words live here.

One row per invocation, removed with it (ON DELETE CASCADE): the teacher's prompt, the answer
(streamed in, kept when the tab is closed), and, only while a request awaits approval, the
rendered messages the approver sees and the approved run sends.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ai_planner.models.base import JsonB, created_at_field, fk_field, updated_at_field

MAX_ANSWER_CHARS = 200_000


class AiInvocationText(SQLModel, table=True):
    __tablename__ = "ai_invocation_texts"

    invocation_id: int = Field(sa_column=sa.Column(
        sa.BigInteger, sa.ForeignKey("ai_invocations.id", ondelete="CASCADE"),
        primary_key=True, autoincrement=False))
    tenant_id: int = fk_field("tenants.id", index=True)
    prompt: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    answer: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    request_messages: list[dict[str, Any]] | None = Field(
        default=None, sa_column=sa.Column(JsonB, nullable=True))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
