package dev.tributary.io.postgres;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlFileTest {
  @Test
  void variablesBecomeParametersInOrder() throws Exception {
    SqlFile q =
        SqlFile.parse(
            "SELECT * FROM trips.trip_counts_in_bbox(:min_lon, :min_lat, :max_lon, :max_lat, :'match')\n"
                + "WHERE NOT :weeks_with_data OR c.trips > 0;\n");
    assertEquals(
        "SELECT * FROM trips.trip_counts_in_bbox(?, ?, ?, ?, ?)\nWHERE NOT ? OR c.trips > 0",
        q.sql());
    assertEquals(
        List.of("min_lon", "min_lat", "max_lon", "max_lat", "match", "weeks_with_data"),
        parameters(q));
  }

  @Test
  void quotedVariableLosesItsQuotes() throws Exception {
    SqlFile q =
        SqlFile.parse("SELECT 1 WHERE d.name = lower(trim(:'datasource')) AND x = :'datasource'");
    assertEquals("SELECT 1 WHERE d.name = lower(trim(?)) AND x = ?", q.sql());
    assertEquals(List.of("datasource", "datasource"), parameters(q));
  }

  @Test
  void castsAreUntouched() throws Exception {
    SqlFile q =
        SqlFile.parse(
            "SELECT date_trunc('week', started_at)::date, :n::int, 'o'::\"char\", x::timestamp(3), a[1:2]\nFROM t");
    assertEquals(
        "SELECT date_trunc('week', started_at)::date, ?::int, 'o'::\"char\", x::timestamp(3), a[1:2]\nFROM t",
        q.sql());
    assertEquals(List.of("n"), parameters(q));
  }

  @Test
  void commentsWithColonsAreUntouched() throws Exception {
    String text =
        "-- Weekly average: run with psql -v region=Prague, e.g. :region or :'region'\n"
            + "--   psql -d tributary -v x=1 -f q.sql\n"
            + "SELECT 1 -- at 10:30, ratio 1:2\n"
            + "FROM t WHERE r = :'region';\n";
    SqlFile q = SqlFile.parse(text);
    assertEquals(List.of("region"), parameters(q));
    assertThat(q.sql(), containsString("SELECT 1 -- at 10:30, ratio 1:2\nFROM t WHERE r = ?"));
  }

  @Test
  void colonsInsideTrailingCommentsAndLiteralsAreNotVariables() throws Exception {
    // psql does not interpolate inside comments or quoted literals; neither may SqlFile, or the
    // statement gets a ? that JDBC does not count and every later parameter shifts.
    SqlFile q =
        SqlFile.parse(
            "SELECT 'key:value', '12:30', \"col:name\" -- matched on :region, case-insensitively\n"
                + "FROM t /* :not_a_variable */ WHERE r = :'region'");
    assertEquals(List.of("region"), parameters(q));
    assertEquals(
        "SELECT 'key:value', '12:30', \"col:name\" -- matched on :region, case-insensitively\n"
            + "FROM t /* :not_a_variable */ WHERE r = ?",
        q.sql());
  }

  @Test
  void quotesDollarBodiesAndEscapesAreSkippedWhole() throws Exception {
    SqlFile q =
        SqlFile.parse(
            "SELECT 'it''s :a', E'\\' :b', $$ :c $$, $fn$ ':d' $fn$, \"x\"\":e\", :f, a$b, :'g'");
    assertEquals(List.of("f", "g"), parameters(q));
    assertEquals(
        "SELECT 'it''s :a', E'\\' :b', $$ :c $$, $fn$ ':d' $fn$, \"x\"\":e\", ?, a$b, ?", q.sql());
  }

  @Test
  void unterminatedQuoteOrCommentSwallowsTheRest() throws Exception {
    assertEquals(List.of("a"), parameters(SqlFile.parse("SELECT :a, ':b")));
    assertEquals(List.of("a"), parameters(SqlFile.parse("SELECT :a /* :b")));
  }

  @Test
  void realQueryFilesKeepTheirParameters() throws Exception {
    java.nio.file.Path queries = java.nio.file.Path.of("..", "infra", "sql", "queries");
    assertEquals(
        List.of("min_lon", "min_lat", "max_lon", "max_lat", "match", "weeks_with_data"),
        parameters(
            SqlFile.parse(
                java.nio.file.Files.readString(queries.resolve("weekly_average_bbox.sql")))));
    assertEquals(
        List.of("region", "weeks_with_data"),
        parameters(
            SqlFile.parse(
                java.nio.file.Files.readString(queries.resolve("weekly_average_region.sql")))));
    assertEquals(
        List.of("datasource"),
        parameters(
            SqlFile.parse(
                java.nio.file.Files.readString(queries.resolve("regions_of_datasource.sql")))));
    assertEquals(
        List.of(),
        parameters(
            SqlFile.parse(
                java.nio.file.Files.readString(
                    queries.resolve("latest_datasource_of_top_regions.sql")))));
  }

  @Test
  void trailingSemicolonAndBlankLinesDropped() {
    assertEquals("SELECT 1", SqlFile.parse("\n\nSELECT 1;\n\n").sql());
  }

  @Test
  void missingValueIsAnIllegalArgument() {
    SqlFile q = SqlFile.parse("SELECT :a, :'b'");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> q.prepare(new NoNetworkConnection().proxy(), Map.of("a", 1)));
    assertThat(e.getMessage(), containsString(":b"));
  }

  @Test
  void missingResourceIsNamed() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SqlFile.load("sql/queries/nope.sql"));
    assertThat(e.getMessage(), containsString("sql/queries/nope.sql"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> parameters(SqlFile q) throws Exception {
    Field f = SqlFile.class.getDeclaredField("parameters");
    f.setAccessible(true);
    return (List<String>) f.get(q);
  }

  /**
   * A Connection whose prepareStatement gives a statement that records nothing and needs no server.
   */
  private static final class NoNetworkConnection {
    java.sql.Connection proxy() {
      java.sql.PreparedStatement statement =
          (java.sql.PreparedStatement)
              java.lang.reflect.Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {java.sql.PreparedStatement.class},
                  (p, m, args) -> null);
      return (java.sql.Connection)
          java.lang.reflect.Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {java.sql.Connection.class},
              (p, m, args) -> m.getName().equals("prepareStatement") ? statement : null);
    }
  }
}
