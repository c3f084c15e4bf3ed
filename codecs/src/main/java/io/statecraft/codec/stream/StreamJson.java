package io.statecraft.codec.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.statecraft.codec.CanonicalJson;
import io.statecraft.codec.Hex;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.ConfirmationLevel;
import io.statecraft.codec.stream.proto.ServerMessage;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The WebSocket (JSON) form of the stream messages, derived mechanically from the protobuf
 * messages of {@code stream.proto}:
 *
 * <ul>
 *   <li>a request is {@code {"id","command","member","channel","nonce","payload","signature"}}
 *       where {@code command} names the {@link ClientMessage} payload case ({@link Commands});
 *   <li>an answer is {@code {"id","event","data"}} where {@code event} is the json name of the
 *       {@link ServerMessage} event case;
 *   <li>inside payloads and data: field names are the proto json names (lowerCamelCase),
 *       {@code bytes} are lower-case hex without {@code 0x}, 64/32-bit integers are JSON
 *       numbers in 0..2^53-1, enums are their lower-case names without the type prefix;
 *       fields at their default value (0, "", false, empty list, unset message, enum 0) are
 *       omitted, optional fields are written whenever set.
 * </ul>
 *
 * <p>Reading is strict: an unknown field is {@link StreamErrorCode#MALFORMED_REQUEST}, a field
 * of the wrong JSON type {@link StreamErrorCode#WRONG_TYPE}, an unknown command
 * {@link StreamErrorCode#UNKNOWN_COMMAND}, an unknown confirmation level
 * {@link StreamErrorCode#UNSUPPORTED_CONFIRMATION_LEVEL}.
 */
public final class StreamJson {
  private StreamJson() {}

  // ---------------------------------------------------------------- requests

  /** Parses a text frame into a request. */
  public static ClientMessage parseRequest(String text) {
    Object v;
    try {
      v = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException | IllegalArgumentException e) {
      throw malformed("not valid JSON");
    }
    if (!(v instanceof JsonObject o)) {
      throw malformed("a request is a JSON object");
    }
    return requestFromJson(o);
  }

  public static ClientMessage requestFromJson(JsonObject o) {
    ClientMessage.Builder b = ClientMessage.newBuilder();
    String command = null;
    Object payload = null;
    for (Map.Entry<String, Object> e : o) {
      String k = e.getKey();
      Object v = e.getValue();
      switch (k) {
        case "id" -> b.setId(requireString(k, v));
        case "command" -> command = requireString(k, v);
        case "member" -> b.setMember(requireString(k, v));
        case "channel" -> b.setChannel(requireString(k, v));
        case "nonce" -> b.setNonce(requireU53(k, v));
        case "signature" -> b.setSignature(requireHex(k, v));
        case "payload" -> payload = v;
        default -> throw malformed("unknown field '" + k + "'");
      }
    }
    if (command == null) {
      throw new StreamException(StreamErrorCode.UNKNOWN_COMMAND, "no command");
    }
    ClientMessage.PayloadCase pc = Commands.caseOf(command);
    if (pc == null) {
      throw new StreamException(StreamErrorCode.UNKNOWN_COMMAND, "unknown command '" + truncate(command) + "'");
    }
    JsonObject p;
    if (payload == null) {
      p = new JsonObject();
    } else if (payload instanceof JsonObject po) {
      p = po;
    } else {
      throw wrongType("payload", "an object");
    }
    FieldDescriptor f = ClientMessage.getDescriptor().findFieldByNumber(pc.getNumber());
    Message.Builder pb = b.newBuilderForField(f);
    fill(pb, p);
    b.setField(f, pb.build());
    return b.build();
  }

  public static JsonObject requestToJson(ClientMessage m) {
    JsonObject o = new JsonObject();
    if (!m.getId().isEmpty()) o.put("id", m.getId());
    String command = Commands.nameOf(m.getPayloadCase());
    if (command != null) o.put("command", command);
    if (!m.getMember().isEmpty()) o.put("member", m.getMember());
    if (!m.getChannel().isEmpty()) o.put("channel", m.getChannel());
    if (m.getNonce() != 0) o.put("nonce", m.getNonce());
    if (command != null) o.put("payload", payloadToJson(m));
    if (!m.getSignature().isEmpty()) o.put("signature", Hex.encode(m.getSignature().toByteArray()));
    return o;
  }

  /** The payload of a request in its (normalized) JSON form: what request signatures cover. */
  public static JsonObject payloadToJson(ClientMessage m) {
    if (m.getPayloadCase() == ClientMessage.PayloadCase.PAYLOAD_NOT_SET) {
      return new JsonObject();
    }
    FieldDescriptor f = ClientMessage.getDescriptor().findFieldByNumber(m.getPayloadCase().getNumber());
    return toJson((Message) m.getField(f));
  }

  // ---------------------------------------------------------------- answers

  public static JsonObject eventToJson(ServerMessage m) {
    JsonObject o = new JsonObject();
    o.put("id", m.getId());
    if (m.getEventCase() != ServerMessage.EventCase.EVENT_NOT_SET) {
      FieldDescriptor f = ServerMessage.getDescriptor().findFieldByNumber(m.getEventCase().getNumber());
      o.put("event", f.getJsonName());
      o.put("data", toJson((Message) m.getField(f)));
    }
    return o;
  }

  public static ServerMessage parseEvent(String text) {
    Object v;
    try {
      v = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException | IllegalArgumentException e) {
      throw malformed("not valid JSON");
    }
    if (!(v instanceof JsonObject o)) throw malformed("an event is a JSON object");
    return eventFromJson(o);
  }

  public static ServerMessage eventFromJson(JsonObject o) {
    ServerMessage.Builder b = ServerMessage.newBuilder();
    if (o.containsKey("id")) b.setId(requireString("id", o.getValue("id")));
    Object ev = o.getValue("event");
    if (ev == null) return b.build();
    String name = requireString("event", ev);
    FieldDescriptor f = null;
    for (FieldDescriptor c : ServerMessage.getDescriptor().getOneofs().get(0).getFields()) {
      if (c.getJsonName().equals(name)) f = c;
    }
    if (f == null) throw malformed("unknown event '" + truncate(name) + "'");
    Object data = o.getValue("data");
    JsonObject d = data == null ? new JsonObject() : data instanceof JsonObject dj ? dj : null;
    if (d == null) throw wrongType("data", "an object");
    Message.Builder db = b.newBuilderForField(f);
    fill(db, d);
    b.setField(f, db.build());
    return b.build();
  }

  // ---------------------------------------------------------------- generic mapping

  /** A message in the JSON form described above. */
  public static JsonObject toJson(Message m) {
    JsonObject o = new JsonObject();
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      if (f.isRepeated()) {
        int n = m.getRepeatedFieldCount(f);
        if (n == 0) continue;
        JsonArray a = new JsonArray();
        for (int i = 0; i < n; i++) a.add(valueToJson(f, m.getRepeatedField(f, i)));
        o.put(f.getJsonName(), a);
      } else if (f.hasPresence()) {
        if (m.hasField(f)) o.put(f.getJsonName(), valueToJson(f, m.getField(f)));
      } else {
        Object v = m.getField(f);
        if (isDefault(f, v)) continue;
        o.put(f.getJsonName(), valueToJson(f, v));
      }
    }
    return o;
  }

  private static boolean isDefault(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case INT, LONG -> ((Number) v).longValue() == 0;
      case BOOLEAN -> !((Boolean) v);
      case STRING -> ((String) v).isEmpty();
      case BYTE_STRING -> ((ByteString) v).isEmpty();
      case ENUM -> ((EnumValueDescriptor) v).getNumber() == 0;
      default -> false;
    };
  }

  private static Object valueToJson(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case INT -> Integer.toUnsignedLong((Integer) v);
      case LONG -> (Long) v;
      case BOOLEAN, STRING -> v;
      case BYTE_STRING -> Hex.encode(((ByteString) v).toByteArray());
      case ENUM -> enumJsonName((EnumValueDescriptor) v);
      case MESSAGE -> toJson((Message) v);
      default -> throw new IllegalStateException("no JSON form for " + f.getFullName());
    };
  }

  /** {@code ACCEPTED} → {@code accepted}. */
  public static String enumJsonName(EnumValueDescriptor v) {
    return v.getName().toLowerCase(Locale.ROOT);
  }

  /** Fills a builder from the JSON form; strict, as the class comment says. */
  public static void fill(Message.Builder b, JsonObject o) {
    fill(b, o, 0);
  }

  private static void fill(Message.Builder b, JsonObject o, int depth) {
    if (depth > 8) throw malformed("nested too deep");
    Descriptor d = b.getDescriptorForType();
    for (Map.Entry<String, Object> e : o) {
      String k = e.getKey();
      FieldDescriptor f = null;
      for (FieldDescriptor c : d.getFields()) {
        if (c.getJsonName().equals(k)) {
          f = c;
          break;
        }
      }
      if (f == null) throw malformed("unknown field '" + truncate(k) + "'");
      Object v = e.getValue();
      if (v == null) continue;
      if (f.isRepeated()) {
        if (!(v instanceof JsonArray a)) throw wrongType(k, "an array");
        for (Object item : a) {
          if (item == null) throw wrongType(k, "an array without nulls");
          b.addRepeatedField(f, valueFromJson(b, f, k, item, depth));
        }
      } else {
        b.setField(f, valueFromJson(b, f, k, v, depth));
      }
    }
  }

  private static Object valueFromJson(Message.Builder b, FieldDescriptor f, String k, Object v, int depth) {
    switch (f.getJavaType()) {
      case INT: {
        long n = requireU53(k, v);
        if (n > 0xFFFF_FFFFL) throw malformed("'" + k + "' is out of range");
        return (int) n;
      }
      case LONG:
        return requireU53(k, v);
      case BOOLEAN:
        if (!(v instanceof Boolean)) throw wrongType(k, "a boolean");
        return v;
      case STRING:
        return requireString(k, v);
      case BYTE_STRING:
        return requireHex(k, v);
      case ENUM: {
        String s = requireString(k, v);
        for (EnumValueDescriptor ev : f.getEnumType().getValues()) {
          if (ev.getNumber() != 0 && enumJsonName(ev).equals(s)) return ev;
        }
        if (f.getEnumType() == ConfirmationLevel.getDescriptor()) {
          throw new StreamException(StreamErrorCode.UNSUPPORTED_CONFIRMATION_LEVEL,
              "unknown confirmation level '" + truncate(s) + "'");
        }
        throw malformed("'" + k + "' has an unknown value");
      }
      case MESSAGE: {
        if (!(v instanceof JsonObject jo)) throw wrongType(k, "an object");
        Message.Builder mb = f.isRepeated() ? b.newBuilderForField(f) : b.newBuilderForField(f);
        fill(mb, jo, depth + 1);
        return mb.build();
      }
      default:
        throw malformed("unsupported field '" + k + "'");
    }
  }

  // ---------------------------------------------------------------- checks

  private static String requireString(String k, Object v) {
    if (!(v instanceof String s)) throw wrongType(k, "a string");
    return s;
  }

  private static long requireU53(String k, Object v) {
    long n;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      n = ((Number) v).longValue();
    } else if (v instanceof BigInteger bi) {
      if (bi.bitLength() > 62) throw malformed("'" + k + "' is out of range");
      n = bi.longValue();
    } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      double dv = ((Number) v).doubleValue();
      if (dv != Math.rint(dv) || Double.isInfinite(dv)) throw wrongType(k, "an integer");
      if (Math.abs(dv) > CanonicalJson.MAX_SAFE_INTEGER) throw malformed("'" + k + "' is out of range");
      n = (long) dv;
    } else {
      throw wrongType(k, "an integer");
    }
    if (n < 0 || n > CanonicalJson.MAX_SAFE_INTEGER) throw malformed("'" + k + "' is out of range 0..2^53-1");
    return n;
  }

  private static ByteString requireHex(String k, Object v) {
    String s = requireString(k, v);
    if ((s.length() & 1) != 0) throw malformed("'" + k + "' is not lower-case hex");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw malformed("'" + k + "' is not lower-case hex");
      }
    }
    return ByteString.copyFrom(Hex.decode(s));
  }

  static StreamException malformed(String why) {
    return new StreamException(StreamErrorCode.MALFORMED_REQUEST, why);
  }

  private static StreamException wrongType(String k, String want) {
    return new StreamException(StreamErrorCode.WRONG_TYPE, "'" + truncate(k) + "' must be " + want);
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }

  /** Unmodifiable view helper for tests and docs: the json names of a message's fields. */
  public static List<String> jsonNames(Descriptor d) {
    return d.getFields().stream().map(FieldDescriptor::getJsonName).toList();
  }
}
