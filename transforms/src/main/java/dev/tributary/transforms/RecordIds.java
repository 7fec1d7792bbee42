package dev.tributary.transforms;

/**
 * 64-bit record ids: FNV-1a over the source's characters, then the offset mixed in with
 * SplitMix64's finalizer, so that neighbouring offsets of one file land far apart. Stable across
 * JVMs (no String.hashCode, which two file names can share).
 */
public final class RecordIds {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /**
   * The last source hashed, shared by all threads (immutable, so a race only costs a hash): a
   * file's records share their source, and hashing its name for each of them took a tenth of a
   * trips load's JVM time.
   */
  private static volatile SourceHash last = new SourceHash("", FNV_OFFSET);

  private RecordIds() {}

  /** The id of the record at {@code offset} of {@code source}. */
  public static long of(String source, long offset) {
    SourceHash known = last;
    if (!source.equals(known.source)) {
      known = new SourceHash(source, fnv(source));
      last = known;
    }
    return mix(known.hash ^ mix(offset));
  }

  private static long fnv(String source) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < source.length(); i++) {
      hash = (hash ^ source.charAt(i)) * FNV_PRIME;
    }
    return hash;
  }

  private record SourceHash(String source, long hash) {}

  /** The id of a part of a record, such as a plane at a JSON path inside a document. */
  public static long part(long recordId, String path) {
    return path.isEmpty() ? recordId : of(path, recordId);
  }

  /** SplitMix64's finalizer: every input bit flips about half the output bits. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
