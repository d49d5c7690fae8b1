// GET /debug/metrics for the Node process: the same JSON as Roundtable's server/diagnostics.py,
// from the garbage collector's perf_hooks entries.

import { PerformanceObserver, constants } from "node:perf_hooks";

const SLOW_PAUSE_MS = 20;
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

const pauses = () => ({ count: 0, max_ms: 0, total_ms: 0, over_20ms: 0 });
const add = (p, ms) => {
  p.count += 1;
  p.max_ms = Math.max(p.max_ms, ms);
  p.total_ms += ms;
  if (ms > SLOW_PAUSE_MS) p.over_20ms += 1;
};
const rounded = (p) => ({ ...p, max_ms: +p.max_ms.toFixed(3), total_ms: +p.total_ms.toFixed(3) });

export function gcMetrics() {
  const overall = pauses();
  const byKind = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KINDS[entry.detail?.kind] ?? "other";
      add(overall, entry.duration);
      add((byKind[kind] ??= pauses()), entry.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  return () => ({
    runtime: "node",
    pid: process.pid,
    gc: { ...rounded(overall), by_kind: Object.fromEntries(Object.entries(byKind).map(([k, p]) => [k, rounded(p)])) },
  });
}
