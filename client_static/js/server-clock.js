// The server's clock as the page estimates it (docs/protocol.md, "Time"): keep the last few
// samples and trust the one with the quickest round trip, whose midpoint is the least skewed.

const SAMPLES_KEPT = 10;

export function serverClock() {
  let offset = 0;
  /** @type {{rtt: number, offset: number}[]} */
  let samples = [];
  return {
    /** The server's ms clock, estimated. */
    now: () => Date.now() + offset,

    /** The quickest round trip seen, in ms; null before the first sample. */
    bestRtt: () => (samples.length > 0 ? Math.round(Math.min(...samples.map((s) => s.rtt))) : null),

    /**
     * Take a sample from an answer carrying the server's `now`; false when it carried none.
     * @param {number} t when the request left (Date.now()) @param {any} answer
     */
    sample(t, answer) {
      const received = Date.now();
      if (!answer || typeof answer.now !== "number") return false;
      samples = [...samples, { rtt: received - t, offset: answer.now - (t + received) / 2 }].slice(-SAMPLES_KEPT);
      offset = samples.reduce((best, s) => (s.rtt < best.rtt ? s : best)).offset;
      return true;
    },
  };
}
