"""Writers on three processes append to one session's log at once: the log stays gap-free and
holds every acknowledged write exactly once."""

import asyncio

from .conftest import Processes
from .outcomes import notes_in_log, open_writers, writers_session

TABLETS = 20
OUTCOMES_EACH = 50


async def test_twenty_tablets_on_three_processes_write_fifty_outcomes_each(
    shared: Processes,
) -> None:
    # Given a running round with 20 groups, and a tablet per group spread over 3 processes,
    moderator, links = await writers_session(shared.urls[0], TABLETS)
    writers = await open_writers(moderator, links, shared.urls)
    try:
        # When every tablet writes 50 outcomes, all tablets at once,
        async def write_all(n: int) -> None:
            writer = writers[n]
            for k in range(OUTCOMES_EACH):
                await writer.write(f"t{n}-o{k}", f"tablet{n:02d}-outcome{k:03d}", shared.urls)
                await asyncio.sleep(0.1)  # a person's pace, under the per-token rate limit

        await asyncio.gather(*(write_all(n) for n in range(TABLETS)))

        # Then the log is numbered 1..head with no gap,
        synced = await moderator.sync(0)
        log = synced["events"]
        assert [e["seq"] for e in log] == list(range(1, synced["head"] + 1))
        # and each of the 1,000 acknowledged outcomes is in it exactly once.
        acked = [notes for w in writers for notes in w.acked]
        assert len(acked) == TABLETS * OUTCOMES_EACH
        assert notes_in_log(log) == {notes: 1 for notes in acked}
    finally:
        for writer in writers:
            await writer.client.close()
        await moderator.close()
