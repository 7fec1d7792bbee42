package dev.tributary.pipelines.weather;

import dev.tributary.io.http.HttpOptions;
import dev.tributary.pipelines.runtime.JobOptions;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Options of the weather pipeline: which API and key, which cities, in which units to ask, how fast
 * and how often, and the moving average's span.
 */
public interface WeatherOptions extends JobOptions, HttpOptions {
  @Description(
      "OpenWeatherMap: the local replay server by default (scripts/replay-api.sh start),"
          + " https://api.openweathermap.org for the real one.")
  @Default.String("http://127.0.0.1:8089")
  String getApiUrl();

  void setApiUrl(String value);

  @Description(
      "The API key (appid); default $OPENWEATHER_API_KEY. Never logged or stored: masked as *** in"
          + " every URL a run keeps. The local replay server takes any key.")
  @Default.InstanceFactory(ApiKeyFromEnvironment.class)
  @Nullable String getApiKey();

  void setApiKey(String value);

  /** {@code $OPENWEATHER_API_KEY}, or none. */
  class ApiKeyFromEnvironment implements DefaultValueFactory<String> {
    @Override
    public @Nullable String create(PipelineOptions options) {
      String key = System.getenv("OPENWEATHER_API_KEY");
      return key == null || key.isBlank() ? null : key;
    }
  }

  @Description("The cities to poll: a CSV file with the header id,name,country,lat,lon.")
  @Default.String("data/sample/weather/cities.csv")
  String getCities();

  void setCities(String value);

  @Description(
      "Poll only these cities of --cities, by id (repeat the option or separate with commas);"
          + " default all.")
  @Default.InstanceFactory(AllCities.class)
  List<String> getCity();

  void setCity(List<String> value);

  /** No filter. */
  class AllCities implements DefaultValueFactory<List<String>> {
    @Override
    public List<String> create(PipelineOptions options) {
      return List.of();
    }
  }

  @Description(
      "Units to ask the API for: standard (K), metric (°C) or imperial (°F, mph); the stored"
          + " values are °C and m/s whichever.")
  @Default.String("metric")
  String getUnits();

  void setUnits(String value);

  @Description(
      "Requests per minute to the API (the free tier allows 60); 0: no limit. Sets"
          + " --requestsPerSecond.")
  @Default.Double(60)
  double getRequestsPerMinute();

  void setRequestsPerMinute(double value);

  @Description(
      "How often a stream (--streaming) polls every city (ISO-8601 duration); OpenWeatherMap"
          + " refreshes a city's reading about every 10 minutes.")
  @Default.String("PT10M")
  String getInterval();

  void setInterval(String value);

  @Description(
      "Hours of the moving average of hourly mean temperatures: the mean of the hourly means of"
          + " the N hours ending at each hour.")
  @Default.Integer(5)
  int getMovingAverageHours();

  void setMovingAverageHours(int value);

  @Description(
      "How often a stream updates the daily and hourly tables while their day or hour is open"
          + " (ISO-8601 duration).")
  @Default.String("PT1M")
  String getUpdateEvery();

  void setUpdateEvery(String value);

  @Description(
      "How long after its day or hour ended a late reading still updates the derived tables"
          + " (ISO-8601 duration); a later one is stored but leaves them alone.")
  @Default.String("P2D")
  String getAllowedLateness();

  void setAllowedLateness(String value);
}
