"""Database plumbing: declarative base, engines for SpatiaLite and PostGIS, the request session."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware UTC timestamps on both dialects (SQLite keeps no offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use timezone-aware UTC timestamps")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


#: Requests with these methods write: on SQLite their transaction takes the write lock at BEGIN.
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: How long a SQLite connection waits for another's write lock before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 15_000


def _sqlite_begin(connection: sa.Connection) -> str:
    """BEGIN IMMEDIATE for a writing request (or `sqlite_begin="immediate"` in the execution
    options, for the CLI), plain BEGIN otherwise.

    A deferred transaction that reads first and writes later cannot wait for the write lock: if
    another connection wrote in between, SQLite fails the upgrade at once ("database is locked")
    whatever the busy timeout, because waiting could not help a reader holding an old snapshot.
    IMMEDIATE takes the write lock up front, where the busy timeout does apply, so writers queue
    instead of failing. Reads never wait: in WAL mode they run beside the one writer.
    """
    mode = connection.get_execution_options().get("sqlite_begin")
    if mode is None:
        mode = (
            "immediate"
            if has_request_context() and request.method in WRITING_METHODS
            else "deferred"
        )
    return "BEGIN IMMEDIATE" if mode == "immediate" else "BEGIN"


def make_engine(url: str, spatialite_library: str = "mod_spatialite", **kwargs: Any) -> sa.Engine:
    """Create an engine for a PostGIS or SpatiaLite URL.

    SpatiaLite is loaded through sqlean.py, a maintained drop-in for the standard sqlite3 module
    that can load extensions (many Python builds cannot). New files are initialised WGS84-only in
    one transaction; the full EPSG table would make the first connection take minutes.
    """
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # PostGIS' high cost estimates make PostgreSQL JIT-compile short map queries, which
        # then spend 0.8–2 s compiling (measured with bench/stories_bbox.py). Our queries are
        # short OLTP queries; JIT never pays off for them.
        connect_args = kwargs.pop("connect_args", {}) | {"options": "-c jit=off"}
        return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)

    import sqlean

    engine = sa.create_engine(
        parsed.set(drivername="sqlite+pysqlite"), module=sqlean.dbapi2, **kwargs
    )

    @event.listens_for(engine, "connect")
    def _load_spatialite(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the driver so SAVEPOINTs work (SQLAlchemy's
        # documented pysqlite recipe); the "begin" listener below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        dbapi_connection.enable_load_extension(True)
        dbapi_connection.load_extension(spatialite_library)
        dbapi_connection.enable_load_extension(False)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # Write-ahead log: readers do not block the writer nor it them, and a commit is one
        # append (durable: synchronous stays FULL). The mode is stored in the file.
        cursor.execute("PRAGMA journal_mode = WAL")
        # Deleted rows are overwritten with zeros, not left readable in free pages
        # (docs/privacy.md: what an erasure leaves behind).
        cursor.execute("PRAGMA secure_delete = ON")
        if cursor.execute("SELECT CheckSpatialMetaData()").fetchone()[0] < 1:
            cursor.execute("SELECT InitSpatialMetaData(1, 'WGS84')")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql(_sqlite_begin(connection))

    return engine


def bulk_insert(conn: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    """Insert many rows at once, in the connection's transaction: PostgreSQL's COPY (one
    stream instead of a statement a row: seed-demo's 20,000 stories and ~250,000 map cells
    went from 1.8 s of pipelined executemany per batch to a fraction of it), executemany
    elsewhere (SQLite's is already a loop in C). Geometry values may be GeoAlchemy2 elements."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    # GeoAlchemy2 WKB elements (told by the first row): PostGIS reads hex EWKB (with its SRID)
    # as text. Only these columns are converted; the rest go to COPY as they are.
    geometries = {c for c in columns if hasattr(rows[0][c], "as_ewkb")}
    quote = conn.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(statement) as copy:
        for row in rows:
            if geometries:
                row = row | {c: _ewkb_hex(row[c]) for c in geometries}  # noqa: PLW2901
            copy.write_row([row[column] for column in columns])


def _ewkb_hex(value: Any) -> Any:
    return None if value is None else value.as_ewkb().desc


def scrub_freed_space(engine: sa.Engine, tables: list[str]) -> None:
    """Leave nothing readable of deleted or overwritten rows of `tables` in the database's
    files: the step after an erasure (docs/privacy.md says what remains where).

    SQLite (with `secure_delete`, set on every connection) zeroes freed space as it frees it;
    in WAL mode the zeroed pages still have to reach the main file and the log itself holds
    older versions, so a TRUNCATE checkpoint copies them over and empties the log. PostgreSQL
    keeps dead rows in its heap and index pages until they are rewritten: VACUUM FULL rewrites
    the tables and their indexes into new files (it locks each table while it runs: seconds on
    this application's table sizes). If a table's lock does not come within `lock_timeout`, the
    nightly `verhalenkaart db scrub` does the rest.
    """
    try:
        if engine.dialect.name == "sqlite":
            # On the driver's connection, outside any transaction (inside one it cannot run).
            raw = engine.raw_connection()
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                raw.close()
            return
        preparer = engine.dialect.identifier_preparer
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("SET lock_timeout = '5s'")
            for table in tables:
                for attempt in range(3):  # a long reader may hold the table for a while
                    try:
                        conn.exec_driver_sql(f"VACUUM FULL {preparer.quote(table)}")
                        break
                    except sa.exc.OperationalError:
                        if attempt == 2:
                            raise
    except sa.exc.OperationalError as error:
        log.warning("Scrub did not finish (%s); `verhalenkaart db scrub` will", error)


class Database:
    """One engine per app and one session per application context."""

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"], app.config["SPATIALITE_LIBRARY"])
        app.extensions["verhalenkaart.db"] = {"engine": engine, "bind": engine}
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> sa.Engine:
        return current_app.extensions["verhalenkaart.db"]["engine"]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            state = current_app.extensions["verhalenkaart.db"]
            g.db_session = Session(
                bind=state["bind"], expire_on_commit=False, join_transaction_mode="create_savepoint"
            )
        return g.db_session

    def scrub(self, tables: list[str]) -> None:
        """scrub_freed_space() on this app's engine (after the request's commit). Skipped while
        the app is bound to a connection inside an outer transaction (the tests' rollback
        fixture): nothing was committed for it to scrub, and it would wait for that
        transaction's locks."""
        if isinstance(current_app.extensions["verhalenkaart.db"]["bind"], sa.Connection):
            return
        scrub_freed_space(self.engine, tables)

    @staticmethod
    def bind_to(app: Flask, bind: sa.Engine | sa.Connection) -> None:
        """Point every new session at `bind` (tests pass a connection inside a transaction)."""
        app.extensions["verhalenkaart.db"]["bind"] = bind

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is None:
            return
        try:
            session.close()
        except sa.exc.DBAPIError as error:
            # The connection died after the answer was made (the server restarted between the
            # view's commit and here): the answer stands, a raise here would turn it into the
            # server's bare 500. Invalidating hands the pool a fresh connection next time.
            log.warning("The request's database connection was lost at its end: %s", error)
            session.invalidate()
