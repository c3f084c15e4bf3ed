package io.statecraft.move.runtime;

import io.statecraft.move.bcs.Bcs;
import io.statecraft.move.storage.ChangeSet;
import io.statecraft.move.storage.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one transaction: on success the returned values (types, values, BCS) and the
 * change set; on failure the typed error (status, sub-status, abort code, location) and a
 * change set with gas only. Gas used is known either way.
 */
public final class ExecutionResult {
  private final List<Type> returnTypes;
  private final List<Object> returnValues;
  private final ChangeSet changeSet;
  private final VmError error;

  private ExecutionResult(List<Type> returnTypes, List<Object> returnValues, ChangeSet changeSet, VmError error) {
    this.returnTypes = returnTypes;
    this.returnValues = returnValues;
    this.changeSet = changeSet;
    this.error = error;
  }

  static ExecutionResult success(List<Type> types, List<Object> values, ChangeSet changes) {
    return new ExecutionResult(List.copyOf(types), List.copyOf(values), changes, null);
  }

  static ExecutionResult failure(VmError error, long gasUsed) {
    return new ExecutionResult(List.of(), List.of(), ChangeSet.gasOnly(gasUsed), error);
  }

  public boolean isSuccess() {
    return error == null;
  }

  public VmError error() {
    return error;
  }

  /** The status code: 4001 EXECUTED on success. */
  public long statusCode() {
    return error == null ? 4001 : error.statusCode();
  }

  public List<Type> returnTypes() {
    return returnTypes;
  }

  public List<Object> returnValues() {
    return returnValues;
  }

  /** Returned values as BCS bytes, in order. */
  public List<byte[]> returnBcs() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < returnValues.size(); i++) {
      Type t = returnTypes.get(i);
      Object v = returnValues.get(i);
      if (t.isReference()) {
        t = t.element();
        v = ((Ref) v).get();
      }
      out.add(Bcs.serialize(t, v));
    }
    return out;
  }

  public ChangeSet changeSet() {
    return changeSet;
  }

  public long gasUsed() {
    return changeSet.gasUsed();
  }

  public String returnValuesJson() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < returnValues.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      ValueJson.write(sb, returnTypes.get(i), returnValues.get(i));
    }
    return sb.append(']').toString();
  }

  public String errorJson() {
    if (error == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("{\"status\":").append(Json.string(StatusCode.name(error.statusCode())))
        .append(",\"status_code\":").append(error.statusCode());
    if (error.subStatus() != null) {
      sb.append(",\"sub_status\":").append(error.subStatus());
    }
    if (error.abortCode() != null) {
      sb.append(",\"abort_code\":\"").append(Long.toUnsignedString(error.abortCode())).append('"');
    }
    if (error.hasLocation()) {
      sb.append(",\"location\":{\"module\":").append(Json.string(error.module().toString()))
          .append(",\"function\":").append(Json.string(error.function()))
          .append(",\"code_offset\":").append(error.codeOffset()).append('}');
    }
    return sb.append('}').toString();
  }

  public String toJson() {
    return "{\"status\":" + Json.string(error == null ? "EXECUTED" : StatusCode.name(error.statusCode()))
        + ",\"gas_used\":" + gasUsed()
        + ",\"return_values\":" + returnValuesJson()
        + ",\"error\":" + errorJson()
        + ",\"change_set\":" + changeSet.toJson() + "}";
  }

  @Override
  public String toString() {
    return toJson();
  }
}
