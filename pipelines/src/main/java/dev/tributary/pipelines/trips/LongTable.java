package dev.tributary.pipelines.trips;

/**
 * A hash table from keys of three longs to a few long values, the first of them a count: open
 * addressing with linear probing in one flat array, each slot's key and values side by side, so a
 * look-up touches one cache line. The millions of groups and cells a bulk load sums take no object
 * each (a {@code HashMap} entry with a record key and a value object costs about three times the
 * memory, and the garbage collector's time besides). A slot whose count is 0 is free: callers add
 * to the count of every slot they take.
 */
final class LongTable {
  private static final long C1 = 0x9e3779b97f4a7c15L;
  private static final long C2 = 0xc2b2ae3d27d4eb4fL;
  private static final long C3 = 0x165667b19e3779f9L;

  private final int stride;
  private long[] slots;
  private int capacity;
  private int size;

  /** A table whose keys hold {@code values} longs, the first a count. */
  LongTable(int values) {
    this.stride = 3 + values;
    allocate(1 << 12);
  }

  int size() {
    return size;
  }

  int capacity() {
    return capacity;
  }

  boolean used(int slot) {
    return slots[stride * slot + 3] != 0;
  }

  long key(int slot, int i) {
    return slots[stride * slot + i];
  }

  long value(int slot, int i) {
    return slots[stride * slot + 3 + i];
  }

  void set(int slot, int i, long value) {
    slots[stride * slot + 3 + i] = value;
  }

  /** The slot of key (k0, k1, k2); a new key gets a slot whose values are all 0. */
  int slot(long k0, long k1, long k2) {
    if (size * 4L >= capacity * 3L) {
      grow();
    }
    int mask = capacity - 1;
    int slot = hash(k0, k1, k2) & mask;
    while (true) {
      int at = stride * slot;
      if (slots[at + 3] == 0) {
        slots[at] = k0;
        slots[at + 1] = k1;
        slots[at + 2] = k2;
        size++;
        return slot;
      }
      if (slots[at] == k0 && slots[at + 1] == k1 && slots[at + 2] == k2) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Reads the home slot of key (k0, k1, k2) and returns what it read, for a caller to keep. A batch
   * of look-ups that touches its keys first finds them in the cache: the touches' reads overlap,
   * where each look-up's own read waits for the one before it.
   */
  long touch(long k0, long k1, long k2) {
    int at = stride * (hash(k0, k1, k2) & (capacity - 1));
    return slots[at] ^ slots[at + stride - 1];
  }

  /** Empties the table, giving its memory back. */
  void clear() {
    allocate(1 << 12);
  }

  private void allocate(int slotCount) {
    slots = new long[stride * slotCount];
    capacity = slotCount;
    size = 0;
  }

  private void grow() {
    long[] old = slots;
    int oldCapacity = capacity;
    allocate(oldCapacity * 2);
    for (int s = 0; s < oldCapacity; s++) {
      int at = stride * s;
      if (old[at + 3] != 0) {
        int slot = slot(old[at], old[at + 1], old[at + 2]);
        System.arraycopy(old, at + 3, slots, stride * slot + 3, stride - 3);
      }
    }
  }

  private static int hash(long k0, long k1, long k2) {
    long h = k0 * C1 + k1 * C2 + k2 * C3;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h;
  }
}
