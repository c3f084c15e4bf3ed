package io.statecraft.move.verify.impl;

import io.statecraft.move.binary.Ability;
import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.Constant;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FieldDefinition;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.InvalidModuleException.Kind;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.Signature;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.SignatureToken.DatatypeInstantiation;
import io.statecraft.move.binary.SignatureToken.Function;
import io.statecraft.move.binary.SignatureToken.MutableReference;
import io.statecraft.move.binary.SignatureToken.Primitive;
import io.statecraft.move.binary.SignatureToken.Reference;
import io.statecraft.move.binary.SignatureToken.TypeParameter;
import io.statecraft.move.binary.SignatureToken.Vector;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructFieldInformation;
import io.statecraft.move.binary.VariantDefinition;
import io.statecraft.move.binary.Visibility;
import io.statecraft.move.verify.VerifierLimits;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules about a unit's tables, without looking at code semantics: limits, duplicates,
 * handle/definition consistency, friends, function declarations, signatures, constants, field
 * abilities, recursive datatypes and instantiation loops.
 */
public final class StructureVerifier {
  final CompiledUnit unit;
  final CompiledModule module;
  final VerifierLimits limits;
  final Types types;
  /** Self-module datatype handle index -> definition: struct def i as i, enum def j as ~j. */
  final Map<Integer, Integer> datatypeDefOfHandle = new HashMap<>();
  /** Self-module function handle index -> function def index. */
  final Map<Integer, Integer> functionDefOfHandle = new HashMap<>();

  public StructureVerifier(CompiledUnit unit, VerifierLimits limits) {
    this.unit = unit;
    this.module = unit instanceof CompiledModule m ? m : null;
    this.limits = limits;
    this.types = new Types(unit);
  }

  static InvalidModuleException fail(Kind kind, String table, int index, String rule) {
    return new InvalidModuleException(kind, table, index, rule);
  }

  // ------------------------------------------------------------------ entry points

  public void verifyModule() {
    limits();
    duplicatesCommon();
    selfModuleAndDefinitions();
    friends();
    signaturePool();
    functionHandles();
    constants();
    datatypeDefinitions();
    functionDefinitions();
    fieldAbilities();
    recursiveDatatypes();
    instantiationLoops();
  }

  public void verifyScript() {
    limits();
    duplicatesCommon();
    CompiledScript script = (CompiledScript) unit;
    signaturePool();
    functionHandles();
    constants();
    List<AbilitySet> scope = script.typeParameters();
    if (scope.size() > limits.maxTypeParameters()) {
      throw fail(Kind.LIMIT_EXCEEDED, "script", -1, "more than " + limits.maxTypeParameters() + " type parameters");
    }
    Signature params = unit.signatures().get(script.parameters());
    if (params.size() > limits.maxFunctionParameters()) {
      throw fail(Kind.LIMIT_EXCEEDED, "script", -1, "more than " + limits.maxFunctionParameters() + " parameters");
    }
    for (SignatureToken t : params.tokens()) {
      topLevel(t, true, "script", -1);
      satisfies(t, scope, "script", -1);
      // A script is entered from a transaction: only &signer may be a reference.
      if (t instanceof MutableReference
          || (t instanceof Reference r && r.referent() != Primitive.SIGNER)) {
        throw fail(Kind.INVALID_FUNCTION_DECLARATION, "script", -1, "script parameter " + t + " is a reference other than &signer");
      }
    }
    locals(script.code(), params, scope, "script", -1);
  }

  // ------------------------------------------------------------------ limits

