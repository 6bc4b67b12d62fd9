"""What another window or program changed in the file, in one line for the status bar."""

from __future__ import annotations

from collections.abc import Iterable

from migrator.domain.model import HistoryEntry

_NAMED = 4  # workstreams named in a notice; the rest are counted


def notice_of(entries: Iterable[HistoryEntry]) -> str:
    """ "Ana Ruiz changed BNK-7, BNK-9 (2 workstreams)"; one sentence per person, in order."""
    by_actor: dict[str, list[HistoryEntry]] = {}
    for entry in entries:
        by_actor.setdefault(entry.actor, []).append(entry)
    return "; ".join(f"{actor} changed {_what(done)}" for actor, done in by_actor.items())


def _what(entries: list[HistoryEntry]) -> str:
    workstreams = list(dict.fromkeys(e.entity_label for e in entries if e.entity == "workstream"))
    links = {e.entity_id for e in entries if e.entity == "dependency"}
    parts = []
    if workstreams:
        named = ", ".join(workstreams[:_NAMED]) + ("…" if len(workstreams) > _NAMED else "")
        parts.append(f"{named} ({_count(len(workstreams), 'workstream')})")
    if links:
        parts.append(_count(len(links), "link"))
    raid = list(dict.fromkeys(e.entity_label for e in entries if e.entity == "raid"))
    if raid:  # RAID items by key: R-3, D-4
        parts.append(", ".join(raid[:_NAMED]) + ("…" if len(raid) > _NAMED else "") + " in the RAID log")
    for entity, name in (("team", "team"), ("person", "person")):
        labels = list(dict.fromkeys(e.entity_label for e in entries if e.entity == entity))
        parts.extend(f"{name} {label}" for label in labels)
    if any(e.entity == "migration" for e in entries):
        parts.append("the migration's settings")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts) or "the plan"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
