package dev.tributary.pipelines.roofs;

import dev.tributary.io.postgres.CopyMergeSink;
import dev.tributary.io.postgres.ExportCsv.Export;
import dev.tributary.io.postgres.PgBinaryWriter;
import dev.tributary.io.runs.Ledger;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.JsonCoder;
import dev.tributary.transforms.Steps;
import java.util.List;

/**
 * Writes new roof versions through {@link CopyMergeSink}: each model's JSON is staged with binary
 * COPY, then {@code roofs.merge_staged} (infra/sql/postgres/V5, V7) inserts the versions new to the
 * table with their buildings, planes, penetrations and obstructions, and recomputes the history
 * (valid_to, is_current) of their installations. A version stored by an earlier run with other
 * content is refused by the merge and comes back as a dead letter; the rest count as written, with
 * their buildings and planes, in the same transaction.
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
              "analysts_roof_stats",
              "roofs.export_roof_stats",
              "grouping DESC, material, shape_class"),
          Export.of(
              "data_scientists_roof_features", "roofs.export_roof_features", "installation_id"),
          Export.of(
              "tiling_api_planes",
              "roofs.export_tiling_planes",
              "installation_id, building_index, plane_id"));

  private RoofsSink() {}

  static CopyMergeSink<RoofModel> write(Ledger ledger, long rowsPerTransaction) {
    return CopyMergeSink.into(ledger.jdbcUrl(), STAGING_DDL, STAGING_TABLE, RoofsSink::encode)
        .withMergeSql("SELECT * FROM roofs.merge_staged(?)", ledger.runId())
        .withRowsPerTransaction(Math.min(rowsPerTransaction, MODELS_PER_TRANSACTION))
        .withCounting(
            ledger.written("roofs", (RoofModel m) -> m.location().id()).withParts(RoofModel::parts))
        .withRefusals(m -> m.location().key(), RoofsSink::rejected);
  }

  static void encode(RoofModel model, PgBinaryWriter row) {
    row.row(1).text(JsonCoder.toJson(model));
  }

  /** A version rejected as a whole (step {@code version}), with all its parts. */
  static DeadLetter rejected(RoofModel model, String reason) {
    return DeadLetter.of(model.location(), 0, Steps.VERSION, reason, JsonCoder.toJson(model))
        .withPath("$")
        .withCounts(model.parts());
  }
}
