package dev.tributary.pipelines.dashboard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A page of the dashboard: a pipeline's tables read live into charts. */
public interface Report {
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
  String name();

  /** The page's heading. */
  String title();

  /**
   * What the page shows, given its query parameters; a bad one is a {@link Params.BadParameter}.
   */
  Answer answer(Connection c, Params params) throws SQLException;
}
