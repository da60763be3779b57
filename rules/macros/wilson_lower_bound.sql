-- wilson_lower_bound(successes, trials, z): the lower end of the Wilson score interval for the share successes / trials
-- (Wilson 1927, JASA 22(158): 209–212). Unlike the plain share it is small when trials are few, so a buyer with 2 of 2
-- awards to one supplier does not outrank one with 40 of 50. z is the normal quantile (1.96 for a 95 % interval).
create or replace temp macro wilson_lower_bound(successes, trials, z) as
    (successes::double / trials + z * z / (2 * trials)
        - z * sqrt(successes::double / trials * (1 - successes::double / trials) / trials + z * z / (4 * trials * trials)))
    / (1 + z * z / trials)
