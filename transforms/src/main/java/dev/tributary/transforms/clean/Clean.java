package dev.tributary.transforms.clean;

import static java.util.Objects.requireNonNull;

import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Normalises parsed records and rejects the ones that break a rule. Each record keeps the line it
 * came from, so a rejection reaches {@link DeadLetters#TAG} with the raw input and the first rule
 * it broke; rules run after normalisation, so they see the values that would be stored.
 *
 * <pre>{@code
 * Clean<Trip> clean = Clean.<Trip>create()
 *     .withNormalizer(Trip::normalized)
 *     .withRule(Rules.onEarth("origin", Trip::getOrigin));
 * PCollectionTuple result = parsed.apply("CleanTrips", clean);
 * result.get(clean.cleanTag());
 * }</pre>
 */
public final class Clean<T> extends PTransform<PCollection<KV<SourceLine, T>>, PCollectionTuple> {
  public static final String STEP = "clean";

  private final SerializableFunction<T, T> normalizer;
  private final List<Rule<T>> rules;
  private final TupleTag<KV<SourceLine, T>> cleanTag = new TupleTag<KV<SourceLine, T>>() {};

  private Clean(SerializableFunction<T, T> normalizer, List<Rule<T>> rules) {
    this.normalizer = normalizer;
    this.rules = rules;
  }

  /** No normalisation and no rules yet: add them with the {@code with} methods. */
  public static <T> Clean<T> create() {
    return new Clean<>(value -> value, List.of());
  }

  public Clean<T> withNormalizer(SerializableFunction<T, T> normalizer) {
    return new Clean<>(requireNonNull(normalizer, "normalizer"), rules);
  }

  public Clean<T> withRule(Rule<T> rule) {
    List<Rule<T>> more = new ArrayList<>(rules);
    more.add(requireNonNull(rule, "rule"));
    return new Clean<>(normalizer, List.copyOf(more));
  }

  public TupleTag<KV<SourceLine, T>> cleanTag() {
    return cleanTag;
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<SourceLine, T>> records) {
    if (rules.isEmpty()) {
      throw new IllegalStateException("Clean needs at least one rule: call withRule(...)");
    }
    PCollectionTuple result =
        records.apply(
            ParDo.of(new CleanFn<>(normalizer, rules, cleanTag))
                .withOutputTags(cleanTag, TupleTagList.of(DeadLetters.TAG)));
    result.get(cleanTag).setCoder(records.getCoder());
    return result;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("rules", rules.size()));
  }

  private static final class CleanFn<T> extends DoFn<KV<SourceLine, T>, KV<SourceLine, T>> {
    private final Counter rejectedCounter = Metrics.counter(Clean.class, "rejected");
    private final SerializableFunction<T, T> normalizer;
    private final List<Rule<T>> rules;
    private final TupleTag<KV<SourceLine, T>> cleanTag;
    private transient long rejected;

    CleanFn(SerializableFunction<T, T> normalizer, List<Rule<T>> rules, TupleTag<KV<SourceLine, T>> cleanTag) {
      this.normalizer = normalizer;
      this.rules = rules;
      this.cleanTag = cleanTag;
    }

    @StartBundle
    public void startBundle() {
      rejected = 0;
    }

    @ProcessElement
    public void process(@Element KV<SourceLine, T> record, MultiOutputReceiver out) {
      T value = normalizer.apply(record.getValue());
      for (Rule<T> rule : rules) {
        String reason = rule.check(value);
        if (reason != null) {
          out.get(DeadLetters.TAG).output(DeadLetter.of(record.getKey(), STEP, reason));
          rejected++;
          return;
        }
      }
      out.get(cleanTag).output(KV.of(record.getKey(), value));
    }

    @FinishBundle
    public void finishBundle() {
      rejectedCounter.inc(rejected);
    }
  }
}
