package dev.tributary.pipelines.applications;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.io.runs.Ledger;
import dev.tributary.pipelines.applications.DroppedFiles.Dropped;
import dev.tributary.pipelines.runtime.QueryTable;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an applications run does around its graph: before it, which dropped files are new (by
 * content: a file seen before, or a copy of one under another name, is skipped, and the run says
 * so); after it, the new files registered once all their lines are stored, and the run's two CSV
 * files written from what is stored, in file and line order.
 */
final class ApplicationsRun {
  static final String SUCCESSFUL_COLUMNS =
      "membership_id, first_name, last_name, email, date_of_birth, mobile_no,"
          + " above_18::text AS above_18";
  static final String UNSUCCESSFUL_COLUMNS =
      "name, title, first_name, last_name, email, date_of_birth, mobile_no,"
          + " above_18::text AS above_18, reasons";

  private final long runId;

  private ApplicationsRun(long runId) {
    this.runId = runId;
  }

  /** Picks the new files of {@code --input} into {@code --newFiles}, saying what it skips. */
  static ApplicationsRun start(ApplicationsOptions options, Ledger ledger, PrintStream out) {
    List<Dropped> dropped = DroppedFiles.match(options.getInput());
    Map<String, String> processed = DroppedFiles.processed(ledger.jdbcUrl(), dropped);
    Map<String, String> picked = new HashMap<>();
    List<String> newFiles = new ArrayList<>();
    for (Dropped file : dropped) {
      String earlier = processed.get(file.sha256());
      if (earlier != null) {
        out.println(DroppedFiles.processedBefore(file, earlier));
      } else if (picked.containsKey(file.sha256())) {
        out.println(DroppedFiles.sameBytes(file, picked.get(file.sha256())));
      } else {
        picked.put(file.sha256(), file.path());
        newFiles.add(file.option());
      }
    }
    if (newFiles.isEmpty()) {
      out.println("applications: no new file to process");
    }
    options.setNewFiles(newFiles);
    return new ApplicationsRun(ledger.runId());
  }

  static LocalDate today(ApplicationsOptions options) {
    String date = options.getRunDate();
    if (date == null) {
      return LocalDate.now();
    }
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw new UsageException("--runDate must be a day as YYYY-MM-DD, was '" + date + "'");
    }
  }

  /**
   * Registers each new file whose lines are all stored (a failed run leaves the rest to the next)
   * and writes the run's CSV files.
   */
  void finish(ApplicationsOptions options, String jdbcUrl) {
    boolean any = false;
    for (String option : options.getNewFiles()) {
      any |= register(jdbcUrl, Dropped.ofOption(option), runId) == Registration.REGISTERED;
    }
    if (any) {
      export(jdbcUrl, options.getOutputDir(), "f.run_id = ?", runId, String.valueOf(runId));
    }
  }

  /** What registering a file did. */
  enum Registration {
    /** Registered now: every line of it is stored. */
    REGISTERED,
    /** Not yet: some of its lines are not stored. */
    LINES_PENDING,
    /** Registered before, by this run or another (a concurrent one that judged the same file). */
    ALREADY
  }

  /** Registers {@code file} as processed by run {@code runId} if every line of it is stored. */
  static Registration register(String jdbcUrl, Dropped file, long runId) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO applications.files"
                    + " (sha256, path, rows_read, successful, unsuccessful, run_id, processed_at)"
                    + " SELECT ?, ?, count(*), count(*) FILTER (WHERE successful),"
                    + " count(*) FILTER (WHERE NOT successful), ?, now()"
                    + " FROM applications.applications WHERE file_sha256 = ?"
                    + " HAVING count(*) = ? ON CONFLICT (sha256) DO NOTHING");
        PreparedStatement known =
            c.prepareStatement("SELECT 1 FROM applications.files WHERE sha256 = ?")) {
      s.setString(1, file.sha256());
      s.setString(2, file.path());
      s.setLong(3, runId);
      s.setString(4, file.sha256());
      s.setLong(5, dataLines(file.path()));
      if (s.executeUpdate() == 1) {
        return Registration.REGISTERED;
      }
      known.setString(1, file.sha256());
      try (ResultSet r = known.executeQuery()) {
        return r.next() ? Registration.ALREADY : Registration.LINES_PENDING;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "registering " + file.path() + " failed: " + e.getMessage(), e);
    }
  }

  /** The lines after the header, blank ones not counted: what the reader makes records of. */
  private static long dataLines(String path) {
    try (var lines = Files.lines(Path.of(path), StandardCharsets.UTF_8)) {
      return Math.max(0, lines.filter(l -> !l.isBlank()).count() - 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count the lines of " + path, e);
    }
  }

  /**
   * Writes {@code successful/applications_<name>.csv} and {@code unsuccessful/…} under {@code
   * outputDir}: the stored rows of the registered files {@code where} (on {@code f}, the files,
   * with {@code value}) picks, in path and line order.
   */
  static void export(String jdbcUrl, String outputDir, String where, Object value, String name) {
    export(jdbcUrl, outputDir, where, value, name, "successful", SUCCESSFUL_COLUMNS, true);
    export(jdbcUrl, outputDir, where, value, name, "unsuccessful", UNSUCCESSFUL_COLUMNS, false);
  }

  private static void export(
      String jdbcUrl,
      String outputDir,
      String where,
      Object value,
      String name,
      String set,
      String columns,
      boolean successful) {
    try {
      QueryTable rows =
          QueryTable.query(
              jdbcUrl,
              "SELECT "
                  + columns
                  + " FROM applications.applications a JOIN applications.files f"
                  + " ON f.sha256 = a.file_sha256 WHERE "
                  + where
                  + " AND a.successful = ? ORDER BY f.path, a.line",
              value,
              successful);
      Path file = output(outputDir, set, name);
      Files.createDirectories(file.getParent());
      StringBuilder csv = new StringBuilder(QueryTable.csvLine(rows.columns()));
      rows.rows().forEach(row -> csv.append(QueryTable.csvLine(row)));
      Files.writeString(file, csv, StandardCharsets.UTF_8);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("writing the " + set + " applications failed: " + e, e);
    }
  }

  static Path output(String outputDir, String set, String name) {
    return Path.of(outputDir, set, "applications_" + name + ".csv");
  }

  /** {@code applications: read N = successful S + unsuccessful U}, then where the files are. */
  static void report(ApplicationsOptions options, RunSummary summary, PrintStream out) {
    try {
      List<String> counts =
          QueryTable.query(
                  options.getJdbcUrl(),
                  "SELECT count(*) FILTER (WHERE successful), count(*) FILTER (WHERE NOT"
                      + " successful) FROM applications.applications WHERE run_id = ?",
                  summary.runId())
              .rows()
              .get(0);
      out.printf(
          "applications: read %d = successful %s + unsuccessful %s%n",
          summary.read(), counts.get(0), counts.get(1));
      if (!options.getNewFiles().isEmpty()) {
        String name = String.valueOf(summary.runId());
        out.printf(
            "applications: written to %s and %s%n",
            output(options.getOutputDir(), "successful", name),
            output(options.getOutputDir(), "unsuccessful", name));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the applications report failed: " + e.getMessage(), e);
    }
  }
}
