package dev.tributary.transforms.parse;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Clean.Cleaner;
import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses CSV lines into typed records. Each line is split by {@link CsvParser}, its columns found
 * by name in the header of the file it came from (or by position for header-less payloads), and
 * handed to a {@link CsvRecordMapper}; with {@link #withCleaning} the record is then cleaned in the
 * same step. Lines that cannot be split, mapped or cleaned go to {@link DeadLetters#TAG} with the
 * raw line, its location and the reason; nothing is dropped and nothing throws.
 *
 * <pre>{@code
 * ParseCsv<Trip> parse = ParseCsv.of(Trip.class, Trip.COLUMNS, Trip::fromCsv).withCleaning(clean);
 * PCollectionTuple result = lines.apply("ParseTrips", parse);
 * result.get(parse.parsedTag());       // Trip
 * result.get(DeadLetters.TAG);         // DeadLetter
 * }</pre>
 */
@AutoValue
public abstract class ParseCsv<T> extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  private static final CsvParser DEFAULT_PARSER = CsvParser.comma();

  abstract Class<T> type();

  abstract List<String> columns();

  abstract CsvRecordMapper<T> mapper();

  abstract CsvParser parser();

  abstract @Nullable Cleaner<T> cleaner();

  abstract Builder<T> toBuilder();

  /** Parses lines with the comma delimiter into {@code type} using {@code mapper}. */
  public static <T> ParseCsv<T> of(Class<T> type, List<String> columns, CsvRecordMapper<T> mapper) {
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("columns must name at least one expected column");
    }
    return new AutoValue_ParseCsv.Builder<T>()
        .setType(requireNonNull(type, "type"))
        .setColumns(List.copyOf(columns))
        .setMapper(requireNonNull(mapper, "mapper"))
        .setParser(DEFAULT_PARSER)
        .build();
  }

  public ParseCsv<T> withParser(CsvParser parser) {
    return toBuilder().setParser(requireNonNull(parser, "parser")).build();
  }

  /** Cleans each parsed record in the same step; its rejections keep the input line. */
  public ParseCsv<T> withCleaning(Clean<T> clean) {
    return toBuilder().setCleaner(requireNonNull(clean, "clean").cleaner()).build();
  }

  /**
   * The tag of the parsed (and cleaned) records. A fixed id: every {@code ParseCsv}, before and
   * after any {@code withX}, has an equal tag.
   */
  public TupleTag<T> parsedTag() {
    return new TupleTag<>("parsed");
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> lines) {
    TupleTag<T> parsedTag = parsedTag();
    return DeadLetters.parDo(
        lines,
        new ParseFn<>(lineParser(), parsedTag),
        parsedTag,
        Coders.of(lines.getPipeline(), type()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("type", type()))
        .add(DisplayData.item("columns", columns().toString()))
        .add(DisplayData.item("cleaning", cleaner() != null));
  }

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setType(Class<T> type);

    abstract Builder<T> setColumns(List<String> columns);

    abstract Builder<T> setMapper(CsvRecordMapper<T> mapper);

    abstract Builder<T> setParser(CsvParser parser);

    abstract Builder<T> setCleaner(Cleaner<T> cleaner);

    abstract ParseCsv<T> build();
  }

  /**
   * The step's logic for one line, for a DoFn that has to parse in the same task as what it does
   * next: on the FlinkRunner's batch translation a step with two outputs (records and dead letters)
   * never shares a task with its consumers, so every record is serialized to reach them. The trips
   * bulk load parses in its COPY writer through this (10M trips: 8.6 of 48 JVM CPU-seconds saved).
   */
  public LineParser<T> lineParser() {
    return new LineParser<>(columns(), mapper(), parser(), cleaner());
  }

  /** Parses (and cleans) one line at a time; not thread-safe, one per DoFn instance. */
  public static final class LineParser<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> columns;
    private final CsvRecordMapper<T> mapper;
    private final CsvParser parser;
    private final @Nullable Cleaner<T> cleaner;
    private transient CsvHeader header;
    private transient CsvHeader positional;

    private LineParser(
        List<String> columns,
        CsvRecordMapper<T> mapper,
        CsvParser parser,
        @Nullable Cleaner<T> cleaner) {
      this.columns = columns;
      this.mapper = mapper;
      this.parser = parser;
      this.cleaner = cleaner;
    }

    /** The line's record; or null, after handing its dead letter to {@code rejected}. */
    public @Nullable T parse(SourceRecord line, Consumer<DeadLetter> rejected) {
      try {
        List<String> fields = parser.split(line.getText());
        CsvHeader columnsOfLine = headerOf(line);
        if (fields.size() < columnsOfLine.minFields()) {
          throw new RecordException(
              "expected at least " + columnsOfLine.minFields() + " fields, found " + fields.size());
        }
        T value = mapper.map(new CsvRecord(columns, fields, columnsOfLine, line.id()));
        return cleaner == null ? value : cleaner.cleanOrReject(value, line, rejected);
      } catch (RecordException e) {
        rejected.accept(DeadLetter.of(line, Steps.PARSE, e.getMessage()));
      } catch (RuntimeException e) {
        // A mapper bug must not sink the run either; the record says what blew up.
        rejected.accept(DeadLetter.of(line, Steps.PARSE, "unexpected " + e));
      }
      return null;
    }

    private CsvHeader headerOf(SourceRecord line) throws RecordException {
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
  }

  private static final class ParseFn<T> extends DoFn<SourceRecord, T> {
    private final Counter parsedCounter = Metrics.counter(ParseCsv.class, "parsed");
    private final Counter rejectedCounter = Metrics.counter(ParseCsv.class, "rejected");
    private final LineParser<T> lines;
    private final TupleTag<T> parsedTag;
    // Counted per bundle: the FlinkRunner pays for every metric update (../shared/notes/stack.md).
    private transient long parsed;
    private transient long rejected;

    ParseFn(LineParser<T> lines, TupleTag<T> parsedTag) {
      this.lines = lines;
      this.parsedTag = parsedTag;
    }

    @StartBundle
    public void startBundle() {
      parsed = 0;
      rejected = 0;
    }

    @ProcessElement
    public void process(@Element SourceRecord line, MultiOutputReceiver out) {
      T value = lines.parse(line, out.get(DeadLetters.TAG)::output);
      if (value == null) {
        rejected++;
      } else {
        out.get(parsedTag).output(value);
        parsed++;
      }
    }

    @FinishBundle
    public void finishBundle() {
      parsedCounter.inc(parsed);
      rejectedCounter.inc(rejected);
    }
  }
}
