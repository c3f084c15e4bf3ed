package io.statecraft.move.binary;

/**
 * How {@link ModuleReader} treats inputs the reference readers disagree on or that depend on
 * the chain.
 *
 * @param addressLength 32 (Sui, Aptos, Rooch) or 16 (Starcoin)
 * @param allowTrailingBytes keep bytes after the end of the unit in {@link
 *     CompiledUnit#trailingBytes()} instead of rejecting them (the Sui and Aptos readers ignore
 *     them; rejecting is safer)
 */
public record ReaderOptions(int addressLength, boolean allowTrailingBytes) {
  public static final ReaderOptions DEFAULT =
      new ReaderOptions(BinaryFormat.ADDRESS_LENGTH_DEFAULT, false);

  public ReaderOptions {
    if (addressLength != BinaryFormat.ADDRESS_LENGTH_DEFAULT
        && addressLength != BinaryFormat.ADDRESS_LENGTH_SHORT) {
      throw new IllegalArgumentException("address length must be 16 or 32");
    }
  }

  public ReaderOptions withAddressLength(int length) {
    return new ReaderOptions(length, allowTrailingBytes);
  }

  public ReaderOptions withTrailingBytes(boolean allow) {
    return new ReaderOptions(addressLength, allow);
  }
}
