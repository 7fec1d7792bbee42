package dev.tributary.pipelines.roofs;

import dev.tributary.io.kafka.EventTime;
import dev.tributary.io.postgres.ExportCsv;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.DeadLetters;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Loads roof-geometry models into a versioned model in PostgreSQL and exports it for three
 * consumers: read the documents (files or a Kafka topic), parse and clean them ({@link
 * RoofModelReader}), version them per installation ({@link VersionRoofs}), merge the new versions
 * ({@link RoofsSink}), and once everything is stored write the export views as CSV files to {@code
 * --outputDir}.
 *
 * <p>Run: {@code scripts/run.sh roofs [--input=FILE|GLOB] [--outputDir=DIR] [--source=kafka]}.
 */
public final class RoofsPipeline implements Job<RoofsOptions> {
  public static void main(String[] args) {
    JobRunner.main(new RoofsPipeline(), args);
  }

  @Override
  public String name() {
    return "roofs";
  }

  @Override
  public String description() {
    return "Roof-geometry models (JSON files or a Kafka topic) to a versioned model in PostgreSQL,"
        + " and CSV exports for analysts, data scientists and the tiling API.";
  }

  @Override
  public Class<RoofsOptions> optionsClass() {
    return RoofsOptions.class;
  }

  @Override
  public List<String> levels() {
    return RoofModel.LEVELS;
  }

  @Override
  public Sources.Checked check(RoofsOptions options) {
    return Sources.check(options, input(options));
  }

  private static Input input(RoofsOptions options) {
    return Input.json("Roofs")
        .files(options.getInput())
        .topic(options.getTopic(), EventTime.jsonField("dateCreated"));
  }

  @Override
  public void build(Pipeline pipeline, RoofsOptions options, JobContext context) {
    PCollectionTuple parsed =
        context.read(input(options)).apply("ParseAndCleanRoofs", new ParseRoofs());
    context.reject(parsed.get(DeadLetters.TAG));
    context.count(
        "CountPartsRead",
        parsed.get(ParseRoofs.PARTS_READ),
        context
            .ledger()
            .<KV<Long, java.util.Map<String, Long>>>read("parts", KV::getKey)
            .withParts(KV::getValue));

    PCollectionTuple versions =
        parsed.get(ParseRoofs.MODELS).apply("VersionRoofs", new VersionRoofs());
    context.write(
        "WriteRoofs",
        versions.get(VersionRoofs.NEW_VERSIONS),
        RoofsSink.write(context.ledger(), options.getRowsPerTransaction()));
    context.reject(versions.get(DeadLetters.TAG));
    if (!streaming(options)) {
      context.afterWrites(
          "ExportViews", ExportCsv.of(options.getJdbcUrl(), exportDir(options), RoofsSink.EXPORTS));
    }
  }

  @Override
  public void report(RoofsOptions options, RunSummary summary, PrintStream out) {
    if (streaming(options)) {
      out.println("no exports from a stream: the views roofs.export_* are always current");
      return;
    }
    out.printf("exports in %s:%n", exportDir(options));
    RoofsSink.EXPORTS.forEach(e -> out.printf("  %s%s.csv%n", exportDir(options), e.name()));
  }

  private static boolean streaming(RoofsOptions options) {
    return options.as(StreamingOptions.class).isStreaming();
  }

  private static String exportDir(RoofsOptions options) {
    String dir = options.getOutputDir();
    return dir.endsWith("/") ? dir : dir + "/";
  }
}
