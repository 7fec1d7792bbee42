package dev.tributary.pipelines.weather;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;

/**
 * What the daily and hourly tables need of an {@link Observation}, small enough to keep a day of
 * them per city in a window's state; {@code fresh} says whether this run fetched it (true) or read
 * it back from the store to complete a day or an hour (false).
 */
record Reading(
    long observedAtMillis,
    long fetchedAtMillis,
    int utcOffsetSeconds,
    double temperatureC,
    double humidityPct,
    double precipitationMmH,
    int conditionId,
    boolean fresh) {
  static final Coder<Reading> CODER = new ReadingCoder();

  static Reading of(Observation o, boolean fresh) {
    return new Reading(
        o.getObservedAt().getMillis(),
        o.getFetchedAt().getMillis(),
        o.getUtcOffsetSeconds(),
        o.getTemperatureC(),
        o.getHumidityPct(),
        o.getPrecipitationMmH(),
        o.getConditionId(),
        fresh);
  }

  /** The hour of the city's clock the reading falls in, as epoch millis of local wall time. */
  long localHour() {
    long local = observedAtMillis + utcOffsetSeconds * 1000L;
    return Math.floorDiv(local, 3_600_000L) * 3_600_000L;
  }

  private static final class ReadingCoder extends AtomicCoder<Reading> {
    @Override
    public void encode(Reading r, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeLong(r.observedAtMillis);
      data.writeLong(r.fetchedAtMillis);
      data.writeInt(r.utcOffsetSeconds);
      data.writeDouble(r.temperatureC);
      data.writeDouble(r.humidityPct);
      data.writeDouble(r.precipitationMmH);
      data.writeInt(r.conditionId);
      data.writeBoolean(r.fresh);
      data.flush();
    }

    @Override
    public Reading decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      return new Reading(
          data.readLong(),
          data.readLong(),
          data.readInt(),
          data.readDouble(),
          data.readDouble(),
          data.readDouble(),
          data.readInt(),
          data.readBoolean());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
