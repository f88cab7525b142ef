-- First visits: each thread walks its own share of a list of distinct addresses
-- (the second argument is the number of threads), so no address is requested
-- twice while the list lasts; "wrapped" says if it ran out.
init = function(args)
  paths = read_paths(args[1])
  thread_count = tonumber(args[2])
  non2xx = 0
  counter = 0
  wrapped = 0
end

request = function()
  local index = id + counter * thread_count
  counter = counter + 1
  if index >= #paths then wrapped = 1 end
  return wrk.format("GET", paths[(index % #paths) + 1])
end
