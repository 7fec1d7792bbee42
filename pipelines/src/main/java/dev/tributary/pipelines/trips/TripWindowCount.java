package dev.tributary.pipelines.trips;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.window.WindowPane;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * One pane of the streaming job's weekly count of a similar-trips group: a row of {@code
 * trip_window_counts} and a JSON record of {@code --windowCountsTopic}.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class TripWindowCount implements Serializable {
  public abstract String getRegion();

  public abstract long getOriginCell();

  public abstract long getDestinationCell();

  public abstract int getTimeBucket();

  public abstract Instant getWindowStart();

  public abstract Instant getWindowEnd();

  public abstract long getTrips();

  /** EARLY, ON_TIME or LATE. */
  public abstract String getTiming();

  public abstract long getPaneIndex();

  static TripWindowCount of(KV<GeoBucketKey, WindowPane<Long>> pane) {
    GeoBucketKey group = pane.getKey();
    WindowPane<Long> count = pane.getValue();
    return new AutoValue_TripWindowCount(
        group.getGroup(),
        group.getOriginCell(),
        group.getDestinationCell(),
        group.getTimeBucket(),
        count.getWindowStart(),
        count.getWindowEnd(),
        count.getValue(),
        count.getTiming(),
        count.getPaneIndex());
  }

  /** The Kafka key: one group's panes stay in one partition, in order. */
  String groupId() {
    return getRegion() + "/" + getOriginCell() + "/" + getDestinationCell() + "/" + getTimeBucket();
  }
}
