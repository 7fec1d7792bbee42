package dev.tributary.pipelines.roofs;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Models, buildings and planes read, written and rejected, counted where each is decided (once per
 * model, so the counters cost nothing next to parsing it). A rejected part takes its own parts
 * along: a rejected building's planes count as rejected planes.
 */
final class RoofCounts {
  static final String NAMESPACE = "roofs";
  static final Level MODELS = new Level("models");
  static final Level BUILDINGS = new Level("buildings");
  static final Level PLANES = new Level("planes");

  private RoofCounts() {}

  /** The three counters of one level. */
  static final class Level {
    final String name;
    final Counter read;
    final Counter written;
    final Counter rejected;

    private Level(String name) {
      this.name = name;
      this.read = Metrics.counter(NAMESPACE, name + "_read");
      this.written = Metrics.counter(NAMESPACE, name + "_written");
      this.rejected = Metrics.counter(NAMESPACE, name + "_rejected");
    }

    /** "read 8 = written 7 + rejected 1", from a finished job's counters. */
    Tally tally(PipelineResult result) {
      return new Tally(
          name,
          value(result, name + "_read"),
          value(result, name + "_written"),
          value(result, name + "_rejected"));
    }
  }

  record Tally(String level, long read, long written, long rejected) {
    boolean balanced() {
      return read == written + rejected;
    }

    /** The same tally with {@code count} of the written ones rejected after all. */
    Tally rejecting(long count) {
      return new Tally(level, read, written - count, rejected + count);
    }

    @Override
    public String toString() {
      return String.format(
          "%s read %d = written %d + rejected %d%s",
          level, read, written, rejected, balanced() ? "" : "  <-- MISMATCH");
    }
  }

  static void rejectModel(RoofModelReader.Result parts) {
    MODELS.rejected.inc();
    BUILDINGS.rejected.inc(parts.buildingsRead());
    PLANES.rejected.inc(parts.planesRead());
  }

  static void rejectModel(RoofModel model) {
    MODELS.rejected.inc();
    BUILDINGS.rejected.inc(model.buildings().size());
    PLANES.rejected.inc(planes(model));
  }

  static void write(RoofModel model) {
    MODELS.written.inc();
    BUILDINGS.written.inc(model.buildings().size());
    PLANES.written.inc(planes(model));
  }

  static int planes(RoofModel model) {
    return model.buildings().stream().mapToInt(b -> b.planes().size()).sum();
  }

  private static long value(PipelineResult result, String counter) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(NAMESPACE, counter))
                    .build());
    long total = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      total += attemptedOrCommitted(c);
    }
    return total;
  }

  /** Committed where the runner has them (DirectRunner), attempted where not (FlinkRunner). */
  private static long attemptedOrCommitted(MetricResult<Long> counter) {
    try {
      return counter.getCommitted();
    } catch (UnsupportedOperationException e) {
      return counter.getAttempted();
    }
  }
}
