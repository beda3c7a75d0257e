-- wrk script of make bench's traffic phases (bench/traffic.py writes the
-- schedule and reads what done() prints).
--
-- Argument: a folder of schedules, one per thread (thread n reads n.txt; one
-- request a line: "kind path", the path already quoted). Each thread sends
-- its lines in order, so that no line is sent twice until a thread has sent
-- all of its own (it then starts them again, and says so).
--
-- Each thread has ONE connection (wrk -tN -cN): its responses then come in
-- the order of its requests, and each can be counted under the kind of the
-- request it answers (X-Cache: hit, miss, or none). Counters live in each
-- thread's own Lua state; done() runs in the main one and gathers them.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   paths, kinds = {}, {}
   for line in io.lines(args[1] .. "/" .. id .. ".txt") do
      local kind, path = line:match("^(%S+) (%S+)$")
      table.insert(kinds, kind)
      table.insert(paths, path)
   end
   cursor, sent, wrapped, last = 0, 0, 0, nil
   counts = {}
end

function request()
   cursor = cursor + 1
   if cursor > #paths then
      cursor, wrapped = 1, wrapped + 1
   end
   sent = sent + 1
   last = kinds[cursor]
   return wrk.format("GET", paths[cursor])
end

local function count(key)
   counts[key] = (counts[key] or 0) + 1
end

function response(status, headers, body)
   local cache = headers["X-Cache"] or headers["x-cache"] or "none"
   count(last .. " " .. cache)
   if status >= 400 then
      count(last .. " status" .. status)
   end
end

function done(summary, latency, requests)
   local parts = {}
   for _, thread in ipairs(threads) do
      local found = {}
      for key, value in pairs(thread:get("counts")) do
         table.insert(found, string.format("%q: %d", key, value))
      end
      table.insert(parts, string.format(
         '{"sent": %d, "wrapped": %d, "counts": {%s}}',
         thread:get("sent"), thread:get("wrapped"), table.concat(found, ", ")))
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH-TRAFFIC {"requests": %d, "seconds": %.3f, "p50": %.3f, '
         .. '"p90": %.3f, "p99": %.3f, "max": %.3f, "errors": {"connect": %d, '
         .. '"read": %d, "write": %d, "status": %d, "timeout": %d}, '
         .. '"threads": [%s]}\n',
      summary.requests, summary.duration / 1e6,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      table.concat(parts, ", ")))
end
