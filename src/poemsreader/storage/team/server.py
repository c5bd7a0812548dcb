"""The team library's server side: connecting, the schema's history, push and pull.

Credentials come only from libpq's own places (PG* variables, ~/.pgpass, service
files): an address holding a password is refused, so none is ever stored or shown.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Select, create_engine, func, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from poemsreader.core.errors import InvalidInput, PoemsReaderError
from poemsreader.storage.team.tables import (
    NOTIFY_CHANNEL,
    OWN_KINDS,
    ROLES,
    SCHEMA,
    VERSION_TABLE,
    team_library,
    team_member,
    team_object,
)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class TeamOffline(PoemsReaderError):
    """The server could not be reached (the local library is untouched)."""


class TeamSchemaTooNew(PoemsReaderError):
    """The server's schema was made by a newer poemsreader."""


def check_address(url: str) -> str:
    """The address as given, refused with one sentence when it is not a PostgreSQL one
    or carries a password (in its user part or as a `password` parameter); the sentence
    never repeats a password."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise InvalidInput(
            f"{redacted(url)!r} is not a PostgreSQL address (postgresql://host/database)."
        )
    if parts.password is not None or "password" in parse_qs(parts.query):
        raise InvalidInput(
            "The address holds a password: put it in ~/.pgpass or PGPASSWORD instead."
        )
    return url


def redacted(url: str) -> str:
    """`url` with any password replaced by ***, for messages (a libpq key=value string's
    `password=` too)."""
    shown = re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", url)
    return re.sub(r"(password\s*=\s*)('[^']*'|[^&\s]*)", r"\1***", shown, flags=re.IGNORECASE)


def engine_for(url: str) -> Engine:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise PoemsReaderError(
            "A team library needs psycopg: pip install 'poemsreader[team]'."
        ) from None
    driver_url = "postgresql+psycopg://" + check_address(url).split("://", 1)[1]
    return create_engine(driver_url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _safe_reason(error: Exception) -> str:
    """The server's first line, which never includes a password (libpq's messages
    name host, port, user and database only)."""
    original = getattr(error, "orig", error)
    lines = str(original).strip().splitlines()
    return lines[0] if lines else type(original).__name__


@contextmanager
def connected(url: str) -> Iterator[Engine]:
    engine = engine_for(url)
    try:
        yield engine
    except OperationalError as error:
        if _sqlstate(error) in BUSY:  # it answered: a wait was cut short, not a lost link
            raise PoemsReaderError(
                f"The team server is busy: {_safe_reason(error)}; try again."
            ) from None
        raise TeamOffline(f"The team server is not reachable: {_safe_reason(error)}.") from None
    except DBAPIError as error:
        if is_permission_error(error):
            raise PoemsReaderError(
                f"The team server refused: {_safe_reason(error)} (ask the library's owner)."
            ) from None
        raise PoemsReaderError(f"The team server refused: {_safe_reason(error)}.") from None
    finally:
        engine.dispose()


# -- schema history ------------------------------------------------------------------------


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def server_revision(connection: Connection) -> str | None:
    context = MigrationContext.configure(
        connection, opts={"version_table": VERSION_TABLE, "version_table_schema": SCHEMA}
    )
    return context.get_current_revision()


def check_schema(connection: Connection, *, may_create: bool = False) -> None:
    """Refuse a server whose schema is newer than this client knows; bring an older one
    (or none, when creating) up to date."""
    script = ScriptDirectory.from_config(_alembic_config(connection))
    known = {r.revision for r in script.walk_revisions()}
    current = server_revision(connection)
    if current is not None and current not in known:
        raise TeamSchemaTooNew(
            "The team library was made by a newer poemsreader (schema "
            f"{current}); update poemsreader to use it."
        )
    if current is None and not may_create:
        raise InvalidInput("There is no team library schema at that address: run team create.")
    if current != script.get_current_head():
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        command.upgrade(_alembic_config(connection), "head")


# -- libraries --------------------------------------------------------------------------------


def create_library(url: str, name: str) -> int:
    """The schema when missing (or older), then the library, with its creator as owner."""
    with connected(url) as engine:
        with engine.begin() as connection:
            check_schema(connection, may_create=True)
        try:
            with engine.begin() as connection:
                made = connection.scalar(
                    text(f"SELECT {SCHEMA}.create_library(:name, current_user)"), {"name": name}
                )
        except IntegrityError:
            raise InvalidInput(f"A team library named {name!r} already exists there.") from None
        return int(made)


def find_library(url: str, name: str) -> int:
    with connected(url) as engine, engine.begin() as connection:
        check_schema(connection)
        found = connection.scalar(select(team_library.c.id).where(team_library.c.name == name))
        if found is None:
            raise InvalidInput(
                f"There is no team library named {name!r} at that address that you are a member of."
            )
        return int(found)


# -- members ------------------------------------------------------------------------------------


def set_member(url: str, library_id: int, member: str, role: str | None) -> str:
    """Add a member, change their role, or (role None) remove them; owners only (the
    database refuses anyone else). Returns what was done, in a few words."""
    if role is not None and role not in ROLES:
        raise InvalidInput(f"{role!r} is not a role: use owner, editor or reader.")
    with connected(url) as engine, engine.begin() as connection:
        check_schema(connection)
        if my_role(connection, library_id) != "owner":
            raise InvalidInput("Only an owner of the team library manages its members.")
        where = (team_member.c.library_id == library_id) & (team_member.c.member == member)
        if role is None:
            gone = connection.execute(team_member.delete().where(where)).rowcount
            if not gone:
                raise InvalidInput(f"{member!r} is not a member of the team library.")
            return f"removed {member}"
        if (
            connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :m"), {"m": member})
            is None
        ):
            raise InvalidInput(f"There is no database role {member!r}: ask the administrator.")
        statement = insert(team_member).values(library_id=library_id, member=member, role=role)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["library_id", "member"], set_={"role": role}
            )
        )
        return f"{member} is now {role}"


def members(url: str, library_id: int) -> list[tuple[str, str]]:
    with connected(url) as engine, engine.begin() as connection:
        rows = connection.execute(
            select(team_member.c.member, team_member.c.role)
            .where(team_member.c.library_id == library_id)
            .order_by(team_member.c.member)
        )
        return [(r.member, r.role) for r in rows]


# -- push and pull ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One object a client sends: `base` is the server version it was based on (0: new)."""

    kind: str
    uuid: str
    base: int
    deleted: bool
    data: dict[str, Any]


