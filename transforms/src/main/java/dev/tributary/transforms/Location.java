package dev.tributary.transforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * Where an input record came from: a file and the byte offset its line or document starts at, a
 * topic partition and the record's offset, or a request and its sequence. Its {@link #key} names
 * the record in dead letters (the same record read again has the same key, so a re-run upserts its
 * dead letter instead of adding one), and its {@link #id} identifies it in run accounting ({@code
 * ChunkId}): a chunk of records retried by a runner has the same ids.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Location implements Serializable {
  /** What kind of place {@link #getSource} names. */
  public enum Kind {
    /** A file, by path or URI; the offset is the byte its record starts at. */
    FILE,
    /** A Kafka topic partition ({@code kafka://topic/partition}); the offset is the record's. */
    TOPIC,
    /**
     * An HTTP request (its URL, secrets masked); the offset is the request's sequence: 0 in a
     * batch, the scheduled tick's epoch millis in a stream (the same URL at two ticks is two
     * records).
     */
    REQUEST,
    /** No position: a value made inside the pipeline; the offset is -1. */
    NONE
  }

  private static final String TOPIC_SCHEME = "kafka://";

  public abstract Kind getKind();

  /** The file, {@code kafka://topic/partition}, request URL or value type. */
  public abstract String getSource();

  /** Byte offset, record offset or index within the source; -1 when there is none. */
  public abstract long getOffset();

  public static Location file(String path, long byteOffset) {
    return new AutoValue_Location(Kind.FILE, path, byteOffset);
  }

  public static Location topic(String topic, int partition, long offset) {
    return new AutoValue_Location(Kind.TOPIC, TOPIC_SCHEME + topic + "/" + partition, offset);
  }

  public static Location request(String url, long index) {
    return new AutoValue_Location(Kind.REQUEST, url, index);
  }

  /** A record with no place in an input, such as a value a transform made; named by its type. */
  public static Location none(String what) {
    return new AutoValue_Location(Kind.NONE, what, -1);
  }

  /**
   * The location a stored dead letter's {@code source} and {@code offset} columns describe: the
   * kind follows from the source's scheme.
   */
  public static Location of(String source, long offset) {
    Kind kind;
    if (offset < 0) {
      kind = Kind.NONE;
    } else if (source.startsWith(TOPIC_SCHEME)) {
      kind = Kind.TOPIC;
    } else if (source.startsWith("http://") || source.startsWith("https://")) {
      kind = Kind.REQUEST;
    } else {
      kind = Kind.FILE;
    }
    return new AutoValue_Location(kind, source, offset);
  }

  /** {@code source@offset}: the record's name in dead letters and logs. */
  public String key() {
    return getSource() + "@" + getOffset();
  }

  /**
   * A 64-bit id of the record: a hash of source and offset, the same in every JVM and every run.
   */
  public long id() {
    return RecordIds.of(getSource(), getOffset());
  }
}
