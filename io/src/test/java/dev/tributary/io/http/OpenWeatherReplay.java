package dev.tributary.io.http;

import java.util.Map;

/**
 * OpenWeatherMap's current weather ({@code GET /data/2.5/weather}) as the replay server serves it,
 * in the shapes, units and error bodies recorded in {@code shared/notes/apis.md} section 2 and the
 * six real bodies in {@code data/sample/weather/responses/}, with deterministic values ({@link
 * WeatherReading}), so a weather pipeline can poll the cities of {@code
 * data/sample/weather/cities.csv} with no key and no network.
 *
 * <p>Request: {@code lat} and {@code lon} find the nearest city of {@code cities.csv} within 0.05°;
 * {@code id} (a city id) instead of them is the legacy form (lat/lon win when both are given; a
 * city whose id is 0 is found by coordinates only); {@code units} is {@code standard} (K, m/s; the
 * default, and what any other value means), {@code metric} (°C, m/s) or {@code imperial} (°F, mph);
 * {@code appid} must be present and non-empty, any value is accepted. {@code q}, {@code zip},
 * {@code lang} and {@code mode} are not replayed.
 *
 * <p>Errors, checked in this order, bodies byte for byte as recorded (note {@code cod}: a number
 * for 401, a string for 400 and 404):
 *
 * <ul>
 *   <li>no or empty {@code appid}: 401 {@link #INVALID_KEY};
 *   <li>{@code lat} without {@code lon} or the reverse, or no location at all: 400 {@code
 *       {"cod":"400","message":"Nothing to geocode"}};
 *   <li>a latitude that is not a decimal number or beyond ±90: 400 {@code "wrong latitude"}; a
 *       longitude beyond ±180 or not a number: 400 {@code "wrong longitude"};
 *   <li>no city within 0.05°, or an id not in the list: 404 {@link #CITY_NOT_FOUND}.
 * </ul>
 *
 * <p>The answer is the reading at the server's now as OWM refreshes it, every 10 minutes: {@code
 * dt} is the last 10-minute mark at or before now less a lag of 1 to 6 minutes fixed per city, so
 * every request within a refresh gets the same bytes, the next refresh a reading 600 s later.
 * {@code timezone} is the city's UTC offset at {@code dt} (DST included: Sydney 39600 in January,
 * 36000 in July; Kolkata 19800), {@code sys.sunrise}/{@code sunset} those of {@code dt}'s local
 * day, an icon's {@code d}/{@code n} whether {@code dt} is between them. {@code rain} or {@code
 * snow} ({@code {"1h": mm}}) appear only with a 5xx or 6xx condition.
 *
 * <p>The oddities of the recordings, always for the same cities so tests can rely on them:
 *
 * <ul>
 *   <li>Lagos ({@value #LAGOS}): {@code clouds.all} is a string ({@code "59"}), as recorded;
 *   <li>Poltava ({@value #POLTAVA}): {@code sys} has no {@code type} or {@code id}, as recorded;
 *   <li>Saint Joseph ({@value #SAINT_JOSEPH}, MI): {@code "id":0}, as recorded (OWM gives the place
 *       no city id; {@code cities.csv} lists it with 0 too);
 *   <li>Manhattan Beach ({@value #MANHATTAN_BEACH}): {@code main} has no {@code sea_level} or
 *       {@code grnd_level}, as in all three of its recordings; every other city has both;
 *   <li>Chicago ({@value #CHICAGO}): rain is {@code {"3h": mm}} (three hours' worth), as older
 *       bodies carried it; its snow and everyone else's rain are {@code 1h};
 *   <li>{@code wind.gust} is absent from about one reading in four, whichever the city;
 *   <li>a whole number is written without a fraction ({@code "speed":2}), as OWM writes it.
 * </ul>
 *
 * <p>{@link ReplayServer#revise Revision} r raises Berlin's ({@value #BERLIN}) {@code main.temp} by
 * r × 0.5 K (0.5 °C, 0.9 °F) and changes nothing else, so a pipeline sees an update of one value
 * for a key ({@code id}, {@code dt}) it already has.
 *
 * <p>Faults: the route's {@link Route#subject subject} is the city's id, so {@code faultFor(PATH,
 * "2950159", fault)} hits Berlin only (whether asked by lat/lon or id); {@code faultFor(PATH, null,
 * fault)} hits every request. The server's per-client rate limit applies as for every route
 * (plain-text 429); {@link #BLOCKED} is OWM's own 429 body, for a {@link Fault#status} that
 * imitates it.
 */
public final class OpenWeatherReplay {
  public static final String PATH = "/data/2.5/weather";

  public static final String INVALID_KEY =
      "{\"cod\":401, \"message\": \"Invalid API key. Please see"
          + " https://openweathermap.org/faq#error401 for more info.\"}";
  public static final String CITY_NOT_FOUND = "{\"cod\":\"404\",\"message\":\"city not found\"}";
  public static final String BLOCKED =
      "{\"cod\": 429, \"message\": \"Your account is temporary blocked due to exceeding of requests"
          + " limitation of your subscription type. Please choose the proper subscription"
          + " https://openweathermap.org/price\"}";

  public static final long BERLIN = 2950159;
  public static final long LAGOS = 2332453;
  public static final long POLTAVA = 696643;
  public static final long SAINT_JOSEPH = 0;
  public static final long MANHATTAN_BEACH = 5370082;
  public static final long CHICAGO = 4887398;

  private OpenWeatherReplay() {}

  /** The routes, by path, that {@link ReplayServer} serves. */
  static Map<String, Route> routes() {
    return Map.of(PATH, new CurrentWeatherRoute());
  }

  /** OWM's 400 for a location it cannot read: {@code cod} is a string. */
  static Reply badRequest(String message) {
    return Reply.raw(400, "{\"cod\":\"400\",\"message\":\"" + message + "\"}");
  }
}
