package dev.tributary.pipelines.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.files.ContentHash;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.pipelines.runtime.RunningJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The applications job on real PostgreSQL: the sample's split, re-drops, odd lines. */
class ApplicationsPipelineIT {
  static final Path SAMPLE =
      Path.of(System.getProperty("user.dir"))
          .resolveSibling("data/sample/applications/applications_dataset_1.csv");

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(true);
  @TempDir Path out;

  private ApplicationsOptions options(String input, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + input,
                "--outputDir=" + out,
                "--runDate=2026-12-05",
                "--jdbcUrl=" + db.jdbcUrl(),
                "--progress=false"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .as(ApplicationsOptions.class);
  }

  private RunSummary run(String input) {
    RunSummary summary = JobRunner.run(new ApplicationsPipeline(), options(input));
    assertTrue(summary.isComplete(), summary.toString());
    return summary;
  }

  private List<String> csv(String set, long run) throws Exception {
    return Files.readAllLines(out.resolve(set).resolve("applications_" + run + ".csv"));
  }

  @Test
  void theSampleSplitsInto225SuccessfulAnd1774Unsuccessful() throws Exception {
    RunSummary summary = run(SAMPLE.toString());
    assertEquals(1999, summary.read());
    assertEquals(1999, summary.written());
    assertEquals(
        List.of("t|225", "f|1774"),
        db.queryRows(
            "SELECT successful, count(*) FROM applications.applications GROUP BY 1 ORDER BY 1"
                + " DESC"));
    // Membership ids by hand: echo -n 19750827 | sha256sum → c7677..., 19600311 → 04168...
    assertEquals(
        List.of("22|Smith_c7677|Patty|", "31|Wang_04168|Sean|DDS"),
        db.queryRows(
            "SELECT line, membership_id, first_name, title FROM applications.applications"
                + " WHERE line IN (22, 31) ORDER BY line"));
    List<String> successful = csv("successful", summary.runId());
    assertEquals(226, successful.size());
    assertEquals(
        "membership_id,first_name,last_name,email,date_of_birth,mobile_no,above_18",
        successful.get(0));
    assertEquals(
        "Smith_c7677,Patty,Smith,Patty_Smith@ross.com,19750827,59428759,true", successful.get(1));
    List<String> unsuccessful = csv("unsuccessful", summary.runId());
    assertEquals(1775, unsuccessful.size());
    assertEquals(
        "Kristen Horn,,Kristen,Horn,Kristen_Horn@lin.com,19740910,737931,true,mobile_no '737931'"
            + " is not 8 digits",
        unsuccessful.get(2));
    assertEquals(
        List.of(Files.size(SAMPLE) > 0 ? "1999|225|1774" : ""),
        db.queryRows("SELECT rows_read, successful, unsuccessful FROM applications.files"));
  }

  @Test
  void aFileDroppedAgainOrCopiedUnderAnotherNameChangesNothing() throws Exception {
    run(SAMPLE.toString());
    List<String> before =
        db.queryRows("SELECT count(*), max(run_id) FROM applications.applications");
    Path copy = out.resolve("drop").resolve("renamed.csv");
    Files.createDirectories(copy.getParent());
    Files.copy(SAMPLE, copy);
    RunSummary again = run(SAMPLE.toString());
    RunSummary copied = run(copy.toString());
    assertEquals(0, again.read());
    assertEquals(0, copied.read());
    assertEquals(
        before, db.queryRows("SELECT count(*), max(run_id) FROM applications.applications"));
    assertEquals(1, db.queryLong("SELECT count(*) FROM applications.files"));
    assertTrue(
        Files.notExists(
            out.resolve("successful").resolve("applications_" + copied.runId() + ".csv")));
  }

