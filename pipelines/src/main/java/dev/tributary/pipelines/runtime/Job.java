package dev.tributary.pipelines.runtime;

import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Sources;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.Pipeline;

/**
 * A pipeline of Tributary as the runtime sees it: a name, options, a check of its input and its
 * graph. Everything else (options parsing and {@code --help}, migrations, the run record and its
 * counts, starting and stopping the job, the progress bar, the summary and the exit code) is the
 * runtime's ({@link JobRunner}); a job reads through {@link JobContext#read}, writes through {@link
 * JobContext#write} and hands its dead letters to {@link JobContext#reject}.
 *
 * @param <O> the job's options: {@link JobOptions} and what its graph needs
 */
public interface Job<O extends JobOptions> {
  /** The job's name: {@code scripts/run.sh NAME}, the run records' pipeline. */
  String name();

  /** One line on what the job does, for {@code --list}, the README and the Flex Template. */
  String description();

  Class<O> optionsClass();

  /**
   * What the job's records are, first the level its sources read (rows, models), then the parts
   * records hold (buildings, planes): the levels of read = written + rejected.
   */
  default List<String> levels() {
    return List.of("rows");
  }

  /**
   * Checks the options and the input before anything is written, each problem a {@link
   * dev.tributary.io.UsageException} of one line; returns the checked input ({@link
   * Sources#check}).
   */
  Sources.Checked check(O options);

  /**
   * Prepares the run's store once the run is recorded and before the graph is built, say, choosing
   * how to load; what it sets on {@code options} the graph sees. Whatever it starts, {@link
   * #afterRun} settles.
   */
  default void beforeRun(O options, Sources.Checked input, Ledger ledger) {}

  /** Wires the job's graph: read, transform, write, reject. */
  void build(Pipeline pipeline, O options, JobContext context);

  /**
   * Settles what a run committed once its job has ended, or failed: say, folding queued rows into
   * aggregates. Called with the run's database.
   */
  default void afterRun(O options, String jdbcUrl) {}

  /** Lines after the run's summary: where its output went, what it now answers. */
  default void report(O options, RunSummary summary, PrintStream out) {}
}
