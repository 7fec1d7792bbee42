package dev.tributary.pipelines.dashboard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A page of the dashboard: a pipeline's tables read live into charts. */
public abstract class Report {
  private final String name;
  private final String title;

  /** A page at {@code /NAME} headed {@code title}. */
  Report(String name, String title) {
    this.name = name;
    this.title = title;
  }

  /** The pages, in the order of the menu. */
  static List<Report> all() {
    return List.of(
        new CovidReport(),
        new TripsReport(),
        new EnergyReport(),
        new WeatherReport(),
        new RoofsReport());
  }

  /** The page's path, {@code /NAME}, and the pipeline that fills it. */
  public String name() {
    return name;
  }

  /** The page's heading. */
  public String title() {
    return title;
  }

  /**
   * What the page shows, given its query parameters; a bad one is a {@link Params.BadParameter}.
   */
  abstract Answer answer(Connection c, Params params) throws SQLException;

  /**
   * The row of {@code choices} whose {@code column} is the parameter {@code parameter}, else the
   * first; a value no row has is a {@link Params.BadParameter} naming {@code what}.
   */
  static Row choose(
      List<Row> choices, String column, Params params, String parameter, String what) {
    String value = params.text(parameter, choices.get(0).text(column));
    return choices.stream()
        .filter(r -> value.equals(r.text(column)))
        .findFirst()
        .orElseThrow(
            () -> new Params.BadParameter("no " + what + " stored for " + parameter + " " + value));
  }
}