  private void limits() {
    List<Signature> sigs = unit.signatures();
    for (int i = 0; i < sigs.size(); i++) {
      for (SignatureToken t : sigs.get(i).tokens()) {
        typeSize(t, "signatures", i);
      }
    }
    List<Constant> cs = unit.constantPool();
    for (int i = 0; i < cs.size(); i++) {
      typeSize(cs.get(i).type(), "constant_pool", i);
    }
    List<FunctionHandle> fhs = unit.functionHandles();
    for (int i = 0; i < fhs.size(); i++) {
      FunctionHandle h = fhs.get(i);
      if (h.typeParameters().size() > limits.maxTypeParameters()) {
        throw fail(Kind.LIMIT_EXCEEDED, "function_handles", i, "more than " + limits.maxTypeParameters() + " type parameters");
      }
      if (unit.signatures().get(h.parameters()).size() > limits.maxFunctionParameters()) {
        throw fail(Kind.LIMIT_EXCEEDED, "function_handles", i, "more than " + limits.maxFunctionParameters() + " parameters");
      }
      if (unit.signatures().get(h.returns()).size() > limits.maxFunctionReturns()) {
        throw fail(Kind.LIMIT_EXCEEDED, "function_handles", i, "more than " + limits.maxFunctionReturns() + " return values");
      }
    }
    List<DatatypeHandle> dhs = unit.datatypeHandles();
    for (int i = 0; i < dhs.size(); i++) {
      if (dhs.get(i).typeParameters().size() > limits.maxTypeParameters()) {
        throw fail(Kind.LIMIT_EXCEEDED, "datatype_handles", i, "more than " + limits.maxTypeParameters() + " type parameters");
      }
    }
    for (int i = 0; i < unit.functionInstantiations().size(); i++) {
      instantiationLength(unit.functionInstantiations().get(i).typeParameters(), "function_instantiations", i);
    }
    if (module == null) {
      return;
    }
    for (int i = 0; i < module.structDefInstantiations().size(); i++) {
      instantiationLength(module.structDefInstantiations().get(i).typeParameters(), "struct_def_instantiations", i);
    }
    for (int i = 0; i < module.enumDefInstantiations().size(); i++) {
      instantiationLength(module.enumDefInstantiations().get(i).typeParameters(), "enum_def_instantiations", i);
    }
    List<StructDefinition> sds = module.structDefs();
    for (int i = 0; i < sds.size(); i++) {
      StructFieldInformation info = sds.get(i).fieldInformation();
      if (info instanceof StructFieldInformation.Declared d) {
        fieldCount(d.fields(), "struct_defs", i);
      } else if (info instanceof StructFieldInformation.DeclaredVariants dv) {
        variants(dv.variants(), "struct_defs", i);
      }
    }
    for (int i = 0; i < module.enumDefs().size(); i++) {
      variants(module.enumDefs().get(i).variants(), "enum_defs", i);
    }
  }

  private void variants(List<VariantDefinition> vs, String table, int index) {
    if (vs.isEmpty()) {
      throw fail(Kind.LIMIT_EXCEEDED, table, index, "an enum needs at least one variant");
    }
    if (vs.size() > limits.maxVariants()) {
      throw fail(Kind.LIMIT_EXCEEDED, table, index, "more than " + limits.maxVariants() + " variants");
    }
    for (VariantDefinition v : vs) {
      fieldCount(v.fields(), table, index);
    }
  }

  private void fieldCount(List<FieldDefinition> fields, String table, int index) {
    if (fields.size() > limits.maxStructFields()) {
      throw fail(Kind.LIMIT_EXCEEDED, table, index, "more than " + limits.maxStructFields() + " fields");
    }
    for (FieldDefinition f : fields) {
      typeSize(f.type(), table, index);
    }
  }

  private void instantiationLength(int signature, String table, int index) {
    if (unit.signatures().get(signature).size() > limits.maxInstantiationLength()) {
      throw fail(Kind.LIMIT_EXCEEDED, table, index, "more than " + limits.maxInstantiationLength() + " type arguments");
    }
  }

  private void typeSize(SignatureToken t, String table, int index) {
    if (Types.nodes(t, limits.maxTypeNodes()) > limits.maxTypeNodes()) {
      throw fail(Kind.LIMIT_EXCEEDED, table, index, "type has more than " + limits.maxTypeNodes() + " nodes");
    }
    if (SignatureToken.depth(t) > limits.maxTypeDepth()) {
      throw fail(Kind.LIMIT_EXCEEDED, table, index, "type nested deeper than " + limits.maxTypeDepth());
    }
  }

  // ------------------------------------------------------------------ duplicates

