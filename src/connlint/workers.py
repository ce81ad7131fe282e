"""Forked worker processes that run one task at a time under hard deadlines.

Linting a file runs native code (libcst's parser, tree-sitter, expat) that can
crash its process or run on for minutes where no Python check can stop it (a
long operator chain keeps libcst's parser busy far past any budget).  So the
engine lints files in forked children: the parent hands each child one task
at a time over a pipe and waits for the answers with ``select``; a child that
dies, or overruns its task's deadlines, is killed and replaced, and only that
one task is lost, as a :class:`Lost` value the caller reports.

A task has two deadlines.  The one that matters is CPU time: the child's own
``ITIMER_PROF`` timer, whose signal (SIGPROF, not handled) ends the process
once the task has used ``limit`` seconds of CPU.  A loaded machine gives a
child a fraction of a core, so a wall-clock deadline lost files that needed
far less than their budget.  The second is for what uses no CPU and never
ends (a read that blocks forever): every ``wall_limit`` seconds of a task,
the parent reads the child's CPU time from ``/proc`` (not at each task: a
read costs ~45 µs), and kills a child that used none since the last reading
(stuck); one that used some is slow, on a loaded machine, and goes on.

Tasks are pulled from an iterable as workers need them (with a small read-ahead),
so the producer (the walk) overlaps the work and memory does not grow with it.

A child never outlives its parent by more than one task: it leaves when its
task pipe closes, and the kernel kills it when the parent dies
(``PR_SET_PDEATHSIG``).  Children
ignore SIGINT, which a terminal sends to the whole process group: the parent
alone decides to stop, and then kills them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from connlint import dataclass_code, gc_pause
from connlint.lazy import dataclass

T = TypeVar("T")
R = TypeVar("R")

FRAME_HEADER = struct.Struct("<Q")
_READ_SIZE = 1 << 20
#: The wall-clock time a child may go without using CPU time, as a multiple of
#: its CPU limit (unless given): a stuck child is killed after 1-2 times that.
WALL_FACTOR = 5.0
#: The signal of the CPU-time timer: a child killed by it overran its CPU limit.
_CPU_SIGNAL = signal.SIGPROF
#: The cyclic garbage collector's thresholds in a child (Python's are 700, 10, 10).
#: A child's garbage is a file's parse trees and values, freed by reference
#: counting as each task ends; a young-generation pass every 700 allocations
#: found little and took 5.5 % of the lint's CPU time on the real-code corpus
#: (1.62 s of 29.4, 2,178 passes); at 10,000 it took 0.39 s (89 passes, one
#: full collection) with the same peak memory (116 -> 118 MB).
GC_THRESHOLDS = (10_000, 10, 10)
#: Tasks a child holds at most: the one in hand and one waiting in its pipe, so
#: that it starts the next at once instead of waiting for the parent to read its
#: result and answer (a round trip a task; the one in hand is still the one a
#: crash loses: those behind it were never started and go again).
QUEUED = 2


@dataclass(frozen=True)
class Lost:
    """A task that produced no result, and why ("crashed (SIGSEGV)", ...)."""

    reason: str
    timed_out: bool = False
    #: Stopped for using no CPU time for the wall-clock limit (stuck), not for its CPU time.
    wall_clock: bool = False


@dataclass(frozen=True)
class _Failed:
    """Sent by a child whose task raised: the exception, described."""

    description: str


def available() -> bool:
    """True where tasks can run in forked children: Linux (fork is the platform's
    own start method) and one thread (forking a threaded process is unsafe).
    """
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def die_with_parent() -> None:
    """Ask Linux to kill this (child) process when its parent dies (prctl
    PR_SET_PDEATHSIG): for a child with no deadline of its own.
    """
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


def signal_name(number: int) -> str:
    """``SIGSEGV`` for 11; the number where the platform has no name for it."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class _Worker:
    """The parent's view of one child."""

    def __init__(self, pid: int, task_fd: int, result_fd: int) -> None:
        self.pid = pid
        self.task_fd = task_fd
        self.result_fd = result_fd
        self.buffer = bytearray()
        #: The tasks sent and not answered, in the order sent: the first is the
        #: one in hand, the others wait in the pipe (not started).
        self.tasks: deque[Any] = deque()
        #: A write to the child failed: it is gone, and takes no more tasks
        #: until :meth:`Pool._collect` reads its end and replaces it.
        self.broken = False
        self.deadline: float | None = None
        #: The child's CPU time (clock ticks) at the last check of this task (None: not checked yet).
        self.cpu_ticks: int | None = None

    @property
    def busy(self) -> bool:
        """Whether the child has a task (in hand or waiting in its pipe)."""
        return bool(self.tasks)

    def close(self, kill: bool) -> int | None:
        """Release the pipes and reap the child (killed first if ``kill``); its
        wait status, or None when it was reaped before.
        """
        for fd in (self.task_fd, self.result_fd):
            with contextlib.suppress(OSError):  # closed already
                os.close(fd)
        self.task_fd = self.result_fd = -1
        if self.pid <= 0:
            return None
        if kill:
            with contextlib.suppress(ProcessLookupError):  # exited meanwhile
                os.kill(self.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = None
        self.pid = -1
        return status


class Pool(Generic[T, R]):
    """Up to ``size`` forked children running ``work`` on tasks, each task
    stopped once it has used ``limit`` seconds of CPU time, or once it is seen
    to have used none for ``wall_limit`` seconds of wall-clock time (checked
    every ``wall_limit`` seconds; default ``limit`` times :data:`WALL_FACTOR`);
    None: no limit.

    Children are started as tasks wait for them, so a run of three files on a
    large machine starts at most three.  Use as a context manager: leaving it
    kills every child.

    ``sent(task)`` is what the parent keeps of a task once a child has it, and
    what :meth:`map` gives back with its result: a task's payload (a file's
    bytes) need not stay in the parent while a child works on it.
    """

    def __init__(
        self,
        work: Callable[[T], R],
        size: int,
        limit: float | None,
        sent: Callable[[T], T] | None = None,
        wall_limit: float | None = None,
    ) -> None:
        self._work = work
        self._size = max(1, size)
        self._limit = limit
        self._wall_limit = wall_limit if wall_limit is not None or not limit else limit * WALL_FACTOR
        self._sent = sent
        self._workers: list[_Worker] = []
        #: Tasks queued behind one a child died or timed out with: never
        #: started, handed out again before anything new.
        self._again: deque[T] = deque()

    def __enter__(self) -> Pool[T, R]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def refresh(self) -> None:
        """End the idle children: those the next tasks need are forked anew, with
        what the parent has loaded since (see connlint.warm).  Busy ones go on.
        """
        for worker in [w for w in self._workers if not w.busy]:
            self._replace(worker)

    def close(self) -> None:
        """Kill every child (a run that ends early: interrupted, or an error)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.close(kill=True)

    def map(self, tasks: Iterable[T | None], read_ahead: int = 2) -> Iterator[tuple[T, R | Lost]]:
        """Each task (what ``sent`` keeps of it) with its result (or
        :class:`Lost`), in the order they finish.

        At most ``size`` tasks run and ``read_ahead`` more wait, so the iterable
        is consumed as the children take tasks (its own work overlaps theirs).
        The iterable yields None for "no task until a result comes back" (its
        next tasks depend on results): only while a task it gave is unanswered.
        """
        source = iter(tasks)
        waiting: deque[T] = deque()
        exhausted = False
        while True:
            while self._again:
                waiting.appendleft(self._again.pop())
            # Hand waiting tasks to idle children, starting children as needed,
            # then one more to each busy child (see :data:`QUEUED`).
            while waiting:
                worker = self._idle_worker() or self._queue_worker()
                if worker is None:
                    break
                # No name here holds the task: once sent, only what ``sent`` keeps stays.
                failed = self._hand(worker, waiting.popleft())
                if failed is not None:
                    yield failed
            busy = [w for w in self._workers if w.busy]
            free = QUEUED * self._size - sum(len(w.tasks) for w in busy)
            if not exhausted and len(waiting) < read_ahead + free:
                try:
                    pulled = next(source)
                except StopIteration:
                    exhausted = True
                    continue
                if pulled is not None:
                    waiting.append(pulled)
                    pulled = None  # only ``waiting`` holds the task (see above)
                    continue
                if not busy:  # nothing to wait for: the source is asked again
                    continue
            if not busy:
                if exhausted and not waiting and not self._again:
                    return
                continue
            yield from self._collect(busy)

    # -- the parent's side -------------------------------------------------

    def _idle_worker(self) -> _Worker | None:
        for worker in self._workers:
            if not worker.busy:
                return worker
        if len(self._workers) < self._size:
            worker = self._spawn()
            self._workers.append(worker)
            return worker
        return None

    def _queue_worker(self) -> _Worker | None:
        """A busy child with room for a task behind the one in hand, or None."""
        if len(self._workers) < self._size:
            return None
        room = [w for w in self._workers if 0 < len(w.tasks) < QUEUED and not w.broken]
        return min(room, key=lambda w: len(w.tasks)) if room else None

    def _hand(self, worker: _Worker, task: T) -> tuple[T, Lost] | None:
        """Send ``task`` to ``worker`` (idle, or busy with room behind its task);
        the task (as ``sent`` keeps it) and Lost if no child could take it.
        """
        payload = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        header = FRAME_HEADER.pack(len(payload))  # written apart: no second copy of the payload
        kept = self._sent(task) if self._sent is not None else task
        del task
        if worker.busy:
            try:
                write_all(worker.task_fd, header)
                write_all(worker.task_fd, payload)
            except OSError:
                # The child is gone with a task in hand: _collect reports that
                # one; this one, never started, goes again (to another child).
                worker.broken = True
                self._again.append(kept)
                return None
            worker.tasks.append(kept)
            return None
        for attempt in range(2):
            if attempt:  # the idle child died (killed from outside): start another
                self._replace(worker)
                worker = self._spawn()
                self._workers.append(worker)
            try:
                write_all(worker.task_fd, header)
                write_all(worker.task_fd, payload)
            except OSError:
                continue
            worker.tasks.append(kept)
            worker.deadline = time.monotonic() + self._wall_limit if self._wall_limit else None
            worker.cpu_ticks = None
            return None
        self._replace(worker)
        return kept, Lost("no worker process could take the file")

    def _collect(self, busy: list[_Worker]) -> Iterator[tuple[T, R | Lost]]:
        """Wait for a busy child to answer, die or run out of time."""
        now = time.monotonic()
        deadlines = [w.deadline for w in busy if w.deadline is not None]
        timeout = max(0.0, min(deadlines) - now) if deadlines else None
        ready, _, _ = select.select([w.result_fd for w in busy], [], [], timeout)
        by_fd = {w.result_fd: w for w in busy}
        for fd in ready:
            worker = by_fd[fd]
            chunk = os.read(fd, _READ_SIZE)
            if not chunk:  # the child died with a task in hand
                task = worker.tasks.popleft()
                self._again.extend(worker.tasks)
                worker.tasks.clear()
                status = self._replace(worker)
                yield task, self._death(status)
                continue
            worker.buffer += chunk
            while (answer := take_frame(worker.buffer)) is not None:
                task = worker.tasks.popleft()
                # The next task, if one waits in the pipe, starts now.
                worker.deadline = (
                    time.monotonic() + self._wall_limit if worker.tasks and self._wall_limit else None
                )
                worker.cpu_ticks = None
                value = pickle.loads(answer)
                del answer
                if isinstance(value, _Failed):
                    yield task, Lost(f"internal error: {value.description}")
                else:
                    yield task, value
        now = time.monotonic()
        for worker in busy:
            if worker.busy and worker.deadline is not None and now >= worker.deadline:
                ticks = cpu_ticks(worker.pid)
                if worker.cpu_ticks is None or (ticks is not None and ticks > worker.cpu_ticks):
                    # The first check, or slow (a loaded machine) and not stuck: its CPU timer holds it.
                    worker.cpu_ticks = -1 if ticks is None else ticks
                    worker.deadline = now + (self._wall_limit or 0)
                    continue
                task = worker.tasks.popleft()
                self._again.extend(worker.tasks)
                worker.tasks.clear()
                self._replace(worker)
                reason = f"used no CPU time for {self._wall_limit:g} s"
                yield task, Lost(reason, timed_out=True, wall_clock=True)

    def _death(self, status: int | None) -> Lost:
        """Why a child died with a task in hand: its CPU timer ran out, or another reason."""
        cpu_timer = status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == _CPU_SIGNAL
        if self._limit and cpu_timer:
            return Lost(f"used more than {self._limit:g} s of CPU time", timed_out=True)
        return Lost(death_reason(status))

    def _replace(self, worker: _Worker) -> int | None:
        """Kill ``worker``'s child and put a new one in its place (started later,
        when a task needs it); the old child's wait status.
        """
        status = worker.close(kill=True)
        self._workers.remove(worker)
        return status

    def _spawn(self) -> _Worker:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        inherited = [fd for w in self._workers for fd in (w.task_fd, w.result_fd)]
        pid = os.fork()
        if pid == 0:  # the child: serve tasks until the pipe closes, then leave without cleanup
            status = 1
            try:
                for fd in (task_write, result_read, *inherited):
                    os.close(fd)
                _serve(self._work, task_read, result_write, self._limit)
                status = 0
            finally:
                os._exit(status)
        os.close(task_read)
        os.close(result_write)
        return _Worker(pid, task_write, result_read)


# -- the child's side ---------------------------------------------------------


def _serve(work: Callable[[Any], Any], task_fd: int, result_fd: int, limit: float | None) -> None:
    import faulthandler

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(_CPU_SIGNAL, signal.SIG_DFL)  # its default action ends the process
    faulthandler.disable()  # a crash is the parent's to report, once, without a dump
    gc.set_threshold(*GC_THRESHOLDS)
    die_with_parent()  # an orphan busy with a task (one that waits forever) ends too
    buffer = bytearray()
    while True:
        payload = _read_frame(task_fd, buffer)
        if payload is None:  # the parent closed the pipe, or is gone
            return
        if limit:  # counts this process's CPU time (user and system) from now on
            signal.setitimer(signal.ITIMER_PROF, limit)
        answer: Any
        try:
            answer = work(pickle.loads(payload))
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            data = pickle.dumps(_Failed(f"{type(exc).__name__}: {exc}"), protocol=pickle.HIGHEST_PROTOCOL)
        if limit:
            signal.setitimer(signal.ITIMER_PROF, 0)
        write_all(result_fd, FRAME_HEADER.pack(len(data)) + data)
        dataclass_code.save()  # classes made for this task, if any (a worker ends without cleanup)
        gc_pause.resume()  # after the first task, which loaded the parsers (see connlint.gc_pause)


def _read_frame(fd: int, buffer: bytearray) -> bytes | None:
    while True:
        frame = take_frame(buffer)
        if frame is not None:
            return frame
        chunk = os.read(fd, _READ_SIZE)
        if not chunk:
            return None
        buffer += chunk


def take_frame(buffer: bytearray) -> bytes | None:
    """The first complete frame of ``buffer``, removed from it; None if incomplete."""
    if len(buffer) < FRAME_HEADER.size:
        return None
    (size,) = FRAME_HEADER.unpack_from(buffer)
    end = FRAME_HEADER.size + size
    if len(buffer) < end:
        return None
    frame = bytes(buffer[FRAME_HEADER.size : end])
    del buffer[:end]
    return frame


def send_frame(fd: int, value: object) -> None:
    """Write ``value`` pickled, as one length-prefixed frame."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    write_all(fd, FRAME_HEADER.pack(len(payload)) + payload)


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (a pipe takes it in pieces)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def cpu_ticks(pid: int) -> int | None:
    """The CPU time (user and system, in clock ticks) process ``pid`` has used, from
    ``/proc``; None where it cannot be read.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
        # After the name in parentheses (which may hold anything): state, then
        # fields 4-13, then utime and stime (fields 14 and 15 of proc(5)).
        fields = stat[stat.rindex(b")") + 2 :].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None


def death_reason(status: int | None) -> str:
    """Why a child ended, from its wait status."""
    if status is None:
        return "the worker process ended unexpectedly"
    if os.WIFSIGNALED(status):
        return f"the analysis crashed ({signal_name(os.WTERMSIG(status))})"
    return f"the worker process exited with status {os.waitstatus_to_exitcode(status)}"
