package dev.tributary.pipelines.runtime;

import dev.tributary.io.postgres.StagedQuery;
import dev.tributary.io.runs.Counting;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.SourceRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;

/**
 * What a job's graph is built with: the source, the sinks' way in, the dead-letter block and the
 * run's ledger. The runtime gives a live one ({@link JobRunner}); a whole-graph test gives one fed
 * by {@code Create} whose sinks collect what they get.
 */
public interface JobContext {
  /**
   * The job's records, read as {@code --source} says; the runtime counts them as read and takes
   * care of the source's own dead letters.
   */
  PCollection<SourceRecord> read(Input input);

  /**
   * Records an earlier run stored, read back with {@code query} to complete what this run derives
   * (a day's readings, of which the run fetched the last): neither the run's input nor counted.
   */
  PCollection<SourceRecord> readStored(String name, StagedQuery query);

  /**
   * Writes {@code records} with {@code sink}, step {@code name}; what the sink refuses comes back
   * as dead letters and goes to the dead-letter block.
   */
  <T> void write(
      String name,
      PCollection<T> records,
      PTransform<PCollection<T>, PCollection<DeadLetter>> sink);

  /**
   * Counts {@code records} into the run as {@code counting} says: for what only the job can count,
   * such as the parts a parsed document held.
   */
  <T> void count(String name, PCollection<T> records, Counting<T> counting);

  /** Hands a step's dead letters to the run's dead-letter block. */
  void reject(PCollection<DeadLetter> letters);

  /** Applies {@code step} once every record and dead letter of the run is stored. */
  void afterWrites(String name, PTransform<PCollection<?>, ? extends POutput> step);

  /** Where the run's sinks count what they write and reject. */
  Ledger ledger();
}
