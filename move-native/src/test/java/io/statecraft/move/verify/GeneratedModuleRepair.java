package io.statecraft.move.verify;

import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.Constant;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.EnumDefInstantiation;
import io.statecraft.move.binary.FieldInstantiation;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.OperandKind;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.StructDefInstantiation;
import io.statecraft.move.binary.StructVariantInstantiation;
import io.statecraft.move.binary.TableKind;
import io.statecraft.move.binary.VariantFieldInstantiation;
import io.statecraft.move.binary.VariantInstantiationHandle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes a generated module free of duplicate table entries (renaming, or merging entries and
 * re-pointing every index), so that the generator's modules reach the deeper verifier rules.
 * The result is still bounds-valid; its meaning differs from the input, which does not matter
 * for robustness testing.
 */
final class GeneratedModuleRepair {
  private GeneratedModuleRepair() {}

  static CompiledModule repair(CompiledModule in) {
    CompiledModule.Builder b = in.toBuilder();
    // identifiers: rename repeats
    Set<String> names = new HashSet<>();
    for (int i = 0; i < b.identifiers.size(); i++) {
      String n = b.identifiers.get(i);
      while (!names.add(n)) {
        n = n + "_" + i;
      }
      b.identifiers.set(i, n);
    }
    // addresses: alter repeats
    Set<Address> addrs = new HashSet<>();
    for (int i = 0; i < b.addressIdentifiers.size(); i++) {
      Address a = b.addressIdentifiers.get(i);
      int salt = i;
      while (!addrs.add(a)) {
        byte[] bytes = a.toBytes();
        bytes[0] = (byte) salt;
        bytes[1] = (byte) (salt >> 8);
        bytes[2] ^= 0x5A;
        a = new Address(bytes);
        salt += 257;
      }
      b.addressIdentifiers.set(i, a);
    }
    // constants: unique valid vector<u8> values
    for (int i = 0; i < b.constantPool.size(); i++) {
      b.constantPool.set(i, new Constant(new SignatureToken.Vector(SignatureToken.Primitive.U8),
          new byte[] {2, (byte) i, (byte) (i >> 8)}));
    }
    // handles named by (module, name): give repeats fresh names
    uniqueNames(b, b.moduleHandles, h -> List.of(h.address(), h.name()), (h, n) -> new ModuleHandle(h.address(), n));
    uniqueNames(b, b.datatypeHandles, h -> List.of(h.module(), h.name()),
        (h, n) -> new DatatypeHandle(h.module(), n, h.abilities(), h.typeParameters()));
    uniqueNames(b, b.functionHandles, h -> List.of(h.module(), h.name()),
        (h, n) -> new FunctionHandle(h.module(), n, h.parameters(), h.returns(), h.typeParameters(), null, h.attributes()));
    uniqueNames(b, b.friendDecls, h -> List.of(h.address(), h.name()), (h, n) -> new ModuleHandle(h.address(), n));
    // merge repeated signatures, then the tables that point at them, and so on
    int[] sig = merge(b.signatures);
    b.functionHandles.replaceAll(h -> new FunctionHandle(h.module(), h.name(), sig[h.parameters()], sig[h.returns()], h.typeParameters(), null, h.attributes()));
    b.functionInstantiations.replaceAll(x -> new FunctionInstantiation(x.handle(), sig[x.typeParameters()]));
    b.structDefInstantiations.replaceAll(x -> new StructDefInstantiation(x.def(), sig[x.typeParameters()]));
    b.fieldInstantiations.replaceAll(x -> new FieldInstantiation(x.handle(), sig[x.typeParameters()]));
    b.enumDefInstantiations.replaceAll(x -> new EnumDefInstantiation(x.def(), sig[x.typeParameters()]));
    b.variantFieldInstantiations.replaceAll(x -> new VariantFieldInstantiation(x.handle(), sig[x.typeParameters()]));
    b.structVariantInstantiations.replaceAll(x -> new StructVariantInstantiation(x.handle(), sig[x.typeParameters()]));
    int[] fh = merge(b.fieldHandles);
    b.fieldInstantiations.replaceAll(x -> new FieldInstantiation(fh[x.handle()], x.typeParameters()));
    int[] edi = merge(b.enumDefInstantiations);
    b.variantInstantiationHandles.replaceAll(x -> new VariantInstantiationHandle(edi[x.enumDefInstantiation()], x.variant()));
    int[] vfh = merge(b.variantFieldHandles);
    b.variantFieldInstantiations.replaceAll(x -> new VariantFieldInstantiation(vfh[x.handle()], x.typeParameters()));
    int[] svh = merge(b.structVariantHandles);
    b.structVariantInstantiations.replaceAll(x -> new StructVariantInstantiation(svh[x.handle()], x.typeParameters()));
    Map<TableKind, int[]> maps = new EnumMap<>(TableKind.class);
    maps.put(TableKind.SIGNATURES, sig);
    maps.put(TableKind.FIELD_HANDLES, fh);
    maps.put(TableKind.FUNCTION_INSTANTIATIONS, merge(b.functionInstantiations));
    maps.put(TableKind.STRUCT_DEF_INSTANTIATIONS, merge(b.structDefInstantiations));
    maps.put(TableKind.FIELD_INSTANTIATIONS, merge(b.fieldInstantiations));
    maps.put(TableKind.VARIANT_HANDLES, merge(b.variantHandles));
    maps.put(TableKind.VARIANT_INSTANTIATION_HANDLES, merge(b.variantInstantiationHandles));
    maps.put(TableKind.VARIANT_FIELD_HANDLES, vfh);
    maps.put(TableKind.VARIANT_FIELD_INSTANTIATIONS, merge(b.variantFieldInstantiations));
    maps.put(TableKind.STRUCT_VARIANT_HANDLES, svh);
    maps.put(TableKind.STRUCT_VARIANT_INSTANTIATIONS, merge(b.structVariantInstantiations));
    // one definition per handle: drop repeated definitions
    Set<Integer> defined = new HashSet<>();
    b.functionDefs.removeIf(d -> !defined.add(d.function()));
    b.functionDefs.replaceAll(d -> new FunctionDefinition(d.function(), d.visibility(), d.isEntry(), d.acquires(),
        d.code() == null ? null : code(d.code(), maps)));
    definitions(b);
    // no constraints on type parameters, no entry functions: fewer table-level rejections
    b.datatypeHandles.replaceAll(h -> new DatatypeHandle(h.module(), h.name(), h.abilities(),
        h.typeParameters().stream().map(p -> new io.statecraft.move.binary.DatatypeTypeParameter(
            io.statecraft.move.binary.AbilitySet.EMPTY, false)).toList()));
    Set<Integer> definedTypes = new HashSet<>();
    b.structDefs.forEach(d -> definedTypes.add(d.structHandle()));
    b.enumDefs.forEach(d -> definedTypes.add(d.enumHandle()));
    acyclic(b);
    for (int i : definedTypes) {
      DatatypeHandle h = b.datatypeHandles.get(i);
      b.datatypeHandles.set(i, new DatatypeHandle(h.module(), h.name(), io.statecraft.move.binary.AbilitySet.EMPTY, h.typeParameters()));
    }
    b.functionHandles.replaceAll(h -> new FunctionHandle(h.module(), h.name(), h.parameters(), h.returns(),
        h.typeParameters().stream().map(p -> io.statecraft.move.binary.AbilitySet.EMPTY).toList(), null, h.attributes()));
    b.functionDefs.replaceAll(d -> new FunctionDefinition(d.function(), d.visibility(), false, List.of(), d.code()));
    uniqueNames(b, b.datatypeHandles, h -> List.of(h.module(), h.name()),
        (h, n) -> new DatatypeHandle(h.module(), n, h.abilities(), h.typeParameters()));
    uniqueNames(b, b.functionHandles, h -> List.of(h.module(), h.name()),
        (h, n) -> new FunctionHandle(h.module(), n, h.parameters(), h.returns(), h.typeParameters(), null, h.attributes()));
    return b.build();
  }

