package io.statecraft.move.binary;

import io.statecraft.move.binary.InvalidModuleException.Kind;
import java.util.List;

/**
 * Checks that every index in a unit points inside its table, table by table, in the order
 * that lets later checks rely on earlier ones (pools, then handles, then definitions, then
 * code). Also checks what the reference bounds checkers check alongside: arity of datatype
 * instantiations, type parameter indices against the type parameters in scope, field and
 * variant offsets against their owners, local indices, branch targets and jump tables.
 *
 * <p>Deeper rules (abilities, duplicates, types, references) belong to the verifier in {@code
 * io.statecraft.move.verify}, which may assume a unit that passed this check.
 */
public final class BoundsChecker {
  private final CompiledUnit unit;
  private final CompiledModule module;

  private BoundsChecker(CompiledUnit unit) {
    this.unit = unit;
    this.module = unit instanceof CompiledModule m ? m : null;
  }

  /** Throws {@link InvalidModuleException} at the first index out of bounds. */
  public static void check(CompiledModule module) {
    new BoundsChecker(module).checkModule();
  }

  public static void check(CompiledScript script) {
    new BoundsChecker(script).checkScript();
  }

  public static void check(CompiledUnit unit) {
    if (unit instanceof CompiledModule m) {
      check(m);
    } else {
      check((CompiledScript) unit);
    }
  }

  private static InvalidModuleException fail(Kind kind, String table, int index, String rule) {
    return new InvalidModuleException(kind, table, index, rule);
  }

  private static void in(int value, int size, String table, int index, String what) {
    if (value < 0 || value >= size) {
      throw fail(Kind.INDEX_OUT_OF_BOUNDS, table, index, what + " index " + value + " not below " + size);
    }
  }

  // ---------------------------------------------------------------- common tables

  private void checkCommon() {
    int addresses = unit.addressIdentifiers().size();
    int identifiers = unit.identifiers().size();
    for (int i = 0; i < addresses; i++) {
      int length = unit.addressIdentifiers().get(i).length();
      if (length != unit.format().addressLength()) {
        throw fail(Kind.BAD_MODULE_IDENTITY, "address_identifiers", i, "address length " + length);
      }
    }
    List<ModuleHandle> modules = unit.moduleHandles();
    for (int i = 0; i < modules.size(); i++) {
      in(modules.get(i).address(), addresses, "module_handles", i, "address");
      in(modules.get(i).name(), identifiers, "module_handles", i, "identifier");
    }
    List<DatatypeHandle> datatypes = unit.datatypeHandles();
    for (int i = 0; i < datatypes.size(); i++) {
      in(datatypes.get(i).module(), modules.size(), "datatype_handles", i, "module handle");
      in(datatypes.get(i).name(), identifiers, "datatype_handles", i, "identifier");
    }
    List<Signature> signatures = unit.signatures();
    for (int i = 0; i < signatures.size(); i++) {
      for (SignatureToken t : signatures.get(i).tokens()) {
        type(t, Integer.MAX_VALUE, "signatures", i);
      }
    }
    List<Constant> constants = unit.constantPool();
    for (int i = 0; i < constants.size(); i++) {
      type(constants.get(i).type(), 0, "constant_pool", i);
    }
    List<FunctionHandle> functions = unit.functionHandles();
    for (int i = 0; i < functions.size(); i++) {
      FunctionHandle h = functions.get(i);
      in(h.module(), modules.size(), "function_handles", i, "module handle");
      in(h.name(), identifiers, "function_handles", i, "identifier");
      in(h.parameters(), signatures.size(), "function_handles", i, "parameters signature");
      in(h.returns(), signatures.size(), "function_handles", i, "returns signature");
      int scope = h.typeParameters().size();
      typeParameters(signatures.get(h.parameters()), scope, "function_handles", i);
      typeParameters(signatures.get(h.returns()), scope, "function_handles", i);
      if (h.accessSpecifiers() != null) {
        accessSpecifiers(h.accessSpecifiers(), "function_handles", i);
      }
    }
    List<FunctionInstantiation> fis = unit.functionInstantiations();
    for (int i = 0; i < fis.size(); i++) {
      in(fis.get(i).handle(), functions.size(), "function_instantiations", i, "function handle");
      in(fis.get(i).typeParameters(), signatures.size(), "function_instantiations", i, "signature");
    }
  }

