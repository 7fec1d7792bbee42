-- The top 10 members by spending: the sum of the total prices of all their transactions, placed
-- or completed (a placed transaction is bought and paid; "completed" is logistics' delivery
-- state). Ties: the member with more transactions first, then by membership id.
--   psql -d tributary -f infra/sql/queries/sales/top_members.sql
SELECT m.membership_id,
       m.first_name,
       m.last_name,
       count(*) AS transactions,
       sum(t.total_price) AS spending
FROM sales.transactions t
JOIN sales.members m USING (membership_id)
GROUP BY m.membership_id
ORDER BY spending DESC, transactions DESC, m.membership_id
LIMIT 10;
