package dev.tributary.pipelines.roofs;

import java.io.Serializable;

/** A point or direction of a roof model, in the model's frame (x east-ish, y north-ish, z up). */
record Vec3(double x, double y, double z) implements Serializable {
  Vec3 minus(Vec3 other) {
    return new Vec3(x - other.x, y - other.y, z - other.z);
  }

  Vec3 times(double factor) {
    return new Vec3(x * factor, y * factor, z * factor);
  }

  double length() {
    return Math.sqrt(x * x + y * y + z * z);
  }
}
