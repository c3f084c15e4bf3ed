package io.statecraft.move.asm;

import io.statecraft.move.asm.Ast.*;
import io.statecraft.move.binary.*;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns assembly source into a {@link CompiledModule} or {@link CompiledScript}, and into bytes.
 * The syntax is described in {@code move-native/README.md}, section "Assembly language".
 *
 * <p>Without a {@code tables} block the assembler lays out every table itself: one entry per
 * distinct identifier, address, signature, handle and instantiation, in order of first
 * appearance, with the unit's own module handle first. With a {@code tables} block (as the
 * {@link Disassembler} prints) the pools are taken from it as they stand and index pins in the
 * source ({@code #[handle = 3]}, {@code name#7}) are honoured, so that disassembling and
 * assembling again gives the same bytes.
 */
public final class Assembler {
  private Assembler() {}

  /** Assembles a module or a script. */
  public static CompiledUnit assemble(String source, String fileName) {
    Parser parser = new Parser(fileName, source);
    Unit unit = parser.unit();
    return new Run(fileName, unit).run();
  }

  public static CompiledModule assembleModule(String source, String fileName) {
    CompiledUnit u = assemble(source, fileName);
    if (!(u instanceof CompiledModule m)) {
      throw new AssemblyException(fileName, 1, 1, "expected a module, found a script");
    }
    return m;
  }

  public static CompiledScript assembleScript(String source, String fileName) {
    CompiledUnit u = assemble(source, fileName);
    if (!(u instanceof CompiledScript s)) {
      throw new AssemblyException(fileName, 1, 1, "expected a script, found a module");
    }
    return s;
  }

  /** Assembles and writes the binary. */
  public static byte[] assembleToBytes(String source, String fileName) {
    CompiledUnit u = assemble(source, fileName);
    try {
      return ModuleWriter.write(u);
    } catch (InvalidModuleException e) {
      throw new AssemblyException(fileName, 1, 1, "cannot encode: " + e.getMessage(), e);
    }
  }

  public static CompiledUnit assembleFile(Path path) {
    try {
      return assemble(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Assembles a source from the class path, e.g. {@code assembleResource("/asm/counter.masm")}. */
  public static CompiledUnit assembleResource(String resource) {
    return assemble(readResource(resource), resource);
  }

  public static CompiledModule assembleModuleResource(String resource) {
    return assembleModule(readResource(resource), resource);
  }

  /** The bytes of a module or script assembled from the class path. */
  public static byte[] assembleResourceToBytes(String resource) {
    return assembleToBytes(readResource(resource), resource);
  }

  static String readResource(String resource) {
    try (InputStream in = Assembler.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssemblyException(resource, 0, 0, "no such resource on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FunctionAttribute functionAttribute(String name) {
    return switch (name) {
      case "persistent" -> FunctionAttribute.PERSISTENT;
      case "module_lock" -> FunctionAttribute.MODULE_LOCK;
      default -> null;
    };
  }

  /** One assembly of one unit. */
  private static final class Run {
    private final String file;
    private final Unit unit;
    private final Assembly a;
    private final Map<Item, Integer> handleOf = new HashMap<>();

    Run(String file, Unit unit) {
      this.file = file;
      this.unit = unit;
      this.a = new Assembly(file, format(file, unit));
    }

    private static BinaryFormat format(String file, Unit unit) {
      FormatFlavor flavor = FormatFlavor.LEGACY;
      int version = 6;
      Integer header = null;
      int addressLength = BinaryFormat.ADDRESS_LENGTH_DEFAULT;
      for (Attr at : unit.attrs()) {
        if (!at.name().equals("format")) {
          throw new AssemblyException(file, at.pos().line(), at.pos().column(), "unknown unit attribute '" + at.name() + "'");
        }
        List<Lexer.Token> args = at.args();
        if (args.size() < 2 || args.get(1).kind() != Lexer.Kind.NUMBER) {
          throw new AssemblyException(file, at.pos().line(), at.pos().column(), "write #[format(FLAVOR, VERSION)]");
        }
        flavor = FormatFlavor.valueOf(args.get(0).text().toUpperCase(Locale.ROOT));
        version = args.get(1).number().intValueExact();
        for (int i = 2; i + 1 < args.size(); i += 2) {
          String key = args.get(i).text();
          BigInteger v = args.get(i + 1).number();
          switch (key) {
            case "header" -> header = v.intValue();
            case "address_length" -> addressLength = v.intValueExact();
            default -> throw new AssemblyException(file, at.pos().line(), at.pos().column(), "unknown format key '" + key + "'");
          }
        }
      }
      try {
        BinaryFormat f = BinaryFormat.of(flavor, version, addressLength);
        return header == null ? f : new BinaryFormat(flavor, version, header, addressLength);
      } catch (IllegalArgumentException e) {
        throw new AssemblyException(file, unit.pos().line(), unit.pos().column(), e.getMessage());
      }
    }

    CompiledUnit run() {
      TablesBlock tb = unit.tables();
      if (tb != null) {
        a.seed(tb.seed());
        a.pinned = true;
      }
      // the unit's own module handle comes first
      if (!unit.script()) {
        if (tb != null && tb.self() != null) {
          a.self = tb.self();
        } else {
          a.self = a.moduleDecl(unit.name());
        }
        a.moduleAliases.put(unit.name().name().text(), a.self);
      }
      // modules, friends, datatype handles
      for (Item it : unit.items()) {
        if (it instanceof UseModule u) {
          Integer pin = Assembly.pin(u.attrs(), "handle", a);
          int m = pin != null && a.pinned ? pin : a.moduleDecl(u.path());
          if (u.alias() != null) {
            a.moduleAliases.put(u.alias(), m);
          }
        } else if (it instanceof Friend f) {
          a.friends.add(new ModuleHandle(a.addr(f.path().address()), a.ident(f.path().name())));
        } else if (it instanceof UseStruct u) {
          Integer pin = Assembly.pin(u.attrs(), "handle", a);
          int m = pin != null && a.pinned ? -1 : a.moduleDecl(u.module());
          int h = a.datatypeDecl(u.attrs(), m, u.name(), u.typeParams(), u.abilities(), u.pos());
          if (u.alias() != null) {
            a.datatypeAliases.put(u.alias(), h);
          }
        } else if (it instanceof StructDecl s) {
          requireModule(s.pos(), "struct");
          handleOf.put(it, a.datatypeDecl(s.attrs(), a.self, s.name(), s.typeParams(), s.abilities(), s.pos()));
        } else if (it instanceof EnumDecl e) {
          requireModule(e.pos(), "enum");
          if (a.format.flavor() == FormatFlavor.LEGACY) {
            throw a.error(e.pos(), "enums need a sui or aptos format of version 7");
          }
          handleOf.put(it, a.datatypeDecl(e.attrs(), a.self, e.name(), e.typeParams(), e.abilities(), e.pos()));
        }
      }
      // function handles
      FunDecl main = null;
      for (Item it : unit.items()) {
        if (it instanceof UseFun u) {
          Integer pin = Assembly.pin(u.attrs(), "handle", a);
          int m = pin != null && a.pinned ? -1 : a.moduleDecl(u.module());
          int h = a.functionDecl(u.attrs(), m, u.name(), u.sig(), u.pos());
          if (u.alias() != null) {
            a.functionAliases.put(u.alias(), h);
          }
        } else if (it instanceof FunDecl f) {
          if (unit.script()) {
            if (main != null) {
              throw a.error(f.pos(), "a script has one function");
            }
            main = f;
          } else {
            handleOf.put(it, a.functionDecl(f.attrs(), a.self, f.name(), f.sig(), f.pos()));
          }
        }
      }
      // constants and metadata
      for (Item it : unit.items()) {
        if (it instanceof Const c) {
          SignatureToken t = a.type(c.type(), Assembly.Scope.EMPTY);
          int i = a.consts.add(new Constant(t, a.encode(t, c.value())));
          if (a.constNames.put(c.name(), i) != null) {
            throw a.error(c.pos(), "constant '" + c.name() + "' defined twice");
          }
        } else if (it instanceof Meta m) {
          a.metadata.add(new Metadata(m.key(), m.value()));
        }
      }
      // struct and enum definitions
      for (Item it : unit.items()) {
        if (it instanceof StructDecl s) {
          Assembly.Scope sc = Assembly.Scope.ofTypeParams(Assembly.names(s.typeParams()));
          StructFieldInformation info = s.fields() == null
              ? StructFieldInformation.NATIVE
              : new StructFieldInformation.Declared(fields(s.fields(), sc));
          a.structDefs.add(new StructDefinition(handleOf.get(it), info));
        } else if (it instanceof EnumDecl e) {
          Assembly.Scope sc = Assembly.Scope.ofTypeParams(Assembly.names(e.typeParams()));
          List<VariantDefinition> vs = new ArrayList<>();
          for (Variant v : e.variants()) {
            vs.add(new VariantDefinition(a.ident(v.name()), fields(v.fields(), sc)));
          }
          if (a.format.isSui()) {
            a.enumDefs.add(new EnumDefinition(handleOf.get(it), vs));
          } else {
            a.structDefs.add(new StructDefinition(handleOf.get(it), new StructFieldInformation.DeclaredVariants(vs)));
          }
        }
      }
      if (unit.script()) {
        if (main == null) {
          throw a.error(unit.pos(), "a script needs a function");
        }
        return script(main);
      }
      for (Item it : unit.items()) {
        if (it instanceof FunDecl f) {
          List<Integer> acquires = new ArrayList<>();
          for (Ref r : f.acquires()) {
            acquires.add(a.structDef(r));
          }
          int h = handleOf.get(it);
          CodeUnit code = f.body() == null ? null : code(f, f.attrs(), f.sig(), f.body());
          a.funDefs.add(new FunctionDefinition(h, f.visibility(), f.entry(), acquires, code));
        }
      }
      CompiledModule.Builder b = CompiledModule.builder(a.format);
      fillCommon(b.moduleHandles, b.datatypeHandles, b.functionHandles, b.functionInstantiations, b.signatures,
          b.identifiers, b.addressIdentifiers, b.constantPool, b.metadata);
      b.selfModuleHandle(a.self);
      b.structDefs.addAll(a.structDefs);
      b.structDefInstantiations.addAll(a.structInsts.list);
      b.functionDefs.addAll(a.funDefs);
      b.fieldHandles.addAll(a.fieldHandles.list);
      b.fieldInstantiations.addAll(a.fieldInsts.list);
      b.friendDecls.addAll(a.friends);
      b.enumDefs.addAll(a.enumDefs);
      b.enumDefInstantiations.addAll(a.enumInsts.list);
      b.variantHandles.addAll(a.variantHandles.list);
      b.variantInstantiationHandles.addAll(a.variantInsts.list);
      b.variantFieldHandles.addAll(a.variantFields.list);
      b.variantFieldInstantiations.addAll(a.variantFieldInsts.list);
      b.structVariantHandles.addAll(a.structVariants.list);
      b.structVariantInstantiations.addAll(a.structVariantInsts.list);
      if (unit.tables() != null) {
        b.layout(unit.tables().layout());
        b.trailingBytes(unit.tables().trailing());
      }
      return b.build();
    }

    private void requireModule(Pos pos, String what) {
      if (unit.script()) {
        throw a.error(pos, "a script cannot define a " + what);
      }
    }

    private void fillCommon(List<ModuleHandle> mh, List<DatatypeHandle> dh, List<FunctionHandle> fh,
        List<FunctionInstantiation> fi, List<Signature> sg, List<String> id, List<Address> ad, List<Constant> cp,
        List<Metadata> md) {
      mh.addAll(a.modules.list);
      dh.addAll(a.datatypes.list);
      fh.addAll(a.functions.list);
      fi.addAll(a.funInsts.list);
      sg.addAll(a.sigs.list);
      id.addAll(a.idents.list);
      ad.addAll(a.addrs.list);
      cp.addAll(a.consts.list);
      md.addAll(a.metadata);
    }

    private List<FieldDefinition> fields(List<Field> fs, Assembly.Scope sc) {
      List<FieldDefinition> out = new ArrayList<>();
      for (Field f : fs) {
        out.add(new FieldDefinition(a.ident(f.name()), a.type(f.type(), sc)));
      }
      return out;
    }

    private CodeUnit code(FunDecl f, List<Attr> attrs, FunSig sig, Body body) {
      List<String> tps = Assembly.names(sig.typeParams());
      Assembly.Scope tsc = Assembly.Scope.ofTypeParams(tps);
      Map<String, Integer> locals = new HashMap<>();
      int n = 0;
      for (Param p : sig.params()) {
        if (p.name() != null && locals.put(p.name(), n) != null) {
          throw a.error(p.pos(), "parameter '" + p.name() + "' declared twice");
        }
        n++;
      }
      List<SignatureToken> localTypes = new ArrayList<>();
      for (Local l : body.locals()) {
        if (locals.put(l.name(), n++) != null) {
          throw a.error(l.pos(), "local '" + l.name() + "' declared twice");
        }
        localTypes.add(a.type(l.type(), tsc));
      }
      Integer pin = Assembly.pin(attrs, "locals", a);
      int localsSig = pin != null && a.pinned ? pin : a.signature(localTypes, body.pos());
      Map<String, Integer> labels = a.labels(body.code());
      Map<String, Integer> jts = new HashMap<>();
      List<VariantJumpTable> tables = new ArrayList<>();
      Assembly.Scope sc = new Assembly.Scope(tps, locals, labels, jts);
      for (JumpTable jt : body.jumpTables()) {
        if (!a.format.isSui()) {
          throw a.error(jt.pos(), "jump tables need the sui format");
        }
        int e = a.enumDef(jt.enumRef());
        List<Integer> offsets = new ArrayList<>();
        for (Operand t : jt.targets()) {
          offsets.add(a.label(t, sc));
        }
        if (jts.put(jt.name(), tables.size()) != null) {
          throw a.error(jt.pos(), "jump table '" + jt.name() + "' defined twice");
        }
        tables.add(new VariantJumpTable(e, offsets));
      }
      List<Bytecode> code = new ArrayList<>();
      for (Stmt s : body.code()) {
        if (s instanceof Instr in) {
          code.add(a.instruction(in, sc));
        }
      }
      return new CodeUnit(localsSig, code, tables);
    }

    private CompiledScript script(FunDecl f) {
      FunSig sig = f.sig();
      Assembly.Scope sc = Assembly.Scope.ofTypeParams(Assembly.names(sig.typeParams()));
      List<AbilitySet> tps = new ArrayList<>();
      for (TypeParam t : sig.typeParams()) {
        tps.add(t.constraints());
      }
      Integer pin = Assembly.pin(f.attrs(), "params", a);
      int params;
      if (pin != null && a.pinned) {
        params = pin;
      } else {
        List<SignatureToken> ps = new ArrayList<>();
        for (Param p : sig.params()) {
          ps.add(a.type(p.type(), sc));
        }
        params = a.signature(ps, sig.pos());
      }
      if (!sig.returns().isEmpty()) {
        throw a.error(sig.pos(), "a script function returns nothing");
      }
      List<AccessSpecifier> access = a.access(sig.access(), sc, sig.params());
      if (f.body() == null) {
        throw a.error(f.pos(), "a script function needs a body");
      }
      CodeUnit code = code(f, f.attrs(), sig, f.body());
      CompiledScript.Builder b = CompiledScript.builder(a.format);
      fillCommon(b.moduleHandles, b.datatypeHandles, b.functionHandles, b.functionInstantiations, b.signatures,
          b.identifiers, b.addressIdentifiers, b.constantPool, b.metadata);
      b.typeParameters(tps).parameters(params).accessSpecifiers(access).code(code);
      if (unit.tables() != null) {
        b.layout(unit.tables().layout());
        b.trailingBytes(unit.tables().trailing());
      }
      return b.build();
    }
  }
}
