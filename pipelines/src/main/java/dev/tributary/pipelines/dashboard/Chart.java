package dev.tributary.pipelines.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * One chart of a page, as the page's script draws it with ECharts: an x axis, one or two value axes
 * and its series, each a list of {@code [x, y]} points. The points are the database's values as
 * queried (days and times as ISO-8601 text), so the browser test can read them back from the drawn
 * chart and compare.
 *
 * @param x the x axis: {@code time} or {@code category}
 * @param y the value axes, left then right
 * @param horizontal whether the bars lie: categories down the side, values along the bottom
 */
public record Chart(
    String id, String title, Axis x, List<Axis> y, boolean horizontal, List<Series> series) {

  /**
   * An axis: its name (with the unit) and ECharts type ({@code time}, {@code category}, {@code
   * value}).
   */
  public record Axis(String name, String type) {}

  /**
   * A series: its name in the legend, ECharts type ({@code line}, {@code bar}, {@code scatter}),
   * the value axis it is read on (0 left, 1 right), the stack it is piled on (or null) and its
   * points.
   */
  public record Series(String name, String type, int yAxis, String stack, List<List<Object>> data) {
    public Series {
      data = List.copyOf(data);
    }
  }

  /** A chart over days or times, one value axis named {@code y}. */
  public static Chart overTime(String id, String title, String y) {
    return new Chart(
        id, title, new Axis("", "time"), List.of(new Axis(y, "value")), false, List.of());
  }

  /** A bar chart over categories (named by the title), one value axis named {@code y}. */
  public static Chart byCategory(String id, String title, String y) {
    return new Chart(
        id, title, new Axis("", "category"), List.of(new Axis(y, "value")), false, List.of());
  }

  /** This chart with a second value axis, on the right. */
  public Chart withRightAxis(String name) {
    List<Axis> axes = new ArrayList<>(y);
    axes.add(new Axis(name, "value"));
    return new Chart(id, title, x, List.copyOf(axes), horizontal, series);
  }

  /** This chart with its bars lying down. */
  public Chart lying() {
    return new Chart(id, title, x, y, true, series);
  }

  /** This chart with one more series. */
  public Chart with(Series s) {
    List<Series> all = new ArrayList<>(series);
    all.add(s);
    return new Chart(id, title, x, y, horizontal, List.copyOf(all));
  }

  /** A series of {@code rows}' {@code xColumn} against {@code yColumn}, read on the left axis. */
  public static Series series(
      String name, String type, List<Row> rows, String xColumn, String yColumn) {
    return new Series(
        name,
        type,
        0,
        null,
        rows.stream().map(r -> point(r.get(xColumn), r.get(yColumn))).toList());
  }

  /** The same series read on the right axis. */
  public static Series onRight(Series s) {
    return new Series(s.name(), s.type(), 1, s.stack(), s.data());
  }

  /** The same series piled on {@code stack}. */
  public static Series stacked(Series s, String stack) {
    return new Series(s.name(), s.type(), s.yAxis(), stack, s.data());
  }

  /** A point; a null value stays null (a gap in a line), unlike {@link List#of}. */
  public static List<Object> point(Object x, Object y) {
    List<Object> p = new ArrayList<>(2);
    p.add(x);
    p.add(y);
    return p;
  }
}
