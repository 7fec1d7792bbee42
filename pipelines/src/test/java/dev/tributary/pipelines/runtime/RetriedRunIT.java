package dev.tributary.pipelines.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.StagedQuery;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.Counting;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.trips.TripsOptions;
import dev.tributary.pipelines.trips.TripsPipeline;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.SourceRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner retries work that had already committed: the trips job on embedded Flink, configured to
 * restart a failed job once, whose sink commits a chunk of two trips and then meets a failure on
 * its way to the next. Flink runs the job again from the start; the rows merge idempotently and the
 * ledger counts each chunk once, so the run balances exactly as an undisturbed one does.
 */
class RetriedRunIT {
  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);
  @TempDir Path dir;

  /** Whether the failure happened (a JVM-wide flag: Flink runs the job in this JVM). */
  private static final AtomicBoolean FAILED = new AtomicBoolean();

  /** Throws once, at the third trip on its way to the sink: after the sink committed two. */
  static final class FailOnceFn<T> extends DoFn<T, T> {
    private transient int seen;

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      if (++seen == 3 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("a planned failure after the first committed chunk");
      }
      out.output(element);
    }
  }

  /** The trips job, its trips passing {@link FailOnceFn} on their way to the sink. */
  private static final class FailingTrips implements Job<TripsOptions> {
    private final TripsPipeline trips = new TripsPipeline();

    @Override
    public String name() {
      return trips.name();
    }

    @Override
    public String description() {
      return trips.description();
    }

    @Override
    public Class<TripsOptions> optionsClass() {
      return trips.optionsClass();
    }

    @Override
    public Sources.Checked check(TripsOptions options) {
      return trips.check(options);
    }

    @Override
    public void afterRun(TripsOptions options, String jdbcUrl) {
      trips.afterRun(options, jdbcUrl);
    }

    @Override
    public void build(Pipeline pipeline, TripsOptions options, JobContext context) {
      trips.build(pipeline, options, new FailingContext(context));
    }
  }

  /** Puts {@link FailOnceFn} before every sink; everything else as given. */
  private record FailingContext(JobContext context) implements JobContext {
    @Override
    public PCollection<SourceRecord> read(Input input) {
      return context.read(input);
    }

    @Override
    public PCollection<SourceRecord> readStored(String name, StagedQuery query) {
      return context.readStored(name, query);
    }

    @Override
    public <T> void write(
        String name,
        PCollection<T> records,
        PTransform<PCollection<T>, PCollection<DeadLetter>> sink) {
      context.write(name, records.apply(name + "FailOnce", ParDo.of(new FailOnceFn<T>())), sink);
    }

    @Override
    public <T> void count(String name, PCollection<T> records, Counting<T> counting) {
      context.count(name, records, counting);
    }

    @Override
    public void reject(PCollection<DeadLetter> letters) {
      context.reject(letters);
    }

    @Override
    public void afterWrites(String name, PTransform<PCollection<?>, ? extends POutput> step) {
      context.afterWrites(name, step);
    }

    @Override
    public Ledger ledger() {
      return context.ledger();
    }
  }

  @Test
  void aRetriedJobCountsEveryRecordOnce() throws Exception {
    Path input = dir.resolve("dirty.csv");
    try (InputStream in = getClass().getResourceAsStream("/trips/dirty.csv")) {
      Files.copy(Objects.requireNonNull(in), input);
    }
    // Beam's --numberOfExecutionRetries only reaches Flink's streaming environment; a batch job
    // takes its restart strategy from the Flink configuration.
    Path conf = Files.createDirectories(dir.resolve("flink-conf"));
    Files.writeString(
        conf.resolve("config.yaml"),
        "restart-strategy.type: fixed-delay\n"
            + "restart-strategy.fixed-delay.attempts: 1\n"
            + "restart-strategy.fixed-delay.delay: 0 s\n");
    TripsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + input,
                "--jdbcUrl=" + db.jdbcUrl(),
                "--progress=false",
                "--rowsPerTransaction=2",
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--parallelism=1",
                "--flinkConfDir=" + conf)
            .as(TripsOptions.class);
    FAILED.set(false);

    RunSummary summary = JobRunner.run(new FailingTrips(), options);

    assertTrue(FAILED.get(), "the planned failure happened: Flink retried the job");
    assertTrue(summary.isComplete(), summary.toString());
    // As an undisturbed run of the fixture: 13 lines, 4 trips (3 distinct), 9 dead letters.
    assertEquals(new RunSummary.Balance("rows", 13, 4, 9), summary.balance("rows"));
    assertEquals(3, summary.inserted());
    assertEquals(3, db.queryLong("SELECT count(*) FROM trips.trips"));
    assertEquals(9, db.queryLong("SELECT count(*) FROM ops.rejected_records"));
    assertEquals(3, db.queryLong("SELECT sum(trip_count) FROM trips.trip_groups"));
    // The chunk committed before the failure was offered again and not counted twice.
    assertEquals(
        List.of("2", "2"),
        db.queryRows("SELECT written FROM ops.run_chunks WHERE written > 0 ORDER BY committed_at"));
  }
}
