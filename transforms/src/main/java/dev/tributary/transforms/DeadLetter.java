package dev.tributary.transforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A rejected input record: the raw text, where it came from, the step that rejected it and why.
 * Every fallible transform emits these on its {@code DEAD_LETTERS} tag; a pipeline flattens them
 * all into one dead-letter sink.
 *
 * <p>{@code line} is the 1-based line number when known and 0 when not yet resolved: a parallel
 * file reader only knows byte offsets, and the sink resolves the line numbers of the (few) rejected
 * records from those offsets.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DeadLetter implements Serializable {
  public abstract String getSource();

  public abstract long getOffset();

  public abstract long getLine();

  /** Where in the record: a JSON path such as {@code $.buildings[1]}, or empty for the whole. */
  public abstract String getPath();

  public abstract String getStep();

  public abstract String getReason();

  public abstract String getRaw();

  public static DeadLetter of(
      String source, long offset, long line, String step, String reason, String raw) {
    return new AutoValue_DeadLetter(source, offset, line, "", step, reason, raw);
  }

  /** A rejection of {@code input} by {@code step}, its line number still to be resolved. */
  public static DeadLetter of(SourceLine input, String step, String reason) {
    return of(input.getSource(), input.getOffset(), 0, step, reason, input.getText());
  }

  public DeadLetter withLine(long line) {
    return new AutoValue_DeadLetter(
        getSource(), getOffset(), line, getPath(), getStep(), getReason(), getRaw());
  }

  /** The same rejection, located at {@code path} inside its record. */
  public DeadLetter withPath(String path) {
    return new AutoValue_DeadLetter(
        getSource(), getOffset(), getLine(), path, getStep(), getReason(), getRaw());
  }
}
