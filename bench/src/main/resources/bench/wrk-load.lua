-- Load script for wrk (pathstats bench api, bench http-ingest). Each request goes to
-- WRK_PATH_TEMPLATE with every "{page}" replaced by a random page 1..WRK_PAGES: a GET, or, with
-- WRK_BODY_FILE, a POST of the file's next body (bodies separated by an empty line, NDJSON; each
-- thread starts at its own). With WRK_THREAD_RATE > 0, each wrk thread sends at that many requests
-- per second (a fixed schedule shared by its connections) instead of as fast as the server answers.
-- At the end, one summary line; answers other than 2xx count as errors.
local template = os.getenv("WRK_PATH_TEMPLATE") or "/"
local pages = tonumber(os.getenv("WRK_PAGES") or "1")
local thread_rate = tonumber(os.getenv("WRK_THREAD_RATE") or "0")
local body_file = os.getenv("WRK_BODY_FILE")
local bodies = {}
local next_body = 1

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
  if body_file then
    local f = assert(io.open(body_file, "rb"))
    local all = f:read("*a")
    f:close()
    for body in (all .. "\n\n"):gmatch("(.-)\n\n") do
      if #body > 0 then
        bodies[#bodies + 1] = body .. "\n"
      end
    end
    next_body = math.random(1, #bodies)
    wrk.headers["Content-Type"] = "application/x-ndjson"
  end
end

function request()
  local path = template:gsub("{page}", tostring(math.random(1, pages)))
  if body_file then
    local body = bodies[next_body]
    next_body = next_body % #bodies + 1
    return wrk.format("POST", path, nil, body)
  end
  return wrk.format("GET", path)
end

if thread_rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } pathstats_timespec;
    int clock_gettime(int clock_id, pathstats_timespec *tp);
  ]]
  local ts = ffi.new("pathstats_timespec")
  local CLOCK_MONOTONIC = 1
  local interval_ms = 1000 / thread_rate
  local next_slot_ms = 0

  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end

  -- Called after each response: the connection waits for the thread's next free send slot.
  -- A server that falls behind loses slots rather than being sent a backlog, so the achieved
  -- rate (reported) shows it.
  function delay()
    local now = now_ms()
    next_slot_ms = math.max(now, next_slot_ms + interval_ms)
    return math.floor(next_slot_ms - now)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_RESULT %d %d %d %d %d\n",
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
