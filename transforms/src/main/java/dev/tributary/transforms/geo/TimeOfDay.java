package dev.tributary.transforms.geo;

import java.io.Serializable;
import org.joda.time.Duration;

/**
 * Buckets of the time of day: with 30-minute buckets, 09:03 and 09:29 share bucket 18 and 09:30
 * starts bucket 19. The wall time is used as given (no zone shift), like the timestamps themselves.
 */
public final class TimeOfDay implements Serializable {
  /** Half an hour: fine enough to split rush hours, coarse enough for similar trips to meet. */
  public static final Duration DEFAULT_BUCKET = Duration.standardMinutes(30);

  private static final long DAY_MILLIS = 24 * 60 * 60 * 1000L;
  private final long bucketMillis;

  private TimeOfDay(long bucketMillis) {
    this.bucketMillis = bucketMillis;
  }

  public static TimeOfDay buckets(Duration bucket) {
    long millis = bucket.getMillis();
    if (millis < 60_000 || DAY_MILLIS % millis != 0) {
      throw new IllegalArgumentException(
          "time-of-day bucket must be at least a minute and divide a day evenly, was " + bucket);
    }
    return new TimeOfDay(millis);
  }

  public static TimeOfDay bucketsOfMinutes(int minutes) {
    return buckets(Duration.standardMinutes(minutes));
  }

  /** The bucket (0 = starting at midnight) of an epoch-millisecond timestamp. */
  public int bucketOf(long epochMillis) {
    return (int) (Math.floorMod(epochMillis, DAY_MILLIS) / bucketMillis);
  }

  public int minutes() {
    return (int) (bucketMillis / 60_000);
  }
}
