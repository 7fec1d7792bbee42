package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.kafka.KafkaBroker;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.Ledger;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trips pipeline as a job of a real Flink session cluster: started with scripts/flink.sh and
 * given the bundled jar with scripts/flink.sh submit, as the README tells users to.
 */
class TripsFlinkClusterIT {
  /** Failsafe runs in the pipelines module; the scripts run from the repository root. */
  private static final Path ROOT =
      Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);
  @TempDir static Path dir;

  /**
   * Whether this class started the cluster. flink.sh keeps one cluster per checkout (work/flink)
   * and its start reuses one already running, on that cluster's ports: a developer's cluster is
   * used as it is and left running.
   */
  private static boolean ownCluster;

  private static int restPort;

  private record Result(int code, String output) {}

  @BeforeAll
  static void startCluster() throws Exception {
    // Exit code 3: nothing runs. Set before start, so that a half-done start is stopped too.
    ownCluster = flink(Duration.ofSeconds(30), Map.of(), "status").code() == 3;
    int[] ports = freePorts();
    Result start =
        flink(
            Duration.ofMinutes(10), // the first start copies Flink's jars from Maven
            Map.of(
                "FLINK_REST_PORT", String.valueOf(ports[0]),
                "FLINK_RPC_PORT", String.valueOf(ports[1])),
            "start");
    assertEquals(0, start.code(), start.output());
    // The ports the running cluster was started with, whoever started it.
    String running = Files.readString(ROOT.resolve("work/flink/ports")).trim();
    restPort = Integer.parseInt(running.split("\\s+")[0]);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (ownCluster) {
      Result stop = flink(Duration.ofMinutes(2), Map.of(), "stop");
      assertEquals(0, stop.code(), stop.output());
    }
  }

  @Test
  void theWeeklyFixtureAsAClusterJobGivesTheHandCheckedAnswers() throws Exception {
    submitTrips(
        "trips-it-" + UUID.randomUUID(),
        "--input=" + TripsFixtures.copy("weekly.csv", dir),
        "--progress=false");

    // The client is gone with its summary: the run it recorded is the one to check.
    assertEquals(1, db.queryLong("SELECT count(*) FROM ops.ingestion_runs"));
    long runId = db.queryLong("SELECT run_id FROM ops.ingestion_runs");
    RunSummary run = RunSummary.load(new Ledger(db.jdbcUrl(), runId, "rows"), List.of("rows"));
    TripsFixtures.assertWeeklyFixtureLoaded(run, db);
  }

  /**
   * A stream job on the cluster: weekly.csv as Kafka records, read to the ninth (a stream job that
   * ends: a bounded read runs as a batch unless told to stream), gives the file job's tables.
   */
  @Test
  void aKafkaStreamAsAClusterJobGivesTheFileJobsTables() throws Exception {
    Path weekly = TripsFixtures.copy("weekly.csv", dir);
    List<String> records = TripsFixtures.records(weekly);
    kafka.produce("trips-cluster", records, TripsFixtures::region);
    submitTrips(
        "trips-stream-it-" + UUID.randomUUID(),
        "--source=kafka",
        "--bootstrapServers=" + kafka.bootstrapServers(),
        "--topic=trips-cluster",
        "--maxRecords=" + records.size(),
        "--streaming=true");

    try (TestDatabase batch = TestDatabase.create(false)) {
      TripsFixtures.run(weekly, batch.jdbcUrl());
      TripsFixtures.assertSameTables(batch, db);
    }
  }

  /**
   * Submits the trips pipeline as job {@code jobName} into the test database with scripts/flink.sh
   * and checks that the cluster ran it (not a MiniCluster inside the client) to the end.
   */
  private void submitTrips(String jobName, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "submit",
                bundledJar().toString(),
                TripsPipeline.class.getName(),
                "--jdbcUrl=" + db.jdbcUrl(),
                "--jobName=" + jobName));
    command.addAll(List.of(args));
    Result submit = flink(Duration.ofMinutes(3), Map.of(), command.toArray(String[]::new));
    assertEquals(0, submit.code(), submit.output());
    assertEquals(List.of("FINISHED"), clusterJobStates(jobName), submit.output());
  }

  /**
   * Runs scripts/flink.sh from the repository root with {@code env} added; fails the test if it
   * runs longer than {@code timeout}.
   */
  private static Result flink(Duration timeout, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/flink.sh").toString()));
    command.addAll(List.of(args));
    // A file, not a pipe: nobody has to drain it while we wait.
    Path log = Files.createTempFile(dir, "flink-" + args[0], ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      fail("scripts/flink.sh " + args[0] + " took over " + timeout + ":\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  /** Two TCP ports free on 127.0.0.1 now, so this cluster does not clash with another. */
  private static int[] freePorts() throws IOException {
    try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new int[] {a.getLocalPort(), b.getLocalPort()};
    }
  }

  /** The jar maven-shade builds in the package phase, which runs before failsafe. */
  private static Path bundledJar() throws IOException {
    Path target = ROOT.resolve("pipelines/target");
    try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
      // The newest: an older version's jar stays until mvn clean.
      return files
          .filter(f -> f.getFileName().toString().matches("tributary-pipelines-.*-bundled\\.jar"))
          .max(Comparator.comparingLong(f -> f.toFile().lastModified()))
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no tributary-pipelines-*-bundled.jar in " + target + "; run mvn package"));
    }
  }

  /** The states of the cluster's jobs named {@code jobName}, from its REST API. */
  private static List<String> clusterJobStates(String jobName) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + restPort + "/jobs/overview"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode jobs = new ObjectMapper().readTree(response.body()).path("jobs");
    return StreamSupport.stream(jobs.spliterator(), false)
        .filter(job -> job.path("name").asText().equals(jobName))
        .map(job -> job.path("state").asText())
        .toList();
  }
}
