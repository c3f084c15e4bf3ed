package io.statecraft.move.binary.impl;

import io.statecraft.move.binary.AbilitySet;
import io.statecraft.move.binary.AccessKind;
import io.statecraft.move.binary.AccessSpecifier;
import io.statecraft.move.binary.Address;
import io.statecraft.move.binary.AddressSpecifier;
import io.statecraft.move.binary.BinaryFormat;
import io.statecraft.move.binary.Bytecode;
import io.statecraft.move.binary.CodeUnit;
import io.statecraft.move.binary.CompiledModule;
import io.statecraft.move.binary.CompiledScript;
import io.statecraft.move.binary.Constant;
import io.statecraft.move.binary.DatatypeHandle;
import io.statecraft.move.binary.DatatypeTypeParameter;
import io.statecraft.move.binary.EnumDefInstantiation;
import io.statecraft.move.binary.EnumDefinition;
import io.statecraft.move.binary.FieldDefinition;
import io.statecraft.move.binary.FieldHandle;
import io.statecraft.move.binary.FieldInstantiation;
import io.statecraft.move.binary.FormatFlavor;
import io.statecraft.move.binary.FunctionAttribute;
import io.statecraft.move.binary.FunctionDefinition;
import io.statecraft.move.binary.FunctionHandle;
import io.statecraft.move.binary.FunctionInstantiation;
import io.statecraft.move.binary.MalformedModuleException;
import io.statecraft.move.binary.MalformedModuleException.Kind;
import io.statecraft.move.binary.Metadata;
import io.statecraft.move.binary.ModuleHandle;
import io.statecraft.move.binary.Opcode;
import io.statecraft.move.binary.OperandKind;
import io.statecraft.move.binary.ReaderOptions;
import io.statecraft.move.binary.ResourceSpecifier;
import io.statecraft.move.binary.Signature;
import io.statecraft.move.binary.SignatureToken;
import io.statecraft.move.binary.StructDefInstantiation;
import io.statecraft.move.binary.StructDefinition;
import io.statecraft.move.binary.StructFieldInformation;
import io.statecraft.move.binary.StructVariantHandle;
import io.statecraft.move.binary.StructVariantInstantiation;
import io.statecraft.move.binary.TableKind;
import io.statecraft.move.binary.TableLayout;
import io.statecraft.move.binary.VariantDefinition;
import io.statecraft.move.binary.VariantFieldHandle;
import io.statecraft.move.binary.VariantFieldInstantiation;
import io.statecraft.move.binary.VariantHandle;
import io.statecraft.move.binary.VariantInstantiationHandle;
import io.statecraft.move.binary.VariantJumpTable;
import io.statecraft.move.binary.Visibility;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decodes one unit. Layout of a binary: magic, version word, table count, table headers
 * (kind byte, offset, size), the table contents (offsets relative to the first content byte,
 * contiguous from 0), then for a module the self module handle index, for a script its main
 * function.
 *
 * <p>Every count that drives a loop is bounded by the format's limit, and every element read
 * consumes at least one byte of a bounded window, so work and memory stay linear in the input.
 */
public final class UnitDecoder {
  private static final int[] MAGIC = {0xA1, 0x1C, 0xEB, 0x0B};

  private final byte[] bytes;
  private final ReaderOptions options;
  private BinaryFormat format;
  private List<TableHeader> tables;
  private int dataOffset;
  private int dataEnd;

  private record TableHeader(TableKind kind, long offset, long size, int headerPosition) {}

  private UnitDecoder(byte[] bytes, ReaderOptions options) {
    this.bytes = bytes;
    this.options = options;
  }

  public static BinaryFormat decodeFormat(byte[] bytes, ReaderOptions options) {
    UnitDecoder d = new UnitDecoder(bytes, options);
    d.readHeader(new ByteReader(bytes, 0, bytes.length));
    return d.format;
  }

  public static CompiledModule decodeModule(byte[] bytes, ReaderOptions options) {
    return new UnitDecoder(bytes, options).module();
  }

  public static CompiledScript decodeScript(byte[] bytes, ReaderOptions options) {
    return new UnitDecoder(bytes, options).script();
  }

  // ---------------------------------------------------------------- header and table directory