  @Test
  void registeringSaysWhetherAFileWasRegisteredWaitsForLinesOrWasRegisteredBefore()
      throws Exception {
    String sha256 = ContentHash.sha256(SAMPLE.toString());
    DroppedFiles.Dropped sample = new DroppedFiles.Dropped(sha256, SAMPLE.toString());
    assertEquals(
        ApplicationsRun.Registration.LINES_PENDING,
        ApplicationsRun.register(db.jdbcUrl(), sample, 1),
        "no line stored yet");
    RunSummary summary = run(SAMPLE.toString());
    // What a watcher whose file a concurrent batch registered first is told: stop looking.
    assertEquals(
        ApplicationsRun.Registration.ALREADY,
        ApplicationsRun.register(db.jdbcUrl(), sample, summary.runId() + 1));
    assertEquals(
        List.of(sha256 + "|" + summary.runId()),
        db.queryRows("SELECT sha256, run_id FROM applications.files"));
  }

  @Test
  void watchingTheFolderJudgesEachNewFileOnceAsItIsDropped() throws Exception {
    Path drop = Files.createDirectories(out.resolve("drop"));
    run(SAMPLE.toString()); // processed before the watch: its copy is skipped
    AtomicReference<RunningJob> job = new AtomicReference<>();
    CompletableFuture<RunSummary> watch =
        CompletableFuture.supplyAsync(
            () ->
                JobRunner.run(
                    new ApplicationsPipeline(),
                    options(drop.toString(), "--watch=true", "--pollInterval=PT0.2S"),
                    job::set));
    // Dropped whole, as a mover would: written beside the folder, then moved in.
    Path small = out.resolve("hour-01.csv");
    Files.writeString(
        small,
        "name,email,date_of_birth,mobile_no\n"
            + "Ann Lee,ann@lee.com,1980-01-02,12345678\n"
            + "Bob Ray,bob@ray.org,1980-01-02,12345678\n",
        StandardCharsets.UTF_8);
    Files.move(small, drop.resolve("hour-01.csv"));
    Files.copy(SAMPLE, drop.resolve("hour-02.csv"));
    db.awaitCount("SELECT count(*) FROM applications.files", 2, watch);
    long runId = db.queryLong("SELECT max(run_id) FROM ops.ingestion_runs");
    Path successful = out.resolve("successful").resolve("applications_" + runId + "_hour-01.csv");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Files.notExists(successful) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    job.get().stop();
    RunSummary summary = watch.get(2, TimeUnit.MINUTES);

    assertEquals("stopped", summary.run().status());
    assertEquals(2, summary.read());
    assertEquals(summary.read(), summary.written());
    assertEquals(
        List.of("hour-01.csv|2|1|1"),
        db.queryRows(
            "SELECT regexp_replace(path, '.*/', ''), rows_read, successful, unsuccessful"
                + " FROM applications.files WHERE run_id = "
                + summary.runId()));
    assertEquals(
        List.of(
            "membership_id,first_name,last_name,email,date_of_birth,mobile_no,above_18",
            // echo -n 19800102 | sha256sum → d0d2d...
            "Lee_d0d2d,Ann,Lee,ann@lee.com,19800102,12345678,true"),
        Files.readAllLines(successful));
    assertEquals(
        2,
        Files.readAllLines(
                out.resolve("unsuccessful")
                    .resolve("applications_" + summary.runId() + "_hour-01.csv"))
            .size());
  }

  @Test
  void everyLineIsJudgedWithItsLineNumberAMalformedOneToo() throws Exception {
    Path drop = out.resolve("drop.csv");
    Files.writeString(
        drop,
        "mobile_no,name,date_of_birth,email\n" // columns by name, in any order
            + "12345678,Dr. Ann Lee MD,1980-01-02,ann@lee.com\n"
            + "\n"
            + "1234,\"Bob,02/30/1990,bob@x.org\n"
            + "123,Cy Young,2010-01-01,cy@young.biz\n",
        StandardCharsets.UTF_8);
    RunSummary summary = run(drop.toString());
    assertEquals(3, summary.read());
    List<String> rows =
        db.queryRows(
            "SELECT line, successful, title, reasons FROM applications.applications ORDER BY line");
    assertEquals("2|t|Dr. MD|", rows.get(0));
    assertTrue(rows.get(1).startsWith("4|f||not a CSV record: "), rows.get(1));
    assertEquals(
        "5|f||not above 18 on 2022-01-01: born 2010-01-01; mobile_no '123' is not 8 digits;"
            + " email 'cy@young.biz' is not at a .com or .net domain",
        rows.get(2));
  }
}
