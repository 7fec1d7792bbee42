package dev.tributary.pipelines.roofs;

import dev.tributary.io.postgres.CopyMergeSink;
import dev.tributary.io.postgres.ExportCsv.Export;
import dev.tributary.io.postgres.PgBinaryWriter;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.transforms.JsonCoder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes new roof versions through {@link CopyMergeSink}: each model's JSON is staged with binary
 * COPY, then {@code roofs_merge_staged} (infra/sql/postgres/V5__roofs.sql) inserts the versions new
 * to the table with their buildings, planes, penetrations and obstructions, and recomputes the
 * history (valid_to, is_current) of their installations.
 */
final class RoofsSink {
  static final String STAGING_TABLE = "roofs_staging";
  static final String STAGING_DDL =
      "CREATE TEMP TABLE IF NOT EXISTS roofs_staging (model text) ON COMMIT DELETE ROWS";

  /** A model is tens of KB of JSON: commit every few hundred to bound the staged size. */
  static final long MODELS_PER_TRANSACTION = 500;

  /** The views the three consumers get, each as one CSV file in {@code --outputDir}. */
  static final List<Export> EXPORTS =
      List.of(
          Export.of(
              "analysts_roof_stats", "export_roof_stats", "grouping DESC, material, shape_class"),
          Export.of("data_scientists_roof_features", "export_roof_features", "installation_id"),
          Export.of(
              "tiling_api_planes",
              "export_tiling_planes",
              "installation_id, building_index, plane_id"));

  private static final String CONFLICTS_AT_REST =
      "SELECT count(*), coalesce(sum(jsonb_array_length(raw::jsonb->'buildings')), 0),"
          + " coalesce(sum((SELECT sum(jsonb_array_length(b->'planes'))"
          + " FROM jsonb_array_elements(raw::jsonb->'buildings') b)), 0)"
          + " FROM rejected_records WHERE run_id = ? AND step = 'version' AND json_path = '$'"
          + " AND reason LIKE 'conflicts with the stored version%'";

  private RoofsSink() {}

  static CopyMergeSink<RoofModel> write(String jdbcUrl, long runId) {
    return CopyMergeSink.into(jdbcUrl, STAGING_DDL, STAGING_TABLE, RoofsSink::encode)
        .withMergeSql("SELECT staged, inserted FROM roofs_merge_staged(?)", runId)
        .withRunId(runId)
        .withRowsPerTransaction(MODELS_PER_TRANSACTION);
  }

  static void encode(RoofModel model, PgBinaryWriter row) {
    row.row(1).text(JsonCoder.toJson(model));
  }

  /**
   * Models, buildings and planes of run {@code runId} that the merge rejected because their version
   * was stored with other content (see roofs_merge_staged).
   */
  static long[] conflictsAtRest(String jdbcUrl, long runId) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = c.prepareStatement(CONFLICTS_AT_REST)) {
      s.setLong(1, runId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not count the versions the merge rejected: " + e.getMessage(), e);
    }
  }
}
