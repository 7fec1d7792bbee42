package dev.tributary.transforms.clean;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Normalises free-text names so that spelling variants of one name become one key. A column of
 * names holds few distinct values, so results are memoised: a hash lookup per row instead of a
 * rebuild of the string.
 */
public final class Names {
  /** Beyond this many distinct inputs the memo is dropped and refilled: memory stays bounded. */
  private static final int MEMO_LIMIT = 10_000;

  private static final Map<String, String> PLACE_NAMES = new ConcurrentHashMap<>();
  private static final Map<String, String> IDENTIFIERS = new ConcurrentHashMap<>();

  private Names() {}

  private static String memoised(Map<String, String> memo, String s, Function<String, String> f) {
    String known = memo.get(s);
    if (known != null) {
      return known;
    }
    if (memo.size() >= MEMO_LIMIT) {
      memo.clear();
    }
    String normalised = f.apply(s);
    memo.put(s, normalised);
    return normalised;
  }

  /** Trims and collapses runs of white space (tabs and no-break spaces too) into one space. */
  public static String collapseSpaces(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A place name: {@code " nEW york"} becomes {@code "New York"}, {@code "baden-baden"}
   * "Baden-Baden".
   */
  public static String placeName(String s) {
    return memoised(PLACE_NAMES, s, Names::toPlaceName);
  }

  private static String toPlaceName(String s) {
    String collapsed = collapseSpaces(s).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(collapsed.length());
    boolean wordStart = true;
    for (int i = 0; i < collapsed.length(); i++) {
      char c = collapsed.charAt(i);
      out.append(wordStart ? Character.toTitleCase(c) : c);
      wordStart = c == ' ' || c == '-' || c == '\'';
    }
    return out.toString();
  }

  /**
   * An identifier: {@code " Cheap Mobile"}, {@code "cheap-mobile"} and {@code "cheap - mobile"} all
   * become {@code "cheap_mobile"}: each run of spaces, hyphens and underscores is one underscore.
   */
  public static String identifier(String s) {
    return memoised(IDENTIFIERS, s, Names::toIdentifier);
  }

  private static String toIdentifier(String s) {
    return collapseSpaces(s).toLowerCase(Locale.ROOT).replaceAll("[ _-]+", "_");
  }
}
