package dev.tributary.io.kafka;

import dev.tributary.io.UsageException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Pre-run checks and set-up of topics, with one-line errors a user can act on. */
public final class KafkaTopics {
  private static final long TIMEOUT_SECONDS = 10;

  private KafkaTopics() {}

  /** Creates {@code topic} with {@code partitions} partitions unless it exists. */
  public static void ensure(String bootstrapServers, String topic, int partitions) {
    try (Admin admin = admin(bootstrapServers)) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw unreachable(bootstrapServers, e.getCause());
      }
    } catch (TimeoutException e) {
      throw unreachable(bootstrapServers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }

  /** Fails with one line unless the broker answers and {@code topic} exists. */
  public static void check(String bootstrapServers, String topic) {
    try (Admin admin = admin(bootstrapServers)) {
      if (!admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
        throw new UsageException(
            "no topic '"
                + topic
                + "' on Kafka at "
                + bootstrapServers
                + "; produce to it first (scripts/replay.sh FILE --topic "
                + topic
                + ") or pass --topic");
      }
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable(bootstrapServers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topic " + topic, e);
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (TIMEOUT_SECONDS * 1000)));
  }

  private static UsageException unreachable(String bootstrapServers, Throwable cause) {
    return new UsageException(
        "cannot reach Kafka at "
            + bootstrapServers
            + " ("
            + cause.getClass().getSimpleName()
            + "); start one with scripts/kafka.sh start, or pass --bootstrapServers");
  }
}
