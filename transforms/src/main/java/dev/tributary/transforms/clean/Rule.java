package dev.tributary.transforms.clean;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A validation rule: null when the value passes, else the reason it is rejected. */
@FunctionalInterface
public interface Rule<T> extends Serializable {
  @Nullable String check(T value);
}
