package dev.tributary.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.value.AutoValue;
import dev.tributary.io.UsageException;
import dev.tributary.transforms.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KafkaLines and KafkaJsonSink against a real broker. */
@ExtendWith(TestPipelineExtension.class)
class KafkaLinesIT {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final List<String> COLUMNS = List.of("region", "datetime");

  /** A schema'd record like a window's pane. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class Pane {
    public abstract Instant getWindowStart();

    public abstract Instant getWindowEnd();

    public abstract long getCount();

    public abstract String getTiming();

    public abstract long getPaneIndex();

    static Pane of(String start, String end, long count, String timing, long paneIndex) {
      return new AutoValue_KafkaLinesIT_Pane(
          Instant.parse(start), Instant.parse(end), count, timing, paneIndex);
    }
  }

  @Test
  void readsRecordsAsSourceRecordsStampedWithThePayloadsEventTime(TestPipeline pipeline)
      throws Exception {
    kafka.produce(
        "lines",
        List.of("Praha,2018-05-28 09:00:00", "Turin,\"2018-05-29 10:30:00\"", "Brno,yesterday"),
        line -> null);
    long beforeRead = System.currentTimeMillis();

    PCollection<String> stamped =
        pipeline
            .apply(
                KafkaLines.read(kafka.bootstrapServers(), "lines")
                    .withEventTime(EventTime.csvColumn(COLUMNS, "datetime"))
                    .withMaxRecords(3))
            .apply(ParDo.of(new DescribeFn()));

    PAssert.that(stamped)
        .satisfies(
            described -> {
              List<String> all = new ArrayList<>();
              described.forEach(all::add);
              all.sort(null);
              assertEquals(3, all.size(), all.toString());
              assertEquals(
                  "kafka://lines/0@0 Praha,2018-05-28 09:00:00 at 2018-05-28T09:00:00.000Z",
                  all.get(0));
              assertEquals(
                  "kafka://lines/0@1 Turin,\"2018-05-29 10:30:00\" at 2018-05-29T10:30:00.000Z",
                  all.get(1));
              // No event time in the payload: the Kafka record's own timestamp (its send time).
              String brno = all.get(2);
              assertTrue(brno.startsWith("kafka://lines/0@2 Brno,yesterday at "), brno);
              Instant sent = Instant.parse(brno.substring(brno.lastIndexOf(' ') + 1));
              assertTrue(sent.getMillis() <= beforeRead && sent.getMillis() > beforeRead - 60_000);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /** The JSON's fields follow the schema, whose order Beam does not fix: compared as JSON. */
  @Test
  void publishesSchemaRecordsAsJsonKeyedByTheKeyFunction(TestPipeline pipeline) throws Exception {
    Pane pane = Pane.of("2018-05-28T00:00:00Z", "2018-06-04T00:00:00Z", 3, "ON_TIME", 0);
    pipeline
        .apply(Create.of(pane))
        .apply(KafkaJsonSink.to(kafka.bootstrapServers(), "panes", r -> "Praha"));
    pipeline.run().waitUntilFinish();

    List<ConsumerRecord<String, String>> records = kafka.consume("panes", 1);
    assertEquals(1, records.size());
    assertEquals("Praha", records.get(0).key());
    ObjectMapper json = new ObjectMapper();
    assertEquals(
        json.readTree(
            "{\"count\":3,\"windowStart\":\"2018-05-28T00:00:00.000Z\","
                + "\"windowEnd\":\"2018-06-04T00:00:00.000Z\",\"timing\":\"ON_TIME\",\"paneIndex\":0}"),
        json.readTree(records.get(0).value()));
  }

  @Test
  void aMissingTopicOrBrokerIsOneLineToActOn() {
    UsageException noTopic =
        assertThrows(
            UsageException.class, () -> KafkaTopics.check(kafka.bootstrapServers(), "nope"));
    assertTrue(
        noTopic.getMessage().startsWith("no topic 'nope' on Kafka at "), noTopic.getMessage());
  }

  private static final class DescribeFn extends DoFn<SourceRecord, String> {
    @ProcessElement
    public void process(
        @Element SourceRecord line, @Timestamp Instant timestamp, OutputReceiver<String> out) {
      out.output(line.getLocation().key() + " " + line.getText() + " at " + timestamp);
    }
  }
}
