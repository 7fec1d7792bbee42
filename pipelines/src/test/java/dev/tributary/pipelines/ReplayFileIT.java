package dev.tributary.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import dev.tributary.io.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** scripts/replay.sh's command against a real broker. */
class ReplayFileIT {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  @TempDir Path dir;

  private ReplayFile.Options options(Path file, String topic, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--file=" + file,
                "--topic=" + topic,
                "--bootstrapServers=" + kafka.bootstrapServers()));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .as(ReplayFile.Options.class);
  }

  @Test
  void sendsEveryLineKeyedAndRetimedAtTheRate() throws Exception {
    Path file = dir.resolve("trips.csv");
    Files.writeString(
        file,
        "region,origin_coord,datetime\n"
            + "Prague,\"POINT (14.4 50.0)\",2018-05-07 08:00:00\n"
            + "\n"
            + "Turin,\"POINT (7.6 45.0)\",2018-05-08 09:00:00\n"
            + "Brno,\"say \"\"hi\"\", twice\",2018-05-09 10:00:00\n");
    LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    long start = System.nanoTime();

    long sent =
        ReplayFile.replay(
            options(file, "replayed", "--rate=4", "--keyColumn=region", "--retimeColumn=datetime"));

    // Three records at 4 a second: the last is due 0.5 s after the first.
    assertTrue(System.nanoTime() - start >= 500_000_000L);
    assertEquals(3, sent);
    List<ConsumerRecord<String, String>> records = kafka.consume("replayed", 3);
    assertEquals(List.of("Prague", "Turin", "Brno"), records.stream().map(r -> r.key()).toList());
    LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC);
    String[] expectedStarts = {
      "Prague,POINT (14.4 50.0),", "Turin,POINT (7.6 45.0),", "Brno,\"say \"\"hi\"\", twice\","
    };
    for (int i = 0; i < 3; i++) {
      String value = records.get(i).value();
      assertTrue(value.startsWith(expectedStarts[i]), value);
      LocalDateTime stamped =
          LocalDateTime.parse(value.substring(expectedStarts[i].length()).replace(' ', 'T'));
      assertTrue(!stamped.isBefore(before) && !stamped.isAfter(after), value);
    }
  }

  @Test
  void aMissingFileOrColumnIsOneLineToActOn() throws Exception {
    Path file = dir.resolve("h.csv");
    Files.writeString(file, "region,datetime\nPrague,2018-05-07 08:00:00\n");
    UsageException missing =
        assertThrows(
            UsageException.class, () -> ReplayFile.replay(options(dir.resolve("nope.csv"), "x")));
    assertTrue(missing.getMessage().endsWith("nope.csv does not exist"), missing.getMessage());
    UsageException column =
        assertThrows(
            UsageException.class, () -> ReplayFile.replay(options(file, "x", "--keyColumn=city")));
    assertEquals("--keyColumn 'city' is not a column of [region, datetime]", column.getMessage());
  }
}
