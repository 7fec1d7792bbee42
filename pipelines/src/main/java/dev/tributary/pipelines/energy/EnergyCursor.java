package dev.tributary.pipelines.energy;

import dev.tributary.io.postgres.Postgres;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the energy job has fetched: of a window's requests, those whose answers are stored whole
 * ({@code energy.stored_requests}). It is read from the committed rows rather than kept beside
 * them, so it only ever moves with a commit: a killed run leaves it where its last commit did, and
 * the next run fetches what is missing.
 */
final class EnergyCursor {
  private EnergyCursor() {}

  static List<String> stored(String jdbcUrl, List<String> requests) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = c.prepareStatement("SELECT energy.stored_requests(?)")) {
      Array array = c.createArrayOf("text", requests.toArray());
      s.setArray(1, array);
      List<String> stored = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          stored.add(r.getString(1));
        }
      }
      return stored;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read what energy has stored: " + e.getMessage(), e);
    }
  }
}
