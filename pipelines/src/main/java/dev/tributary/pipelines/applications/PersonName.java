package dev.tributary.pipelines.applications;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A name as applicants write it, split into the titles and suffixes it carries ({@code Mr.}, {@code
 * Dr}, {@code MD}, {@code Jr.}, {@code III}: leading titles and trailing suffixes, with or without
 * the dot, any case) and the words between them: the first is the first name, the rest the last.
 */
record PersonName(String titles, List<String> words) {
  /** Titles that may open a name. */
  static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof");

  /** Suffixes that may close it: degrees and generations. */
  static final Set<String> SUFFIXES =
      Set.of(
          "md", "dds", "dvm", "phd", "esq", "jr", "sr", "ii", "iii", "iv", "v", "vi", "2nd", "3rd");

  static PersonName of(String name) {
    List<String> words =
        new ArrayList<>(Arrays.asList(name == null ? new String[0] : name.trim().split("\\s+")));
    words.removeIf(String::isEmpty);
    List<String> titles = new ArrayList<>();
    while (!words.isEmpty() && TITLES.contains(bare(words.get(0)))) {
      titles.add(words.remove(0));
    }
    List<String> suffixes = new ArrayList<>();
    while (!words.isEmpty() && SUFFIXES.contains(bare(words.get(words.size() - 1)))) {
      suffixes.add(0, words.remove(words.size() - 1));
    }
    titles.addAll(suffixes);
    return new PersonName(String.join(" ", titles), List.copyOf(words));
  }

  private static String bare(String word) {
    return word.replaceAll("[.,]+$", "").toLowerCase(Locale.ROOT);
  }

  String firstName() {
    return words.isEmpty() ? null : words.get(0);
  }

  /** The words after the first; null for a name of one word. */
  String lastName() {
    return words.size() < 2 ? null : String.join(" ", words.subList(1, words.size()));
  }
}
