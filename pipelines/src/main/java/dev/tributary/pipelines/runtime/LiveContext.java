package dev.tributary.pipelines.runtime;

import dev.tributary.io.WriteDeadLetters;
import dev.tributary.io.postgres.ReadStaged;
import dev.tributary.io.postgres.StagedQuery;
import dev.tributary.io.runs.CountRecords;
import dev.tributary.io.runs.Counting;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sinks.SinkOptions;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.SourceRead;
import dev.tributary.io.sources.Sources;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.SourceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.POutput;
import org.apache.flink.api.common.ExecutionMode;

/**
 * The context of a real run: records come from the source {@code --source} names and are counted as
 * read; sinks are applied as given; every dead letter ends in one block ({@link WriteDeadLetters}),
 * written where the job's {@link SinkOptions} say (PostgreSQL by default), and the after-writes
 * steps wait for it.
 */
final class LiveContext implements JobContext {
  private final Pipeline pipeline;
  private final JobOptions options;
  private final String name;
  private final Ledger ledger;
  private final List<PCollection<DeadLetter>> letters = new ArrayList<>();
  private final Map<String, PTransform<PCollection<?>, ? extends POutput>> afterWrites =
      new LinkedHashMap<>();
  private PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> locate;
  private boolean hasInput;

  LiveContext(Pipeline pipeline, JobOptions options, String name, Ledger ledger) {
    this.pipeline = pipeline;
    this.options = options;
    this.name = name;
    this.ledger = ledger;
  }

  @Override
  public PCollection<SourceRecord> read(Input input) {
    if (hasInput) {
      throw new IllegalStateException(name + " reads a second input: a job reads one");
    }
    hasInput = true;
    SourceRead read = Sources.read(pipeline, options, input, ledger);
    locate = read.locate();
    letters.add(read.deadLetters());
    return read.records();
  }

  @Override
  public PCollection<SourceRecord> readStored(String name, StagedQuery query) {
    return pipeline.apply(name, ReadStaged.of(query));
  }

  @Override
  public <T> void write(
      String step,
      PCollection<T> records,
      PTransform<PCollection<T>, PCollection<DeadLetter>> sink) {
    letters.add(records.apply(step, sink));
  }

  @Override
  public <T> void count(String step, PCollection<T> records, Counting<T> counting) {
    records.apply(step, CountRecords.of(counting));
  }

  @Override
  public void reject(PCollection<DeadLetter> rejected) {
    letters.add(rejected);
  }

  @Override
  public void afterWrites(String step, PTransform<PCollection<?>, ? extends POutput> then) {
    afterWrites.put(step, then);
  }

  @Override
  public Ledger ledger() {
    return ledger;
  }

  /** The stores of a job that may write BigQuery ({@link SinkOptions}); PostgreSQL otherwise. */
  private static SinkOptions.Sink sink(JobOptions options, Class<?> optionsClass) {
    return SinkOptions.class.isAssignableFrom(optionsClass)
        ? options.as(SinkOptions.class).getSink()
        : SinkOptions.Sink.postgres;
  }

  /** Where the run's dead letters are, as its summary points to them. */
  static String rejectedAt(JobOptions options, Class<?> optionsClass, long runId) {
    return sink(options, optionsClass).postgres()
        ? "SELECT source, line, json_path, step, reason FROM ops.rejected_records WHERE run_id = "
            + runId
            + ";"
        : "BigQuery table "
            + options.as(SinkOptions.class).getBigQueryDataset()
            + ".rejected_records";
  }

  /** Adds the dead-letter block, then what waits for every write. */
  void finish(Class<?> optionsClass) {
    WriteDeadLetters block = WriteDeadLetters.of(name, ledger).withLocate(locate);
    SinkOptions.Sink sink = sink(options, optionsClass);
    if (sink.bigQuery()) {
      block = block.withBigQuery(options.as(SinkOptions.class), !sink.postgres());
    }
    PCollection<DeadLetter> written = PCollectionList.of(letters).apply("WriteDeadLetters", block);
    afterWrites.forEach(written::apply);
    if (afterWrites.isEmpty() && !sink.bigQuery()) {
      pipelineFlinkBatch();
    }
  }

  /**
   * Every step's dead letters meet in one union, so the graph branches and joins again; Flink's
   * batch optimizer then makes the exchange before the sinks blocking, to rule out a deadlock that
   * only a join or side input could have, and every record is spilled before the first is written
   * (10M trips: the whole read, then the whole write). Without side inputs ({@code Wait.on} after
   * writes, BigQuery's), every exchange can stream. An explicit {@code --executionModeForBatch}
   * stays.
   */
  private void pipelineFlinkBatch() {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (ExecutionMode.PIPELINED.name().equals(flink.getExecutionModeForBatch())) {
      flink.setExecutionModeForBatch(ExecutionMode.PIPELINED_FORCED.name());
    }
  }
}
