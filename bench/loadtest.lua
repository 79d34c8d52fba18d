-- make loadtest: each request takes the next address of the cycle given after "--"
-- (every thread starts at its own place in it); when done, wrk's figures as one line
-- of JSON, which bench/loadtest.py reads.

local paths = {}
local position = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("start", threads)
end

function init(args)
  paths = args
  position = (start or 1) * 7 % #paths
end

function request()
  position = position % #paths + 1
  -- As browsers ask: compressed.
  return wrk.format("GET", paths[position], { ["Accept-Encoding"] = "gzip" })
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d, "p50_ms": %.2f, "p90_ms": %.2f, '
      .. '"p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, summary.bytes, errors.connect,
    errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000
  ))
end
