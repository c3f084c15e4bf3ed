package io.statecraft.verticle.peer.impl;

import java.util.Map;

/**
 * Best path to one destination (SPEC §5, seed 000 §4), a pure function so it can be tested
 * alone. Latencies are round trips in microseconds; a relay's cost is my RTT to the relay plus
 * the relay's reported direct RTT to the destination.
 */
public final class Router {
  /** The chosen next hop ({@code destination} itself when direct) and the expected RTT (-1 unknown). */
  public record Route(String nextHop, long rttMicros, boolean forced) {
    public boolean direct(String destination) {
      return nextHop.equals(destination);
    }
  }

  private final long hysteresisMicros;
  private final double hysteresisRatio;

  public Router(long hysteresisMicros, double hysteresisRatio) {
    this.hysteresisMicros = hysteresisMicros;
    this.hysteresisRatio = hysteresisRatio;
  }

  /**
   * @param destination the peer to reach
   * @param directUp whether a link to it is up
   * @param directRtt smoothed RTT of that link, -1 if not measured yet
   * @param relayCosts for each relay with a link up and a report about the destination: my RTT
   *     to it plus its reported RTT to the destination
   * @param current the previous route, or null
   * @param forcedRelay a relay to use whenever its link is up ({@code relayCosts} may lack it), or null
   * @param forcedRelayUp whether the forced relay's link is up
   * @return the route, or null when the destination is unreachable
   */
  public Route choose(String destination, boolean directUp, long directRtt, Map<String, Long> relayCosts,
      Route current, String forcedRelay, boolean forcedRelayUp) {
    if (forcedRelay != null && forcedRelayUp) {
      return new Route(forcedRelay, relayCosts.getOrDefault(forcedRelay, -1L), true);
    }
    String bestRelay = null;
    long bestCost = Long.MAX_VALUE;
    for (Map.Entry<String, Long> e : relayCosts.entrySet()) {
      // Ties go to the smaller key so that every evaluation picks the same relay.
      if (e.getValue() < bestCost || (e.getValue() == bestCost && e.getKey().compareTo(bestRelay) < 0)) {
        bestCost = e.getValue();
        bestRelay = e.getKey();
      }
    }
    if (!directUp) {
      return bestRelay == null ? null : new Route(bestRelay, bestCost, false);
    }
    if (directRtt < 0 || bestRelay == null) {
      return new Route(destination, directRtt, false);
    }
    boolean relayedNow = current != null && !current.forced() && !current.direct(destination);
    if (relayedNow) {
      // Stay relayed while a relay still beats the direct link; back to direct as soon as not.
      return bestCost < directRtt ? new Route(bestRelay, bestCost, false) : new Route(destination, directRtt, false);
    }
    long margin = Math.max(hysteresisMicros, (long) (directRtt * hysteresisRatio));
    return bestCost + margin < directRtt ? new Route(bestRelay, bestCost, false) : new Route(destination, directRtt, false);
  }
}
