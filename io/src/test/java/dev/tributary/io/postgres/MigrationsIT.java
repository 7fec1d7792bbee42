package dev.tributary.io.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class MigrationsIT {
  @Test
  void migratesOnceThenNothing() throws Exception {
    try (TestDatabase db = TestDatabase.create(false)) {
      int applied = Migrations.migrate(db.jdbcUrl());
      assertTrue(applied > 0, "first run applies the migrations, got " + applied);
      assertEquals(migrationFiles().size(), applied);
      long versions =
          db.queryLong(
              "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL");
      assertEquals(applied, versions);
      assertEquals(0, Migrations.migrate(db.jdbcUrl()));
      assertEquals(0, Migrations.migrate(db.jdbcUrl()));
      // A schema per domain; nothing of the pipelines is left in public.
      List<String> tables =
          db.queryRows(
              "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                  + " WHERE table_schema IN ('public', 'ops', 'trips')"
                  + " AND table_name <> 'flyway_schema_history' ORDER BY 1");
      assertEquals(
          List.of(
              "ops.ingestion_runs",
              "ops.rejected_records",
              "ops.run_chunks",
              "ops.run_counts",
              "trips.bulk_load_steps",
              "trips.bulk_loads",
              "trips.datasources",
              "trips.groupings",
              "trips.regions",
              "trips.trip_area_blocks",
              "trips.trip_area_weeks",
              "trips.trip_groups",
              "trips.trip_pending",
              "trips.trip_region_sources",
              "trips.trip_window_counts",
              "trips.trips",
              "trips.trips_merged"),
          tables);
      assertEquals(
          List.of(
              "export_roof_features",
              "export_roof_stats",
              "export_tiling_planes",
              "installations",
              "mounting_planes",
              "roof_versions"),
          db.queryRows(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'roofs'"
                  + " AND table_name IN ('installations', 'roof_versions', 'mounting_planes',"
                  + " 'export_roof_stats', 'export_roof_features', 'export_tiling_planes')"
                  + " ORDER BY 1"));
      assertEquals(
          0,
          db.queryLong(
              "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                  + " WHERE n.nspname = 'public'"));
      assertEquals(
          1,
          db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname = 'ingestion_runs_notify'"));
      assertEquals(0, db.queryLong("SELECT count(*) FROM trips.trips"));
    }
  }

  @Test
  void migratedTestDatabaseIsAtTheLatestVersion() throws Exception {
    try (TestDatabase db = TestDatabase.create(true)) {
      assertEquals(0, Migrations.migrate(db.jdbcUrl()));
      assertEquals(
          migrationFiles(),
          db.queryRows(
              "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"));
    }
  }

  /**
   * A database at V6 (everything in public) with runs, trips and a dead letter: V7 moves them into
   * their schemas, and the moved functions still find their tables.
   */
  @Test
  void upgradesADatabaseWithDataInIt() throws Exception {
    try (TestDatabase db = TestDatabase.create(false)) {
      migrateTo(db, "6");
      db.execute(
          "INSERT INTO ingestion_runs (pipeline, input, status, finished_at, rows_read,"
              + " rows_written, rows_new) VALUES ('trips', 'old.csv', 'finished', now(), 3, 2, 2),"
              + " ('roofs', 'old/*.json', 'finished', now(), 1, 1, 1)",
          "INSERT INTO regions (name) VALUES ('Prague')",
          "INSERT INTO datasources (name) VALUES ('cheap_mobile')",
          "INSERT INTO groupings (grid, bucket_minutes) VALUES ('0.01', 30)",
          "INSERT INTO trips (trip_key, started_at, origin_lon, origin_lat, destination_lon,"
              + " destination_lat, run_id, region_id, datasource_id) VALUES"
              + " (gen_random_uuid(), '2018-05-07 08:00', 14.4, 50.05, 14.45, 50.08, 1, 1, 1),"
              + " (gen_random_uuid(), '2018-05-15 09:00', 14.4, 50.05, 14.45, 50.08, 1, 1, 1)",
          "INSERT INTO trip_pending SELECT started_at, 1, 2, origin_area_x, origin_area_y,"
              + " area_cell(destination_lon), area_cell(destination_lat), 1, 16, region_id,"
              + " datasource_id FROM trips",
          "SELECT trips_fold_pending()",
          "INSERT INTO rejected_records (pipeline, source, byte_offset, line, run_id, step, reason,"
              + " raw) VALUES ('trips', 'old.csv', 120, 3, 1, 'parse', 'bad date', 'x')");

      assertEquals(migrationFiles().size() - 6, Migrations.migrate(db.jdbcUrl()));

      assertEquals(
          List.of("1|trips|rows|2", "2|roofs|models|1"),
          db.queryRows(
              "SELECT run_id, pipeline, level, rows_written FROM ops.ingestion_runs ORDER BY 1"));
      assertEquals(
          List.of("trips|old.csv|120|bad date|null"),
          db.queryRows(
              "SELECT pipeline, source, byte_offset, reason, counts FROM ops.rejected_records"));
      assertEquals(
          List.of("2018-05-07|1", "2018-05-14|1"),
          db.queryRows("SELECT * FROM trips.trip_counts_in_region('prague') ORDER BY 1"));
      assertEquals(2, db.queryLong("SELECT count(*) FROM trips.trip_weeks()"));
      assertEquals(1, db.queryLong("SELECT trips.grouping_id('0.01', 30)"));
      // An old run takes ledger counts like a new one, and they reach its totals.
      assertEquals(
          List.of("t"),
          db.queryRows(
              "SELECT ops.count_chunk(1, gen_random_uuid(), '{\"rows\": {\"rejected\": 1}}')"));
      assertEquals(
          1, db.queryLong("SELECT rows_rejected FROM ops.ingestion_runs WHERE run_id = 1"));
      assertEquals(
          0,
          db.queryLong(
              "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                  + " AND table_name <> 'flyway_schema_history'"));
    }
  }

  /**
   * A bulk load into the empty table whose job died at V17 (no indexes yet, a trip held twice): V18
   * rebuilds the table and leaves the indexes to that load's settle, which drops the copy.
   */
  @Test
  void aBulkLoadThatDiedBeforeTheStripKeysIsSettledAfterThem() throws Exception {
    try (TestDatabase db = TestDatabase.create(false)) {
      migrateTo(db, "17");
      String trip =
          "('00000000-0000-0000-0000-000000000001', '2024-01-01 10:00', 14.4, 50.0, 14.5, 50.1,"
              + " 7, 1, 1, 1, 1, 2, 3)";
      db.execute(
          "SELECT trips.begin_bulk_load(7)",
          "INSERT INTO trips.trips (trip_key, started_at, origin_lon, origin_lat, destination_lon,"
              + " destination_lat, run_id, region_id, datasource_id, grouping_id, origin_cell,"
              + " destination_cell, time_bucket) VALUES "
              + trip
              + ", "
              + trip);

      assertEquals(migrationFiles().size() - 17, Migrations.migrate(db.jdbcUrl()));

      // Since V20 the load's table is the partition of the merged trips; its settle builds them.
      String indexes =
          "SELECT indexname FROM pg_indexes WHERE schemaname = 'trips'"
              + " AND tablename = 'trips_merged' ORDER BY 1";
      assertEquals(List.of(), db.queryRows(indexes));
      db.execute(
          "SELECT trips.bulk_store(7, c.loaded, c.fresh, c.route) FROM trips.bulk_count(7) c",
          "SELECT trips.bulk_destinations(7)");
      assertEquals(List.of("trips_merged_destinations", "trips_merged_key"), db.queryRows(indexes));
      assertEquals(1, db.queryLong("SELECT count(*) FROM trips.trips"));
    }
  }

  private static void migrateTo(TestDatabase db, String version) {
    Flyway.configure()
        .dataSource(db.jdbcUrl(), "postgres", null)
        .locations(Migrations.LOCATION)
        .target(version)
        .load()
        .migrate();
  }

  /** The versions of infra/sql/postgres/V<n>__*.sql, in order. */
  private static List<String> migrationFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "infra", "sql", "postgres"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .map(name -> name.substring(1, name.indexOf("__")))
          .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
          .collect(Collectors.toList());
    }
  }
}
