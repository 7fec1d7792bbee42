package dev.tributary.io.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sends lines to a topic, one record each, at a steady rate (or as fast as the broker takes them):
 * the producer half of a replay, used by {@code scripts/replay.sh} and by the streaming tests.
 * Idempotent producer with {@code acks=all}; {@link #flush} waits until every record is
 * acknowledged and fails if any was not.
 */
public final class KafkaReplay implements AutoCloseable {
  private final Producer<String, String> producer;
  private final String topic;
  private final double rowsPerSecond;
  private final AtomicReference<Exception> failure;

  private KafkaReplay(
      Producer<String, String> producer,
      String topic,
      double rowsPerSecond,
      AtomicReference<Exception> failure) {
    this.producer = producer;
    this.topic = topic;
    this.rowsPerSecond = rowsPerSecond;
    this.failure = failure;
  }

  /** Sends to {@code topic}, as fast as possible until {@link #withRate} says otherwise. */
  public static KafkaReplay to(String bootstrapServers, String topic) {
    Producer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                10_000),
            new StringSerializer(),
            new StringSerializer());
    return new KafkaReplay(producer, requireNonNull(topic, "topic"), 0, new AtomicReference<>());
  }

  /** At most {@code rowsPerSecond} records a second; 0 for no limit. */
  public KafkaReplay withRate(double rowsPerSecond) {
    if (!(rowsPerSecond >= 0)) {
      throw new IllegalArgumentException(
          "rate must be 0 (no limit) or positive, was " + rowsPerSecond);
    }
    return new KafkaReplay(producer, topic, rowsPerSecond, failure);
  }

  /**
   * Sends every line, keyed by {@code keyFn} (null keys spread records over the partitions);
   * returns how many were sent. Paced against the start time, so a slow send is caught up, not
   * lost.
   */
  public long send(Iterable<String> lines, Function<String, @Nullable String> keyFn)
      throws InterruptedException {
    return send(lines, keyFn, UnaryOperator.identity());
  }

  /** As {@link #send(Iterable, Function)}, rewriting each line the moment it is due to go. */
  public long send(
      Iterable<String> lines,
      Function<String, @Nullable String> keyFn,
      UnaryOperator<String> atSend)
      throws InterruptedException {
    long start = System.nanoTime();
    long sent = 0;
    for (String original : lines) {
      if (rowsPerSecond > 0) {
        long due = start + (long) (sent * 1e9 / rowsPerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      String line = atSend.apply(original);
      producer.send(
          new ProducerRecord<>(topic, keyFn.apply(line), line),
          (metadata, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
          });
      sent++;
    }
    return sent;
  }

  /** Waits until every record sent so far is on the broker; fails if any could not be written. */
  public void flush() {
    producer.flush();
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("could not write to topic " + topic + ": " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
