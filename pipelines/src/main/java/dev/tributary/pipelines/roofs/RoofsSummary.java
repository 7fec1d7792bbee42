package dev.tributary.pipelines.roofs;

import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;

/** What a run did, level by level, and where its exports are. */
record RoofsSummary(
    long runId,
    PipelineResult.State state,
    RoofCounts.Tally models,
    RoofCounts.Tally buildings,
    RoofCounts.Tally planes,
    String outputDir) {

  static RoofsSummary of(PipelineResult result, long runId, String outputDir) {
    return new RoofsSummary(
        runId,
        result.getState(),
        RoofCounts.MODELS.tally(result),
        RoofCounts.BUILDINGS.tally(result),
        RoofCounts.PLANES.tally(result),
        outputDir);
  }

  /** The job finished and every model, building and plane read is stored or rejected. */
  boolean isComplete() {
    return state == PipelineResult.State.DONE
        && List.of(models, buildings, planes).stream().allMatch(RoofCounts.Tally::balanced);
  }

  void print(PrintStream out) {
    out.printf("run %d %s: %s%n", runId, state, models);
    out.printf("  %s; %s%n", buildings, planes);
    if (models.rejected() + buildings.rejected() + planes.rejected() > 0) {
      out.printf(
          "rejected: SELECT source, line, json_path, step, reason FROM rejected_records"
              + " WHERE run_id = %d;%n",
          runId);
    }
    out.printf("exports in %s:%n", outputDir);
    RoofsSink.EXPORTS.forEach(e -> out.printf("  %s%s.csv%n", outputDir, e.name()));
  }
}
