package dev.tributary.transforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One input record as a source delivered it: its text (a CSV line, a JSON document, a Kafka
 * record's value, an API response) and its {@link Location}. Sources emit these; parse transforms
 * turn them into values and dead letters keep them, so every rejected record can be traced back to
 * its exact input.
 *
 * <p>{@code header} is the header line of the file the record came from (the same String instance
 * for every line of a file, so carrying it costs a reference), or null when the payload has a fixed
 * column order, as on a Kafka topic.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class SourceRecord implements Serializable {
  public abstract Location getLocation();

  public abstract String getText();

  public abstract @Nullable String getHeader();

  public static SourceRecord of(Location location, String text, @Nullable String header) {
    return new AutoValue_SourceRecord(location, text, header);
  }

  public static SourceRecord of(Location location, String text) {
    return of(location, text, null);
  }

  /** The record's id in run accounting: its location's. */
  public long id() {
    return getLocation().id();
  }
}
