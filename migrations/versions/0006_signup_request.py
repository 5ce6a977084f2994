"""signup_request: sign-ups wait for the emailed link before an organization exists

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 19:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'signup_request',
        sa.Column('organization_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('hashed_password', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('ip_address', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('mailed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('mail', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('password_checks', sa.Integer(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('signup_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signup_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_signup_request_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_signup_request_mailed_at'), ['mailed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_signup_request_token_hash'), ['token_hash'], unique=True)


def downgrade() -> None:
    op.drop_table('signup_request')
