"""sign-ups the instance greeter has seen

Revision: 0004
Parent: 0003
Created: 2026-12-01 14:00:00
"""

import sqlalchemy as sa
from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "signups",
        sa.Column("account_id", sa.String(length=255), nullable=False),
        sa.Column("acct", sa.String(length=512), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("next_check_at", sa.DateTime(), nullable=True),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.Column("waiting_reason", sa.String(length=64), nullable=True),
        sa.Column("found_by", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_signups")),
    )
    with op.batch_alter_table("signups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signups_next_check_at"), ["next_check_at"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("signups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signups_next_check_at"))

    op.drop_table("signups")