  private void accessSpecifiers(List<AccessSpecifier> specs, String table, int index) {
    for (AccessSpecifier s : specs) {
      ResourceSpecifier r = s.resource();
      if (r instanceof ResourceSpecifier.DeclaredAtAddress a) {
        in(a.address(), unit.addressIdentifiers().size(), table, index, "access specifier address");
      } else if (r instanceof ResourceSpecifier.DeclaredInModule m) {
        in(m.module(), unit.moduleHandles().size(), table, index, "access specifier module");
      } else if (r instanceof ResourceSpecifier.Resource res) {
        in(res.datatype(), unit.datatypeHandles().size(), table, index, "access specifier datatype");
      } else if (r instanceof ResourceSpecifier.ResourceInstantiation ri) {
        in(ri.datatype(), unit.datatypeHandles().size(), table, index, "access specifier datatype");
        in(ri.typeArguments(), unit.signatures().size(), table, index, "access specifier signature");
      }
      AddressSpecifier a = s.address();
      if (a instanceof AddressSpecifier.Literal l) {
        in(l.address(), unit.addressIdentifiers().size(), table, index, "access specifier address");
      } else if (a instanceof AddressSpecifier.Parameter p && p.hasFunction()) {
        in(p.function(), unit.functionInstantiations().size(), table, index, "access specifier function");
      }
    }
  }

  /** Datatype indices and arities; type parameters against {@code scope} (MAX_VALUE: unchecked). */
  private void type(SignatureToken t, int scope, String table, int index) {
    if (t instanceof SignatureToken.Vector v) {
      type(v.element(), scope, table, index);
    } else if (t instanceof SignatureToken.Reference r) {
      type(r.referent(), scope, table, index);
    } else if (t instanceof SignatureToken.MutableReference r) {
      type(r.referent(), scope, table, index);
    } else if (t instanceof SignatureToken.Datatype d) {
      in(d.handle(), unit.datatypeHandles().size(), table, index, "datatype handle");
      int arity = unit.datatypeHandles().get(d.handle()).typeParameters().size();
      if (arity != 0) {
        throw fail(Kind.TYPE_ARGUMENT_COUNT_MISMATCH, table, index, "generic datatype " + d.handle() + " used without type arguments");
      }
    } else if (t instanceof SignatureToken.DatatypeInstantiation d) {
      in(d.handle(), unit.datatypeHandles().size(), table, index, "datatype handle");
      int arity = unit.datatypeHandles().get(d.handle()).typeParameters().size();
      if (arity != d.typeArguments().size()) {
        throw fail(Kind.TYPE_ARGUMENT_COUNT_MISMATCH, table, index,
            "datatype " + d.handle() + " takes " + arity + " type arguments, given " + d.typeArguments().size());
      }
      for (SignatureToken a : d.typeArguments()) {
        type(a, scope, table, index);
      }
    } else if (t instanceof SignatureToken.TypeParameter p) {
      if (scope != Integer.MAX_VALUE && p.index() >= scope) {
        throw fail(Kind.TYPE_PARAMETER_OUT_OF_BOUNDS, table, index, "type parameter " + p.index() + " not below " + scope);
      }
    } else if (t instanceof SignatureToken.Function f) {
      for (SignatureToken a : f.parameters()) {
        type(a, scope, table, index);
      }
      for (SignatureToken a : f.results()) {
        type(a, scope, table, index);
      }
    }
  }

  /** Type parameter indices of an already bounds-checked signature. */
  private void typeParameters(Signature s, int scope, String table, int index) {
    for (SignatureToken t : s.tokens()) {
      type(t, scope, table, index);
    }
  }

  // ---------------------------------------------------------------- modules

