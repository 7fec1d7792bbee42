package dev.tributary.pipelines.energy;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/**
 * The outcome of one check over one dataset's answers fetched in one day of a run: a row of {@code
 * energy.quality_checks}.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class QualityCheck implements Serializable {
  /** What can be wrong with an answer, and whether the run fails for it. */
  enum Kind {
    EMPTY_ANSWER(true, "answers without values for a day that is over"),
    LENGTH_MISMATCH(true, "series whose data and timestamps differ in length"),
    DUPLICATE_TIMESTAMPS(true, "timestamps repeated within an answer"),
    MISSING_INTERVALS(false, "intervals missing from a day that is over"),
    NULL_SHARE(false, "intervals whose value is null (more than 10% fails)"),
    NEGATIVE_VALUES(false, "negative values of a series that cannot be negative"),
    PRICE_OUT_OF_BAND(false, "prices outside the market's -500 to 4000 EUR/MWh"),
    STALE_DATA(false, "answers for today whose newest value is over 6 hours old"),
    UNKNOWN_UNIT(false, "prices in a unit spelled in no known way"),
    UNKNOWN_NAME(false, "series names the API is not known to send"),
    DEPRECATED(false, "answers of an endpoint marked deprecated");

    final boolean hard;
    final String description;

    Kind(boolean hard, String description) {
      this.hard = hard;
      this.description = description;
    }

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Null values may be a few (the newest intervals, a series not produced); the rest, none. */
    boolean passes(long failures, long total) {
      return this == NULL_SHARE ? failures * 10 <= total : failures == 0;
    }
  }

  public abstract String getDataset();

  public abstract String getCheckName();

  /** hard (the run fails) or warning. */
  public abstract String getSeverity();

  /** The start of the day (UTC) the answers were fetched in. */
  public abstract Instant getWindowStart();

  public abstract long getFailures();

  public abstract long getTotal();

  public abstract boolean getPassed();

  /** The first failure, for people; empty when none. */
  public abstract String getExample();

  static QualityCheck of(CheckCount count, Instant windowStart) {
    Kind kind = count.kind();
    return new AutoValue_QualityCheck(
        count.getDataset(),
        count.getCheck(),
        kind.hard ? "hard" : "warning",
        windowStart,
        count.getFailures(),
        count.getTotal(),
        kind.passes(count.getFailures(), count.getTotal()),
        count.getExample());
  }
}
