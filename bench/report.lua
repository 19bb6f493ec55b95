-- wrk reports its numbers as one JSON line (bench/run.py reads it): requests per second,
-- p50 and p95 latency in ms, and errors (socket errors plus non-2xx/3xx responses).
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"rps": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, "requests": %d, "errors": %d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, summary.requests, errors))
end