  /** Definitions on self-module handles only, one per handle; undefined handles elsewhere. */
  private static void definitions(CompiledModule.Builder b) {
    b.friendDecls.clear();
    int self = b.selfModuleHandle();
    int other = -1;
    for (int i = 0; i < b.moduleHandles.size(); i++) {
      if (i != self) {
        other = i;
      }
    }
    if (other < 0) {
      b.identifiers.add("Other_" + b.identifiers.size());
      b.moduleHandles.add(new ModuleHandle(b.moduleHandles.get(self).address(), b.identifiers.size() - 1));
      other = b.moduleHandles.size() - 1;
    }
    Set<Integer> definedTypes = new HashSet<>();
    for (int i = 0; i < b.structDefs.size(); i++) {
      var d = b.structDefs.get(i);
      int h = ownHandle(b, d.structHandle(), definedTypes, self);
      b.structDefs.set(i, new io.statecraft.move.binary.StructDefinition(h, uniqueFields(b, d.fieldInformation())));
    }
    for (int i = 0; i < b.enumDefs.size(); i++) {
      var d = b.enumDefs.get(i);
      int h = ownHandle(b, d.enumHandle(), definedTypes, self);
      b.enumDefs.set(i, new io.statecraft.move.binary.EnumDefinition(h, uniqueVariants(b, d.variants())));
    }
    Set<Integer> definedFunctions = new HashSet<>();
    for (FunctionDefinition d : b.functionDefs) {
      definedFunctions.add(d.function());
      FunctionHandle h = b.functionHandles.get(d.function());
      b.functionHandles.set(d.function(), new FunctionHandle(self, h.name(), h.parameters(), h.returns(), h.typeParameters(), null, h.attributes()));
    }
    for (int i = 0; i < b.datatypeHandles.size(); i++) {
      DatatypeHandle h = b.datatypeHandles.get(i);
      if (h.module() == self && !definedTypes.contains(i)) {
        b.datatypeHandles.set(i, new DatatypeHandle(other, h.name(), h.abilities(), h.typeParameters()));
      }
    }
    for (int i = 0; i < b.functionHandles.size(); i++) {
      FunctionHandle h = b.functionHandles.get(i);
      if (h.module() == self && !definedFunctions.contains(i)) {
        b.functionHandles.set(i, new FunctionHandle(other, h.name(), h.parameters(), h.returns(), h.typeParameters(), null, h.attributes()));
      }
    }
  }

