package dev.tributary.io.kafka;

import static java.util.Objects.requireNonNull;

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
public final class KafkaLines extends PTransform<PBegin, PCollection<SourceRecord>> {
  private static final String DEFAULT_GROUP = "tributary";

  private final String bootstrapServers;
  private final String topic;
  private final String consumerGroup;
  private final @Nullable EventTime eventTime;
  private final Duration maxOutOfOrder;
  private final long maxRecords;

  private KafkaLines(
      String bootstrapServers,
      String topic,
      String consumerGroup,
      @Nullable EventTime eventTime,
      Duration maxOutOfOrder,
      long maxRecords) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.consumerGroup = consumerGroup;
    this.eventTime = eventTime;
    this.maxOutOfOrder = maxOutOfOrder;
    this.maxRecords = maxRecords;
  }

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
    return new KafkaLines(
        requireNonNull(bootstrapServers, "bootstrapServers"),
        requireNonNull(topic, "topic"),
        DEFAULT_GROUP,
        null,
        Duration.ZERO,
        Long.MAX_VALUE);
  }

  /** Takes each record's event time from its payload. */
  public KafkaLines withEventTime(EventTime eventTime) {
    return new KafkaLines(
        bootstrapServers,
        topic,
        consumerGroup,
        requireNonNull(eventTime, "eventTime"),
        maxOutOfOrder,
        maxRecords);
  }

  /** How far behind the latest event time of its partition a record may be and still be on time. */
  public KafkaLines withMaxOutOfOrder(Duration bound) {
    if (bound == null || bound.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("out-of-order bound must not be negative, was " + bound);
    }
    return new KafkaLines(bootstrapServers, topic, consumerGroup, eventTime, bound, maxRecords);
  }

  /** The consumer group whose committed offsets the read resumes from. */
  public KafkaLines withConsumerGroup(String group) {
    return new KafkaLines(
        bootstrapServers,
        topic,
        requireNonNull(group, "group"),
        eventTime,
        maxOutOfOrder,
        maxRecords);
  }

  /** Stops after {@code records} records: a bounded read (tests, one-off backfills). */
  public KafkaLines withMaxRecords(long records) {
    if (records < 1) {
      throw new IllegalArgumentException("max records must be positive, was " + records);
    }
    return new KafkaLines(
        bootstrapServers, topic, consumerGroup, eventTime, maxOutOfOrder, records);
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    EventTime payloadTime = eventTime;
    Duration bound = maxOutOfOrder;
    KafkaIO.Read<String, String> read =
        KafkaIO.<String, String>read()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeyDeserializer(StringDeserializer.class)
            .withValueDeserializer(StringDeserializer.class)
            .withConsumerConfigUpdates(
                Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG,
                    consumerGroup,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest"))
            .withTimestampPolicyFactory(
                (partition, previousWatermark) ->
                    new CustomTimestampPolicyWithLimitedDelay<>(
                        record -> timestampOf(record, payloadTime), bound, previousWatermark))
            .commitOffsetsInFinalize();
    if (maxRecords < Long.MAX_VALUE) {
      read = read.withMaxNumRecords(maxRecords);
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
        .add(DisplayData.item("bootstrapServers", bootstrapServers))
        .add(DisplayData.item("topic", topic))
        .add(DisplayData.item("consumerGroup", consumerGroup))
        .add(DisplayData.item("maxOutOfOrder", maxOutOfOrder));
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
