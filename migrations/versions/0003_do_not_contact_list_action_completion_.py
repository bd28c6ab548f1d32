"""do-not-contact list, action completion time and language

Revision: 0003
Parent: 0002
Created: 2026-11-26 17:33:46.120368
"""

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('do_not_contact',
    sa.Column('account_id', sa.String(length=255), nullable=False),
    sa.Column('acct', sa.String(length=512), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_do_not_contact'))
    )
    with op.batch_alter_table('do_not_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_do_not_contact_acct'), ['acct'], unique=False)

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f('ix_actions_done_at'), ['done_at'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actions_done_at'))
        batch_op.drop_column('language')
        batch_op.drop_column('done_at')

    with op.batch_alter_table('do_not_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_do_not_contact_acct'))

    op.drop_table('do_not_contact')