@dataclass
class PushResult:
    version: int = 0
    previous: int = 0  # the library's version just before this push
    accepted: list[Change] = field(default_factory=list)
    rejected: list[Change] = field(default_factory=list)  # changed on the server since
    clashing: list[Change] = field(default_factory=list)  # a topic of that name is there
    refused: list[Change] = field(default_factory=list)  # not this member's to change


@dataclass(frozen=True)
class ServerRow:
    kind: str
    uuid: str
    version: int
    author: str
    deleted: bool
    data: dict[str, Any]


def push(engine: Engine, library_id: int, changes: list[Change], author: str) -> PushResult:
    """One transaction: lock the counter row, write each change whose base the server still
    holds, all under the next version; the others come back as rejected."""
    result = PushResult()
    if not changes:
        return result
    with engine.begin() as connection:
        check_schema(connection)
        role = my_role(connection, library_id)
        if role not in ("owner", "editor"):  # a reader (or ex-member) sends nothing
            result.refused = list(changes)
            return result
        current = connection.scalar(_counter_row_lock(library_id))
        if current is None:
            raise InvalidInput("The linked team library no longer exists on the server.")
        held = _held_versions(connection, library_id, changes)
        me = connection.scalar(text("SELECT current_user"))
        for change in changes:
            version, creator = held.get((change.kind, change.uuid), (0, me))
            if not may_write(role, change.kind, creator == me):
                result.refused.append(change)
            elif version == change.base:
                result.accepted.append(change)
            else:
                result.rejected.append(change)
        _hold_back_clashes(connection, library_id, result)
        if not result.accepted:
            return result
        result.previous, result.version = int(current), int(current) + 1
        _write(connection, library_id, result.accepted, result.version, author)
        connection.execute(
            team_library.update()
            .where(team_library.c.id == library_id)
            .values(version=result.version)
        )
        connection.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": NOTIFY_CHANNEL, "payload": str(library_id)},
        )
    return result


