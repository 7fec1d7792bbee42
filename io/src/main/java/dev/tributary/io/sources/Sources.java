package dev.tributary.io.sources;

import dev.tributary.io.UsageException;
import dev.tributary.io.files.CsvInputs;
import dev.tributary.io.files.InputFiles;
import dev.tributary.io.files.ReadJsonDocuments;
import dev.tributary.io.files.ReadLines;
import dev.tributary.io.files.ResolveLineNumbers;
import dev.tributary.io.http.FetchResponses;
import dev.tributary.io.http.HttpOptions;
import dev.tributary.io.http.HttpRequests;
import dev.tributary.io.http.HttpSource;
import dev.tributary.io.http.Urls;
import dev.tributary.io.kafka.KafkaLines;
import dev.tributary.io.kafka.KafkaTopics;
import dev.tributary.io.postgres.ReadStaged;
import dev.tributary.io.postgres.StagedQuery;
import dev.tributary.io.runs.CountRecords;
import dev.tributary.io.runs.Ledger;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one way pipelines read: an {@link Input} from the source {@link SourceOptions} name, checked
 * before the run ({@link #check}) and read as records with the source's own dead letters ({@link
 * #read}), so no pipeline branches on where its records come from.
 */
public final class Sources {
  private Sources() {}

  /** An input that passed its check: what users see as its name, how many records to expect. */
  public record Checked(String name, long estimatedRecords, boolean unbounded) {}

  /**
   * Checks the input before anything is written, each problem one {@link UsageException} line: the
   * files match (and a CSV header has the columns), the broker answers and has the topic, or the
   * API answers its probe URL. A topic is unbounded unless {@code --maxRecords} bounds the read; an
   * API is unbounded in a stream ({@code --streaming}), where its schedules go on ticking.
   */
  public static Checked check(SourceOptions options, Input input) {
    return switch (source(options, input)) {
      case file -> {
        String files = required(input.files(), input.filesOption(), input);
        FileSystems.setDefaultPipelineOptions(options); // so the check sees gs:// and friends too
        if (input.watched() != null) {
          yield new Checked(InputFiles.watchable(files), 0, true);
        }
        long estimated =
            input.isCsv()
                ? CsvInputs.check(files, input.filesOption(), input.columns(), input.header())
                    .estimatedRows()
                : 0;
        if (!input.isCsv()) {
          InputFiles.match(files, input.filesOption());
        }
        yield new Checked(files, estimated, false);
      }
      case kafka -> {
        String topic = required(input.topic(), "--topic", input);
        if (options.getMaxRecords() < 0) {
          throw new UsageException(
              "--maxRecords must be 0 (read until stopped) or positive, was "
                  + options.getMaxRecords());
        }
        KafkaTopics.check(options.getBootstrapServers(), topic);
        yield new Checked(
            "kafka://" + options.getBootstrapServers() + "/" + topic,
            options.getMaxRecords(),
            options.getMaxRecords() == 0);
      }
      case http -> {
        HttpRequests requests = input.requests();
        if (requests == null) {
          throw new UsageException(
              input.name() + " is not read from an API; pass --source=file or --source=kafka");
        }
        HttpSource.probe(requests.probeUrl());
        yield new Checked(
            Urls.mask(requests.probeUrl()),
            requests.backfill().size(),
            options.as(StreamingOptions.class).isStreaming());
      }
      case staged -> {
        StagedQuery staged = input.staged();
        if (staged == null) {
          throw new UsageException(
              input.name() + " keeps no staged records; pass --source=file or --source=kafka");
        }
        long count = ReadStaged.count(staged);
        if (count == 0) {
          throw new UsageException(
              "no staged records of "
                  + input.name()
                  + " match: load them from the source first (without --source=staged)");
        }
        yield new Checked("staged " + input.name(), count, false);
      }
    };
  }

  /**
   * Reads the input as records, counted as read into the run's {@code ledger} where they come out
   * of the source (before anything regroups them, so a runner's retry meets the same chunks), plus
   * what the source itself could not read (counted as read too: a record read and rejected), and
   * how to locate dead letters. The requests of an API that failed (a 404, retries exhausted) are
   * that source's dead letters; there are no line numbers to add to them.
   */
  public static SourceRead read(
      Pipeline pipeline, SourceOptions options, Input input, Ledger ledger) {
    PCollection<SourceRecord> records;
    PCollection<DeadLetter> unreadable =
        pipeline.apply(
            "No" + input.name() + "SourceErrors",
            Create.empty(Coders.of(pipeline, DeadLetter.class)));
    PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> locate = null;
    switch (source(options, input)) {
      case file -> {
        locate =
            input.watched() == null
                ? ResolveLineNumbers.create()
                : ResolveLineNumbers.eachByIndex();
        if (input.isCsv()) {
          Input.Watched watched = input.watched();
          ReadLines read =
              watched == null
                  ? headed(ReadLines.from(input.files()), input)
                  : headed(ReadLines.from(InputFiles.watchable(input.files())), input)
                      .watching(watched.every(), watched.select());
          records = pipeline.apply("Read" + input.name() + "Csv", read);
        } else {
          ReadJsonDocuments read = ReadJsonDocuments.from(input.files());
          PCollectionTuple documents = pipeline.apply("Read" + input.name() + "Json", read);
          records = documents.get(read.documentsTag());
          unreadable = documents.get(DeadLetters.TAG);
        }
      }
      case kafka ->
          records =
              pipeline.apply(
                  "Read" + input.name() + "Kafka",
                  KafkaLines.read(options, input.topic()).withEventTime(input.eventTime()));
      case http -> {
        PCollectionTuple fetched =
            pipeline.apply(
                "Read" + input.name() + "Http",
                HttpSource.read(
                    required(input.requests(), "HTTP requests", input),
                    options.as(HttpOptions.class)));
        records = fetched.get(FetchResponses.RESPONSES);
        unreadable = fetched.get(DeadLetters.TAG); // requests that failed: read, and rejected
      }
      case staged ->
          records =
              pipeline.apply(
                  "Read" + input.name() + "Staged",
                  ReadStaged.of(required(input.staged(), "staged records", input)));
      default -> throw new IllegalStateException("unknown source " + source(options, input));
    }
    records =
        records.apply(
            "CountRead", CountRecords.of(ledger.<SourceRecord>read("source", SourceRecord::id)));
    if (!input.isCsv()) {
      // Documents are few and large: spread them so that a few big files still parse in parallel.
      records = records.apply("Redistribute", Reshuffle.viaRandomKey());
    }
    unreadable =
        unreadable.apply(
            "CountUnreadable",
            CountRecords.of(ledger.<DeadLetter>read("unreadable", DeadLetter::id)));
    return new SourceRead(records, unreadable, locate);
  }

  /**
   * The source {@code --source} names, else the input's own: its files, else its API, else its
   * topic.
   */
  public static SourceOptions.Source source(SourceOptions options, Input input) {
    if (options.getSource() != null) {
      return options.getSource();
    }
    if (input.files() != null) {
      return SourceOptions.Source.file;
    }
    return input.requests() != null ? SourceOptions.Source.http : SourceOptions.Source.kafka;
  }

  private static <T> T required(@Nullable T value, String option, Input input) {
    if (value == null) {
      throw new IllegalStateException(input.name() + " names no " + option + " to read");
    }
    return value;
  }

  private static ReadLines headed(ReadLines read, Input input) {
    return input.header() ? read.withHeader() : read;
  }
}