  private void readHeader(ByteReader in) {
    if (bytes.length < MAGIC.length) {
      throw new MalformedModuleException(Kind.BAD_MAGIC, 0, "input shorter than the magic");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if ((bytes[i] & 0xFF) != MAGIC[i]) {
        throw new MalformedModuleException(Kind.BAD_MAGIC, 0, "not a Move binary");
      }
    }
    in.bytes(MAGIC.length, "magic");
    int versionPosition = in.position();
    long word = in.u32("version");
    format = formatOf((int) word, versionPosition);
  }

  private BinaryFormat formatOf(int word, int position) {
    long unsigned = word & 0xFFFF_FFFFL;
    int addressLength = options.addressLength();
    if (unsigned >= BinaryFormat.VERSION_MIN && unsigned <= BinaryFormat.LEGACY_VERSION_MAX) {
      return new BinaryFormat(FormatFlavor.LEGACY, word, word, addressLength);
    }
    if ((word >>> 24) == BinaryFormat.SUI_FLAVOR_BYTE && (word & 0x00FF_FFFF) == BinaryFormat.SUI_VERSION_MAX) {
      return new BinaryFormat(FormatFlavor.SUI, BinaryFormat.SUI_VERSION_MAX, word, addressLength);
    }
    // Aptos masks out only its flavor bits, so it also takes a bare 7..10, and 5..6 with flavor bits.
    int aptos = word & ~BinaryFormat.APTOS_FLAVOR_MASK;
    if (aptos >= 7 && aptos <= BinaryFormat.APTOS_VERSION_MAX) {
      return new BinaryFormat(FormatFlavor.APTOS, aptos, word, addressLength);
    }
    if (aptos >= BinaryFormat.VERSION_MIN && aptos <= BinaryFormat.LEGACY_VERSION_MAX) {
      return new BinaryFormat(FormatFlavor.LEGACY, aptos, word, addressLength);
    }
    throw new MalformedModuleException(
        Kind.UNKNOWN_VERSION, position, "unsupported version word 0x" + Integer.toHexString(word));
  }

