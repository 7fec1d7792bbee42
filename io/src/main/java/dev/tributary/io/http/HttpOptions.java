package dev.tributary.io.http;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How an HTTP source treats the API it reads ({@link FetchResponses#with}): how fast it asks, how
 * long it waits for an answer, and how it retries one that may still come. A pipeline that reads an
 * API extends this mix-in.
 */
public interface HttpOptions extends PipelineOptions {
  @Description(
      "Requests per second to the API, shared by all of the job's requests on a worker (a token"
          + " bucket; retries take a token too).")
  @Default.Double(2)
  double getRequestsPerSecond();

  void setRequestsPerSecond(double value);

  @Description(
      "Attempts per request, the first included, before a 429, 5xx, timeout or connection error"
          + " becomes a dead letter.")
  @Default.Integer(5)
  int getMaxAttempts();

  void setMaxAttempts(int value);

  @Description(
      "Requests in flight at once on a worker thread (the answers of a bundle are handed on when"
          + " it ends); the bucket's rate still holds.")
  @Default.Integer(4)
  int getMaxConcurrentRequests();

  void setMaxConcurrentRequests(int value);

  @Description("Seconds to wait for an answer to one attempt (connecting included).")
  @Default.Integer(30)
  int getRequestTimeoutSeconds();

  void setRequestTimeoutSeconds(int value);

  @Description(
      "Milliseconds before the first retry; each further retry waits about twice as long, with"
          + " random jitter, unless the API sends Retry-After.")
  @Default.Long(500)
  long getInitialBackoffMillis();

  void setInitialBackoffMillis(long value);

  @Description("Longest wait between two attempts in milliseconds, Retry-After included.")
  @Default.Long(30000)
  long getMaxBackoffMillis();

  void setMaxBackoffMillis(long value);
}
