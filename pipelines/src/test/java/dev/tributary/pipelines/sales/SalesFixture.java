package dev.tributary.pipelines.sales;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.IngestionRuns;
import java.sql.SQLException;

/**
 * A sales database small enough to answer by hand. Eleven members M01…M11 (from eleven successful
 * applications), five items, thirteen transactions:
 *
 * <pre>
 * member  transactions: lines (quantity × unit price)            spending
 * M01     T1: mixer 1×500; T2: kettle 2×40                        580.00  2 transactions
 * M02     T3: mixer 1×450, mouse 1×30                             480.00  1
 * M03     T4: toaster 4×60; T5: toaster 4×60                      480.00  2  (ties M02: more first)
 * M04     T6: kettle 1×40, mouse 1×30                              70.00
 * M05     T7: mouse 2×30                                           60.00
 * M06     T8: kettle 1×40 (placed)                                 40.00     (ties M07: by id)
 * M07     T9: kettle 1×40 (placed)                                 40.00
 * M08     T10: mouse 1×30                                          30.00
 * M09     T11: mouse 1×28                                          28.00     (11th: not shown)
 * M10     T12: mouse 1×25, blender 4×80                           345.00
 * M11     T13: kettle 1×20, blender 4×80                          340.00
 * </pre>
 *
 * Items by transactions containing them: mouse 6 (quantity 7), kettle 5 (6), then three with 2:
 * blender (quantity 8), toaster (8), mixer (2): the quantity puts the mixer last, the name the
 * blender before the toaster. So the top 3: mouse, kettle, blender.
 */
final class SalesFixture {
  private SalesFixture() {}

  static void insert(TestDatabase db) throws SQLException {
    long run = IngestionRuns.start(db.jdbcUrl(), "applications", "fixture", 0, "rows").runId();
    db.execute(
        """
        INSERT INTO applications.applications (file_sha256, line, successful, membership_id,
          title, first_name, last_name, email, date_of_birth, mobile_no, above_18, reasons, run_id)
        SELECT repeat('f', 64), n + 1, true, format('M%%s_00000', lpad(n::text, 2, '0')), '',
          'F' || lpad(n::text, 2, '0'), 'M' || lpad(n::text, 2, '0'), 'm' || n || '@x.com',
          '19800101', '12345678', true, '', %d
        FROM generate_series(1, 11) n
        """
            .formatted(run),
        """
        INSERT INTO sales.members SELECT membership_id, first_name, last_name, email,
          date '1980-01-01', mobile_no, above_18, file_sha256, line FROM applications.applications
        """,
        "INSERT INTO sales.manufacturers VALUES (1, 'Acme', 'DE'), (2, 'Bolt', 'US')",
        """
        INSERT INTO sales.items (item_id, name, category, manufacturer_id, cost, weight_kg) VALUES
          (1, 'Kettle', 'kitchen', 1, 40.00, 1.000),
          (2, 'Toaster', 'kitchen', 1, 60.00, 2.000),
          (3, 'Mixer', 'kitchen', 2, 500.00, 10.000),
          (4, 'Mouse', 'electronics', 2, 30.00, 0.100),
          (5, 'Blender', 'kitchen', 2, 80.00, 1.500)
        """,
        """
        INSERT INTO sales.transactions (transaction_id, membership_id, placed_at, status,
          completed_at)
        SELECT t, 'M' || lpad(m::text, 2, '0') || '_00000',
          timestamptz '2025-03-01 10:00Z' + t * interval '1 day',
          CASE WHEN t IN (8, 9) THEN 'placed' ELSE 'completed' END,
          CASE WHEN t IN (8, 9) THEN NULL
               ELSE timestamptz '2025-03-02 10:00Z' + t * interval '1 day' END
        FROM (VALUES (1, 1), (2, 1), (3, 2), (4, 3), (5, 3), (6, 4), (7, 5), (8, 6), (9, 7),
                     (10, 8), (11, 9), (12, 10), (13, 11)) v (t, m)
        """,
        """
        INSERT INTO sales.line_items VALUES
          (1, 1, 3, 1, 500.00, 10.000),
          (2, 1, 1, 2, 40.00, 1.000),
          (3, 1, 3, 1, 450.00, 10.000), (3, 2, 4, 1, 30.00, 0.100),
          (4, 1, 2, 4, 60.00, 2.000),
          (5, 1, 2, 4, 60.00, 2.000),
          (6, 1, 1, 1, 40.00, 1.000), (6, 2, 4, 1, 30.00, 0.100),
          (7, 1, 4, 2, 30.00, 0.100),
          (8, 1, 1, 1, 40.00, 1.000),
          (9, 1, 1, 1, 40.00, 1.000),
          (10, 1, 4, 1, 30.00, 0.100),
          (11, 1, 4, 1, 28.00, 0.100),
          (12, 1, 4, 1, 25.00, 0.100), (12, 2, 5, 4, 80.00, 1.500),
          (13, 1, 1, 1, 20.00, 1.000), (13, 2, 5, 4, 80.00, 1.500)
        """);
  }
}
