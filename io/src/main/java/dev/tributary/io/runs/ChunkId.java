package dev.tributary.io.runs;

import dev.tributary.transforms.RecordIds;
import java.util.UUID;

/**
 * The name of a chunk of records in the run ledger: made from the ids of its records, in any order,
 * so a chunk that a runner retries (the same records again) gets the same name, and the ledger
 * counts it once. Two sums of differently mixed ids, the count and the counting step's seed give
 * 128 bits: distinct chunks of one run share a name with negligible probability.
 */
final class ChunkId {
  private final long seed;
  private long count;
  private long sum;
  private long mixedSum;

  ChunkId(String seed) {
    this.seed = RecordIds.of(seed, 0);
  }

  void add(long recordId) {
    count++;
    sum += RecordIds.mix(recordId);
    mixedSum += RecordIds.mix(recordId ^ 0x9e3779b97f4a7c15L);
  }

  boolean isEmpty() {
    return count == 0;
  }

  UUID uuid() {
    return new UUID(RecordIds.mix(sum ^ seed) ^ count, RecordIds.mix(mixedSum + seed) ^ count);
  }

  void reset() {
    count = 0;
    sum = 0;
    mixedSum = 0;
  }
}
