package dev.tributary.transforms.clean;

import java.util.Locale;

/** Normalises free-text names so that spelling variants of one name become one key. */
public final class Names {
  private Names() {}

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

  /** A place name: {@code "  nEW   york"} becomes {@code "New York"}, {@code "baden-baden"} "Baden-Baden". */
  public static String placeName(String s) {
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

  /** An identifier: {@code " Cheap Mobile"} and {@code "cheap-mobile"} become {@code "cheap_mobile"}. */
  public static String identifier(String s) {
    return collapseSpaces(s).toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
  }
}
