package dev.tributary.transforms.clean;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import com.google.auto.value.extension.memoized.Memoized;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Normalises records and rejects the ones that break a rule, each rejection to {@link
 * DeadLetters#TAG} with the first rule it broke. Rules run after normalisation, so they judge the
 * values that would be stored.
 *
 * <p>Two ways to apply it, one logic: as a transform of its own on typed records, or fused into a
 * parser with {@code ParseCsv.withCleaning(clean)}, where a rejection keeps the exact input line
 * and nothing crosses an operator boundary between parsing and cleaning (on the FlinkRunner every
 * boundary with two consumers serializes each record).
 *
 * <pre>{@code
 * Clean<Trip> clean = Clean.<Trip>create()
 *     .withNormalizer(Trip::normalized)
 *     .withRule(Rules.onEarth("origin", Trip::getOrigin));
 * }</pre>
 */
@AutoValue
public abstract class Clean<T> extends PTransform<PCollection<T>, PCollectionTuple> {
  /** What a dead letter names as its source until {@link #withSource} says better. */
  private static final String DEFAULT_SOURCE = "record";

  abstract SerializableFunction<T, T> normalizer();

  abstract List<Rule<T>> rules();

  abstract SerializableFunction<T, String> source();

  abstract Builder<T> toBuilder();

  /** No normalisation and no rules yet: add them with the {@code with} methods. */
  public static <T> Clean<T> create() {
    return new AutoValue_Clean.Builder<T>()
        .setNormalizer(value -> value)
        .setRules(List.of())
        .setSource(value -> DEFAULT_SOURCE)
        .build();
  }

  public Clean<T> withNormalizer(SerializableFunction<T, T> normalizer) {
    return toBuilder().setNormalizer(requireNonNull(normalizer, "normalizer")).build();
  }

  public Clean<T> withRule(Rule<T> rule) {
    List<Rule<T>> more = new ArrayList<>(rules());
    more.add(requireNonNull(rule, "rule"));
    return toBuilder().setRules(List.copyOf(more)).build();
  }

  /** Names a record's source in its dead letter when used as a transform of its own. */
  public Clean<T> withSource(SerializableFunction<T, String> source) {
    return toBuilder().setSource(requireNonNull(source, "source")).build();
  }

  /** A fixed id: every {@code Clean}, before and after any {@code withX}, has an equal tag. */
  public TupleTag<T> cleanTag() {
    return new TupleTag<>("cleaned");
  }

  /**
   * The normaliser and rules as a serializable value, for parsers that clean in their own DoFn;
   * built once per transform.
   */
  @Memoized
  public Cleaner<T> cleaner() {
    return new Cleaner<>(normalizer(), rules(), source());
  }

  @Override
  public PCollectionTuple expand(PCollection<T> records) {
    if (rules().isEmpty()) {
      throw new IllegalStateException("Clean needs at least one rule: call withRule(...)");
    }
    TupleTag<T> cleanTag = cleanTag();
    return DeadLetters.parDo(
        records, new CleanFn<>(cleaner(), cleanTag), cleanTag, records.getCoder());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("rules", rules().size()));
  }

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setNormalizer(SerializableFunction<T, T> normalizer);

    abstract Builder<T> setRules(List<Rule<T>> rules);

    abstract Builder<T> setSource(SerializableFunction<T, String> source);

    abstract Clean<T> build();
  }

  /** The normaliser and rules: what a DoFn captures, rather than the transform. */
  public static final class Cleaner<T> implements Serializable {
    private final SerializableFunction<T, T> normalizer;
    private final List<Rule<T>> rules;
    private final SerializableFunction<T, String> source;

    private Cleaner(
        SerializableFunction<T, T> normalizer,
        List<Rule<T>> rules,
        SerializableFunction<T, String> source) {
      this.normalizer = normalizer;
      this.rules = rules;
      this.source = source;
    }

    /**
     * Normalises {@code value}; returns it, or null after sending {@code input}'s dead letter when
     * a rule rejects it (or throws: a rule's bug must not sink the run).
     */
    public @Nullable T cleanOrReject(
        T value, SourceRecord input, Consumer<DeadLetter> deadLetters) {
      String reason;
      T normalized = null;
      try {
        normalized = normalizer.apply(value);
        reason = rejection(normalized);
      } catch (RuntimeException e) {
        reason = "cleaning failed: " + e;
      }
      if (reason != null) {
        deadLetters.accept(DeadLetter.of(input, Steps.CLEAN, reason));
        return null;
      }
      return normalized;
    }

    /** {@code value} normalised, for callers that judge and route records themselves. */
    public T normalize(T value) {
      return normalizer.apply(value);
    }

    /**
     * Every rule a normalised value breaks, in the rules' order; empty when it passes them all: for
     * records whose verdict lists all that is wrong with them (an application sent back).
     */
    public List<String> violations(T value) {
      List<String> reasons = new ArrayList<>();
      for (Rule<T> rule : rules) {
        String reason = rule.check(value);
        if (reason != null) {
          reasons.add(reason);
        }
      }
      return reasons;
    }

    /** The first rule a normalised value breaks, or null when it passes them all. */
    public @Nullable String rejection(T value) {
      for (Rule<T> rule : rules) {
        String reason = rule.check(value);
        if (reason != null) {
          return reason;
        }
      }
      return null;
    }
  }

  private static final class CleanFn<T> extends DoFn<T, T> {
    private final Cleaner<T> cleaner;
    private final TupleTag<T> cleanTag;

    CleanFn(Cleaner<T> cleaner, TupleTag<T> cleanTag) {
      this.cleaner = cleaner;
      this.cleanTag = cleanTag;
    }

    @ProcessElement
    public void process(@Element T record, MultiOutputReceiver out) {
      // A typed record has no input line: the record itself is the raw text, its offset unknown.
      SourceRecord input =
          SourceRecord.of(Location.none(cleaner.source.apply(record)), String.valueOf(record));
      T value = cleaner.cleanOrReject(record, input, out.get(DeadLetters.TAG)::output);
      if (value != null) {
        out.get(cleanTag).output(value);
      }
    }
  }
}
