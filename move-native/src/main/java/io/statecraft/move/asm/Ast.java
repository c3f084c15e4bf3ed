package io.statecraft.move.asm;

import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.AccessKind;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.Visibility;
import java.math.BigInteger;
import java.util.List;

/** The parsed form of an assembly source, before names are resolved to table indices. */
final class Ast {
  private Ast() {}

  record Pos(int line, int column) {}

  /** An identifier, optionally pinned to an identifier pool index ({@code name#7}). */
  record Name(String text, Integer pin, Pos pos) {}

  /** An address literal, optionally pinned to an address pool index ({@code 0x1#2}). */
  record Addr(BigInteger value, Integer pin, Pos pos) {}

  /** {@code #[name]}, {@code #[name = value]} or {@code #[name(args)]}. */
  record Attr(String name, List<Lexer.Token> args, Pos pos) {}

  /**
   * A reference to a named thing: {@code #n} (raw index, {@code raw >= 0}), {@code name},
   * {@code alias::name} or {@code 0xA::module::name}.
   */
  record Ref(Addr address, String module, String name, int raw, Pos pos) {
    boolean isRaw() {
      return raw >= 0;
    }

    boolean isSimple() {
      return raw < 0 && address == null && module == null;
    }

    String display() {
      if (raw >= 0) {
        return "#" + raw;
      }
      StringBuilder b = new StringBuilder();
      if (address != null) {
        b.append("0x").append(address.value().toString(16)).append("::");
      }
      if (module != null) {
        b.append(module).append("::");
      }
      return b.append(name).toString();
    }
  }

  // ---------------------------------------------------------------- types

  sealed interface Type permits Prim, Vec, RefType, Named, FunType {
    Pos pos();
  }

  record Prim(SignatureToken.Primitive primitive, Pos pos) implements Type {}

  record Vec(Type element, Pos pos) implements Type {}

  record RefType(boolean mutable, Type referent, Pos pos) implements Type {}

  /** A datatype or type parameter; {@code args} is null when no {@code <...>} was written. */
  record Named(Ref ref, List<Type> args, Pos pos) implements Type {}

  record FunType(List<Type> params, List<Type> results, AbilitySet abilities, Pos pos)
      implements Type {}

  record TypeParam(String name, AbilitySet constraints, boolean phantom, Pos pos) {}

  // ---------------------------------------------------------------- values

  sealed interface Value permits IntValue, BoolValue, AddrValue, BytesValue, ListValue, RawValue {
    Pos pos();
  }

  record IntValue(BigInteger value, Pos pos) implements Value {}

  record BoolValue(boolean value, Pos pos) implements Value {}

  record AddrValue(BigInteger value, Pos pos) implements Value {}

  record BytesValue(byte[] bytes, Pos pos) implements Value {}

  record ListValue(List<Value> elements, Pos pos) implements Value {}

  /** {@code bcs x"..."}: the serialized bytes as they are. */
  record RawValue(byte[] bytes, Pos pos) implements Value {}

  // ---------------------------------------------------------------- access specifiers

  sealed interface ResourceSpec permits AnyResource, AtAddress, InModule, ResourceType, RawResource {}

  record AnyResource() implements ResourceSpec {}

  record AtAddress(Addr address) implements ResourceSpec {}

  record InModule(Addr address, Name module) implements ResourceSpec {}

  record ResourceType(Type type) implements ResourceSpec {}

  /** {@code addr(n)}, {@code module(n)}, {@code res(n)}, {@code inst(n, s)}. */
  record RawResource(String form, int first, int second) implements ResourceSpec {}

  sealed interface AddressSpec permits AnyAddress, LiteralAddress, ParamAddress {}

  record AnyAddress() implements AddressSpec {}

  /** {@code @0x1} (or pinned {@code @0x1#2}). */
  record LiteralAddress(Addr address) implements AddressSpec {}

  /** A parameter by name or number, optionally through a function instantiation ({@code #n}). */
  record ParamAddress(String local, int function, Pos pos) implements AddressSpec {}

  record Access(AccessKind kind, boolean negated, ResourceSpec resource, AddressSpec address, Pos pos) {}

