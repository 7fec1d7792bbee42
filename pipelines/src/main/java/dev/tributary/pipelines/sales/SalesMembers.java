package dev.tributary.pipelines.sales;

import dev.tributary.io.UsageException;
import dev.tributary.io.files.ContentHash;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.pipelines.runtime.QueryTable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The members of the sales database: the first {@link #COUNT} successful applications of one file,
 * in the file's order, copied from {@code applications.applications} (where the applications job
 * stored them under the file's SHA-256) into {@code sales.members}.
 */
final class SalesMembers {
  static final int COUNT = 50;

  private SalesMembers() {}

  /** The SHA-256 of {@code file}, which must be stored; else one line saying what to run. */
  static String storedFile(String jdbcUrl, String file) {
    String sha256 = sha256(file);
    try {
      String stored =
          QueryTable.query(
                  jdbcUrl,
                  "SELECT count(*) FROM applications.applications"
                      + " WHERE file_sha256 = ? AND successful",
                  sha256)
              .firsts()
              .get(0);
      if (Long.parseLong(stored) == 0) {
        throw new UsageException(
            "no successful applications of "
                + file
                + " are stored: run scripts/run.sh applications first");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("looking up the applications failed: " + e.getMessage(), e);
    }
    return sha256;
  }

  /** Copies the members of file {@code sha256} (once) and returns their ids in file order. */
  static List<String> copy(String jdbcUrl, String sha256) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO sales.members (membership_id, first_name, last_name, email,"
                    + " date_of_birth, mobile_no, above_18, application_sha256, application_line)"
                    + " SELECT membership_id, first_name, last_name, email,"
                    + " to_date(date_of_birth, 'YYYYMMDD'), mobile_no, above_18, file_sha256, line"
                    + " FROM applications.applications WHERE file_sha256 = ? AND successful"
                    + " ORDER BY line LIMIT ? ON CONFLICT DO NOTHING")) {
      s.setString(1, sha256);
      s.setInt(2, COUNT);
      s.executeUpdate();
      return QueryTable.query(
              jdbcUrl,
              "SELECT membership_id FROM sales.members WHERE application_sha256 = ?"
                  + " ORDER BY application_line",
              sha256)
          .firsts();
    } catch (SQLException e) {
      throw new IllegalStateException("copying the members failed: " + e.getMessage(), e);
    }
  }

  private static String sha256(String file) {
    try {
      return ContentHash.sha256(file);
    } catch (IOException e) {
      throw new UsageException("--applications: cannot read " + file + " (" + e + ")");
    }
  }
}
