package io.statecraft.codec.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.statecraft.codec.stream.proto.ClientMessage;
import io.statecraft.codec.stream.proto.StreamProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md and stream.proto / StreamErrorCode / Commands describe the same protocol. */
class ProtocolDocTest {
  static List<String> lines;

  @BeforeAll
  static void read() throws Exception {
    lines = Files.readAllLines(Path.of("..", "docs", "PROTOCOL.md"));
  }

  /** Table rows (cells, trimmed) under each "### kind Name" heading. */
  static Map<String, List<List<String>>> sections(String kind) {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    List<List<String>> current = null;
    boolean header = false;
    for (String l : lines) {
      if (l.startsWith("### ")) {
        String[] p = l.substring(4).trim().split("\\s+");
        current = p.length == 2 && p[0].equals(kind) ? new ArrayList<>() : null;
        header = true;
        if (current != null) out.put(p[1], current);
      } else if (l.startsWith("## ")) {
        current = null;
      } else if (current != null && l.startsWith("|") && !l.startsWith("|---")) {
        if (header) {
          header = false; // the column titles
        } else {
          current.add(cells(l));
        }
      }
    }
    return out;
  }

  static List<String> cells(String row) {
    String[] parts = row.trim().split("\\|");
    List<String> c = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) c.add(parts[i].trim());
    return c;
  }

  static String typeName(FieldDescriptor f) {
    String t = switch (f.getJavaType()) {
      case MESSAGE -> f.getMessageType().getName();
      case ENUM -> f.getEnumType().getName();
      default -> f.getType().name().toLowerCase();
    };
    if (f.isRepeated()) return "repeated " + t;
    if (f.hasPresence() && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE && f.getRealContainingOneof() == null) return "optional " + t;
    return t;
  }

  @Test
  void everyMessageAndFieldIsDocumentedAndNothingElse() {
    FileDescriptor file = StreamProto.getDescriptor();
    Map<String, List<List<String>>> doc = sections("message");
    assertThat(new TreeSet<>(doc.keySet()))
        .isEqualTo(new TreeSet<>(file.getMessageTypes().stream().map(Descriptor::getName).toList()));
    for (Descriptor d : file.getMessageTypes()) {
      Map<String, String> expected = new TreeMap<>();
      for (FieldDescriptor f : d.getFields()) {
        boolean oneofCase = f.getRealContainingOneof() != null;
        expected.put(f.getName(), (oneofCase ? "—" : f.getJsonName()) + " " + typeName(f));
      }
      Map<String, String> documented = new TreeMap<>();
      for (List<String> row : doc.get(d.getName())) documented.put(row.get(0), row.get(1) + " " + row.get(2));
      assertThat(documented).as("message %s", d.getName()).isEqualTo(expected);
    }
  }

  @Test
  void everyEnumValueIsDocumented() {
    Map<String, List<List<String>>> doc = sections("enum");
    FileDescriptor file = StreamProto.getDescriptor();
    assertThat(new TreeSet<>(doc.keySet()))
        .isEqualTo(new TreeSet<>(file.getEnumTypes().stream().map(EnumDescriptor::getName).toList()));
    for (EnumDescriptor e : file.getEnumTypes()) {
      Map<String, String> expected = new TreeMap<>();
      for (EnumValueDescriptor v : e.getValues()) expected.put(v.getName(), v.getNumber() == 0 ? "—" : StreamJson.enumJsonName(v));
      Map<String, String> documented = new TreeMap<>();
      for (List<String> row : doc.get(e.getName())) documented.put(row.get(0), row.get(1));
      assertThat(documented).as("enum %s", e.getName()).isEqualTo(expected);
    }
  }

  @Test
  void theErrorTableIsTheEnum() {
    Pattern row = Pattern.compile("^\\| (1\\d{5}) \\| ([A-Z_]+) \\| (yes|no) \\| (.+) \\|$");
    Map<Integer, String> documented = new TreeMap<>();
    for (String l : lines) {
      Matcher m = row.matcher(l);
      if (m.matches()) documented.put(Integer.parseInt(m.group(1)), m.group(2) + " " + m.group(3));
    }
    Map<Integer, String> expected = new TreeMap<>();
    for (StreamErrorCode c : StreamErrorCode.values()) expected.put(c.code(), c.name() + " " + (c.retriable() ? "yes" : "no"));
    assertThat(documented).isEqualTo(expected);
    assertThat(StreamErrorCode.CHANNEL_NOT_FOUND.code()).isEqualTo(100001);
  }

  @Test
  void theCommandTableIsTheCommands() {
    Pattern row = Pattern.compile("^\\| `([a-z_.]+)` \\| `([a-z_]+)` \\| `([A-Za-z]+)` \\|.*");
    Map<String, String> documented = new TreeMap<>();
    for (String l : lines) {
      Matcher m = row.matcher(l);
      if (m.matches()) documented.put(m.group(1), m.group(2) + " " + m.group(3));
    }
    Map<String, String> expected = new TreeMap<>();
    for (Map.Entry<String, ClientMessage.PayloadCase> e : Commands.all().entrySet()) {
      FieldDescriptor f = ClientMessage.getDescriptor().findFieldByNumber(e.getValue().getNumber());
      expected.put(e.getKey(), f.getName() + " " + f.getMessageType().getName());
    }
    assertThat(documented).isEqualTo(expected);
    // Every payload case has a command.
    assertThat(ClientMessage.getDescriptor().getRealOneofs().get(0).getFieldCount()).isEqualTo(Commands.all().size());
  }
}
