package dev.tributary.pipelines.covid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.http.CovidReplay;
import dev.tributary.io.http.ReplayServer;
import dev.tributary.io.http.Reply;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SQL of infra/grafana/dashboards/covid.json against what the covid job writes: every query of
 * the dashboard, with Grafana's macros and the country variable expanded as Grafana's PostgreSQL
 * data source expands them over the dashboard's own time range, runs on a database the job loaded
 * from the recorded series, answers a time column and numeric values, and gives the counts the
 * recording holds. Grafana itself is not run here.
 */
class CovidGrafanaDashboardIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path DASHBOARD = ROOT.resolve("infra/grafana/dashboards/covid.json");
  private static final Path RECORDING =
      ROOT.resolve("data/sample/covid/covid19api_country_singapore_status_confirmed.json");
  private static final Set<Integer> NUMERIC =
      Set.of(Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.NUMERIC, Types.DOUBLE);
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(true);
  private ReplayServer api;
  private JsonNode dashboard;

  /** A query's answer: column names, their JDBC types, rows of strings. */
  private record Answer(List<String> columns, List<Integer> types, List<List<String>> rows) {
    List<String> column(String name) {
      int i = columns.indexOf(name);
      assertTrue(i >= 0, name + " not among " + columns);
      return rows.stream().map(row -> row.get(i)).toList();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    api = ReplayServer.start(0).maxRequestsPerSecond(0);
    dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private void runCovid() {
    String[] args = {
      "--apiUrl=" + api.url(),
      "--jdbcUrl=" + db.jdbcUrl(),
      "--initialBackoffMillis=1",
      "--progress=false"
    };
    assertTrue(
        JobRunner.run(
                new CovidPipeline(), PipelineOptionsFactory.fromArgs(args).as(CovidOptions.class))
            .isComplete());
  }

  /** The panels' queries by panel title, then the annotations' by name. */
  private Map<String, String> queries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.put(panel.path("title").asText(), target.path("rawSql").asText());
      }
    }
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      queries.put(
          annotation.path("name").asText(), annotation.path("target").path("rawSql").asText());
    }
    return queries;
  }

  /**
   * As Grafana's PostgreSQL data source sends {@code sql} over the dashboard's time range:
   * $__timeFilter(col) is {@code col BETWEEN 'from' AND 'to'} (RFC 3339, seconds), $__timeFrom()
   * and $__timeTo() the quoted bounds, $country the variable's current value.
   */
  private String expand(String sql) {
    String from = bound("from");
    String to = bound("to");
    String expanded =
        TIME_FILTER
            .matcher(sql)
            .replaceAll(
                m -> Matcher.quoteReplacement(m.group(1) + " BETWEEN " + from + " AND " + to))
            .replace("$__timeFrom()", from)
            .replace("$__timeTo()", to)
            .replace("$country", variable("country"));
    assertFalse(expanded.contains("$"), "a macro or variable left unexpanded: " + expanded);
    return expanded;
  }

  private String bound(String which) {
    Instant instant = Instant.parse(dashboard.path("time").path(which).asText());
    return "'" + instant.atOffset(ZoneOffset.UTC).toLocalDateTime() + "Z'";
  }

  private String variable(String name) {
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("name").asText().equals(name)) {
        return variable.path("current").path("value").asText();
      }
    }
    throw new AssertionError("no variable " + name + " in " + DASHBOARD);
  }

  private Answer query(String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      ResultSetMetaData meta = r.getMetaData();
      List<String> columns = new ArrayList<>();
      List<Integer> types = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
        types.add(meta.getColumnType(i));
      }
      List<List<String>> rows = new ArrayList<>();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
          row.add(r.getString(i));
        }
        rows.add(row);
      }
      return new Answer(columns, types, rows);
    }
  }

  /** The recorded cumulative count of each day, read from the recording itself. */
  private static Map<LocalDate, Long> recorded() throws Exception {
    Map<LocalDate, Long> cases = new HashMap<>();
    for (JsonNode day : new ObjectMapper().readTree(RECORDING.toFile())) {
      cases.put(
          LocalDate.ofInstant(Instant.parse(day.path("Date").asText()), ZoneOffset.UTC),
          day.path("Cases").asLong());
    }
    return cases;
  }

  private static String day(String timestamp) {
    return timestamp.substring(0, 10);
  }

  @Test
  void everyQueryAnswersTimeAndNumbersAndTheRecordedCounts() throws Exception {
    runCovid();
    Map<String, String> queries = queries();
    assertEquals(
        3, queries.size(), "two panels and the decreases' annotation: " + queries.keySet());

    // The variable's query offers the country the job loaded, and the dashboard opens on it.
    JsonNode country = dashboard.path("templating").path("list").get(0);
    assertEquals(List.of(List.of("Singapore", "SG")), query(country.path("query").asText()).rows());
    assertEquals("SG", variable("country"));

    Map<LocalDate, Long> recorded = recorded();
    LocalDate may2 = LocalDate.parse("2020-05-02");
    for (String title :
        List.of("Cumulative confirmed cases", "New cases per day, 7-day average and decreases")) {
      Answer answer = query(expand(queries.get(title)));
      assertEquals("time", answer.columns().get(0), title);
      assertEquals(Types.TIMESTAMP, answer.types().get(0), title + ": a time column");
      for (int i = 1; i < answer.types().size(); i++) {
        assertTrue(NUMERIC.contains(answer.types().get(i)), title + ": " + answer.columns().get(i));
      }
      // the time range holds every recorded day, one row each, in order
      assertEquals(recorded.size(), answer.rows().size(), title);
      assertEquals("2020-01-23", day(answer.rows().get(0).get(0)), title);
      assertEquals("2023-03-09", day(answer.rows().get(answer.rows().size() - 1).get(0)), title);
    }

    Answer cumulative = query(expand(queries.get("Cumulative confirmed cases")));
    int may2Row =
        cumulative.column("time").stream().map(t -> day(t)).toList().indexOf("2020-05-02");
    assertEquals(
        String.valueOf(recorded.get(may2)), cumulative.column("cumulative confirmed").get(may2Row));
    assertEquals("17548", cumulative.column("cumulative confirmed").get(may2Row), "hand-checked");

    Answer daily = query(expand(queries.get("New cases per day, 7-day average and decreases")));
    int row = daily.column("time").stream().map(t -> day(t)).toList().indexOf("2020-05-02");
    assertEquals(
        String.valueOf(recorded.get(may2) - recorded.get(may2.minusDays(1))),
        daily.column("new cases").get(row));
    // a week's new cases add up to its growth: (17548 - 12693) / 7 = 693.57
    assertEquals(
        BigDecimal.valueOf(recorded.get(may2) - recorded.get(may2.minusDays(7)))
            .divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP)
            .toString(),
        daily.column("7-day average").get(row));
    assertEquals("693.57", daily.column("7-day average").get(row), "hand-checked");
    // the recording never goes down: no point and no annotation marks a decrease
    assertTrue(daily.column("decrease").stream().allMatch(v -> v == null));
    Answer decreases = query(expand(queries.get("Decreases")));
    assertEquals(List.of("time", "text"), decreases.columns());
    assertEquals(List.of(), decreases.rows());
  }

  @Test
  void aDecreaseIsMarkedByAPointAndAnAnnotation() throws Exception {
    api.route(CovidReplay.PATH, request -> Reply.raw(200, CovidFixture.ANSWER));
    runCovid();
    Map<String, String> queries = queries();
    Answer daily = query(expand(queries.get("New cases per day, 7-day average and decreases")));
    List<String> marked = new ArrayList<>();
    for (List<String> row : daily.rows()) {
      if (row.get(daily.columns().indexOf("decrease")) != null) {
        marked.add(day(row.get(0)) + " " + row.get(daily.columns().indexOf("decrease")));
      }
    }
    // the fixture's 03-04 goes from 120 to 115
    assertEquals(List.of("2020-03-04 -5"), marked);
    Answer annotations = query(expand(queries.get("Decreases")));
    assertEquals(1, annotations.rows().size());
    assertEquals("2020-03-04", day(annotations.rows().get(0).get(0)));
    assertEquals("the count went down by 5", annotations.rows().get(0).get(1));
  }
}
