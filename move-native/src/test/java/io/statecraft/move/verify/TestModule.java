package io.statecraft.move.verify;

import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.Constant;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FieldDefinition;
import io.statecraft.move.binary.FieldHandle;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.Signature;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.StructDefInstantiation;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructFieldInformation;
import io.statecraft.move.binary.VariantDefinition;
import io.statecraft.move.binary.VariantHandle;
import io.statecraft.move.binary.Visibility;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A small builder of valid-by-construction test modules: tables stay free of duplicates. */
final class TestModule {
  final CompiledModule.Builder b;

  TestModule(BinaryFormat format) {
    b = CompiledModule.builder(format);
    b.addressIdentifiers.add(Address.ofShort(format.addressLength(), 1));
    b.moduleHandles.add(new ModuleHandle(0, id("M")));
    b.selfModuleHandle(0);
  }

  TestModule() {
    this(BinaryFormat.of(FormatFlavor.SUI, 7));
  }

  int id(String name) {
    int i = b.identifiers.indexOf(name);
    if (i >= 0) {
      return i;
    }
    b.identifiers.add(name);
    return b.identifiers.size() - 1;
  }

  int sig(SignatureToken... tokens) {
    Signature s = Signature.of(tokens);
    int i = b.signatures.indexOf(s);
    if (i >= 0) {
      return i;
    }
    b.signatures.add(s);
    return b.signatures.size() - 1;
  }

  int sig(List<SignatureToken> tokens) {
    return sig(tokens.toArray(new SignatureToken[0]));
  }

  int constant(SignatureToken type, byte[] data) {
    b.constantPool.add(new Constant(type, data));
    return b.constantPool.size() - 1;
  }

  int constant(SignatureToken type, int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    b.constantPool.add(new Constant(type, data));
    return b.constantPool.size() - 1;
  }

  /** A struct with fields f0, f1, ...; returns its struct definition index. */
  int struct(String name, AbilitySet abilities, SignatureToken... fields) {
    return genericStruct(name, abilities, List.of(), fields);
  }

  int genericStruct(String name, AbilitySet abilities, List<DatatypeTypeParameter> tparams, SignatureToken... fields) {
    b.datatypeHandles.add(new DatatypeHandle(0, id(name), abilities, tparams));
    int handle = b.datatypeHandles.size() - 1;
    List<FieldDefinition> fs = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      fs.add(new FieldDefinition(id("f" + i), fields[i]));
    }
    b.structDefs.add(new StructDefinition(handle, new StructFieldInformation.Declared(fs)));
    return b.structDefs.size() - 1;
  }

  /** The datatype handle of struct definition {@code def}. */
  int handleOf(int def) {
    return b.structDefs.get(def).structHandle();
  }

  SignatureToken type(int def) {
    return new SignatureToken.Datatype(handleOf(def));
  }

  int fieldHandle(int def, int field) {
    FieldHandle fh = new FieldHandle(def, field);
    int i = b.fieldHandles.indexOf(fh);
    if (i >= 0) {
      return i;
    }
    b.fieldHandles.add(fh);
    return b.fieldHandles.size() - 1;
  }

  int structInst(int def, SignatureToken... args) {
    StructDefInstantiation si = new StructDefInstantiation(def, sig(args));
    int i = b.structDefInstantiations.indexOf(si);
    if (i >= 0) {
      return i;
    }
    b.structDefInstantiations.add(si);
    return b.structDefInstantiations.size() - 1;
  }

  /** A Sui enum; each variant given by its field types. Returns the enum def index. */
  int enumType(String name, AbilitySet abilities, List<List<SignatureToken>> variants) {
    b.datatypeHandles.add(new DatatypeHandle(0, id(name), abilities, List.of()));
    int handle = b.datatypeHandles.size() - 1;
    List<VariantDefinition> vs = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      List<FieldDefinition> fs = new ArrayList<>();
      for (int i = 0; i < variants.get(v).size(); i++) {
        fs.add(new FieldDefinition(id("f" + i), variants.get(v).get(i)));
      }
      vs.add(new VariantDefinition(id("V" + v), fs));
    }
    b.enumDefs.add(new EnumDefinition(handle, vs));
    return b.enumDefs.size() - 1;
  }

  int variantHandle(int enumDef, int tag) {
    b.variantHandles.add(new VariantHandle(enumDef, tag));
    return b.variantHandles.size() - 1;
  }

  /** Declares a function handle (defined later with {@link #define}). */
  int handle(String name, List<SignatureToken> params, List<SignatureToken> returns, List<AbilitySet> tparams) {
    b.functionHandles.add(new FunctionHandle(0, id(name), sig(params), sig(returns), tparams));
    return b.functionHandles.size() - 1;
  }

  int funInst(int handle, SignatureToken... args) {
    b.functionInstantiations.add(new FunctionInstantiation(handle, sig(args)));
    return b.functionInstantiations.size() - 1;
  }

  int define(int handle, List<SignatureToken> locals, Bytecode... code) {
    return define(handle, Visibility.PUBLIC, false, List.of(), locals, code);
  }

  int define(int handle, Visibility vis, boolean entry, List<Integer> acquires, List<SignatureToken> locals, Bytecode... code) {
    b.functionDefs.add(new FunctionDefinition(handle, vis, entry, acquires,
        code == null ? null : new CodeUnit(sig(locals), Arrays.asList(code))));
    return b.functionDefs.size() - 1;
  }

  /** A public non-generic function with code. */
  int fun(String name, List<SignatureToken> params, List<SignatureToken> returns, List<SignatureToken> locals, Bytecode... code) {
    return define(handle(name, params, returns, List.of()), locals, code);
  }

  CompiledModule build() {
    return b.build();
  }

  // --------------------------------------------------------------- instruction shorthands

  static Bytecode op(Opcode op) {
    return Bytecode.of(op);
  }

  static Bytecode op(Opcode op, int index) {
    return Bytecode.withIndex(op, index);
  }

  static Bytecode ld(long v) {
    return Bytecode.withValue(Opcode.LD_U64, v);
  }

  static Bytecode ldU8(int v) {
    return Bytecode.withValue(Opcode.LD_U8, v);
  }

  static Bytecode vec(Opcode op, int sig, long n) {
    return Bytecode.withIndexAndValue(op, sig, n);
  }
}
