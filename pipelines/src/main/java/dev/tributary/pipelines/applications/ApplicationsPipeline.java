package dev.tributary.pipelines.applications;

import dev.tributary.io.files.InputFiles;
import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.applications.DroppedFiles.Dropped;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.RecordIds;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;

/**
 * Membership applications dropped as CSV files into a folder (seed 004 §1): every line of every
 * file not processed before judged successful or unsuccessful ({@link ApplicationRules}, every rule
 * broken listed), stored with its file and line ({@code applications.applications}), and written as
 * the run's {@code successful/} and {@code unsuccessful/} CSV files for the engineers downstream. A
 * batch processes what is there: a scheduler runs it every hour. Every line read is written once,
 * successful or not: read = successful + unsuccessful.
 *
 * <p>Run: {@code scripts/run.sh applications [--input DIR|GLOB] [--outputDir DIR]}.
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
    return Sources.check(
        options, Input.csv("Applications", JudgeApplications.COLUMNS).files(options.getInput()));
  }

  /** The files picked before the run, by path; all of --input until then. */
  private static Input input(ApplicationsOptions options) {
    List<String> paths =
        options.getNewFiles().stream().map(f -> Dropped.ofOption(f).path()).toList();
    return Input.csv("Applications", JudgeApplications.COLUMNS).files(InputFiles.listed(paths));
  }

  @Override
  public void beforeRun(ApplicationsOptions options, Sources.Checked input, Ledger ledger) {
    run = ApplicationsRun.start(options, ledger, System.out);
  }

  @Override
  public void build(Pipeline pipeline, ApplicationsOptions options, JobContext context) {
    Map<String, String> sha256ByPath = new LinkedHashMap<>();
    options.getNewFiles().stream()
        .map(Dropped::ofOption)
        .forEach(f -> sha256ByPath.put(f.path(), f.sha256()));
    context.write(
        "WriteApplications",
        context
            .read(input(options))
            .apply(
                "JudgeApplications",
                new JudgeApplications(sha256ByPath, ApplicationsRun.today(options))),
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
