package dev.tributary.pipelines.covid;

import dev.tributary.io.http.HttpOptions;
import dev.tributary.pipelines.runtime.JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the covid pipeline: which API, which country, which days. */
public interface CovidOptions extends JobOptions, HttpOptions {
  @Description(
      "covid19api.com: the local replay server by default (scripts/replay-api.sh start); the real"
          + " https://api.covid19api.com was shut down in May 2023.")
  @Default.String("http://127.0.0.1:8089")
  String getApiUrl();

  void setApiUrl(String value);

  @Description("The country's slug in the API's paths.")
  @Default.String("singapore")
  String getCountry();

  void setCountry(String value);

  @Description(
      "Which endpoint: country (/country/{country}/status/confirmed) or total"
          + " (/total/country/{country}/status/confirmed); both answer a country's daily cumulative"
          + " counts in the same shape.")
  @Default.String("country")
  String getEndpoint();

  void setEndpoint(String value);

  @Description("The first day to ask for (YYYY-MM-DD); empty: from the first.")
  @Default.String("2020-01-22")
  String getFrom();

  void setFrom(String value);

  @Description("The last day to ask for (YYYY-MM-DD); empty: up to the last.")
  @Default.String("2023-03-31")
  String getTo();

  void setTo(String value);
}
