-- The write mix (bench/run.py, prepared by bench/writes.py): run with as many threads as
-- connections (-t16 -c16), so each thread has one connection and its requests and responses
-- alternate: the response belongs to the last request made. Each thread takes every n-th write
-- of the file once (no write is sent twice) and reads in between, cycling through the reads.
-- Prints one JSON line: requests per second, p50/p95, errors, per kind the requests that got a
-- 2xx/3xx answer and those that did not, and the ids of the writes that succeeded, failed, or were
-- still unanswered when wrk stopped (bench/writes.py verify checks each against the database).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local KINDS = {"read", "reflect", "register", "helpful"}

function init(args)
  writes, reads = {}, {}
  local path = os.getenv("BENCH_MIX")
  local share = tonumber(os.getenv("BENCH_WRITE_SHARE") or "0.5")
  local n = 0
  for line in io.lines(path) do
    local number, kind, method, url, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = {Cookie = cookie}
    if method == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
    local entry = {number = number, kind = kind, raw = wrk.format(method, url, headers, method == "POST" and body or nil)}
    if kind == "read" then
      table.insert(reads, entry)
    else
      if n % counter_total() == id then table.insert(writes, entry) end
      n = n + 1
    end
  end
  write_share = share
  next_write, next_read = 1, (id % math.max(#reads, 1)) + 1
  math.randomseed(1000 + id)
  for _, kind in ipairs(KINDS) do _G["ok_" .. kind] = 0; _G["bad_" .. kind] = 0 end
  exhausted = 0
  ok_ids, failed_ids, pending, lost_ids = "", "", "", ""
end

function counter_total()
  return tonumber(os.getenv("BENCH_THREADS") or "16")
end

function request()
  local entry
  if next_write <= #writes and math.random() < write_share then
    entry = writes[next_write]
    next_write = next_write + 1
  else
    if next_write > #writes then exhausted = 1 end
    entry = reads[next_read]
    next_read = (next_read % #reads) + 1
  end
  last_kind = entry.kind
  -- A write whose connection broke before its answer: counted as unanswered.
  if pending ~= "" then lost_ids = lost_ids .. "," .. pending end
  if entry.kind ~= "read" then pending = entry.number else pending = "" end
  return entry.raw
end

function response(status, headers, body)
  local ok = status >= 200 and status < 400
  if ok then
    _G["ok_" .. last_kind] = _G["ok_" .. last_kind] + 1
  else
    _G["bad_" .. last_kind] = _G["bad_" .. last_kind] + 1
  end
  if pending ~= "" then
    if ok then ok_ids = ok_ids .. "," .. pending else failed_ids = failed_ids .. "," .. pending end
    pending = ""
  end
end

local function ids(text)
  local quoted = {}
  for number in text:gmatch("[^,]+") do table.insert(quoted, '"' .. number .. '"') end
  return "[" .. table.concat(quoted, ", ") .. "]"
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  local parts = {}
  local all_exhausted = 0
  for _, kind in ipairs(KINDS) do
    local ok, bad = 0, 0
    for _, thread in ipairs(threads) do
      ok = ok + thread:get("ok_" .. kind)
      bad = bad + thread:get("bad_" .. kind)
    end
    table.insert(parts, string.format('"%s": {"ok": %d, "failed": %d}', kind, ok, bad))
  end
  local ok_all, failed_all, pending_all = "", "", ""
  for _, thread in ipairs(threads) do
    all_exhausted = all_exhausted + thread:get("exhausted")
    ok_all = ok_all .. thread:get("ok_ids")
    failed_all = failed_all .. thread:get("failed_ids")
    pending_all = pending_all .. thread:get("lost_ids")
    if thread:get("pending") ~= "" then pending_all = pending_all .. "," .. thread:get("pending") end
  end
  io.write(string.format(
    '{"rps": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "requests": %d, "errors": %d, '
    .. '"timeouts": %d, "threads_out_of_writes": %d, "kinds": {%s}, "ok_ids": %s, "failed_ids": %s, '
    .. '"unanswered_ids": %s}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests, errors,
    summary.errors.timeout, all_exhausted, table.concat(parts, ", "), ids(ok_all), ids(failed_all),
    ids(pending_all)))
end
