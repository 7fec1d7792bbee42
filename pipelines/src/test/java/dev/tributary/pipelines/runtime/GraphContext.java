package dev.tributary.pipelines.runtime;

import dev.tributary.io.postgres.StagedQuery;
import dev.tributary.io.runs.Counting;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A {@link JobContext} for whole-graph tests without a database: the source gives the records a
 * test hands it, each sink is swapped for a collection the test asserts on ({@link #written}), and
 * the dead letters are flattened into one ({@link #deadLetters}). Nothing is counted.
 */
public final class GraphContext implements JobContext {
  private final Pipeline pipeline;
  private final Ledger ledger;
  private final List<SourceRecord> records;
  private final Map<String, PCollection<?>> written = new HashMap<>();
  private final List<PCollection<DeadLetter>> letters = new ArrayList<>();
  private PCollection<DeadLetter> all;

  private GraphContext(Pipeline pipeline, String level, List<SourceRecord> records) {
    this.pipeline = pipeline;
    this.ledger = new Ledger("jdbc:postgresql://graph-test.invalid/none", 1, level);
    this.records = records;
  }

  /** A context whose source reads {@code records}, for a job whose first level is {@code level}. */
  public static GraphContext of(Pipeline pipeline, String level, List<SourceRecord> records) {
    return new GraphContext(pipeline, level, List.copyOf(records));
  }

  @Override
  public PCollection<SourceRecord> read(Input input) {
    return pipeline.apply(
        "Read" + input.name(),
        Create.of(records).withCoder(Coders.of(pipeline, SourceRecord.class)));
  }

  /** Nothing stored: a graph test has no store. */
  @Override
  public PCollection<SourceRecord> readStored(String name, StagedQuery query) {
    return pipeline.apply(name, Create.empty(Coders.of(pipeline, SourceRecord.class)));
  }

  @Override
  public <T> void write(
      String name,
      PCollection<T> records,
      PTransform<PCollection<T>, PCollection<DeadLetter>> sink) {
    written.put(name, records);
  }

  @Override
  public <T> void count(String name, PCollection<T> records, Counting<T> counting) {
    written.put(name, records);
  }

  @Override
  public void reject(PCollection<DeadLetter> rejected) {
    letters.add(rejected);
  }

  @Override
  public void afterWrites(String name, PTransform<PCollection<?>, ? extends POutput> step) {}

  @Override
  public Ledger ledger() {
    return ledger;
  }

  /** What the job handed to its sink, or counting step, {@code name}. */
  @SuppressWarnings("unchecked")
  public <T> PCollection<T> written(String name) {
    PCollection<?> records = written.get(name);
    if (records == null) {
      throw new AssertionError(
          "the job wrote nothing called " + name + "; it wrote " + written.keySet());
    }
    return (PCollection<T>) records;
  }

  /**
   * What the job handed to {@code name}, each record as the line {@code line} makes of it: what a
   * test compares, in any order.
   */
  public <T> PCollection<String> written(String name, SerializableFunction<T, String> line) {
    return this.<T>written(name)
        .apply(name + "Lines", MapElements.into(TypeDescriptors.strings()).via(line));
  }

  /** Every dead letter of the job, as the dead-letter block would get them. */
  public PCollection<DeadLetter> deadLetters() {
    if (all == null) {
      all = PCollectionList.of(letters).apply("AllDeadLetters", Flatten.pCollections());
    }
    return all;
  }

  /** The type of a balance entry: a level and a count, for the tests that sum levels to zero. */
  public static TypeDescriptor<KV<String, Long>> levelCounts() {
    return TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs());
  }

  /** {@code counts} per level as balance entries, times {@code sign} (read +1, written -1). */
  public static List<KV<String, Long>> signed(Map<String, Long> counts, long sign) {
    return counts.entrySet().stream().map(e -> KV.of(e.getKey(), sign * e.getValue())).toList();
  }
}