  private void checkModule() {
    checkCommon();
    int identifiers = unit.identifiers().size();
    int signatures = unit.signatures().size();
    in(module.selfModuleHandle(), module.moduleHandles().size(), "self_module_handle", -1, "module handle");
    List<ModuleHandle> friends = module.friendDecls();
    for (int i = 0; i < friends.size(); i++) {
      in(friends.get(i).address(), unit.addressIdentifiers().size(), "friend_decls", i, "address");
      in(friends.get(i).name(), identifiers, "friend_decls", i, "identifier");
    }
    List<StructDefinition> structs = module.structDefs();
    for (int i = 0; i < structs.size(); i++) {
      StructDefinition d = structs.get(i);
      in(d.structHandle(), unit.datatypeHandles().size(), "struct_defs", i, "datatype handle");
      int scope = unit.datatypeHandles().get(d.structHandle()).typeParameters().size();
      if (d.fieldInformation() instanceof StructFieldInformation.Declared decl) {
        fields(decl.fields(), scope, "struct_defs", i);
      } else if (d.fieldInformation() instanceof StructFieldInformation.DeclaredVariants dv) {
        for (VariantDefinition v : dv.variants()) {
          in(v.name(), identifiers, "struct_defs", i, "variant name");
          fields(v.fields(), scope, "struct_defs", i);
        }
      }
    }
    List<StructDefInstantiation> sis = module.structDefInstantiations();
    for (int i = 0; i < sis.size(); i++) {
      in(sis.get(i).def(), structs.size(), "struct_def_instantiations", i, "struct definition");
      in(sis.get(i).typeParameters(), signatures, "struct_def_instantiations", i, "signature");
    }
    List<FieldHandle> fhs = module.fieldHandles();
    for (int i = 0; i < fhs.size(); i++) {
      FieldHandle h = fhs.get(i);
      in(h.owner(), structs.size(), "field_handles", i, "struct definition");
      if (!(structs.get(h.owner()).fieldInformation() instanceof StructFieldInformation.Declared decl)) {
        throw fail(Kind.WRONG_DEFINITION_KIND, "field_handles", i, "owner " + h.owner() + " has no declared fields");
      }
      if (h.field() >= decl.fields().size()) {
        throw fail(Kind.MEMBER_OUT_OF_BOUNDS, "field_handles", i, "field " + h.field() + " not below " + decl.fields().size());
      }
    }
    List<FieldInstantiation> fins = module.fieldInstantiations();
    for (int i = 0; i < fins.size(); i++) {
      in(fins.get(i).handle(), fhs.size(), "field_instantiations", i, "field handle");
      in(fins.get(i).typeParameters(), signatures, "field_instantiations", i, "signature");
    }
    checkSuiEnums();
    checkAptosVariants();
    List<FunctionDefinition> defs = module.functionDefs();
    for (int i = 0; i < defs.size(); i++) {
      FunctionDefinition d = defs.get(i);
      in(d.function(), unit.functionHandles().size(), "function_defs", i, "function handle");
      for (int a : d.acquires()) {
        in(a, structs.size(), "function_defs", i, "acquired struct definition");
      }
      if (d.code() != null) {
        FunctionHandle h = unit.functionHandles().get(d.function());
        code(d.code(), h.typeParameters().size(), unit.signatures().get(h.parameters()).size(), "function_defs", i);
      }
    }
  }

  private void fields(List<FieldDefinition> fields, int scope, String table, int index) {
    for (FieldDefinition f : fields) {
      in(f.name(), unit.identifiers().size(), table, index, "field name");
      type(f.type(), scope, table, index);
    }
  }

  private void checkSuiEnums() {
    List<EnumDefinition> enums = module.enumDefs();
    for (int i = 0; i < enums.size(); i++) {
      EnumDefinition e = enums.get(i);
      in(e.enumHandle(), unit.datatypeHandles().size(), "enum_defs", i, "datatype handle");
      int scope = unit.datatypeHandles().get(e.enumHandle()).typeParameters().size();
      for (VariantDefinition v : e.variants()) {
        in(v.name(), unit.identifiers().size(), "enum_defs", i, "variant name");
        fields(v.fields(), scope, "enum_defs", i);
      }
    }
    List<EnumDefInstantiation> eis = module.enumDefInstantiations();
    for (int i = 0; i < eis.size(); i++) {
      in(eis.get(i).def(), enums.size(), "enum_def_instantiations", i, "enum definition");
      in(eis.get(i).typeParameters(), unit.signatures().size(), "enum_def_instantiations", i, "signature");
    }
    List<VariantHandle> vhs = module.variantHandles();
    for (int i = 0; i < vhs.size(); i++) {
      in(vhs.get(i).enumDef(), enums.size(), "variant_handles", i, "enum definition");
      variantTag(vhs.get(i).variant(), enums.get(vhs.get(i).enumDef()).variants().size(), "variant_handles", i);
    }
    List<VariantInstantiationHandle> vis = module.variantInstantiationHandles();
    for (int i = 0; i < vis.size(); i++) {
      VariantInstantiationHandle h = vis.get(i);
      in(h.enumDefInstantiation(), eis.size(), "variant_instantiation_handles", i, "enum definition instantiation");
      EnumDefinition e = enums.get(eis.get(h.enumDefInstantiation()).def());
      variantTag(h.variant(), e.variants().size(), "variant_instantiation_handles", i);
    }
  }

