"""organization.has_logo, apart from the cache-busting logo_version

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 17:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('organization', sa.Column('has_logo', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute('UPDATE organization SET has_logo = TRUE '
               'WHERE id IN (SELECT organization_id FROM organization_logo)')


def downgrade() -> None:
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('has_logo')
