-- One URL, requested again and again. wrk counts the statuses outside 2xx/3xx
-- itself (its "status" error); bench checks every URL for exactly 200 (no
-- redirect) before it measures it, so there is nothing to count here.
non2xx_total = function() return -1 end
wrapped_total = function() return 0 end
