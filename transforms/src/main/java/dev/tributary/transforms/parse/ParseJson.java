package dev.tributary.transforms.parse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceLine;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Parses JSON documents (one per {@link SourceLine}) into {@code type} with Jackson. Malformed JSON
 * or a document that does not bind goes to {@link DeadLetters#TAG} with Jackson's reason.
 */
public final class ParseJson<T> extends PTransform<PCollection<SourceLine>, PCollectionTuple> {
  public static final String STEP = "parse";

  private final Class<T> type;
  private final boolean failOnUnknownProperties;
  private final TupleTag<KV<SourceLine, T>> parsedTag = new TupleTag<KV<SourceLine, T>>() {};

  private ParseJson(Class<T> type, boolean failOnUnknownProperties) {
    this.type = type;
    this.failOnUnknownProperties = failOnUnknownProperties;
  }

  /** Binds documents to {@code type}, ignoring properties it does not declare. */
  public static <T> ParseJson<T> of(Class<T> type) {
    return new ParseJson<>(requireNonNull(type, "type"), false);
  }

  /** Rejects documents with properties that {@code type} does not declare (catches misspellings). */
  public ParseJson<T> withStrictProperties() {
    return new ParseJson<>(type, true);
  }

  public TupleTag<KV<SourceLine, T>> parsedTag() {
    return parsedTag;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceLine> lines) {
    PCollectionTuple result =
        lines.apply(
            ParDo.of(new ParseFn<>(type, failOnUnknownProperties, parsedTag))
                .withOutputTags(parsedTag, TupleTagList.of(DeadLetters.TAG)));
    result.get(parsedTag).setCoder(KvCoder.of(lines.getCoder(), Coders.of(lines.getPipeline(), type)));
    return result;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("type", type))
        .add(DisplayData.item("failOnUnknownProperties", failOnUnknownProperties));
  }

  private static final class ParseFn<T> extends DoFn<SourceLine, KV<SourceLine, T>> {
    private final Class<T> type;
    private final boolean failOnUnknownProperties;
    private final TupleTag<KV<SourceLine, T>> parsedTag;
    private transient ObjectMapper mapper;

    ParseFn(Class<T> type, boolean failOnUnknownProperties, TupleTag<KV<SourceLine, T>> parsedTag) {
      this.type = type;
      this.failOnUnknownProperties = failOnUnknownProperties;
      this.parsedTag = parsedTag;
    }

    @Setup
    public void setup() {
      mapper =
          new ObjectMapper()
              .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknownProperties)
              .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    }

    @ProcessElement
    public void process(@Element SourceLine line, MultiOutputReceiver out) {
      try {
        T value = mapper.readValue(line.getText(), type);
        if (value == null) {
          out.get(DeadLetters.TAG).output(DeadLetter.of(line, STEP, "empty JSON document"));
        } else {
          out.get(parsedTag).output(KV.of(line, value));
        }
      } catch (JsonProcessingException e) {
        out.get(DeadLetters.TAG).output(DeadLetter.of(line, STEP, e.getOriginalMessage()));
      }
    }
  }
}
