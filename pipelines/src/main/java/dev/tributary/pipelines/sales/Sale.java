package dev.tributary.pipelines.sales;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A row of {@code sales.transactions} as generated: who bought, when, and whether logistics has
 * completed it. Its totals are not here: the database sums them from the lines.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Sale implements Serializable {
  public abstract long getTransactionId();

  public abstract String getMembershipId();

  public abstract Instant getPlacedAt();

  /** {@code placed} or {@code completed}. */
  public abstract String getStatus();

  public abstract @Nullable Instant getCompletedAt();

  static Sale of(
      long transactionId, String membershipId, Instant placedAt, @Nullable Instant completedAt) {
    return new AutoValue_Sale(
        transactionId,
        membershipId,
        placedAt,
        completedAt == null ? "placed" : "completed",
        completedAt);
  }
}
