-- wrk script for bench/run.py.
--
--   wrk ... -s bench/wrk.lua http://127.0.0.1:PORT/pad [-- /pad1 /pad2 ...]
--
-- With paths after "--" every connection cycles through them (the mix); without,
-- it asks for the URL's own path. Every answer other than 200 counts as an error
-- (wrk itself only counts status >= 400), per status code. done() prints one line
-- "BENCH-JSON {...}" with the totals and latency percentiles in microseconds.

local paden = {}
local volgende = 0
local threads = {}

-- Per thread; read by done() through thread:get.
niet_200 = 0
statussen = ""
local per_status = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   for _, arg in pairs(args) do
      if type(arg) == "string" and string.sub(arg, 1, 1) == "/" then
         table.insert(paden, arg)
      end
   end
end

function request()
   if #paden == 0 then
      return wrk.format()
   end
   volgende = volgende % #paden + 1
   return wrk.format("GET", paden[volgende])
end

function response(status, headers, body)
   if status ~= 200 then
      niet_200 = niet_200 + 1
      per_status[status] = (per_status[status] or 0) + 1
      local delen = {}
      for code, aantal in pairs(per_status) do
         table.insert(delen, code .. ":" .. aantal)
      end
      statussen = table.concat(delen, ",")
   end
end

function done(summary, latency, requests)
   local fout, codes = 0, {}
   for _, thread in ipairs(threads) do
      fout = fout + (thread:get("niet_200") or 0)
      local s = thread:get("statussen")
      if s and s ~= "" then
         table.insert(codes, s)
      end
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH-JSON {"verzoeken": %d, "duur_us": %d, "bytes": %d, '
         .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
         .. '"niet_200": %d, "statussen": "%s", '
         .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "gemiddeld_us": %.1f}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      fout, table.concat(codes, ","),
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.max, latency.mean
   ))
end
