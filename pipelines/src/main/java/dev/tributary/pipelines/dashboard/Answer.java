package dev.tributary.pipelines.dashboard;

import java.util.List;

/**
 * What a page shows, as its script receives it: the form of its choices (each with the value in
 * effect), lines of text above the charts, and the charts.
 */
public record Answer(String title, List<Control> controls, List<String> notes, List<Chart> charts) {

  /**
   * A field of the page's form: a {@code date}, a {@code text} or a {@code select} of {@code
   * options}. The form reloads the page with the fields as query parameters, which the page hands
   * to its answer.
   */
  public record Control(
      String name, String label, String type, String value, List<Option> options) {
    public static Control date(String name, String label, String value) {
      return new Control(name, label, "date", value, List.of());
    }

    public static Control text(String name, String label, String value) {
      return new Control(name, label, "text", value, List.of());
    }

    public static Control select(String name, String label, String value, List<Option> options) {
      return new Control(name, label, "select", value, List.copyOf(options));
    }
  }

  /** A choice of a select: what is sent and what is shown. */
  public record Option(String value, String label) {}

  /** A page without data yet: one line saying which run fills it. */
  public static Answer empty(String title, String hint) {
    return new Answer(title, List.of(), List.of(hint), List.of());
  }
}
