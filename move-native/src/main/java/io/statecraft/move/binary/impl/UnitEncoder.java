package io.statecraft.move.binary.impl;

import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.AccessSpecifier;
import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.AddressSpecifier;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.CompiledUnit;
import io.statecraft.move.binary.Constant;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.EnumDefInstantiation;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FieldDefinition;
import io.statecraft.move.binary.FieldHandle;
import io.statecraft.move.binary.FieldInstantiation;
import io.statecraft.move.binary.FunctionAttribute;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.InvalidModuleException;
import io.statecraft.move.binary.Metadata;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.OperandKind;
import io.statecraft.move.binary.ResourceSpecifier;
import io.statecraft.move.binary.Signature;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.StructDefInstantiation;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructFieldInformation;
import io.statecraft.move.binary.StructVariantHandle;
import io.statecraft.move.binary.StructVariantInstantiation;
import io.statecraft.move.binary.TableKind;
import io.statecraft.move.binary.VariantDefinition;
import io.statecraft.move.binary.VariantFieldHandle;
import io.statecraft.move.binary.VariantFieldInstantiation;
import io.statecraft.move.binary.VariantHandle;
import io.statecraft.move.binary.VariantInstantiationHandle;
import io.statecraft.move.binary.VariantJumpTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes one unit, the mirror image of {@link UnitDecoder}. Refuses, with {@link
 * InvalidModuleException}, models the format cannot express: values past an encoding limit, or
 * constructs the unit's flavor or version does not have.
 */
public final class UnitEncoder {
  private final BinaryFormat format;
  private String place = "";

  private UnitEncoder(BinaryFormat format) {
    this.format = format;
  }

  public static byte[] encode(CompiledUnit unit) {
    return new UnitEncoder(unit.format()).unit(unit);
  }

  private InvalidModuleException limit(String what, long value, long max) {
    return new InvalidModuleException(
        InvalidModuleException.Kind.LIMIT_EXCEEDED, place, -1, what + " " + value + " exceeds " + max);
  }

  private InvalidModuleException notEncodable(String what) {
    return new InvalidModuleException(
        InvalidModuleException.Kind.NOT_ENCODABLE, place, -1, what + " cannot be written in " + format.flavor() + " v" + format.version());
  }

  private void uleb(ByteWriter out, long value, long max, String what) {
    if (value < 0 || value > max) {
      throw limit(what, value, max);
    }
    out.uleb(value);
  }

  private void index(ByteWriter out, int value, String what) {
    uleb(out, value, Limits.TABLE_INDEX_MAX, what + " index");
  }

  // ---------------------------------------------------------------- unit

  private static List<?> table(CompiledUnit unit, TableKind kind) {
    switch (kind) {
      case MODULE_HANDLES: return unit.moduleHandles();
      case DATATYPE_HANDLES: return unit.datatypeHandles();
      case FUNCTION_HANDLES: return unit.functionHandles();
      case FUNCTION_INSTANTIATIONS: return unit.functionInstantiations();
      case SIGNATURES: return unit.signatures();
      case IDENTIFIERS: return unit.identifiers();
      case ADDRESS_IDENTIFIERS: return unit.addressIdentifiers();
      case CONSTANT_POOL: return unit.constantPool();
      case METADATA: return unit.metadata();
      default: break;
    }
    if (!(unit instanceof CompiledModule m)) {
      return List.of();
    }
    return switch (kind) {
      case STRUCT_DEFS -> m.structDefs();
      case STRUCT_DEF_INSTANTIATIONS -> m.structDefInstantiations();
      case FUNCTION_DEFS -> m.functionDefs();
      case FIELD_HANDLES -> m.fieldHandles();
      case FIELD_INSTANTIATIONS -> m.fieldInstantiations();
      case FRIEND_DECLS -> m.friendDecls();
      case ENUM_DEFS -> m.enumDefs();
      case ENUM_DEF_INSTANTIATIONS -> m.enumDefInstantiations();
      case VARIANT_HANDLES -> m.variantHandles();
      case VARIANT_INSTANTIATION_HANDLES -> m.variantInstantiationHandles();
      case VARIANT_FIELD_HANDLES -> m.variantFieldHandles();
      case VARIANT_FIELD_INSTANTIATIONS -> m.variantFieldInstantiations();
      case STRUCT_VARIANT_HANDLES -> m.structVariantHandles();
      case STRUCT_VARIANT_INSTANTIATIONS -> m.structVariantInstantiations();
      default -> List.of();
    };
  }

