package dev.tributary.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A rejected input record, or part of one: the raw text, where it came from, the step that rejected
 * it and why. Every fallible transform emits these on {@link DeadLetters#TAG}; a pipeline flattens
 * them all into one dead-letter sink.
 *
 * <p>{@code line} is the 1-based line number when known and 0 when not yet resolved: a parallel
 * file reader only knows byte offsets, and the dead-letter block resolves the line numbers of the
 * (few) rejected records from those offsets.
 *
 * <p>{@code counts} says what the rejection takes out of a run's accounting, per level, as JSON
 * ({@code {"buildings":1,"planes":6}}: a building and its six planes); empty means one record of
 * the run's first level, which is what most dead letters are.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DeadLetter implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public abstract String getSource();

  public abstract long getOffset();

  public abstract long getLine();

  /** Where in the record: a JSON path such as {@code $.buildings[1]}, or empty for the whole. */
  public abstract String getPath();

  public abstract String getStep();

  public abstract String getReason();

  public abstract String getRaw();

  /** Per level, what the rejection counts as rejected; empty: one record of the run's level. */
  public abstract String getCounts();

  public static DeadLetter of(
      Location location, long line, String step, String reason, String raw) {
    return new AutoValue_DeadLetter(
        location.getSource(), location.getOffset(), line, "", step, reason, raw, "");
  }

  /** A rejection of {@code input} by {@code step}, its line number still to be resolved. */
  public static DeadLetter of(SourceRecord input, String step, String reason) {
    return of(input.getLocation(), 0, step, reason, input.getText());
  }

  public Location location() {
    return Location.of(getSource(), getOffset());
  }

  /**
   * The rejected record's or part's id in run accounting. A letter with no location has no
   * identity: it gets a new id each time, so it is counted each time it is stored (its row has no
   * key either, so a runner's retry stores and counts it again, and the two stay equal).
   */
  public long id() {
    return getOffset() < 0
        ? ThreadLocalRandom.current().nextLong()
        : RecordIds.part(location().id(), getPath());
  }

  public DeadLetter withLine(long line) {
    return new AutoValue_DeadLetter(
        getSource(), getOffset(), line, getPath(), getStep(), getReason(), getRaw(), getCounts());
  }

  /** The same rejection, located at {@code path} inside its record. */
  public DeadLetter withPath(String path) {
    return new AutoValue_DeadLetter(
        getSource(), getOffset(), getLine(), path, getStep(), getReason(), getRaw(), getCounts());
  }

  /**
   * The same rejection, counting as {@code counts} per level (in the map's order); an empty map
   * counts nothing (a row a copy refused, say, which the run's own store has).
   */
  public DeadLetter withCounts(Map<String, Long> counts) {
    try {
      return new AutoValue_DeadLetter(
          getSource(),
          getOffset(),
          getLine(),
          getPath(),
          getStep(),
          getReason(),
          getRaw(),
          JSON.writeValueAsString(counts));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write counts " + counts, e);
    }
  }

  /** What the rejection counts as rejected, per level; {@code level}: 1 when none are given. */
  public Map<String, Long> counts(String level) {
    if (getCounts().isEmpty()) {
      return Map.of(level, 1L);
    }
    try {
      return JSON.readValue(getCounts(), new TypeReference<LinkedHashMap<String, Long>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("dead letter counts are not JSON: " + getCounts(), e);
    }
  }
}
