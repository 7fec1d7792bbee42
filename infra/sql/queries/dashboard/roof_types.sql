-- Current roofs per roof type (dominant material and shape class).
--   psql -d tributary -f infra/sql/queries/dashboard/roof_types.sql
SELECT t.material, t.shape_class, count(*) AS roofs
FROM roofs.roof_versions v
JOIN roofs.roof_types t USING (roof_type_id)
WHERE v.is_current
GROUP BY t.material, t.shape_class
ORDER BY roofs DESC, t.material, t.shape_class;
