package dev.tributary.io.postgres;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.runs.Ledger;
import dev.tributary.transforms.DeadLetter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes a run's dead letters to {@code ops.rejected_records} ({@link UpsertSink}), upserting
 * located ones on (pipeline, source, offset, JSON path) so a re-run records each rejected input
 * once, with the latest run and reason; each chunk counts its letters as rejected in the run's
 * ledger, in the same transaction, as much as each says it rejects ({@link DeadLetter#counts}).
 */
public final class DeadLetterSink
    extends PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> {
  public static final String TABLE = "ops.rejected_records";

  private final String pipeline;
  private final Ledger ledger;

  private DeadLetterSink(String pipeline, Ledger ledger) {
    this.pipeline = pipeline;
    this.ledger = ledger;
  }

  /** Writes {@code pipeline}'s dead letters of the run whose ledger is {@code ledger}. */
  public static DeadLetterSink of(String pipeline, Ledger ledger) {
    return new DeadLetterSink(
        requireNonNull(pipeline, "pipeline"), requireNonNull(ledger, "ledger"));
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<DeadLetter> letters) {
    String level = ledger.level();
    return letters.apply(
        "UpsertRejected",
        UpsertSink.<DeadLetter>into(ledger.jdbcUrl(), TABLE)
            .withKeys("pipeline", "source", "byte_offset", "json_path")
            .withKeyPredicate("byte_offset >= 0") // an unlocated letter is a record of its own
            .withColumn("offset", "byte_offset")
            .withColumn("path", "json_path")
            .withValue("pipeline", "?", pipeline)
            .withValue("run_id", "?", ledger.runId())
            .withTimestamp("rejected_at")
            .withCounting(
                ledger
                    .<DeadLetter>rejected("dead letters", DeadLetter::id)
                    .withParts(l -> l.counts(level))));
  }
}