  private byte[] unit(CompiledUnit unit) {
    Map<TableKind, ByteWriter> contents = new EnumMap<>(TableKind.class);
    for (TableKind kind : TableKind.values()) {
      List<?> entries = table(unit, kind);
      if (entries.isEmpty()) {
        continue;
      }
      place = kind.name().toLowerCase(java.util.Locale.ROOT);
      if (!kind.existsIn(format.flavor()) || (kind.onlyIn() != null && format.version() < 7)) {
        throw notEncodable("table " + kind);
      }
      ByteWriter out = new ByteWriter();
      for (Object entry : entries) {
        entry(out, kind, entry);
      }
      contents.put(kind, out);
    }
    List<TableKind> contentOrder = order(unit.layout().contentOrder(), contents, List.copyOf(contents.keySet()));
    List<TableKind> headerOrder = order(unit.layout().headerOrder(), contents, contentOrder);

    Map<TableKind, Long> offsets = new EnumMap<>(TableKind.class);
    long offset = 0;
    for (TableKind kind : contentOrder) {
      offsets.put(kind, offset);
      offset += contents.get(kind).size();
    }
    place = "header";
    if (offset > Limits.TABLE_SIZE_MAX) {
      throw limit("table content size", offset, Limits.TABLE_SIZE_MAX);
    }
    ByteWriter out = new ByteWriter((int) Math.min(Integer.MAX_VALUE - 64, offset + 64));
    out.u8(0xA1);
    out.u8(0x1C);
    out.u8(0xEB);
    out.u8(0x0B);
    out.u32(format.headerWord() & 0xFFFF_FFFFL);
    out.uleb(headerOrder.size());
    for (TableKind kind : headerOrder) {
      out.u8(kind.code());
      out.uleb(offsets.get(kind));
      out.uleb(contents.get(kind).size());
    }
    for (TableKind kind : contentOrder) {
      out.append(contents.get(kind));
    }
    if (unit instanceof CompiledModule m) {
      place = "self_module_handle";
      index(out, m.selfModuleHandle(), "self module handle");
    } else {
      CompiledScript s = (CompiledScript) unit;
      place = "script";
      abilitySets(out, s.typeParameters());
      index(out, s.parameters(), "parameters signature");
      if (format.isAptos() && format.version() >= 8) {
        accessSpecifiers(out, s.accessSpecifiers());
      } else if (s.accessSpecifiers() != null) {
        throw notEncodable("script access specifiers");
      }
      codeUnit(out, s.code());
    }
    out.bytes(unit.trailingBytes());
    return out.toByteArray();
  }

  /** The recorded order, minus tables now empty, plus present tables it lacks, in fallback order. */
  private static List<TableKind> order(
      List<TableKind> recorded, Map<TableKind, ByteWriter> present, List<TableKind> fallback) {
    List<TableKind> order = new ArrayList<>(present.size());
    for (TableKind kind : recorded) {
      if (present.containsKey(kind) && !order.contains(kind)) {
        order.add(kind);
      }
    }
    for (TableKind kind : fallback) {
      if (!order.contains(kind)) {
        order.add(kind);
      }
    }
    return order;
  }

