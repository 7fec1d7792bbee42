-- The top 3 items most frequently bought: by the number of transactions that contain them (an
-- item is on at most one line of a transaction), placed or completed. Ties: the larger quantity
-- sold in all, then the item's name, then its id; so always exactly 3 rows (fewer only when fewer
-- items have sold).
--   psql -d tributary -f infra/sql/queries/sales/top_items.sql
SELECT i.item_id,
       i.name AS item,
       f.name AS manufacturer,
       count(DISTINCT l.transaction_id) AS transactions,
       sum(l.quantity) AS quantity
FROM sales.line_items l
JOIN sales.items i USING (item_id)
JOIN sales.manufacturers f USING (manufacturer_id)
GROUP BY i.item_id, f.name
ORDER BY transactions DESC, quantity DESC, i.name, i.item_id
LIMIT 3;
