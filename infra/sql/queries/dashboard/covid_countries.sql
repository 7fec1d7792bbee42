-- The countries with stored COVID-19 counts and the days each spans: the dashboard's choices and
-- its default date range.
--   psql -d tributary -f infra/sql/queries/dashboard/covid_countries.sql
SELECT country_code, min(country) AS country, min(day) AS first_day, max(day) AS last_day,
       count(*) AS days
FROM covid.confirmed_cases
GROUP BY country_code
ORDER BY country_code;