  private void entry(ByteWriter out, TableKind kind, Object entry) {
    switch (kind) {
      case MODULE_HANDLES, FRIEND_DECLS -> {
        ModuleHandle h = (ModuleHandle) entry;
        index(out, h.address(), "address");
        index(out, h.name(), "identifier");
      }
      case DATATYPE_HANDLES -> datatypeHandle(out, (DatatypeHandle) entry);
      case FUNCTION_HANDLES -> functionHandle(out, (FunctionHandle) entry);
      case FUNCTION_INSTANTIATIONS -> {
        FunctionInstantiation i = (FunctionInstantiation) entry;
        index(out, i.handle(), "function handle");
        index(out, i.typeParameters(), "signature");
      }
      case SIGNATURES -> signature(out, (Signature) entry);
      case IDENTIFIERS -> identifier(out, (String) entry);
      case ADDRESS_IDENTIFIERS -> {
        Address a = (Address) entry;
        if (a.length() != format.addressLength()) {
          throw new InvalidModuleException(
              InvalidModuleException.Kind.BAD_MODULE_IDENTITY, place, -1, "address of " + a.length() + " bytes in a unit of " + format.addressLength());
        }
        out.bytes(a.toBytes());
      }
      case CONSTANT_POOL -> {
        Constant c = (Constant) entry;
        token(out, c.type());
        uleb(out, c.dataLength(), Limits.CONSTANT_SIZE_MAX, "constant size");
        out.bytes(c.data());
      }
      case METADATA -> {
        Metadata m = (Metadata) entry;
        uleb(out, m.keyLength(), Limits.METADATA_KEY_SIZE_MAX, "metadata key size");
        out.bytes(m.key());
        uleb(out, m.valueLength(), Limits.METADATA_VALUE_SIZE_MAX, "metadata value size");
        out.bytes(m.value());
      }
      case STRUCT_DEFS -> structDef(out, (StructDefinition) entry);
      case STRUCT_DEF_INSTANTIATIONS -> {
        StructDefInstantiation i = (StructDefInstantiation) entry;
        index(out, i.def(), "struct definition");
        index(out, i.typeParameters(), "signature");
      }
      case FUNCTION_DEFS -> functionDef(out, (FunctionDefinition) entry);
      case FIELD_HANDLES -> {
        FieldHandle h = (FieldHandle) entry;
        index(out, h.owner(), "struct definition");
        uleb(out, h.field(), Limits.FIELD_OFFSET_MAX, "field offset");
      }
      case FIELD_INSTANTIATIONS -> {
        FieldInstantiation i = (FieldInstantiation) entry;
        index(out, i.handle(), "field handle");
        index(out, i.typeParameters(), "signature");
      }
      case ENUM_DEFS -> {
        EnumDefinition e = (EnumDefinition) entry;
        index(out, e.enumHandle(), "datatype handle");
        out.u8(EnumDefinition.FLAG_DECLARED);
        if (e.variants().isEmpty()) {
          throw limit("enum variant count", 0, Limits.VARIANT_COUNT_MAX);
        }
        variants(out, e.variants());
      }
      case ENUM_DEF_INSTANTIATIONS -> {
        EnumDefInstantiation i = (EnumDefInstantiation) entry;
        index(out, i.def(), "enum definition");
        index(out, i.typeParameters(), "signature");
      }
      case VARIANT_HANDLES -> {
        VariantHandle h = (VariantHandle) entry;
        index(out, h.enumDef(), "enum definition");
        uleb(out, h.variant(), Limits.VARIANT_TAG_MAX, "variant tag");
      }
      case VARIANT_INSTANTIATION_HANDLES -> {
        VariantInstantiationHandle h = (VariantInstantiationHandle) entry;
        index(out, h.enumDefInstantiation(), "enum definition instantiation");
        uleb(out, h.variant(), Limits.VARIANT_TAG_MAX, "variant tag");
      }
      case VARIANT_FIELD_HANDLES -> {
        VariantFieldHandle h = (VariantFieldHandle) entry;
        index(out, h.owner(), "struct definition");
        uleb(out, h.field(), Limits.FIELD_OFFSET_MAX, "field offset");
        uleb(out, h.variants().size(), Limits.VARIANT_COUNT_MAX, "variant count");
        for (int v : h.variants()) {
          uleb(out, v, Limits.VARIANT_TAG_MAX, "variant");
        }
      }
      case VARIANT_FIELD_INSTANTIATIONS -> {
        VariantFieldInstantiation i = (VariantFieldInstantiation) entry;
        index(out, i.handle(), "variant field handle");
        index(out, i.typeParameters(), "signature");
      }
      case STRUCT_VARIANT_HANDLES -> {
        StructVariantHandle h = (StructVariantHandle) entry;
        index(out, h.structDef(), "struct definition");
        uleb(out, h.variant(), Limits.VARIANT_TAG_MAX, "variant");
      }
      case STRUCT_VARIANT_INSTANTIATIONS -> {
        StructVariantInstantiation i = (StructVariantInstantiation) entry;
        index(out, i.handle(), "struct variant handle");
        index(out, i.typeParameters(), "signature");
      }
    }
  }

