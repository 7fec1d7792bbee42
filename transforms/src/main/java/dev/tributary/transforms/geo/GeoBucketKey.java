package dev.tributary.transforms.geo;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * What makes records "similar": one group (e.g. region), origin cell, destination cell, time
 * bucket.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class GeoBucketKey implements Serializable {
  public abstract String getGroup();

  public abstract long getOriginCell();

  public abstract long getDestinationCell();

  public abstract int getTimeBucket();

  public static GeoBucketKey of(
      String group, long originCell, long destinationCell, int timeBucket) {
    return new AutoValue_GeoBucketKey(group, originCell, destinationCell, timeBucket);
  }
}
