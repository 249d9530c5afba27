"""The data version: a new random token in every transaction that writes, one mechanism for
all writers.

SQLAlchemy session events note that a transaction wrote something (an ORM flush or a Core
INSERT/UPDATE/DELETE through the session) and, just before it commits, replace the token in
the same transaction. Every public answer's ETag and cache key carry the token, so a publish,
unpublish or edit is visible at once to every process that reads the database.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session

from verhalenkaart.caching.models import DataVersion

_WROTE = "verhalenkaart.caching.wrote"


def current_token(session: Session) -> int:
    """The token of the data this session sees now (0 before the first write)."""
    table = DataVersion.__table__
    token = session.connection().scalar(sa.select(table.c.token).where(table.c.id == 1))
    return token or 0


def bump(conn: sa.Connection) -> None:
    """Give the data a new token (in the caller's transaction)."""
    table = DataVersion.__table__
    token = secrets.randbits(62)
    update = table.update().where(table.c.id == 1).values(version=table.c.version + 1, token=token)
    if conn.execute(update).rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(table.insert().values(id=1, version=1, token=token))
    except IntegrityError:  # a concurrent transaction made the row first
        conn.execute(update)


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _flush_context: object) -> None:
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    session.flush()
    if session.info.pop(_WROTE, False):
        bump(session.connection())


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous_transaction: object) -> None:
    if not session.in_transaction():
        session.info.pop(_WROTE, None)
