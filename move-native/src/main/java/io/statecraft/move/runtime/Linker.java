package io.statecraft.move.runtime;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.bcs.BcsException;
import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.Constant;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FieldDefinition;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructFieldInformation;
import io.statecraft.move.binary.VariantDefinition;
import io.statecraft.move.natives.NativeRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns compiled units into a linked {@link ModuleSet}: creates the runtime datatypes and
 * functions, resolves every handle to its definition (checking that what the user declared —
 * abilities, type parameters, signatures, visibility — is what the definer defined), and
 * pre-decodes code into {@link Code}.
 */
final class Linker {
  private final NativeRegistry natives;

  /** Whether the units passed the verifier: only then is code specialized by {@link Lanes}. */
  private final boolean verified;

  Linker(NativeRegistry natives, boolean verified) {
    this.natives = natives;
    this.verified = verified;
  }

  private Code decode(CompiledUnit unit, UnitResolver r, FunctionDef def, List<Type> locals, CodeUnit code) {
    Code c = new CodeDecoder(unit, r, def, def.parameters().size() + locals.size()).decode(code);
    if (!verified) {
      return c;
    }
    List<Type> all = new ArrayList<>(def.parameters());
    all.addAll(locals);
    return Lanes.specialize(c, all.toArray(new Type[0]), def.parameterCount());
  }

  static AccountAddress address(Address a) {
    byte[] b = a.toBytes();
    if (b.length == AccountAddress.LENGTH) {
      return AccountAddress.of(b);
    }
    // 16-byte (Starcoin) addresses: left-padded with zeros to the 32-byte form.
    byte[] padded = new byte[AccountAddress.LENGTH];
    System.arraycopy(b, 0, padded, AccountAddress.LENGTH - b.length, b.length);
    return AccountAddress.of(padded);
  }

  static ModuleId moduleId(CompiledUnit unit, ModuleHandle h) {
    return new ModuleId(address(unit.addressIdentifiers().get(h.address())), unit.identifier(h.name()));
  }

  ModuleSet link(List<CompiledModule> units) {
    Map<ModuleId, CompiledModule> byId = new LinkedHashMap<>();
    for (CompiledModule m : units) {
      ModuleId id = moduleId(m, m.selfHandle());
      if (byId.put(id, m) != null) {
        throw new LinkException(StatusCode.LINKER_ERROR, "module " + id + " given twice");
      }
    }
    List<ModuleId> order = dependencyOrder(byId);
    Map<ModuleId, LoadedModule> loaded = new LinkedHashMap<>();
    for (ModuleId id : order) {
      CompiledModule m = byId.get(id);
      Set<ModuleId> friends = new HashSet<>();
      for (ModuleHandle f : m.friendDecls()) {
        friends.add(moduleId(m, f));
      }
      loaded.put(id, new LoadedModule(id, friends));
    }
    ModuleSet set = new ModuleSet(loaded, natives);
    Map<ModuleId, UnitResolver> resolvers = new HashMap<>();
    // Datatypes first (fields may name any datatype of any module), then functions, then code.
    for (ModuleId id : order) {
      declareDatatypes(byId.get(id), loaded.get(id));
    }
    for (ModuleId id : order) {
      UnitResolver r = new UnitResolver(byId.get(id), id, set);
      resolvers.put(id, r);
      defineFields(byId.get(id), r, loaded.get(id));
    }
    for (ModuleId id : order) {
      declareFunctions(byId.get(id), resolvers.get(id), loaded.get(id));
    }
    for (ModuleId id : order) {
      CompiledModule m = byId.get(id);
      UnitResolver r = resolvers.get(id);
      r.resolveFunctionHandles();
      for (FunctionDefinition fd : m.functionDefs()) {
        FunctionHandle h = m.functionHandles().get(fd.function());
        FunctionDef def = loaded.get(id).function(m.identifier(h.name()));
        if (!fd.isNative() && fd.code() != null) {
          List<Type> locals = r.locals(fd.code());
          def.setBody(locals, decode(m, r, def, locals, fd.code()));
        }
      }
    }
    return set;
  }

  FunctionDef linkScript(CompiledScript script, ModuleSet set) {
    ModuleId scriptId = new ModuleId(AccountAddress.ZERO, "<script>");
    UnitResolver r = new UnitResolver(script, scriptId, set);
    List<Type> params = r.types(script.signature(script.parameters()).tokens());
    FunctionDef main = new FunctionDef(scriptId, "main", Visibility.PUBLIC, true,
        abilities(script.typeParameters()), params, List.of(), false);
    r.resolveFunctionHandles();
    List<Type> locals = r.locals(script.code());
    main.setBody(locals, decode(script, r, main, locals, script.code()));
    return main;
  }

