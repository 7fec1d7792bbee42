package dev.tributary.pipelines.trips;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.trips.TripsOptions.LoadMode;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How a run's trips go into PostgreSQL, chosen before its graph is built ({@code --loadMode}), and
 * the start and end of a bulk load (infra/sql/postgres/V8, V20). Inserting a trip into the indexes
 * of a big table row by row costs about 19 µs of server CPU; appending it to a table without
 * indexes and building them sorted afterwards costs a tenth of that per row stored. So a load pays
 * off in bulk when its trips are a sizeable share of those stored ({@link #BULK_SHARE}): its trips
 * go into a table of their own, which becomes the load's partition of {@code trips.trips}. Small
 * inputs and streams merge chunk by chunk.
 *
 * <p>A run holds an advisory lock on the trips tables for its whole life, in its own session:
 * exclusive for a bulk load (no other writer may store a trip it has not looked for), shared for
 * incremental runs, which may run side by side. A bulk load whose job died (its lock went with its
 * session, its row in {@code trips.bulk_loads} stayed) is settled by the next run before that run
 * starts: what a run committed is stored, whether it ended or not.
 */
final class TripsLoad implements AutoCloseable {
  /** Below this, a bulk load's fixed costs (index builds, a VACUUM) outweigh what it saves. */
  static final long MIN_BULK_ROWS = 50_000;

  /** Bulk when the input is at least 1/8 of the trips stored: rebuilding is then the cheaper. */
  static final int BULK_SHARE = 8;

  private static final long LOCK = 0x7472_6970_73L; // "trips"

  private final String jdbcUrl;
  private final Connection session;
  private final Ledger ledger;
  private final boolean bulk;
  private final PrintStream log;

  private TripsLoad(
      String jdbcUrl, Connection session, Ledger ledger, boolean bulk, PrintStream log) {
    this.jdbcUrl = jdbcUrl;
    this.session = session;
    this.ledger = ledger;
    this.bulk = bulk;
    this.log = log;
  }

  /**
   * Settles bulk loads whose jobs died, chooses the run's load, locks the trips tables for it and,
   * for a bulk load, starts it and names its table in {@link TripsOptions#getBulkLoadTable}.
   */
  static TripsLoad start(
      TripsOptions options, Sources.Checked input, Ledger ledger, PrintStream log) {
    Connection session = Postgres.connect(ledger.jdbcUrl());
    try {
      boolean exclusive = lock(session, "pg_try_advisory_lock");
      if (exclusive) {
        settleAbandoned(ledger.jdbcUrl(), session, ledger.level(), log);
      }
      long stored = storedEstimate(session);
      boolean bulk = bulk(options.getLoadMode(), input, stored);
      log.printf(
          "load: %s (about %,d trips to load, %,d stored; --loadMode=%s)%n",
          bulk ? "bulk" : "incremental", input.estimatedRecords(), stored, options.getLoadMode());
      if (bulk && !exclusive) {
        throw new UsageException(
            "another run is writing trips, and a bulk load needs the table alone: wait for it or"
                + " use --loadMode=incremental");
      }
      if (!bulk && !lock(session, "pg_try_advisory_lock_shared")) {
        throw new UsageException("a bulk load of trips is running: wait for it to end");
      }
      if (exclusive && !bulk) {
        unlock(session);
      }
      TripsLoad load = new TripsLoad(ledger.jdbcUrl(), session, ledger, bulk, log);
      if (bulk) {
        options.setBulkLoadTable(load.begin());
      }
      return load;
    } catch (SQLException e) {
      closeQuietly(session);
      throw new IllegalStateException("could not start loading trips: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  /** A stream merges incrementally: {@code --loadMode=bulk} needs a bounded input. */
  static void check(LoadMode mode, Sources.Checked input) {
    if (input.unbounded() && mode == LoadMode.bulk) {
      throw new UsageException(
          "--loadMode=bulk loads files or a bounded read; a stream merges"
              + " incrementally (--loadMode=auto or incremental)");
    }
  }

  static boolean bulk(LoadMode mode, Sources.Checked input, long stored) {
    return switch (mode) {
      case bulk -> true;
      case incremental -> false;
      case auto ->
          !input.unbounded()
              && input.estimatedRecords() >= MIN_BULK_ROWS
              && input.estimatedRecords() * BULK_SHARE >= stored;
    };
  }

  /** Settles the run's bulk load, if it is one, and lets go of the trips tables. */
  void finish() {
    try (this) {
      if (bulk) {
        settle(jdbcUrl, session, ledger.runId(), ledger.level(), log);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private String begin() throws SQLException {
    String table = queryString("SELECT trips.begin_bulk_load(?)", ledger.runId());
    phase("loading");
    return table;
  }

  /**
   * Settles run {@code runId}'s bulk load: step 'stored' first (the anti-join, the key, the
   * partition attached), with the partition's destination index built beside it when the load's
   * table becomes the partition; then 'groups', 'areas', the destination index if not built yet
   * and, unless the load stored nothing new, a VACUUM of the trips (so box queries read the new
   * index pages alone), side by side; then the aggregates' VACUUM. Each runs on a connection of its
   * own, each step a transaction that marks itself done. A step that fails leaves the load to the
   * next run, which does what is left. Says how long each step took.
   */
  private static void settle(
      String jdbcUrl, Connection session, long runId, String level, PrintStream log) {
    long started = System.nanoTime();
    StringBuilder took = new StringBuilder();
    try {
      Set<String> done = new HashSet<>();
      try (PreparedStatement s =
          session.prepareStatement("SELECT step FROM trips.bulk_load_steps WHERE run_id = ?")) {
        s.setLong(1, runId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            done.add(r.getString(1));
          }
        }
      }
      boolean indexed = false;
      if (!done.contains("stored")) {
        phase(session, runId, "indexing");
        long counting = System.nanoTime();
        Store store = Store.count(session, runId);
        took.append(String.format("counted %.1f s; ", seconds(counting)));
        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("stored", store.statement());
        // The key and the index beside each other, each on one core: the key's build alone left
        // one core idle for half its time (docs/trips.md, V22).
        indexed = store.partition();
        if (indexed) {
          steps.put("destinations", destinations(runId));
        }
        took.append(inParallel(jdbcUrl, steps)).append("; ");
      }
      phase(session, runId, "aggregating");
      boolean nothingNew = queryBoolean(session, "SELECT trips.bulk_nothing_new(?)", runId);
      if (!nothingNew && (!done.contains("groups") || !done.contains("areas"))) {
        took.append(
            queryBoolean(session, "SELECT trips.bulk_parts_usable(?)", runId)
                ? "aggregates from the writers' sums; "
                : "aggregates from the stored trips; ");
      }
      // Side by side on 2 cores, the index without parallel workers. At 100M trips they ended
      // after 390 s, where two lanes (the groups | the areas, then the index) ended after 447 s
      // with one core idle for the last 165. With the index build's parallel workers as well, the
      // groups took 43 s at 10M trips instead of 27.
      Map<String, String> steps = new LinkedHashMap<>();
      if (!done.contains("groups")) {
        steps.put("groups", "SELECT trips.bulk_groups(" + runId + ")");
      }
      if (!done.contains("areas")) {
        steps.put(
            "areas", "SELECT trips.bulk_areas(" + runId + ", '" + level.replace("'", "''") + "')");
      }
      if (!indexed) {
        steps.put("destinations", destinations(runId));
      }
      if (!nothingNew) {
        // Index-only scans need all-visible pages, and the planner the statistics of the
        // destination index, which may have been built after step 'stored' analysed the trips.
        // Beside the aggregates, which do not write the trips, instead of alone after them.
        steps.put("vacuum", "VACUUM (ANALYZE) trips.trips");
      }
      took.append("side by side: ").append(inParallel(jdbcUrl, steps));
      execute(session, "SELECT trips.end_bulk_load(?)", runId);
      long vacuum = System.nanoTime();
      if (!nothingNew) {
        try (Statement s = session.createStatement()) {
          // The region query's plan needs the regions' statistics (unanalyzed, it scanned the area
          // weeks in parallel: 190 ms instead of 55).
          s.execute(
              "VACUUM (ANALYZE) trips.trip_groups, trips.trip_area_weeks, trips.trip_area_blocks,"
                  + " trips.trip_region_sources, trips.regions, trips.datasources");
        }
      }
      log.printf(
          "load: settled in %.1f s (%s; %s)%n",
          seconds(started),
          took,
          nothingNew
              ? "no new trips, no vacuum"
              : String.format("the aggregates vacuumed %.1f s", seconds(vacuum)));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not settle the bulk load of run " + runId + ": " + e.getMessage(), e);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /**
   * Step 'stored' of a load, as a statement, and whether the load's table becomes its partition:
   * what {@code trips.bulk_count} (the anti-join) said in the locked session, handed on as
   * literals.
   */
  private record Store(String statement, boolean partition) {
    static Store count(Connection session, long runId) throws SQLException {
      try (PreparedStatement s = session.prepareStatement("SELECT * FROM trips.bulk_count(?)")) {
        s.setLong(1, runId);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          String route = r.getString(3);
          return new Store(
              String.format(
                  "SELECT trips.bulk_store(%d, %s, %s, '%s')",
                  runId, r.getObject(1), r.getObject(2), route),
              route.equals("partition"));
        }
      }
    }
  }

  private static String destinations(long runId) {
    return "SELECT trips.bulk_destinations(" + runId + ")";
  }

  /**
   * Runs the named statements at once, each on a connection of its own; fails with the first
   * failure. Returns how long each took.
   */
  private static String inParallel(String jdbcUrl, Map<String, String> steps) throws SQLException {
    ExecutorService pool = Executors.newFixedThreadPool(steps.size());
    try {
      List<Future<String>> running = new ArrayList<>();
      for (Map.Entry<String, String> step : steps.entrySet()) {
        running.add(pool.submit(() -> runStep(jdbcUrl, step.getKey(), step.getValue())));
      }
      SQLException failed = null;
      List<String> took = new ArrayList<>();
      for (Future<String> step : running) {
        try {
          took.add(step.get());
        } catch (ExecutionException e) {
          if (failed == null) {
            failed =
                e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while settling a bulk load", e);
        }
      }
      if (failed != null) {
        throw failed;
      }
      return String.join("; ", took);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String runStep(String jdbcUrl, String name, String sql) throws SQLException {
    long started = System.nanoTime();
    try (Connection c = Postgres.connect(jdbcUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
    return String.format("%s %.1f s", name, seconds(started));
  }

  private static void settleAbandoned(
      String jdbcUrl, Connection session, String level, PrintStream log) throws SQLException {
    List<Long> runs = new ArrayList<>();
    try (Statement s = session.createStatement();
        ResultSet r = s.executeQuery("SELECT run_id FROM trips.bulk_loads ORDER BY run_id")) {
      while (r.next()) {
        runs.add(r.getLong(1));
      }
    }
    for (long run : runs) {
      log.printf("load: settling the bulk load of run %d, whose job ended before it did%n", run);
      settle(jdbcUrl, session, run, level, log);
    }
  }

  /** Trips stored: 0 for an empty table, else the planner's estimate (at least 1). */
  private static long storedEstimate(Connection session) throws SQLException {
    try (Statement s = session.createStatement();
        ResultSet r = s.executeQuery("SELECT trips.stored_estimate()")) {
      r.next();
      return r.getLong(1);
    }
  }

  private void phase(String phase) {
    phase(session, ledger.runId(), phase);
  }

  private static void phase(Connection session, long runId, String phase) {
    try (PreparedStatement s = session.prepareStatement("SELECT ops.set_phase(?, ?)")) {
      s.setLong(1, runId);
      s.setString(2, phase);
      s.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("could not record the run's phase: " + e.getMessage(), e);
    }
  }

  private static boolean lock(Connection session, String function) throws SQLException {
    try (PreparedStatement s = session.prepareStatement("SELECT " + function + "(?)")) {
      s.setLong(1, LOCK);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  private static void unlock(Connection session) throws SQLException {
    execute(session, "SELECT pg_advisory_unlock(?)", LOCK);
  }

  private static boolean queryBoolean(Connection c, String sql, long parameter)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  private String queryString(String sql, long parameter) throws SQLException {
    try (PreparedStatement s = session.prepareStatement(sql)) {
      s.setLong(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private static void execute(Connection c, String sql, long parameter) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, parameter);
      s.execute();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing is best effort; the session's locks go with it either way
    }
  }
}
