package io.statecraft.move.asm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits assembly source into tokens; comments and white space are dropped. */
final class Lexer {

  enum Kind {
    IDENT,
    NUMBER,
    STRING,
    HEX,
    BYTES,
    PUNCT,
    EOF
  }

  /**
   * One token. {@code text} is the identifier (without back-ticks), the punctuation, the number
   * as written, or the decoded string; {@code bytes} holds the value of x"..", b"..".
   */
  record Token(Kind kind, String text, byte[] bytes, boolean quoted, int line, int column) {
    boolean is(String punct) {
      return kind == Kind.PUNCT && text.equals(punct);
    }

    boolean isWord(String word) {
      return kind == Kind.IDENT && !quoted && text.equals(word);
    }

    BigInteger number() {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return new BigInteger(text.substring(2), 16);
      }
      return new BigInteger(text);
    }

    boolean isHexNumber() {
      return kind == Kind.NUMBER && (text.startsWith("0x") || text.startsWith("0X"));
    }

    String describe() {
      return switch (kind) {
        case EOF -> "end of input";
        case STRING -> "string \"" + text + "\"";
        case HEX, BYTES -> "byte string";
        default -> "'" + text + "'";
      };
    }
  }

  private static final String[] PUNCTS = {
    "::", "{", "}", "(", ")", "[", "]", "<", ">", ",", ";", ":", ".", "&", "|", "+", "#", "@",
    "=", "!", "*", "-"
  };

  private final String file;
  private final String src;
  private int pos;
  private int line = 1;
  private int col = 1;

  private Lexer(String file, String src) {
    this.file = file;
    this.src = src;
  }

  static List<Token> tokenize(String file, String src) {
    return new Lexer(file, src).run();
  }

  private AssemblyException error(int l, int c, String msg) {
    return new AssemblyException(file, l, c, msg);
  }

  private char peek(int ahead) {
    int p = pos + ahead;
    return p < src.length() ? src.charAt(p) : '\0';
  }

  private void advance() {
    if (src.charAt(pos) == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    pos++;
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpace();
      if (pos >= src.length()) {
        out.add(new Token(Kind.EOF, "", null, false, line, col));
        return out;
      }
      int l = line;
      int c = col;
      char ch = peek(0);
      if ((ch == 'x' || ch == 'b') && peek(1) == '"') {
        advance();
        String body = quoted('"', l, c);
        byte[] bytes = ch == 'x' ? hex(body, l, c) : body.getBytes(StandardCharsets.ISO_8859_1);
        out.add(new Token(ch == 'x' ? Kind.HEX : Kind.BYTES, body, bytes, false, l, c));
      } else if (isIdentStart(ch)) {
        int start = pos;
        while (pos < src.length() && isIdentPart(peek(0))) {
          advance();
        }
        out.add(new Token(Kind.IDENT, src.substring(start, pos), null, false, l, c));
      } else if (ch == '`') {
        String name = quoted('`', l, c);
        if (name.isEmpty()) {
          throw error(l, c, "empty quoted identifier");
        }
        out.add(new Token(Kind.IDENT, name, null, true, l, c));
      } else if (ch >= '0' && ch <= '9') {
        int start = pos;
        if (ch == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
          advance();
          advance();
          if (!isHexDigit(peek(0))) {
            throw error(l, c, "hex number needs digits after 0x");
          }
          while (isHexDigit(peek(0))) {
            advance();
          }
        } else {
          while (peek(0) >= '0' && peek(0) <= '9') {
            advance();
          }
        }
        if (isIdentPart(peek(0))) {
          throw error(line, col, "unexpected '" + peek(0) + "' in number");
        }
        out.add(new Token(Kind.NUMBER, src.substring(start, pos), null, false, l, c));
      } else if (ch == '"') {
        String s = quoted('"', l, c);
        out.add(new Token(Kind.STRING, s, null, false, l, c));
      } else {
        String p = null;
        for (String candidate : PUNCTS) {
          if (src.startsWith(candidate, pos)) {
            p = candidate;
            break;
          }
        }
        if (p == null) {
          throw error(l, c, "unexpected character '" + ch + "'");
        }
        for (int i = 0; i < p.length(); i++) {
          advance();
        }
        out.add(new Token(Kind.PUNCT, p, null, false, l, c));
      }
    }
  }

  private void skipSpace() {
    while (pos < src.length()) {
      char ch = peek(0);
      if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
        advance();
      } else if (ch == '/' && peek(1) == '/') {
        while (pos < src.length() && peek(0) != '\n') {
          advance();
        }
      } else if (ch == '/' && peek(1) == '*') {
        int l = line;
        int c = col;
        advance();
        advance();
        while (!(peek(0) == '*' && peek(1) == '/')) {
          if (pos >= src.length()) {
            throw error(l, c, "unterminated comment");
          }
          advance();
        }
        advance();
        advance();
      } else {
        return;
      }
    }
  }

  /** Reads a quoted run starting at the opening quote; handles \\ \" \n \t \xNN escapes. */
  private String quoted(char q, int l, int c) {
    advance();
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= src.length() || peek(0) == '\n') {
        throw error(l, c, "unterminated " + (q == '`' ? "quoted identifier" : "string"));
      }
      char ch = peek(0);
      if (ch == q) {
        advance();
        return b.toString();
      }
      if (ch == '\\' && q == '"') {
        advance();
        char e = pos < src.length() ? peek(0) : '\0';
        switch (e) {
          case '\\', '"' -> b.append(e);
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case '0' -> b.append('\0');
          case 'x' -> {
            advance();
            if (!isHexDigit(peek(0)) || !isHexDigit(peek(1))) {
              throw error(line, col, "\\x needs two hex digits");
            }
            b.append((char) Integer.parseInt(src.substring(pos, pos + 2), 16));
            advance();
            advance();
            continue;
          }
          default -> throw error(line, col, "unknown escape \\" + e);
        }
        advance();
        continue;
      }
      b.append(ch);
      advance();
    }
  }

  private byte[] hex(String body, int l, int c) {
    if (body.length() % 2 != 0) {
      throw error(l, c, "hex string needs an even number of digits");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < body.length(); i += 2) {
      if (!isHexDigit(body.charAt(i)) || !isHexDigit(body.charAt(i + 1))) {
        throw error(l, c, "not a hex digit in x\"...\"");
      }
      out.write(Integer.parseInt(body.substring(i, i + 2), 16));
    }
    return out.toByteArray();
  }

  static boolean isIdentStart(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '$';
  }

  static boolean isIdentPart(char ch) {
    return isIdentStart(ch) || (ch >= '0' && ch <= '9');
  }

  static boolean isHexDigit(char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
  }
}
