package io.statecraft.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogfmtLayoutTest {
  private final LoggerContext ctx = new LoggerContext();
  private final LogfmtLayout layout = new LogfmtLayout();

  private LoggingEvent event(String msg, Throwable t) {
    return event(msg, t, Map.of());
  }

  private LoggingEvent event(String msg, Throwable t, Map<String, String> mdc) {
    LoggingEvent e = new LoggingEvent("fqcn", ctx.getLogger("io.statecraft.verticle.chainwatch.ChainWatcherVerticle"),
        Level.INFO, msg, t, null);
    e.setThreadName("vert.x-eventloop-thread-0");
    e.setMDCPropertyMap(mdc);
    return e;
  }

  @Test
  void oneLineWithMdcChannelAndHeight() {
    LoggingEvent e = event("chain event type=channel.joined", null,
        Map.of("channel", "0xabc", "height", "42", "node", "node-1"));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("nonce", 7));
    String line = layout.doLayout(e);
    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    assertThat(line).startsWith("ts=");
    assertThat(line).contains(" level=INFO logger=i.s.v.chainwatch.ChainWatcherVerticle thread=vert.x-eventloop-thread-0");
    assertThat(line).contains(" channel=0xabc height=42 node=node-1 ");
    assertThat(line).contains(" msg=\"chain event type=channel.joined\"");
    assertThat(line).contains(" nonce=7");
  }

  @Test
  void quotesAndEscapesSoEveryEventStaysOnOneLine() {
    String line = layout.doLayout(event("say \"hi\"\nand\\bye", new IllegalStateException("boom\nagain")));
    assertThat(line.strip()).doesNotContain("\n");
    assertThat(line).contains("msg=\"say \\\"hi\\\"\\nand\\\\bye\"");
    assertThat(line).contains("error=\"java.lang.IllegalStateException: boom\\nagain\"");
    assertThat(line).contains("stack=\"\\tat io.statecraft.node.logging.LogfmtLayoutTest");
  }

  @Test
  void plainValuesAreNotQuoted() {
    StringBuilder sb = new StringBuilder();
    LogfmtLayout.value(sb, "abc");
    sb.append('|');
    LogfmtLayout.value(sb, "");
    sb.append('|');
    LogfmtLayout.value(sb, "a=b");
    assertThat(sb).hasToString("abc|\"\"|\"a=b\"");
  }
}
