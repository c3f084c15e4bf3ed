package io.statecraft.codec.channel;

/**
 * Why a transaction did not commit: the Move VM status code (e.g. {@code ABORTED} = 4016,
 * {@code OUT_OF_GAS} = 4002), the abort code given to {@code abort} (0 unless aborted), and
 * where it happened if known. Codes are unsigned 64-bit values (a Java long read unsigned).
 * BCS: status u64 ‖ abortCode u64 ‖ option&lt;Location&gt;.
 */
public record AbortInfo(long statusCode, long abortCode, Location location) {
  /**
   * Module, function and bytecode offset of the abort. BCS: address (32) ‖ module ‖ function
   * ‖ codeOffset u32.
   */
  public record Location(Address address, String module, String function, int codeOffset) {
    public Location {
      if (address == null) throw new IllegalArgumentException("location address is null");
      Identifiers.require(module, "module");
      Identifiers.require(function, "function");
    }

    @Override
    public String toString() {
      return address.toShortString() + "::" + module + "::" + function + "@" + Integer.toUnsignedString(codeOffset);
    }
  }

  void write(BcsWriter w) {
    w.u64(statusCode).u64(abortCode);
    if (location == null) {
      w.u8(0);
    } else {
      w.u8(1).fixed(location.address().unsafeArray()).string(location.module()).string(location.function()).u32(location.codeOffset());
    }
  }

  static AbortInfo read(BcsReader r) throws MalformedEntryException {
    long status = r.u64();
    long code = r.u64();
    Location loc = null;
    if (r.bool()) {
      Address a = Address.of(r.fixed(Address.SIZE, "abort address"));
      String m = Identifiers.read(r, "abort module");
      String f = Identifiers.read(r, "abort function");
      loc = new Location(a, m, f, r.u32());
    }
    return new AbortInfo(status, code, loc);
  }

  @Override
  public String toString() {
    return "AbortInfo[status=" + Long.toUnsignedString(statusCode) + ", code=" + Long.toUnsignedString(abortCode)
        + (location == null ? "" : ", at " + location) + "]";
  }
}
