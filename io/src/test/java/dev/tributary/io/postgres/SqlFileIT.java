package dev.tributary.io.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SqlFile statements run on the real server, bound by name. */
class SqlFileIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  @Test
  void bindsByNameAroundCastsCommentsAndLiterals() throws Exception {
    SqlFile q =
        SqlFile.parse(
            "-- a query: run with psql -v n=41 -v name=x\n"
                + "SELECT :n::int + 1, :'name' || ':suffix', '10:30'::time, :n -- again: :n\n"
                + ";\n");
    try (Connection c = db.connect();
        PreparedStatement s = q.prepare(c, Map.of("n", 41, "name", "ü"));
        ResultSet r = s.executeQuery()) {
      r.next();
      assertEquals(42, r.getInt(1));
      assertEquals("ü:suffix", r.getString(2));
      assertEquals("10:30:00", r.getString(3));
      assertEquals(41, r.getInt(4));
    }
  }

  @Test
  void theProjectsQueriesRunOnAFreshSchema() throws Exception {
    Path queries = Path.of("..", "infra", "sql", "queries");
    Map<String, Object> values =
        Map.of(
            "min_lon",
            14.40,
            "min_lat",
            50.05,
            "max_lon",
            14.50,
            "max_lat",
            50.10,
            "match",
            "origin",
            "weeks_with_data",
            false,
            "region",
            "Prague",
            "datasource",
            "cheap_mobile");
    try (Connection c = db.connect()) {
      for (String file :
          new String[] {
            "weekly_average_bbox.sql",
            "weekly_average_region.sql",
            "regions_of_datasource.sql",
            "latest_datasource_of_top_regions.sql"
          }) {
        SqlFile q = SqlFile.parse(Files.readString(queries.resolve(file)));
        try (PreparedStatement s = q.prepare(c, values);
            ResultSet r = s.executeQuery()) {
          assertFalse(r.next(), file + " has no rows on an empty schema");
        }
      }
    }
  }
}