  // ---------------------------------------------------------------- entries

  private void datatypeHandle(ByteWriter out, DatatypeHandle h) {
    index(out, h.module(), "module handle");
    index(out, h.name(), "identifier");
    out.uleb(h.abilities().bits());
    uleb(out, h.typeParameters().size(), Limits.TYPE_PARAMETER_COUNT_MAX, "type parameter count");
    for (DatatypeTypeParameter p : h.typeParameters()) {
      out.uleb(p.constraints().bits());
      out.uleb(p.isPhantom() ? 1 : 0);
    }
  }

  private void abilitySets(ByteWriter out, List<AbilitySet> sets) {
    uleb(out, sets.size(), Limits.TYPE_PARAMETER_COUNT_MAX, "type parameter count");
    for (AbilitySet s : sets) {
      out.uleb(s.bits());
    }
  }

  private void functionHandle(ByteWriter out, FunctionHandle h) {
    index(out, h.module(), "module handle");
    index(out, h.name(), "identifier");
    index(out, h.parameters(), "signature");
    index(out, h.returns(), "signature");
    abilitySets(out, h.typeParameters());
    if (format.isAptos()) {
      accessSpecifiers(out, h.accessSpecifiers());
      if (format.version() >= 8) {
        uleb(out, h.attributes().size(), Limits.ATTRIBUTE_COUNT_MAX, "attribute count");
        for (FunctionAttribute a : h.attributes()) {
          out.u8(a.code());
        }
      } else if (!h.attributes().isEmpty()) {
        throw notEncodable("function attributes");
      }
    } else if (h.accessSpecifiers() != null || !h.attributes().isEmpty()) {
      throw notEncodable("access specifiers and function attributes");
    }
  }

  private void accessSpecifiers(ByteWriter out, List<AccessSpecifier> specs) {
    if (specs == null) {
      out.u8(1);
      return;
    }
    out.u8(2);
    uleb(out, specs.size(), Limits.ACCESS_SPECIFIER_COUNT_MAX, "access specifier count");
    for (AccessSpecifier s : specs) {
      out.u8(s.kind().code());
      out.u8(s.negated() ? 2 : 1);
      ResourceSpecifier r = s.resource();
      if (r instanceof ResourceSpecifier.Any) {
        out.u8(ResourceSpecifier.TAG_ANY);
      } else if (r instanceof ResourceSpecifier.DeclaredAtAddress a) {
        out.u8(ResourceSpecifier.TAG_AT_ADDRESS);
        index(out, a.address(), "address");
      } else if (r instanceof ResourceSpecifier.DeclaredInModule m) {
        out.u8(ResourceSpecifier.TAG_IN_MODULE);
        index(out, m.module(), "module handle");
      } else if (r instanceof ResourceSpecifier.Resource res) {
        out.u8(ResourceSpecifier.TAG_RESOURCE);
        index(out, res.datatype(), "datatype handle");
      } else if (r instanceof ResourceSpecifier.ResourceInstantiation ri) {
        out.u8(ResourceSpecifier.TAG_RESOURCE_INSTANTIATION);
        index(out, ri.datatype(), "datatype handle");
        index(out, ri.typeArguments(), "signature");
      }
      AddressSpecifier a = s.address();
      if (a instanceof AddressSpecifier.Any) {
        out.u8(AddressSpecifier.TAG_ANY);
      } else if (a instanceof AddressSpecifier.Literal l) {
        out.u8(AddressSpecifier.TAG_LITERAL);
        index(out, l.address(), "address");
      } else if (a instanceof AddressSpecifier.Parameter p) {
        out.u8(AddressSpecifier.TAG_PARAMETER);
        uleb(out, p.local(), Limits.LOCAL_INDEX_MAX, "parameter index");
        if (p.hasFunction()) {
          out.u8(2);
          index(out, p.function(), "function instantiation");
        } else {
          out.u8(1);
        }
      }
    }
  }