  private static void variantTag(int tag, int count, String table, int index) {
    if (tag >= count) {
      throw fail(Kind.MEMBER_OUT_OF_BOUNDS, table, index, "variant " + tag + " not below " + count);
    }
  }

  private List<VariantDefinition> variantsOf(int structDef, String table, int index) {
    in(structDef, module.structDefs().size(), table, index, "struct definition");
    if (module.structDefs().get(structDef).fieldInformation() instanceof StructFieldInformation.DeclaredVariants dv) {
      return dv.variants();
    }
    throw fail(Kind.WRONG_DEFINITION_KIND, table, index, "struct " + structDef + " has no variants");
  }

  private void checkAptosVariants() {
    List<VariantFieldHandle> vfh = module.variantFieldHandles();
    for (int i = 0; i < vfh.size(); i++) {
      VariantFieldHandle h = vfh.get(i);
      List<VariantDefinition> variants = variantsOf(h.owner(), "variant_field_handles", i);
      for (int v : h.variants()) {
        variantTag(v, variants.size(), "variant_field_handles", i);
        int fieldCount = variants.get(v).fields().size();
        if (h.field() >= fieldCount) {
          throw fail(Kind.MEMBER_OUT_OF_BOUNDS, "variant_field_handles", i, "field " + h.field() + " not below " + fieldCount);
        }
      }
    }
    List<VariantFieldInstantiation> vfi = module.variantFieldInstantiations();
    for (int i = 0; i < vfi.size(); i++) {
      in(vfi.get(i).handle(), vfh.size(), "variant_field_instantiations", i, "variant field handle");
      in(vfi.get(i).typeParameters(), unit.signatures().size(), "variant_field_instantiations", i, "signature");
    }
    List<StructVariantHandle> svh = module.structVariantHandles();
    for (int i = 0; i < svh.size(); i++) {
      List<VariantDefinition> variants = variantsOf(svh.get(i).structDef(), "struct_variant_handles", i);
      variantTag(svh.get(i).variant(), variants.size(), "struct_variant_handles", i);
    }
    List<StructVariantInstantiation> svi = module.structVariantInstantiations();
    for (int i = 0; i < svi.size(); i++) {
      in(svi.get(i).handle(), svh.size(), "struct_variant_instantiations", i, "struct variant handle");
      in(svi.get(i).typeParameters(), unit.signatures().size(), "struct_variant_instantiations", i, "signature");
    }
  }

  // ---------------------------------------------------------------- scripts

  private void checkScript() {
    checkCommon();
    CompiledScript script = (CompiledScript) unit;
    in(script.parameters(), unit.signatures().size(), "script", -1, "parameters signature");
    int scope = script.typeParameters().size();
    typeParameters(unit.signatures().get(script.parameters()), scope, "script", -1);
    if (script.accessSpecifiers() != null) {
      accessSpecifiers(script.accessSpecifiers(), "script", -1);
    }
    code(script.code(), scope, unit.signatures().get(script.parameters()).size(), "script", -1);
  }

  // ---------------------------------------------------------------- code

  private void code(CodeUnit code, int scope, int parameterCount, String table, int index) {
    String where = index >= 0 ? table + "[" + index + "].code" : table + ".code";
    in(code.locals(), unit.signatures().size(), where, -1, "locals signature");
    Signature locals = unit.signatures().get(code.locals());
    typeParameters(locals, scope, where, -1);
    int localCount = parameterCount + locals.size();
    int length = code.code().size();
    for (int pc = 0; pc < length; pc++) {
      instruction(code, code.code().get(pc), scope, localCount, where, pc);
    }
    List<VariantJumpTable> tables = code.jumpTables();
    for (int j = 0; j < tables.size(); j++) {
      VariantJumpTable t = tables.get(j);
      if (module == null) {
        throw fail(Kind.INDEX_OUT_OF_BOUNDS, where + ".jump_tables", j, "scripts have no enums");
      }
      in(t.headEnum(), module.enumDefs().size(), where + ".jump_tables", j, "enum definition");
      for (int target : t.offsets()) {
        if (target >= length) {
          throw fail(Kind.CODE_OFFSET_OUT_OF_BOUNDS, where + ".jump_tables", j, "target " + target + " not below " + length);
        }
      }
    }
  }