  private ByteReader readDirectory() {
    ByteReader in = new ByteReader(bytes, 0, bytes.length);
    readHeader(in);
    int count = in.ulebInt(Limits.TABLE_COUNT_MAX, "table count");
    List<TableHeader> headers = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      int at = in.position();
      int code = in.u8("table kind");
      TableKind kind = TableKind.fromCode(format.flavor(), code);
      if (kind == null || (kind.onlyIn() != null && format.version() < 7)) {
        throw new MalformedModuleException(
            Kind.UNKNOWN_TABLE_TYPE, at, "table kind 0x" + Integer.toHexString(code) + " in " + format.flavor() + " v" + format.version());
      }
      long offset = in.uleb(Limits.TABLE_OFFSET_MAX, "table offset");
      long size = in.uleb(Limits.TABLE_SIZE_MAX, "table size");
      headers.add(new TableHeader(kind, offset, size, at));
    }
    dataOffset = in.position();
    List<TableHeader> sorted = new ArrayList<>(headers);
    sorted.sort(Comparator.comparingLong(TableHeader::offset));
    long current = 0;
    boolean[] seen = new boolean[TableKind.values().length];
    for (TableHeader t : sorted) {
      if (t.offset() != current) {
        throw new MalformedModuleException(
            Kind.BAD_HEADER_TABLE, t.headerPosition(), t.kind() + " starts at " + t.offset() + ", expected " + current);
      }
      if (t.size() == 0) {
        throw new MalformedModuleException(Kind.BAD_HEADER_TABLE, t.headerPosition(), t.kind() + " is empty");
      }
      if (seen[t.kind().ordinal()]) {
        throw new MalformedModuleException(Kind.DUPLICATE_TABLE, t.headerPosition(), t.kind() + " appears twice");
      }
      seen[t.kind().ordinal()] = true;
      current += t.size();
      if (current > bytes.length - (long) dataOffset) {
        throw new MalformedModuleException(
            Kind.BAD_HEADER_TABLE, t.headerPosition(), t.kind() + " ends past the end of the input");
      }
    }
    tables = sorted;
    dataEnd = (int) (dataOffset + current);
    List<TableKind> headerOrder = new ArrayList<>(headers.size());
    for (TableHeader t : headers) {
      headerOrder.add(t.kind());
    }
    List<TableKind> contentOrder = new ArrayList<>(sorted.size());
    for (TableHeader t : sorted) {
      contentOrder.add(t.kind());
    }
    layout = new TableLayout(headerOrder, contentOrder);
    return new ByteReader(bytes, dataEnd, bytes.length);
  }

  private TableLayout layout;

  private ByteReader tableReader(TableHeader t) {
    int start = (int) (dataOffset + t.offset());
    return new ByteReader(bytes, start, (int) (start + t.size()));
  }

  // ---------------------------------------------------------------- units

  private CompiledModule module() {
    ByteReader tail = readDirectory();
    CompiledModule.Builder b = CompiledModule.builder(format).layout(layout);
    for (TableHeader t : tables) {
      ByteReader in = tableReader(t);
      switch (t.kind()) {
        case MODULE_HANDLES -> readAll(in, b.moduleHandles, this::moduleHandle);
        case DATATYPE_HANDLES -> readAll(in, b.datatypeHandles, this::datatypeHandle);
        case FUNCTION_HANDLES -> readAll(in, b.functionHandles, this::functionHandle);
        case FUNCTION_INSTANTIATIONS -> readAll(in, b.functionInstantiations,
            r -> new FunctionInstantiation(index(r, "function handle"), index(r, "signature")));
        case SIGNATURES -> readAll(in, b.signatures, this::signature);
        case IDENTIFIERS -> readAll(in, b.identifiers, this::identifier);
        case ADDRESS_IDENTIFIERS -> readAll(in, b.addressIdentifiers, this::address);
        case CONSTANT_POOL -> readAll(in, b.constantPool, this::constant);
        case METADATA -> readAll(in, b.metadata, UnitDecoder::metadata);
        case STRUCT_DEFS -> readAll(in, b.structDefs, this::structDef);
        case STRUCT_DEF_INSTANTIATIONS -> readAll(in, b.structDefInstantiations,
            r -> new StructDefInstantiation(index(r, "struct definition"), index(r, "signature")));
        case FUNCTION_DEFS -> readAll(in, b.functionDefs, this::functionDef);
        case FIELD_HANDLES -> readAll(in, b.fieldHandles,
            r -> new FieldHandle(index(r, "struct definition"), r.ulebInt(Limits.FIELD_OFFSET_MAX, "field offset")));
        case FIELD_INSTANTIATIONS -> readAll(in, b.fieldInstantiations,
            r -> new FieldInstantiation(index(r, "field handle"), index(r, "signature")));
        case FRIEND_DECLS -> readAll(in, b.friendDecls, this::moduleHandle);
        case ENUM_DEFS -> readAll(in, b.enumDefs, this::enumDef);
        case ENUM_DEF_INSTANTIATIONS -> readAll(in, b.enumDefInstantiations,
            r -> new EnumDefInstantiation(index(r, "enum definition"), index(r, "signature")));
        case VARIANT_HANDLES -> readAll(in, b.variantHandles,
            r -> new VariantHandle(index(r, "enum definition"), r.ulebInt(Limits.VARIANT_TAG_MAX, "variant tag")));
        case VARIANT_INSTANTIATION_HANDLES -> readAll(in, b.variantInstantiationHandles,
            r -> new VariantInstantiationHandle(
                index(r, "enum definition instantiation"), r.ulebInt(Limits.VARIANT_TAG_MAX, "variant tag")));
        case VARIANT_FIELD_HANDLES -> readAll(in, b.variantFieldHandles, this::variantFieldHandle);
        case VARIANT_FIELD_INSTANTIATIONS -> readAll(in, b.variantFieldInstantiations,
            r -> new VariantFieldInstantiation(index(r, "variant field handle"), index(r, "signature")));
        case STRUCT_VARIANT_HANDLES -> readAll(in, b.structVariantHandles,
            r -> new StructVariantHandle(index(r, "struct definition"), r.ulebInt(Limits.VARIANT_TAG_MAX, "variant")));
        case STRUCT_VARIANT_INSTANTIATIONS -> readAll(in, b.structVariantInstantiations,
            r -> new StructVariantInstantiation(index(r, "struct variant handle"), index(r, "signature")));
      }
    }
    b.selfModuleHandle(index(tail, "self module handle"));
    b.trailingBytes(trailing(tail));
    return b.build();
  }

  private CompiledScript script() {
    ByteReader tail = readDirectory();
    CompiledScript.Builder b = CompiledScript.builder(format).layout(layout);
    for (TableHeader t : tables) {
      if (!t.kind().allowedInScript()) {
        throw new MalformedModuleException(
            Kind.TABLE_NOT_ALLOWED, t.headerPosition(), t.kind() + " cannot appear in a script");
      }
      ByteReader in = tableReader(t);
      switch (t.kind()) {
        case MODULE_HANDLES -> readAll(in, b.moduleHandles, this::moduleHandle);
        case DATATYPE_HANDLES -> readAll(in, b.datatypeHandles, this::datatypeHandle);
        case FUNCTION_HANDLES -> readAll(in, b.functionHandles, this::functionHandle);
        case FUNCTION_INSTANTIATIONS -> readAll(in, b.functionInstantiations,
            r -> new FunctionInstantiation(index(r, "function handle"), index(r, "signature")));
        case SIGNATURES -> readAll(in, b.signatures, this::signature);
        case IDENTIFIERS -> readAll(in, b.identifiers, this::identifier);
        case ADDRESS_IDENTIFIERS -> readAll(in, b.addressIdentifiers, this::address);
        case CONSTANT_POOL -> readAll(in, b.constantPool, this::constant);
        case METADATA -> readAll(in, b.metadata, UnitDecoder::metadata);
        default -> throw new IllegalStateException("unreachable: " + t.kind());
      }
    }
    b.typeParameters(abilitySets(tail));
    b.parameters(index(tail, "signature"));
    if (format.isAptos() && format.version() >= 8) {
      b.accessSpecifiers(accessSpecifiers(tail));
    }
    b.code(codeUnit(tail));
    b.trailingBytes(trailing(tail));
    return b.build();
  }

  private byte[] trailing(ByteReader tail) {
    if (tail.atEnd()) {
      return new byte[0];
    }
    if (!options.allowTrailingBytes()) {
      throw tail.error(Kind.TRAILING_BYTES, tail.remaining() + " byte(s) after the end of the unit");
    }
    return Arrays.copyOfRange(bytes, tail.position(), tail.end());
  }

  @FunctionalInterface
  private interface EntryReader<T> {
    T read(ByteReader in);
  }

  private static <T> void readAll(ByteReader in, List<T> out, EntryReader<T> entry) {
    while (!in.atEnd()) {
      out.add(entry.read(in));
    }
  }

  // ---------------------------------------------------------------- entries

  /** {@code what} names the table pointed into; it is only used to build an error message. */
  private static int index(ByteReader in, String what) {
    return in.ulebInt(Limits.TABLE_INDEX_MAX, what);
  }

  private static final String[] OPERAND_LABELS = new String[OperandKind.values().length];

  static {
    for (OperandKind k : OperandKind.values()) {
      OPERAND_LABELS[k.ordinal()] = k.name().toLowerCase(java.util.Locale.ROOT) + " index";
    }
  }

  private ModuleHandle moduleHandle(ByteReader in) {
    return new ModuleHandle(index(in, "address"), index(in, "identifier"));
  }

  private DatatypeHandle datatypeHandle(ByteReader in) {
    int module = index(in, "module handle");
    int name = index(in, "identifier");
    AbilitySet abilities = abilitySet(in);
    int count = in.ulebInt(Limits.TYPE_PARAMETER_COUNT_MAX, "type parameter count");
    List<DatatypeTypeParameter> params = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      AbilitySet constraints = abilitySet(in);
      boolean phantom = in.uleb(1, "phantom flag") != 0;
      params.add(new DatatypeTypeParameter(constraints, phantom));
    }
    return new DatatypeHandle(module, name, abilities, params);
  }

  private static AbilitySet abilitySet(ByteReader in) {
    int at = in.position();
    long bits;
    try {
      bits = in.uleb(AbilitySet.ALL_BITS, "ability set");
    } catch (MalformedModuleException e) {
      if (e.kind() == Kind.LIMIT_EXCEEDED) {
        throw new MalformedModuleException(Kind.UNKNOWN_ABILITY, at, "unknown ability bits");
      }
      throw e;
    }
    return new AbilitySet((int) bits);
  }

  private static List<AbilitySet> abilitySets(ByteReader in) {
    int count = in.ulebInt(Limits.TYPE_PARAMETER_COUNT_MAX, "type parameter count");
    List<AbilitySet> sets = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      sets.add(abilitySet(in));
    }
    return sets;
  }

  private FunctionHandle functionHandle(ByteReader in) {
    int module = index(in, "module handle");
    int name = index(in, "identifier");
    int parameters = index(in, "signature");
    int returns = index(in, "signature");
    List<AbilitySet> typeParameters = abilitySets(in);
    List<AccessSpecifier> access = null;
    List<FunctionAttribute> attributes = List.of();
    if (format.isAptos()) {
      access = accessSpecifiers(in);
      if (format.version() >= 8) {
        int count = in.ulebInt(Limits.ATTRIBUTE_COUNT_MAX, "attribute count");
        attributes = new ArrayList<>(Math.min(count, in.remaining()));
        for (int i = 0; i < count; i++) {
          int at = in.position();
          FunctionAttribute a = FunctionAttribute.fromCode(in.u8("attribute"));
          if (a == null) {
            throw new MalformedModuleException(Kind.MALFORMED, at, "unknown function attribute");
          }
          attributes.add(a);
        }
      }
    }
    return new FunctionHandle(module, name, parameters, returns, typeParameters, access, attributes);
  }

  /** Option marker (1 none, 2 some), then a counted list. */
  private List<AccessSpecifier> accessSpecifiers(ByteReader in) {
    if (!option(in, "access specifiers")) {
      return null;
    }
    int count = in.ulebInt(Limits.ACCESS_SPECIFIER_COUNT_MAX, "access specifier count");
    List<AccessSpecifier> specs = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      int at = in.position();
      AccessKind kind = AccessKind.fromCode(in.u8("access kind"));
      if (kind == null) {
        throw new MalformedModuleException(Kind.MALFORMED, at, "unknown access kind");
      }
      boolean negated = bool(in, "negation flag");
      specs.add(new AccessSpecifier(kind, negated, resourceSpecifier(in), addressSpecifier(in)));
    }
    return specs;
  }

  private static boolean option(ByteReader in, String what) {
    int at = in.position();
    int marker = in.u8(what + " option");
    return switch (marker) {
      case 1 -> false;
      case 2 -> true;
      default -> throw new MalformedModuleException(Kind.MALFORMED, at, "bad option marker for " + what);
    };
  }

  private static boolean bool(ByteReader in, String what) {
    int at = in.position();
    int marker = in.u8(what);
    return switch (marker) {
      case 1 -> false;
      case 2 -> true;
      default -> throw new MalformedModuleException(Kind.MALFORMED, at, "bad boolean for " + what);
    };
  }

  private static ResourceSpecifier resourceSpecifier(ByteReader in) {
    int at = in.position();
    int tag = in.u8("resource specifier");
    return switch (tag) {
      case ResourceSpecifier.TAG_ANY -> ResourceSpecifier.ANY;
      case ResourceSpecifier.TAG_AT_ADDRESS -> new ResourceSpecifier.DeclaredAtAddress(index(in, "address"));
      case ResourceSpecifier.TAG_IN_MODULE -> new ResourceSpecifier.DeclaredInModule(index(in, "module handle"));
      case ResourceSpecifier.TAG_RESOURCE -> new ResourceSpecifier.Resource(index(in, "datatype handle"));
      case ResourceSpecifier.TAG_RESOURCE_INSTANTIATION -> new ResourceSpecifier.ResourceInstantiation(
          index(in, "datatype handle"), index(in, "signature"));
      default -> throw new MalformedModuleException(Kind.MALFORMED, at, "unknown resource specifier");
    };
  }

  private static AddressSpecifier addressSpecifier(ByteReader in) {
    int at = in.position();
    int tag = in.u8("address specifier");
    return switch (tag) {
      case AddressSpecifier.TAG_ANY -> AddressSpecifier.ANY;
      case AddressSpecifier.TAG_LITERAL -> new AddressSpecifier.Literal(index(in, "address"));
      case AddressSpecifier.TAG_PARAMETER -> {
        int local = in.ulebInt(Limits.LOCAL_INDEX_MAX, "parameter index");
        int function = option(in, "address function") ? index(in, "function instantiation") : AddressSpecifier.Parameter.NO_FUNCTION;
        yield new AddressSpecifier.Parameter(local, function);
      }
      default -> throw new MalformedModuleException(Kind.MALFORMED, at, "unknown address specifier");
    };
  }

  private Signature signature(ByteReader in) {
    int count = in.ulebInt(Limits.SIGNATURE_SIZE_MAX, "signature size");
    List<SignatureToken> tokens = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      tokens.add(token(in, 1));
    }
    return new Signature(tokens);
  }

  /** Preorder: tag, operands, children; nesting capped like the reference readers. */
  private SignatureToken token(ByteReader in, int depth) {
    if (depth > Limits.SIGNATURE_TOKEN_DEPTH_MAX) {
      throw in.error(Kind.TOO_DEEP, "type nested deeper than " + Limits.SIGNATURE_TOKEN_DEPTH_MAX);
    }
    int at = in.position();
    int tag = in.u8("type tag");
    switch (tag) {
      case SignatureToken.TAG_VECTOR:
        return new SignatureToken.Vector(token(in, depth + 1));
      case SignatureToken.TAG_REFERENCE:
        return new SignatureToken.Reference(token(in, depth + 1));
      case SignatureToken.TAG_MUTABLE_REFERENCE:
        return new SignatureToken.MutableReference(token(in, depth + 1));
      case SignatureToken.TAG_DATATYPE:
        return new SignatureToken.Datatype(index(in, "datatype handle"));
      case SignatureToken.TAG_TYPE_PARAMETER:
        return new SignatureToken.TypeParameter(in.ulebInt(Limits.TYPE_PARAMETER_INDEX_MAX, "type parameter index"));
      case SignatureToken.TAG_DATATYPE_INSTANTIATION: {
        int handle = index(in, "datatype handle");
        int arity = in.ulebInt(Limits.TYPE_PARAMETER_COUNT_MAX, "type argument count");
        if (arity == 0) {
          throw new MalformedModuleException(Kind.MALFORMED, at, "datatype instantiation with no type arguments");
        }
        List<SignatureToken> args = new ArrayList<>(Math.min(arity, in.remaining()));
        for (int i = 0; i < arity; i++) {
          args.add(token(in, depth + 1));
        }
        return new SignatureToken.DatatypeInstantiation(handle, args);
      }
      case SignatureToken.TAG_FUNCTION:
        if (format.isAptos()) {
          if (format.version() < 8) {
            throw new MalformedModuleException(Kind.NOT_IN_VERSION, at, "function types need version 8");
          }
          AbilitySet abilities = abilitySet(in);
          int argCount = in.ulebInt(Limits.TYPE_PARAMETER_COUNT_MAX, "function parameter count");
          int resultCount = in.ulebInt(Limits.TYPE_PARAMETER_COUNT_MAX, "function result count");
          List<SignatureToken> args = new ArrayList<>(Math.min(argCount, in.remaining()));
          for (int i = 0; i < argCount; i++) {
            args.add(token(in, depth + 1));
          }
          List<SignatureToken> results = new ArrayList<>(Math.min(resultCount, in.remaining()));
          for (int i = 0; i < resultCount; i++) {
            results.add(token(in, depth + 1));
          }
          return new SignatureToken.Function(args, results, abilities);
        }
        break;
      default:
        for (SignatureToken.Primitive p : PRIMITIVES) {
          if (p.tag() == tag) {
            if (p.aptosOnly() && !format.isAptos()) {
              break;
            }
            if (format.version() < p.sinceVersion()) {
              throw new MalformedModuleException(
                  Kind.NOT_IN_VERSION, at, p + " needs version " + p.sinceVersion());
            }
            return p;
          }
        }
    }
    throw new MalformedModuleException(
        Kind.UNKNOWN_SERIALIZED_TYPE, at, "unknown type tag 0x" + Integer.toHexString(tag));
  }

  private static final SignatureToken.Primitive[] PRIMITIVES = SignatureToken.Primitive.values();

  private String identifier(ByteReader in) {
    int size = in.ulebInt(Limits.IDENTIFIER_SIZE_MAX, "identifier size");
    int at = in.position();
    byte[] raw = in.bytes(size, "identifier");
    // Valid identifiers are ASCII, so Latin-1 decoding loses nothing and the check below
    // rejects every byte that UTF-8 would have needed.
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    boolean dollar = format.isAptos() && format.version() >= 9;
    if (!Limits.isValidIdentifier(s, dollar)) {
      throw new MalformedModuleException(Kind.INVALID_IDENTIFIER, at, "invalid identifier");
    }
    return s;
  }

  private Address address(ByteReader in) {
    return new Address(in.bytes(format.addressLength(), "address"));
  }

  private Constant constant(ByteReader in) {
    SignatureToken type = token(in, 1);
    int size = in.ulebInt(Limits.CONSTANT_SIZE_MAX, "constant size");
    return new Constant(type, in.bytes(size, "constant data"));
  }

  private static Metadata metadata(ByteReader in) {
    int keySize = in.ulebInt(Limits.METADATA_KEY_SIZE_MAX, "metadata key size");
    byte[] key = in.bytes(keySize, "metadata key");
    int valueSize = in.ulebInt(Limits.METADATA_VALUE_SIZE_MAX, "metadata value size");
    return new Metadata(key, in.bytes(valueSize, "metadata value"));
  }

  private StructDefinition structDef(ByteReader in) {
    int handle = index(in, "datatype handle");
    int at = in.position();
    int flag = in.u8("struct flag");
    StructFieldInformation info;
    switch (flag) {
      case StructFieldInformation.FLAG_NATIVE -> info = StructFieldInformation.NATIVE;
      case StructFieldInformation.FLAG_DECLARED -> info = new StructFieldInformation.Declared(fields(in));
      case StructFieldInformation.FLAG_DECLARED_VARIANTS -> {
        if (!format.isAptos()) {
          throw new MalformedModuleException(Kind.UNKNOWN_NATIVE_STRUCT_FLAG, at, "struct variants are Aptos only");
        }
        info = new StructFieldInformation.DeclaredVariants(variants(in, false));
      }
      default -> throw new MalformedModuleException(Kind.UNKNOWN_NATIVE_STRUCT_FLAG, at, "unknown struct flag " + flag);
    }
    return new StructDefinition(handle, info);
  }

  private List<FieldDefinition> fields(ByteReader in) {
    int count = in.ulebInt(Limits.FIELD_COUNT_MAX, "field count");
    List<FieldDefinition> fields = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      int name = index(in, "identifier");
      fields.add(new FieldDefinition(name, token(in, 1)));
    }
    return fields;
  }

  private List<VariantDefinition> variants(ByteReader in, boolean atLeastOne) {
    int at = in.position();
    int count = in.ulebInt(Limits.VARIANT_COUNT_MAX, "variant count");
    if (atLeastOne && count == 0) {
      throw new MalformedModuleException(Kind.MALFORMED, at, "enum with no variants");
    }
    List<VariantDefinition> variants = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      int name = index(in, "identifier");
      variants.add(new VariantDefinition(name, fields(in)));
    }
    return variants;
  }

  private EnumDefinition enumDef(ByteReader in) {
    int handle = index(in, "datatype handle");
    int at = in.position();
    int flag = in.u8("enum flag");
    if (flag != EnumDefinition.FLAG_DECLARED) {
      throw new MalformedModuleException(Kind.UNKNOWN_ENUM_FLAG, at, "unknown enum flag " + flag);
    }
    return new EnumDefinition(handle, variants(in, true));
  }

  private VariantFieldHandle variantFieldHandle(ByteReader in) {
    int owner = index(in, "struct definition");
    int field = in.ulebInt(Limits.FIELD_OFFSET_MAX, "field offset");
    int count = in.ulebInt(Limits.VARIANT_COUNT_MAX, "variant count");
    List<Integer> variants = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      variants.add(in.ulebInt(Limits.VARIANT_TAG_MAX, "variant"));
    }
    return new VariantFieldHandle(owner, variants, field);
  }

  private FunctionDefinition functionDef(ByteReader in) {
    int function = index(in, "function handle");
    int at = in.position();
    Visibility visibility = Visibility.fromCode(in.u8("visibility"));
    if (visibility == null) {
      throw new MalformedModuleException(Kind.BAD_VISIBILITY, at, "unknown visibility");
    }
    int flagsAt = in.position();
    int flags = in.u8("function flags");
    boolean entry = (flags & FunctionDefinition.FLAG_ENTRY) != 0;
    boolean nativeFn = (flags & FunctionDefinition.FLAG_NATIVE) != 0;
    if ((flags & ~(FunctionDefinition.FLAG_ENTRY | FunctionDefinition.FLAG_NATIVE)) != 0) {
      throw new MalformedModuleException(Kind.INVALID_FLAG_BITS, flagsAt, "unknown function flag bits");
    }
    int count = in.ulebInt(Limits.ACQUIRES_COUNT_MAX, "acquires count");
    List<Integer> acquires = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      acquires.add(index(in, "struct definition"));
    }
    CodeUnit code = nativeFn ? null : codeUnit(in);
    return new FunctionDefinition(function, visibility, entry, acquires, code);
  }

  private CodeUnit codeUnit(ByteReader in) {
    int locals = index(in, "signature");
    int count = in.ulebInt(Limits.BYTECODE_COUNT_MAX, "bytecode count");
    List<Bytecode> code = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      code.add(instruction(in));
    }
    List<VariantJumpTable> jumpTables = List.of();
    if (format.isSui()) {
      int tableCount = in.ulebInt(Limits.JUMP_TABLE_COUNT_MAX, "jump table count");
      jumpTables = new ArrayList<>(Math.min(tableCount, in.remaining()));
      for (int i = 0; i < tableCount; i++) {
        int head = index(in, "enum definition");
        int branches = in.ulebInt(Limits.VARIANT_COUNT_MAX, "jump table branch count");
        int at = in.position();
        int flag = in.u8("jump table flag");
        if (flag != VariantJumpTable.FLAG_FULL) {
          throw new MalformedModuleException(Kind.UNKNOWN_JUMP_TABLE_FLAG, at, "unknown jump table flag " + flag);
        }
        List<Integer> offsets = new ArrayList<>(Math.min(branches, in.remaining()));
        for (int j = 0; j < branches; j++) {
          offsets.add(in.ulebInt(Limits.BYTECODE_INDEX_MAX, "jump target"));
        }
        jumpTables.add(new VariantJumpTable(head, offsets));
      }
    }
    return new CodeUnit(locals, code, jumpTables);
  }

  private Bytecode instruction(ByteReader in) {
    int at = in.position();
    int b = in.u8("opcode");
    Opcode op = Opcode.decode(format.flavor(), b);
    if (op == null) {
      throw new MalformedModuleException(Kind.UNKNOWN_OPCODE, at, "unknown opcode 0x" + Integer.toHexString(b));
    }
    if (format.version() < op.sinceVersion()) {
      throw new MalformedModuleException(Kind.NOT_IN_VERSION, at, op + " needs version " + op.sinceVersion());
    }
    OperandKind kind = op.operandKind();
    return switch (kind) {
      case NONE -> Bytecode.of(op);
      case SIGNATURE_AND_COUNT -> Bytecode.withIndexAndValue(
          op, in.ulebInt(kind.maxIndex(), "signature index"), in.u64("element count"));
      case FUNCTION_HANDLE_AND_MASK, FUNCTION_INSTANTIATION_AND_MASK -> Bytecode.withIndexAndValue(
          op, in.ulebInt(kind.maxIndex(), "function index"), in.uleb(-1L, "closure mask"));
      case U8 -> Bytecode.withValue(op, in.u8("u8 immediate"));
      case U16 -> Bytecode.withValue(op, in.u16("u16 immediate"));
      case U32 -> Bytecode.withValue(op, in.u32("u32 immediate"));
      case U64 -> Bytecode.withValue(op, in.u64("u64 immediate"));
      case I8 -> Bytecode.withValue(op, (byte) in.u8("i8 immediate"));
      case I16 -> Bytecode.withValue(op, (short) in.u16("i16 immediate"));
      case I32 -> Bytecode.withValue(op, (int) in.u32("i32 immediate"));
      case I64 -> Bytecode.withValue(op, in.u64("i64 immediate"));
      case U128, U256, I128, I256 -> Bytecode.withWide(
          op, in.wide(kind.immediateWidth(), kind.isSignedImmediate(), kind + " immediate"));
      default -> Bytecode.withIndex(op, in.ulebInt(kind.maxIndex(), OPERAND_LABELS[kind.ordinal()]));
    };
  }
}
