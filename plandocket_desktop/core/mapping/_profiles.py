"""Mapping profiles: named, remembered column mappings and options, one JSON file each.

A profile holds the target, the options (mode, match field, skip_on_error, create_contacts;
never the event), the mapping keyed by header text and fixed values. It never holds an API
key or anyone's data: fixed values for identifying fields (email, names, phone numbers …)
are not stored. Files live in ``paths.config_dir() / "profiles"``; their names come from the
profile name (a slug plus a short hash), the real name is stored inside. A file that cannot
be read, belongs to someone else or was written by a newer version is skipped with a plain
warning in ``ProfileStore.warnings``.
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core import paths
from plandocket_desktop.core.errors import ProfileError
from plandocket_desktop.core.types import ImportDraft, ImportOptions, MatchField, Mode, Target
from plandocket_desktop.i18n import N_, _, fmt_int

SCHEMA = 1
APP = "plandocket-desktop"
SUFFIX = ".json"
MAX_NAME_LENGTH = 300
MATCH_THRESHOLD = 0.6  # profiles scoring lower are not offered for a file

# Fixed values for these would be one person's data, repeated on every row: never saved.
PERSONAL_FIELDS = fields.PERSONAL
_SLUG_LENGTH = 40
_WEIGHT_KEY_FIELD = 3.0  # the match field's column counts this much in match()
_WEIGHT_OTHER = 1.0
_MAPPED_SHARE = 0.8  # match() score: mapped headers present (weighted) ...
_LAYOUT_SHARE = 0.2  # ... and overlap of the whole header set


@dataclass
class Profile:
    """A saved mapping and the options that go with it."""

    name: str
    target: Target = Target.CONTACTS
    mode: Mode = Mode.CREATE
    match_field: MatchField = MatchField.EMAIL
    skip_on_error: bool = True
    create_contacts: bool = True
    mapping: dict[str, str | None] = field(default_factory=dict)  # header -> field key or None
    fixed_values: dict[str, str] = field(default_factory=dict)  # field key -> raw text
    # Participants for several events: the event column's header and what each of its values
    # was resolved to (event key, None = leave out), so next month's file resolves by itself.
    event_column: str | None = None
    event_routes: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_draft(cls, name: str, draft: ImportDraft) -> Profile:
        """A profile of what the user chose in ``draft`` (the event is left out)."""
        options = draft.options
        return cls(
            name=name,
            target=options.target,
            mode=options.mode,
            match_field=options.match_field,
            skip_on_error=options.skip_on_error,
            create_contacts=options.create_contacts,
            mapping=dict(draft.mapping),
            fixed_values=dict(draft.fixed_values),
            event_column=draft.event_column,
            event_routes=dict(draft.event_routes) if draft.event_column else {},
        )

    def options(self, event_key: str | None = None) -> ImportOptions:
        """The import options of this profile; the event is chosen anew for every import."""
        return ImportOptions(
            target=self.target,
            mode=self.mode,
            match_field=self.match_field,
            skip_on_error=self.skip_on_error,
            event_key=event_key,
            create_contacts=self.create_contacts,
        )

    def mapping_for(self, columns: Sequence[str]) -> dict[str, str | None]:
        """The mapping applied to a file with ``columns``: every column, unknown ones None.

        Headers are compared after trimming and ignoring case, so ``"E-Mail "`` finds
        ``"e-mail"``.
        """
        saved = {_header_key(h): f for h, f in self.mapping.items()}
        result: dict[str, str | None] = {}
        used: set[str] = set()
        for column in columns:
            key = saved.get(_header_key(column))
            if key is not None and key in used:
                key = None
            if key is not None:
                used.add(key)
            result.setdefault(column, key)
        return result


# --- names and files -------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    """The name as stored: NFC, control characters out, whitespace collapsed."""
    text = unicodedata.normalize("NFC", name)
    # Control characters and lone surrogates (which UTF-8 cannot hold) become spaces; format
    # characters such as the zero-width joiner inside emoji stay.
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)
    return " ".join(text.split())


def _identity(name: str) -> str:
    """Two names are the same profile when this is equal (case and spacing ignored)."""
    return _clean_name(name).casefold()


def file_name(name: str) -> str:
    """A safe file name for a profile name: ASCII slug plus a short hash of the name.

    The hash keeps names apart that slug alike (``"Messe/2025"`` and ``"Messe 2025"``), and
    it is taken of the case-folded name so that two files never differ only in case.
    """
    identity = _identity(name)
    ascii_text = unicodedata.normalize("NFKD", identity).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:_SLUG_LENGTH].strip("-")
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:10]
    return f"{slug or 'profile'}-{digest}{SUFFIX}"


def _header_key(header: str) -> str:
    return " ".join(header.split()).casefold()


def _check_name(name: str) -> str:
    clean = _clean_name(name)
    if not clean:
        raise ProfileError(_("A profile needs a name."))
    if len(clean) > MAX_NAME_LENGTH:
        raise ProfileError(
            _("A profile name can be at most {count} characters long.").format(
                count=fmt_int(MAX_NAME_LENGTH)
            )
        )
    return clean


# --- JSON --------------------------------------------------------------------------------------


class _UnreadableError(Exception):
    """A profile file that is not usable; the message says why (for the warning)."""


def _to_json(profile: Profile) -> dict[str, Any]:
    valid = {f.key for f in fields.fields_for(profile.target)}
    mapping = {
        str(h): (f if f in valid else None) for h, f in profile.mapping.items() if str(h).strip()
    }
    fixed = {
        k: str(v)
        for k, v in profile.fixed_values.items()
        if k in valid and k not in PERSONAL_FIELDS and str(v).strip()
    }
    return {
        "schema": SCHEMA,
        "app": APP,
        "name": _clean_name(profile.name),
        "target": profile.target.value,
        "mode": profile.mode.value,
        "match_field": profile.match_field.value,
        "skip_on_error": bool(profile.skip_on_error),
        "create_contacts": bool(profile.create_contacts),
        "mapping": mapping,
        "fixed_values": fixed,
        # optional keys (older files lack them, and read as "no event column")
        "event_column": profile.event_column,
        "event_routes": {str(v): k for v, k in profile.event_routes.items() if str(v).strip()},
    }


def _from_json(data: object) -> Profile:
    if not isinstance(data, dict) or data.get("app") != APP:
        raise _UnreadableError("foreign")
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise _UnreadableError("damaged")
    if schema > SCHEMA:
        raise _UnreadableError("newer")
    try:
        name = data["name"]
        target = Target(data["target"])
        mode = Mode(data.get("mode", Mode.CREATE.value))
        match_field = MatchField(data.get("match_field", MatchField.EMAIL.value))
        raw_mapping = data.get("mapping", {})
        raw_fixed = data.get("fixed_values", {})
    except (KeyError, ValueError, TypeError) as exc:
        raise _UnreadableError("damaged") from exc
    if not isinstance(name, str) or not _clean_name(name):
        raise _UnreadableError("damaged")
    if not isinstance(raw_mapping, dict) or not isinstance(raw_fixed, dict):
        raise _UnreadableError("damaged")
    valid = {f.key for f in fields.fields_for(target)}
    mapping: dict[str, str | None] = {
        str(h): (f if isinstance(f, str) and f in valid else None) for h, f in raw_mapping.items()
    }
    fixed = {
        str(k): str(v)
        for k, v in raw_fixed.items()
        if k in valid and k not in PERSONAL_FIELDS and isinstance(v, str | int | float)
    }
    return Profile(
        name=_clean_name(name),
        target=target,
        mode=mode,
        match_field=match_field,
        skip_on_error=bool(data.get("skip_on_error", True)),
        create_contacts=bool(data.get("create_contacts", True)),
        mapping=mapping,
        fixed_values=fixed,
        event_column=_event_column(data.get("event_column")),
        event_routes=_event_routes(data.get("event_routes")),
    )


def _event_column(raw: object) -> str | None:
    return raw if isinstance(raw, str) and raw.strip() else None


def _event_routes(raw: object) -> dict[str, str | None]:
    """Saved resolutions; anything unreadable in them is left out (the value asks again)."""
    if not isinstance(raw, dict):
        return {}
    return {
        str(value): key
        for value, key in raw.items()
        if str(value).strip() and (key is None or (isinstance(key, str) and key.strip()))
    }


_NO_SUCH = N_("There is no profile named '{name}'.")
_EXISTS = N_("A profile named '{name}' exists already.")
_WARNINGS = {
    "foreign": N_(
        "'{file}' in the profiles folder is not a PlanDocket Desktop profile; it is skipped."
    ),
    "newer": N_(
        "The profile file '{file}' was saved by a newer version of PlanDocket Desktop; "
        "it is skipped."
    ),
    "damaged": N_("The profile file '{file}' is damaged and cannot be read; it is skipped."),
}


# --- the store ---------------------------------------------------------------------------------


class ProfileStore:
    """The profiles in one folder (by default the user's config folder)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else paths.config_dir() / "profiles"
        self.warnings: list[str] = []
        self._scan()  # so that ``warnings`` tells about bad files from the start

    # reading

    def _scan(self) -> list[tuple[Path, Profile]]:
        """Every readable profile with its file; problems go to ``warnings``."""
        self.warnings = []
        found: list[tuple[Path, Profile]] = []
        try:
            files = sorted(self.directory.glob(f"*{SUFFIX}"))
        except OSError:
            return found
        for path in files:
            if not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
                profile = _from_json(json.loads(text))
            except (OSError, UnicodeDecodeError, ValueError, RecursionError):
                self.warnings.append(_(_WARNINGS["damaged"]).format(file=path.name))
            except _UnreadableError as exc:
                self.warnings.append(_(_WARNINGS[str(exc)]).format(file=path.name))
            else:
                found.append((path, profile))
        return found

    def list(self) -> list[Profile]:
        """All readable profiles, sorted by name (case ignored); a copied file shows once."""
        seen: set[str] = set()
        profiles: list[Profile] = []
        for _path, profile in self._scan():
            if _identity(profile.name) not in seen:
                seen.add(_identity(profile.name))
                profiles.append(profile)
        return sorted(profiles, key=lambda p: (p.name.casefold(), p.name))

    def _find(self, name: str) -> tuple[Path, Profile] | None:
        identity = _identity(name)
        for path, profile in self._scan():
            if _identity(profile.name) == identity:
                return path, profile
        return None

    def load(self, name: str) -> Profile:
        """The profile called ``name`` (case ignored); ProfileError when there is none."""
        found = self._find(name)
        if found is None:
            raise ProfileError(_(_NO_SUCH).format(name=_clean_name(name)))
        return found[1]

    def exists(self, name: str) -> bool:
        return self._find(name) is not None

    # writing

    def save(self, profile: Profile, *, overwrite: bool = True) -> Path:
        """Write ``profile``; a profile of the same name (case ignored) is replaced.

        With ``overwrite=False`` an existing profile of that name raises ProfileError instead.
        """
        name = _check_name(profile.name)
        existing = self._find(name)
        if existing is not None and not overwrite:
            raise ProfileError(_(_EXISTS).format(name=existing[1].name))
        target = self.directory / file_name(name)
        self._write(target, _to_json(profile))
        if existing is not None and existing[0] != target:
            with contextlib.suppress(OSError):
                existing[0].unlink()
        return target

    def rename(self, old: str, new: str) -> Profile:
        """Give the profile ``old`` the name ``new`` (a change of case alone is fine)."""
        found = self._find(old)
        if found is None:
            raise ProfileError(_(_NO_SUCH).format(name=_clean_name(old)))
        path, profile = found
        new_name = _check_name(new)
        clash = self._find(new_name)
        if clash is not None and clash[0] != path:
            raise ProfileError(_(_EXISTS).format(name=clash[1].name))
        profile.name = new_name
        target = self.directory / file_name(new_name)
        self._write(target, _to_json(profile))
        if target != path:
            try:
                path.unlink()
            except OSError as exc:
                raise ProfileError(
                    _(
                        "The profile was copied to '{name}', but the old one could not be removed."
                    ).format(name=new_name)
                ) from exc
        return profile

    def delete(self, name: str) -> None:
        """Remove the profile ``name``; ProfileError when there is none or it cannot be removed."""
        found = self._find(name)
        if found is None:
            raise ProfileError(_(_NO_SUCH).format(name=_clean_name(name)))
        try:
            found[0].unlink()
        except OSError as exc:
            raise ProfileError(
                _("The profile '{name}' could not be deleted: {reason}").format(
                    name=found[1].name, reason=_os_reason(exc)
                )
            ) from exc

    def _write(self, target: Path, data: Mapping[str, Any]) -> None:
        """Write atomically: a temporary file in the same folder, then os.replace."""
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".profile-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError as exc:
            raise ProfileError(
                _("The profile could not be saved: {reason}").format(reason=_os_reason(exc))
            ) from exc

    # matching a file

    def match(
        self, columns: Sequence[str], *, target: Target | None = None
    ) -> builtins.list[tuple[Profile, float]]:
        """Profiles that fit a file with these headers, best first, with a score 0..1.

        The score is mostly the share of the profile's mapped headers present in the file
        (the match field's column weighs more), plus a little for how much of the whole
        header set is the same. Only profiles scoring at least MATCH_THRESHOLD are offered.
        """
        offered: builtins.list[tuple[Profile, float]] = []
        for profile in self.list():
            if target is not None and profile.target is not target:
                continue
            score = match_score(profile, columns)
            if score >= MATCH_THRESHOLD:
                offered.append((profile, score))
        offered.sort(key=lambda item: (-item[1], item[0].name.casefold()))
        return offered

    @staticmethod
    def missing_columns(profile: Profile, columns: Sequence[str]) -> builtins.list[str]:
        """The profile's mapped headers that the file lacks, in the profile's order."""
        present = {_header_key(c) for c in columns}
        return [h for h, f in profile.mapping.items() if f and _header_key(h) not in present]


def match_score(profile: Profile, columns: Iterable[str]) -> float:
    """How well ``profile`` fits a file with ``columns`` (0..1); see ProfileStore.match."""
    present = {_header_key(c) for c in columns}
    mapped = [(h, f) for h, f in profile.mapping.items() if f]
    if not mapped or not present:
        return 0.0
    total = found = 0.0
    for header, key in mapped:
        weight = _WEIGHT_KEY_FIELD if key == profile.match_field.value else _WEIGHT_OTHER
        total += weight
        if _header_key(header) in present:
            found += weight
    known = {_header_key(h) for h in profile.mapping}
    layout = len(known & present) / len(known | present)
    return round(_MAPPED_SHARE * found / total + _LAYOUT_SHARE * layout, 4)


def _os_reason(exc: OSError) -> str:
    """Why the file system refused, as the end of a sentence."""
    if isinstance(exc, PermissionError):
        return _("permission denied.")
    if exc.strerror:
        return _("the system says: {reason}.").format(reason=exc.strerror)
    return _("the file system refused.")
