-- A mix of what listeners, journalists and members request, for wrk (bench/load_test.py).
-- Counts 5xx answers per thread; done() adds them up.
local paths = {}
local threads = {}
local etag = os.getenv("FEED_ETAG") or ""

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {
    {"/cash-pme/feed.xml", false},
    {"/cash-pme/feed.xml", true},
    {"/cash-pme/feed.xml", true},
    {"/cash-pme/tresorerie-tenir-le-cap/", false},
    {"/prises-de-position/redynamiser-l-industrie/", false},
    {"/prises-de-position/?theme=energie", false},
    {"/recherche/?q=industrie", false},
    {"/rapport-influence-2026/?department=31", false},
    {"/rapport-influence-2026/donnees/csv/", false},
    {"/", false},
    {"/agenda/", false},
  }
  server_errors = 0
  counter = 0
end

function request()
  counter = counter + 1
  local entry = paths[(counter % #paths) + 1]
  local headers = {}
  if entry[2] and etag ~= "" then headers["If-None-Match"] = etag end
  return wrk.format("GET", entry[1], headers)
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("server_errors") end
  io.write(string.format("SERVER_ERRORS %d\n", total))
  io.write(string.format("P99_MS %.1f\n", latency:percentile(99) / 1000))
  io.write(string.format("P50_MS %.1f\n", latency:percentile(50) / 1000))
  io.write(string.format("REQUESTS %d\n", summary.requests))
end
