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
      List<String> tables =
          db.queryRows(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                  + " AND table_name IN ('ingestion_runs', 'rejected_records', 'trips', 'regions', 'datasources',"
                  + " 'groupings', 'trip_groups', 'trip_area_weeks', 'trip_region_sources') ORDER BY 1");
      assertEquals(
          List.of(
              "datasources",
              "groupings",
              "ingestion_runs",
              "regions",
              "rejected_records",
              "trip_area_weeks",
              "trip_groups",
              "trip_region_sources",
              "trips"),
          tables);
      assertEquals(
          1,
          db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname = 'ingestion_runs_notify'"));
      assertEquals(0, db.queryLong("SELECT count(*) FROM trips"));
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
