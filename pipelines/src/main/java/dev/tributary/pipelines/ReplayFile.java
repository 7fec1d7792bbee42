package dev.tributary.pipelines;

import dev.tributary.io.UsageException;
import dev.tributary.io.kafka.KafkaOptions;
import dev.tributary.io.kafka.KafkaReplay;
import dev.tributary.io.kafka.KafkaTopics;
import dev.tributary.pipelines.runtime.CommandLine;
import dev.tributary.pipelines.runtime.Launcher;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.parse.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * Replays a CSV file into a Kafka topic, one record per line (header dropped), at a chosen rate:
 * the producer side of the streaming pipelines ({@code scripts/replay.sh}).
 *
 * <p>Lines go in file order. Past trips sent to a running stream are late as soon as the stream has
 * caught up (its watermark then follows the clock), and out of event-time order they are late
 * anyway: use {@code --retimeColumn} to stamp each line with the time it is sent, as if the trips
 * were happening now, and load history with the file job.
 */
public final class ReplayFile {
  private static final DateTimeFormatter WALL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Options of the replay; {@code --help=ReplayFile$Options} lists them. */
  public interface Options extends KafkaOptions {
    @Description("CSV file with a header line.")
    @Validation.Required
    String getFile();

    void setFile(String value);

    @Description("Topic to send to; created with --partitions partitions if it does not exist.")
    @Default.String("trips")
    String getTopic();

    void setTopic(String value);

    @Description("Partitions of a topic this command creates.")
    @Default.Integer(1)
    int getPartitions();

    void setPartitions(int value);

    @Description("Records per second; 0 sends as fast as the broker takes them.")
    @Default.Double(0)
    double getRate();

    void setRate(double value);

    @Description("Column whose value keys each record (same key, same partition, in order).")
    @Default.String("")
    String getKeyColumn();

    void setKeyColumn(String value);

    @Description(
        "Column to overwrite with the send time (UTC, yyyy-MM-dd HH:mm:ss): replays as if live.")
    @Default.String("")
    String getRetimeColumn();

    void setRetimeColumn(String value);
  }

  private ReplayFile() {}

  public static void main(String[] args) {
    Launcher.exit(
        () -> {
          Options options = CommandLine.parse(Options.class, args);
          long start = System.nanoTime();
          long sent = replay(options);
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              "replayed %d records from %s to topic %s in %.1f s (%.0f records/s)%n",
              sent, options.getFile(), options.getTopic(), seconds, sent / seconds);
          return 0;
        });
  }

  static long replay(Options options) throws IOException, InterruptedException {
    if (!(options.getRate() >= 0)) {
      throw new UsageException("--rate must be 0 (no limit) or positive");
    }
    Path file = Path.of(options.getFile());
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new UsageException("--file " + file + " is empty: it needs a header line");
      }
      CsvParser csv = CsvParser.comma();
      List<String> columns = split(csv, header);
      int key = column(columns, options.getKeyColumn(), "--keyColumn");
      int retime = column(columns, options.getRetimeColumn(), "--retimeColumn");
      KafkaTopics.ensure(
          options.getBootstrapServers(), options.getTopic(), options.getPartitions());
      Function<String, String> keyFn = key < 0 ? line -> null : line -> field(csv, line, key);
      UnaryOperator<String> atSend =
          retime < 0 ? UnaryOperator.identity() : line -> withNow(csv, line, retime);
      Iterable<String> lines = () -> reader.lines().filter(l -> !l.isBlank()).iterator();
      try (KafkaReplay replay =
          KafkaReplay.to(options.getBootstrapServers(), options.getTopic())
              .withRate(options.getRate())) {
        long sent = replay.send(lines, keyFn, atSend);
        replay.flush();
        return sent;
      }
    } catch (NoSuchFileException e) {
      throw new UsageException("--file " + file + " does not exist");
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static int column(List<String> columns, String name, String option) {
    if (name.isEmpty()) {
      return -1;
    }
    int index = columns.indexOf(name);
    if (index < 0) {
      throw new UsageException(option + " '" + name + "' is not a column of " + columns);
    }
    return index;
  }

  private static List<String> split(CsvParser csv, String line) {
    try {
      return csv.split(line);
    } catch (RecordException e) {
      throw new UsageException("unreadable CSV line '" + line + "': " + e.getMessage());
    }
  }

  /** The field, or null for a line too short: the pipeline rejects that line with its reason. */
  private static String field(CsvParser csv, String line, int index) {
    try {
      List<String> fields = csv.split(line);
      return index < fields.size() ? fields.get(index) : null;
    } catch (RecordException e) {
      return null;
    }
  }

  /** The line with field {@code index} set to now; a line that does not split goes as it is. */
  private static String withNow(CsvParser csv, String line, int index) {
    try {
      List<String> fields = new java.util.ArrayList<>(csv.split(line));
      if (index >= fields.size()) {
        return line;
      }
      fields.set(
          index,
          LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(WALL_TIME));
      return String.join(",", fields.stream().map(CsvParser::quote).toList());
    } catch (RecordException e) {
      return line;
    }
  }
}
