package dev.tributary.io.http;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * GETs each {@link ApiRequest} and emits its answer as a {@link SourceRecord} on {@link #RESPONSES}
 * (the text the body, the location {@code Location.request(maskedUrl, sequence)}, the timestamp the
 * instant it was fetched), or a {@link DeadLetter} (step {@code fetch}) on {@link DeadLetters#TAG}
 * when it will not answer: the run goes on with the other requests.
 *
 * <p>Built from well-kept parts: {@link HttpClient} (one per JVM), a resilience4j {@link
 * RateLimiter} as the token bucket every request of the job draws from (one per JVM, per {@link
 * #withBucket bucket} and rate: on a runner with several workers the API sees up to workers ×
 * rate), and a resilience4j {@link Retry}: 408, 429, 500, 502, 503, 504, timeouts and connection
 * errors are tried again after {@code Retry-After} when the answer has one, else after an
 * exponential backoff with jitter, both capped; other statuses (400, 401, 403, 404, 422, ...) are
 * dead letters at once. A dead letter carries the masked URL, the status or error, how many
 * attempts were made, and the first KB of the body ({@link Urls#maskText secrets masked}).
 *
 * <p>Counted with Beam metrics ({@code requests}, {@code retries}, {@code throttled} for 429
 * answers, {@code failed}), not logged per request.
 *
 * <pre>{@code
 * PCollectionTuple fetched = requests.apply("FetchPower", FetchResponses.with(options));
 * PCollection<SourceRecord> responses = fetched.get(FetchResponses.RESPONSES);
 * PCollection<DeadLetter> failed = fetched.get(DeadLetters.TAG);
 * }</pre>
 */
@AutoValue
public abstract class FetchResponses extends PTransform<PCollection<ApiRequest>, PCollectionTuple> {
  /** The answers: one record per request that succeeded. */
  public static final TupleTag<SourceRecord> RESPONSES = new TupleTag<>("responses") {};

  public static final double DEFAULT_REQUESTS_PER_SECOND = 2;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.standardSeconds(30);
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.millis(500);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.standardSeconds(30);

  /**
   * How long a request waits for its token before it is a dead letter: far longer than a worker's
   * threads take to pass the bucket at any sensible rate, so only a stuck bucket ends here.
   */
  public static final Duration DEFAULT_PERMIT_TIMEOUT = Duration.standardMinutes(10);

  /** The bucket of requests that name none: every fetch of a job at one rate shares it. */
  public static final String DEFAULT_BUCKET = "api";

  /** The answers retried: the server may answer differently soon. */
  static final Set<Integer> RETRIED_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  /** How much of a failed answer's body a dead letter keeps. */
  static final int RAW_CHARS = 1024;

  abstract double requestsPerSecond();

  abstract int maxAttempts();

  abstract int maxConcurrentRequests();

  abstract Duration requestTimeout();

  abstract Duration initialBackoff();

  abstract Duration maxBackoff();

  abstract Duration permitTimeout();

  abstract String bucket();

  abstract Builder toBuilder();

  /** Fetches with the defaults: 2 requests per second, 5 attempts, 30 s each, 0.5 to 30 s apart. */
  public static FetchResponses create() {
    return new AutoValue_FetchResponses.Builder()
        .setRequestsPerSecond(DEFAULT_REQUESTS_PER_SECOND)
        .setMaxAttempts(DEFAULT_MAX_ATTEMPTS)
        .setMaxConcurrentRequests(DEFAULT_MAX_CONCURRENT_REQUESTS)
        .setRequestTimeout(DEFAULT_REQUEST_TIMEOUT)
        .setInitialBackoff(DEFAULT_INITIAL_BACKOFF)
        .setMaxBackoff(DEFAULT_MAX_BACKOFF)
        .setPermitTimeout(DEFAULT_PERMIT_TIMEOUT)
        .setBucket(DEFAULT_BUCKET)
        .build();
  }

  /** Fetches as {@code options} say (each validated as its {@code withX} does). */
  public static FetchResponses with(HttpOptions options) {
    return create()
        .withRequestsPerSecond(options.getRequestsPerSecond())
        .withMaxAttempts(options.getMaxAttempts())
        .withMaxConcurrentRequests(options.getMaxConcurrentRequests())
        .withRequestTimeout(Duration.standardSeconds(options.getRequestTimeoutSeconds()))
        .withBackoff(
            Duration.millis(options.getInitialBackoffMillis()),
            Duration.millis(options.getMaxBackoffMillis()));
  }

  /** How many requests per second the bucket lets through (retries included). */
  public FetchResponses withRequestsPerSecond(double requestsPerSecond) {
    Shared.rateLimiterConfig(requestsPerSecond, java.time.Duration.ZERO); // validates
    return toBuilder().setRequestsPerSecond(requestsPerSecond).build();
  }

  /** Attempts per request, the first included: 1 never retries. */
  public FetchResponses withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
    }
    return toBuilder().setMaxAttempts(maxAttempts).build();
  }

  /**
   * Requests in flight at once per DoFn instance: the waits for answers overlap; the answers of a
   * bundle are output when it ends. 1 fetches one after another.
   */
  public FetchResponses withMaxConcurrentRequests(int maxConcurrentRequests) {
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException(
          "max concurrent requests must be at least 1, was " + maxConcurrentRequests);
    }
    return toBuilder().setMaxConcurrentRequests(maxConcurrentRequests).build();
  }

  /** How long one attempt may take, connecting included, before it counts as timed out. */
  public FetchResponses withRequestTimeout(Duration timeout) {
    if (timeout == null || timeout.getMillis() < 1) {
      throw new IllegalArgumentException("request timeout must be at least 1 ms, was " + timeout);
    }
    return toBuilder().setRequestTimeout(timeout).build();
  }

  /**
   * The wait before the first retry, doubling (with jitter) up to {@code max}; {@code max} caps a
   * {@code Retry-After} too.
   */
  public FetchResponses withBackoff(Duration initial, Duration max) {
    requireNonNull(initial, "initial");
    requireNonNull(max, "max");
    new Backoff(initial.getMillis(), max.getMillis()); // validates
    return toBuilder().setInitialBackoff(initial).setMaxBackoff(max).build();
  }

  /** How long a request waits for its token; zero: a request without one is a dead letter. */
  public FetchResponses withPermitTimeout(Duration timeout) {
    if (timeout == null || timeout.getMillis() < 0) {
      throw new IllegalArgumentException("permit timeout must not be negative, was " + timeout);
    }
    return toBuilder().setPermitTimeout(timeout).build();
  }

  /**
   * The token bucket to draw from: fetches with the same bucket and rate share one per JVM (two
   * APIs with limits of their own take a bucket each).
   */
  public FetchResponses withBucket(String bucket) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must be named, was " + bucket);
    }
    return toBuilder().setBucket(bucket).build();
  }

  @Override
  public PCollectionTuple expand(PCollection<ApiRequest> requests) {
    return DeadLetters.parDo(
        requests,
        new FetchFn(
            bucket(),
            requestsPerSecond(),
            maxAttempts(),
            maxConcurrentRequests(),
            requestTimeout().getMillis(),
            new Backoff(initialBackoff().getMillis(), maxBackoff().getMillis()),
            permitTimeout().getMillis()),
        RESPONSES,
        Coders.of(requests.getPipeline(), SourceRecord.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("requestsPerSecond", requestsPerSecond()))
        .add(DisplayData.item("maxAttempts", maxAttempts()))
        .add(DisplayData.item("maxConcurrentRequests", maxConcurrentRequests()))
        .add(DisplayData.item("requestTimeout", requestTimeout()))
        .add(DisplayData.item("initialBackoff", initialBackoff()))
        .add(DisplayData.item("maxBackoff", maxBackoff()))
        .add(DisplayData.item("permitTimeout", permitTimeout()))
        .add(DisplayData.item("bucket", bucket()));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setRequestsPerSecond(double requestsPerSecond);

    abstract Builder setMaxAttempts(int maxAttempts);

    abstract Builder setMaxConcurrentRequests(int maxConcurrentRequests);

    abstract Builder setRequestTimeout(Duration requestTimeout);

    abstract Builder setInitialBackoff(Duration initialBackoff);

    abstract Builder setMaxBackoff(Duration maxBackoff);

    abstract Builder setPermitTimeout(Duration permitTimeout);

    abstract Builder setBucket(String bucket);

    abstract FetchResponses build();
  }

  /**
   * Fetches each request on a small pool, up to {@code maxConcurrent} at once: a token, then GET
   * with the timeout, retried as the {@link Retry} says; at the end of the bundle the answers or
   * dead letters out in the requests' order, each stamped with the instant of its fetch.
   */
  static final class FetchFn extends DoFn<ApiRequest, SourceRecord> {
    private static final Counter REQUESTS = Metrics.counter(FetchResponses.class, "requests");
    private static final Counter RETRIES = Metrics.counter(FetchResponses.class, "retries");
    private static final Counter THROTTLED = Metrics.counter(FetchResponses.class, "throttled");
    private static final Counter FAILED = Metrics.counter(FetchResponses.class, "failed");

    private final String bucket;
    private final double requestsPerSecond;
    private final int maxAttempts;
    private final int maxConcurrent;
    private final long timeoutMillis;
    private final Backoff backoff;
    private final long permitTimeoutMillis;

    private transient HttpClient client;
    private transient RateLimiter limiter;
    private transient Retry retry;
    private transient ExecutorService pool;

    /** The bundle's requests, in the order they came, each with its answer to come. */
    private transient List<Pending> pending;

    private record Pending(ApiRequest request, BoundedWindow window, Future<Fetched> answer) {}

    private record Fetched(Outcome outcome, Instant at, Tally tally) {}

    /**
     * What one request's attempts met, counted into the metrics on the DoFn's own thread: Beam's
     * metrics belong to the thread running the bundle, not to the pool's.
     */
    private record Tally(AtomicInteger attempts, AtomicInteger throttled) {
      Tally() {
        this(new AtomicInteger(), new AtomicInteger());
      }
    }

    FetchFn(
        String bucket,
        double requestsPerSecond,
        int maxAttempts,
        int maxConcurrent,
        long timeoutMillis,
        Backoff backoff,
        long permitTimeoutMillis) {
      this.bucket = bucket;
      this.requestsPerSecond = requestsPerSecond;
      this.maxAttempts = maxAttempts;
      this.maxConcurrent = maxConcurrent;
      this.timeoutMillis = timeoutMillis;
      this.backoff = backoff;
      this.permitTimeoutMillis = permitTimeoutMillis;
    }

    @Setup
    public void setup() {
      client = Shared.httpClient();
      pool =
          Executors.newFixedThreadPool(
              maxConcurrent,
              task -> {
                Thread thread = new Thread(task, "fetch-" + bucket);
                thread.setDaemon(true);
                return thread;
              });
      limiter =
          Shared.rateLimiter(
              bucket, requestsPerSecond, java.time.Duration.ofMillis(permitTimeoutMillis));
      retry =
          Retry.of(
              "fetch",
              RetryConfig.<HttpResponse<String>>custom()
                  .maxAttempts(maxAttempts)
                  .retryOnResult(response -> RETRIED_STATUSES.contains(response.statusCode()))
                  .retryOnException(e -> e instanceof IOException)
                  .intervalBiFunction(
                      (attempt, outcome) ->
                          backoff.millis(
                              attempt,
                              outcome.isRight()
                                  ? outcome.get().headers().firstValue("Retry-After").orElse(null)
                                  : null,
                              java.time.Instant.now()))
                  .build());
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
    }

    /**
     * Starts the request on the pool; with {@code maxConcurrent} in flight, first waits for the
     * oldest (its answer is kept for the end of the bundle).
     */
    @ProcessElement
    public void process(@Element ApiRequest request, BoundedWindow window) {
      if (pending.size() >= maxConcurrent) {
        await(pending.get(pending.size() - maxConcurrent).answer());
      }
      pending.add(
          new Pending(
              request,
              window,
              pool.submit(
                  () -> {
                    Tally tally = new Tally();
                    Outcome outcome = fetch(request.getUrl(), tally);
                    return new Fetched(outcome, Instant.now(), tally);
                  })));
    }

    /** Hands on the bundle's answers in their requests' order, each stamped when it came. */
    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (Pending p : pending) {
        Fetched fetched = await(p.answer());
        int attempts = fetched.tally().attempts().get();
        REQUESTS.inc(attempts);
        RETRIES.inc(Math.max(0, attempts - 1));
        THROTTLED.inc(fetched.tally().throttled().get());
        ApiRequest request = p.request();
        String masked = Urls.mask(request.getUrl());
        Location location = Location.request(masked, request.getSequence());
        Outcome outcome = fetched.outcome();
        if (outcome.failure() == null) {
          context.output(
              RESPONSES, SourceRecord.of(location, outcome.body()), fetched.at(), p.window());
          continue;
        }
        FAILED.inc();
        String reason = outcome.failure() + ": GET " + masked;
        String raw = firstChars(Urls.maskText(outcome.body(), request.getUrl()), RAW_CHARS);
        context.output(
            DeadLetters.TAG,
            DeadLetter.of(location, 0, Steps.FETCH, reason, raw),
            fetched.at(),
            p.window());
      }
      pending = new ArrayList<>();
    }

    @Teardown
    public void teardown() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    private static Fetched await(Future<Fetched> answer) {
      try {
        return answer.get();
      } catch (InterruptedException e) {
        answer.cancel(true);
        throw cancelled(e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        throw cause instanceof RuntimeException bug ? bug : new IllegalStateException(cause);
      }
    }

    /** A 2xx answer's body (failure null), or why there is none and the last answer's body. */
    private record Outcome(String body, @Nullable String failure) {}

    private Outcome fetch(String url, Tally tally) {
      HttpRequest get;
      try {
        get = get(url);
      } catch (IllegalArgumentException e) {
        return new Outcome("", "not an http(s) URL (" + Urls.maskText(e.getMessage(), url) + ")");
      }
      AtomicInteger attempts = tally.attempts();
      try {
        HttpResponse<String> response = retry.executeCheckedSupplier(() -> attempt(get, tally));
        String body = response.body() == null ? "" : response.body();
        return response.statusCode() / 100 == 2
            ? new Outcome(body, null)
            : new Outcome(body, "HTTP " + response.statusCode() + after(attempts.get()));
      } catch (InterruptedException e) {
        throw cancelled(e);
      } catch (NoPermit e) {
        return new Outcome(
            "",
            "no request permit within "
                + seconds(permitTimeoutMillis)
                + " at "
                + BigDecimal.valueOf(requestsPerSecond).stripTrailingZeros().toPlainString()
                + " requests per second"
                + (attempts.get() == 0 ? "" : after(attempts.get())));
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw cancelled(e); // the retry's wait was interrupted: resilience4j rethrows the last
        }
        String failure = describe(e, url) + after(attempts.get());
        if (e instanceof HttpTimeoutException) {
          failure += " (" + seconds(timeoutMillis) + " each)";
        }
        return new Outcome("", failure);
      } catch (Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
          throw cancelled(e);
        }
        if (e instanceof Error error) {
          throw error;
        }
        throw e instanceof RuntimeException bug ? bug : new IllegalStateException(e);
      }
    }

    private HttpRequest get(String url) {
      return HttpRequest.newBuilder(URI.create(url))
          .timeout(java.time.Duration.ofMillis(timeoutMillis))
          .header("Accept", "application/json")
          .GET()
          .build();
    }

    /** One attempt: a token from the bucket, then the request. */
    private HttpResponse<String> attempt(HttpRequest get, Tally tally)
        throws IOException, InterruptedException {
      if (!limiter.acquirePermission()) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while waiting for a request permit");
        }
        throw new NoPermit();
      }
      tally.attempts().incrementAndGet();
      HttpResponse<String> response = client.send(get, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 429) {
        tally.throttled().incrementAndGet();
      }
      return response;
    }

    /** The runner is cancelling the job: keep the flag, and stop. */
    private static RuntimeException cancelled(Throwable e) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted while fetching", e);
    }

    /** The first {@code n} characters of {@code text}, not splitting a surrogate pair. */
    static String firstChars(String text, int n) {
      if (text.length() <= n) {
        return text;
      }
      return text.substring(0, Character.isHighSurrogate(text.charAt(n - 1)) ? n - 1 : n);
    }

    private static String after(int attempts) {
      return " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
    }

    private static String seconds(long millis) {
      return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** What went wrong in a few words, no stack, no secret. */
    static String describe(IOException e, String url) {
      if (e instanceof HttpTimeoutException) {
        return "timed out";
      }
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
          return "unknown host";
        }
      }
      if (e instanceof ConnectException) {
        return "connection refused";
      }
      String message = e.getMessage();
      return "connection failed ("
          + e.getClass().getSimpleName()
          + (message == null ? "" : ": " + Urls.maskText(firstLine(message), url))
          + ")";
    }

    private static String firstLine(String message) {
      return message.lines().findFirst().orElse("");
    }
  }

  /** The bucket had no token for a request within the permit timeout. */
  static final class NoPermit extends RuntimeException {
    NoPermit() {
      super("no request permit", null, false, false);
    }
  }
}
