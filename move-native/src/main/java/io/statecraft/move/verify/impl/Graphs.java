package io.statecraft.move.verify.impl;

import java.util.Arrays;
import java.util.List;

/** Iterative graph algorithms (no recursion, so no stack overflow on big inputs). */
final class Graphs {
  private Graphs() {}

  /** A node on a cycle, or -1 when the graph is acyclic. */
  static int findCycle(int n, List<List<Integer>> edges) {
    byte[] color = new byte[n]; // 0 white, 1 on stack, 2 done
    int[] stack = new int[n];
    int[] next = new int[n];
    for (int root = 0; root < n; root++) {
      if (color[root] != 0) {
        continue;
      }
      int sp = 0;
      stack[sp++] = root;
      color[root] = 1;
      next[root] = 0;
      while (sp > 0) {
        int v = stack[sp - 1];
        List<Integer> out = edges.get(v);
        if (next[v] < out.size()) {
          int w = out.get(next[v]++);
          if (color[w] == 1) {
            return w;
          }
          if (color[w] == 0) {
            color[w] = 1;
            next[w] = 0;
            stack[sp++] = w;
          }
        } else {
          color[v] = 2;
          sp--;
        }
      }
    }
    return -1;
  }

  /** Tarjan's algorithm, iteratively: the component number of every node. */
  static int[] stronglyConnectedComponents(int n, List<List<Integer>> edges) {
    int[] index = new int[n];
    int[] low = new int[n];
    int[] comp = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    int[] tarjan = new int[n];
    int tsp = 0;
    int[] call = new int[n];
    int[] next = new int[n];
    int counter = 0;
    int comps = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int csp = 0;
      call[csp++] = root;
      index[root] = low[root] = counter++;
      tarjan[tsp++] = root;
      onStack[root] = true;
      next[root] = 0;
      while (csp > 0) {
        int v = call[csp - 1];
        List<Integer> out = edges.get(v);
        if (next[v] < out.size()) {
          int w = out.get(next[v]++);
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            tarjan[tsp++] = w;
            onStack[w] = true;
            next[w] = 0;
            call[csp++] = w;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
        } else {
          csp--;
          if (csp > 0) {
            int parent = call[csp - 1];
            low[parent] = Math.min(low[parent], low[v]);
          }
          if (low[v] == index[v]) {
            int w;
            do {
              w = tarjan[--tsp];
              onStack[w] = false;
              comp[w] = comps;
            } while (w != v);
            comps++;
          }
        }
      }
    }
    return comp;
  }
}
