package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** scripts/trips.sh's questions against a database loaded with the hand-checked fixture. */
class TripsCliIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(false);
  @TempDir static Path dir;

  @BeforeAll
  static void load() throws Exception {
    TripsFixtures.run(TripsFixtures.copy("weekly.csv", dir), db.jdbcUrl());
  }

  /** The exit code and the printed lines of one command. */
  private record Result(int code, List<String> lines) {
    String last() {
      return lines.get(lines.size() - 1);
    }
  }

  private static Result cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] withDb =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--jdbcUrl", db.jdbcUrl()))
            .toArray(String[]::new);
    int code =
        Launcher.run(
            () -> new TripsCli(new PrintStream(out, true, StandardCharsets.UTF_8)).run(withDb));
    return new Result(code, out.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void weeklyAverageOfARegionEndsWithTheAnswer() {
    Result r = cli("weekly-average", "--region", "prague");
    assertEquals(0, r.code());
    assertEquals("weekly_average=1.667", r.last());
    assertEquals(
        List.of("week        trips", "2018-05-07  3", "2018-05-14  1", "2018-05-21  1", "weeks=3"),
        r.lines().subList(0, 5));
  }

  @Test
  void weeklyAverageOfABoxWithEveryOption() {
    assertEquals(
        "weekly_average=1.333", cli("weekly-average", "--bbox", "14.40,50.05,14.50,50.10").last());
    assertEquals(
        "weekly_average=1",
        cli("weekly-average", "--bbox=14.40,50.05,14.50,50.10", "--match", "both").last());
    assertEquals(
        "weekly_average=2",
        cli("weekly-average", "--bbox", "14.40,50.05,14.50,50.10", "--weeks-with-data").last());
  }

  @Test
  void bonusQuestions() {
    Result latest = cli("latest-datasource");
    assertEquals(0, latest.code());
    assertTrue(
        latest.lines().get(1).matches("Prague +5 +baba_car +2018-05-21 00:00:00"),
        latest.lines().toString());
    assertTrue(
        latest.lines().get(2).matches("Turin +3 +pt_search_app +2018-05-27 18:00:00"),
        latest.lines().toString());
    Result regions = cli("regions", "--datasource", "cheap_mobile");
    assertEquals(
        List.of("Prague", "Turin"),
        regions.lines().stream().skip(1).map(l -> l.split(" ")[0]).toList());
  }

  @Test
  void wrongUsageIsOneLineAndExitCodeTwo() {
    assertEquals(2, cli("weekly-average").code());
    assertEquals(2, cli("weekly-average", "--bbox", "1,2,3").code());
    assertEquals(2, cli("weekly-average", "--bbox", "3,2,1,0").code());
    assertEquals(2, cli("weekly-average", "--region", "Atlantis").code());
    assertEquals(2, cli("weekly-average", "--region", "Prague", "--match", "sideways").code());
    assertEquals(2, cli("frobnicate").code());
    assertEquals(2, cli("regions").code());
  }
}
