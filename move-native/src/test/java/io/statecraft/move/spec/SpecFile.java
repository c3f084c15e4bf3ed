package io.statecraft.move.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec vector file split into its assembly units and its directives. Each unit's source keeps
 * the file's line numbers (the other units' lines are blanked), so assembler errors point into
 * the file. A unit owns the lines from the end of the previous unit to its closing brace, so
 * the comments (and directives) just above a module belong to it.
 */
final class SpecFile {
  static final Pattern DIRECTIVE = Pattern.compile(
      "^\\s*//\\s*(run(?:-as)?|expect-gas|expect-writes|expect-write|expect-state|expect-events|load|verify|"
          + "expect-bug|include|pragma)\\b([^:]*):(.*)$");

  record Unit(int firstLine, int lastLine, String source) {}

  /** One directive: its line (1-based), name, the words between name and ':', the text after. */
  record Directive(int line, String name, String header, String body, String bug) {
    @Override
    public String toString() {
      return name + header + ":" + body;
    }
  }

  final String name;
  final List<Unit> units = new ArrayList<>();
  final List<Directive> directives = new ArrayList<>();
  final List<String> includes = new ArrayList<>();
  final List<String> pragmas = new ArrayList<>();

  SpecFile(String name, String text) {
    this.name = name;
    String[] lines = text.split("\n", -1);
    splitUnits(lines);
    String bug = null;
    for (int i = 0; i < lines.length; i++) {
      Matcher m = DIRECTIVE.matcher(lines[i]);
      if (!m.matches()) {
        continue;
      }
      String n = m.group(1);
      String header = m.group(2).trim();
      String body = m.group(3).trim();
      if (!header.isEmpty() && !n.startsWith("run")) {
        continue; // an ordinary comment that happens to start with a directive's name
      }
      switch (n) {
        case "include" -> includes.add(body);
        case "pragma" -> pragmas.add(body);
        case "expect-bug" -> bug = body;
        default -> {
          directives.add(new Directive(i + 1, n, header.isEmpty() ? "" : " " + header, body, bug));
          bug = null;
        }
      }
    }
  }

  boolean pragma(String p) {
    return pragmas.contains(p);
  }

  String pragmaValue(String key) {
    for (String p : pragmas) {
      if (p.startsWith(key + "=")) {
        return p.substring(key.length() + 1).trim();
      }
    }
    return null;
  }

  /** The unit containing the line, else the first unit after it. */
  int unitOf(int line) {
    for (int i = 0; i < units.size(); i++) {
      if (line <= units.get(i).lastLine()) {
        return i;
      }
    }
    return units.size() - 1;
  }

  private void splitUnits(String[] lines) {
    int depth = 0;
    boolean inBlockComment = false;
    int start = 0;
    boolean opened = false;
    for (int li = 0; li < lines.length; li++) {
      String l = lines[li];
      for (int i = 0; i < l.length(); i++) {
        char c = l.charAt(i);
        if (inBlockComment) {
          if (c == '*' && i + 1 < l.length() && l.charAt(i + 1) == '/') {
            inBlockComment = false;
            i++;
          }
        } else if (c == '/' && i + 1 < l.length() && l.charAt(i + 1) == '/') {
          break;
        } else if (c == '/' && i + 1 < l.length() && l.charAt(i + 1) == '*') {
          inBlockComment = true;
          i++;
        } else if (c == '"') {
          int end = l.indexOf('"', i + 1);
          i = end < 0 ? l.length() : end;
        } else if (c == '{') {
          depth++;
          opened = true;
        } else if (c == '}') {
          depth--;
          if (depth == 0 && opened) {
            addUnit(lines, start, li);
            start = li + 1;
            opened = false;
          }
        }
      }
    }
    if (!units.isEmpty() && start < lines.length) {
      Unit last = units.remove(units.size() - 1);
      addUnit(lines, last.firstLine() - 1, lines.length - 1);
    }
  }

  private void addUnit(String[] lines, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i >= from && i <= to) {
        sb.append(lines[i]);
      }
      sb.append('\n');
    }
    units.add(new Unit(from + 1, to + 1, sb.toString()));
  }
}
