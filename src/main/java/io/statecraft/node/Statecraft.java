package io.statecraft.node;

public final class Statecraft {
  public static void main(String[] args) {
    System.out.println("statecraft");
  }
}
