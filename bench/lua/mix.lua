-- The load test: every connection rotates over the paths, from a random start.
init = function(args)
  paths = read_paths(args[1])
  non2xx = 0
  wrapped = 0
  counter = math.random(0, #paths)
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