  private static List<ModuleId> dependencyOrder(Map<ModuleId, CompiledModule> byId) {
    List<ModuleId> order = new ArrayList<>();
    Map<ModuleId, Integer> state = new HashMap<>(); // 1 visiting, 2 done
    for (ModuleId id : byId.keySet()) {
      visit(id, byId, state, order);
    }
    return order;
  }

  private static void visit(ModuleId id, Map<ModuleId, CompiledModule> byId, Map<ModuleId, Integer> state,
      List<ModuleId> order) {
    Integer s = state.get(id);
    if (s != null) {
      if (s == 1) {
        throw new LinkException(StatusCode.CYCLIC_MODULE_DEPENDENCY, "cycle through " + id);
      }
      return;
    }
    state.put(id, 1);
    CompiledModule m = byId.get(id);
    for (int i = 0; i < m.moduleHandles().size(); i++) {
      if (i == m.selfModuleHandle()) {
        continue;
      }
      ModuleId dep = moduleId(m, m.moduleHandles().get(i));
      if (dep.equals(id)) {
        continue;
      }
      if (!byId.containsKey(dep)) {
        throw new LinkException(StatusCode.MISSING_DEPENDENCY, id + " depends on missing module " + dep);
      }
      visit(dep, byId, state, order);
    }
    state.put(id, 2);
    order.add(id);
  }

  static int[] abilities(List<AbilitySet> sets) {
    int[] out = new int[sets.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = sets.get(i).bits();
    }
    return out;
  }

  private static DatatypeDef newDatatype(CompiledModule m, ModuleId id, int handleIndex, boolean isEnum, boolean isNative) {
    DatatypeHandle h = m.datatypeHandles().get(handleIndex);
    List<DatatypeTypeParameter> tps = h.typeParameters();
    int[] constraints = new int[tps.size()];
    boolean[] phantom = new boolean[tps.size()];
    for (int i = 0; i < constraints.length; i++) {
      constraints[i] = tps.get(i).constraints().bits();
      phantom[i] = tps.get(i).isPhantom();
    }
    return new DatatypeDef(id, m.identifier(h.name()), h.abilities().bits(), constraints, phantom, isEnum, isNative);
  }

  private static void declareDatatypes(CompiledModule m, LoadedModule lm) {
    for (StructDefinition sd : m.structDefs()) {
      StructFieldInformation info = sd.fieldInformation();
      DatatypeDef def = newDatatype(m, lm.id(), sd.structHandle(),
          info instanceof StructFieldInformation.DeclaredVariants, info instanceof StructFieldInformation.Native);
      put(lm, def);
    }
    for (EnumDefinition ed : m.enumDefs()) {
      put(lm, newDatatype(m, lm.id(), ed.enumHandle(), true, false));
    }
  }

  private static void put(LoadedModule lm, DatatypeDef def) {
    if (lm.datatypes.put(def.name(), def) != null) {
      throw new LinkException(StatusCode.LINKER_ERROR, "datatype " + def + " defined twice");
    }
  }

  private static void defineFields(CompiledModule m, UnitResolver r, LoadedModule lm) {
    for (StructDefinition sd : m.structDefs()) {
      DatatypeDef def = lm.datatype(m.identifier(m.datatypeHandles().get(sd.structHandle()).name()));
      StructFieldInformation info = sd.fieldInformation();
      List<DatatypeDef.Variant> variants = new ArrayList<>();
      if (info instanceof StructFieldInformation.Declared d) {
        variants.add(variant(m, r, null, d.fields()));
      } else if (info instanceof StructFieldInformation.DeclaredVariants dv) {
        for (VariantDefinition v : dv.variants()) {
          variants.add(variant(m, r, m.identifier(v.name()), v.fields()));
        }
      } else {
        variants.add(new DatatypeDef.Variant(null, List.of(), List.of()));
      }
      def.setVariants(variants);
    }
    for (EnumDefinition ed : m.enumDefs()) {
      DatatypeDef def = lm.datatype(m.identifier(m.datatypeHandles().get(ed.enumHandle()).name()));
      List<DatatypeDef.Variant> variants = new ArrayList<>();
      for (VariantDefinition v : ed.variants()) {
        variants.add(variant(m, r, m.identifier(v.name()), v.fields()));
      }
      def.setVariants(variants);
    }
  }