  /** A struct's fields may only mention datatypes defined before it: no recursion. */
  private static void acyclic(CompiledModule.Builder b) {
    Map<Integer, Integer> order = new HashMap<>();
    for (int i = 0; i < b.structDefs.size(); i++) {
      order.put(b.structDefs.get(i).structHandle(), i);
    }
    for (int i = 0; i < b.enumDefs.size(); i++) {
      order.put(b.enumDefs.get(i).enumHandle(), b.structDefs.size() + i);
    }
    for (int i = 0; i < b.structDefs.size(); i++) {
      var d = b.structDefs.get(i);
      int rank = i;
      var info = d.fieldInformation();
      if (info instanceof io.statecraft.move.binary.StructFieldInformation.Declared decl) {
        info = new io.statecraft.move.binary.StructFieldInformation.Declared(decl.fields().stream()
            .map(f -> new io.statecraft.move.binary.FieldDefinition(f.name(), below(f.type(), order, rank))).toList());
      } else if (info instanceof io.statecraft.move.binary.StructFieldInformation.DeclaredVariants dv) {
        info = new io.statecraft.move.binary.StructFieldInformation.DeclaredVariants(dv.variants().stream()
            .map(v -> new io.statecraft.move.binary.VariantDefinition(v.name(), v.fields().stream()
                .map(f -> new io.statecraft.move.binary.FieldDefinition(f.name(), below(f.type(), order, rank))).toList()))
            .toList());
      }
      b.structDefs.set(i, new io.statecraft.move.binary.StructDefinition(d.structHandle(), info));
    }
    for (int i = 0; i < b.enumDefs.size(); i++) {
      var d = b.enumDefs.get(i);
      int rank = b.structDefs.size() + i;
      b.enumDefs.set(i, new io.statecraft.move.binary.EnumDefinition(d.enumHandle(), d.variants().stream()
          .map(v -> new io.statecraft.move.binary.VariantDefinition(v.name(), v.fields().stream()
              .map(f -> new io.statecraft.move.binary.FieldDefinition(f.name(), below(f.type(), order, rank))).toList()))
          .toList()));
    }
  }

  private static SignatureToken below(SignatureToken t, Map<Integer, Integer> order, int rank) {
    if (t instanceof SignatureToken.Datatype d) {
      Integer r = order.get(d.handle());
      return r != null && r >= rank ? SignatureToken.Primitive.U64 : t;
    } else if (t instanceof SignatureToken.DatatypeInstantiation d) {
      Integer r = order.get(d.handle());
      if (r != null && r >= rank) {
        return SignatureToken.Primitive.U64;
      }
      return new SignatureToken.DatatypeInstantiation(d.handle(), d.typeArguments().stream().map(a -> below(a, order, rank)).toList());
    } else if (t instanceof SignatureToken.Vector v) {
      return new SignatureToken.Vector(below(v.element(), order, rank));
    }
    return t;
  }

