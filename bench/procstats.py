"""What the kernel says about a set of processes: CPU time, resident memory, bytes written.

Each figure is summed over the pids (threads included: /proc/<pid> covers the whole process),
so a server of several processes is accounted for as one."""

import os
from pathlib import Path

CLOCK_TICKS_PER_SEC = os.sysconf("SC_CLK_TCK")
UTIME_FIELD, STIME_FIELD = 13, 14  # 0-based in the whole line; the name before ")" may hold spaces


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time so far."""
    total = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[UTIME_FIELD - 2]) + int(fields[STIME_FIELD - 2])
    return total / CLOCK_TICKS_PER_SEC


def rss_bytes(pids: list[int]) -> int:
    """Resident set size now (VmRSS)."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def written_bytes(pids: list[int]) -> int | None:
    """Bytes passed to write(2)-like calls so far (`wchar`: sockets and files alike), or None
    where /proc/<pid>/io cannot be read."""
    total = 0
    try:
        for pid in pids:
            for line in Path(f"/proc/{pid}/io").read_text().splitlines():
                if line.startswith("wchar:"):
                    total += int(line.split()[1])
    except OSError:
        return None
    return total


def core_busy_seconds(core: int) -> float:
    """Time one CPU core spent on anything but idling, so far (from /proc/stat)."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{core} "):
            user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, line.split()[1:9])
            return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SEC
    raise ValueError(f"no cpu{core} in /proc/stat")


def waited_seconds(pids: list[int]) -> float:
    """Time the processes' threads were ready to run but waited for a CPU, so far (schedstat's
    run delay): on a pinned core, the time something else, or a sibling thread, held it."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue  # a thread that ended meanwhile
    return total / 1e9
