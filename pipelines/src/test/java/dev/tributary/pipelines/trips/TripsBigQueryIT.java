package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.TableRow;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.BigQueryTables;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sink=bigquery}: the trips job writes its trips and dead letters through BigQueryIO
 * (Storage Write API) into Beam's fake BigQuery, with the columns of infra/sql/bigquery/tables.sql,
 * and keeps only its run record and counts in PostgreSQL; {@code --sink=both} fills both stores.
 * The real service cannot be reached from here.
 */
class TripsBigQueryIT {
  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);

  private static final String PROJECT = "tributary-test";
  private final FakeDatasetService datasets = new FakeDatasetService();

  /** A dataset per test: BigQueryIO remembers, JVM-wide, which tables it has created. */
  private final String dataset = "analysts_" + UUID.randomUUID().toString().replace("-", "");

  @TempDir Path dir;

  @BeforeEach
  void freshFakes() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    datasets.createDataset(PROJECT, dataset, "", "", null);
  }

  private TripsOptions options(String fixture, String sink, String jdbcUrl) throws Exception {
    TripsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + TripsFixtures.copy(fixture, dir),
                "--sink=" + sink,
                "--project=" + PROJECT,
                "--tempLocation=" + dir,
                "--bigQueryDataset=" + PROJECT + ":" + dataset,
                "--jdbcUrl=" + jdbcUrl,
                "--progress=false")
            .as(TripsOptions.class);
    options.setBigQueryServices(
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new FakeJobService()));
    return options;
  }

  @Test
  void bothSinksGetTheSameTrips() throws Exception {
    TripsFixtures.assertWeeklyFixtureLoaded(
        JobRunner.run(new TripsPipeline(), options("weekly.csv", "both", db.jdbcUrl())), db);

    List<String> keys =
        datasets.getAllRows(PROJECT, dataset, "trips").stream()
            .map(r -> String.valueOf(r.get("trip_key")))
            .sorted()
            .toList();
    assertEquals(db.queryRows("SELECT trip_key FROM trips.trips ORDER BY 1"), keys);
  }

  @Test
  void theDirtyFixtureEndsInTheTripsTableOrTheRejectedTableOnce() throws Exception {
    RunSummary summary =
        JobRunner.run(new TripsPipeline(), options("dirty.csv", "bigquery", db.jdbcUrl()));

    // Read 13 = written 4 (3 trips: one line repeats another) + rejected 9, as in PostgreSQL.
    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(new RunSummary.Balance("rows", 13, 4, 9), summary.balance("rows"));
    // PostgreSQL holds the run record and its counts, none of the data.
    assertEquals(0, db.queryLong("SELECT count(*) FROM trips.trips"));
    assertEquals(0, db.queryLong("SELECT count(*) FROM ops.rejected_records"));
    List<TableRow> trips = datasets.getAllRows(PROJECT, dataset, "trips");
    assertEquals(4, trips.size());
    assertEquals(
        Set.of("Prague", "Turin, It"),
        trips.stream().map(r -> String.valueOf(r.get("region"))).collect(Collectors.toSet()));
    assertEquals(3, trips.stream().map(r -> r.get("trip_key")).distinct().count());
    List<TableRow> rejected = datasets.getAllRows(PROJECT, dataset, "rejected_records");
    assertEquals(9, rejected.size());
    List<String> lines =
        rejected.stream().map(r -> String.valueOf(r.get("line"))).sorted().toList();
    assertTrue(lines.stream().noneMatch("0"::equals), "every rejected line has its number");

    assertEquals(BigQueryTables.declared("trips"), columns("trips"));
    // DeadLetter's schema has no fixed field order: BigQuery writes by name anyway.
    assertEquals(
        BigQueryTables.declared("rejected_records").stream().sorted().toList(),
        columns("rejected_records").stream().sorted().toList());
  }

  private List<String> columns(String table) throws Exception {
    return BigQueryTables.columns(datasets, PROJECT, dataset, table);
  }
}
