package dev.tributary.io.http;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One endpoint of a replayed API, registered on a {@link ReplayServer} by path. An API is a few
 * routes (see {@link EnergyChartsReplay#routes()}), so adding one never touches the server.
 */
@FunctionalInterface
public interface Route {

  /** The answer to {@code request}; it must depend only on the request (and its now, revision). */
  Reply handle(ReplayRequest request);

  /**
   * The local day the request asks for, which {@link ReplayServer#fault} matches on; empty when the
   * route has no notion of a day or the request names none it can read.
   */
  default Optional<LocalDate> day(ReplayRequest request) {
    return Optional.empty();
  }

  /**
   * What the request is about, which {@link ReplayServer#faultFor} matches on: by default its
   * {@link #day} in ISO ({@code 2025-06-02}); a route whose requests are about something else (the
   * weather's city id) names that. Empty when the request names nothing the route can read.
   */
  default Optional<String> subject(ReplayRequest request) {
    return day(request).map(LocalDate::toString);
  }
}
