-- A country's cases per day between two days (inclusive): cumulative, new since the day before,
-- whether the count went down, and the 7-day average of the new cases. The view computes new cases
-- and averages over every stored day, so the first day of a range still has its own.
--   psql -d tributary -v country=SG -v from=2021-01-01 -v to=2021-12-31 \
--        -f infra/sql/queries/dashboard/covid_cases.sql
SELECT day, cumulative, new_cases, average_7d, decrease
FROM covid.daily_cases
WHERE country_code = :'country' AND day BETWEEN :'from'::date AND :'to'::date
ORDER BY day;
