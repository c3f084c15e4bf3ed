package io.statecraft.node.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One log event per line in logfmt: {@code ts=… level=… logger=… thread=…}, then the MDC
 * (where {@code node}, {@code channel} and {@code height} travel), then {@code msg=…}, then
 * SLF4J key-value pairs, then {@code error=…} and {@code stack=…} for a throwable.
 *
 * <p>Logfmt rather than JSON: it stays readable in a terminal during {@code statecraft dev},
 * while Loki, Vector, Grafana and {@code grep key=value} parse it without configuration. Every
 * value that holds a space, quote, '=' or line break is quoted and escaped, so one event is
 * always exactly one line, stack traces included.
 */
public final class LogfmtLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_INSTANT;
  private static final int MAX_FRAMES = 40;

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("ts=").append(TS.format(Instant.ofEpochMilli(event.getTimeStamp())));
    sb.append(" level=").append(event.getLevel());
    sb.append(" logger=");
    value(sb, abbreviate(event.getLoggerName()));
    sb.append(" thread=");
    value(sb, event.getThreadName());
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(mdc).entrySet()) {
        pair(sb, e.getKey(), e.getValue());
      }
    }
    pair(sb, "msg", event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        pair(sb, kv.key, String.valueOf(kv.value));
      }
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      pair(sb, "error", t.getClassName() + ": " + t.getMessage());
      pair(sb, "stack", stack(t));
    }
    sb.append(CoreConstants.LINE_SEPARATOR);
    return sb.toString();
  }

  private static String stack(IThrowableProxy t) {
    StringBuilder sb = new StringBuilder();
    int frames = 0;
    for (IThrowableProxy cur = t; cur != null && frames < MAX_FRAMES; cur = cur.getCause()) {
      if (cur != t) {
        sb.append("Caused by: ").append(cur.getClassName()).append(": ").append(cur.getMessage()).append('\n');
      }
      StackTraceElementProxy[] st = cur.getStackTraceElementProxyArray();
      for (int i = 0; i < st.length && frames < MAX_FRAMES; i++, frames++) {
        sb.append("\tat ").append(st[i].getStackTraceElement()).append('\n');
      }
    }
    return sb.toString();
  }

  /** io.statecraft.verticle.chainwatch.ChainWatcherVerticle → i.s.v.chainwatch.ChainWatcherVerticle. */
  static String abbreviate(String logger) {
    if (logger == null) {
      return "";
    }
    String[] parts = logger.split("\\.");
    if (parts.length <= 2) {
      return logger;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length - 2; i++) {
      sb.append(parts[i].isEmpty() ? "" : parts[i].substring(0, 1)).append('.');
    }
    return sb.append(parts[parts.length - 2]).append('.').append(parts[parts.length - 1]).toString();
  }

  private static void pair(StringBuilder sb, String key, String v) {
    sb.append(' ');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      sb.append(c <= ' ' || c == '=' || c == '"' ? '_' : c);
    }
    sb.append('=');
    value(sb, v);
  }

  /** Appends a logfmt value, quoted and escaped when it needs to be. */
  static void value(StringBuilder sb, String v) {
    if (v == null) {
      sb.append("null");
      return;
    }
    boolean plain = !v.isEmpty();
    for (int i = 0; plain && i < v.length(); i++) {
      char c = v.charAt(i);
      plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c != 0x7f;
    }
    if (plain) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
