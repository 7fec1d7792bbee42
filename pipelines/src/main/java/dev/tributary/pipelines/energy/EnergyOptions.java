package dev.tributary.pipelines.energy;

import dev.tributary.io.http.HttpOptions;
import dev.tributary.io.sinks.SinkOptions;
import dev.tributary.pipelines.runtime.JobOptions;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of the energy pipeline: which API, which areas and days, which datasets, how often a
 * stream fetches each, and the stores ({@code --sink}).
 */
public interface EnergyOptions extends JobOptions, HttpOptions, SinkOptions {
  @Description(
      "The Energy-Charts API: the local replay server by default (scripts/replay-api.sh start),"
          + " https://api.energy-charts.info for the real one.")
  @Default.String("http://127.0.0.1:8089")
  String getApiUrl();

  void setApiUrl(String value);

  @Description("Country of /public_power and /installed_power, lower case as the API has it.")
  @Default.String("de")
  String getCountry();

  void setCountry(String value);

  @Description("Bidding zone of /price, as the API spells it (case matters).")
  @Default.String("DE-LU")
  String getBzn();

  void setBzn(String value);

  @Description(
      "First local day (YYYY-MM-DD, the country's zone) of the backfill window; one request per"
          + " day and dataset.")
  @Default.String("2025-09-29")
  String getStart();

  void setStart(String value);

  @Description("Last local day (YYYY-MM-DD) of the backfill window, inclusive.")
  @Default.String("2025-10-05")
  String getEnd();

  void setEnd(String value);

  @Description("Datasets to load, comma-separated: public_power, price, installed_power.")
  @Default.String("public_power,price,installed_power")
  String getDatasets();

  void setDatasets(String value);

  @Description(
      "Days before today fetched again although stored (a backfill), or at every tick (a"
          + " stream): the API revises its recent intervals.")
  @Default.Integer(2)
  int getRefetchDays();

  void setRefetchDays(int value);

  @Hidden
  @Description(
      "Requests whose answers are stored whole, set by the job before it runs (its cursor): a"
          + " backfill skips them unless they are within --refetchDays of today.")
  @Default.InstanceFactory(NoRequests.class)
  List<String> getStoredRequests();

  void setStoredRequests(List<String> value);

  /** None stored: the default before the job looks. */
  class NoRequests implements DefaultValueFactory<List<String>> {
    @Override
    public List<String> create(PipelineOptions options) {
      return List.of();
    }
  }

  @Description("How often a stream fetches /public_power (ISO-8601 duration).")
  @Default.String("P1D")
  String getPublicPowerEvery();

  void setPublicPowerEvery(String value);

  @Description("How often a stream fetches /price (ISO-8601 duration).")
  @Default.String("P1D")
  String getPriceEvery();

  void setPriceEvery(String value);

  @Description("How often a stream fetches /installed_power (ISO-8601 period, e.g. P1M).")
  @Default.String("P1M")
  String getInstalledPowerEvery();

  void setInstalledPowerEvery(String value);
}
