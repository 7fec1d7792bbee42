package dev.tributary.pipelines.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.TableRow;
import dev.tributary.io.http.ReplayServer;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.BigQueryTables;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sink=bigquery|both}: the energy job appends its three datasets through BigQueryIO
 * (Storage Write API) to Beam's fake BigQuery, with the columns of infra/sql/bigquery/tables.sql;
 * the answers as received, the checks and the run's counts stay in PostgreSQL. The real service
 * cannot be reached from here.
 */
class EnergyBigQueryIT {
  private static final String PROJECT = "tributary-test";
  private static final int POWER = 21 * 96;
  private static final int PRICES = 96;

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);
  private final FakeDatasetService datasets = new FakeDatasetService();

  /** A dataset per test: BigQueryIO remembers, JVM-wide, which tables it has created. */
  private final String dataset = "energy_" + UUID.randomUUID().toString().replace("-", "");

  @TempDir Path dir;
  private ReplayServer api;

  @BeforeEach
  void fakesAndApi() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    datasets.createDataset(PROJECT, dataset, "", "", null);
    api = ReplayServer.start(0, Instant.parse("2026-01-01T00:00:00Z")).maxRequestsPerSecond(0);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private RunSummary run(String sink) {
    EnergyOptions options =
        PipelineOptionsFactory.fromArgs(
                "--apiUrl=" + api.url(),
                "--jdbcUrl=" + db.jdbcUrl(),
                "--start=2025-10-06",
                "--end=2025-10-06",
                "--sink=" + sink,
                "--project=" + PROJECT,
                "--tempLocation=" + dir,
                "--bigQueryDataset=" + PROJECT + ":" + dataset,
                "--requestsPerSecond=200",
                "--progress=false")
            .as(EnergyOptions.class);
    options.setBigQueryServices(
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new FakeJobService()));
    return JobRunner.run(new EnergyPipeline(), options);
  }

  private List<TableRow> rows(String table) throws Exception {
    return datasets.getAllRows(PROJECT, dataset, table);
  }

  @Test
  void bigQueryAloneGetsTheValuesAndPostgresTheAnswersAndCounts() throws Exception {
    RunSummary summary = run("bigquery");

    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(
        new RunSummary.Balance("public_power", POWER, POWER, 0), summary.balance("public_power"));
    assertEquals(new RunSummary.Balance("price", PRICES, PRICES, 0), summary.balance("price"));
    assertEquals(POWER, rows("energy_public_power").size());
    assertEquals(PRICES, rows("energy_prices").size());
    long installed = summary.counts("installed_power").read();
    assertTrue(installed > 0);
    assertEquals(installed, rows("energy_installed_power").size());
    assertEquals(0, db.queryLong("SELECT count(*) FROM energy.public_power"));
    assertEquals(4, db.queryLong("SELECT count(*) FROM energy.raw_responses"));
    assertTrue(db.queryLong("SELECT count(*) FROM energy.quality_checks") > 0);
    for (String table : List.of("energy_public_power", "energy_prices", "energy_installed_power")) {
      assertEquals(
          BigQueryTables.declared(table).stream().sorted().toList(),
          BigQueryTables.columns(datasets, PROJECT, dataset, table).stream().sorted().toList(),
          table);
    }
  }

  @Test
  void bothStoresHoldTheSameValues() throws Exception {
    RunSummary summary = run("both");

    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(POWER, summary.counts("public_power").inserted());
    List<String> bigQuery =
        rows("energy_public_power").stream()
            .map(r -> r.get("series") + "|" + number(r.get("value")))
            .sorted()
            .toList();
    List<String> postgres =
        db.queryRows("SELECT series, value FROM energy.public_power").stream()
            .map(r -> r.substring(0, r.indexOf('|') + 1) + number(r.substring(r.indexOf('|') + 1)))
            .sorted()
            .toList();
    assertEquals(postgres, bigQuery);
  }

  /** 4393.0 and 4393 alike; null or empty as null. */
  private static String number(Object value) {
    String text = value == null ? "" : value.toString();
    return text.isEmpty() || text.equals("null")
        ? "null"
        : new BigDecimal(text).stripTrailingZeros().toPlainString();
  }
}
