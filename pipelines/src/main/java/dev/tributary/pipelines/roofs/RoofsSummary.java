package dev.tributary.pipelines.roofs;

import dev.tributary.pipelines.RunningJob;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/** What a run did, level by level, and where its exports are. */
record RoofsSummary(
    long runId,
    PipelineResult.State state,
    RoofCounts.Tally models,
    RoofCounts.Tally buildings,
    RoofCounts.Tally planes,
    @Nullable String outputDir) {

  /**
   * The job's counts, less the versions the database rejected as conflicting with stored ones (the
   * job counted them as written). {@code outputDir}: where the exports went, null for a stream
   * (which writes none).
   */
  static RoofsSummary of(RunningJob job, String jdbcUrl, long runId, @Nullable String outputDir) {
    PipelineResult result = job.result();
    long[] conflicts = RoofsSink.conflictsAtRest(jdbcUrl, runId);
    return new RoofsSummary(
        runId,
        job.state(),
        RoofCounts.MODELS.tally(result).rejecting(conflicts[0]),
        RoofCounts.BUILDINGS.tally(result).rejecting(conflicts[1]),
        RoofCounts.PLANES.tally(result).rejecting(conflicts[2]),
        outputDir);
  }

  /** The job ended (or a stream was stopped) and every part read is stored or rejected. */
  boolean isComplete() {
    return (state == PipelineResult.State.DONE || state == PipelineResult.State.CANCELLED)
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
    if (outputDir == null) {
      out.println("no exports from a stream: the views export_* in PostgreSQL are always current");
      return;
    }
    out.printf("exports in %s:%n", outputDir);
    RoofsSink.EXPORTS.forEach(e -> out.printf("  %s%s.csv%n", outputDir, e.name()));
  }
}
