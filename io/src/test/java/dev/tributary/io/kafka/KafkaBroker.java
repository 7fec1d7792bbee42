package dev.tributary.io.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker for one test class, started and stopped by the project's own {@code
 * scripts/kafka.sh} (KRaft, from Maven jars) on free ports, with its state in a folder of its own
 * under {@code work/}, so it never meets a developer's broker.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
 * ... kafka.bootstrapServers() ...
 * }</pre>
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
  private Path stateDir;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    stateDir =
        repoRoot().resolve("work/kafka-test-" + UUID.randomUUID().toString().substring(0, 8));
    port = freePort();
    script("start", freePort());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (stateDir != null) {
      try {
        script("stop", 0);
      } finally {
        try (Stream<Path> files = Files.walk(stateDir)) {
          files.sorted(Comparator.reverseOrder()).forEach(KafkaBroker::delete);
        }
      }
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * The options of a pipeline reading {@code topic} of this broker as a stream, in a consumer group
   * of the topic's name, as a list more options can be added to.
   */
  public List<String> sourceArgs(String topic) {
    return new ArrayList<>(
        List.of(
            "--source=kafka",
            "--topic=" + topic,
            "--consumerGroup=" + topic,
            "--bootstrapServers=" + bootstrapServers()));
  }

  /** Sends {@code records} to {@code topic} (created with one partition), keyed by {@code key}. */
  public void produce(String topic, List<String> records, Function<String, String> key)
      throws InterruptedException {
    KafkaTopics.ensure(bootstrapServers(), topic, 1);
    try (KafkaReplay replay = KafkaReplay.to(bootstrapServers(), topic)) {
      replay.send(records, key);
      replay.flush();
    }
  }

  /** The records of {@code topic} from its start, once {@code expected} are there or after 30 s. */
  public List<ConsumerRecord<String, String>> consume(String topic, int expected) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (records.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      return records;
    }
  }

  /** The checkout's root: where scripts/kafka.sh is, from the module the test runs in. */
  public static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("scripts/kafka.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no scripts/kafka.sh above " + Path.of("").toAbsolutePath());
  }

  private void script(String command, int controllerPort) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "scripts/kafka.sh", command)
            .directory(repoRoot().toFile())
            .redirectErrorStream(true);
    builder.environment().put("KAFKA_STATE_DIR", stateDir.toString());
    builder.environment().put("KAFKA_PORT", String.valueOf(port));
    if (controllerPort > 0) {
      builder.environment().put("KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort));
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("scripts/kafka.sh " + command + " failed:\n" + output);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
