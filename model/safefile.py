"""Every file the product reads from a user or writes for one goes through here.

A facilitator cannot afford to lose a workshop's work, so writing is all or nothing: each file
is written to a temporary file in the same folder (``.<name>.<pid>-<random>.tmp``), flushed,
fsynced and renamed over the target, so a crash, a kill or a full disk leaves either the old
file or the new one, never half of either. Temporaries left by a killed write are removed the
next time the product prepares that folder (:func:`prepare_folder`, :func:`clean_temporaries`).

A write that fails raises :class:`WriteError`, whose message is one sentence naming the file
and the cause in plain words ("no space is left on the disk"), which the command line prints
and the window shows as it is. Reading a file a user names (:func:`read_limited`) refuses what
is not a regular file (``/dev/zero``, a pipe: never blocks, never reads without end) and
checks the size limit on the open file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal, overload

__all__ = [
    "ReadError",
    "WriteError",
    "append_text",
    "clean_temporaries",
    "describe_os_error",
    "is_temporary",
    "prepare_folder",
    "read_limited",
    "write_bytes",
    "write_text",
    "writing",
]

_TEMPORARY = re.compile(r"^\..+\.(\d+)-[0-9a-f]{8}\.tmp$")
"""A temporary of ours: ``.<name>.<pid>-<8 hex>.tmp`` (the pid says whether its writer lives)."""

_CAUSES = {
    errno.ENOSPC: "no space is left on the disk",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission was denied",
    errno.EPERM: "permission was denied",
    errno.ENOTDIR: "part of the path is a file where a folder is needed",
    errno.EISDIR: "a folder is in the way",
    errno.EEXIST: "a file is in the way where a folder is needed",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOENT: "there is no such file or folder",
    errno.ELOOP: "the path loops through symbolic links",
    errno.EIO: "the disk reported an input/output error",
    errno.EXDEV: "the temporary file could not be moved into place",
}


class WriteError(Exception):
    """A file could not be written; the message is one sentence for a person.

    >>> str(WriteError(Path("out/save.json"), OSError(errno.ENOSPC, "No space left")))
    'Could not write out/save.json: no space is left on the disk.'
    """

    def __init__(self, path: Path | str, cause: OSError | str) -> None:
        self.path = Path(path)
        self.cause = cause if isinstance(cause, str) else describe_os_error(cause)
        super().__init__(f"Could not write {self.path}: {self.cause}.")


class ReadError(Exception):
    """A file a user named could not be read; the message says why in plain words."""

    def __init__(self, path: Path | str, cause: str) -> None:
        self.path = Path(path)
        self.cause = cause
        super().__init__(cause)


def describe_os_error(exc: OSError) -> str:
    """The cause of an operating-system error in plain words (no errno numbers)."""
    if exc.errno in _CAUSES:
        return _CAUSES[exc.errno]
    return (exc.strerror or str(exc) or "the system refused").rstrip(".").lower()


def prepare_folder(folder: Path | str) -> Path:
    """Make ``folder`` (and its parents) ready to write in, removing temporaries left there by
    a killed write; :class:`WriteError` if it cannot be a folder (a file is in the way...)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        what = "a file" if folder.is_file() else "a device or a pipe"
        raise WriteError(folder, f"it is {what}, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriteError(folder, "a file is in the way where a folder is needed") from None
    except OSError as exc:
        raise WriteError(folder, exc) from None
    clean_temporaries(folder)
    return folder


def is_temporary(name: str) -> bool:
    """Whether a file name is one of this module's temporaries.

    >>> is_temporary(".autosave.json.4242-0a1b2c3d.tmp"), is_temporary("autosave.json")
    (True, False)
    """
    return _TEMPORARY.match(name) is not None


def clean_temporaries(folder: Path | str) -> list[Path]:
    """Remove the temporaries in ``folder`` whose writer is no longer running (a killed write);
    those of a live process (another window writing now) are left alone. Never raises: a
    folder that cannot be listed or cleaned is simply left as it is."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        if _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` runs (ours counts: another thread may be writing)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _target(path: Path | str) -> Path:
    """Where a write to ``path`` lands: through a symbolic link to its file; refused where the
    path is an existing folder, device or pipe (``/dev/null`` is never replaced)."""
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise WriteError(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(path, "it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(path, "it is a device or a pipe, not a regular file")
    return target


@overload
def writing(
    path: Path | str, binary: Literal[False] = False, newline: str | None = None
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def writing(
    path: Path | str, binary: Literal[True], newline: str | None = None
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def writing(
    path: Path | str, binary: bool = False, newline: str | None = None
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """Write ``path`` all or nothing: the ``with`` body writes to a temporary file in the same
    folder, which replaces ``path`` only once the body has finished and it is on the disk. On
    any failure the temporary is removed, ``path`` is as it was, and :class:`WriteError` says
    why (an exception of the body's own is passed on as it is)."""
    return _writing(Path(path), binary, newline)  # type: ignore[return-value]


@contextlib.contextmanager
def _writing(path: Path, binary: bool, newline: str | None) -> Iterator[IO[str] | IO[bytes]]:
    target = _target(path)
    folder = target.parent
    if not folder.is_dir():
        prepare_folder(folder)
    tmp = folder / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise WriteError(path, exc) from None
    try:
        handle: IO[str] | IO[bytes]
        if binary:
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with handle:
            try:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:
                raise WriteError(path, exc) from None
        os.replace(tmp, target)
    except OSError as exc:  # closing (the last buffered bytes) or the rename
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteError(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows a folder to be fsynced)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_text(path: Path | str, text: str, newline: str | None = None) -> Path:
    """Write text (UTF-8) to ``path`` all or nothing; returns ``path``."""
    with writing(path, newline=newline) as handle:
        handle.write(text)
    return Path(path)


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write bytes to ``path`` all or nothing; returns ``path``."""
    with writing(path, binary=True) as handle:
        handle.write(data)
    return Path(path)


def append_text(path: Path | str, text: str) -> Path:
    """Add ``text`` to the end of a log file (appending is how a log grows: a line is not worth
    rewriting the file for, and a torn last line loses only itself); :class:`WriteError` if it
    cannot be written."""
    path = Path(path)
    try:
        _target(path)
        prepare_folder(path.parent)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise WriteError(path, exc) from None
    return path


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`ReadError` otherwise.

    The file is opened without blocking (a pipe does not hang), checked to be a regular file on
    the open descriptor (not a device such as ``/dev/zero``), its size checked there, and at
    most ``limit + 1`` bytes are read (a file that grows meanwhile is still refused)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except IsADirectoryError:
        raise ReadError(path, "it is a folder, not a file") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read it: {describe_os_error(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(path, "it is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(path, "not a regular file (a device, a pipe or a socket)")
        if info.st_size > limit:
            raise ReadError(path, f"file is {info.st_size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ReadError(path, f"file is more than {limit:,} bytes; the limit is {limit:,}")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(path, f"cannot read it: {describe_os_error(exc)}") from None
    finally:
        os.close(fd)
