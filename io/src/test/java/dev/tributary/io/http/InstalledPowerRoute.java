package dev.tributary.io.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /installed_power?country=&time_step=yearly|monthly&installation_decommission=}: the
 * installed capacity ({@link InstalledCapacity}) per year ({@code "2002"}) or month ({@code
 * "01.2002"}, Germany only) up to now, in GW (battery capacity GWh), or with {@code
 * installation_decommission=true} the net change per period (monthly in MW, as the spec says).
 * Yearly answers use today's names, monthly ones the old names ({@code Solar}, {@code Battery
 * Storage (Power)}), since parsers have met both.
 */
final class InstalledPowerRoute implements Route {
  private static final Map<String, String> OLD_NAMES =
      Map.of(
          "Solar DC", "Solar",
          "Battery storage (power)", "Battery Storage (Power)",
          "Battery storage (capacity)", "Battery Storage (Capacity)");

  /** The time of day the data was last updated (as once observed), daily. */
  private static final LocalTime UPDATED_AT = LocalTime.of(14, 49, 27);

  private record Period(String label, double year) {}

  @Override
  public Reply handle(ReplayRequest request) {
    Boolean net = bool(request.param("installation_decommission", "false"));
    if (net == null) {
      return EnergyChartsReplay.validationError(
          "installation_decommission",
          "Input should be a valid boolean, unable to interpret input",
          "bool_parsing");
    }
    String country = request.param("country", "de");
    if (!EnergyChartsReplay.COUNTRIES.contains(country)) {
      return EnergyChartsReplay.unknownCountry(country);
    }
    String step = request.param("time_step", "yearly");
    boolean monthly = step.equals("monthly");
    if (!monthly && !step.equals("yearly")) {
      return EnergyChartsReplay.validationError(
          "time_step", "Input should be 'yearly' or 'monthly'", "enum");
    }
    if (monthly && !country.equals("de")) {
      return Reply.text(400, "Monthly data is only available for Germany (de)");
    }
    CountryProfile profile = CountryProfile.of(country);
    List<Period> periods = periods(profile.firstYear(), monthly, request.now());
    ObjectNode body = Reply.MAPPER.createObjectNode();
    ArrayNode time = body.putArray("time");
    periods.forEach(period -> time.add(period.label()));
    ArrayNode types = body.putArray("production_types");
    for (String name : profile.installed()) {
      if (monthly && name.equals("Solar AC")) {
        continue; // the old monthly series had one solar figure
      }
      ObjectNode type = types.addObject();
      type.put("name", monthly ? OLD_NAMES.getOrDefault(name, name) : name);
      type.set(
          "data", EnergyChartsReplay.array(values(name, profile.scale(), periods, net, monthly)));
    }
    body.put("last_update", lastUpdate(request.now()));
    body.put("deprecated", false);
    return Reply.json(200, body);
  }

  /** Every year, or month, from the country's first to now's. */
  private static List<Period> periods(int firstYear, boolean monthly, Instant now) {
    double nowYear = InstalledCapacity.year(now);
    YearMonth last = YearMonth.from(now.atZone(ZoneOffset.UTC));
    List<Period> periods = new ArrayList<>();
    for (YearMonth month = YearMonth.of(firstYear, 1);
        !month.isAfter(last);
        month = month.plusMonths(monthly ? 1 : 12)) {
      YearMonth end = monthly ? month.plusMonths(1) : month.plusYears(1);
      double year = Math.min(nowYear, end.getYear() + (end.getMonthValue() - 1) / 12.0);
      String label =
          monthly
              ? String.format(Locale.ROOT, "%02d.%d", month.getMonthValue(), month.getYear())
              : String.valueOf(month.getYear());
      periods.add(new Period(label, year));
    }
    return periods;
  }

  /** GW at each period's end (or now), rounded to MW; the change from the period before if net. */
  private static List<Double> values(
      String name, double scale, List<Period> periods, boolean net, boolean monthly) {
    List<Double> values = new ArrayList<>();
    Double before = null;
    for (Period period : periods) {
      Double gw = InstalledCapacity.germany(name, period.year());
      Double value = gw == null ? null : gw * scale;
      if (net) {
        Double change = value == null || before == null ? null : value - before;
        values.add(change == null ? null : round(monthly ? change * 1000 : change));
      } else {
        values.add(value == null ? null : round(value));
      }
      before = value;
    }
    return values;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** The latest daily update at or before now, in unix seconds. */
  private static long lastUpdate(Instant now) {
    Instant today =
        LocalDate.ofInstant(now, ZoneOffset.UTC).atTime(UPDATED_AT).toInstant(ZoneOffset.UTC);
    return (today.isAfter(now) ? today.minusSeconds(86_400) : today).getEpochSecond();
  }

  /** Pydantic's reading of a boolean query parameter; null when it is none. */
  private static Boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "y", "on", "t" -> true;
      case "false", "0", "no", "n", "off", "f" -> false;
      default -> null;
    };
  }
}
