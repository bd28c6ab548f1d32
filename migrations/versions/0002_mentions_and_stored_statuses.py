"""mentions and stored statuses

Revision: 0002
Parent: 0001
Created: 2026-11-26 17:22:41.856994
"""

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('mentions',
    sa.Column('account_id', sa.String(length=255), nullable=False),
    sa.Column('acct', sa.String(length=512), nullable=False),
    sa.Column('first_at', sa.DateTime(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_status_id', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_mentions'))
    )
    with op.batch_alter_table('followers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statuses_json', sa.Text(), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('followers', schema=None) as batch_op:
        batch_op.drop_column('statuses_json')

    op.drop_table('mentions')

