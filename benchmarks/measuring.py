"""What a benchmark run costs: CPU of the process tree, peak RSS and PSS, busy machine time."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psutil


class MemorySampler(threading.Thread):
    """Sample RSS and PSS summed over a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_main_rss = 0
        self.samples: list[tuple[float, int, int]] = []
        self.cpu: dict[int, float] = {}
        """Latest user + system CPU seconds seen for each process of the tree."""
        self.roles: dict[int, str] = {}
        """What each process of the tree is: crawl (the root), fork server, worker or other."""
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil

        start = time.time()
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            rss = pss = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                    times = proc.cpu_times()
                except psutil.Error:
                    continue
                self.cpu[proc.pid] = times.user + times.system
                if proc.pid not in self.roles:
                    self.roles[proc.pid] = _role(proc, root)
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
                if proc is root:
                    self.peak_main_rss = max(self.peak_main_rss, info.rss)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.samples.append((time.time() - start, rss, pss))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def _role(proc: psutil.Process, root: psutil.Process) -> str:
    """Return the role of `proc` in the process tree of `root` (see `MemorySampler.roles`)."""
    import psutil

    if proc.pid == root.pid:
        return "crawl"
    try:
        cmdline = proc.cmdline()
        parent = proc.ppid()
        forked = cmdline == root.cmdline()  # a worker forked by the crawl process itself
    except psutil.Error:
        return "other"
    if "forkserver" in " ".join(cmdline):
        return "fork server" if parent == root.pid else "worker"
    return "worker" if forked else "other"


def cpu_by_role(sampler: MemorySampler) -> dict[str, float]:
    """Return the CPU seconds of the sampled tree summed by role (crawl, fork server, ...)."""
    totals: dict[str, float] = {}
    for pid, cpu in sampler.cpu.items():
        role = sampler.roles.get(pid, "other")
        totals[role] = totals.get(role, 0.0) + cpu
    return totals


def children_cpu() -> float:
    """Return the CPU seconds (user + system) of the waited-for descendants of this process.

    A crawl's pool workers are waited for by the crawl process, which this process waits
    for, so a run's whole process tree is counted. Unlike pages/s, this does not depend on
    what else the machine is running.
    """
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def busy_cpu() -> float:
    """Return the CPU seconds the whole machine has spent busy (all processes, all cores)."""
    import psutil

    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))
