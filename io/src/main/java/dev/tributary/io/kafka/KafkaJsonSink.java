package dev.tributary.io.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.value.AutoValue;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.RowJson;
import org.apache.beam.sdk.util.RowJsonUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes schema'd records to a Kafka topic as JSON objects (Beam's own row JSON: field names of
 * the schema, timestamps as ISO-8601), keyed by {@code keyFn} so every update of one key lands in
 * one partition, in order. The producer is idempotent with {@code acks=all}: a retried send never
 * writes a record twice.
 *
 * <pre>{@code
 * counts.apply(KafkaJsonSink.to("127.0.0.1:9092", "trip-window-counts", TripWindowCount::id));
 * }</pre>
 */
@AutoValue
public abstract class KafkaJsonSink<T> extends PTransform<PCollection<T>, PDone> {
  abstract String bootstrapServers();

  abstract String topic();

  abstract SerializableFunction<T, String> keyFn();

  public static <T> KafkaJsonSink<T> to(
      String bootstrapServers, String topic, SerializableFunction<T, String> keyFn) {
    return new AutoValue_KafkaJsonSink<>(
        requireNonNull(bootstrapServers, "bootstrapServers"),
        requireNonNull(topic, "topic"),
        requireNonNull(keyFn, "keyFn"));
  }

  @Override
  public PDone expand(PCollection<T> records) {
    if (!records.hasSchema()) {
      throw new IllegalArgumentException(
          "KafkaJsonSink needs records with a schema (e.g. @DefaultSchema), got "
              + records.getCoder());
    }
    return records
        .apply(
            "ToJson",
            ParDo.of(new ToJsonFn<>(records.getSchema(), records.getToRowFunction(), keyFn())))
        .apply(
            "WriteKafka",
            KafkaIO.<String, String>write()
                .withBootstrapServers(bootstrapServers())
                .withTopic(topic())
                .withKeySerializer(StringSerializer.class)
                .withValueSerializer(StringSerializer.class)
                .withProducerConfigUpdates(
                    Map.of(
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.ACKS_CONFIG,
                        "all")));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("bootstrapServers", bootstrapServers()))
        .add(DisplayData.item("topic", topic()));
  }

  private static final class ToJsonFn<T> extends DoFn<T, KV<String, String>> {
    private final Schema schema;
    private final SerializableFunction<T, Row> toRow;
    private final SerializableFunction<T, String> keyFn;
    private transient ObjectMapper mapper;

    ToJsonFn(
        Schema schema, SerializableFunction<T, Row> toRow, SerializableFunction<T, String> keyFn) {
      this.schema = schema;
      this.toRow = toRow;
      this.keyFn = keyFn;
    }

    @Setup
    public void setup() {
      mapper = RowJsonUtils.newObjectMapperWith(RowJson.RowJsonSerializer.forSchema(schema));
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<KV<String, String>> out)
        throws JsonProcessingException {
      out.output(KV.of(keyFn.apply(record), mapper.writeValueAsString(toRow.apply(record))));
    }
  }
}
