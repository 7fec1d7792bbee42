package dev.tributary.io.kafka;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where a streaming pipeline reads Kafka, and how it tells on-time records from late ones. */
public interface KafkaOptions extends PipelineOptions {
  @Description("Kafka bootstrap servers (host:port[,host:port]); scripts/kafka.sh starts one.")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description(
      "Consumer group whose committed offsets a restarted job resumes from (a new group starts at"
          + " the earliest offset).")
  @Default.String("tributary")
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description(
      "How far (seconds) a record's event time may trail the latest one of its partition and"
          + " still be on time: the watermark is that latest time minus this.")
  @Default.Integer(60)
  int getMaxOutOfOrderSeconds();

  void setMaxOutOfOrderSeconds(int value);

  @Description(
      "With a Kafka source: stop after this many records, a bounded read (0: run until stopped).")
  @Default.Long(0)
  long getMaxRecords();

  void setMaxRecords(long value);
}
