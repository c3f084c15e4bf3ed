package io.statecraft.move.asm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A table under construction that finds the first index holding a value. */
final class Pool<T> {
  final List<T> list = new ArrayList<>();
  private final Map<T, Integer> first = new HashMap<>();

  Pool() {}

  Pool(List<T> seed) {
    for (T t : seed) {
      add(t);
    }
  }

  int size() {
    return list.size();
  }

  T get(int i) {
    return list.get(i);
  }

  /** Appends, even when an equal value is already there; returns the new index. */
  int add(T value) {
    list.add(value);
    first.putIfAbsent(value, list.size() - 1);
    return list.size() - 1;
  }

  /** First index of the value, or -1. */
  int find(T value) {
    Integer i = first.get(value);
    return i == null ? -1 : i;
  }

  /** First index of the value; appended when absent unless {@code frozen} (then -1). */
  int intern(T value, boolean frozen) {
    int i = find(value);
    if (i >= 0 || frozen) {
      return i;
    }
    return add(value);
  }
}
