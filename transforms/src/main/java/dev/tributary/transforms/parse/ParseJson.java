package dev.tributary.transforms.parse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.value.AutoValue;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Clean.Cleaner;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses JSON documents (one per {@link SourceRecord}) into {@code type} with Jackson, optionally
 * cleaning each in the same step ({@link #withCleaning}). Malformed JSON, a document that does not
 * bind, or a rejected record goes to {@link DeadLetters#TAG} with the reason.
 */
@AutoValue
public abstract class ParseJson<T> extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  abstract Class<T> type();

  abstract boolean failOnUnknownProperties();

  abstract @Nullable Cleaner<T> cleaner();

  abstract Builder<T> toBuilder();

  /** Binds documents to {@code type}, ignoring properties it does not declare. */
  public static <T> ParseJson<T> of(Class<T> type) {
    return new AutoValue_ParseJson.Builder<T>()
        .setType(requireNonNull(type, "type"))
        .setFailOnUnknownProperties(false)
        .build();
  }

  /**
   * Rejects documents with properties that {@code type} does not declare (catches misspellings).
   */
  public ParseJson<T> withStrictProperties() {
    return toBuilder().setFailOnUnknownProperties(true).build();
  }

  /** Cleans each parsed record in the same step; its rejections keep the input document. */
  public ParseJson<T> withCleaning(Clean<T> clean) {
    return toBuilder().setCleaner(requireNonNull(clean, "clean").cleaner()).build();
  }

  /** A fixed id: every {@code ParseJson}, before and after any {@code withX}, has an equal tag. */
  public TupleTag<T> parsedTag() {
    return new TupleTag<>("parsed");
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> lines) {
    TupleTag<T> parsedTag = parsedTag();
    return DeadLetters.parDo(
        lines,
        new ParseFn<>(type(), failOnUnknownProperties(), cleaner(), parsedTag),
        parsedTag,
        Coders.of(lines.getPipeline(), type()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("type", type()))
        .add(DisplayData.item("failOnUnknownProperties", failOnUnknownProperties()))
        .add(DisplayData.item("cleaning", cleaner() != null));
  }

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setType(Class<T> type);

    abstract Builder<T> setFailOnUnknownProperties(boolean fail);

    abstract Builder<T> setCleaner(Cleaner<T> cleaner);

    abstract ParseJson<T> build();
  }

  private static final class ParseFn<T> extends DoFn<SourceRecord, T> {
    private final Class<T> type;
    private final boolean failOnUnknownProperties;
    private final @Nullable Cleaner<T> cleaner;
    private final TupleTag<T> parsedTag;
    private transient ObjectMapper mapper;

    ParseFn(
        Class<T> type,
        boolean failOnUnknownProperties,
        @Nullable Cleaner<T> cleaner,
        TupleTag<T> parsedTag) {
      this.type = type;
      this.failOnUnknownProperties = failOnUnknownProperties;
      this.cleaner = cleaner;
      this.parsedTag = parsedTag;
    }

    @Setup
    public void setup() {
      mapper =
          new ObjectMapper()
              .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknownProperties)
              .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
              // Dirty feeds send null for numbers and 1.7 for counts: reject, never coerce to 0 or
              // 1.
              .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
              .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
    }

    @ProcessElement
    public void process(@Element SourceRecord line, MultiOutputReceiver out) {
      try {
        T value = mapper.readValue(line.getText(), type);
        if (value == null) {
          out.get(DeadLetters.TAG).output(DeadLetter.of(line, Steps.PARSE, "empty JSON document"));
          return;
        }
        if (cleaner != null) {
          value = cleaner.cleanOrReject(value, line, out.get(DeadLetters.TAG)::output);
        }
        if (value != null) {
          out.get(parsedTag).output(value);
        }
      } catch (JsonProcessingException e) {
        out.get(DeadLetters.TAG).output(DeadLetter.of(line, Steps.PARSE, e.getOriginalMessage()));
      }
    }
  }
}
