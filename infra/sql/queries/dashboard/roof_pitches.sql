-- The pitch distribution of the current roofs' mounting planes in 5-degree steps: planes and their
-- area per step (a step from pitch_from_deg up to, not including, pitch_from_deg + 5; 90 in the last).
--   psql -d tributary -f infra/sql/queries/dashboard/roof_pitches.sql
SELECT least(floor(pitch_deg / 5) * 5, 85)::int AS pitch_from_deg,
       count(*) AS planes,
       round(sum(area_sqft)::numeric, 1) AS area_sqft
FROM roofs.current_planes
GROUP BY 1
ORDER BY 1;
