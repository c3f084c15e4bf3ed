package io.statecraft.move.runtime;

public enum Visibility {
  PRIVATE, PUBLIC, FRIEND
}
