"""One writer at a time per partition, and reader leases that keep files alive for open sessions.

**Writer locks.** Every write of a partition (publish, compaction, upgrade, quarantine) holds that
partition's lock, a ``filelock`` file under ``<warehouse>/.locks/`` that is never deleted (a lock file
inside the partition folder would vanish with the folder while held). Locks are taken in sorted order
(:func:`partition_locks`) so that two writers never wait for each other in a circle. Object storage has
no lock files: a writer there is the only writer by deployment (one scheduler per warehouse).

**Reader leases.** A reading session (``warehouse.views.connect``) registers a lease file under
``<warehouse>/.readers/`` and holds a shared ``flock`` on it for as long as its connection lives (the
lease is released when the connection is garbage-collected, or when its process ends). A writer that
would delete a file a session may still read (compaction folding nightly files into a month) asks
:func:`oldest_reader_start` under the exclusive :func:`listing_lock`, which sessions hold shared while
they register and list their files: while any session is alive, the deletion waits
(``warehouse.compaction`` records it and a later writer completes it). A lease whose process died
holds no lock any more and is removed by the next writer that looks. A warehouse the reader cannot
write to gets no lease (the session still works; compaction then deletes at once).
"""

from __future__ import annotations

import fcntl
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_DIR = ".locks"
READER_DIR = ".readers"
LOCK_TIMEOUT_S = 600.0  # a publish or a month's compaction takes seconds; longer means a stuck writer


def lock_path(root: Path, key: str) -> Path:
    """The lock file of ``key`` (a partition's path relative to the warehouse, e.g. ``articles/crawl_date=2025-09-24``)."""
    safe = key.strip("/").replace("/", "__")
    return Path(root).resolve() / LOCK_DIR / f"{safe}.lock"


def _file_lock(root: Path, key: str) -> FileLock:
    """One lock object per lock file in this process, so that a thread holding a partition re-enters it
    (a publish holds its partitions while ``write_partition`` takes each again); other threads and
    processes wait."""
    path = lock_path(root, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(path, timeout=LOCK_TIMEOUT_S, is_singleton=True)


@contextmanager
def partition_lock(root: Path, key: str, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the writer lock of one partition (re-entrant within a thread; ``filelock.Timeout`` after ``timeout`` s)."""
    lock = _file_lock(root, key)
    lock.acquire(timeout=timeout)
    try:
        yield
    finally:
        lock.release()


@contextmanager
def partition_lock_if_free(root: Path, key: str) -> Iterator[bool]:
    """Hold the lock of one partition if no other writer holds it now: yields True, or False (not held)."""
    lock = _file_lock(root, key)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


@contextmanager
def partition_locks(root: Path, keys: Iterable[str], timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the locks of several partitions, taken in sorted order (no deadlock between writers)."""
    with ExitStack() as stack:
        for key in sorted(set(keys)):
            stack.enter_context(partition_lock(root, key, timeout))
        yield


@contextmanager
def listing_lock(root: Path, *, exclusive: bool) -> Iterator[None]:
    """Readers register their lease and list the files under the shared lock; a writer checks for live
    readers and deletes under the exclusive one. So a session is either seen by that check or lists the
    files after the deletions, never in between. Order: a writer takes its partition locks first."""
    path = Path(root).resolve() / LOCK_DIR / "listing.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError:
        if exclusive:
            raise
        yield  # a warehouse this reader cannot write: no lease either, nothing waits for it
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)


class ReaderLease:
    """One reading session's lease: a file under ``<warehouse>/.readers/`` with a shared lock held on it."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor: int | None = descriptor

    @property
    def started_ns(self) -> int:
        return int(self.path.name.split("-", 1)[0])

    def release(self) -> None:
        """End the lease (safe to call twice); the file goes with it."""
        if self._descriptor is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._descriptor)  # drops the lock
        self._descriptor = None
        _live_leases.discard(self)


_live_leases: set[ReaderLease] = set()  # this process's unreleased leases (release_reader_lease)


def acquire_reader_lease(root: Path) -> ReaderLease | None:
    """Register a reading session of ``root`` until :meth:`ReaderLease.release` (or the process's end);
    None when the warehouse cannot be written (no lease: nothing then waits for this session)."""
    directory = Path(root).resolve() / READER_DIR
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{time.time_ns()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.lease"
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError:
        return None
    fcntl.flock(descriptor, fcntl.LOCK_SH)
    lease = ReaderLease(path, descriptor)
    _live_leases.add(lease)
    return lease


def release_reader_lease(root: Path) -> bool:
    """End every reader session this process holds on ``root`` (a process that has read and now writes,
    such as a test or a maintenance command); True when a lease was held."""
    directory = Path(root).resolve() / READER_DIR
    held = [lease for lease in list(_live_leases) if lease.path.parent == directory]
    for lease in held:
        lease.release()
    return bool(held)


def oldest_reader_start(root: Path) -> int | None:
    """The start time (ns since the epoch) of the oldest live reader session of ``root``, or None.
    Leases of sessions that ended without cleaning up are removed on the way."""
    directory = Path(root) / READER_DIR
    oldest: int | None = None
    for lease in directory.glob("*.lease") if directory.is_dir() else ():
        try:
            started = int(lease.name.split("-", 1)[0])
            descriptor = os.open(lease, os.O_RDWR)
        except (ValueError, OSError):
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a live session holds it
            oldest = started if oldest is None else min(oldest, started)
        else:
            lease.unlink(missing_ok=True)  # its session is gone
        finally:
            os.close(descriptor)
    return oldest
