"""The answers that carry a note, indexed apart: a rescoring reads the few notes without scanning every answer

Revision ID: 0009_noted
Revises: 0008_trends
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_noted"
down_revision: str | None = "0008_trends"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOTED = sa.text("note != ''")


def upgrade() -> None:
    op.create_index("ix_answer_noted", "answer", ["sheet_id"], sqlite_where=NOTED, postgresql_where=NOTED)


def downgrade() -> None:
    op.drop_index("ix_answer_noted", table_name="answer")