  private void signature(ByteWriter out, Signature s) {
    uleb(out, s.size(), Limits.SIGNATURE_SIZE_MAX, "signature size");
    for (SignatureToken t : s.tokens()) {
      token(out, t);
    }
  }

  private void token(ByteWriter out, SignatureToken t) {
    token(out, t, 1);
  }

  private void token(ByteWriter out, SignatureToken t, int depth) {
    if (depth > Limits.SIGNATURE_TOKEN_DEPTH_MAX) {
      throw limit("type nesting depth", depth, Limits.SIGNATURE_TOKEN_DEPTH_MAX);
    }
    if (t instanceof SignatureToken.Primitive p) {
      if ((p.aptosOnly() && !format.isAptos()) || format.version() < p.sinceVersion()) {
        throw notEncodable("type " + p);
      }
      out.u8(p.tag());
    } else if (t instanceof SignatureToken.Vector v) {
      out.u8(SignatureToken.TAG_VECTOR);
      token(out, v.element(), depth + 1);
    } else if (t instanceof SignatureToken.Reference r) {
      out.u8(SignatureToken.TAG_REFERENCE);
      token(out, r.referent(), depth + 1);
    } else if (t instanceof SignatureToken.MutableReference r) {
      out.u8(SignatureToken.TAG_MUTABLE_REFERENCE);
      token(out, r.referent(), depth + 1);
    } else if (t instanceof SignatureToken.Datatype d) {
      out.u8(SignatureToken.TAG_DATATYPE);
      index(out, d.handle(), "datatype handle");
    } else if (t instanceof SignatureToken.DatatypeInstantiation d) {
      out.u8(SignatureToken.TAG_DATATYPE_INSTANTIATION);
      index(out, d.handle(), "datatype handle");
      uleb(out, d.typeArguments().size(), Limits.TYPE_PARAMETER_COUNT_MAX, "type argument count");
      for (SignatureToken a : d.typeArguments()) {
        token(out, a, depth + 1);
      }
    } else if (t instanceof SignatureToken.TypeParameter p) {
      out.u8(SignatureToken.TAG_TYPE_PARAMETER);
      uleb(out, p.index(), Limits.TYPE_PARAMETER_INDEX_MAX, "type parameter index");
    } else if (t instanceof SignatureToken.Function f) {
      if (!format.isAptos() || format.version() < 8) {
        throw notEncodable("function type");
      }
      out.u8(SignatureToken.TAG_FUNCTION);
      out.uleb(f.abilities().bits());
      uleb(out, f.parameters().size(), Limits.TYPE_PARAMETER_COUNT_MAX, "function parameter count");
      uleb(out, f.results().size(), Limits.TYPE_PARAMETER_COUNT_MAX, "function result count");
      for (SignatureToken a : f.parameters()) {
        token(out, a, depth + 1);
      }
      for (SignatureToken a : f.results()) {
        token(out, a, depth + 1);
      }
    }
  }

  private void identifier(ByteWriter out, String s) {
    if (!Limits.isValidIdentifier(s, format.isAptos() && format.version() >= 9)) {
      throw new InvalidModuleException(InvalidModuleException.Kind.NOT_ENCODABLE, place, -1, "invalid identifier '" + s + "'");
    }
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    uleb(out, b.length, Limits.IDENTIFIER_SIZE_MAX, "identifier size");
    out.bytes(b);
  }