  private static DatatypeDef.Variant variant(CompiledModule m, UnitResolver r, String name, List<FieldDefinition> fields) {
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    for (FieldDefinition f : fields) {
      names.add(m.identifier(f.name()));
      types.add(r.type(f.type()));
    }
    return new DatatypeDef.Variant(name, names, types);
  }

  private void declareFunctions(CompiledModule m, UnitResolver r, LoadedModule lm) {
    for (FunctionDefinition fd : m.functionDefs()) {
      FunctionHandle h = m.functionHandles().get(fd.function());
      String name = m.identifier(h.name());
      FunctionDef def = new FunctionDef(lm.id(), name, visibility(fd.visibility()), fd.isEntry(),
          abilities(h.typeParameters()), r.types(m.signature(h.parameters()).tokens()),
          r.types(m.signature(h.returns()).tokens()), fd.isNative());
      if (fd.isNative()) {
        def.setNative(natives.lookup(lm.id().address(), lm.id().name(), name));
      }
      if (lm.functions.put(name, def) != null) {
        throw new LinkException(StatusCode.LINKER_ERROR, "function " + def + " defined twice");
      }
    }
  }

  private static Visibility visibility(io.statecraft.move.binary.Visibility v) {
    return switch (v) {
      case PUBLIC -> Visibility.PUBLIC;
      case FRIEND -> Visibility.FRIEND;
      default -> Visibility.PRIVATE;
    };
  }

  /** A unit's handle tables resolved against the module set. */
  static final class UnitResolver {
    final CompiledUnit unit;
    final ModuleId self;
    final ModuleSet set;
    final DatatypeDef[] datatypes;
    FunctionDef[] functions;

    UnitResolver(CompiledUnit unit, ModuleId self, ModuleSet set) {
      this.unit = unit;
      this.self = self;
      this.set = set;
      List<DatatypeHandle> handles = unit.datatypeHandles();
      datatypes = new DatatypeDef[handles.size()];
      for (int i = 0; i < datatypes.length; i++) {
        DatatypeHandle h = handles.get(i);
        ModuleId owner = moduleId(unit, unit.moduleHandles().get(h.module()));
        LoadedModule lm = set.module(owner);
        String name = unit.identifier(h.name());
        DatatypeDef def = lm == null ? null : lm.datatype(name);
        if (def == null) {
          throw new LinkException(lm == null ? StatusCode.MISSING_DEPENDENCY : StatusCode.LINKER_ERROR,
              self + " refers to missing datatype " + owner + "::" + name);
        }
        if (def.abilities() != h.abilities().bits()
            || def.typeParameterCount() != h.typeParameters().size()) {
          throw new LinkException(StatusCode.TYPE_MISMATCH, self + " declares " + def
              + " with abilities {" + Abilities.describe(h.abilities().bits()) + "} and "
              + h.typeParameters().size() + " type parameters; defined with {"
              + Abilities.describe(def.abilities()) + "} and " + def.typeParameterCount());
        }
        for (int p = 0; p < def.typeParameterCount(); p++) {
          DatatypeTypeParameter tp = h.typeParameters().get(p);
          if (tp.constraints().bits() != def.typeParameterConstraint(p) || tp.isPhantom() != def.isPhantom(p)) {
            throw new LinkException(StatusCode.TYPE_MISMATCH, self + " declares type parameter " + p + " of " + def + " differently");
          }
        }
        datatypes[i] = def;
      }
    }

