-- Runs over a list of paths, read from the file named by the first argument after
-- `--` (one path a line). Each thread knows its number and counts the statuses
-- outside 2xx; the totals are summed over the threads at the end. A script for
-- such a run appends how its threads pick the next path (mix.lua, distinct.lua).
local threads = {}
local next_id = 0

setup = function(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

read_paths = function(file)
  local paths = {}
  for line in io.lines(file) do
    if line ~= "" then table.insert(paths, line) end
  end
  return paths
end

response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

thread_total = function(name)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get(name) end
  return total
end

non2xx_total = function() return thread_total("non2xx") end
wrapped_total = function() return thread_total("wrapped") end
