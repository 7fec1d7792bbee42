package dev.tributary.io.http;

/**
 * Pseudo-random numbers as a pure function of (series, instant), never from a shared {@code
 * Random}: a value does not depend on which requests came before, so the same request always gets
 * the same bytes, and a slot has one value whichever range it is asked in.
 */
final class Noise {
  private Noise() {}

  /** A number in [0, 1), the same for the same key and second. */
  static double unit(String key, long epochSecond) {
    long z = key.hashCode() * 0x9E3779B97F4A7C15L + epochSecond * 0xD1B54A32D192ED03L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L; // SplitMix64's finaliser
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }

  /**
   * Slowly varying noise in [0, 1]: {@link #unit} at every multiple of {@code period} seconds,
   * cosine-blended in between (weather rather than dice).
   */
  static double smooth(String key, long epochSecond, long period) {
    long before = Math.floorDiv(epochSecond, period) * period;
    double blend = (1 - Math.cos(Math.PI * (epochSecond - before) / period)) / 2;
    return unit(key, before) * (1 - blend) + unit(key, before + period) * blend;
  }
}