  private static int ownHandle(CompiledModule.Builder b, int handle, Set<Integer> defined, int self) {
    DatatypeHandle h = b.datatypeHandles.get(handle);
    if (defined.add(handle)) {
      b.datatypeHandles.set(handle, new DatatypeHandle(self, h.name(), h.abilities(), h.typeParameters()));
      return handle;
    }
    b.identifiers.add("T_" + b.identifiers.size());
    b.datatypeHandles.add(new DatatypeHandle(self, b.identifiers.size() - 1, h.abilities(), h.typeParameters()));
    defined.add(b.datatypeHandles.size() - 1);
    return b.datatypeHandles.size() - 1;
  }

  private static io.statecraft.move.binary.StructFieldInformation uniqueFields(CompiledModule.Builder b,
      io.statecraft.move.binary.StructFieldInformation info) {
    if (info instanceof io.statecraft.move.binary.StructFieldInformation.Declared d) {
      return new io.statecraft.move.binary.StructFieldInformation.Declared(fields(b, d.fields()));
    } else if (info instanceof io.statecraft.move.binary.StructFieldInformation.DeclaredVariants dv) {
      return new io.statecraft.move.binary.StructFieldInformation.DeclaredVariants(uniqueVariants(b, dv.variants()));
    }
    return info;
  }

  private static List<io.statecraft.move.binary.VariantDefinition> uniqueVariants(CompiledModule.Builder b,
      List<io.statecraft.move.binary.VariantDefinition> vs) {
    Set<Integer> names = new HashSet<>();
    List<io.statecraft.move.binary.VariantDefinition> out = new ArrayList<>();
    for (var v : vs) {
      int name = v.name();
      if (!names.add(name)) {
        b.identifiers.add("V_" + b.identifiers.size());
        name = b.identifiers.size() - 1;
      }
      out.add(new io.statecraft.move.binary.VariantDefinition(name, fields(b, v.fields())));
    }
    return out;
  }

  private static List<io.statecraft.move.binary.FieldDefinition> fields(CompiledModule.Builder b,
      List<io.statecraft.move.binary.FieldDefinition> fs) {
    Set<Integer> names = new HashSet<>();
    List<io.statecraft.move.binary.FieldDefinition> out = new ArrayList<>();
    for (var f : fs) {
      int name = f.name();
      if (!names.add(name)) {
        b.identifiers.add("f_" + b.identifiers.size());
        name = b.identifiers.size() - 1;
      }
      out.add(new io.statecraft.move.binary.FieldDefinition(name, f.type()));
    }
    return out;
  }

  private static CodeUnit code(CodeUnit c, Map<TableKind, int[]> maps) {
    List<Bytecode> out = new ArrayList<>(c.code().size());
    for (Bytecode x : c.code()) {
      OperandKind k = x.opcode().operandKind();
      int[] map = k.table() == null ? null : maps.get(k.table());
      out.add(map == null ? x : new Bytecode(x.opcode(), map[x.index()], x.value(), x.wide()));
    }
    io.statecraft.move.binary.Opcode last = out.isEmpty() ? null : out.get(out.size() - 1).opcode();
    if (last != io.statecraft.move.binary.Opcode.RET && last != io.statecraft.move.binary.Opcode.ABORT
        && last != io.statecraft.move.binary.Opcode.BRANCH) {
      out.add(Bytecode.of(io.statecraft.move.binary.Opcode.RET));
    }
    return new CodeUnit(maps.get(TableKind.SIGNATURES)[c.locals()], out, c.jumpTables());
  }

  /** Removes repeats from {@code list} in place; returns old index -> new index. */
  private static <T> int[] merge(List<T> list) {
    int[] map = new int[list.size()];
    Map<T, Integer> first = new HashMap<>();
    List<T> kept = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Integer at = first.get(list.get(i));
      if (at == null) {
        at = kept.size();
        first.put(list.get(i), at);
        kept.add(list.get(i));
      }
      map[i] = at;
    }
    list.clear();
    list.addAll(kept);
    return map;
  }

  private static <T> void uniqueNames(CompiledModule.Builder b, List<T> list, Function<T, List<Integer>> key,
      java.util.function.BiFunction<T, Integer, T> rename) {
    Set<List<Integer>> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!seen.add(key.apply(list.get(i)))) {
        b.identifiers.add("dup_" + b.identifiers.size());
        T renamed = rename.apply(list.get(i), b.identifiers.size() - 1);
        list.set(i, renamed);
        seen.add(key.apply(renamed));
      }
    }
  }
}
