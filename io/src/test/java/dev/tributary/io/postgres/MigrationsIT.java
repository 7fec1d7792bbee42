package dev.tributary.io.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
              "trips.datasources",
              "trips.groupings",
              "trips.regions",
              "trips.trip_area_weeks",
              "trips.trip_groups",
              "trips.trip_pending",
              "trips.trip_region_sources",
              "trips.trip_window_counts",
              "trips.trips"),
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
