package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.Postgres;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What a run did, as recorded in ingestion_runs, and the weekly averages of the stored regions. */
record RunSummary(
    long runId,
    String status,
    long read,
    long written,
    long inserted,
    long rejected,
    double seconds,
    List<String> regionAverages) {

  static RunSummary load(String jdbcUrl, long runId) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, coalesce(rows_read, 0), rows_written, rows_new, rows_rejected,"
                    + " extract(epoch FROM finished_at - started_at) FROM ingestion_runs WHERE run_id = ?")) {
      s.setLong(1, runId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        List<String> averages = new ArrayList<>();
        for (String region : TripQueries.regions(jdbcUrl)) {
          TripQueries.WeeklyAverage avg = TripQueries.weeklyAverageInRegion(jdbcUrl, region, false);
          averages.add(
              String.format(
                  "  %-12s %s trips/week over %d weeks",
                  region, avg.average(), avg.weeks().size()));
        }
        return new RunSummary(
            runId,
            r.getString(1),
            r.getLong(2),
            r.getLong(3),
            r.getLong(4),
            r.getLong(5),
            r.getDouble(6),
            averages);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the run's summary: " + e.getMessage(), e);
    }
  }

  /** Every record read ended in the trips table or in rejected_records. */
  boolean isComplete() {
    return status.equals("finished") && read == written + rejected;
  }

  void print(PrintStream out) {
    out.printf(
        "run %d %s in %.1f s: read %d = written %d (%d new) + rejected %d%s%n",
        runId,
        status,
        seconds,
        read,
        written,
        inserted,
        rejected,
        isComplete() ? "" : "  <-- MISMATCH: some records are unaccounted for");
    if (rejected > 0) {
      out.printf("rejected lines: SELECT * FROM rejected_records WHERE run_id = %d;%n", runId);
    }
    out.println(
        "weekly average trips per region (all stored trips, every week from first to last):");
    regionAverages.forEach(out::println);
  }
}
