package dev.tributary.transforms.clean;

import dev.tributary.transforms.geo.GeoPoint;
import java.time.Instant;
import org.apache.beam.sdk.transforms.SerializableFunction;

/** Rules most record types need; domain-specific rules are lambdas next to their record. */
public final class Rules {
  private Rules() {}

  /** Rejects a null or blank text field. */
  public static <T> Rule<T> required(String field, SerializableFunction<T, String> get) {
    return value -> {
      String v = get.apply(value);
      return v == null || v.isBlank() ? "missing " + field : null;
    };
  }

  /** Rejects a coordinate off the Earth (and NaN, which no comparison admits). */
  public static <T> Rule<T> onEarth(String field, SerializableFunction<T, GeoPoint> get) {
    return value -> {
      GeoPoint p = get.apply(value);
      return p != null && p.isOnEarth() ? null : field + " out of range: " + p;
    };
  }

  /** Rejects a number outside [min, max]. */
  public static <T> Rule<T> between(
      String field, SerializableFunction<T, Double> get, double min, double max) {
    return value -> {
      Double v = get.apply(value);
      return v != null && v >= min && v <= max
          ? null
          : field + " out of range [" + min + ", " + max + "]: " + v;
    };
  }

  /** Rejects an epoch-millisecond timestamp outside [min, max). */
  public static <T> Rule<T> timestampBetween(
      String field, SerializableFunction<T, Long> millis, Instant min, Instant max) {
    long from = min.toEpochMilli();
    long to = max.toEpochMilli();
    // Each reason names only the bound it broke, so a re-run writes the same reason again.
    return value -> {
      Long t = millis.apply(value);
      if (t == null) {
        return "missing " + field;
      }
      if (t < from) {
        return field + " " + Instant.ofEpochMilli(t) + " before the earliest allowed, " + min;
      }
      return t < to
          ? null
          : field + " " + Instant.ofEpochMilli(t) + " after the latest allowed, " + max;
    };
  }
}
