package io.statecraft.move.runtime;

/**
 * The Move VM status codes this VM reports, with the numbers of {@code move-core-types}
 * {@code vm_status.rs} so results compare with Sui and Aptos.
 */
public final class StatusCode {
  private StatusCode() {}

  // Verification and linking (1000..1999)
  /** A unit failed the bytecode verifier at load; the message is the verifier's. */
  public static final long UNKNOWN_VERIFICATION_ERROR = 1000;
  public static final long TYPE_MISMATCH = 1020;
  public static final long MISSING_DEPENDENCY = 1021;
  public static final long CONSTRAINT_KIND_MISMATCH = 1075;
  public static final long NUMBER_OF_TYPE_ARGUMENTS_MISMATCH = 1076;
  public static final long LINKER_ERROR = 1081;
  public static final long GENERIC_MEMBER_OPCODE_MISMATCH = 1090;
  public static final long FUNCTION_RESOLUTION_FAILURE = 1091;
  public static final long CYCLIC_MODULE_DEPENDENCY = 1097;
  // Invariant violations (2000..2999): what an unverified, ill-typed module runs into.
  public static final long UNKNOWN_INVARIANT_VIOLATION_ERROR = 2000;
  public static final long INTERNAL_TYPE_ERROR = 2009;
  public static final long UNREACHABLE = 2011;
  // Deserialization (3000..3999)
  public static final long VALUE_SERIALIZATION_ERROR = 3022;
  public static final long VALUE_DESERIALIZATION_ERROR = 3023;
  // Runtime (4000..4999)
  public static final long OUT_OF_GAS = 4002;
  public static final long RESOURCE_DOES_NOT_EXIST = 4003;
  public static final long RESOURCE_ALREADY_EXISTS = 4004;
  public static final long MISSING_DATA = 4008;
  public static final long DATA_FORMAT_ERROR = 4009;
  public static final long ABORTED = 4016;
  public static final long ARITHMETIC_ERROR = 4017;
  public static final long VECTOR_OPERATION_ERROR = 4018;
  public static final long EXECUTION_STACK_OVERFLOW = 4020;
  public static final long CALL_STACK_OVERFLOW = 4021;
  public static final long VM_MAX_TYPE_DEPTH_REACHED = 4024;
  public static final long VM_MAX_VALUE_DEPTH_REACHED = 4025;
  public static final long STORAGE_WRITE_LIMIT_REACHED = 4027;
  public static final long MEMORY_LIMIT_EXCEEDED = 4028;
  public static final long VM_MAX_TYPE_NODES_REACHED = 4029;
  public static final long EXECUTION_LIMIT_REACHED = 4030;
  /** Aptos: a variant unpack or field borrow on the wrong variant. */
  public static final long STRUCT_VARIANT_MISMATCH = 4038;

  /** Sub-statuses of {@link #VECTOR_OPERATION_ERROR} (NFE_VECTOR_ERROR_BASE = 0). */
  public static final long INDEX_OUT_OF_BOUNDS = 1;
  public static final long POP_EMPTY_VEC = 2;
  public static final long DESTROY_NON_EMPTY_VEC = 3;
  public static final long VEC_UNPACK_PARITY_MISMATCH = 4;
  /** Our own sub-status: the configured maximum vector length was reached. */
  public static final long VEC_SIZE_LIMIT_REACHED = 5;

  /** Abort code of {@code bcs::to_bytes} when a value cannot be serialized. */
  public static final long NFE_BCS_SERIALIZATION_FAILURE = 0x1C5;

  public static String name(long code) {
    return switch ((int) code) {
      case 1020 -> "TYPE_MISMATCH";
      case 1021 -> "MISSING_DEPENDENCY";
      case 1075 -> "CONSTRAINT_KIND_MISMATCH";
      case 1076 -> "NUMBER_OF_TYPE_ARGUMENTS_MISMATCH";
      case 1081 -> "LINKER_ERROR";
      case 1000 -> "UNKNOWN_VERIFICATION_ERROR";
      case 1090 -> "GENERIC_MEMBER_OPCODE_MISMATCH";
      case 1091 -> "FUNCTION_RESOLUTION_FAILURE";
      case 1097 -> "CYCLIC_MODULE_DEPENDENCY";
      case 2000 -> "UNKNOWN_INVARIANT_VIOLATION_ERROR";
      case 2009 -> "INTERNAL_TYPE_ERROR";
      case 2011 -> "UNREACHABLE";
      case 3022 -> "VALUE_SERIALIZATION_ERROR";
      case 3023 -> "VALUE_DESERIALIZATION_ERROR";
      case 4002 -> "OUT_OF_GAS";
      case 4003 -> "RESOURCE_DOES_NOT_EXIST";
      case 4004 -> "RESOURCE_ALREADY_EXISTS";
      case 4008 -> "MISSING_DATA";
      case 4009 -> "DATA_FORMAT_ERROR";
      case 4016 -> "ABORTED";
      case 4017 -> "ARITHMETIC_ERROR";
      case 4018 -> "VECTOR_OPERATION_ERROR";
      case 4020 -> "EXECUTION_STACK_OVERFLOW";
      case 4021 -> "CALL_STACK_OVERFLOW";
      case 4024 -> "VM_MAX_TYPE_DEPTH_REACHED";
      case 4025 -> "VM_MAX_VALUE_DEPTH_REACHED";
      case 4027 -> "STORAGE_WRITE_LIMIT_REACHED";
      case 4028 -> "MEMORY_LIMIT_EXCEEDED";
      case 4029 -> "VM_MAX_TYPE_NODES_REACHED";
      case 4030 -> "EXECUTION_LIMIT_REACHED";
      case 4038 -> "STRUCT_VARIANT_MISMATCH";
      default -> "STATUS_" + code;
    };
  }
}
