// Percentiles and CPU accounting for the generator's own numbers.

/** @param {number[]} values @param {number} q in [0, 1] */
export function percentile(values, q) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export const round1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

/** p50, p99 and max of a list of milliseconds, rounded to 0.1 ms (null when empty). */
export function summary(values) {
  return {
    p50: round1(percentile(values, 0.5)),
    p99: round1(percentile(values, 0.99)),
    max: round1(values.length ? values.reduce((a, b) => Math.max(a, b), 0) : null),
  };
}

/** This process's CPU use over a phase, as % of one core. */
export function cpuMeter() {
  let usage = process.cpuUsage();
  let at = performance.now();
  return () => {
    const now = performance.now();
    const used = process.cpuUsage(usage);
    const pct = ((used.user + used.system) / 1000 / (now - at)) * 100;
    usage = process.cpuUsage();
    at = now;
    return round1(pct);
  };
}
