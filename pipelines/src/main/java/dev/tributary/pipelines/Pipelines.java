package dev.tributary.pipelines;

import dev.tributary.io.UsageException;
import dev.tributary.pipelines.applications.ApplicationsPipeline;
import dev.tributary.pipelines.car.CarPipeline;
import dev.tributary.pipelines.covid.CovidPipeline;
import dev.tributary.pipelines.energy.EnergyPipeline;
import dev.tributary.pipelines.roofs.RoofsPipeline;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.sales.SalesPipeline;
import dev.tributary.pipelines.trips.TripsPipeline;
import dev.tributary.pipelines.weather.WeatherPipeline;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pipelines of Tributary: the one list that {@code scripts/run.sh --list} and {@code
 * scripts/run.sh NAME}, the Flex Template script and its metadata test, and the README's table
 * read.
 */
public final class Pipelines {
  public static final List<Job<?>> ALL =
      List.of(
          new TripsPipeline(),
          new RoofsPipeline(),
          new EnergyPipeline(),
          new WeatherPipeline(),
          new ApplicationsPipeline(),
          new SalesPipeline(),
          new CovidPipeline(),
          new CarPipeline());

  private Pipelines() {}

  /** The job called {@code name}, or one line naming the ones there are. */
  public static Job<?> named(String name) {
    return ALL.stream()
        .filter(job -> job.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new UsageException("unknown pipeline '" + name + "'; pipelines: " + names()));
  }

  public static String names() {
    return ALL.stream().map(Job::name).collect(Collectors.joining(", "));
  }
}
