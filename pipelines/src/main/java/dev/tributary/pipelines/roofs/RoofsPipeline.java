package dev.tributary.pipelines.roofs;

import dev.tributary.io.files.InputFiles;
import dev.tributary.io.files.ReadJsonDocuments;
import dev.tributary.io.files.ResolveLineNumbers;
import dev.tributary.io.kafka.EventTime;
import dev.tributary.io.kafka.KafkaLines;
import dev.tributary.io.postgres.DeadLetterSink;
import dev.tributary.io.postgres.ExportCsv;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.status.IngestionRuns;
import dev.tributary.pipelines.KafkaSource;
import dev.tributary.pipelines.Launcher;
import dev.tributary.pipelines.RunningJob;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.JsonCoder;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import dev.tributary.transforms.version.Scd2;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Instant;

/**
 * Loads roof-geometry models into a versioned model in PostgreSQL and exports it for three
 * consumers: read the documents (files or a Kafka topic), parse and clean them ({@link
 * RoofModelReader}), version them per installation ({@link Scd2}: a later {@code dateCreated} is a
 * new version; a re-delivered one changes nothing), merge the new versions ({@link RoofsSink}),
 * send every rejected model, building or plane to rejected_records, then write the export views as
 * CSV files to {@code --outputDir}.
 *
 * <p>Run: {@code scripts/run.sh roofs [--input=FILE|GLOB] [--outputDir=DIR] [--source=kafka]}.
 */
public final class RoofsPipeline {
  static final String NAME = "roofs";

  private RoofsPipeline() {}

  public static void main(String[] args) {
    Launcher.exit(
        () -> {
          PipelineOptionsFactory.register(RoofsOptions.class);
          RoofsOptions options =
              PipelineOptionsFactory.fromArgs(args).withValidation().as(RoofsOptions.class);
          CountDownLatch recorded = new CountDownLatch(1);
          try {
            RoofsSummary summary = run(options, RunningJob.stopOnExit(recorded));
            summary.print(System.out);
            return summary.isComplete() ? 0 : 1;
          } finally {
            recorded.countDown();
          }
        });
  }

  static RoofsSummary run(RoofsOptions options) {
    return run(options, job -> {});
  }