  private static <T> void unique(List<T> items, String table) {
    Map<T, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Integer prev = seen.putIfAbsent(items.get(i), i);
      if (prev != null) {
        throw fail(Kind.DUPLICATE_ELEMENT, table, i, "same as entry " + prev);
      }
    }
  }

  private void duplicatesCommon() {
    unique(unit.identifiers(), "identifiers");
    unique(unit.addressIdentifiers(), "address_identifiers");
    unique(unit.constantPool(), "constant_pool");
    unique(unit.signatures(), "signatures");
    unique(unit.moduleHandles(), "module_handles");
    List<List<Integer>> dtNames = new ArrayList<>();
    for (DatatypeHandle h : unit.datatypeHandles()) {
      dtNames.add(List.of(h.module(), h.name()));
    }
    unique(dtNames, "datatype_handles");
    List<List<Integer>> fnNames = new ArrayList<>();
    for (FunctionHandle h : unit.functionHandles()) {
      fnNames.add(List.of(h.module(), h.name()));
    }
    unique(fnNames, "function_handles");
    unique(unit.functionInstantiations(), "function_instantiations");
    if (module == null) {
      return;
    }
    unique(module.structDefInstantiations(), "struct_def_instantiations");
    unique(module.fieldHandles(), "field_handles");
    unique(module.fieldInstantiations(), "field_instantiations");
    unique(module.friendDecls(), "friend_decls");
    unique(module.enumDefInstantiations(), "enum_def_instantiations");
    unique(module.variantHandles(), "variant_handles");
    unique(module.variantInstantiationHandles(), "variant_instantiation_handles");
    unique(module.variantFieldHandles(), "variant_field_handles");
    unique(module.variantFieldInstantiations(), "variant_field_instantiations");
    unique(module.structVariantHandles(), "struct_variant_handles");
    unique(module.structVariantInstantiations(), "struct_variant_instantiations");
  }

  // ------------------------------------------------------------------ self module, definitions

  private void selfModuleAndDefinitions() {
    int self = module.selfModuleHandle();
    List<StructDefinition> sds = module.structDefs();
    for (int i = 0; i < sds.size(); i++) {
      int h = sds.get(i).structHandle();
      defineDatatype(h, i, "struct_defs", i);
      StructFieldInformation info = sds.get(i).fieldInformation();
      if (info instanceof StructFieldInformation.Declared d) {
        uniqueFieldNames(d.fields(), "struct_defs", i);
      } else if (info instanceof StructFieldInformation.DeclaredVariants dv) {
        if (!unit.format().isAptos()) {
          throw fail(Kind.NOT_ENCODABLE, "struct_defs", i, "struct variants exist only in Aptos units");
        }
        uniqueVariants(dv.variants(), "struct_defs", i);
      }
    }
    List<EnumDefinition> eds = module.enumDefs();
    for (int i = 0; i < eds.size(); i++) {
      defineDatatype(eds.get(i).enumHandle(), ~i, "enum_defs", i);
      uniqueVariants(eds.get(i).variants(), "enum_defs", i);
    }
    List<FunctionDefinition> fds = module.functionDefs();
    for (int i = 0; i < fds.size(); i++) {
      int h = fds.get(i).function();
      if (unit.functionHandles().get(h).module() != self) {
        throw fail(Kind.DEFINITION_MISMATCH, "function_defs", i, "defines function handle " + h + " of another module");
      }
      if (functionDefOfHandle.putIfAbsent(h, i) != null) {
        throw fail(Kind.DUPLICATE_ELEMENT, "function_defs", i, "function handle " + h + " defined twice");
      }
    }
    List<DatatypeHandle> dhs = unit.datatypeHandles();
    for (int i = 0; i < dhs.size(); i++) {
      if (dhs.get(i).module() == self && !datatypeDefOfHandle.containsKey(i)) {
        throw fail(Kind.DEFINITION_MISMATCH, "datatype_handles", i, "handle of the self module without a definition");
      }
    }
    List<FunctionHandle> fhs = unit.functionHandles();
    for (int i = 0; i < fhs.size(); i++) {
      if (fhs.get(i).module() == self && !functionDefOfHandle.containsKey(i)) {
        throw fail(Kind.DEFINITION_MISMATCH, "function_handles", i, "handle of the self module without a definition");
      }
    }
  }

  private void defineDatatype(int handle, int def, String table, int index) {
    if (unit.datatypeHandles().get(handle).module() != module.selfModuleHandle()) {
      throw fail(Kind.DEFINITION_MISMATCH, table, index, "defines datatype handle " + handle + " of another module");
    }
    if (datatypeDefOfHandle.putIfAbsent(handle, def) != null) {
      throw fail(Kind.DUPLICATE_ELEMENT, table, index, "datatype handle " + handle + " defined twice");
    }
  }

  private void uniqueFieldNames(List<FieldDefinition> fields, String table, int index) {
    Set<Integer> names = new HashSet<>();
    for (FieldDefinition f : fields) {
      if (!names.add(f.name())) {
        throw fail(Kind.DUPLICATE_ELEMENT, table, index, "field name " + unit.identifier(f.name()) + " twice");
      }
    }
  }

  private void uniqueVariants(List<VariantDefinition> vs, String table, int index) {
    Set<Integer> names = new HashSet<>();
    for (VariantDefinition v : vs) {
      if (!names.add(v.name())) {
        throw fail(Kind.DUPLICATE_ELEMENT, table, index, "variant name " + unit.identifier(v.name()) + " twice");
      }
      uniqueFieldNames(v.fields(), table, index);
    }
  }

  // ------------------------------------------------------------------ friends

  private void friends() {
    ModuleHandle self = module.selfHandle();
    String selfName = unit.identifier(self.name());
    List<ModuleHandle> friends = module.friendDecls();
    for (int i = 0; i < friends.size(); i++) {
      ModuleHandle f = friends.get(i);
      boolean sameAddress = unit.addressIdentifiers().get(f.address()).equals(unit.addressIdentifiers().get(self.address()));
      if (sameAddress && unit.identifier(f.name()).equals(selfName)) {
        throw fail(Kind.FRIEND_VIOLATION, "friend_decls", i, "a module cannot be its own friend");
      }
      if (!sameAddress) {
        throw fail(Kind.FRIEND_VIOLATION, "friend_decls", i, "friend at another address than the module");
      }
    }
  }

  // ------------------------------------------------------------------ signatures

  private void signaturePool() {
    List<Signature> sigs = unit.signatures();
    for (int i = 0; i < sigs.size(); i++) {
      for (SignatureToken t : sigs.get(i).tokens()) {
        topLevel(t, true, "signatures", i);
      }
    }
  }

  /**
   * References may stand only at the top of a parameter, return value or local (and of the
   * parameters and results of a function type), never inside another type.
   */
  void topLevel(SignatureToken t, boolean referenceAllowed, String table, int index) {
    if (t instanceof Reference || t instanceof MutableReference) {
      if (!referenceAllowed) {
        throw fail(Kind.INVALID_SIGNATURE, table, index, "reference not allowed here: " + t);
      }
      topLevel(Types.referent(t), false, table, index);
    } else if (t instanceof Vector v) {
      topLevel(v.element(), false, table, index);
    } else if (t instanceof DatatypeInstantiation d) {
      for (SignatureToken a : d.typeArguments()) {
        topLevel(a, false, table, index);
      }
    } else if (t instanceof Function f) {
      if (!unit.format().isAptos()) {
        throw fail(Kind.INVALID_SIGNATURE, table, index, "function types exist only in Aptos units");
      }
      for (SignatureToken a : f.parameters()) {
        topLevel(a, true, table, index);
      }
      for (SignatureToken a : f.results()) {
        topLevel(a, true, table, index);
      }
    } else if (t instanceof Primitive p && p.aptosOnly() && !unit.format().isAptos()) {
      throw fail(Kind.INVALID_SIGNATURE, table, index, "signed integers exist only in Aptos units");
    }
  }

  /** Every datatype instantiation in {@code t} satisfies the constraints of its type parameters. */
  void satisfies(SignatureToken t, List<AbilitySet> scope, String table, int index) {
    if (t instanceof Reference || t instanceof MutableReference) {
      satisfies(Types.referent(t), scope, table, index);
    } else if (t instanceof Vector v) {
      satisfies(v.element(), scope, table, index);
    } else if (t instanceof DatatypeInstantiation d) {
      List<DatatypeTypeParameter> params = unit.datatypeHandles().get(d.handle()).typeParameters();
      for (int i = 0; i < d.typeArguments().size(); i++) {
        SignatureToken a = d.typeArguments().get(i);
        satisfies(a, scope, table, index);
        AbilitySet need = params.get(i).constraints();
        if (!need.isSubsetOf(types.abilities(a, scope))) {
          throw fail(Kind.CONSTRAINT_NOT_SATISFIED, table, index, a + " lacks " + need + " for type parameter " + i + " of datatype " + d.handle());
        }
      }
    } else if (t instanceof Function f) {
      for (SignatureToken a : f.parameters()) {
        satisfies(a, scope, table, index);
      }
      for (SignatureToken a : f.results()) {
        satisfies(a, scope, table, index);
      }
    }
  }

  /** Type arguments of an instantiation: no references, constraints of {@code params} satisfied. */
  void instantiation(List<SignatureToken> args, List<AbilitySet> params, List<AbilitySet> scope, String table, int index) {
    if (args.size() != params.size()) {
      throw fail(Kind.TYPE_ARGUMENT_COUNT_MISMATCH, table, index, params.size() + " type parameters, " + args.size() + " type arguments");
    }
    for (int i = 0; i < args.size(); i++) {
      SignatureToken a = args.get(i);
      topLevel(a, false, table, index);
      satisfies(a, scope, table, index);
      if (!params.get(i).isSubsetOf(types.abilities(a, scope))) {
        throw fail(Kind.CONSTRAINT_NOT_SATISFIED, table, index, a + " lacks " + params.get(i) + " for type parameter " + i);
      }
    }
  }

  static List<AbilitySet> constraintsOf(DatatypeHandle h) {
    List<AbilitySet> out = new ArrayList<>(h.typeParameters().size());
    for (DatatypeTypeParameter p : h.typeParameters()) {
      out.add(p.constraints());
    }
    return out;
  }

  private void functionHandles() {
    List<FunctionHandle> fhs = unit.functionHandles();
    for (int i = 0; i < fhs.size(); i++) {
      FunctionHandle h = fhs.get(i);
      for (SignatureToken t : unit.signatures().get(h.parameters()).tokens()) {
        satisfies(t, h.typeParameters(), "function_handles", i);
      }
      for (SignatureToken t : unit.signatures().get(h.returns()).tokens()) {
        satisfies(t, h.typeParameters(), "function_handles", i);
      }
    }
  }

  // ------------------------------------------------------------------ constants

  private void constants() {
    List<Constant> cs = unit.constantPool();
    for (int i = 0; i < cs.size(); i++) {
      Constant c = cs.get(i);
      if (!isConstantType(c.type())) {
        throw fail(Kind.INVALID_CONSTANT, "constant_pool", i, c.type() + " is not a constant type");
      }
      if (!Bcs.decodes(c.data(), c.type(), unit.format().addressLength())) {
        throw fail(Kind.INVALID_CONSTANT, "constant_pool", i, "bytes are not the BCS of a " + c.type());
      }
    }
  }

  private boolean isConstantType(SignatureToken t) {
    if (t instanceof Primitive p) {
      return p != Primitive.SIGNER && (!p.aptosOnly() || unit.format().isAptos());
    }
    return t instanceof Vector v && isConstantType(v.element());
  }

  // ------------------------------------------------------------------ datatype definitions

  private void datatypeDefinitions() {
    List<StructDefinition> sds = module.structDefs();
    for (int i = 0; i < sds.size(); i++) {
      DatatypeHandle h = unit.datatypeHandles().get(sds.get(i).structHandle());
      for (FieldDefinition f : fieldsOf(sds.get(i).fieldInformation())) {
        field(f, h, "struct_defs", i);
      }
    }
    List<EnumDefinition> eds = module.enumDefs();
    for (int i = 0; i < eds.size(); i++) {
      DatatypeHandle h = unit.datatypeHandles().get(eds.get(i).enumHandle());
      for (VariantDefinition v : eds.get(i).variants()) {
        for (FieldDefinition f : v.fields()) {
          field(f, h, "enum_defs", i);
        }
      }
    }
  }

  static List<FieldDefinition> fieldsOf(StructFieldInformation info) {
    if (info instanceof StructFieldInformation.Declared d) {
      return d.fields();
    } else if (info instanceof StructFieldInformation.DeclaredVariants dv) {
      List<FieldDefinition> all = new ArrayList<>();
      for (VariantDefinition v : dv.variants()) {
        all.addAll(v.fields());
      }
      return all;
    }
    return List.of();
  }

  private void field(FieldDefinition f, DatatypeHandle owner, String table, int index) {
    topLevel(f.type(), false, table, index);
    satisfies(f.type(), constraintsOf(owner), table, index);
    phantomPositions(f.type(), owner, table, index);
  }

  /** A phantom type parameter may only be an argument for a phantom parameter. */
  private void phantomPositions(SignatureToken t, DatatypeHandle owner, String table, int index) {
    if (t instanceof TypeParameter p) {
      if (p.index() < owner.typeParameters().size() && owner.typeParameters().get(p.index()).isPhantom()) {
        throw fail(Kind.INVALID_SIGNATURE, table, index, "phantom type parameter " + p.index() + " used in a non-phantom position");
      }
    } else if (t instanceof Vector v) {
      phantomPositions(v.element(), owner, table, index);
    } else if (t instanceof DatatypeInstantiation d) {
      List<DatatypeTypeParameter> params = unit.datatypeHandles().get(d.handle()).typeParameters();
      for (int i = 0; i < d.typeArguments().size(); i++) {
        if (!params.get(i).isPhantom()) {
          phantomPositions(d.typeArguments().get(i), owner, table, index);
        }
      }
    } else if (t instanceof Function f) {
      for (SignatureToken a : f.parameters()) {
        phantomPositions(Types.isReference(a) ? Types.referent(a) : a, owner, table, index);
      }
      for (SignatureToken a : f.results()) {
        phantomPositions(Types.isReference(a) ? Types.referent(a) : a, owner, table, index);
      }
    }
  }

  // ------------------------------------------------------------------ function definitions

  private void functionDefinitions() {
    List<FunctionDefinition> fds = module.functionDefs();
    for (int i = 0; i < fds.size(); i++) {
      FunctionDefinition d = fds.get(i);
      FunctionHandle h = unit.functionHandles().get(d.function());
      String table = "function_defs";
      Set<Integer> acquired = new HashSet<>();
      for (int a : d.acquires()) {
        if (!acquired.add(a)) {
          throw fail(Kind.DUPLICATE_ELEMENT, table, i, "struct definition " + a + " acquired twice");
        }
        DatatypeHandle sh = unit.datatypeHandles().get(module.structDefs().get(a).structHandle());
        if (!sh.abilities().has(Ability.KEY)) {
          throw fail(Kind.ACQUIRES_MISMATCH, table, i, "acquires struct definition " + a + " without key");
        }
      }
      if (d.isNative() && !d.acquires().isEmpty()) {
        throw fail(Kind.INVALID_FUNCTION_DECLARATION, table, i, "a native function cannot acquire resources");
      }
      if (d.isEntry()) {
        entry(h, table, i);
      }
      if (d.code() != null) {
        locals(d.code(), unit.signatures().get(h.parameters()), h.typeParameters(), table, i);
      }
    }
  }

  /**
   * Entry functions are called from transactions: parameters may be references only to signer
   * or to datatypes (e.g. Sui's TxContext); Aptos and legacy entry functions return nothing,
   * Sui ones return only values with drop.
   */
  private void entry(FunctionHandle h, String table, int index) {
    for (SignatureToken t : unit.signatures().get(h.parameters()).tokens()) {
      SignatureToken inner = Types.referent(t);
      if (inner != null && inner != Primitive.SIGNER
          && !(inner instanceof SignatureToken.Datatype) && !(inner instanceof DatatypeInstantiation)) {
        throw fail(Kind.INVALID_FUNCTION_DECLARATION, table, index, "entry function parameter " + t);
      }
    }
    List<SignatureToken> returns = unit.signatures().get(h.returns()).tokens();
    if (unit.format().flavor() != FormatFlavor.SUI && !returns.isEmpty()) {
      throw fail(Kind.INVALID_FUNCTION_DECLARATION, table, index, "entry functions return nothing");
    }
    for (SignatureToken t : returns) {
      if (!types.abilities(t, h.typeParameters()).has(Ability.DROP) || Types.isReference(t)) {
        throw fail(Kind.INVALID_FUNCTION_DECLARATION, table, index, "entry function returns " + t + " (needs drop, no reference)");
      }
    }
  }

  private void locals(CodeUnit code, Signature params, List<AbilitySet> scope, String table, int index) {
    Signature locals = unit.signatures().get(code.locals());
    if (params.size() + locals.size() > limits.maxLocals()) {
      throw fail(Kind.LIMIT_EXCEEDED, table, index, "more than " + limits.maxLocals() + " locals");
    }
    if (code.code().size() > limits.maxCodeLength()) {
      throw fail(Kind.LIMIT_EXCEEDED, table, index, "more than " + limits.maxCodeLength() + " instructions");
    }
    for (SignatureToken t : locals.tokens()) {
      satisfies(t, scope, table, index);
    }
    for (SignatureToken t : params.tokens()) {
      satisfies(t, scope, table, index);
    }
  }

  // ------------------------------------------------------------------ field abilities

  private void fieldAbilities() {
    List<StructDefinition> sds = module.structDefs();
    for (int i = 0; i < sds.size(); i++) {
      DatatypeHandle h = unit.datatypeHandles().get(sds.get(i).structHandle());
      for (FieldDefinition f : fieldsOf(sds.get(i).fieldInformation())) {
        fieldHasAbilities(f, h, "struct_defs", i);
      }
    }
    List<EnumDefinition> eds = module.enumDefs();
    for (int i = 0; i < eds.size(); i++) {
      DatatypeHandle h = unit.datatypeHandles().get(eds.get(i).enumHandle());
      if (h.abilities().has(Ability.KEY)) {
        throw fail(Kind.FIELD_MISSING_ABILITY, "enum_defs", i, "an enum cannot have key");
      }
      for (VariantDefinition v : eds.get(i).variants()) {
        for (FieldDefinition f : v.fields()) {
          fieldHasAbilities(f, h, "enum_defs", i);
        }
      }
    }
  }

  private void fieldHasAbilities(FieldDefinition f, DatatypeHandle owner, String table, int index) {
    // A datatype's abilities are conditional on its type arguments: check with all abilities.
    List<AbilitySet> all = Collections.nCopies(owner.typeParameters().size(), AbilitySet.ALL);
    AbilitySet has = types.abilities(f.type(), all);
    for (Ability a : Ability.values()) {
      if (owner.abilities().has(a) && !has.has(Types.fieldRequirement(a))) {
        throw fail(Kind.FIELD_MISSING_ABILITY, table, index,
            "declares " + a.name().toLowerCase(java.util.Locale.ROOT) + " but field " + unit.identifier(f.name())
                + " of type " + f.type() + " lacks " + Types.fieldRequirement(a).name().toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  // ------------------------------------------------------------------ recursive datatypes

  private void recursiveDatatypes() {
    int ns = module.structDefs().size();
    int n = ns + module.enumDefs().size();
    List<List<Integer>> edges = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<FieldDefinition> fields = new ArrayList<>();
      if (i < ns) {
        fields.addAll(fieldsOf(module.structDefs().get(i).fieldInformation()));
      } else {
        for (VariantDefinition v : module.enumDefs().get(i - ns).variants()) {
          fields.addAll(v.fields());
        }
      }
      Set<Integer> out = new HashSet<>();
      for (FieldDefinition f : fields) {
        collectDefs(f.type(), out, ns);
      }
      edges.add(new ArrayList<>(out));
    }
    int cycle = Graphs.findCycle(n, edges);
    if (cycle >= 0) {
      boolean isStruct = cycle < ns;
      throw fail(Kind.RECURSIVE_DATATYPE, isStruct ? "struct_defs" : "enum_defs", isStruct ? cycle : cycle - ns,
          "contains itself by value");
    }
  }

  private void collectDefs(SignatureToken t, Set<Integer> out, int ns) {
    int h = -1;
    if (t instanceof SignatureToken.Datatype d) {
      h = d.handle();
    } else if (t instanceof DatatypeInstantiation d) {
      h = d.handle();
      for (SignatureToken a : d.typeArguments()) {
        collectDefs(a, out, ns);
      }
    } else if (t instanceof Vector v) {
      collectDefs(v.element(), out, ns);
    }
    // References cannot be fields; function values hold no data of the types they mention.
    if (h >= 0) {
      Integer def = datatypeDefOfHandle.get(h);
      if (def != null) {
        out.add(def >= 0 ? def : ns + ~def);
      }
    }
  }

  // ------------------------------------------------------------------ instantiation loops

  private void instantiationLoops() {
    List<FunctionDefinition> fds = module.functionDefs();
    int[] base = new int[fds.size() + 1];
    for (int i = 0; i < fds.size(); i++) {
      base[i + 1] = base[i] + unit.functionHandles().get(fds.get(i).function()).typeParameters().size();
    }
    int n = base[fds.size()];
    if (n == 0) {
      return;
    }
    List<List<Integer>> edges = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      edges.add(new ArrayList<>());
    }
    Set<Long> seen = new HashSet<>();
    List<long[]> growing = new ArrayList<>();
    for (int f = 0; f < fds.size(); f++) {
      int callerParams = base[f + 1] - base[f];
      if (fds.get(f).code() == null || callerParams == 0) {
        continue;
      }
      for (Bytecode b : fds.get(f).code().code()) {
        Opcode op = b.opcode();
        if (op != Opcode.CALL_GENERIC && op != Opcode.PACK_CLOSURE_GENERIC) {
          continue;
        }
        FunctionInstantiation fi = unit.functionInstantiations().get(b.index());
        Integer callee = functionDefOfHandle.get(fi.handle());
        if (callee == null) {
          continue;
        }
        List<SignatureToken> args = unit.signatures().get(fi.typeParameters()).tokens();
        int calleeParams = base[callee + 1] - base[callee];
        for (int j = 0; j < args.size() && j < calleeParams; j++) {
          SignatureToken a = args.get(j);
          BitSet mentioned = new BitSet();
          typeParams(a, mentioned);
          for (int i = mentioned.nextSetBit(0); i >= 0 && i < callerParams; i = mentioned.nextSetBit(i + 1)) {
            int from = base[f] + i;
            int to = base[callee] + j;
            if (seen.add(((long) from << 32) | to)) {
              edges.get(from).add(to);
            }
            if (!(a instanceof TypeParameter)) {
              growing.add(new long[] {from, to, f});
            }
          }
        }
      }
    }
    int[] scc = Graphs.stronglyConnectedComponents(n, edges);
    for (long[] g : growing) {
      if (scc[(int) g[0]] == scc[(int) g[1]]) {
        throw fail(Kind.INSTANTIATION_LOOP, "function_defs", (int) g[2],
            "generic calls instantiate a type parameter with ever larger types");
      }
    }
  }

  private static void typeParams(SignatureToken t, BitSet out) {
    if (t instanceof TypeParameter p) {
      out.set(p.index());
    } else if (t instanceof Vector v) {
      typeParams(v.element(), out);
    } else if (t instanceof Reference || t instanceof MutableReference) {
      typeParams(Types.referent(t), out);
    } else if (t instanceof DatatypeInstantiation d) {
      for (SignatureToken a : d.typeArguments()) {
        typeParams(a, out);
      }
    } else if (t instanceof Function f) {
      for (SignatureToken a : f.parameters()) {
        typeParams(a, out);
      }
      for (SignatureToken a : f.results()) {
        typeParams(a, out);
      }
    }
  }
}
