// Figures from one load run: requests, rate, latency percentiles (nearest rank), status counts.

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`, or NaN when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Summarises a recorder's latencies (ms) and statuses over `elapsedMs`. */
export function summarise({ latencies, statuses }, elapsedMs) {
  const sorted = Float64Array.from(latencies).sort();
  const requests = sorted.length;
  const ok = Object.entries(statuses).reduce((sum, [status, count]) => sum + (status >= 200 && status < 300 ? count : 0), 0);
  return {
    requests,
    ok,
    statuses,
    elapsedMs,
    rps: requests / (elapsedMs / 1000),
    okPerSecond: ok / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: requests === 0 ? Number.NaN : sorted[requests - 1],
  };
}