  private void structDef(ByteWriter out, StructDefinition d) {
    index(out, d.structHandle(), "datatype handle");
    StructFieldInformation info = d.fieldInformation();
    if (info instanceof StructFieldInformation.Native) {
      out.u8(StructFieldInformation.FLAG_NATIVE);
    } else if (info instanceof StructFieldInformation.Declared decl) {
      out.u8(StructFieldInformation.FLAG_DECLARED);
      fields(out, decl.fields());
    } else if (info instanceof StructFieldInformation.DeclaredVariants dv) {
      if (!format.isAptos()) {
        throw notEncodable("struct variants");
      }
      out.u8(StructFieldInformation.FLAG_DECLARED_VARIANTS);
      variants(out, dv.variants());
    }
  }

  private void fields(ByteWriter out, List<FieldDefinition> fields) {
    uleb(out, fields.size(), Limits.FIELD_COUNT_MAX, "field count");
    for (FieldDefinition f : fields) {
      index(out, f.name(), "identifier");
      token(out, f.type());
    }
  }

  private void variants(ByteWriter out, List<VariantDefinition> variants) {
    uleb(out, variants.size(), Limits.VARIANT_COUNT_MAX, "variant count");
    for (VariantDefinition v : variants) {
      index(out, v.name(), "identifier");
      fields(out, v.fields());
    }
  }

  private void functionDef(ByteWriter out, FunctionDefinition d) {
    index(out, d.function(), "function handle");
    out.u8(d.visibility().code());
    int flags = (d.isEntry() ? FunctionDefinition.FLAG_ENTRY : 0) | (d.isNative() ? FunctionDefinition.FLAG_NATIVE : 0);
    out.u8(flags);
    uleb(out, d.acquires().size(), Limits.ACQUIRES_COUNT_MAX, "acquires count");
    for (int a : d.acquires()) {
      index(out, a, "struct definition");
    }
    if (!d.isNative()) {
      codeUnit(out, d.code());
    }
  }

  private void codeUnit(ByteWriter out, CodeUnit code) {
    index(out, code.locals(), "locals signature");
    uleb(out, code.code().size(), Limits.BYTECODE_COUNT_MAX, "bytecode count");
    for (Bytecode b : code.code()) {
      instruction(out, b);
    }
    if (format.isSui()) {
      uleb(out, code.jumpTables().size(), Limits.JUMP_TABLE_COUNT_MAX, "jump table count");
      for (VariantJumpTable t : code.jumpTables()) {
        index(out, t.headEnum(), "enum definition");
        uleb(out, t.offsets().size(), Limits.VARIANT_COUNT_MAX, "jump table branch count");
        out.u8(VariantJumpTable.FLAG_FULL);
        for (int o : t.offsets()) {
          uleb(out, o, Limits.BYTECODE_INDEX_MAX, "jump target");
        }
      }
    } else if (!code.jumpTables().isEmpty()) {
      throw notEncodable("jump tables");
    }
  }

  private void instruction(ByteWriter out, Bytecode b) {
    Opcode op = b.opcode();
    if (!op.existsIn(format)) {
      throw notEncodable("instruction " + op);
    }
    out.u8(op.encoding(format.flavor()));
    OperandKind kind = op.operandKind();
    switch (kind) {
      case NONE -> { }
      case SIGNATURE_AND_COUNT -> {
        out.uleb(b.index());
        out.u64(b.value());
      }
      case FUNCTION_HANDLE_AND_MASK, FUNCTION_INSTANTIATION_AND_MASK -> {
        out.uleb(b.index());
        out.uleb(b.value());
      }
      case U8, I8 -> out.u8((int) b.value());
      case U16, I16 -> out.u16((int) b.value());
      case U32, I32 -> out.u32(b.value());
      case U64, I64 -> out.u64(b.value());
      case U128, U256, I128, I256 -> out.wide(b.wide(), kind.immediateWidth());
      default -> out.uleb(b.index());
    }
  }
}
