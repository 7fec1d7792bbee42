package dev.tributary.pipelines.weather;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * The distinct readings of a window, one per instant, the latest fetch of each: a poll that finds a
 * reading it already has, or a fetch and a read-back of the same reading, count once, and a revised
 * value replaces the old. Kept whole rather than folded into sums because of that (a mean cannot
 * forget a value); a window holds at most a day of one city's readings (144 at OWM's 10-minute
 * refresh). Sorted by time.
 */
final class LatestReadings extends Combine.CombineFn<Reading, Map<Long, Reading>, List<Reading>> {
  @Override
  public Map<Long, Reading> createAccumulator() {
    return new HashMap<>();
  }

  @Override
  public Map<Long, Reading> addInput(Map<Long, Reading> readings, Reading reading) {
    readings.merge(reading.observedAtMillis(), reading, LatestReadings::later);
    return readings;
  }

  @Override
  public Map<Long, Reading> mergeAccumulators(Iterable<Map<Long, Reading>> accumulators) {
    Map<Long, Reading> merged = new HashMap<>();
    for (Map<Long, Reading> readings : accumulators) {
      readings.values().forEach(r -> addInput(merged, r));
    }
    return merged;
  }

  @Override
  public List<Reading> extractOutput(Map<Long, Reading> readings) {
    List<Reading> sorted = new ArrayList<>(readings.values());
    sorted.sort(Comparator.comparingLong(Reading::observedAtMillis));
    return sorted;
  }

  /** The later fetch (on a tie the higher temperature, so the order of arrival never matters). */
  private static Reading later(Reading a, Reading b) {
    Reading later;
    if (a.fetchedAtMillis() != b.fetchedAtMillis()) {
      later = a.fetchedAtMillis() > b.fetchedAtMillis() ? a : b;
    } else {
      later = Double.compare(a.temperatureC(), b.temperatureC()) >= 0 ? a : b;
    }
    boolean fresh = a.fresh() || b.fresh();
    return later.fresh() == fresh
        ? later
        : new Reading(
            later.observedAtMillis(),
            later.fetchedAtMillis(),
            later.utcOffsetSeconds(),
            later.temperatureC(),
            later.humidityPct(),
            later.precipitationMmH(),
            later.conditionId(),
            fresh);
  }

  @Override
  public Coder<Map<Long, Reading>> getAccumulatorCoder(
      CoderRegistry registry, Coder<Reading> inputCoder) throws CannotProvideCoderException {
    return MapCoder.of(VarLongCoder.of(), Reading.CODER);
  }

  @Override
  public Coder<List<Reading>> getDefaultOutputCoder(
      CoderRegistry registry, Coder<Reading> inputCoder) throws CannotProvideCoderException {
    return ListCoder.of(Reading.CODER);
  }
}
