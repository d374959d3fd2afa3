-- Load script for wrk (pathstats bench http-ingest): every request is a POST of the next body of
-- WRK_BODY_FILE (bodies separated by an empty line; each thread starts at its own body) to
-- WRK_PATH, as NDJSON. At the end, one summary line; answers other than 2xx count as errors.
local path = os.getenv("WRK_PATH") or "/events"
local bodies = {}
local next_body = 1

function setup(thread)
  thread:set("offset", math.random(0, 1000))
end

function init(args)
  local f = assert(io.open(os.getenv("WRK_BODY_FILE"), "rb"))
  local all = f:read("*a")
  f:close()
  for body in (all .. "\n\n"):gmatch("(.-)\n\n") do
    if #body > 0 then
      bodies[#bodies + 1] = body .. "\n"
    end
  end
  next_body = (offset or 0) % #bodies + 1
  wrk.headers["Content-Type"] = "application/x-ndjson"
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", path, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_RESULT %d %d %d %d %d\n",
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
