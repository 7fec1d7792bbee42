package dev.tributary.pipelines.applications;

import dev.tributary.io.files.InputFiles;
import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.applications.DroppedFiles.Dropped;
import dev.tributary.pipelines.runtime.IsoDurations;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.RecordIds;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Membership applications dropped as CSV files into a folder (seed 004 §1): every line of every
 * file not processed before judged successful or unsuccessful ({@link ApplicationRules}, every rule
 * broken listed), stored with its file and line ({@code applications.applications}), and written as
 * the run's {@code successful/} and {@code unsuccessful/} CSV files for the engineers downstream. A
 * batch processes what is there: a scheduler runs it every hour; {@code --watch} is the same graph
 * as a stream that watches the folder and judges each new file once, as it comes. Every line read
 * is written once, successful or not: read = successful + unsuccessful.
 *
 * <p>Run: {@code scripts/run.sh applications [--input DIR|GLOB] [--outputDir DIR] [--watch]}.
 */
public final class ApplicationsPipeline implements Job<ApplicationsOptions> {
  static final String LEVEL = "applications";

  private ApplicationsRun run;

  public static void main(String[] args) {
    JobRunner.main(new ApplicationsPipeline(), args);
  }

  @Override
  public String name() {
    return "applications";
  }

  @Override
  public String description() {
    return "Membership applications dropped as CSV files to validated successful and unsuccessful"
        + " sets with membership ids, in CSV files and PostgreSQL.";
  }

  @Override
  public Class<ApplicationsOptions> optionsClass() {
    return ApplicationsOptions.class;
  }

  @Override
  public List<String> levels() {
    return List.of(LEVEL);
  }

  @Override
  public Sources.Checked check(ApplicationsOptions options) {
    ApplicationsRun.today(options);
    return Sources.check(options, input(options, options.getInput(), ""));
  }

  /**
   * A batch reads {@code files}, the files it picked before it ran (all of --input until then);
   * --watch watches --input, picking new files as they come.
   */
  private static Input input(ApplicationsOptions options, String files, String jdbcUrl) {
    Input input = Input.csv("Applications", JudgeApplications.COLUMNS).files(files);
    return options.getWatch()
        ? input.watched(
            IsoDurations.positive(options.getPollInterval(), "--pollInterval"),
            new PickNewFiles(jdbcUrl))
        : input;
  }

  @Override
  public void beforeRun(ApplicationsOptions options, Sources.Checked input, Ledger ledger) {
    if (!options.getWatch()) {
      run = ApplicationsRun.start(options, ledger, System.out);
    }
  }

  @Override
  public void build(Pipeline pipeline, ApplicationsOptions options, JobContext context) {
    String jdbcUrl = context.ledger().jdbcUrl();
    String files =
        options.getWatch()
            ? options.getInput()
            : InputFiles.listed(
                options.getNewFiles().stream().map(f -> Dropped.ofOption(f).path()).toList());
    PCollectionTuple judged =
        context
            .read(input(options, files, jdbcUrl))
            .apply("JudgeApplications", new JudgeApplications(ApplicationsRun.today(options)));
    if (options.getWatch()) {
      judged
          .get(JudgeApplications.FILES)
          .apply(
              "RegisterFiles",
              new RegisterFiles(jdbcUrl, context.ledger().runId(), options.getOutputDir()));
    }
    context.write(
        "WriteApplications",
        judged.get(JudgeApplications.APPLICATIONS),
        UpsertSink.<Application>into(context.ledger().jdbcUrl(), "applications.applications")
            .withKeys("file_sha256", "line")
            .withColumn("above18", "above_18")
            .withValue("run_id", "?", context.ledger().runId())
            .withUncompared("run_id")
            .withCounting(
                context
                    .ledger()
                    .written("applications", a -> RecordIds.of(a.getFileSha256(), a.getLine()))));
  }

  @Override
  public void afterRun(ApplicationsOptions options, String jdbcUrl) {
    ApplicationsRun ended = run;
    run = null;
    if (ended != null) {
      ended.finish(options, jdbcUrl);
    }
  }

  @Override
  public void report(ApplicationsOptions options, RunSummary summary, PrintStream out) {
    ApplicationsRun.report(options, summary, out);
  }
}
