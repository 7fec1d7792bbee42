package dev.tributary.io;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import dev.tributary.io.bigquery.BigQuerySink;
import dev.tributary.io.bigquery.BigQuerySinkOptions;
import dev.tributary.io.postgres.DeadLetterSink;
import dev.tributary.io.runs.Ledger;
import dev.tributary.transforms.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The dead-letter block every pipeline ends with: all of a run's dead letters flattened into one
 * collection, located for people (line numbers, where the source knows how), and written to
 * PostgreSQL's {@code ops.rejected_records} (counted as rejected in the run's ledger) and/or
 * BigQuery's {@code rejected_records}. Returns what the writers return, a signal that is complete
 * once every letter is stored.
 */
@AutoValue
public abstract class WriteDeadLetters
    extends PTransform<PCollectionList<DeadLetter>, PCollection<DeadLetter>> {
  abstract String pipeline();

  abstract Ledger ledger();

  abstract boolean postgres();

  abstract @Nullable BigQuerySinkOptions bigQuery();

  abstract @Nullable PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> locate();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setPipeline(String pipeline);

    abstract Builder setLedger(Ledger ledger);

    abstract Builder setPostgres(boolean postgres);

    abstract Builder setBigQuery(BigQuerySinkOptions options);

    abstract Builder setLocate(PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> locate);

    abstract WriteDeadLetters build();
  }

  /** Writes {@code pipeline}'s dead letters to PostgreSQL, counted into {@code ledger}. */
  public static WriteDeadLetters of(String pipeline, Ledger ledger) {
    return new AutoValue_WriteDeadLetters.Builder()
        .setPipeline(requireNonNull(pipeline, "pipeline"))
        .setLedger(requireNonNull(ledger, "ledger"))
        .setPostgres(true)
        .build();
  }

  /** Locates every letter with {@code locate} first (the source's: line numbers for files). */
  public WriteDeadLetters withLocate(
      @Nullable PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> locate) {
    return locate == null ? this : toBuilder().setLocate(locate).build();
  }

  /**
   * Writes the letters to BigQuery too; {@code only}: to BigQuery alone, which then counts them as
   * the run's rejections.
   */
  public WriteDeadLetters withBigQuery(BigQuerySinkOptions options, boolean only) {
    return toBuilder().setBigQuery(requireNonNull(options, "options")).setPostgres(!only).build();
  }

  @Override
  public PCollection<DeadLetter> expand(PCollectionList<DeadLetter> letters) {
    PCollection<DeadLetter> all = letters.apply("All", Flatten.pCollections());
    if (locate() != null) {
      all = all.apply("Locate", locate());
    }
    List<PCollection<DeadLetter>> written = new ArrayList<>();
    if (postgres()) {
      written.add(all.apply("Postgres", DeadLetterSink.of(pipeline(), ledger())));
    }
    if (bigQuery() != null) {
      BigQuerySink<DeadLetter> sink = BigQuerySink.to("rejected_records", bigQuery());
      String level = ledger().level();
      // A letter BigQuery refuses in turn would need a third place: it is dropped, and where
      // BigQuery is the run's store it is taken out of the rejections, so the run does not add up.
      written.add(
          all.apply(
              "BigQuery",
              postgres()
                  ? sink
                  : sink.withCounting(
                      ledger()
                          .<DeadLetter>rejected("dead letters", DeadLetter::id)
                          .withParts(l -> l.counts(level)))));
    }
    return PCollectionList.of(written).apply("Written", Flatten.pCollections());
  }
}
