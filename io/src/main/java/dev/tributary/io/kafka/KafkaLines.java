package dev.tributary.io.kafka;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.CustomTimestampPolicyWithLimitedDelay;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads a Kafka topic as {@link SourceRecord}s, one per record, so the parse, clean and dead-letter
 * transforms of the file pipelines apply unchanged: the source is {@code kafka://topic/partition},
 * the offset the record's offset (a dead letter points at the exact record, and a redelivered one
 * upserts the same row), the text the record's value (CSV or JSON).
 *
 * <p>Event time comes from the payload ({@link #withEventTime}); the watermark is Beam's {@link
 * CustomTimestampPolicyWithLimitedDelay}: per partition, the latest event time seen minus {@link
 * #withMaxOutOfOrder the out-of-order bound}. A partition that has been read to its end is idle,
 * and its watermark then follows the wall clock (now minus the bound), which is what lets windows
 * of a live feed close when traffic stops, and is also why history must not be replayed into a
 * running stream: once a partition is idle, anything older than now minus the bound is late (load
 * history with the file source, or let the stream start on an existing backlog).
 *
 * <p>Offsets are committed to the consumer group when a checkpoint finalizes ({@code
 * commitOffsetsInFinalize}), so a restarted job resumes where the last one durably stopped; a new
 * group starts at the earliest offset.
 *
 * <pre>{@code
 * PCollection<SourceRecord> lines = pipeline.apply(
 *     KafkaLines.read("127.0.0.1:9092", "trips")
 *         .withEventTime(EventTime.csvColumn(Trip.COLUMNS, "datetime"))
 *         .withMaxOutOfOrder(Duration.standardMinutes(1)));
 * }</pre>
 */
@AutoValue
public abstract class KafkaLines extends PTransform<PBegin, PCollection<SourceRecord>> {
  private static final String DEFAULT_GROUP = "tributary";

  /** In order: a record behind the latest event time of its partition is late. */
  private static final Duration DEFAULT_MAX_OUT_OF_ORDER = Duration.ZERO;

  /** No limit: an unbounded read. */
  private static final long UNBOUNDED = Long.MAX_VALUE;

  abstract String bootstrapServers();

  abstract String topic();

  abstract String consumerGroup();

  abstract @Nullable EventTime eventTime();

  abstract Duration maxOutOfOrder();

  abstract long maxRecords();

  abstract Builder toBuilder();

  /**
   * Every partition of {@code topic}, read as {@code options} say: their servers, consumer group
   * and watermark bound, and a bounded read with {@code --maxRecords}.
   */
  public static KafkaLines read(KafkaOptions options, String topic) {
    KafkaLines read =
        read(options.getBootstrapServers(), topic)
            .withConsumerGroup(options.getConsumerGroup())
            .withMaxOutOfOrder(Duration.standardSeconds(options.getMaxOutOfOrderSeconds()));
    return options.getMaxRecords() > 0 ? read.withMaxRecords(options.getMaxRecords()) : read;
  }

  /** Every partition of {@code topic}; event time is the Kafka record's timestamp until set. */
  public static KafkaLines read(String bootstrapServers, String topic) {
    return new AutoValue_KafkaLines.Builder()
        .setBootstrapServers(requireNonNull(bootstrapServers, "bootstrapServers"))
        .setTopic(requireNonNull(topic, "topic"))
        .setConsumerGroup(DEFAULT_GROUP)
        .setMaxOutOfOrder(DEFAULT_MAX_OUT_OF_ORDER)
        .setMaxRecords(UNBOUNDED)
        .build();
  }

  /** Takes each record's event time from its payload. */
  public KafkaLines withEventTime(EventTime eventTime) {
    return toBuilder().setEventTime(requireNonNull(eventTime, "eventTime")).build();
  }

  /** How far behind the latest event time of its partition a record may be and still be on time. */
  public KafkaLines withMaxOutOfOrder(Duration bound) {
    if (bound == null || bound.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("out-of-order bound must not be negative, was " + bound);
    }
    return toBuilder().setMaxOutOfOrder(bound).build();
  }

  /** The consumer group whose committed offsets the read resumes from. */
  public KafkaLines withConsumerGroup(String group) {
    return toBuilder().setConsumerGroup(requireNonNull(group, "group")).build();
  }

  /** Stops after {@code records} records: a bounded read (tests, one-off backfills). */
  public KafkaLines withMaxRecords(long records) {
    if (records < 1) {
      throw new IllegalArgumentException("max records must be positive, was " + records);
    }
    return toBuilder().setMaxRecords(records).build();
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    // Locals, so the timestamp policy captures them and not this transform.
    EventTime payloadTime = eventTime();
    Duration bound = maxOutOfOrder();
    KafkaIO.Read<String, String> read =
        KafkaIO.<String, String>read()
            .withBootstrapServers(bootstrapServers())
            .withTopic(topic())
            .withKeyDeserializer(StringDeserializer.class)
            .withValueDeserializer(StringDeserializer.class)
            .withConsumerConfigUpdates(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG,
                    consumerGroup(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest"))
            .withTimestampPolicyFactory(
                (partition, previousWatermark) ->
                    new CustomTimestampPolicyWithLimitedDelay<>(
                        record -> timestampOf(record, payloadTime), bound, previousWatermark))
            .commitOffsetsInFinalize();
    if (maxRecords() != UNBOUNDED) {
      read = read.withMaxNumRecords(maxRecords());
    }
    return input.apply("ReadKafka", read).apply("ToSourceRecords", ParDo.of(new ToLineFn()));
  }

  private static Instant timestampOf(KafkaRecord<String, String> record, @Nullable EventTime time) {
    String value = record.getKV().getValue();
    Long millis = time == null || value == null ? null : time.millis(value);
    return new Instant(millis != null ? millis : record.getTimestamp());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("bootstrapServers", bootstrapServers()))
        .add(DisplayData.item("topic", topic()))
        .add(DisplayData.item("consumerGroup", consumerGroup()))
        .addIfNotNull(
            DisplayData.item("eventTime", eventTime() == null ? null : eventTime().getClass()))
        .add(DisplayData.item("maxOutOfOrder", maxOutOfOrder()))
        .addIfNotDefault(DisplayData.item("maxRecords", maxRecords()), UNBOUNDED);
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setBootstrapServers(String bootstrapServers);

    abstract Builder setTopic(String topic);

    abstract Builder setConsumerGroup(String consumerGroup);

    abstract Builder setEventTime(EventTime eventTime);

    abstract Builder setMaxOutOfOrder(Duration maxOutOfOrder);

    abstract Builder setMaxRecords(long maxRecords);

    abstract KafkaLines build();
  }

  /** The record's value with where it came from; the element keeps the policy's timestamp. */
  private static final class ToLineFn extends DoFn<KafkaRecord<String, String>, SourceRecord> {
    @ProcessElement
    public void process(
        @Element KafkaRecord<String, String> record, OutputReceiver<SourceRecord> out) {
      String value = record.getKV().getValue();
      out.output(
          SourceRecord.of(
              Location.topic(record.getTopic(), record.getPartition(), record.getOffset()),
              value == null ? "" : value));
    }
  }
}
