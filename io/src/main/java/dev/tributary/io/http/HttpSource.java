package dev.tributary.io.http;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.UsageException;
import dev.tributary.transforms.Coders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The HTTP source ({@code --source=http}): {@link HttpRequests} fetched by {@link FetchResponses}.
 * A batch fetches the backfill; a stream fetches it once at its start, and each schedule's requests
 * at every tick of a Beam {@link PeriodicImpulse}, until the job is stopped. Out come the answers
 * on {@link FetchResponses#RESPONSES} and the requests that failed on {@code DeadLetters.TAG}.
 */
public final class HttpSource extends PTransform<PBegin, PCollectionTuple> {
  /** How long the check before a run waits for the API to answer. */
  static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(5);

  private final HttpRequests requests;
  private final FetchResponses fetch;
  private final boolean streaming;
  private final @Nullable Instant stopAt;

  private HttpSource(
      HttpRequests requests, FetchResponses fetch, boolean streaming, @Nullable Instant stopAt) {
    this.requests = requireNonNull(requests, "requests");
    this.fetch = requireNonNull(fetch, "fetch");
    this.streaming = streaming;
    this.stopAt = stopAt;
  }

  /** {@code requests} fetched as {@code options} say, a stream when {@code --streaming}. */
  public static HttpSource read(HttpRequests requests, HttpOptions options) {
    return new HttpSource(
        requests,
        FetchResponses.with(options),
        options.as(StreamingOptions.class).isStreaming(),
        null);
  }

  /** The backfill of {@code requests}, fetched with {@link FetchResponses#create}'s defaults. */
  public static HttpSource of(HttpRequests requests) {
    return new HttpSource(requests, FetchResponses.create(), false, null);
  }

  /** Fetches with {@code fetch}. */
  public HttpSource withFetch(FetchResponses fetch) {
    return new HttpSource(requests, fetch, streaming, stopAt);
  }

  /** A stream: the schedules' requests at their ticks too, after the backfill. */
  public HttpSource withStreaming(boolean streaming) {
    return new HttpSource(requests, fetch, streaming, stopAt);
  }

  /** The schedules tick until {@code stopAt} instead of until the job is stopped (tests). */
  HttpSource withSchedulesUntil(Instant stopAt) {
    return new HttpSource(requests, fetch, streaming, requireNonNull(stopAt, "stopAt"));
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    Coder<ApiRequest> coder = Coders.of(input.getPipeline(), ApiRequest.class);
    // One element expanded: the backfill is one bundle, whose requests FetchResponses overlaps
    // (a Create of many elements may hand them on one per bundle, fetched one after another).
    PCollection<ApiRequest> all =
        input
            .apply(
                "Backfill",
                Create.<List<ApiRequest>>of(requests.backfill()).withCoder(ListCoder.of(coder)))
            .apply("EachRequest", Flatten.iterables())
            .setCoder(coder);
    if (streaming && !requests.schedules().isEmpty()) {
      PCollectionList<ApiRequest> scheduled = PCollectionList.of(all);
      List<HttpRequests.Schedule> schedules = requests.schedules();
      for (int i = 0; i < schedules.size(); i++) {
        HttpRequests.Schedule schedule = schedules.get(i);
        PeriodicImpulse ticks = PeriodicImpulse.create().withInterval(schedule.every());
        if (stopAt != null) {
          ticks = ticks.stopAt(stopAt);
        }
        scheduled =
            scheduled.and(
                input
                    .apply("Tick" + (i + 1), ticks)
                    .apply(
                        "RequestsAt" + (i + 1), ParDo.of(new RequestsAtFn(schedule.requestsAt())))
                    .setCoder(coder));
      }
      all = scheduled.apply("AllRequests", Flatten.pCollections());
    }
    return all.apply("Fetch", fetch);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("probeUrl", Urls.mask(requests.probeUrl())))
        .add(DisplayData.item("backfill", requests.backfill().size()))
        .add(DisplayData.item("schedules", requests.schedules().size()))
        .add(DisplayData.item("streaming", streaming))
        .include("fetch", fetch);
  }

  /**
   * Fails with one {@link UsageException} line unless {@code url} answers a GET within 5 s: any
   * HTTP status will do, it only shows that the API is there.
   */
  public static void probe(String url) {
    String reason;
    try {
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT).GET().build();
      Shared.httpClient().send(get, HttpResponse.BodyHandlers.discarding());
      return;
    } catch (IllegalArgumentException e) {
      reason = "not an http(s) URL";
    } catch (SSLException e) {
      reason = "TLS handshake failed";
    } catch (IOException e) {
      reason = FetchResponses.FetchFn.describe(e, url);
      if (reason.equals("timed out")) {
        reason = "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing " + Urls.mask(url), e);
    }
    throw new UsageException(
        "cannot reach the API at "
            + Urls.mask(url)
            + " ("
            + reason
            + "); start the local replay server (scripts/replay-api.sh start) or pass --apiUrl");
  }

  /** A tick's requests, each with the tick's epoch millis as its sequence. */
  static final class RequestsAtFn extends DoFn<Instant, ApiRequest> {
    private final SerializableFunction<Instant, List<ApiRequest>> requestsAt;

    RequestsAtFn(SerializableFunction<Instant, List<ApiRequest>> requestsAt) {
      this.requestsAt = requestsAt;
    }

    @ProcessElement
    public void process(@Element Instant tick, OutputReceiver<ApiRequest> out) {
      for (ApiRequest request : requestsAt.apply(tick)) {
        out.output(request.withSequence(tick.getMillis()));
      }
    }
  }
}
