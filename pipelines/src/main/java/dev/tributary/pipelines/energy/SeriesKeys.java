package dev.tributary.pipelines.energy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalised key of a series name: lower case, words joined by {@code _}. The API's names drift
 * in case and punctuation over time ({@code Battery Storage (Power)} became {@code Battery storage
 * (power)}); keyed this way a drift renames a series instead of starting a new one. The API's own
 * spelling is kept beside the key.
 */
final class SeriesKeys {
  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private SeriesKeys() {}

  /** {@code Fossil brown coal / lignite} → {@code fossil_brown_coal_lignite}. */
  static String of(String name) {
    String key = NOT_A_WORD.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("_");
    int from = key.startsWith("_") ? 1 : 0;
    int to = key.endsWith("_") && key.length() > from ? key.length() - 1 : key.length();
    return key.substring(from, Math.max(from, to));
  }
}
