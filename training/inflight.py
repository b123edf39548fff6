"""Many requests in flight, results handed back as each one finishes.

A bounded window (never more than `width` jobs submitted) so that a run stopped by an error or
Ctrl-C has at most `width` requests to abandon, and a result is written the moment it arrives:
the caller's output file, not this queue, is the record of progress.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")


def in_flight(work: Callable[[Job], Result], jobs: Iterable[Job],
              width: int) -> Iterator[tuple[Job, Result]]:
    """(job, result) in completion order, at most `width` running at once.

    After the first failure no new job starts; the ones already running are waited for and
    their results still yielded (the server answered them: keep the work), then the first
    error is raised.
    """
    pending: dict[Future[Result], Job] = {}
    queue = iter(jobs)
    error: BaseException | None = None
    pool = ThreadPoolExecutor(max_workers=max(width, 1), thread_name_prefix="teacher")

    def fill() -> None:
        while error is None and len(pending) < width:
            try:
                job = next(queue)
            except StopIteration:
                return
            pending[pool.submit(work, job)] = job

    try:
        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = pending.pop(future)
                failure = future.exception()
                if failure is not None:
                    error = error or failure
                    continue
                yield job, future.result()
            fill()
    finally:
        # Ctrl-C or the consumer stopping: drop what has not started, do not wait for the rest
        # (each request has its own timeout and its thread ends with it).
        pool.shutdown(wait=False, cancel_futures=True)
    if error is not None:
        raise error
