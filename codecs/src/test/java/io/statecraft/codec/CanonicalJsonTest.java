package io.statecraft.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void sortsMemberNamesByUtf16CodeUnitsAsRfc8785Section323Shows() {
    JsonObject o = new JsonObject()
        .put("\u20ac", "Euro Sign")
        .put("\r", "Carriage Return")
        .put("\ufb33", "Hebrew Letter Dalet With Dagesh")
        .put("1", "One")
        .put("\ud83d\ude00", "Emoji: Grinning Face")
        .put("\u0080", "Control")
        .put("\u00f6", "Latin Small Letter O With Diaeresis");
    assertThat(CanonicalJson.string(o)).isEqualTo(
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
            + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
            + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void writesNoWhiteSpaceAndSortsNestedObjects() {
    JsonObject o = new JsonObject().put("b", new JsonArray().add(1).add(true).addNull())
        .put("a", new JsonObject().put("z", 0).put("y", "x"));
    assertThat(CanonicalJson.string(o)).isEqualTo("{\"a\":{\"y\":\"x\",\"z\":0},\"b\":[1,true,null]}");
  }

  @Test
  void escapesOnlyWhatRfc8785Requires() {
    String s = "q\"b\\n\n\u0001é/";
    assertThat(CanonicalJson.string(s)).isEqualTo("\"q\\\"b\\\\n\\n\\u0001é/\"");
  }

  @Test
  void sameValueBuiltInDifferentOrderGivesTheSameBytes() {
    JsonObject a = new JsonObject().put("x", 1).put("y", 2);
    JsonObject b = new JsonObject().put("y", 2).put("x", 1);
    assertThat(CanonicalJson.bytes(a)).isEqualTo(CanonicalJson.bytes(b));
    // A parser that reads numbers as doubles still yields the canonical integer form.
    assertThat(CanonicalJson.string(new JsonObject().put("x", 1.0d))).isEqualTo("{\"x\":1}");
  }

  @Test
  void refusesFractionsAndIntegersBeyondTheSafeRange() {
    assertThatThrownBy(() -> CanonicalJson.string(new JsonObject().put("x", 1.5)))
        .isInstanceOf(CanonicalJson.NotCanonicalException.class);
    assertThatThrownBy(() -> CanonicalJson.string(CanonicalJson.MAX_SAFE_INTEGER + 1))
        .isInstanceOf(CanonicalJson.NotCanonicalException.class);
    assertThatThrownBy(() -> CanonicalJson.string(BigInteger.ONE.shiftLeft(64)))
        .isInstanceOf(CanonicalJson.NotCanonicalException.class);
    assertThat(CanonicalJson.string(CanonicalJson.MAX_SAFE_INTEGER)).isEqualTo("9007199254740991");
  }

  @Test
  void refusesAbsurdNestingInsteadOfOverflowingTheStack() {
    JsonArray deep = new JsonArray();
    JsonArray cur = deep;
    for (int i = 0; i < 1000; i++) {
      JsonArray next = new JsonArray();
      cur.add(next);
      cur = next;
    }
    assertThatThrownBy(() -> CanonicalJson.string(deep)).isInstanceOf(CanonicalJson.NotCanonicalException.class);
  }
}