  /**
   * Checks the input, records the run, runs the pipeline to its end, records the outcome. {@code
   * started} gets the job once it runs (a stream ends when someone stops it).
   */
  static RoofsSummary run(RoofsOptions options, Consumer<RunningJob> started) {
    String input = checkInput(options);
    String jdbcUrl = options.getJdbcUrl();
    Migrations.migrate(jdbcUrl);
    long runId = IngestionRuns.start(jdbcUrl, NAME, input, 0);
    try {
      RunningJob job = new RunningJob(build(options, runId).run());
      started.accept(job);
      job.await();
      boolean streaming = options.as(StreamingOptions.class).isStreaming();
      RoofsSummary summary =
          RoofsSummary.of(job, jdbcUrl, runId, streaming ? null : exportDir(options));
      IngestionRuns.finish(jdbcUrl, runId, summary.models().read());
      return summary;
    } catch (RuntimeException e) {
      IngestionRuns.fail(
          jdbcUrl, runId, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      throw e;
    }
  }

  /** The whole job: documents in; the model, the dead letters and (from files) the exports out. */
  static Pipeline build(RoofsOptions options, long runId) {
    Pipeline pipeline = Pipeline.create(options);
    String jdbcUrl = options.getJdbcUrl();
    PCollection<SourceRecord> documents;
    PCollection<DeadLetter> unreadable;
    if (options.getSource() == RoofsOptions.Source.kafka) {
      documents =
          pipeline.apply(
              "ReadRoofsKafka",
              KafkaLines.read(options, options.getTopic())
                  .withEventTime(EventTime.jsonField("dateCreated")));
      unreadable = null;
    } else {
      ReadJsonDocuments read = ReadJsonDocuments.from(options.getInput());
      PCollectionTuple files = pipeline.apply("ReadRoofFiles", read);
      documents = files.get(read.documentsTag());
      unreadable =
          files.get(DeadLetters.TAG).apply("CountUnreadable", ParDo.of(new CountUnreadableFn()));
    }

    PCollectionTuple parsed = documents.apply("ParseAndCleanRoofs", new ParseRoofs());
    Scd2<Long, RoofModel> versioning =
        Scd2.<Long, RoofModel>byVersionTime(model -> new Instant(model.validFromMillis()))
            .withContent(RoofModel::withoutProvenance);
    PCollectionTuple versions = parsed.get(ParseRoofs.MODELS).apply("VersionRoofs", versioning);
    PCollection<Void> written =
        versions
            .get(versioning.changesTag())
            .apply("NewVersions", ParDo.of(new NewVersionsFn()))
            .setCoder(JsonCoder.of(RoofModel.class))
            .apply("WriteRoofs", RoofsSink.write(jdbcUrl, runId));
    PCollection<DeadLetter> redundant =
        versions
            .get(versioning.redundantTag())
            .apply("RejectRedundant", ParDo.of(new RejectRedundantFn()))
            .setCoder(parsed.get(DeadLetters.TAG).getCoder());

    PCollectionList<DeadLetter> letters =
        PCollectionList.of(parsed.get(DeadLetters.TAG)).and(redundant);
    if (unreadable != null) {
      letters = letters.and(unreadable);
    }
    PCollection<DeadLetter> all = letters.apply("AllDeadLetters", Flatten.pCollections());
    if (unreadable != null) {
      // Files have line numbers to find; a topic's records have offsets only.
      all = all.apply("ResolveLineNumbers", ResolveLineNumbers.create());
    }
    PCollection<Void> rejected =
        all.apply("WriteDeadLetters", DeadLetterSink.of(jdbcUrl, NAME, runId));
    if (!options.as(StreamingOptions.class).isStreaming()) {
      PCollectionList.of(written)
          .and(rejected)
          .apply("AllWrites", Flatten.pCollections())
          .apply("ExportViews", ExportCsv.of(jdbcUrl, exportDir(options), RoofsSink.EXPORTS));
    }
    return pipeline;
  }

  /** Fails with one line on a bad input; for a topic, also puts the options in stream mode. */
  private static String checkInput(RoofsOptions options) {
    if (options.getSource() == RoofsOptions.Source.kafka) {
      // A bounded read (--maxRecords) runs as a batch, so it writes the exports too.
      return KafkaSource.check(options, options.getTopic(), options.getMaxRecords() == 0);
    }
    FileSystems.setDefaultPipelineOptions(options);
    InputFiles.match(options.getInput());
    return options.getInput();
  }

  private static String exportDir(RoofsOptions options) {
    String dir = options.getOutputDir();
    return dir.endsWith("/") ? dir : dir + "/";
  }

  /** The models that are new versions, for the sink; validity changes are the merge's to make. */
  static final class NewVersionsFn extends DoFn<Scd2.Change<Long, RoofModel>, RoofModel> {
    @ProcessElement
    public void process(
        @Element Scd2.Change<Long, RoofModel> change, OutputReceiver<RoofModel> out) {
      RoofModel model = change.getValue();
      if (model != null) {
        RoofCounts.write(model);
        out.output(model);
      }
    }
  }

  /** A duplicate or conflicting version: rejected as a whole, step {@code version}. */
  static final class RejectRedundantFn extends DoFn<KV<RoofModel, String>, DeadLetter> {
    @ProcessElement
    public void process(@Element KV<RoofModel, String> redundant, OutputReceiver<DeadLetter> out) {
      RoofModel model = redundant.getKey();
      RoofCounts.rejectModel(model);
      out.output(
          DeadLetter.of(
                  Location.of(model.source(), model.offset()),
                  0,
                  Steps.VERSION,
                  redundant.getValue(),
                  JsonCoder.toJson(model))
              .withPath("$"));
    }
  }

  /** A file that is not JSON: one model read and rejected (its parts cannot be counted). */
  static final class CountUnreadableFn extends DoFn<DeadLetter, DeadLetter> {
    @ProcessElement
    public void process(@Element DeadLetter letter, OutputReceiver<DeadLetter> out) {
      RoofCounts.MODELS.read.inc();
      RoofCounts.MODELS.rejected.inc();
      out.output(letter);
    }
  }
}
