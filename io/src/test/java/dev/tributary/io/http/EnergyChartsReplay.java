package dev.tributary.io.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Energy-Charts (api.energy-charts.info, spec v1.5) as the replay server serves it: {@code
 * /public_power}, {@code /price} and {@code /installed_power} with the shapes, names, units, time
 * grid and errors recorded in {@code shared/notes/apis.md} section 1, and deterministic values, so
 * parsers meet every trap the real API sets (name spellings, DST days, resolution changes, unit
 * drift, nulls, empty answers) without the internet.
 *
 * <p>{@link ReplayServer#revise Revision} r changes exactly one number per local day and series
 * family, so tests can count what an update touched: the {@code Solar} value of the slot starting
 * at 12:00 local is r × 10 MW higher (nothing derived from it moves), and the price of the slot
 * starting at 12:00 local is r EUR/MWh higher (never a null slot).
 */
public final class EnergyChartsReplay {
  /** Countries of {@code /public_power} and {@code /installed_power}, as the spec lists them. */
  public static final Set<String> COUNTRIES =
      Set.of(
          "de", "ch", "eu", "all", "al", "am", "at", "az", "ba", "be", "bg", "by", "cy", "cz", "dk",
          "ee", "es", "fi", "fr", "ge", "gr", "hr", "hu", "ie", "it", "lt", "lu", "lv", "md", "me",
          "mk", "mt", "nie", "nl", "no", "pl", "pt", "ro", "rs", "ru", "se", "si", "sk", "tr", "ua",
          "uk", "xk");

  /** Bidding zones of {@code /price}, as the spec lists them (case matters). */
  public static final Set<String> BIDDING_ZONES =
      Set.of(
          "AT",
          "BE",
          "BG",
          "CH",
          "CZ",
          "DE-LU",
          "DE-AT-LU",
          "DK1",
          "DK2",
          "EE",
          "ES",
          "FI",
          "FR",
          "GR",
          "HR",
          "HU",
          "IT-Calabria",
          "IT-Centre-North",
          "IT-Centre-South",
          "IT-North",
          "IT-SACOAC",
          "IT-SACODC",
          "IT-Sardinia",
          "IT-Sicily",
          "IT-South",
          "LT",
          "LV",
          "ME",
          "NL",
          "NO1",
          "NO2",
          "NO2NSL",
          "NO3",
          "NO4",
          "NO5",
          "PL",
          "PT",
          "RO",
          "RS",
          "SE1",
          "SE2",
          "SE3",
          "SE4",
          "SI",
          "SK");

  /** The time zones whose days differ from Berlin's; every other area's day is Berlin's. */
  private static final Map<String, String> ZONES =
      Map.ofEntries(
          Map.entry("at", "Europe/Vienna"),
          Map.entry("fr", "Europe/Paris"),
          Map.entry("ch", "Europe/Zurich"),
          Map.entry("dk", "Europe/Copenhagen"),
          Map.entry("dk1", "Europe/Copenhagen"),
          Map.entry("dk2", "Europe/Copenhagen"),
          Map.entry("nl", "Europe/Amsterdam"),
          Map.entry("pl", "Europe/Warsaw"),
          Map.entry("be", "Europe/Brussels"),
          Map.entry("pt", "Europe/Lisbon"),
          Map.entry("uk", "Europe/London"),
          Map.entry("ie", "Europe/Dublin"),
          Map.entry("fi", "Europe/Helsinki"),
          Map.entry("gr", "Europe/Athens"));

  private EnergyChartsReplay() {}

  /** The routes, by path, that {@link ReplayServer} serves at its root. */
  static Map<String, Route> routes() {
    return Map.of(
        "/public_power", new PublicPowerRoute(),
        "/price", new PriceRoute(),
        "/installed_power", new InstalledPowerRoute());
  }

  /** The local time of a country ({@code de}) or bidding zone ({@code DE-LU}). */
  static ZoneId zone(String area) {
    return ZoneId.of(ZONES.getOrDefault(area.toLowerCase(Locale.ROOT), "Europe/Berlin"));
  }

  /** The live API's answer to a country it does not know: 400, plain text. */
  static Reply unknownCountry(String country) {
    return Reply.text(
        400,
        "'"
            + country
            + "' is not the code for an available country. Please refer to the API doc for"
            + " information about available countries");
  }

  /** FastAPI's 422 for one bad query parameter. */
  static Reply validationError(String param, String message, String type) {
    ObjectNode body = Reply.MAPPER.createObjectNode();
    ObjectNode error = body.putArray("detail").addObject();
    error.putArray("loc").add("query").add(param);
    error.put("msg", message);
    error.put("type", type);
    return Reply.json(422, body);
  }

  /** A JSON array of {@code values}, nulls kept. */
  static ArrayNode array(List<? extends Number> values) {
    ArrayNode array = Reply.MAPPER.createArrayNode();
    for (Number value : values) {
      if (value == null) {
        array.addNull();
      } else if (value instanceof Long whole) {
        array.add(whole);
      } else {
        array.add(value.doubleValue());
      }
    }
    return array;
  }
}