def _counter_row_lock(library_id: int) -> Select[int]:
    """The library's version, locked against other pushes until the transaction ends.

    FOR NO KEY UPDATE, not FOR UPDATE: a push changes only the counter, never the key,
    so this lock conflicts with another push's and leaves alone the FOR KEY SHARE that
    every insert referencing the library takes for its foreign key (a member added, an
    object written), which FOR UPDATE would hold up until the push commits.
    """
    return (
        select(team_library.c.version)
        .where(team_library.c.id == library_id)
        .with_for_update(key_share=True)
    )


def my_role(connection: Connection, library_id: int) -> str | None:
    """This login's role in the library; a superuser (who bypasses the rules) is an owner."""
    if connection.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
        return "owner"
    return connection.scalar(
        text(f"SELECT {SCHEMA}.role_in(:library, current_user)"), {"library": library_id}
    )


def may_write(role: str | None, kind: str, own: bool) -> bool:
    """The row-level security policies, asked before writing so a refusal is reported
    per object instead of failing the whole push."""
    if role == "owner":
        return True
    return role == "editor" and (kind not in OWN_KINDS or own)


def topic_place(data: dict[str, Any]) -> tuple[str, str]:
    """Where a topic object sits by name: (its parent's id or "" for a root, its key).
    The key is the writer's casefolded name (storage.schema.topic_key)."""
    return str(data.get("parent") or ""), str(data.get("key") or "")


def _hold_back_clashes(connection: Connection, library_id: int, result: PushResult) -> None:
    """Move out of `accepted` each topic whose (parent, key) another live topic would hold
    after this push: the schema refuses two, and refusing them here keeps the rest of
    the push (the writer pulls the other topic, takes it on, and sends again)."""
    topics = [c for c in result.accepted if c.kind == "topic"]
    if not topics:
        return
    rows = connection.execute(
        select(team_object.c.uuid, team_object.c.data)
        .where(team_object.c.library_id == library_id)
        .where(team_object.c.kind == "topic")
        .where(team_object.c.deleted.is_(False))
    )
    sent = {c.uuid for c in topics}
    places: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        if row.uuid not in sent:
            places.setdefault(topic_place(row.data), set()).add(row.uuid)
    for change in topics:
        if not change.deleted:
            places.setdefault(topic_place(change.data), set()).add(change.uuid)
    crowded = {uuid for holders in places.values() if len(holders) > 1 for uuid in holders}
    result.clashing = [c for c in topics if c.uuid in crowded and not c.deleted]
    held = {c.uuid for c in result.clashing}
    result.accepted = [c for c in result.accepted if c.kind != "topic" or c.uuid not in held]


def _held_versions(
    connection: Connection, library_id: int, changes: list[Change]
) -> dict[tuple[str, str], tuple[int, str]]:
    held: dict[tuple[str, str], tuple[int, str]] = {}
    keys = [(c.kind, c.uuid) for c in changes]
    for start in range(0, len(keys), 1000):
        rows = connection.execute(
            select(
                team_object.c.kind,
                team_object.c.uuid,
                team_object.c.version,
                team_object.c.db_user,
            )
            .where(team_object.c.library_id == library_id)
            .where(tuple_(team_object.c.kind, team_object.c.uuid).in_(keys[start : start + 1000]))
            # No FOR UPDATE: the counter row's lock already orders pushes, and row-level
            # security would hide the rows this member may not change, making another's
            # object look new (rejected and retried) instead of refused.
        )
        held.update({(r.kind, r.uuid): (int(r.version), r.db_user) for r in rows})
    return held


