package dev.tributary.pipelines;

import dev.tributary.io.kafka.KafkaOptions;
import dev.tributary.io.kafka.KafkaTopics;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.StreamingOptions;

/** What every pipeline does before reading a Kafka topic. */
public final class KafkaSource {
  private KafkaSource() {}

  /**
   * Fails with one line when {@code topic} is not on the broker; with {@code stream}, puts the
   * options in streaming mode. Returns the input's name for the run's status.
   */
  public static String check(KafkaOptions options, String topic, boolean stream) {
    KafkaTopics.check(options.getBootstrapServers(), topic);
    if (stream) {
      options.as(StreamingOptions.class).setStreaming(true);
      // The DirectRunner would otherwise block in run() and leave nothing to stop a stream with.
      options.as(DirectOptions.class).setBlockOnRun(false);
    }
    return "kafka://" + options.getBootstrapServers() + "/" + topic;
  }
}