  private int tableSize(TableKind kind) {
    return switch (kind) {
      case CONSTANT_POOL -> unit.constantPool().size();
      case FUNCTION_HANDLES -> unit.functionHandles().size();
      case FUNCTION_INSTANTIATIONS -> unit.functionInstantiations().size();
      case SIGNATURES -> unit.signatures().size();
      default -> module == null ? 0 : switch (kind) {
        case STRUCT_DEFS -> module.structDefs().size();
        case STRUCT_DEF_INSTANTIATIONS -> module.structDefInstantiations().size();
        case FIELD_HANDLES -> module.fieldHandles().size();
        case FIELD_INSTANTIATIONS -> module.fieldInstantiations().size();
        case VARIANT_HANDLES -> module.variantHandles().size();
        case VARIANT_INSTANTIATION_HANDLES -> module.variantInstantiationHandles().size();
        case VARIANT_FIELD_HANDLES -> module.variantFieldHandles().size();
        case VARIANT_FIELD_INSTANTIATIONS -> module.variantFieldInstantiations().size();
        case STRUCT_VARIANT_HANDLES -> module.structVariantHandles().size();
        case STRUCT_VARIANT_INSTANTIATIONS -> module.structVariantInstantiations().size();
        default -> 0;
      };
    };
  }

  /** The signature an instruction instantiates with, to check against the type parameters in scope. */
  private int instantiationSignature(Bytecode b) {
    int i = b.index();
    return switch (b.opcode().operandKind()) {
      case SIGNATURE, SIGNATURE_AND_COUNT -> i;
      case FUNCTION_INSTANTIATION, FUNCTION_INSTANTIATION_AND_MASK -> unit.functionInstantiations().get(i).typeParameters();
      case STRUCT_DEF_INSTANTIATION -> module.structDefInstantiations().get(i).typeParameters();
      case FIELD_INSTANTIATION -> module.fieldInstantiations().get(i).typeParameters();
      case VARIANT_INSTANTIATION_HANDLE ->
          module.enumDefInstantiations().get(module.variantInstantiationHandles().get(i).enumDefInstantiation()).typeParameters();
      case VARIANT_FIELD_INSTANTIATION -> module.variantFieldInstantiations().get(i).typeParameters();
      case STRUCT_VARIANT_INSTANTIATION -> module.structVariantInstantiations().get(i).typeParameters();
      default -> -1;
    };
  }

  private void instruction(CodeUnit code, Bytecode b, int scope, int localCount, String where, int pc) {
    OperandKind kind = b.opcode().operandKind();
    switch (kind) {
      case NONE:
        return;
      case CODE_OFFSET:
        if (b.index() >= code.code().size()) {
          throw fail(Kind.CODE_OFFSET_OUT_OF_BOUNDS, where, pc, b.opcode() + " to " + b.index() + ", code has " + code.code().size());
        }
        return;
      case LOCAL_INDEX:
        if (b.index() >= localCount) {
          throw fail(Kind.LOCAL_INDEX_OUT_OF_BOUNDS, where, pc, b.opcode() + " local " + b.index() + " not below " + localCount);
        }
        return;
      case JUMP_TABLE:
        if (b.index() >= code.jumpTables().size()) {
          throw fail(Kind.INDEX_OUT_OF_BOUNDS, where, pc, "jump table " + b.index() + " not below " + code.jumpTables().size());
        }
        return;
      default:
        break;
    }
    if (kind.table() == null) {
      return; // immediates
    }
    int size = tableSize(kind.table());
    if (b.index() >= size) {
      throw fail(Kind.INDEX_OUT_OF_BOUNDS, where, pc,
          b.opcode() + " " + kind.table().name().toLowerCase(java.util.Locale.ROOT) + " index " + b.index() + " not below " + size);
    }
    int signature = instantiationSignature(b);
    if (signature >= 0) {
      typeParameters(unit.signatures().get(signature), scope, where, pc);
    }
  }
}
