"""core tables

Revision ID: 0001_core
Revises: 
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001_core'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=True),
    sa.Column('target', sa.String(length=512), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)

    op.create_table('bot_session',
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('homeserver', sa.String(length=512), nullable=False),
    sa.Column('device_id', sa.String(length=255), nullable=False),
    sa.Column('access_token', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_bot_session'))
    )
    op.create_table('conversation',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=False),
    sa.Column('anchor_event_id', sa.String(length=255), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation'))
    )
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_anchor_event_id'), ['anchor_event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_user_id'), ['user_id'], unique=False)

    op.create_table('direct_room',
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_direct_room')),
    sa.UniqueConstraint('room_id', name=op.f('uq_direct_room_room_id'))
    )
    op.create_table('member',
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('bassin', sa.String(length=64), nullable=True),
    sa.Column('groupe', sa.String(length=64), nullable=True),
    sa.Column('structure', sa.String(length=255), nullable=True),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('in_directory', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_member'))
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_bassin'), ['bassin'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_groupe'), ['groupe'], unique=False)

    op.create_table('provisioned_room',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('alias', sa.String(length=255), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('bassin', sa.String(length=64), nullable=True),
    sa.Column('groupe', sa.String(length=64), nullable=True),
    sa.Column('theme', sa.String(length=64), nullable=True),
    sa.Column('parent_key', sa.String(length=255), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_provisioned_room')),
    sa.UniqueConstraint('room_id', name=op.f('uq_provisioned_room_room_id'))
    )
    with op.batch_alter_table('provisioned_room', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provisioned_room_bassin'), ['bassin'], unique=False)

    op.create_table('received_event',
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=False),
    sa.Column('sender', sa.String(length=255), nullable=False),
    sa.Column('event_type', sa.String(length=255), nullable=False),
    sa.Column('origin_server_ts', sa.BigInteger(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_received_event'))
    )
    with op.batch_alter_table('received_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_received_event_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_received_event_seq'), ['seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_received_event_status'), ['status'], unique=False)

    op.create_table('role_assignment',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('bassin', sa.String(length=64), nullable=True),
    sa.Column('granted_by', sa.String(length=255), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignment')),
    sa.UniqueConstraint('user_id', 'role', 'bassin', name=op.f('uq_role_assignment_user_id'))
    )
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignment_user_id'), ['user_id'], unique=False)

    op.create_table('sync_state',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )
    


def downgrade() -> None:
    
    op.drop_table('sync_state')
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignment_user_id'))

    op.drop_table('role_assignment')
    with op.batch_alter_table('received_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_received_event_status'))
        batch_op.drop_index(batch_op.f('ix_received_event_seq'))
        batch_op.drop_index(batch_op.f('ix_received_event_room_id'))

    op.drop_table('received_event')
    with op.batch_alter_table('provisioned_room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provisioned_room_bassin'))

    op.drop_table('provisioned_room')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_groupe'))
        batch_op.drop_index(batch_op.f('ix_member_bassin'))

    op.drop_table('member')
    op.drop_table('direct_room')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_user_id'))
        batch_op.drop_index(batch_op.f('ix_conversation_anchor_event_id'))

    op.drop_table('conversation')
    op.drop_table('bot_session')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor'))

    op.drop_table('audit_entry')
    
