package dev.tributary.transforms.parse;

import static java.util.Objects.requireNonNull;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.SourceLine;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
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
 * Parses CSV lines into typed records. Each line is split by {@link CsvParser}, its columns found
 * by name in the header of the file it came from (or by position for header-less payloads), and
 * handed to a {@link CsvRecordMapper}. Lines that cannot be split or mapped go to {@link
 * DeadLetters#TAG} with the reason; nothing is dropped and nothing throws.
 *
 * <pre>{@code
 * ParseCsv<Trip> parse = ParseCsv.of(Trip.class, Trip.COLUMNS, Trip::fromCsv);
 * PCollectionTuple result = lines.apply("ParseTrips", parse);
 * result.get(parse.parsedTag());       // KV<SourceLine, Trip>
 * result.get(DeadLetters.TAG);         // DeadLetter
 * }</pre>
 */
public final class ParseCsv<T> extends PTransform<PCollection<SourceLine>, PCollectionTuple> {
  public static final String STEP = "parse";

  private final Class<T> type;
  private final List<String> columns;
  private final CsvRecordMapper<T> mapper;
  private final CsvParser parser;
  private final TupleTag<KV<SourceLine, T>> parsedTag = new TupleTag<KV<SourceLine, T>>() {};

  private ParseCsv(Class<T> type, List<String> columns, CsvRecordMapper<T> mapper, CsvParser parser) {
    this.type = type;
    this.columns = columns;
    this.mapper = mapper;
    this.parser = parser;
  }

  /** Parses lines with the comma delimiter into {@code type} using {@code mapper}. */
  public static <T> ParseCsv<T> of(Class<T> type, List<String> columns, CsvRecordMapper<T> mapper) {
    requireNonNull(type, "type");
    requireNonNull(mapper, "mapper");
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("columns must name at least one expected column");
    }
    return new ParseCsv<>(type, List.copyOf(columns), mapper, CsvParser.comma());
  }

  public ParseCsv<T> withParser(CsvParser parser) {
    return new ParseCsv<>(type, columns, mapper, requireNonNull(parser, "parser"));
  }

  /** The tag of the parsed records, each with the line it came from. */
  public TupleTag<KV<SourceLine, T>> parsedTag() {
    return parsedTag;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceLine> lines) {
    PCollectionTuple result =
        lines.apply(
            ParDo.of(new ParseFn<>(columns, mapper, parser, parsedTag))
                .withOutputTags(parsedTag, TupleTagList.of(DeadLetters.TAG)));
    result.get(parsedTag).setCoder(KvCoder.of(lines.getCoder(), Coders.of(lines.getPipeline(), type)));
    return result;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("type", type)).add(DisplayData.item("columns", columns.toString()));
  }

  private static final class ParseFn<T> extends DoFn<SourceLine, KV<SourceLine, T>> {
    private final Counter parsedCounter = Metrics.counter(ParseCsv.class, "parsed");
    private final Counter rejectedCounter = Metrics.counter(ParseCsv.class, "rejected");
    private final List<String> columns;
    private final CsvRecordMapper<T> mapper;
    private final CsvParser parser;
    private final TupleTag<KV<SourceLine, T>> parsedTag;
    private transient CsvHeader header;
    private transient CsvHeader positional;
    // Counted per bundle: the FlinkRunner pays for every metric update (../shared/notes/stack.md).
    private transient long parsed;
    private transient long rejected;

    ParseFn(
        List<String> columns,
        CsvRecordMapper<T> mapper,
        CsvParser parser,
        TupleTag<KV<SourceLine, T>> parsedTag) {
      this.columns = columns;
      this.mapper = mapper;
      this.parser = parser;
      this.parsedTag = parsedTag;
    }

    @StartBundle
    public void startBundle() {
      parsed = 0;
      rejected = 0;
    }

    @ProcessElement
    public void process(@Element SourceLine line, MultiOutputReceiver out) {
      try {
        List<String> fields = parser.split(line.getText());
        CsvHeader columnsOfLine = headerOf(line);
        if (fields.size() < columnsOfLine.minFields()) {
          throw new RecordException(
              "expected at least " + columnsOfLine.minFields() + " fields, found " + fields.size());
        }
        T value = mapper.map(new CsvRecord(columns, fields, columnsOfLine));
        out.get(parsedTag).output(KV.of(line, value));
        parsed++;
      } catch (RecordException e) {
        reject(line, e.getMessage(), out);
      } catch (RuntimeException e) {
        // A mapper bug must not sink the run either; the record says what blew up.
        reject(line, "unexpected " + e, out);
      }
    }

    private CsvHeader headerOf(SourceLine line) throws RecordException {
      String headerLine = line.getHeader();
      if (headerLine == null) {
        if (positional == null) {
          positional = CsvHeader.positional(columns.size());
        }
        return positional;
      }
      if (header == null || !header.isFor(headerLine)) {
        header = CsvHeader.resolve(parser, headerLine, columns);
      }
      return header;
    }

    private void reject(SourceLine line, String reason, MultiOutputReceiver out) {
      out.get(DeadLetters.TAG).output(DeadLetter.of(line, STEP, reason));
      rejected++;
    }

    @FinishBundle
    public void finishBundle() {
      parsedCounter.inc(parsed);
      rejectedCounter.inc(rejected);
    }
  }
}
