"""What the team indicator says: its short text and its tooltip (no Qt needed)."""

from __future__ import annotations

from datetime import UTC, datetime

from poemsreader.services.team.sync import TeamStatus


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def indicator_text(status: TeamStatus, offline: bool = False) -> str:
    """ "Team: up to date", "Team: 3 to send", "Team: offline", "Team: 2 conflicts"…"""
    waiting = status.to_send - status.not_sent
    parts = []
    if offline or status.online is False:
        parts.append("offline")
    if status.conflicts:
        parts.append(plural(status.conflicts, "conflict"))
    if status.not_sent:
        parts.append(f"{status.not_sent} not sent")
    if waiting:
        parts.append(f"{waiting} to send")
    if not parts:
        behind = status.server_version is not None and status.server_version > status.cursor
        parts.append("changes to pull" if behind else "up to date")
    return "Team: " + " · ".join(parts)


def last_synced(iso: str, now: datetime | None = None) -> str:
    """ "Last synced today at 20:27 (4 minutes ago)", in the reviewer's own time zone."""
    if not iso:
        return "Not synced yet"
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return "Not synced yet"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    local, today = when.astimezone(), now.astimezone()
    day = "today" if local.date() == today.date() else f"on {local:%d %b %Y}"
    return f"Last synced {day} at {local:%H:%M} ({_ago((now - when).total_seconds())})"


def _ago(seconds: float) -> str:
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return plural(minutes, "minute") + " ago"
    hours = minutes // 60
    if hours < 48:
        return plural(hours, "hour") + " ago"
    return plural(hours // 24, "day") + " ago"


def tooltip(status: TeamStatus, problem: str = "", now: datetime | None = None) -> str:
    """Which team library, when it last synced, and what each count means."""
    lines = [f"Team library {status.name}", last_synced(status.last_sync, now)]
    if problem:
        lines.append(f"Offline: {problem}")
    if status.conflicts:
        lines.append(
            f"{plural(status.conflicts, 'conflict')} with other members: "
            "click here or use Team ▸ Conflicts… to choose."
        )
    if status.not_sent:
        lines.append(
            f"{plural(status.not_sent, 'change')} not sent: your role in this team library "
            f"does not allow {'it' if status.not_sent == 1 else 'them'}; "
            f"{'it is' if status.not_sent == 1 else 'they are'} kept in this library."
        )
    waiting = status.to_send - status.not_sent
    if waiting:
        lines.append(f"{plural(waiting, 'change')} to send at the next sync.")
    return "\n".join(lines)
