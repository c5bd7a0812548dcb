"""The merge decision for one finding: pure, symmetric, deterministic.

Both libraries apply the same rules to the same pair of versions, so exchanging
files in either order ends with the same findings on both sides:

- a side whose content equals a version both sides are known to have had (a
  *base*: the last exchanged version, or a parent the sender lists) is unchanged;
  the other side's version wins without a question;
- changed on both sides: a **conflict**. The newer version (ties: the larger hash)
  is kept live on both sides, the other one is kept in a Conflict row for the
  reviewer to choose (keep mine / keep theirs / keep both). Nothing is dropped;
- a deletion travels as a tombstone: it wins over an unchanged finding; against an
  edit, the later of the two wins and a conflict is recorded;
- a finding brought back (restored from the trash, or its undone creation redone) is
  its deleted content made live again after the deletion: it brings the finding back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Action(StrEnum):
    SAME = "same"  # equal content: nothing to do but agree on the newer time
    KEEP_LOCAL = "keep local"
    TAKE_REMOTE = "take remote"  # also: bring back a finding deleted here
    DELETE_LOCAL = "delete local"
    REMEMBER_TOMBSTONE = "remember tombstone"  # never had it: remember the deletion
    NOTHING = "nothing"


@dataclass(frozen=True)
class Version:
    """One side's state of a finding: live content (`hash`) or a deletion."""

    hash: str  # content hash; for a deletion, the hash of what was deleted ('' unknown)
    time: datetime  # modified, or the time of the deletion
    deleted: bool = False


@dataclass(frozen=True)
class Decision:
    action: Action
    conflict: bool = False  # both sides changed: the losing version goes to a Conflict row

    @property
    def loser_is_local(self) -> bool:
        return self.action in (Action.TAKE_REMOTE, Action.DELETE_LOCAL)


def newer(a: Version, b: Version) -> bool:
    """Does `a` win over `b`? Later time; equal times: deletion loses, then larger hash."""
    if a.time != b.time:
        return a.time > b.time
    if a.deleted != b.deleted:
        return not a.deleted
    return a.hash > b.hash


def decide(local: Version | None, remote: Version, bases: set[str]) -> Decision:
    """What to do with `remote`, given the local state and the versions known shared."""
    if local is None:
        return Decision(Action.REMEMBER_TOMBSTONE if remote.deleted else Action.TAKE_REMOTE)
    if local.deleted and remote.deleted:
        return Decision(Action.NOTHING)
    if not local.deleted and not remote.deleted and local.hash == remote.hash:
        return Decision(Action.SAME)
    if remote.deleted:
        return _remote_deleted(local, remote, bases)
    if local.deleted:
        return _local_deleted(local, remote, bases)
    if local.hash in bases:
        return Decision(Action.TAKE_REMOTE)
    if remote.hash in bases:
        return Decision(Action.KEEP_LOCAL)
    winner = Action.TAKE_REMOTE if newer(remote, local) else Action.KEEP_LOCAL
    return Decision(winner, conflict=True)


def _remote_deleted(local: Version, remote: Version, bases: set[str]) -> Decision:
    if local.hash in bases or local.hash == remote.hash:
        return Decision(Action.DELETE_LOCAL)
    if newer(local, remote):
        return Decision(Action.KEEP_LOCAL, conflict=True)
    return Decision(Action.DELETE_LOCAL, conflict=True)


def brought_back(local: Version | None, remote: Version) -> bool:
    """Their live version is what we deleted, made live after our deletion."""
    return (
        local is not None
        and local.deleted
        and not remote.deleted
        and bool(local.hash)
        and remote.hash == local.hash
        and remote.time > local.time
    )


def _local_deleted(local: Version, remote: Version, bases: set[str]) -> Decision:
    if brought_back(local, remote):
        return Decision(Action.TAKE_REMOTE)
    if remote.hash in bases or remote.hash == local.hash:
        return Decision(Action.NOTHING)
    if newer(remote, local):
        return Decision(Action.TAKE_REMOTE, conflict=True)
    return Decision(Action.NOTHING, conflict=True)