    void resolveFunctionHandles() {
      List<FunctionHandle> handles = unit.functionHandles();
      functions = new FunctionDef[handles.size()];
      for (int i = 0; i < functions.length; i++) {
        FunctionHandle h = handles.get(i);
        ModuleId owner = moduleId(unit, unit.moduleHandles().get(h.module()));
        LoadedModule lm = set.module(owner);
        String name = unit.identifier(h.name());
        FunctionDef def = lm == null ? null : lm.function(name);
        if (def == null) {
          throw new LinkException(lm == null ? StatusCode.MISSING_DEPENDENCY : StatusCode.FUNCTION_RESOLUTION_FAILURE,
              self + " refers to missing function " + owner + "::" + name);
        }
        List<Type> params = types(unit.signature(h.parameters()).tokens());
        List<Type> returns = types(unit.signature(h.returns()).tokens());
        if (!params.equals(def.parameters()) || !returns.equals(def.returns())
            || !Arrays.equals(abilities(h.typeParameters()), constraints(def))) {
          throw new LinkException(StatusCode.TYPE_MISMATCH, self + " declares " + def + " with another signature");
        }
        if (!owner.equals(self) && def.visibility() == Visibility.PRIVATE) {
          throw new LinkException(StatusCode.LINKER_ERROR, self + " calls private function " + def);
        }
        // A script has no module id a friend list could name, so it may call no friend function.
        if (!owner.equals(self) && def.visibility() == Visibility.FRIEND && !lm.friends().contains(self)) {
          throw new LinkException(StatusCode.LINKER_ERROR, self + " calls friend function " + def
              + " but is not a friend of " + owner);
        }
        functions[i] = def;
      }
    }

    private static int[] constraints(FunctionDef def) {
      int[] c = new int[def.typeParameterCount()];
      for (int i = 0; i < c.length; i++) {
        c[i] = def.typeParameterConstraint(i);
      }
      return c;
    }

    List<Type> locals(CodeUnit code) {
      return types(unit.signature(code.locals()).tokens());
    }

    List<Type> types(List<SignatureToken> tokens) {
      List<Type> out = new ArrayList<>(tokens.size());
      for (SignatureToken t : tokens) {
        out.add(type(t));
      }
      return out;
    }

    Type[] typeArray(int signatureIndex) {
      return types(unit.signature(signatureIndex).tokens()).toArray(new Type[0]);
    }

    Type type(SignatureToken t) {
      if (t instanceof SignatureToken.Primitive p) {
        return switch (p) {
          case BOOL -> Type.BOOL;
          case U8 -> Type.U8;
          case U16 -> Type.U16;
          case U32 -> Type.U32;
          case U64 -> Type.U64;
          case U128 -> Type.U128;
          case U256 -> Type.U256;
          case I8 -> Type.I8;
          case I16 -> Type.I16;
          case I32 -> Type.I32;
          case I64 -> Type.I64;
          case I128 -> Type.I128;
          case I256 -> Type.I256;
          case ADDRESS -> Type.ADDRESS;
          case SIGNER -> Type.SIGNER;
        };
      } else if (t instanceof SignatureToken.Vector v) {
        return Type.vector(type(v.element()));
      } else if (t instanceof SignatureToken.Reference r) {
        return Type.reference(type(r.referent()), false);
      } else if (t instanceof SignatureToken.MutableReference r) {
        return Type.reference(type(r.referent()), true);
      } else if (t instanceof SignatureToken.Datatype d) {
        DatatypeDef def = datatypes[d.handle()];
        if (def.typeParameterCount() != 0) {
          throw new LinkException(StatusCode.NUMBER_OF_TYPE_ARGUMENTS_MISMATCH, def + " used without type arguments");
        }
        return Type.datatype(def);
      } else if (t instanceof SignatureToken.DatatypeInstantiation d) {
        DatatypeDef def = datatypes[d.handle()];
        if (def.typeParameterCount() != d.typeArguments().size()) {
          throw new LinkException(StatusCode.NUMBER_OF_TYPE_ARGUMENTS_MISMATCH, def + " with " + d.typeArguments().size() + " type arguments");
        }
        return Type.datatype(def, types(d.typeArguments()));
      } else if (t instanceof SignatureToken.TypeParameter p) {
        return Type.typeParameter(p.index());
      } else if (t instanceof SignatureToken.Function f) {
        return Type.function(types(f.parameters()), types(f.results()), f.abilities().bits());
      }
      throw new LinkException(StatusCode.LINKER_ERROR, "unknown signature token " + t);
    }

    Object constant(int index) {
      Constant c = unit.constantPool().get(index);
      Type t = type(c.type());
      try {
        return Bcs.deserialize(t, c.data());
      } catch (BcsException | IllegalArgumentException e) {
        throw new LinkException(StatusCode.VALUE_DESERIALIZATION_ERROR, "constant " + index + " of " + self + ": " + e.getMessage());
      }
    }

    CallSite call(int handle) {
      return new CallSite(functions[handle], new Type[0]);
    }

    CallSite callGeneric(int instantiation) {
      FunctionInstantiation fi = unit.functionInstantiations().get(instantiation);
      return new CallSite(functions[fi.handle()], typeArray(fi.typeParameters()));
    }
  }
}