  // ---------------------------------------------------------------- declarations

  sealed interface Item permits UseModule, Friend, UseStruct, UseFun, Const, Meta, StructDecl, EnumDecl, FunDecl {
    Pos pos();
  }

  record ModPath(Addr address, Name name) {}

  record UseModule(List<Attr> attrs, ModPath path, String alias, Pos pos) implements Item {}

  record Friend(ModPath path, Pos pos) implements Item {}

  record UseStruct(List<Attr> attrs, ModPath module, Name name, String alias, List<TypeParam> typeParams,
      AbilitySet abilities, Pos pos) implements Item {}

  record Param(String name, Type type, Pos pos) {}

  record FunSig(List<TypeParam> typeParams, List<Param> params, List<Type> returns, List<Access> access,
      Pos pos) {}

  record UseFun(List<Attr> attrs, ModPath module, Name name, String alias, FunSig sig, Pos pos)
      implements Item {}

  record Const(String name, Type type, Value value, Pos pos) implements Item {}

  record Meta(byte[] key, byte[] value, Pos pos) implements Item {}

  record Field(Name name, Type type, Pos pos) {}

  record Variant(Name name, List<Field> fields, Pos pos) {}

  /** {@code fields} is null for a native struct. */
  record StructDecl(List<Attr> attrs, Name name, List<TypeParam> typeParams, AbilitySet abilities,
      List<Field> fields, Pos pos) implements Item {}

  record EnumDecl(List<Attr> attrs, Name name, List<TypeParam> typeParams, AbilitySet abilities,
      List<Variant> variants, Pos pos) implements Item {}

  record Local(String name, Type type, Pos pos) {}

  record JumpTable(String name, Ref enumRef, List<Operand> targets, Pos pos) {}

  sealed interface Stmt permits Label, Instr {}

  record Label(String name, Pos pos) implements Stmt {}

  record Instr(String opcode, Operand operand, Pos pos) implements Stmt {}

  record Body(List<Local> locals, List<JumpTable> jumpTables, List<Stmt> code, Pos pos) {}

  /** {@code body} is null for a native function. */
  record FunDecl(List<Attr> attrs, Visibility visibility, boolean entry, Name name, FunSig sig,
      List<Ref> acquires, Body body, Pos pos) implements Item {}

  // ---------------------------------------------------------------- operands

  sealed interface Operand permits NoOperand, RawIndex, Num, NameOp, Path, Field_, VariantOp,
      VariantFieldOp, SigOp, PairOp, ConstOp {
    Pos pos();
  }

  record NoOperand(Pos pos) implements Operand {}

  /** {@code #n}: the table index itself. */
  record RawIndex(int index, Pos pos) implements Operand {}

  record Num(BigInteger value, Pos pos) implements Operand {}

  record NameOp(String name, Pos pos) implements Operand {}

  /** A function or datatype, with type arguments or null. */
  record Path(Ref ref, List<Type> typeArgs, Pos pos) implements Operand {}

  /** {@code S.f} / {@code S<T>.f}; field by name or (when name is null) by offset. */
  record Field_(Path owner, String field, int offset, Pos pos) implements Operand {}

  record VariantOp(Path owner, String variant, Pos pos) implements Operand {}

  record VariantFieldOp(Path owner, List<String> variants, String field, int offset, Pos pos)
      implements Operand {}

  /** A signature: one type, or a list in parentheses. */
  record SigOp(List<Type> types, Pos pos) implements Operand {}

  /** Two operands: signature and count, function and closure mask. */
  record PairOp(Operand first, BigInteger second, Pos pos) implements Operand {}

  record ConstOp(Type type, Value value, Pos pos) implements Operand {}

  // ---------------------------------------------------------------- units

  /**
   * The optional {@code tables { ... }} block: every pool and handle table, raw, plus the
   * layout facts. Holds a builder whose definition tables stay empty.
   */
  record TablesBlock(CompiledModule.Builder seed, Integer self, io.statecraft.move.binary.TableLayout layout,
      byte[] trailing, Pos pos) {}

  record Unit(boolean script, List<Attr> attrs, ModPath name, List<Item> items, TablesBlock tables,
      Pos pos) {}
}