def _write(
    connection: Connection, library_id: int, changes: list[Change], version: int, author: str
) -> None:
    values = [
        {
            "library_id": library_id,
            "kind": c.kind,
            "uuid": c.uuid,
            "version": version,
            "author": author,
            "deleted": c.deleted,
            "data": c.data,
        }
        for c in changes
    ]
    statement = insert(team_object)
    statement = statement.on_conflict_do_update(
        index_elements=["library_id", "kind", "uuid"],
        set_={
            "version": statement.excluded.version,
            "author": statement.excluded.author,
            "deleted": statement.excluded.deleted,
            "data": statement.excluded.data,
            "changed": func.now(),
        },
    )
    for start in range(0, len(values), 1000):
        connection.execute(statement, values[start : start + 1000])


def pull(engine: Engine, library_id: int, cursor: int) -> tuple[int, list[ServerRow]]:
    """Every row changed after `cursor`, in version order, and the library's version."""
    with engine.begin() as connection:
        check_schema(connection)
        top = connection.scalar(
            select(team_library.c.version).where(team_library.c.id == library_id)
        )
        if top is None:
            raise InvalidInput("The linked team library no longer exists on the server.")
        rows = connection.execute(
            select(team_object)
            .where(team_object.c.library_id == library_id)
            .where(team_object.c.version > cursor)
            .where(team_object.c.version <= top)
            .order_by(team_object.c.version, team_object.c.kind, team_object.c.uuid)
        )
        return int(top), [_row(r) for r in rows]


def rows_by_key(engine: Engine, library_id: int, keys: list[tuple[str, str]]) -> list[ServerRow]:
    """The current rows of these objects (articles a pulled finding needs, a re-pull)."""
    found: list[ServerRow] = []
    with engine.begin() as connection:
        for start in range(0, len(keys), 1000):
            rows = connection.execute(
                select(team_object)
                .where(team_object.c.library_id == library_id)
                .where(
                    tuple_(team_object.c.kind, team_object.c.uuid).in_(keys[start : start + 1000])
                )
            )
            found += [_row(r) for r in rows]
    return found


def _row(row: Any) -> ServerRow:
    return ServerRow(row.kind, row.uuid, int(row.version), row.author, row.deleted, row.data)


def server_versions(engine: Engine, library_id: int) -> dict[tuple[str, str], int]:
    """Every object's current version."""
    return versions_at(engine, library_id)[1]


def versions_at(engine: Engine, library_id: int) -> tuple[int, dict[tuple[str, str], int]]:
    """The library's version and every object's current version, read together (for the
    sanity check after a sync)."""
    with engine.begin() as connection:
        top = connection.scalar(
            select(team_library.c.version).where(team_library.c.id == library_id)
        )
        rows = connection.execute(
            select(team_object.c.kind, team_object.c.uuid, team_object.c.version).where(
                team_object.c.library_id == library_id
            )
        )
        return int(top or 0), {(r.kind, r.uuid): int(r.version) for r in rows}


def versions_digest(versions: dict[tuple[str, str], int]) -> tuple[dict[str, int], str]:
    """Per-kind counts and one hash of the sorted (kind, uuid, version) triples."""
    counts: dict[str, int] = {}
    for kind, _uuid in versions:
        counts[kind] = counts.get(kind, 0) + 1
    lines = "\n".join(f"{k}\t{u}\t{v}" for (k, u), v in sorted(versions.items()))
    return counts, hashlib.sha256(lines.encode()).hexdigest()


# lock_not_available (lock_timeout), query_canceled (statement_timeout), deadlock_detected
BUSY = ("55P03", "57014", "40P01")


def _sqlstate(error: DBAPIError) -> str:
    return str(getattr(getattr(error, "orig", None), "sqlstate", "") or "")


def is_permission_error(error: DBAPIError) -> bool:
    return _sqlstate(error) == "42501"
