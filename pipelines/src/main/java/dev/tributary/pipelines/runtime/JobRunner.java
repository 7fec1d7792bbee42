package dev.tributary.pipelines.runtime;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Sources;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.StreamingOptions;

/**
 * Runs a {@link Job} from start to summary: options (validated; {@code --help} lists them), the
 * input check, migrations, the run record, the job itself (Ctrl-C or SIGTERM stops it: a stream
 * ends 'stopped', a batch that had not read all its input 'failed'), the progress bar, settling the
 * run, the summary and the exit code: 0 when every record read is written or rejected, 1 when the
 * run failed or does not add up, 2 for a mistake the user can fix.
 */
public final class JobRunner {
  private JobRunner() {}

  /** The main of every job: {@code scripts/run.sh NAME ARGS} ends here. */
  public static <O extends JobOptions> void main(Job<O> job, String[] args) {
    Launcher.exit(() -> run(job, args));
  }

  /** Runs {@code job} with command-line {@code args}, prints its summary, returns the exit code. */
  public static <O extends JobOptions> int run(Job<O> job, String[] args) {
    O options = CommandLine.parse(job.optionsClass(), args);
    if (Arrays.stream(args).noneMatch(arg -> arg.startsWith("--disableMetrics"))) {
      // The ledger counts every record. Beam's metrics cost the FlinkRunner a lookup per element
      // in every step: 10M trips, 6 of 54 JVM CPU-seconds.
      options.as(FlinkPipelineOptions.class).setDisableMetrics(true);
    }
    CountDownLatch recorded = new CountDownLatch(1);
    try {
      RunSummary summary = run(job, options, RunningJob.stopOnExit(recorded));
      summary.print(
          System.out, LiveContext.rejectedAt(options, job.optionsClass(), summary.runId()));
      job.report(options, summary, System.out);
      return summary.isComplete() ? 0 : 1;
    } finally {
      recorded.countDown();
    }
  }

  /** Runs {@code job} to its end: the end of its input, or of a stream when it is cancelled. */
  public static <O extends JobOptions> RunSummary run(Job<O> job, O options) {
    return run(job, options, running -> {});
  }

  /**
   * Checks the input, records the run, runs the job, records how it ended. {@code started} gets the
   * job once it runs: a stream ends when someone stops it.
   */
  public static <O extends JobOptions> RunSummary run(
      Job<O> job, O options, Consumer<RunningJob> started) {
    Sources.Checked input = job.check(options);
    if (input.unbounded()) {
      options.as(StreamingOptions.class).setStreaming(true);
    }
    // The DirectRunner would otherwise hold the main thread in run(), leaving no job to stop.
    options.as(DirectOptions.class).setBlockOnRun(false);
    String jdbcUrl = options.getJdbcUrl();
    Migrations.migrate(jdbcUrl);
    Ledger ledger =
        IngestionRuns.start(
            jdbcUrl, job.name(), input.name(), input.estimatedRecords(), job.levels().get(0));
    boolean bar = options.getProgress() && !input.unbounded();
    try (RunProgress progress =
        RunProgress.show(bar, job.name(), ledger, input.estimatedRecords())) {
      job.beforeRun(options, input, ledger);
      RunningJob running = new RunningJob(ledger);
      started.accept(running);
      running.started(pipeline(job, options, ledger).run());
      running.await();
      job.afterRun(options, jdbcUrl);
      if (running.stopped() && !input.unbounded()) {
        IngestionRuns.fail(jdbcUrl, ledger.runId(), RunningJob.STOPPED_EARLY);
      } else {
        IngestionRuns.finish(jdbcUrl, ledger.runId(), running.stopped());
      }
    } catch (RuntimeException e) {
      settle(job, options, jdbcUrl);
      IngestionRuns.fail(jdbcUrl, ledger.runId(), UsageException.firstLine(e.getMessage()));
      throw e;
    }
    return RunSummary.load(ledger, job.levels());
  }

  /**
   * The job's whole graph for run {@code ledger}, as a run executes it; built without touching the
   * database, so a test can translate it for a runner that is not there (Dataflow).
   */
  public static <O extends JobOptions> Pipeline pipeline(Job<O> job, O options, Ledger ledger) {
    Pipeline pipeline = Pipeline.create(options);
    LiveContext context = new LiveContext(pipeline, options, job.name(), ledger);
    job.build(pipeline, options, context);
    context.finish(job.optionsClass());
    return pipeline;
  }

  /**
   * What a failed run committed stays consistent; if the database is down, the next run does it.
   */
  private static <O extends JobOptions> void settle(Job<O> job, O options, String jdbcUrl) {
    try {
      job.afterRun(options, jdbcUrl);
    } catch (RuntimeException stillDown) {
      // The run's own failure is what the user needs to see.
    }
  }
}
