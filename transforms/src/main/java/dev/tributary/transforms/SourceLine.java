package dev.tributary.transforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One line of text and where it came from: a file and the byte offset where the line starts, or a
 * topic/partition with its offset. Sources emit these; parse transforms turn them into records and
 * dead letters keep them, so every rejected record can be traced back to its exact input.
 *
 * <p>{@code header} is the header line of the file the line came from (the same String instance for
 * every line of a file, so carrying it costs a reference), or null when the payload has a fixed
 * column order, as on a Kafka topic.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class SourceLine implements Serializable {
  public abstract String getSource();

  public abstract long getOffset();

  public abstract String getText();

  public abstract @Nullable String getHeader();

  public static SourceLine of(String source, long offset, String text, @Nullable String header) {
    return new AutoValue_SourceLine(source, offset, text, header);
  }

  public static SourceLine of(String source, long offset, String text) {
    return of(source, offset, text, null);
  }
}
